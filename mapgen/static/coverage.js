/* Coverage page: a sortable township table and a map of uncovered and far townships.
 *
 * Data comes from the JSON block #coverage-data (read with textContent). Text from data
 * only ever reaches the page through textContent or DOM nodes, never as HTML.
 * Sorting works without the map; <html data-ready="true"> is set when all is in place.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  var dataNode = document.getElementById("coverage-data");
  var data = dataNode ? JSON.parse(dataNode.textContent) : null;
  var C = data ? data.c : {};

  var core = window.mapgenCore;
  core.pageChrome();
  var fmt = core.fmt, el = core.el, cssVar = core.cssVar;

  // Data text; a Chinese fallback on an English page is marked as the pages mark it.
  function dataText(tag, text, fallback) {
    return core.dataText(tag, null, text, fallback, data);
  }

  // --- sortable table: <th><button> headers, aria-sort on the sorted column ------------
  function initSorting(table) {
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var body = table.tBodies[0];
    var status = document.getElementById("sort-status");
    var collator = new Intl.Collator(root.lang || undefined, { numeric: true });

    function value(row, index, type) {
      var raw = row.cells[index].getAttribute("data-value");
      if (type !== "number") return raw || "";
      return raw === "" || raw === null ? null : parseFloat(raw);
    }

    function sortBy(index, direction) {
      var header = headers[index];
      var type = header.getAttribute("data-type");
      var sign = direction === "ascending" ? 1 : -1;
      var rows = Array.prototype.slice.call(body.rows).map(function (row, position) {
        return { row: row, value: value(row, index, type), position: position };
      });
      rows.sort(function (a, b) {
        if (type === "number") {
          // Blanks (no distance, no score) always go last.
          if (a.value === null || b.value === null) {
            if (a.value === b.value) return a.position - b.position;
            return a.value === null ? 1 : -1;
          }
          if (a.value !== b.value) return sign * (a.value - b.value);
        } else {
          var order = collator.compare(a.value, b.value);
          if (order) return sign * order;
        }
        return a.position - b.position;
      });
      rows.forEach(function (item) { body.appendChild(item.row); });
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      header.setAttribute("aria-sort", direction);
      if (status) {
        status.textContent = fmt(direction === "ascending" ? C.sorted_asc : C.sorted_desc,
          { column: header.textContent.trim() });
      }
    }

    headers.forEach(function (header, index) {
      var button = header.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var next = header.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        sortBy(index, next);
      });
    });
  }

  // --- map ------------------------------------------------------------------------------
  function addBasemap(map) {
    core.addBasemap(map, data.basemap, "coverage-tile-status");
  }

  function initMap(node) {
    var map = L.map(node, { scrollWheelZoom: false, zoomSnap: 0.25 });
    addBasemap(map);
    var colours = {
      covered: cssVar("--covered", "#2f855a"),
      planned: cssVar("--planned", "#d69e2e"),
      uncovered: cssVar("--uncovered", "#c05621"),
      far: cssVar("--far", "#6b21a8"),
      accent: cssVar("--accent", "#1f4e9c")
    };
    var hasTownships = data.townships && data.townships.features &&
      data.townships.features.length;
    var townships = L.geoJSON(hasTownships ? data.townships : null, {
      style: function (feature) {
        var info = data.status[feature.properties.id] || { status: "uncovered", far: false };
        return {
          color: info.far ? colours.far : "#ffffff",
          weight: info.far ? 3 : 1.2,
          dashArray: info.far ? "6 4" : null,
          opacity: 0.95,
          fillColor: colours[info.status] || colours.uncovered,
          fillOpacity: info.status === "covered" ? 0.2 : 0.45
        };
      },
      onEachFeature: function (feature, layer) {
        var info = data.status[feature.properties.id];
        if (!info) return;
        var box = el("span", "tip");
        box.appendChild(dataText("strong", info.label, info.label_fallback));
        box.appendChild(el("span", null, " · " + info.text));
        if (info.far) box.appendChild(el("span", null, " · " + fmt(C.status_far, { km: data.km })));
        layer.bindTooltip(box, { sticky: true });
      }
    });
    // A view first: Leaflet cannot draw vectors on a map that has none.
    var points = data.stations.concat(data.sites).map(function (p) { return [p.lat, p.lon]; });
    if (hasTownships) {
      map.fitBounds(townships.getBounds(), { padding: [8, 8] });
    } else if (points.length) {
      map.fitBounds(L.latLngBounds(points), { padding: [16, 16] });
    } else {
      map.setView([35, 105], 4);
    }
    townships.addTo(map);
    var labels = (hasTownships ? data.townships.features : []).filter(function (feature) {
      return feature.properties.anchor && data.status[feature.properties.id];
    }).map(function (feature) {
      var info = data.status[feature.properties.id], anchor = feature.properties.anchor;
      return { name: info.label, zh: info.label_fallback, lon: anchor[0], lat: anchor[1], metres: anchor[2] };
    });
    window.mapgen.townshipLabels(function () { return Promise.resolve(labels); },
      { fallback: data.fallback }).addTo(map);
    data.stations.forEach(function (station) {
      L.circleMarker([station.lat, station.lon], {
        radius: 5, color: "#ffffff", weight: 2, fillColor: colours.accent, fillOpacity: 1,
        className: "open-station"
      }).bindTooltip(dataText("span", station.name, station.name_fallback)).addTo(map);
    });
    data.sites.forEach(function (site) {
      L.circle([site.lat, site.lon], {
        radius: data.km * 1000, color: colours.accent, weight: 1.5, dashArray: "4 4",
        fill: false, interactive: false
      }).addTo(map);
      var icon = el("span", "site-badge", String(site.rank));
      L.marker([site.lat, site.lon], {
        icon: L.divIcon({ className: "site-icon", html: icon, iconSize: [28, 28] }),
        keyboard: false,
        title: C.suggested_site + " " + site.rank
      }).addTo(map);
    });
  }

  var table = document.getElementById("township-table");
  if (table) initSorting(table);
  var mapNode = document.getElementById("coverage-map");
  if (data && mapNode && typeof L !== "undefined") initMap(mapNode);
  root.setAttribute("data-ready", "true");
})();
