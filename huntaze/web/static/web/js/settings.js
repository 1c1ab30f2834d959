// Settings and audit pages: copy buttons, the user-agent helper, preset descriptions, and HTMX
// answers that carry form errors. No inline scripts anywhere: the CSP forbids them.
"use strict";

(() => {
  // Reveal the helpers that only work with JavaScript.
  const reveal = (root) => {
    root.querySelectorAll("[data-copy][hidden], [data-fill-user-agent][hidden]").forEach((el) => {
      el.hidden = false;
    });
  };

  const copy = async (button) => {
    const input = document.getElementById(button.dataset.copy);
    if (!input) return;
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      input.select(); // no clipboard permission: leave it selected for Ctrl+C
      return;
    }
    const status = button.parentElement.querySelector(".copy-status");
    if (status) status.textContent = button.dataset.copiedText || "";
  };

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const copyButton = target && target.closest("[data-copy]");
    if (copyButton) {
      copy(copyButton);
      return;
    }
    const fill = target && target.closest("[data-fill-user-agent]");
    if (fill) {
      const input = document.getElementById(fill.dataset.fillUserAgent);
      if (input) {
        input.value = navigator.userAgent;
        input.focus();
      }
    }
  });

  // A preset select shows the description of the chosen preset under it.
  let summaries = null;
  document.addEventListener("change", (event) => {
    const select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.name.endsWith("preset_slug")) return;
    if (summaries === null) {
      const data = document.getElementById("preset-summaries");
      summaries = data ? JSON.parse(data.textContent) : {};
    }
    const line = select.closest(".field")?.querySelector("[data-preset-summary]");
    if (line && select.value in summaries) line.textContent = summaries[select.value];
  });

  // A form answered with errors (403, 404, 409, 422) still swaps, so the errors show in place.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const status = event.detail.xhr.status;
    if ([403, 404, 409, 422].includes(status)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // A secret shown once (new token, temporary password) gets the focus, ready to copy.
  const focusSecret = () => {
    const secret = document.getElementById("new-token") || document.getElementById("new-password");
    if (secret && !secret.dataset.focused) {
      secret.dataset.focused = "1";
      secret.focus();
      secret.select();
    }
  };

  const ready = () => {
    reveal(document);
    focusSecret();
  };
  document.addEventListener("htmx:afterSwap", ready);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
