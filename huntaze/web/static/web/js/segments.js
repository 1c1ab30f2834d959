// Segments page: show refused forms (4xx answers carry the form with its errors), keep the region
// busy while a request runs, and tell screen readers what changed. No inline scripts (CSP).
(() => {
  "use strict";

  const region = () => document.querySelector("[data-segments-region]");
  const live = () => document.querySelector("[data-segments-live]");
  const failure = () => document.querySelector("[data-segments-error]");
  const inRegion = (element) => {
    const area = region();
    return Boolean(area && element && area.contains(element));
  };

  document.addEventListener("htmx:beforeRequest", (event) => {
    if (!inRegion(event.detail.elt)) return;
    event.detail.target.setAttribute("aria-busy", "true");
    const box = failure();
    if (box) box.hidden = true;
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.target) event.detail.target.removeAttribute("aria-busy");
  });

  // HTMX leaves 4xx answers unswapped; ours are the form or the preview with their errors.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const { xhr, requestConfig } = event.detail;
    if (xhr.status < 400 || xhr.status >= 500 || !inRegion(requestConfig.elt)) return;
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  });

  function showFailure(event) {
    if (!inRegion(event.detail.elt)) return;
    const box = failure();
    if (box) box.hidden = false;
  }

  document.addEventListener("htmx:responseError", (event) => {
    if (event.detail.xhr.status >= 500) showFailure(event);
  });
  document.addEventListener("htmx:sendError", showFailure);

  // The preview announces itself (aria-live); a saved or deleted segment is announced here.
  document.addEventListener("htmx:afterSettle", (event) => {
    const area = region();
    if (!area || event.detail.target !== area) return;
    const notice = area.querySelector("[data-notice]");
    const alert = area.querySelector("[role=alert]");
    const status = live();
    if (status) status.textContent = (notice || alert || { textContent: "" }).textContent.trim();
  });
})();
