/* The home page: map data, townships, stations, finder, list and "where am I" together.
 *
 * The same page app for every site size; what changes with size is only where the data
 * comes from (the page or data/map/) and how townships are drawn (SVG or canvas tiles).
 * <html data-ready="true"> is set once the townships of the first view, every matching
 * station and the list are in place; data-shown holds the number of matching stations
 * and data-sorted="distance" marks a list ordered from the reader's place; data-busy is
 * present while a search, filter, location or "show on map" is being applied.
 */
(function () {
  "use strict";

  var core = window.mapgenCore, mapgen = window.mapgen;
  var root = document.documentElement;
  core.pageChrome();
  var manifest = core.readJson("mapgen-data");
  if (!manifest) return;
  var S = window.mapgenStrings || {};
  var source = new mapgen.MapData(manifest);
  var hasLeaflet = typeof L !== "undefined" && typeof Supercluster !== "undefined";
  var mapNode = document.getElementById("map");
  var status = document.getElementById("status");
  var panel = document.getElementById("filter-panel");
  var filterCount = document.getElementById("filter-count");

  var map = null, townships = null, stations = null, locate = null;
  if (hasLeaflet && mapNode) {
    map = core.newMap("map", { zoomSnap: 0.25 }, S);
    core.addBasemap(map, manifest.basemap, "tile-status");
    var fitted = fitArea();
    // The map's box changes after the first fit (an embedded map shrinks as the list
    // fills in under it; a phone turns): until the view is moved, the area is fitted again.
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        var untouched = fitted === viewKey();
        map.invalidateSize({ pan: false });
        if (untouched) fitted = fitArea();
      }).observe(mapNode);
    }
    townships = mapgen.townshipsLayer(map, source, S);
    townships.layer.addTo(map);
    // Township names go and come with the townships in the layer switcher.
    var labels = mapgen.townshipLabels(townships.labels, S).addTo(map);
    map.on("overlayadd overlayremove", function (event) {
      if (event.layer !== townships.layer) return;
      if (event.type === "overlayadd") labels.addTo(map);
      else labels.remove();
    });
    stations = mapgen.stationsLayer(map, source, S);
    stations.layer.addTo(map);
    var overlays = {};
    overlays[S.townships] = townships.layer;
    overlays[S.stations] = stations.layer;
    core.addLayersControl(map, overlays, S);
    L.control.scale({ imperial: false }).addTo(map);
    map.on("click", function (event) {
      if (locate && locate.picking()) return;
      townships.at(event.latlng).then(function (feature) {
        if (feature === null) return null;
        return townships.popup(feature).then(function (box) {
          L.popup().setLatLng(event.latlng).setContent(box).openOn(map);
        });
      });
    });
  }

  function viewKey() {
    return map.getCenter().toString() + "@" + map.getZoom();
  }
  function fitArea() {
    map.fitBounds(manifest.bounds, { padding: [8, 8], animate: false });
    return viewKey();
  }

  // --- show on map: the marker's popup, with the focus in it and back again -----------
  var returnFocus = null;
  function showOnMap(index, button) {
    if (!map) return;
    returnFocus = button;
    document.querySelector(".map-area").scrollIntoView({ block: "nearest" });
    busy(stations.show(index).then(function (marker) {
      var popup = marker && marker.getPopup() && marker.getPopup().getElement();
      var link = popup && popup.querySelector("a");
      if (link) link.focus({ preventScroll: true });
    }));
  }
  if (map) {
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

  // --- finder, list -----------------------------------------------------------------------
  var list = new mapgen.StationList(source, S, { onShow: map ? showOnMap : null });
  var matches = null, listMode = "all", shownCount = manifest.total;

  function showStatus() {
    var message = core.fmt(S.shown, { shown: shownCount, total: manifest.total });
    status.textContent = locate && locate.origin ? message + " · " + S.located : message;
  }

  function refreshList() {
    return list.update(matches, {
      origin: locate && locate.origin,
      bounds: map ? map.getBounds() : null
    }).then(function (mode) { listMode = mode; });
  }

  function apply(finder) {
    var count = finder.active();
    if (filterCount) filterCount.textContent = count ? core.fmt(S.filters_active, { count: count }) : "";
    return finder.matcher().then(function (fn) {
      matches = fn;
      return source.points();
    }).then(function (points) {
      shownCount = 0;
      for (var i = 0; i < points.count; i++) if (matches(i)) shownCount += 1;
      root.setAttribute("data-shown", String(shownCount));
      showStatus();
      return Promise.all([
        stations ? stations.setFilter(matches) : null,
        refreshList(),
        list.townships(finder)
      ]);
    });
  }

  // data-busy is on the page while a change is being applied (data may be loading).
  var pending = 0;
  function busy(promise) {
    pending += 1;
    root.setAttribute("data-busy", "true");
    function done() {
      pending -= 1;
      if (!pending) root.removeAttribute("data-busy");
    }
    promise.then(done, done);
    return promise;
  }

  var finder = new mapgen.Finder(document.getElementById("finder"), source, {
    onChange: function (finder, how) {
      busy(apply(finder).then(function () {
        if (!how.submitted) return;
        // Enter in the search box goes to the first result: a station, else a township.
        var first = document.querySelector("#station-list .station-item a") ||
          document.querySelector("#township-list .township-item a");
        if (first) first.focus();
      }));
    }
  });

  // --- the nearest station: a card over the map, the map framing reader and station --------
  var card = document.getElementById("nearest-card");
  var cardBody = document.getElementById("nearest-station");
  function showNearest(origin) {
    return source.points().then(function (points) {
      var best = -1, bestMetres = Infinity;
      for (var i = 0; i < points.count; i++) {
        if (matches && !matches(i)) continue;
        var metres = core.haversine(origin.lat, origin.lon, points.lat[i], points.lon[i]);
        if (metres < bestMetres) { best = i; bestMetres = metres; }
      }
      if (best < 0 || !card) {
        document.getElementById("list-area").focus();
        return null;
      }
      if (map) {
        map.fitBounds(L.latLngBounds([[origin.lat, origin.lon],
          [points.lat[best], points.lon[best]]]), { padding: [40, 40], maxZoom: 16 });
      }
      return source.station(best).then(function (station) {
        var entry = list.item(station, best, bestMetres);
        entry.classList.add("nearest-item");
        // From the card straight to what the station offers: its service menu.
        var name = entry.querySelector(".station-name a");
        if (name) name.href += "#services";
        cardBody.replaceChildren(entry);
        card.hidden = false;
        card.setAttribute("data-id", station.id);
        showStatus();
        status.textContent += " · " + core.fmt(S.nearest_is, {
          name: station.name, distance: core.formatDistance(S, bestMetres) });
        card.focus({ preventScroll: true });
      });
    });
  }
  if (card) {
    document.getElementById("nearest-close").addEventListener("click", function () {
      card.hidden = true;
      var back = document.getElementById("locate");
      if (back && !back.hidden) back.focus();
    });
    document.getElementById("nearest-all").addEventListener("click", function () {
      var area = document.getElementById("list-area");
      area.scrollIntoView({ block: "start" });
      area.focus({ preventScroll: true });
    });
  }

  locate = new mapgen.Locate(map, manifest, S, {
    status: status,
    onLocate: function (origin) {
      showStatus();
      busy(refreshList().then(function () {
        showStatus();
        root.setAttribute("data-sorted", "distance");
        return showNearest(origin);
      }));
    }
  });

  if (map) {
    // After a zoom or pan has painted: markers (and a list of what is in view) follow.
    map.on("moveend", function () {
      setTimeout(function () {
        stations.draw();
        if (listMode === "view" && matches) refreshList();
      }, 0);
    });
  }

  if (panel && window.matchMedia("(min-width: 900px)").matches) panel.open = true;
  if (panel && finder.active()) panel.open = true;
  Promise.all([apply(finder), townships ? townships.drawn : null]).then(function () {
    root.setAttribute("data-ready", "true");
  }, function (error) {
    root.setAttribute("data-ready", "true");
    throw error;
  });
})();
