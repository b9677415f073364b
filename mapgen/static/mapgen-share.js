// The share control: opens the panel with the page's QR code and copies its permalink.
// No inline script or style (the pages' Content-Security-Policy forbids them).
(function () {
  "use strict";
  var button = document.querySelector(".share-button");
  var panel = document.getElementById("share-panel");
  if (!button || !panel) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = panel.hidden;
    panel.hidden = !open;
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
  var copy = panel.querySelector(".copy-link");
  var status = panel.querySelector(".copy-status");
  if (!copy) return;
  copy.addEventListener("click", function () {
    var url = copy.getAttribute("data-url") || window.location.href.split("#")[0];
    var done = function () { if (status) status.textContent = copy.getAttribute("data-copied"); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, function () { select(url); });
    } else {
      select(url);
    }
  });
  // Without the clipboard API (plain http, old browsers): show the address selected.
  function select(url) {
    var field = document.createElement("input");
    field.type = "text";
    field.readOnly = true;
    field.value = url;
    field.className = "share-field";
    copy.parentNode.insertBefore(field, copy.nextSibling);
    field.select();
  }
})();
