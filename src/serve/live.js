// Live reload for `briefing serve`, added to pages as they are served (never
// written into the site). Long-polls the server for the build's version:
// a new successful build reloads the page; a failed one shows its report
// over the page, which stays as the last good build left it.
(function () {
  "use strict";
  var seen = null;
  var panel = null;

  function show(report) {
    if (!report) {
      if (panel) {
        panel.remove();
        panel = null;
      }
      return;
    }
    if (!panel) {
      panel = document.createElement("pre");
      panel.setAttribute("role", "alert");
      panel.id = "briefing-build-error";
      // Set through the CSSOM: the page's policy forbids style attributes.
      var s = panel.style;
      s.position = "fixed";
      s.left = s.right = s.bottom = "0";
      s.maxHeight = "60vh";
      s.overflow = "auto";
      s.margin = "0";
      s.padding = "1rem";
      s.background = "#2b0b0b";
      s.color = "#fde8e8";
      s.font = "13px/1.4 ui-monospace, monospace";
      s.whiteSpace = "pre-wrap";
      s.zIndex = "2147483647";
      document.body.appendChild(panel);
    }
    panel.textContent = "The last build failed; this is the previous site.\n\n" + report;
  }

  function poll() {
    fetch("/__briefing/wait?v=" + (seen === null ? "" : seen), { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (status) {
        if (seen !== null && status.version !== seen && !status.error) {
          location.reload();
          return;
        }
        seen = status.version;
        show(status.error);
        poll();
      })
      .catch(function () {
        // The server is restarting or gone: try again gently.
        setTimeout(poll, 1000);
      });
  }
  poll();
})();
