// Analytics page: the stacked earnings chart (Chart.js, data from json_script) and the loading,
// error and status messages around the HTMX swaps of the period. No inline scripts: the CSP
// forbids them.
(() => {
  "use strict";

  const COLORS = {
    subscription: "#6d28d9",
    tip: "#0f766e",
    message: "#c2410c",
    post: "#2563eb",
    stream: "#be185d",
    other: "#6b7280",
  };
  const region = () => document.querySelector("[data-analytics-region]");
  const live = () => document.querySelector("[data-analytics-live]");
  const failure = () => document.querySelector("[data-analytics-error]");
  let chart = null;

  function money(cents) {
    const lang = document.documentElement.lang || undefined;
    return new Intl.NumberFormat(lang, { style: "currency", currency: "USD" }).format(cents / 100);
  }

  function day(iso) {
    const lang = document.documentElement.lang || undefined;
    // The labels are calendar dates of the account's time zone: format them as such, not as UTC instants.
    const [year, month, date] = iso.split("-").map(Number);
    return new Date(year, month - 1, date).toLocaleDateString(lang, { month: "short", day: "numeric" });
  }

  function drawChart() {
    if (chart) {
      chart.destroy();
      chart = null;
    }
    const canvas = document.getElementById("an-earnings-chart");
    const source = document.getElementById("an-earnings-data");
    if (!canvas || !source || typeof window.Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    chart = new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels.map(day),
        datasets: data.datasets
          .filter((set) => set.cents.some((value) => value > 0))
          .map((set) => ({
            label: set.label,
            data: set.cents,
            backgroundColor: COLORS[set.kind] || COLORS.other,
            stack: "earnings",
          })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { stacked: true },
          y: { stacked: true, ticks: { callback: (value) => money(value) } },
        },
        plugins: {
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${money(item.raw)}` } },
        },
      },
    });
  }

  function announce() {
    const status = live();
    const summary = region() && region().querySelector("[data-summary]");
    if (status && summary) status.textContent = summary.getAttribute("data-summary");
  }

  const inRegion = (element) => {
    const box = region();
    return Boolean(box && element && (box === element || box.contains(element)));
  };

  document.addEventListener("htmx:beforeRequest", (event) => {
    if (!inRegion(event.detail.elt)) return;
    region().setAttribute("aria-busy", "true");
    const box = failure();
    if (box) box.hidden = true;
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    if (!inRegion(event.detail.elt)) return;
    region().removeAttribute("aria-busy");
    if (!event.detail.successful) {
      const box = failure();
      if (box) box.hidden = false;
    }
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target !== region()) return;
    drawChart();
    announce();
  });

  document.addEventListener("DOMContentLoaded", drawChart);
})();
