/* mapgen site script: builds the map, search, filters and the nearest-first list.
 *
 * All data comes from the JSON block #mapgen-data. Text from data is only ever put into
 * the page with textContent or as Leaflet options that are set as attributes, never as
 * HTML, so a station named "<script>" shows as those characters.
 */
(function () {
  "use strict";

  var dataNode = document.getElementById("mapgen-data");
  if (!dataNode || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(dataNode.textContent);
  var S = data.strings;

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function normalise(text) {
    return String(text || "").normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  }

  function formatDistance(metres) {
    if (metres < 1000) return fmt(S.m, { value: Math.round(metres / 10) * 10 });
    return fmt(S.km, { value: (metres / 1000).toFixed(metres < 10000 ? 1 : 0) });
  }

  function haversine(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad;
    var dLon = (lon2 - lon1) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 6371008.8 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
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

  function addBasemap(map) {
    if (!data.basemap) return null;
    var options = { attribution: data.basemap.attribution, maxZoom: data.basemap.maxZoom };
    if (data.basemap.subdomains) options.subdomains = data.basemap.subdomains;
    var layer = L.tileLayer(data.basemap.url, options);
    var failures = 0;
    layer.on("tileerror", function () {
      failures += 1;
      var status = document.getElementById("tile-status");
      if (failures === 4 && status) status.hidden = false;
    });
    layer.addTo(map);
    return layer;
  }

  function todayIndex() {
    return (new Date().getDay() + 6) % 7;
  }

  function todayText(week) {
    if (!week) return null;
    var hours = week[todayIndex()];
    return hours ? S.today + " " + hours : S.closed_today;
  }

  var categoryNames = {};
  (data.categories || []).forEach(function (c) { categoryNames[c.id] = c.name; });

  function stationPopup(station, pageBase) {
    var box = el("div", "popup");
    var title = el("h3", "popup-title");
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

  function townshipLabel(feature) {
    var p = feature.properties;
    return data.lang === "en" && p.name_en ? p.name_en : p.name;
  }

  function initIndex() {
    var map = L.map("map", { zoomSnap: 0.25, preferCanvas: data.stations.length > 2000 });
    window.mapgenMap = map;
    var pageBase = "";
    addBasemap(map);
    var covered = cssVar("--covered", "#2f855a");
    var uncovered = cssVar("--uncovered", "#c05621");
    var accent = cssVar("--accent", "#1f4e9c");

    var townships = L.geoJSON(data.townships, {
      style: function (feature) {
        return {
          color: "#ffffff", weight: 1.2, opacity: 0.9,
          fillColor: feature.properties.covered ? covered : uncovered, fillOpacity: 0.35
        };
      },
      onEachFeature: function (feature, layer) {
        var label = townshipLabel(feature);
        layer.bindTooltip(el("span", null, label), { sticky: true });
        layer.bindPopup(function () {
          var box = el("div", "popup");
          var link = el("a", null, label);
          link.href = pageBase + "townships/" + feature.properties.slug + ".html";
          var heading = el("h3", "popup-title");
          heading.appendChild(link);
          box.appendChild(heading);
          box.appendChild(el("p", null,
            (feature.properties.covered ? S.covered : S.uncovered) + " · " +
            fmt(S.station_count, { count: feature.properties.stations })));
          return box;
        });
      }
    }).addTo(map);

    var clustered = data.stations.length > 200;
    var group = clustered && L.markerClusterGroup
      ? L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false })
      : L.featureGroup();
    var icon = L.divIcon({ className: "station-marker", iconSize: [18, 18], iconAnchor: [9, 9] });
    var markers = {};
    var byId = {};
    data.stations.forEach(function (station) {
      station.search = normalise([station.name, station.venue, station.township,
        station.type_name, station.search_extra].concat(station.services.map(function (id) {
        return categoryNames[id] || id;
      })).join("|"));
      var marker = L.marker([station.lat, station.lon], {
        icon: icon, title: station.name, alt: station.name, keyboard: true, riseOnHover: true
      });
      marker.bindPopup(function () { return stationPopup(station, pageBase); });
      markers[station.id] = marker;
      byId[station.id] = station;
    });
    group.addTo(map);

    var overlays = {};
    overlays[S.townships] = townships;
    overlays[S.stations] = group;
    L.control.layers(null, overlays, { collapsed: true }).addTo(map);
    L.control.scale({ imperial: false }).addTo(map);
    if (townships.getLayers().length) {
      map.fitBounds(townships.getBounds(), { padding: [8, 8] });
    } else if (data.stations.length) {
      map.fitBounds(L.latLngBounds(data.stations.map(function (s) { return [s.lat, s.lon]; })));
    } else {
      map.setView([35, 105], 4);
    }

    // --- search, filters, list ---------------------------------------------------
    var form = document.getElementById("finder");
    var search = document.getElementById("search");
    var list = document.getElementById("station-list");
    var status = document.getElementById("status");
    var noMatch = document.getElementById("no-match");
    var items = {};
    Array.prototype.forEach.call(list.querySelectorAll(".station-item"), function (item) {
      items[item.getAttribute("data-id")] = item;
    });

    function checked(name) {
      return Array.prototype.filter.call(form.querySelectorAll("input[name=" + name + "]"),
        function (input) { return input.checked; }).map(function (input) { return input.value; });
    }

    function matches(station, words, services, types) {
      for (var i = 0; i < words.length; i++) {
        if (station.search.indexOf(words[i]) === -1) return false;
      }
      for (var j = 0; j < services.length; j++) {
        if (station.services.indexOf(services[j]) === -1) return false;
      }
      return !types.length || types.indexOf(station.type) !== -1;
    }

    function apply() {
      var words = String(search.value || "").normalize("NFKC").toLowerCase().split(/\s+/)
        .filter(Boolean);
      var services = checked("service");
      var types = checked("type");
      var shown = [];
      data.stations.forEach(function (station) {
        var visible = matches(station, words, services, types);
        if (items[station.id]) items[station.id].hidden = !visible;
        if (visible) shown.push(markers[station.id]);
      });
      group.clearLayers();
      if (group.addLayers) group.addLayers(shown); else shown.forEach(function (m) { group.addLayer(m); });
      status.textContent = fmt(S.shown, { shown: shown.length, total: data.stations.length });
      noMatch.hidden = shown.length > 0;
      document.documentElement.setAttribute("data-shown", String(shown.length));
    }

    var timer = null;
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(apply, 120);
    });
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      apply();
      var first = list.querySelector(".station-item:not([hidden]) a");
      if (first) first.focus();
    });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });

    function showOnMap(id) {
      var marker = markers[id];
      if (!marker) return;
      document.querySelector(".map-area").scrollIntoView({ block: "nearest" });
      if (group.zoomToShowLayer) {
        group.zoomToShowLayer(marker, function () { marker.openPopup(); });
      } else {
        map.setView(marker.getLatLng(), Math.max(map.getZoom(), 14));
        marker.openPopup();
      }
    }
    Array.prototype.forEach.call(list.querySelectorAll(".show-on-map"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { showOnMap(button.getAttribute("data-id")); });
    });

    // Today's hours in each list entry.
    data.stations.forEach(function (station) {
      var item = items[station.id];
      var today = todayText(station.week);
      if (!item || !today) return;
      var hours = item.querySelector(".hours");
      if (hours) {
        var strong = el("strong", "today", today);
        hours.insertBefore(document.createTextNode(" · "), hours.firstChild);
        hours.insertBefore(strong, hours.firstChild);
      }
    });

    // --- nearest first --------------------------------------------------------------
    var here = null;
    function sortByDistance(lat, lon) {
      if (here) map.removeLayer(here);
      here = L.circleMarker([lat, lon], { radius: 8, color: accent, fillOpacity: 0.9 }).addTo(map);
      var ordered = data.stations.map(function (station) {
        return { station: station, metres: haversine(lat, lon, station.lat, station.lon) };
      }).sort(function (a, b) { return a.metres - b.metres; });
      ordered.forEach(function (entry) {
        var item = items[entry.station.id];
        if (!item) return;
        item.querySelector(".distance").textContent = " · " + S.distance + " " +
          formatDistance(entry.metres);
        list.appendChild(item);
      });
      status.textContent = S.located + " · " + status.textContent;
      document.documentElement.setAttribute("data-sorted", "distance");
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
        }, function () {
          status.textContent = S.locate_failed;
        }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 });
      });
    }
    pick.hidden = false;
    pick.addEventListener("click", function () {
      status.textContent = S.tap_map;
      document.getElementById("map").focus();
      map.once("click", function (event) {
        sortByDistance(event.latlng.lat, event.latlng.lng);
      });
    });

    apply();
    document.documentElement.setAttribute("data-ready", "true");
  }

  function initStation() {
    var s = data.station;
    var map = L.map("station-map", { scrollWheelZoom: false, zoomControl: true });
    window.mapgenMap = map;
    addBasemap(map);
    var icon = L.divIcon({ className: "station-marker", iconSize: [18, 18], iconAnchor: [9, 9] });
    L.marker([s.lat, s.lon], { icon: icon, title: s.name, alt: s.name, keyboard: false }).addTo(map);
    map.setView([s.lat, s.lon], 15);
    document.documentElement.setAttribute("data-ready", "true");
  }

  Array.prototype.forEach.call(document.querySelectorAll(".print-button"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  if (document.getElementById("map")) {
    initIndex();
  } else if (document.getElementById("station-map") && data.station) {
    initStation();
  }
})();
