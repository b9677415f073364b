/* The stations layer: a marker per station, grouped into clusters on large sites.
 *
 * mapgen.stationsLayer(map, source, strings) -> {
 *   layer          the Leaflet layer group (for the layer switcher)
 *   setFilter(fn)  show only the stations i for which fn(i) is true; Promise of the drawing
 *   draw()         redraw for the current view (after a move); Promise
 *   show(i)        bring station i into view and open its popup; Promise of the marker
 * }
 * Markers carry the station's name (title, alt) and open a popup built with textContent.
 * Markers that stay in view between two drawings are kept, so an open popup stays open.
 */
(function () {
  "use strict";

  var core = window.mapgenCore, el = core.el, fmt = core.fmt;
  var SINGLE_ZOOM = 17; // Supercluster's maxZoom is 16: from here on every station is alone

  function stationsLayer(map, source, strings) {
    var manifest = source.manifest;
    var group = L.layerGroup();
    var icon = L.divIcon({ className: "station-marker", iconSize: [18, 18], iconAnchor: [9, 9] });
    var points = null, matches = function () { return true; }, index = null, shownList = [];
    var current = {}; // key -> marker, for the markers on the map now
    var token = 0;

    function stationPopup(station, services) {
      var box = el("div", "popup");
      var title = el("h2", "popup-title");
      var link = core.dataText("a", null, station.name, station.zh.indexOf("name") !== -1, strings);
      link.href = core.pageUrl("stations", station.slug);
      title.appendChild(link);
      box.appendChild(title);
      if (station.venue) {
        box.appendChild(core.dataText("p", "popup-venue", station.venue,
          station.zh.indexOf("venue") !== -1, strings));
      }
      if (station.hours) {
        var today = core.todayText(strings, station.week);
        box.appendChild(el("p", "popup-hours", (today ? today + " · " : "") + station.hours));
        var open = core.openText(strings, station.week);
        if (open) box.appendChild(el("p", "open-state", open));
      }
      if (services.length) {
        var list = el("ul", "popup-services");
        list.setAttribute("aria-label", strings.services);
        services.forEach(function (number) {
          list.appendChild(el("li", null, manifest.categories[number].name));
        });
        box.appendChild(list);
      }
      var more = el("a", "popup-more", strings.details);
      more.href = link.href;
      box.appendChild(more);
      return box;
    }

    function clusterIcon(count) {
      var size = count < 100 ? 34 : count < 1000 ? 40 : 48;
      var box = el("div", null);
      box.appendChild(el("span", null, count >= 1000 ? Math.round(count / 100) / 10 + "k" : count));
      return L.divIcon({ html: box, className: "marker-cluster marker-cluster-" +
        (count < 100 ? "small" : count < 1000 ? "medium" : "large"), iconSize: [size, size] });
    }

    function rebuild() {
      shownList = [];
      for (var i = 0; i < points.count; i++) if (matches(i)) shownList.push(i);
      if (!manifest.cluster) return;
      index = new Supercluster({ radius: 80, maxZoom: SINGLE_ZOOM - 1 });
      index.load(shownList.map(function (i) {
        return { type: "Feature", properties: { i: i },
          geometry: { type: "Point", coordinates: [points.lon[i], points.lat[i]] } };
      }));
    }

    // What is on the map at this view: [key, latlng, station index or null, cluster or null].
    function wanted() {
      if (!manifest.cluster) {
        return shownList.map(function (i) {
          return ["s" + i, [points.lat[i], points.lon[i]], i, null];
        });
      }
      var b = map.getBounds().pad(0.1), zoom = Math.round(map.getZoom());
      return index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom)
        .map(function (c) {
          var latlng = [c.geometry.coordinates[1], c.geometry.coordinates[0]];
          if (c.properties.cluster) return ["c" + zoom + ":" + c.properties.cluster_id, latlng, null, c];
          return ["s" + c.properties.i, latlng, c.properties.i, null];
        });
    }

    function draw() {
      if (!points || !map.hasLayer(group)) return Promise.resolve();
      var mine = ++token, items = wanted();
      var singles = items.filter(function (item) { return item[2] !== null && !current[item[0]]; });
      return source.stations(singles.map(function (item) { return item[2]; })).then(function (rows) {
        if (mine !== token) return;
        var byIndex = {};
        singles.forEach(function (item, k) { byIndex[item[2]] = rows[k]; });
        var next = {};
        items.forEach(function (item) {
          var key = item[0];
          if (current[key]) {
            next[key] = current[key];
            return;
          }
          var marker;
          if (item[3]) {
            var count = item[3].properties.point_count, id = item[3].properties.cluster_id;
            marker = L.marker(item[1], { icon: clusterIcon(count), keyboard: true,
              title: fmt(strings.station_count, { count: count }) });
            marker.on("click", function () {
              map.setView(item[1], Math.min(index.getClusterExpansionZoom(id), 18));
            });
          } else {
            var station = byIndex[item[2]], i = item[2];
            marker = L.marker(item[1], { icon: icon, title: station.name, alt: station.name,
              keyboard: true, riseOnHover: true });
            marker.bindPopup(function () { return stationPopup(station, points.services[i]); });
            marker.stationIndex = i;
          }
          next[key] = marker;
          group.addLayer(marker);
        });
        Object.keys(current).forEach(function (key) {
          if (!next[key]) group.removeLayer(current[key]);
        });
        current = next;
      });
    }

    function setFilter(fn) {
      matches = fn;
      return source.points().then(function (loaded) {
        points = loaded;
        rebuild();
        // Markers that no longer match go; the rest are kept.
        var keep = {};
        shownList.forEach(function (i) { keep["s" + i] = true; });
        Object.keys(current).forEach(function (key) {
          if (key.charAt(0) === "c" || !keep[key]) {
            group.removeLayer(current[key]);
            delete current[key];
          }
        });
        return draw();
      });
    }

    function show(i) {
      var latlng = [points.lat[i], points.lon[i]];
      var zoom = manifest.cluster ? Math.max(map.getZoom(), SINGLE_ZOOM) : Math.max(map.getZoom(), 14);
      map.setView(latlng, zoom, { animate: false });
      function open() {
        var marker = current["s" + i];
        if (marker) marker.openPopup();
        return marker || null;
      }
      // A drawing started by the move may overtake this one: then draw again.
      return draw().then(function () { return current["s" + i] ? open() : draw().then(open); });
    }

    map.on("overlayadd", function (event) { if (event.layer === group) draw(); });
    return { layer: group, setFilter: setFilter, draw: draw, show: show };
  }

  window.mapgen.stationsLayer = stationsLayer;
})();
