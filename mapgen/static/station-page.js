/* A station's page: today's hours highlighted, and a small map of the station in its
 * township, fitted to the township, with its neighbours and their names (the shapes come
 * from the map data, as on the home page; map-outline.js draws them). On a large site the
 * page is first drawn from its record (page-record.js). */
(function () {
  "use strict";

  var core = window.mapgenCore, mapgen = window.mapgen;
  core.pageChrome();
  var S = window.mapgenStrings || {};
  var root = document.documentElement;
  core.pageData("station").then(function (data) {
    var week = document.querySelector(".week");
    if (week) {
      var row = week.querySelector('tr[data-day="' + ((new Date().getDay() + 6) % 7) + '"]');
      if (row) {
        row.classList.add("is-today");
        var cell = row.querySelector("td");
        var line = document.querySelector(".today-line");
        if (line && cell) {
          line.textContent = S.today + " " + cell.textContent;
          line.hidden = false;
        }
      }
    }
    var s = data && data.station;
    if (typeof L === "undefined" || !s || !document.getElementById("station-map")) return null;
    var map = core.newMap("station-map", { scrollWheelZoom: false }, S);
    core.addBasemap(map, data.basemap, "tile-status");
    var icon = L.divIcon({ className: "station-marker", iconSize: [18, 18], iconAnchor: [9, 9] });
    L.marker([s.lat, s.lon], { icon: icon, title: s.name, alt: s.name, keyboard: false }).addTo(map);
    function fit(township) {
      if (!township) {
        map.setView([s.lat, s.lon], 14);
        return;
      }
      // The township with a margin, where its neighbours' names can show.
      map.fitBounds(township.extend([s.lat, s.lon]).pad(0.25));
    }
    return data.outline
      ? mapgen.townshipOutlines(map, data.outline, S, {
        fill: core.cssVar("--covered", "#2f855a"), fit: fit
      })
      : fit(null);
  }).then(function () { root.setAttribute("data-ready", "true"); },
    function (error) { root.setAttribute("data-ready", "true"); throw error; });
})();
