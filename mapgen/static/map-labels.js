/* Township names on a map, without hovering: each shown where it fits inside its
 * township at the zoom in view, bigger townships first, never two overlapping.
 *
 * mapgen.townshipLabels(candidates, strings) -> an L.Layer
 *   candidates(bounds, zoom) -> a Promise of [{name, zh, lon, lat, metres}], the
 *     townships near the view: the name in the page's language (zh: a Chinese name on an
 *     English page, marked with strings.fallback), the label anchor and the radius in
 *     metres of the circle around it that lies inside the township (the map data's "a",
 *     see mapgen/render/labels.py).
 *
 * Placed again after every move and zoom, in a pane of their own between the townships
 * and the markers. Names catch no clicks and are hidden from screen readers (the page's
 * lists name every township already). The map's container says what was placed:
 * data-labels (how many names) and data-labels-zoom (for which zoom).
 */
(function () {
  "use strict";

  var core = window.mapgenCore;
  var EQUATOR = 40075016.686 / 256; // metres per pixel on the equator at zoom 0
  var GAP = 4; // px kept free between two names
  var EDGE = 2; // px kept free along the map's edges

  var TownshipLabels = L.Layer.extend({
    initialize: function (candidates, strings) {
      this._candidates = candidates;
      this._strings = strings || {};
      this._request = 0;
      this._widths = {};
    },

    onAdd: function (map) {
      var pane = map.getPane("labels") || map.createPane("labels");
      pane.setAttribute("aria-hidden", "true");
      this._box = L.DomUtil.create("div", "township-labels", pane);
      this._update();
    },

    onRemove: function (map) {
      this._request += 1;
      L.DomUtil.remove(this._box);
      this._box = null;
      map.getContainer().removeAttribute("data-labels");
      map.getContainer().removeAttribute("data-labels-zoom");
    },

    getEvents: function () {
      // The pane is not scaled during a zoom animation: hide the names until placed again.
      return { zoomstart: this._hide, moveend: this._update };
    },

    _hide: function () {
      if (this._box) this._box.style.visibility = "hidden";
    },

    _update: function () {
      var self = this, map = this._map, request = ++this._request;
      if (!map || !this._box) return;
      var zoom = map.getZoom(), bounds = map.getBounds();
      this._candidates(bounds, zoom).then(function (list) {
        if (request === self._request && self._box) self._place(list, zoom, bounds);
      });
    },

    // The label font, read once from the stylesheet, for measuring names on a canvas
    // (no layout per name).
    _font: function () {
      if (!this._metrics) {
        var probe = L.DomUtil.create("div", "township-label", this._box);
        probe.textContent = "国";
        var style = window.getComputedStyle(probe);
        var context = document.createElement("canvas").getContext("2d");
        context.font = [style.fontStyle, style.fontWeight, style.fontSize, style.fontFamily].join(" ");
        this._metrics = { context: context, height: probe.offsetHeight || 16 };
        L.DomUtil.remove(probe);
      }
      return this._metrics;
    },

    _width: function (text) {
      if (!Object.prototype.hasOwnProperty.call(this._widths, text)) {
        this._widths[text] = Math.ceil(this._font().context.measureText(text).width);
      }
      return this._widths[text];
    },

    _place: function (list, zoom, bounds) {
      var map = this._map, size = map.getSize(), font = this._font(), self = this;
      var height = font.height, scale = Math.pow(2, zoom) / EQUATOR;
      var fitting = [];
      list.forEach(function (label) {
        if (!label.metres || !bounds.contains([label.lat, label.lon])) return;
        var radius = label.metres * scale / Math.cos(label.lat * Math.PI / 180); // px
        if (radius < height) return; // not even one character fits
        var text = label.zh ? label.name + (self._strings.fallback || "") : label.name;
        var width = self._width(text);
        // The name's box must lie inside the inscribed circle, so inside the township.
        if (width * width + height * height > 4 * radius * radius) return;
        var at = map.latLngToContainerPoint([label.lat, label.lon]);
        var x = Math.round(at.x - width / 2), y = Math.round(at.y - height / 2);
        if (x < EDGE || y < EDGE || x + width > size.x - EDGE || y + height > size.y - EDGE) return;
        fitting.push({ label: label, metres: label.metres, box: [x, y, x + width, y + height] });
      });
      // Bigger townships first; the same order on every run for the same view.
      fitting.sort(function (a, b) {
        return b.metres - a.metres || (a.label.name < b.label.name ? -1 : a.label.name > b.label.name ? 1 : 0);
      });
      var placed = [];
      fitting.forEach(function (candidate) {
        var box = candidate.box;
        for (var i = 0; i < placed.length; i++) {
          var other = placed[i].box;
          if (box[0] < other[2] + GAP && other[0] < box[2] + GAP &&
              box[1] < other[3] + GAP && other[1] < box[3] + GAP) return;
        }
        placed.push(candidate);
      });
      var fragment = document.createDocumentFragment();
      var origin = map.containerPointToLayerPoint([0, 0]);
      placed.forEach(function (candidate) {
        var label = candidate.label;
        var node = core.dataText("div", "township-label", label.name, label.zh, self._strings);
        node.style.left = (candidate.box[0] + origin.x) + "px";
        node.style.top = (candidate.box[1] + origin.y) + "px";
        fragment.appendChild(node);
      });
      this._box.textContent = "";
      this._box.appendChild(fragment);
      this._box.style.visibility = "";
      var container = map.getContainer();
      container.setAttribute("data-labels", String(placed.length));
      container.setAttribute("data-labels-zoom", String(zoom));
    }
  });

  window.mapgen.townshipLabels = function (candidates, strings) {
    return new TownshipLabels(candidates, strings);
  };
})();
