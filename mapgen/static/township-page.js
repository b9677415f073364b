/* A township's page: its outline (from the map data, as on the home page) and its
 * stations, or the nearest one, on a small map. On a large site the page is first drawn
 * from its record (page-record.js). */
(function () {
  "use strict";

  var core = window.mapgenCore, mapgen = window.mapgen;
  core.pageChrome();
  var S = window.mapgenStrings || {};
  var root = document.documentElement;
  var manifest = core.readJson("mapgen-data");
  var page = manifest && manifest.records
    ? mapgen.drawnPage("township", manifest) : Promise.resolve(manifest);
  page.then(function (data) {
    if (typeof L === "undefined" || !data || !data.outline || !document.getElementById("township-map")) {
      return null;
    }
    var map = core.newMap("township-map", { scrollWheelZoom: false }, S);
    core.addBasemap(map, data.basemap, "tile-status");
    var icon = L.divIcon({ className: "station-marker", iconSize: [18, 18], iconAnchor: [9, 9] });
    var bounds = L.latLngBounds([]);
    (data.stations || []).forEach(function (s) {
      var marker = L.marker([s.lat, s.lon], { icon: icon, title: s.name, alt: s.name,
        keyboard: false }).addTo(map);
      marker.on("click", function () { window.location.href = core.pageUrl("stations", s.slug, "../"); });
      bounds.extend(marker.getLatLng());
    });
    return new mapgen.MapData(data.outline).outline(data.outline.level, data.outline.feature)
      .then(function (shape) {
        if (shape) {
          var fill = data.outline.covered ? core.cssVar("--covered", "#2f855a")
            : core.cssVar("--uncovered", "#c05621");
          var polygon = L.polygon(mapgen.MapData.latLngs(shape), {
            interactive: false, color: core.cssVar("--accent", "#1f4e9c"), weight: 2, opacity: 0.9,
            fillColor: fill, fillOpacity: 0.15, fillRule: "evenodd"
          }).addTo(map);
          bounds.extend(polygon.getBounds());
        }
        if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16] });
        else map.setView([35, 105], 4);
      });
  }).then(function () { root.setAttribute("data-ready", "true"); },
    function (error) { root.setAttribute("data-ready", "true"); throw error; });
})();
