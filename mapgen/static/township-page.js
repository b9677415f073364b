/* A township's page: its outline, its neighbours and their names (from the map data, as
 * on the home page; map-outline.js draws them) and its stations on a small map. On a
 * large site the page is first drawn from its record (page-record.js). */
(function () {
  "use strict";

  var core = window.mapgenCore, mapgen = window.mapgen;
  core.pageChrome();
  var S = window.mapgenStrings || {};
  var root = document.documentElement;
  core.pageData("township").then(function (data) {
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
    function fit(township) {
      if (township) bounds.extend(township);
      // With a margin, where the neighbours' names can show.
      if (bounds.isValid()) map.fitBounds(township ? bounds.pad(0.25) : bounds, { padding: [16, 16] });
      else map.setView([35, 105], 4);
    }
    return mapgen.townshipOutlines(map, data.outline, S, {
      fill: data.outline.covered ? core.cssVar("--covered", "#2f855a")
        : core.cssVar("--uncovered", "#c05621"),
      fit: fit
    });
  }).then(function () { root.setAttribute("data-ready", "true"); },
    function (error) { root.setAttribute("data-ready", "true"); throw error; });
})();
