// Live progress on a batch page: poll the batch's progress, update the bar, reload when done.
// The page works without this script; it only saves a reload.
(function () {
  "use strict";
  var box = document.getElementById("progress");
  if (!box) return;
  var url = box.getAttribute("data-url");
  var bar = document.getElementById("progress-bar");
  var text = document.getElementById("progress-text");
  var badge = document.getElementById("batch-status");
  var delay = 1000;

  function show(p) {
    bar.max = Math.max(p.total, 1);
    bar.value = p.done;
    text.textContent = p.done + " of " + p.total + " articles done" +
      (p.failed ? ", " + p.failed + " failed" : "");
    badge.textContent = p.status;
    badge.className = "status status-" + p.status;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("application/json") !== 0) throw new Error("stopped");
        return response.json();
      })
      .then(function (p) {
        show(p);
        if (p.final) { window.location.reload(); return; }
        delay = 1000;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }
  window.setTimeout(poll, delay);
})();
