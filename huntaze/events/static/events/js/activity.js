// Activity page: new events arrive live from /onlyfans/activity/stream/ (Server-Sent Events) and
// are prepended to the list. Read with fetch, not EventSource: EventSource cannot send the
// X-Huntaze-Background header, and an open tab must not count as activity for the idle
// timeout. Fan text is only ever set with textContent. No inline scripts (CSP).
(() => {
  "use strict";

  const MAX_SHOWN = 200;
  const RETRY_MS = 3000;
  let controller = null;

  function item(event) {
    const li = document.createElement("li");
    li.className = `event event-${event.type} event-new`;
    li.dataset.eventId = String(event.id);
    const badge = document.createElement("span");
    badge.className = "badge";
    badge.textContent = event.type_label;
    const summary = document.createElement("span");
    summary.className = "event-summary";
    summary.textContent = event.summary;
    const time = document.createElement("time");
    time.className = "muted";
    time.dateTime = event.occurred_at;
    time.textContent = event.occurred_display;
    li.append(badge, " ", summary, " ", time);
    return li;
  }

  function show(list, event) {
    if (list.dataset.type && list.dataset.type !== event.type) return;
    if (list.querySelector(`[data-event-id="${event.id}"]`)) return;
    list.prepend(item(event));
    while (list.children.length > MAX_SHOWN) list.lastElementChild.remove();
    const empty = document.querySelector("[data-activity-empty]");
    if (empty) empty.hidden = true;
    const live = document.querySelector("[data-activity-live]");
    if (live) live.textContent = event.summary;
  }

  // One SSE message ("id:" and "data:" lines up to a blank line); comments are heartbeats.
  function parse(block) {
    let id = null;
    const data = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("id:")) id = line.slice(3).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    }
    return { id, data: data.length ? data.join("\n") : null };
  }

  async function listen(list, url, lastId) {
    controller = new AbortController();
    const headers = { "X-Huntaze-Background": "1", Accept: "text/event-stream" };
    if (lastId) headers["Last-Event-ID"] = lastId;
    const response = await fetch(url, { headers, credentials: "same-origin", signal: controller.signal });
    // Logged out (a redirect to the login page) or an error page: stop, the page says the rest.
    if (!response.ok || !(response.headers.get("Content-Type") || "").startsWith("text/event-stream")) {
      return { lastId, stop: true };
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return { lastId, stop: false };
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const message = parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (message.id) lastId = message.id;
        if (message.data) show(list, JSON.parse(message.data));
      }
    }
  }

  async function run(list) {
    const url = list.dataset.streamUrl;
    let lastId = null;
    for (;;) {
      try {
        const outcome = await listen(list, url, lastId);
        lastId = outcome.lastId;
        if (outcome.stop) return;
      } catch (error) {
        if (error.name === "AbortError") return;
      }
      if (!document.body.contains(list)) return;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  function start() {
    if (controller) controller.abort();
    controller = null;
    const list = document.querySelector("#activity-events[data-stream-url]");
    if (list && window.fetch && window.ReadableStream) run(list);
  }

  document.addEventListener("DOMContentLoaded", start);
  // The filters swap the region: follow the new list (and its type filter).
  document.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.target && event.detail.target.id === "activity-region") start();
  });
})();
