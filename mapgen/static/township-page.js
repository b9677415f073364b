/* A township's page: its outline and its stations (or the nearest one) on a small map. */
(function () {
  "use strict";

  var core = window.mapgenCore;
  core.pageChrome();
  var data = core.readJson("mapgen-data");
  var S = window.mapgenStrings || {};
  if (typeof L !== "undefined" && data && data.township && document.getElementById("township-map")) {
    var map = core.newMap("township-map", { scrollWheelZoom: false }, S);
    core.addBasemap(map, data.basemap, "tile-status");
    var fill = data.township.properties.covered ? core.cssVar("--covered", "#2f855a")
      : core.cssVar("--uncovered", "#c05621");
    var shape = L.geoJSON(data.township, {
      interactive: false,
      style: { color: core.cssVar("--accent", "#1f4e9c"), weight: 2, opacity: 0.9,
        fillColor: fill, fillOpacity: 0.15 }
    }).addTo(map);
    var bounds = shape.getBounds();
    var icon = L.divIcon({ className: "station-marker", iconSize: [18, 18], iconAnchor: [9, 9] });
    (data.stations || []).forEach(function (s) {
      var marker = L.marker([s.lat, s.lon], { icon: icon, title: s.name, alt: s.name,
        keyboard: false }).addTo(map);
      marker.on("click", function () { window.location.href = "../stations/" + s.slug + ".html"; });
      bounds.extend(marker.getLatLng());
    });
    map.fitBounds(bounds, { padding: [16, 16] });
  }
  document.documentElement.setAttribute("data-ready", "true");
})();
