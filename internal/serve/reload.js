// Live reload for boardpack serve. The page reloads when a build succeeds;
// when one fails, the error is shown over the last good page.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = script ? new URL(script.src).searchParams.get("build") || "" : "";
  var events = new EventSource("/_boardpack/events?build=" + encodeURIComponent(build));
  var overlay, text;

  events.addEventListener("reload", function () {
    location.reload();
  });
  events.addEventListener("error", function (e) {
    // A lost connection is an "error" event too, without data: the
    // browser reconnects by itself, and there is nothing to show.
    if (!(e instanceof MessageEvent)) {
      return;
    }
    // The error page of a first build shows its error already: it reloads
    // for another error only, or it would reload for ever, hearing its own
    // error each time it connects.
    var shown = document.getElementById("boardpack-error");
    if (shown) {
      if (same(shown.textContent, e.data)) {
        return;
      }
      location.reload();
      return;
    }
    show(e.data);
  });

  function same(a, b) {
    return a.replace(/\r/g, "").trim() === b.replace(/\r/g, "").trim();
  }

  // show displays a failed build's error. The text comes from the data
  // files, so it is only ever set as text, never parsed as HTML.
  function show(message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.setAttribute("role", "alert");
      var s = overlay.style;
      s.position = "fixed";
      s.left = s.right = s.bottom = "0";
      s.maxHeight = "60vh";
      s.overflow = "auto";
      s.zIndex = "2147483647";
      s.background = "#fff4f4";
      s.color = "#1b1f24";
      s.borderTop = "4px solid #b42318";
      s.padding = "1rem 1.5rem";
      s.font = "14px/1.5 system-ui, sans-serif";
      s.boxShadow = "0 -4px 16px rgba(0, 0, 0, 0.15)";

      var title = document.createElement("strong");
      title.textContent = "The build failed: this page shows the last good build.";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Hide";
      close.style.float = "right";
      close.addEventListener("click", function () {
        overlay.hidden = true;
      });
      text = document.createElement("pre");
      text.style.whiteSpace = "pre-wrap";
      text.style.margin = "0.5rem 0 0";
      text.style.font = "13px/1.4 ui-monospace, monospace";
      overlay.appendChild(close);
      overlay.appendChild(title);
      overlay.appendChild(text);
      document.body.appendChild(overlay);
    }
    text.textContent = message;
    overlay.hidden = false;
  }
})();
