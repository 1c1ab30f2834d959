// Exports page: say why starting or refreshing an export failed. HTMX leaves error answers
// unswapped; ours carry the message (web/components/error.html). No inline scripts (CSP).
(() => {
  "use strict";

  const alertBox = () => document.querySelector("[data-exports-error]");
  const ours = (element) => Boolean(element && element.closest("[data-exports]"));

  function show(message) {
    const box = alertBox();
    if (!box) return;
    if (!box.dataset.fallback) box.dataset.fallback = box.textContent.trim();
    box.textContent = message || box.dataset.fallback;
    box.hidden = false;
  }

  document.addEventListener("htmx:beforeRequest", (event) => {
    const box = alertBox();
    if (box && ours(event.detail.elt) && event.detail.requestConfig.verb === "post") box.hidden = true;
  });

  document.addEventListener("htmx:responseError", (event) => {
    if (!ours(event.detail.elt)) return;
    const page = new DOMParser().parseFromString(event.detail.xhr.responseText, "text/html");
    const message = page.querySelector("[data-error-code] strong");
    show(message ? message.textContent.trim() : "");
  });

  document.addEventListener("htmx:sendError", (event) => {
    if (ours(event.detail.elt)) show("");
  });

  // Screen readers hear how the newest export is doing when it changes, not the whole table.
  document.addEventListener("htmx:afterSettle", () => {
    const region = document.getElementById("exports-region");
    const live = document.querySelector("[data-exports-live]");
    if (!region || !live) return;
    const summary = region.dataset.summary || "";
    if (summary && live.textContent !== summary) live.textContent = summary;
  });
})();
