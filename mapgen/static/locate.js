/* "Where am I": the browser's location, a tap on the map, or with a keyboard the cross in
 * the map's centre.
 *
 * var locate = new mapgen.Locate(map, manifest, strings, {onLocate: fn({lat, lon}), status});
 *   locate.picking() -> true while a tap on the map picks the place (the caller's other
 *                       click handlers stay quiet then)
 *   locate.origin    -> the chosen place {lat, lon} in the map's datum, or null
 * The caller frames the map (onLocate): the reader's place and the nearest station.
 * The browser reports WGS84; over GCJ-02 tiles (Amap) the place is shifted onto them.
 */
(function () {
  "use strict";

  var core = window.mapgenCore, el = core.el;

  function Locate(map, manifest, strings, options) {
    var self = this, S = strings;
    var status = options.status;
    var mapArea = document.querySelector(".map-area");
    var mapNode = map ? map.getContainer() : null;
    var crosshair = mapArea && mapArea.querySelector(".crosshair");
    var here = null, active = false;
    this.origin = null;

    function chosen(lat, lon) {
      self.origin = { lat: lat, lon: lon };
      if (map) {
        if (here) map.removeLayer(here);
        // Its own symbol (a ringed square), never mistaken for a station's round marker.
        here = L.marker([lat, lon], { keyboard: false, zIndexOffset: 1000,
          icon: L.divIcon({ className: "here-marker", iconSize: [22, 22] }) }).addTo(map);
        here.bindTooltip(el("span", null, S.you_are_here), { permanent: false });
      }
      options.onLocate(self.origin);
    }

    var locateButton = document.getElementById("locate");
    if (locateButton && navigator.geolocation) {
      locateButton.hidden = false;
      locateButton.addEventListener("click", function () {
        status.textContent = S.locating;
        navigator.geolocation.getCurrentPosition(function (position) {
          var lon = position.coords.longitude, lat = position.coords.latitude;
          if (manifest.datum === "gcj02") {
            var shifted = core.wgsToGcj(lon, lat);
            lon = shifted[0]; lat = shifted[1];
          }
          chosen(lat, lon);
        }, function () {
          status.textContent = S.locate_failed;
        }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 });
      });
    }

    this.picking = function () { return active; };
    var pick = document.getElementById("pick-location");
    if (!map || !pick) return;

    function stop() {
      active = false;
      mapArea.classList.remove("is-picking");
      if (crosshair) crosshair.hidden = true;
    }
    pick.hidden = false;
    pick.addEventListener("click", function () {
      active = true;
      mapArea.classList.add("is-picking");
      if (crosshair) crosshair.hidden = false;
      status.textContent = S.pick_hint;
      mapArea.scrollIntoView({ block: "nearest" });
      mapNode.focus({ preventScroll: true });
    });
    map.on("click", function (event) {
      if (!active) return;
      stop();
      chosen(event.latlng.lat, event.latlng.lng);
    });
    mapNode.addEventListener("keydown", function (event) {
      if (!active || event.target !== mapNode) return;
      if (event.key === "Enter") {
        event.preventDefault();
        stop();
        var centre = map.getCenter();
        chosen(centre.lat, centre.lng);  // the caller moves the focus to the result
      } else if (event.key === "Escape") {
        stop();
        status.textContent = S.pick_cancelled;
        pick.focus();
      }
    });
  }

  window.mapgen.Locate = Locate;
})();
