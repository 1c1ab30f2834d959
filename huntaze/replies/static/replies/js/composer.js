// The composer's "/" quick search of saved replies (huntaze/replies). Typing "/" and the start of a
// shortcut as the whole message asks the server (debounced) for the matching replies, already filled
// in for this chat's fan; picking one puts its text and price in the composer. Nothing is sent here:
// the human still reads the text and presses Send, which is the approval (inbox.sending).
(() => {
  "use strict";

  const DELAY_MS = 250;
  const QUERY = /^\/(\S{0,80})$/;
  const GAP = /\{[A-Za-z0-9_.]+\}/;
  let timer = null;
  let asked = null;

  const picker = () => document.getElementById("reply-picker");
  const composer = () => document.getElementById("composer");
  const choices = () => [...(picker()?.querySelectorAll("[data-reply-pick]") || [])];

  function close() {
    const box = picker();
    if (box && !box.hidden) {
      box.hidden = true;
      box.replaceChildren();
    }
    asked = null;
  }

  function search(text) {
    const box = picker();
    const match = QUERY.exec(text.value);
    if (!box || !match) {
      close();
      return;
    }
    const params = new URLSearchParams({ q: match[1] });
    const price = text.form.elements.price?.value.trim();
    if (price) params.set("price", price);
    if (asked === params.toString()) return;
    asked = params.toString();
    box.hidden = false;
    htmx.ajax("GET", `${box.dataset.repliesUrl}&${params}`, { target: box, swap: "innerHTML" });
  }

  // The reply replaces the "/…" query. A variable left for want of a value is selected, so typing
  // fills it in; otherwise the caret goes to the end.
  function pick(button) {
    const form = composer();
    if (!form) return;
    const text = form.elements.text;
    text.value = button.dataset.text;
    if (button.dataset.price) form.elements.price.value = button.dataset.price;
    form.elements.suggestion_id.value = "";
    const origin = document.getElementById("composer-origin");
    if (origin) origin.hidden = true;
    close();
    text.focus();
    const gap = GAP.exec(text.value);
    const [start, end] = gap ? [gap.index, gap.index + gap[0].length] : [text.value.length, text.value.length];
    text.setSelectionRange(start, end);
  }

  document.addEventListener("input", (event) => {
    if (event.target.id !== "composer-text") return;
    clearTimeout(timer);
    timer = setTimeout(() => search(event.target), DELAY_MS);
  });

  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element && event.target.closest("[data-reply-pick]");
    if (button) pick(button);
  });

  // Arrow keys move between the message and the choices, Escape closes the list.
  document.addEventListener("keydown", (event) => {
    const box = picker();
    if (!box || box.hidden) return;
    const list = choices();
    const at = list.indexOf(event.target);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      composer()?.elements.text.focus();
    } else if (event.key === "ArrowDown" && (event.target.id === "composer-text" || at >= 0) && list.length) {
      event.preventDefault();
      list[Math.min(at + 1, list.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      if (at === 0) composer()?.elements.text.focus();
      else list[at - 1].focus();
    }
  });

  document.body.addEventListener("inbox-sent", close);
})();
