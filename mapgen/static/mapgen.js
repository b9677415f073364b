/* mapgen site script: builds the maps, search, filters and the nearest-first list.
 *
 * All data comes from the JSON block #mapgen-data. Text from data is only ever put into
 * the page with textContent or as Leaflet options that are set as attributes, never as
 * HTML, so a station named "<script>" shows as those characters.
 *
 * The pages work without this script (every station, its hours and services are in the
 * server-rendered list) and without Leaflet (search and filters still work on the list).
 * When everything is set up, <html data-ready="true"> is set.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  var dataNode = document.getElementById("mapgen-data");
  var data = dataNode ? JSON.parse(dataNode.textContent) : null;
  var S = (data && data.strings) || window.mapgenStrings || {};
  var hasLeaflet = typeof L !== "undefined";

  var core = window.mapgenCore;
  var fmt = core.fmt, el = core.el, haversine = core.haversine;

  function each(nodes, fn) {
    Array.prototype.forEach.call(nodes, fn);
  }

  var cssVar = core.cssVar;

  function normalise(text) {
    return String(text || "").normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  }

  function words(text) {
    return String(text || "").normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean);
  }

  function formatDistance(metres) {
    return core.formatDistance(S, metres);
  }

  // WGS84 -> GCJ-02, for a browser location shown on GCJ-02 tiles (Amap).
  function wgsToGcj(lon, lat) {
    var a = 6378245.0, ee = 0.00669342162296594323;
    if (lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271) return [lon, lat];
    var x = lon - 105.0, y = lat - 35.0;
    var dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    dLat += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
    dLat += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
    dLat += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
    var dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    dLon += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
    dLon += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
    dLon += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
    var radLat = lat / 180.0 * Math.PI;
    var magic = Math.sin(radLat);
    magic = 1 - ee * magic * magic;
    var sqrtMagic = Math.sqrt(magic);
    dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * Math.PI);
    dLon = (dLon * 180.0) / (a / sqrtMagic * Math.cos(radLat) * Math.PI);
    return [lon + dLon, lat + dLat];
  }

  // --- things every page has ----------------------------------------------------------
  each(document.querySelectorAll(".print-button"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // The language switch keeps the reader where they are: same page, same search, same
  // section of the page.
  each(document.querySelectorAll("a.lang-switch"), function (link) {
    link.addEventListener("click", function () {
      link.href = link.href.split(/[?#]/)[0] + window.location.search + window.location.hash;
    });
  });

  function todayIndex() {
    return (new Date().getDay() + 6) % 7;
  }

  function todayText(week) {
    return core.todayText(S, week);
  }

  // --- Leaflet helpers -------------------------------------------------------------------
  function newMap(id, options) {
    options.zoomControl = false;
    // Clustering needs a maximum zoom even when there is no basemap to set one.
    if (options.maxZoom === undefined) options.maxZoom = 18;
    var map = L.map(id, options);
    L.control.zoom({ zoomInTitle: S.zoom_in, zoomOutTitle: S.zoom_out }).addTo(map);
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", S.close);
        close.title = S.close;
      }
    });
    window.mapgenMap = map;
    return map;
  }

  function addBasemap(map) {
    return core.addBasemap(map, data.basemap, "tile-status");
  }

  function stationIcon() {
    return L.divIcon({ className: "station-marker", iconSize: [18, 18], iconAnchor: [9, 9] });
  }

  function townshipLabel(properties) {
    return data.lang === "en" && properties.name_en ? properties.name_en : properties.name;
  }

  function outline(feature, covered) {
    return L.geoJSON(feature, {
      interactive: false,
      style: {
        color: cssVar("--accent", "#1f4e9c"), weight: 2, opacity: 0.9,
        fillColor: covered, fillOpacity: 0.15
      }
    });
  }

  // --- the home page: map, search, filters, list -------------------------------------------
  function initIndex() {
    var categoryNames = {};
    (data.categories || []).forEach(function (c) { categoryNames[c.id] = c.name; });
    var pageBase = "";
    var map = null, group = null, markers = {}, here = null;
    var mapArea = document.querySelector(".map-area");
    var mapNode = document.getElementById("map");
    var accent = cssVar("--accent", "#1f4e9c");
    // While the reader picks "I am here", a tap anywhere on the map (a township too) is it.
    var picker = { active: false, pick: null };

    function stationPopup(station) {
      var box = el("div", "popup");
      var title = el("h2", "popup-title");
      var link = el("a", null, station.name);
      link.href = pageBase + "stations/" + station.slug + ".html";
      title.appendChild(link);
      box.appendChild(title);
      if (station.venue) box.appendChild(el("p", "popup-venue", station.venue));
      if (station.hours) {
        var today = todayText(station.week);
        box.appendChild(el("p", "popup-hours", (today ? today + " · " : "") + station.hours));
      }
      if (station.services.length) {
        var list = el("ul", "popup-services");
        list.setAttribute("aria-label", S.services);
        station.services.forEach(function (id) {
          list.appendChild(el("li", null, categoryNames[id] || id));
        });
        box.appendChild(list);
      }
      var more = el("a", "popup-more", S.details);
      more.href = link.href;
      box.appendChild(more);
      return box;
    }

    if (hasLeaflet && mapNode) {
      map = newMap("map", { zoomSnap: 0.25, preferCanvas: data.stations.length > 2000 });
      addBasemap(map);
      var covered = cssVar("--covered", "#2f855a");
      var uncovered = cssVar("--uncovered", "#c05621");
      var townships = L.geoJSON(data.townships, {
        style: function (feature) {
          return {
            color: "#ffffff", weight: 1.2, opacity: 0.9,
            fillColor: feature.properties.covered ? covered : uncovered, fillOpacity: 0.35
          };
        },
        onEachFeature: function (feature, layer) {
          var label = townshipLabel(feature.properties);
          layer.bindTooltip(el("span", null, label), { sticky: true });
          layer.on("click", function (event) {
            if (picker.active) {
              picker.pick(event.latlng);
              return;
            }
            var box = el("div", "popup");
            var link = el("a", null, label);
            link.href = pageBase + "townships/" + feature.properties.slug + ".html";
            var heading = el("h2", "popup-title");
            heading.appendChild(link);
            box.appendChild(heading);
            box.appendChild(el("p", null,
              (feature.properties.covered ? S.covered : S.uncovered) + " · " +
              fmt(S.station_count, { count: feature.properties.stations })));
            L.popup().setLatLng(event.latlng).setContent(box).openOn(map);
          });
        }
      }).addTo(map);

      var clustered = data.stations.length > 200 && L.markerClusterGroup;
      group = clustered
        ? L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false })
        : L.featureGroup();
      var icon = stationIcon();
      data.stations.forEach(function (station) {
        var marker = L.marker([station.lat, station.lon], {
          icon: icon, title: station.name, alt: station.name, keyboard: true, riseOnHover: true
        });
        marker.bindPopup(function () { return stationPopup(station); });
        markers[station.id] = marker;
      });
      group.addTo(map);

      var overlays = {};
      overlays[S.townships] = townships;
      overlays[S.stations] = group;
      L.control.layers(null, overlays, { collapsed: true }).addTo(map);
      each(mapNode.querySelectorAll(".leaflet-control-layers-toggle"), function (toggle) {
        toggle.title = S.layers;
        toggle.setAttribute("aria-label", S.layers);
      });
      L.control.scale({ imperial: false }).addTo(map);
      if (townships.getLayers().length) {
        map.fitBounds(townships.getBounds(), { padding: [8, 8] });
      } else if (data.stations.length) {
        map.fitBounds(L.latLngBounds(data.stations.map(function (s) { return [s.lat, s.lon]; })));
      } else {
        map.setView([35, 105], 4);
      }
    }

    // --- search, filters, list ---------------------------------------------------------
    var form = document.getElementById("finder");
    var search = document.getElementById("search");
    var list = document.getElementById("station-list");
    var status = document.getElementById("status");
    var noMatch = document.getElementById("no-match");
    var panel = document.getElementById("filter-panel");
    var filterCount = document.getElementById("filter-count");
    var townshipsBlock = document.getElementById("townships-block");
    var townshipItems = townshipsBlock ? townshipsBlock.querySelectorAll(".township-item") : [];
    var items = {};
    each(list.querySelectorAll(".station-item"), function (item) {
      items[item.getAttribute("data-id")] = item;
    });
    data.stations.forEach(function (station) {
      station.search = normalise([station.name, station.venue, station.township,
        station.type_name, station.tier, station.search_extra].concat(
        station.services.map(function (id) { return categoryNames[id] || id; })).join("|"));
    });

    function checked(name) {
      return Array.prototype.filter.call(form.querySelectorAll("input[name=" + name + "]"),
        function (input) { return input.checked; }).map(function (input) { return input.value; });
    }

    // The build-time search index (mapgen/search.py, static/search.js): pinyin, initials,
    // both scripts, generic words ignored, small typos. Text the index does not hold (venue
    // type, tier) is still found by the plain match below.
    var searchIndex = window.mapgenSearch && window.mapgenSearchIndex;
    var found = null;
    function indexMatches(text) {
      if (!searchIndex || !text.trim()) return null;
      var hits = { stations: {}, townships: {} };
      window.mapgenSearch.match(searchIndex, text).forEach(function (result) {
        // A township's nearest station is named in the township's own line already.
        if (result.type === "township") hits.townships[result.id] = true;
        else if (result.nearest === undefined) hits.stations[result.id] = true;
      });
      return hits;
    }

    function matches(station, query, services, types, tiers) {
      for (var i = 0; i < query.length && !(found && found.stations[station.id]); i++) {
        if (station.search.indexOf(query[i]) === -1) return false;
      }
      for (var j = 0; j < services.length; j++) {
        if (station.services.indexOf(services[j]) === -1) return false;
      }
      if (types.length && types.indexOf(station.type) === -1) return false;
      return !tiers.length || tiers.indexOf(station.tier) !== -1;
    }

    var located = false;

    // The search and filters live in the address (?q=…&service=…), so a reload, a shared
    // link or the language switch shows the same selection.
    function remember(query, services, types, tiers) {
      var params = [];
      if (query) params.push("q=" + encodeURIComponent(query));
      services.forEach(function (v) { params.push("service=" + encodeURIComponent(v)); });
      types.forEach(function (v) { params.push("type=" + encodeURIComponent(v)); });
      tiers.forEach(function (v) { params.push("tier=" + encodeURIComponent(v)); });
      var search = params.length ? "?" + params.join("&") : "";
      if (search === window.location.search) return;
      try {
        history.replaceState(null, "", window.location.pathname + search);
      } catch (error) { /* file:// in some browsers: the address just stays as it is */ }
    }

    function restore() {
      var query = window.location.search.replace(/^\?/, "");
      if (!query) return;
      query.split("&").forEach(function (pair) {
        var parts = pair.split("=");
        var key = core.safeDecode(parts[0]);
        var value = core.safeDecode(parts[1]);
        if (key === "q") {
          search.value = value;
        } else if (key === "service" || key === "type" || key === "tier") {
          each(form.querySelectorAll("input[name=" + key + "]"), function (input) {
            if (input.value === value) input.checked = true;
          });
        }
      });
    }

    function apply() {
      var query = words(search.value);
      var services = checked("service");
      var types = checked("type");
      var tiers = checked("tier");
      found = indexMatches(search.value);
      var shown = [];
      var count = 0;
      data.stations.forEach(function (station) {
        var visible = matches(station, query, services, types, tiers);
        if (items[station.id]) items[station.id].hidden = !visible;
        if (visible) {
          count += 1;
          if (markers[station.id]) shown.push(markers[station.id]);
        }
      });
      if (group) {
        group.clearLayers();
        if (group.addLayers) group.addLayers(shown);
        else shown.forEach(function (m) { group.addLayer(m); });
      }
      var townshipsShown = 0;
      each(townshipItems, function (item) {
        var text = normalise(item.getAttribute("data-search"));
        var visible = (found && found.townships[item.getAttribute("data-id")]) ||
          query.every(function (w) { return text.indexOf(w) !== -1; });
        item.hidden = !visible;
        if (visible) townshipsShown += 1;
      });
      if (townshipsBlock) townshipsBlock.hidden = townshipsShown === 0;
      var message = fmt(S.shown, { shown: count, total: data.stations.length });
      status.textContent = located ? message + " · " + S.located : message;
      noMatch.hidden = count > 0;
      var active = services.length + types.length + tiers.length;
      if (filterCount) filterCount.textContent = active ? fmt(S.filters_active, { count: active }) : "";
      root.setAttribute("data-shown", String(count));
      remember(search.value.trim(), services, types, tiers);
      return count;
    }

    var timer = null;
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(apply, 120);
    });
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      apply();
      // Enter in the search box goes to the first result: a station, else a township.
      var first = list.querySelector(".station-item:not([hidden]) a") ||
        (townshipsBlock && townshipsBlock.querySelector(".township-item:not([hidden]) a"));
      if (first) first.focus();
    });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });

    // --- show on map: the marker's popup, with the focus in it and back again ----------
    var returnFocus = null;
    function showOnMap(id, button) {
      var marker = markers[id];
      if (!marker || !map) return;
      returnFocus = button;
      mapArea.scrollIntoView({ block: "nearest" });
      function open() {
        marker.openPopup();
        var popup = marker.getPopup() && marker.getPopup().getElement();
        var link = popup && popup.querySelector("a");
        if (link) link.focus({ preventScroll: true });
      }
      if (group.zoomToShowLayer) {
        group.zoomToShowLayer(marker, open);
      } else {
        map.setView(marker.getLatLng(), Math.max(map.getZoom(), 14));
        open();
      }
    }
    if (map) {
      each(list.querySelectorAll(".show-on-map"), function (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
          showOnMap(button.getAttribute("data-id"), button);
        });
      });
      mapNode.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && map._popup && map._popup.isOpen()) {
          map.closePopup();
          event.preventDefault();
        }
      });
      map.on("popupclose", function () {
        var target = returnFocus;
        returnFocus = null;
        var lost = !document.activeElement || document.activeElement === document.body ||
          mapNode.contains(document.activeElement);
        if (target && lost) target.focus();
      });
    }

    // Today's hours in each list entry.
    data.stations.forEach(function (station) {
      var item = items[station.id];
      var today = todayText(station.week);
      if (!item || !today) return;
      var hours = item.querySelector(".hours");
      if (hours) {
        hours.insertBefore(document.createTextNode(" · "), hours.firstChild);
        hours.insertBefore(el("strong", "today", today), hours.firstChild);
      }
    });

    // --- nearest first ---------------------------------------------------------------------
    function sortByDistance(lat, lon) {
      if (map) {
        if (here) map.removeLayer(here);
        here = L.circleMarker([lat, lon], { radius: 9, color: "#1a202c", weight: 3,
          fillColor: accent, fillOpacity: 0.9 }).addTo(map);
        here.bindTooltip(el("span", null, S.you_are_here), { permanent: false });
      }
      var ordered = data.stations.map(function (station) {
        return { station: station, metres: haversine(lat, lon, station.lat, station.lon) };
      }).sort(function (a, b) { return a.metres - b.metres; });
      ordered.forEach(function (entry) {
        var item = items[entry.station.id];
        if (!item) return;
        item.querySelector(".distance").textContent = S.distance + " " +
          formatDistance(entry.metres) + " · ";
        item.setAttribute("data-metres", String(Math.round(entry.metres)));
        list.appendChild(item);
      });
      located = true;
      apply();
      root.setAttribute("data-sorted", "distance");
    }

    var locate = document.getElementById("locate");
    var pick = document.getElementById("pick-location");
    if (navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener("click", function () {
        status.textContent = S.locating;
        navigator.geolocation.getCurrentPosition(function (position) {
          var lon = position.coords.longitude, lat = position.coords.latitude;
          if (data.datum === "gcj02") {
            var shifted = wgsToGcj(lon, lat);
            lon = shifted[0]; lat = shifted[1];
          }
          sortByDistance(lat, lon);
          if (map) map.setView([lat, lon], Math.max(map.getZoom(), 12));
        }, function () {
          status.textContent = S.locate_failed;
        }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 });
      });
    }

    // "I am here": a tap on the map, or with a keyboard the cross in the map's centre.
    if (map) {
      var crosshair = mapArea.querySelector(".crosshair");
      var stopPicking = function () {
        picker.active = false;
        mapArea.classList.remove("is-picking");
        if (crosshair) crosshair.hidden = true;
      };
      pick.hidden = false;
      picker.pick = function (latlng) {
        stopPicking();
        sortByDistance(latlng.lat, latlng.lng);
      };
      pick.addEventListener("click", function () {
        picker.active = true;
        mapArea.classList.add("is-picking");
        if (crosshair) crosshair.hidden = false;
        status.textContent = S.pick_hint;
        mapArea.scrollIntoView({ block: "nearest" });
        mapNode.focus({ preventScroll: true });
      });
      map.on("click", function (event) {
        if (picker.active) picker.pick(event.latlng);
      });
      mapNode.addEventListener("keydown", function (event) {
        if (!picker.active || event.target !== mapNode) return;
        if (event.key === "Enter") {
          event.preventDefault();
          stopPicking();
          var centre = map.getCenter();
          sortByDistance(centre.lat, centre.lng);
          document.getElementById("list-area").focus();
        } else if (event.key === "Escape") {
          stopPicking();
          status.textContent = S.pick_cancelled;
          pick.focus();
        }
      });
    }

    if (panel && (window.matchMedia("(min-width: 900px)").matches)) panel.open = true;
    restore();
    if (panel && (checked("service").length || checked("type").length || checked("tier").length)) {
      panel.open = true;
    }
    apply();
  }

  // --- a station's page: today's hours and the mini-map ------------------------------------
  function initStation() {
    var week = document.querySelector(".week");
    if (week) {
      var row = week.querySelector('tr[data-day="' + todayIndex() + '"]');
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
    var s = data.station;
    if (!hasLeaflet || !s || !document.getElementById("station-map")) return;
    var map = newMap("station-map", { scrollWheelZoom: false });
    addBasemap(map);
    if (data.township) outline(data.township, cssVar("--covered", "#2f855a")).addTo(map);
    L.marker([s.lat, s.lon], { icon: stationIcon(), title: s.name, alt: s.name, keyboard: false })
      .addTo(map);
    map.setView([s.lat, s.lon], 14);
  }

  // --- a township's page: its outline and its (or the nearest) stations -----------------
  function initTownship() {
    if (!hasLeaflet || !document.getElementById("township-map")) return;
    var map = newMap("township-map", { scrollWheelZoom: false });
    addBasemap(map);
    var fill = data.township.properties.covered ? cssVar("--covered", "#2f855a")
      : cssVar("--uncovered", "#c05621");
    var shape = outline(data.township, fill).addTo(map);
    var bounds = shape.getBounds();
    (data.stations || []).forEach(function (s) {
      var marker = L.marker([s.lat, s.lon], { icon: stationIcon(), title: s.name, alt: s.name,
        keyboard: false }).addTo(map);
      marker.on("click", function () { window.location.href = "../stations/" + s.slug + ".html"; });
      bounds.extend(marker.getLatLng());
    });
    map.fitBounds(bounds, { padding: [16, 16] });
  }

  if (data) {
    if (document.getElementById("map")) {
      initIndex();
    } else if (document.querySelector(".page-station")) {
      initStation();
    } else if (document.querySelector(".page-township")) {
      initTownship();
    }
  }
  root.setAttribute("data-ready", "true");
})();
