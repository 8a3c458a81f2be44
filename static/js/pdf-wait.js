// The page shown while the render queue makes a draft PDF: ask the status address now and
// then, say how far it has come in the live region, and offer the download when it is made.
// Without JavaScript the page's own link asks again.
(function () {
  "use strict";
  const box = document.getElementById("pdf-wait");
  if (!box || box.dataset.state === "ready" || box.dataset.state === "failed") {
    return;
  }
  const status = document.getElementById("pdf-status");
  const ready = document.getElementById("pdf-ready");
  const refresh = document.getElementById("pdf-refresh");
  const started = Date.now();
  function ask() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (answer && answer.text !== status.textContent) {
          status.textContent = answer.text;
        }
        const state = answer ? answer.state : "queued";
        box.dataset.state = state;
        if (state === "ready") {
          ready.hidden = false;
          if (refresh) {
            refresh.hidden = true;
          }
        } else if (state !== "failed" && state !== "unknown" && Date.now() - started < 15 * 60 * 1000) {
          window.setTimeout(ask, 1500);
        }
      })
      .catch(function () { window.setTimeout(ask, 5000); });
  }
  window.setTimeout(ask, 1000);
})();
