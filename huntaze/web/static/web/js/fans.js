// Fans and Content tables: "select all" for bulk tagging, and loading, error and status
// messages around the HTMX swaps of the list region. No inline scripts: the CSP forbids them.
(() => {
  "use strict";

  const region = () => document.querySelector("[data-list-region]");
  const live = () => document.querySelector("[data-list-live]");
  const failure = () => document.querySelector("[data-list-error]");
  const inRegion = (element) => {
    const list = region();
    return Boolean(list && element && list.contains(element));
  };

  // The "select all" box only works with JavaScript, so it stays hidden without it.
  function setUpSelectAll() {
    const all = document.querySelector("[data-select-all]");
    if (!all) return;
    all.hidden = false;
    syncSelectAll(all);
  }

  function syncSelectAll(all) {
    const boxes = [...all.closest("table").querySelectorAll("input[name=fan]")];
    const checked = boxes.filter((box) => box.checked).length;
    all.checked = boxes.length > 0 && checked === boxes.length;
    all.indeterminate = checked > 0 && checked < boxes.length;
  }

  document.addEventListener("change", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement)) return;
    if (target.matches("[data-select-all]")) {
      target.closest("table").querySelectorAll("input[name=fan]").forEach((box) => {
        box.checked = target.checked;
      });
    } else if (target.name === "fan") {
      const all = document.querySelector("[data-select-all]");
      if (all) syncSelectAll(all);
    }
  });

  document.addEventListener("htmx:beforeRequest", (event) => {
    if (!inRegion(event.detail.elt)) return;
    region().setAttribute("aria-busy", "true");
    const box = failure();
    if (box) box.hidden = true;
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    const list = region();
    if (list) list.removeAttribute("aria-busy");
  });

  // HTMX leaves 4xx answers unswapped; ours carry the message to show. A bad filter answers
  // the whole region with the form's errors; a refused bulk action answers just the error,
  // which goes next to the form's buttons so the table stays.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const { xhr, requestConfig } = event.detail;
    if (!inRegion(requestConfig.elt)) return;
    // A session that expired meanwhile answers with the login page: show it as a page.
    const login = region().dataset.loginUrl;
    if (login && xhr.responseURL && new URL(xhr.responseURL).pathname === login) {
      event.detail.shouldSwap = false;
      window.location.assign(xhr.responseURL);
      return;
    }
    if (xhr.status < 400 || xhr.status >= 500) return;
    event.detail.shouldSwap = true;
    event.detail.isError = false;
    const form = requestConfig.elt.closest("form");
    const slot = form && form.method === "post" ? form.querySelector("[data-error-slot]") : null;
    if (slot) event.detail.target = slot;
  });

  function showFailure() {
    const box = failure();
    if (box) box.hidden = false;
  }

  document.addEventListener("htmx:responseError", (event) => {
    if (event.detail.xhr.status >= 500 && inRegion(event.detail.elt)) showFailure();
  });
  document.addEventListener("htmx:sendError", (event) => {
    if (inRegion(event.detail.elt)) showFailure();
  });

  // Screen readers hear what changed: the notice of a bulk action, else the new summary.
  document.addEventListener("htmx:afterSettle", (event) => {
    const list = region();
    if (!list || event.detail.target !== list) return;
    setUpSelectAll();
    const notice = list.querySelector("[data-notice]");
    const summary = list.querySelector("[data-summary]");
    const status = live();
    if (status) status.textContent = notice ? notice.textContent.trim() : summary ? summary.dataset.summary : "";
  });

  document.addEventListener("DOMContentLoaded", setUpSelectAll);
})();
