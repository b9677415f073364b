/* Helpers shared by mapgen's page scripts (loaded first on every page). */
(function () {
  "use strict";

  function fmt(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  // Text from data only ever enters the page through textContent.
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // One part of the page's address (?q=…, #…) as text. Anyone can send a link with a
  // broken escape ("?q=%", "%E0%A4%A"): decodeURIComponent would throw and stop the
  // page's set-up, so escapes that do not decode are kept as typed. Overlong values are
  // cut: no search needs more than this.
  var MAX_PARAM = 500;
  function safeDecode(text) {
    var raw = String(text || "").slice(0, MAX_PARAM * 3).replace(/\+/g, " ");
    var decoded = raw.replace(/(?:%[0-9A-Fa-f]{2})+/g, function (run) {
      try { return decodeURIComponent(run); } catch (error) { return run; }
    });
    return decoded.slice(0, MAX_PARAM);
  }

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function haversine(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad;
    var dLon = (lon2 - lon1) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 6371008.8 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
  }

  // One formatter for Python and JS (format.js); strings are kept for the callers' sake.
  function formatDistance(strings, metres) {
    return window.mapgenFormat.distance(metres, document.documentElement.lang);
  }

  // Today's opening hours from a parsed week (Monday first), or null when unknown.
  function todayText(strings, week) {
    if (!week) return null;
    var hours = week[(new Date().getDay() + 6) % 7];
    return hours ? strings.today + " " + hours : strings.closed_today;
  }

  // The configured background map. When its tiles keep failing (offline, intranet), the
  // element ``statusId`` is shown; boundaries and stations work without tiles.
  function addBasemap(map, basemap, statusId) {
    if (!basemap) return null;
    var options = { attribution: basemap.attribution, maxZoom: basemap.maxZoom };
    if (basemap.subdomains) options.subdomains = basemap.subdomains;
    var layer = L.tileLayer(basemap.url, options);
    var failures = 0, loaded = 0;
    layer.on("tileload", function () { loaded += 1; });
    layer.on("tileerror", function () {
      failures += 1;
      var status = document.getElementById(statusId);
      if (failures >= 4 && loaded === 0 && status) status.hidden = false;
    });
    layer.addTo(map);
    if (basemap.labels) {
      L.tileLayer(basemap.labels, { maxZoom: basemap.maxZoom,
        subdomains: basemap.subdomains || "abc" }).addTo(map);
    }
    return layer;
  }

  window.mapgenCore = {
    fmt: fmt, el: el, safeDecode: safeDecode, cssVar: cssVar, haversine: haversine,
    formatDistance: formatDistance,
    todayText: todayText, addBasemap: addBasemap
  };
})();
