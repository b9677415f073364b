/* Helpers shared by mapgen's page scripts (loaded first on every page), and what every
 * page does: the print button and a language switch that keeps the reader's place. */
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

  // Today's opening hours from a parsed week (Monday first), or null when unknown; today
  // on the stations' clock (hours.js) where the page has it, as "open now" is.
  function todayText(strings, week) {
    if (!week) return null;
    var hours = window.mapgenHours ? window.mapgenHours.today(week, new Date())
      : week[(new Date().getDay() + 6) % 7];
    return hours ? strings.today + " " + hours : strings.closed_today;
  }

  // "Open now, closes at 17:00" or when it opens next, on the stations' clock (hours.js);
  // null when the hours were not understood or the page has no hours.js.
  function openText(strings, week) {
    var hours = window.mapgenHours;
    if (!hours) return null;
    return hours.describe(hours.state(week, new Date()), strings, window.mapgenWeekdays || []);
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

  // Search text and queries compared the same way: NFKC, lower case.
  function normalise(text) {
    return String(text || "").normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  }

  function words(text) {
    return String(text || "").normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean);
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

  // A Leaflet map whose controls speak the page's language; window.mapgenMap is it.
  function newMap(id, options, strings) {
    options.zoomControl = false;
    if (options.maxZoom === undefined) options.maxZoom = 18;
    var map = L.map(id, options);
    L.control.zoom({ zoomInTitle: strings.zoom_in, zoomOutTitle: strings.zoom_out }).addTo(map);
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", strings.close);
        close.title = strings.close;
      }
    });
    window.mapgenMap = map;
    return map;
  }

  // The layer switcher, with its toggle named in the page's language.
  function addLayersControl(map, overlays, strings) {
    var control = L.control.layers(null, overlays, { collapsed: true }).addTo(map);
    var toggle = control.getContainer().querySelector(".leaflet-control-layers-toggle");
    if (toggle) {
      toggle.title = strings.layers;
      toggle.setAttribute("aria-label", strings.layers);
    }
    return control;
  }

  // A text from data; on an English page, a Chinese fallback is marked as such.
  function dataText(tag, className, text, chinese, strings) {
    var node = el(tag, className);
    if (!chinese) {
      node.textContent = text;
      return node;
    }
    var span = el("span", null, text);
    span.lang = "zh-CN";
    node.appendChild(span);
    node.appendChild(el("span", "fallback", strings.fallback));
    return node;
  }

  // Notes on a map (legend, "no background map") that fold behind a button: folded on a
  // phone, where open they would push the list away, open on wider screens. The button
  // says which (aria-expanded); the reader's own choice stands until the width class changes.
  var PHONE = "(max-width: 599px)";
  function folds() {
    var toggles = document.querySelectorAll(".fold-toggle");
    if (!toggles.length) return;
    var phone = window.matchMedia(PHONE);
    function set(button, open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      var body = document.getElementById(button.getAttribute("aria-controls"));
      if (body) body.hidden = !open;
    }
    function reset() {
      Array.prototype.forEach.call(toggles, function (button) { set(button, !phone.matches); });
    }
    Array.prototype.forEach.call(toggles, function (button) {
      button.addEventListener("click", function () {
        set(button, button.getAttribute("aria-expanded") !== "true");
      });
    });
    reset();
    if (phone.addEventListener) phone.addEventListener("change", reset);
    else if (phone.addListener) phone.addListener(reset);
  }

  function pageChrome() {
    folds();
    Array.prototype.forEach.call(document.querySelectorAll(".print-button"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    // The language switch keeps the reader where they are: same page, search and section.
    Array.prototype.forEach.call(document.querySelectorAll("a.lang-switch"), function (link) {
      link.addEventListener("click", function () {
        link.href = link.href.split(/[?#]/)[0] + window.location.search + window.location.hash;
      });
    });
  }

  // The page of a station or township (mapgen.pagenames.page_path): its own file on a
  // small site, the one page drawn from data on a large one (<html data-pages="drawn">).
  function pageUrl(kind, slug, up) {
    var drawn = document.documentElement.getAttribute("data-pages") === "drawn";
    return (up || "") + kind +
      (drawn ? "/index.html?id=" + encodeURIComponent(slug) : "/" + slug + ".html");
  }

  // A station's or township's page data: inline on a small site's page; on a large site
  // the page is first drawn from its record (page-record.js), then resolves the same way.
  function pageData(kind) {
    var manifest = readJson("mapgen-data");
    return manifest && manifest.records
      ? window.mapgen.drawnPage(kind, manifest) : Promise.resolve(manifest);
  }

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  window.mapgenCore = {
    fmt: fmt, el: el, cssVar: cssVar, haversine: haversine, formatDistance: formatDistance,
    todayText: todayText, openText: openText, addBasemap: addBasemap, normalise: normalise, words: words,
    safeDecode: safeDecode, wgsToGcj: wgsToGcj, newMap: newMap, addLayersControl: addLayersControl,
    dataText: dataText, pageChrome: pageChrome, readJson: readJson, pageUrl: pageUrl, pageData: pageData
  };
  window.mapgen = window.mapgen || {};
})();
