/* mapgen for large sites: townships drawn on canvas tiles from level-of-detail chunks,
 * stations clustered with Supercluster, details loaded for the region in view.
 *
 * The page's JSON block holds only an overview (which township is covered, where the
 * chunks are); everything else comes from data/map/ when needed. The DOM holds only what
 * is visible: a few canvas tiles, the clusters and markers in view, the list of nearby
 * stations. Text from data is only ever set with textContent.
 */
(function () {
  "use strict";

  var dataNode = document.getElementById("mapgen-data");
  if (!dataNode || typeof L === "undefined" || typeof Supercluster === "undefined") return;
  var data = JSON.parse(dataNode.textContent);
  if (!data.large) return;
  var S = data.strings || window.mapgenStrings || {};
  var base = data.base;

  var core = window.mapgenCore;
  var fmt = core.fmt, el = core.el, cssVar = core.cssVar, haversine = core.haversine;
  function formatDistance(metres) { return core.formatDistance(S, metres); }

  var cache = {};
  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return response.json();
      });
    }
    return cache[path];
  }

  // --- townships: canvas tiles --------------------------------------------------------
  var covered = cssVar("--covered", "#2f855a");
  var uncovered = cssVar("--uncovered", "#c05621");
  var levelSets = data.levels.map(function (level) {
    var set = {};
    level.cells.forEach(function (key) { set[key] = true; });
    return set;
  });

  function levelFor(zoom) {
    var chosen = 0;
    data.levels.forEach(function (level, i) { if (zoom >= level.minZoom) chosen = i; });
    return chosen;
  }

  function cellsFor(levelIndex, bounds) {
    var level = data.levels[levelIndex];
    if (!level.cell) return ["all"];
    var keys = [];
    var x0 = Math.floor(bounds.getWest() / level.cell), x1 = Math.floor(bounds.getEast() / level.cell);
    var y0 = Math.floor(bounds.getSouth() / level.cell), y1 = Math.floor(bounds.getNorth() / level.cell);
    for (var x = x0; x <= x1; x++) {
      for (var y = y0; y <= y1; y++) {
        var key = x + "_" + y;
        if (levelSets[levelIndex][key]) keys.push(key);
      }
    }
    return keys;
  }

  var decoded = {}; // "level:feature" -> {rings: [Float64Array lon/lat pairs], box: [..]}
  function shape(levelIndex, chunk, position) {
    var id = levelIndex + ":" + chunk.f[position];
    if (decoded[id]) return decoded[id];
    var q = chunk.q, rings = [], world = [], box = [Infinity, Infinity, -Infinity, -Infinity];
    chunk.g[position].forEach(function (polygon) {
      polygon.forEach(function (ring) {
        var out = new Float64Array(ring.length), xy = new Float64Array(ring.length);
        var x = 0, y = 0;
        for (var i = 0; i < ring.length; i += 2) {
          x = i === 0 ? ring[0] : x + ring[i];
          y = i === 0 ? ring[1] : y + ring[i + 1];
          out[i] = x * q; out[i + 1] = y * q;
          // Web Mercator at zoom 0 (a 256 px world), once: tiles only scale and shift.
          var sin = Math.sin(out[i + 1] * Math.PI / 180);
          xy[i] = (out[i] + 180) / 360 * 256;
          xy[i + 1] = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * 256;
          if (out[i] < box[0]) box[0] = out[i];
          if (out[i] > box[2]) box[2] = out[i];
          if (out[i + 1] < box[1]) box[1] = out[i + 1];
          if (out[i + 1] > box[3]) box[3] = out[i + 1];
        }
        rings.push(out);
        world.push(xy);
      });
    });
    decoded[id] = { feature: chunk.f[position], rings: rings, world: world, box: box };
    return decoded[id];
  }

  function shapesIn(levelIndex, bounds) {
    var paths = cellsFor(levelIndex, bounds).map(function (key) {
      return load("t" + levelIndex + "/" + key + ".json");
    });
    return Promise.all(paths).then(function (loaded) {
      var seen = {}, shapes = [];
      loaded.forEach(function (chunk) {
        for (var i = 0; i < chunk.f.length; i++) {
          if (seen[chunk.f[i]]) continue;
          seen[chunk.f[i]] = true;
          shapes.push(shape(levelIndex, chunk, i));
        }
      });
      return shapes;
    });
  }

  var pendingTiles = 0;
  var Townships = L.GridLayer.extend({
    createTile: function (coords, done) {
      var tile = document.createElement("canvas");
      var size = this.getTileSize();
      var ratio = window.devicePixelRatio || 1;
      tile.width = size.x * ratio;
      tile.height = size.y * ratio;
      var map = this._map;
      var nw = coords.scaleBy(size);
      var bounds = L.latLngBounds(map.unproject(nw, coords.z),
        map.unproject(nw.add(size), coords.z));
      pendingTiles += 1;
      shapesIn(levelFor(coords.z), bounds.pad(0.02)).then(function (shapes) {
        // Each tile draws in a task of its own, so the browser can paint between tiles.
        return new Promise(function (resolve) { setTimeout(function () { resolve(shapes); }, 0); });
      }).then(function (shapes) {
        var ctx = tile.getContext("2d");
        ctx.scale(ratio, ratio);
        ctx.lineWidth = 0.8;
        ctx.strokeStyle = "rgba(255,255,255,0.9)";
        ctx.globalAlpha = 1;
        var scale = Math.pow(2, coords.z), ox = nw.x, oy = nw.y;
        shapes.forEach(function (s) {
          if (s.box[2] < bounds.getWest() || s.box[0] > bounds.getEast() ||
              s.box[3] < bounds.getSouth() || s.box[1] > bounds.getNorth()) return;
          ctx.beginPath();
          s.world.forEach(function (ring) {
            for (var i = 0; i < ring.length; i += 2) {
              var px = ring[i] * scale - ox, py = ring[i + 1] * scale - oy;
              if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
            }
            ctx.closePath();
          });
          ctx.fillStyle = data.covered.charAt(s.feature) === "1" ? covered : uncovered;
          ctx.globalAlpha = 0.35;
          ctx.fill("evenodd");
          ctx.globalAlpha = 1;
          ctx.stroke();
        });
        done(null, tile);
      }, function (error) { done(error, tile); }).then(function () {
        pendingTiles -= 1;
        checkReady();
      });
      return tile;
    }
  });

  function inRing(ring, lon, lat) {
    var inside = false;
    for (var i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
      var xi = ring[i], yi = ring[i + 1], xj = ring[j], yj = ring[j + 1];
      if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) {
        inside = !inside;
      }
    }
    return inside;
  }

  function townshipAt(latlng, zoom) {
    var point = L.latLngBounds([latlng, latlng]);
    return shapesIn(levelFor(zoom), point).then(function (shapes) {
      for (var k = 0; k < shapes.length; k++) {
        var s = shapes[k], inside = false;
        if (latlng.lng < s.box[0] || latlng.lng > s.box[2] ||
            latlng.lat < s.box[1] || latlng.lat > s.box[3]) continue;
        s.rings.forEach(function (ring) { if (inRing(ring, latlng.lng, latlng.lat)) inside = !inside; });
        if (inside) return s.feature;
      }
      return null;
    });
  }

  // --- stations: Supercluster ---------------------------------------------------------
  var stations = { lon: null, lat: null, services: null, types: null };
  var categoryBit = {};
  data.categories.forEach(function (id, i) { categoryBit[id] = 1 << i; });
  var typeNumber = {};
  data.types.forEach(function (id, i) { typeNumber[id] = i + 1; });

  function decodePoints(points) {
    var n = points.x.length, lon = new Float64Array(n), lat = new Float64Array(n), x = 0, y = 0;
    for (var i = 0; i < n; i++) {
      x += points.x[i]; y += points.y[i];
      lon[i] = x * points.q; lat[i] = y * points.q;
    }
    stations = { lon: lon, lat: lat, services: points.s, types: points.t };
  }

  var cellOf = []; // station index -> detail cell key
  data.cells.forEach(function (run) {
    for (var i = run[1]; i < run[2]; i++) cellOf[i] = run[0];
  });
  function detail(index) {
    return load(data.lang + "/s/" + cellOf[index] + ".json").then(function (chunk) {
      return chunk.rows[index - chunk.start];
    });
  }

  var filter = { words: [], mask: 0, types: [] };
  var searchTexts = null;
  var categoryNames = {};
  function matches(i) {
    if (filter.mask && (stations.services[i] & filter.mask) !== filter.mask) return false;
    if (filter.types.length && filter.types.indexOf(stations.types[i]) === -1) return false;
    for (var w = 0; w < filter.words.length; w++) {
      var word = filter.words[w];
      var byName = searchTexts && searchTexts[i].indexOf(word) !== -1;
      var byService = (categoryNames[word] || 0) & stations.services[i];
      if (!byName && !byService) return false;
    }
    return true;
  }

  var index = null, shownCount = 0;
  function rebuildIndex() {
    var features = [];
    for (var i = 0; i < stations.lon.length; i++) {
      if (!matches(i)) continue;
      features.push({ type: "Feature", properties: { i: i },
        geometry: { type: "Point", coordinates: [stations.lon[i], stations.lat[i]] } });
    }
    shownCount = features.length;
    index = new Supercluster({ radius: 80, maxZoom: 16 });
    index.load(features);
    document.documentElement.setAttribute("data-shown", String(shownCount));
    var status = document.getElementById("status");
    if (status) status.textContent = fmt(S.shown, { shown: shownCount, total: data.total });
  }

  function init() {
    var map = L.map("map", { zoomSnap: 0.5, preferCanvas: true, maxZoom: 18 });
    window.mapgenMap = map;
    core.addBasemap(map, data.basemap, "tile-status");
    map.fitBounds(data.bounds);
    var townships = new Townships({ pane: "overlayPane", updateWhenZooming: false }).addTo(map);
    var group = L.layerGroup().addTo(map);
    var overlays = {};
    overlays[S.townships] = townships;
    overlays[S.stations] = group;
    L.control.layers(null, overlays, { collapsed: true }).addTo(map);
    L.control.scale({ imperial: false }).addTo(map);

    var icon = L.divIcon({ className: "station-marker", iconSize: [18, 18], iconAnchor: [9, 9] });
    function clusterIcon(count) {
      var size = count < 100 ? 34 : count < 1000 ? 40 : 48;
      var box = el("div", null);
      box.appendChild(el("span", null, count >= 1000 ? Math.round(count / 100) / 10 + "k" : count));
      return L.divIcon({ html: box, className: "marker-cluster marker-cluster-" +
        (count < 100 ? "small" : count < 1000 ? "medium" : "large"), iconSize: [size, size] });
    }

    function stationPopup(row) {
      var box = el("div", "popup"), title = el("h3", "popup-title"), link = el("a", null, row[2]);
      link.href = "stations/" + row[1] + ".html";
      title.appendChild(link);
      box.appendChild(title);
      if (row[3]) box.appendChild(el("p", "popup-venue", row[3]));
      if (row[4]) box.appendChild(el("p", null, row[4]));
      if (row[6]) box.appendChild(el("p", "popup-hours", todayText(row[7]) + row[6]));
      var more = el("a", "popup-more", S.details);
      more.href = link.href;
      box.appendChild(more);
      return box;
    }

    function drawStations() {
      if (!index || !map.hasLayer(group)) return;
      var b = map.getBounds().pad(0.1);
      var clusters = index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
        Math.round(map.getZoom()));
      group.clearLayers();
      var named = [];
      clusters.forEach(function (c) {
        var latlng = [c.geometry.coordinates[1], c.geometry.coordinates[0]];
        if (c.properties.cluster) {
          var marker = L.marker(latlng, { icon: clusterIcon(c.properties.point_count),
            title: fmt(S.station_count, { count: c.properties.point_count }), keyboard: true });
          marker.on("click", function () {
            map.setView(latlng, Math.min(index.getClusterExpansionZoom(c.properties.cluster_id), 18));
          });
          group.addLayer(marker);
        } else {
          var i = c.properties.i;
          var point = L.marker(latlng, { icon: icon, keyboard: true, title: S.station });
          named.push([point, i]);
          point.bindPopup(function () { return el("div", "popup", "…"); });
          point.on("popupopen", function (event) {
            detail(i).then(function (row) { event.popup.setContent(stationPopup(row)); });
          });
          group.addLayer(point);
        }
      });
      // Markers get their station's name as soon as its cell's details arrive.
      named.forEach(function (entry) {
        detail(entry[1]).then(function (row) {
          var element = entry[0].getElement();
          if (element) element.setAttribute("title", row[2]);
        });
      });
      scheduleList();
    }

    // --- list of stations in view --------------------------------------------------------
    var list = document.getElementById("station-list");
    var status = document.getElementById("status");
    var here = null;
    function todayText(week) {
      var today = core.todayText(S, week);
      return today ? today + " · " : "";
    }
    var listToken = 0, listTimer = null;
    // The list follows the map once it settles, so zooming never waits for it.
    function scheduleList() {
      clearTimeout(listTimer);
      listTimer = setTimeout(updateList, 200);
    }
    function updateList() {
      var b = map.getBounds(), inView = [];
      for (var i = 0; i < stations.lon.length && inView.length <= 200; i++) {
        if (b.contains([stations.lat[i], stations.lon[i]]) && matches(i)) inView.push(i);
      }
      var centre = here ? here.getLatLng() : map.getCenter();
      var token = ++listToken;
      status.textContent = fmt(S.shown, { shown: shownCount, total: data.total });
      if (inView.length > 200) {
        list.replaceChildren(el("li", "station-item", fmt(S.list_zoom_in, { count: 200 })));
        return;
      }
      inView.sort(function (a, c) {
        return haversine(centre.lat, centre.lng, stations.lat[a], stations.lon[a]) -
          haversine(centre.lat, centre.lng, stations.lat[c], stations.lon[c]);
      });
      Promise.all(inView.map(detail)).then(function (rows) {
        if (token !== listToken) return;
        var items = rows.map(function (row, k) {
          var i = inView[k], item = el("li", "station-item");
          var heading = el("h3", "station-name"), link = el("a", null, row[2]);
          link.href = "stations/" + row[1] + ".html";
          heading.appendChild(link);
          item.appendChild(heading);
          var meta = row[4] + (row[3] ? " · " + row[3] : "");
          if (here) meta += " · " + S.distance + " " + formatDistance(
            haversine(centre.lat, centre.lng, stations.lat[i], stations.lon[i]));
          item.appendChild(el("p", "meta", meta));
          if (row[6]) item.appendChild(el("p", "hours", todayText(row[7]) + row[6]));
          return item;
        });
        list.replaceChildren.apply(list, items);
        document.getElementById("no-match").hidden = items.length > 0 || shownCount > 0;
      });
    }

    // --- finder -----------------------------------------------------------------------
    var form = document.getElementById("finder");
    var search = document.getElementById("search");
    function checked(name) {
      return Array.prototype.filter.call(form.querySelectorAll("input[name=" + name + "]"),
        function (input) { return input.checked; }).map(function (input) { return input.value; });
    }
    function apply() {
      filter.words = String(search.value || "").normalize("NFKC").toLowerCase().split(/\s+/)
        .filter(Boolean);
      filter.mask = checked("service").reduce(function (m, id) { return m | (categoryBit[id] || 0); }, 0);
      filter.types = checked("type").map(function (id) { return typeNumber[id] || -1; });
      var ready = filter.words.length && !searchTexts ? loadSearch() : Promise.resolve();
      ready.then(function () {
        rebuildIndex();
        drawStations();
      });
    }
    function loadSearch() {
      Array.prototype.forEach.call(form.querySelectorAll("input[name=service]"), function (input) {
        var label = input.parentNode.textContent.normalize("NFKC").toLowerCase().trim();
        categoryNames[label] = categoryBit[input.value] || 0;
      });
      return load("search.json").then(function (texts) { searchTexts = texts; });
    }
    var timer = null;
    search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 150); });
    search.addEventListener("focus", function () { if (!searchTexts) loadSearch(); }, { once: true });
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });

    function setHere(lat, lon) {
      if (here) map.removeLayer(here);
      here = L.circleMarker([lat, lon], { radius: 8, color: cssVar("--accent", "#1f4e9c"),
        fillOpacity: 0.9 }).addTo(map);
      map.setView([lat, lon], Math.max(map.getZoom(), 12));
      document.documentElement.setAttribute("data-sorted", "distance");
    }
    var locate = document.getElementById("locate");
    if (locate && navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener("click", function () {
        status.textContent = S.locating;
        navigator.geolocation.getCurrentPosition(function (position) {
          setHere(position.coords.latitude, position.coords.longitude);
        }, function () { status.textContent = S.locate_failed; });
      });
    }
    var pick = document.getElementById("pick-location");
    if (pick) {
      pick.hidden = false;
      pick.addEventListener("click", function () {
        status.textContent = S.tap_map;
        map.once("click", function (event) { setHere(event.latlng.lat, event.latlng.lng); });
      });
    }

    map.on("click", function (event) {
      townshipAt(event.latlng, map.getZoom()).then(function (feature) {
        if (feature === null) return;
        load(data.lang + "/townships.json").then(function (names) {
          var box = el("div", "popup"), link = el("a", null, names[feature][0]);
          link.href = "townships/" + names[feature][1] + ".html";
          var heading = el("h3", "popup-title");
          heading.appendChild(link);
          box.appendChild(heading);
          box.appendChild(el("p", null, data.covered.charAt(feature) === "1" ? S.covered : S.uncovered));
          L.popup().setLatLng(event.latlng).setContent(box).openOn(map);
        });
      });
    });
    // After the zoom or pan has painted: markers follow in the next task.
    map.on("moveend", function () { setTimeout(drawStations, 0); });
    map.on("overlayadd", drawStations);

    load("points.json").then(function (points) {
      decodePoints(points);
      rebuildIndex();
      drawStations();
      pointsReady = true;
      checkReady();
    });
  }

  var pointsReady = false;
  function checkReady() {
    if (pointsReady && pendingTiles === 0) {
      document.documentElement.setAttribute("data-ready", "true");
    }
  }

  init();
})();
