// mapgen serve --watch: reload the page after each good build; show a failed build's
// problems over the page (the last good site stays). Served by the preview server only.
(function () {
  "use strict";
  var STATUS = "/__mapgen__/status.json";
  var seen = null;
  var panel = null;

  function show(report, ok) {
    if (!report) {
      if (panel) panel.hidden = true;
      return;
    }
    if (!panel) {
      panel = document.createElement("section");
      panel.className = "mapgen-live";
      panel.setAttribute("role", "status");
      var close = document.createElement("button");
      close.type = "button";
      close.className = "mapgen-live-close";
      close.textContent = "×";
      close.setAttribute("aria-label", "close");
      close.addEventListener("click", function () { panel.hidden = true; });
      panel.appendChild(close);
      panel.appendChild(document.createElement("pre"));
      document.body.appendChild(panel);
    }
    panel.classList.toggle("mapgen-live-error", !ok);
    panel.querySelector("pre").textContent = report;
    panel.hidden = false;
  }

  function poll() {
    fetch(STATUS, { cache: "no-store" }).then(function (response) {
      return response.json();
    }).then(function (status) {
      if (seen === null) seen = status.version;
      if (status.ok && status.version !== seen) {
        window.location.reload();
        return;
      }
      show(status.report, status.ok);
      window.setTimeout(poll, 500);
    }, function () {
      window.setTimeout(poll, 2000); // the preview server was stopped or restarts
    });
  }
  poll();
})();
