// The live inbox (huntaze/inbox/templates/inbox/): keyboard shortcuts, picking a suggestion into
// the composer, clearing the composer after a send, and showing error answers where the form
// keeps its input. No inline scripts anywhere: the CSP forbids them.
(() => {
  "use strict";

  const composer = () => document.getElementById("composer");

  // A 4xx answer is the service's message (web/components/error.html, the compliance prompt):
  // show it instead of dropping it, in the requesting form's status slot when it has one, so
  // the draft and the rest of the form stay as they were.
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    const status = event.detail.xhr.status;
    if (status < 400 || status >= 500) return;
    const requester = event.detail.requestConfig && event.detail.requestConfig.elt;
    const form = requester && requester.closest("form");
    const slot = form && form.querySelector("[data-error-slot]");
    event.detail.shouldSwap = true;
    event.detail.isError = false;
    if (slot) {
      event.detail.target = slot;
      event.detail.swapOverride = "innerHTML";
    }
  });

  function unlink(form) {
    form.elements.suggestion_id.value = "";
    document.getElementById("composer-origin").hidden = true;
  }

  // Put suggestion card `number` (1-3) in the composer, keeping its id: the send then records
  // the card's draft next to the text actually sent.
  function pick(number) {
    const card = document.querySelector(`#suggestion-cards article[data-suggestion="${number}"]`);
    const form = composer();
    if (!card || !form) return;
    form.elements.text.value = card.dataset.text;
    form.elements.price.value = card.dataset.price || "";
    form.elements.suggestion_id.value = card.dataset.suggestionId;
    document.getElementById("composer-origin").hidden = false;
    form.elements.text.focus();
  }

  function markCurrent(link) {
    document.querySelectorAll("#conversations a[aria-current]").forEach((a) => a.removeAttribute("aria-current"));
    link.setAttribute("aria-current", "page");
  }

  // j/k: the next or previous conversation of the list; past the last one, load more.
  function move(delta) {
    const links = [...document.querySelectorAll("#conversations a[data-chat-link]")];
    if (!links.length) return;
    const current = links.findIndex((a) => a.getAttribute("aria-current") === "page");
    const more = document.querySelector("#conversations .load-more button");
    if (delta > 0 && current === links.length - 1 && more) {
      more.click();
      return;
    }
    const index = current === -1 ? 0 : Math.min(Math.max(current + delta, 0), links.length - 1);
    if (index === current) return;
    links[index].click();
    links[index].focus();
  }

  // Ctrl/Cmd+Enter: the approve button of the form being typed in, else the composer's Send.
  function send(from) {
    const own = from.closest && from.closest("form");
    const form = own && own.querySelector('button[name="approved"]') ? own : composer();
    const button = form && form.querySelector('button[name="approved"]');
    if (!button || button.disabled) return false;
    button.click();
    return true;
  }

  const typing = (element) =>
    element && (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));

  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      if (send(event.target)) event.preventDefault();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key === "j" || event.key === "k") {
      event.preventDefault();
      move(event.key === "j" ? 1 : -1);
    } else if (["1", "2", "3"].includes(event.key)) {
      event.preventDefault();
      pick(event.key);
    }
  });

  document.addEventListener("click", (event) => {
    if (!(event.target instanceof Element)) return;
    const link = event.target.closest("a[data-chat-link]");
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey) markCurrent(link);
    const picker = event.target.closest("[data-pick]");
    if (picker) pick(picker.dataset.pick);
    if (event.target.closest("[data-composer-unlink]") && composer()) unlink(composer());
  });

  // The thread reads bottom-up: show the newest message when a conversation opens, and follow
  // new ones while the reader is at the bottom (not while they scroll back through older ones).
  const NEAR_BOTTOM = 80;
  const toBottom = (list) => {
    list.scrollTop = list.scrollHeight;
  };
  document.querySelectorAll("ol.messages").forEach(toBottom);
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.target && event.detail.target.id === "inbox-detail") {
      event.detail.target.querySelectorAll("ol.messages").forEach(toBottom);
    }
  });
  document.body.addEventListener("htmx:oobBeforeSwap", (event) => {
    const list = event.detail.target;
    if (list && list.matches("ol.messages")) {
      list.dataset.follow = list.scrollHeight - list.scrollTop - list.clientHeight < NEAR_BOTTOM ? "1" : "";
    }
  });
  document.body.addEventListener("htmx:oobAfterSwap", (event) => {
    const list = event.detail.target;
    if (list && list.matches("ol.messages") && list.dataset.follow) toBottom(list);
  });

  // The server answers a sent message with the `inbox-sent` event (HX-Trigger) on the form
  // that sent it; the composer then starts empty (its new key came with the answer).
  document.body.addEventListener("inbox-sent", (event) => {
    const form = event.target instanceof Element ? event.target.closest("form") : null;
    if (!form || form.id !== "composer") return;
    form.reset();
    unlink(form);
  });
})();
