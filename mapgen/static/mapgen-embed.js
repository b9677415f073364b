// embed.html, inside another site's page: one finger and the mouse wheel scroll the host
// page (two fingers, or Ctrl + wheel, move the map), and links open the full site in a new
// tab instead of inside the frame. Loaded after Leaflet and leaflet-gesture-handling,
// before home.js creates the map.
(function () {
  "use strict";
  if (!window.L) return;
  var node = document.getElementById("map");
  var text = node ? {
    touch: node.getAttribute("data-gesture-touch"),
    scroll: node.getAttribute("data-gesture-scroll"),
    scrollMac: node.getAttribute("data-gesture-scroll-mac")
  } : null;
  L.Map.mergeOptions({ gestureHandling: true, gestureHandlingOptions: { text: text, duration: 1500 } });
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || link.getAttribute("href").charAt(0) === "#") return;
    link.target = "_blank";
    link.rel = "noopener";
  }, true);
})();
