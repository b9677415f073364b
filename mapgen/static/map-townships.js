/* The townships layer: every township shaded covered / not yet covered.
 *
 * mapgen.townshipsLayer(map, source, strings) -> {layer, drawn, at(latlng), popup(feature), labels}
 *   layer   the Leaflet layer (for the layer switcher)
 *   drawn   a Promise resolved once the first view is drawn
 *   at      a Promise of the township index under a point, or null
 *   popup   the popup content of a township (name linked to its page, coverage, stations)
 *   labels  (bounds, zoom) -> a Promise of the townships' names and label anchors near
 *           the view, for mapgen.townshipLabels (map-labels.js)
 *
 * One model, two renderers: a site with one cell of detail draws each township as an SVG
 * path (with its name on hover); a larger one draws canvas tiles from the level of detail
 * for the zoom, and a zoom shows the previous level's drawing until the new tiles are in.
 */
(function () {
  "use strict";

  var core = window.mapgenCore, el = core.el, fmt = core.fmt, mapgen = window.mapgen;

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

  // A township's outline as a Path2D, built once per level of detail and reused by every
  // tile at every zoom of that level (a zoom step then only rasterises). Coordinates are
  // relative to the shape's corner: canvas paths hold single-precision numbers, too coarse
  // for absolute world positions at street zooms.
  function pathOf(shape) {
    if (shape.path) return shape.path;
    var x0 = Infinity, y0 = Infinity;
    shape.world.forEach(function (ring) {
      for (var i = 0; i < ring.length; i += 2) {
        if (ring[i] < x0) x0 = ring[i];
        if (ring[i + 1] < y0) y0 = ring[i + 1];
      }
    });
    var path = new Path2D();
    shape.world.forEach(function (ring) {
      for (var i = 0; i < ring.length; i += 2) {
        if (i === 0) path.moveTo(ring[i] - x0, ring[i + 1] - y0);
        else path.lineTo(ring[i] - x0, ring[i + 1] - y0);
      }
      path.closePath();
    });
    shape.path = { path: path, x: x0, y: y0 };
    return shape.path;
  }

  function townshipsLayer(map, source, strings) {
    var manifest = source.manifest;
    var covered = core.cssVar("--covered", "#2f855a");
    var uncovered = core.cssVar("--uncovered", "#c05621");
    function fill(feature) {
      return manifest.covered.charAt(feature) === "1" ? covered : uncovered;
    }
    var vector = source.inline;
    var layer, drawn;

    if (vector) {
      layer = L.featureGroup();
      drawn = Promise.all([source.shapesIn(0, map.getBounds()), source.townships()])
        .then(function (loaded) {
          var names = loaded[1];
          loaded[0].forEach(function (shape) {
            var polygon = L.polygon(mapgen.MapData.latLngs(shape), {
              color: "#ffffff", weight: 1.2, opacity: 0.9, fillColor: fill(shape.feature),
              fillOpacity: 0.35, fillRule: "evenodd"
            });
            polygon.bindTooltip(el("span", null, names[shape.feature].name), { sticky: true });
            layer.addLayer(polygon);
          });
        });
    } else {
      var Tiles = L.GridLayer.extend({
        createTile: function (coords, done) {
          var tile = document.createElement("canvas");
          var size = this.getTileSize();
          var ratio = window.devicePixelRatio || 1;
          tile.width = size.x * ratio;
          tile.height = size.y * ratio;
          var nw = coords.scaleBy(size);
          var bounds = L.latLngBounds(map.unproject(nw, coords.z), map.unproject(nw.add(size), coords.z));
          source.shapesIn(source.levelFor(coords.z), bounds.pad(0.02)).then(function (shapes) {
            // Each tile draws in a task of its own, so the browser can paint between tiles.
            return new Promise(function (resolve) { setTimeout(function () { resolve(shapes); }, 0); });
          }).then(function (shapes) {
            var ctx = tile.getContext("2d");
            ctx.strokeStyle = "rgba(255,255,255,0.9)";
            var scale = Math.pow(2, coords.z), ox = nw.x, oy = nw.y;
            ctx.lineWidth = 0.8 / scale;
            shapes.forEach(function (s) {
              if (s.box[2] < bounds.getWest() || s.box[0] > bounds.getEast() ||
                  s.box[3] < bounds.getSouth() || s.box[1] > bounds.getNorth()) return;
              var shape = pathOf(s);
              ctx.setTransform(ratio * scale, 0, 0, ratio * scale,
                (shape.x * scale - ox) * ratio, (shape.y * scale - oy) * ratio);
              ctx.fillStyle = fill(s.feature);
              ctx.globalAlpha = 0.35;
              ctx.fill(shape.path, "evenodd");
              ctx.globalAlpha = 1;
              ctx.stroke(shape.path);
            });
            done(null, tile);
          }, function (error) { done(error, tile); });
          return tile;
        }
      });
      // updateWhenZooming false: during a zoom the old tiles are scaled, not redrawn.
      layer = new Tiles({ pane: "overlayPane", updateWhenZooming: false, keepBuffer: 2 });
      drawn = new Promise(function (resolve) { layer.once("load", resolve); });
    }

    function at(latlng) {
      var point = L.latLngBounds([latlng, latlng]);
      return source.shapesIn(source.levelFor(map.getZoom()), point).then(function (shapes) {
        for (var k = 0; k < shapes.length; k++) {
          var s = shapes[k], inside = false;
          if (latlng.lng < s.box[0] || latlng.lng > s.box[2] ||
              latlng.lat < s.box[1] || latlng.lat > s.box[3]) continue;
          for (var r = 0; r < s.rings.length; r++) {
            if (inRing(s.rings[r], latlng.lng, latlng.lat)) inside = !inside;
          }
          if (inside) return s.feature;
        }
        return null;
      });
    }

    function popup(feature) {
      return source.townships().then(function (rows) {
        var township = rows[feature];
        var box = el("div", "popup");
        var heading = el("h2", "popup-title");
        var link = core.dataText("a", null, township.name, township.zh.length, strings);
        link.href = core.pageUrl("townships", township.slug);
        heading.appendChild(link);
        box.appendChild(heading);
        box.appendChild(el("p", null,
          (manifest.covered.charAt(feature) === "1" ? strings.covered : strings.uncovered) +
          " · " + fmt(strings.station_count, { count: township.stations })));
        return box;
      });
    }

    function labels(bounds, zoom) {
      var level = source.levelFor(zoom);
      return Promise.all([source.shapesIn(level, bounds), source.townships()]).then(function (loaded) {
        var rows = loaded[1];
        return loaded[0].map(function (shape) {
          var township = rows[shape.feature];
          return {
            name: township.name, zh: township.zh.indexOf("name") !== -1,
            lon: shape.label[0], lat: shape.label[1], metres: shape.label[2]
          };
        });
      });
    }

    return { layer: layer, drawn: drawn, at: at, popup: popup, labels: labels };
  }

  window.mapgen.townshipsLayer = townshipsLayer;
})();
