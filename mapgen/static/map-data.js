/* The home map's data source, the same for a district and for the whole country.
 *
 * new mapgen.MapData(manifest) reads the files described in mapgen/render/mapdata.py:
 * from the manifest itself when the page carries them ("files": a small site, which also
 * works from file://), else fetched once each from manifest.base. Every call returns a
 * Promise; with inline files it resolves in the same task.
 *
 *   source.points()        -> {count, lon, lat (Float64Array), services [[category index]],
 *                              types [number], tiers [number], order [list rank]}
 *   source.stations(list)  -> [{id, slug, name, venue, township, township_slug, hours,
 *                              week, zh}] for the given station indexes
 *   source.townships()     -> [{name, slug, stations, nearest, search, zh}] by index
 *   source.searchTexts()   -> [normalised search text] by station index
 *   source.shapesIn(level, bounds) -> township shapes touching an L.LatLngBounds
 *   source.levelFor(zoom)  -> the level of detail drawn at that zoom
 *   source.outline(level, township) -> one township's shape (station and township pages)
 */
(function () {
  "use strict";

  var core = window.mapgenCore;

  function MapData(manifest) {
    this.manifest = manifest;
    this.inline = !!manifest.files;
    this._cache = {};
    this._records = {};
    this._decoded = {};
    this._cellOf = [];
    var cellOf = this._cellOf;
    manifest.cells.forEach(function (run) {
      for (var i = run[1]; i < run[2]; i++) cellOf[i] = run[0];
    });
    this._levelSets = manifest.levels.map(function (level) {
      var set = {};
      level.cells.forEach(function (key) { set[key] = true; });
      return set;
    });
  }

  MapData.prototype.load = function (path) {
    if (!this._cache[path]) {
      var files = this.manifest.files;
      if (files) {
        this._cache[path] = Object.prototype.hasOwnProperty.call(files, path)
          ? Promise.resolve(files[path])
          : Promise.reject(new Error(path + " is not in the page"));
      } else {
        this._cache[path] = fetch(this.manifest.base + path).then(function (response) {
          if (!response.ok) throw new Error(path + ": " + response.status);
          return response.json();
        });
      }
    }
    return this._cache[path];
  };

  function records(table) {
    return table.rows.map(function (row) {
      var record = {};
      for (var k = 0; k < table.fields.length; k++) record[table.fields[k]] = row[k];
      return record;
    });
  }

  MapData.prototype.points = function () {
    if (!this._points) {
      this._points = this.load("points.json").then(function (p) {
        var n = p.x.length, lon = new Float64Array(n), lat = new Float64Array(n), x = 0, y = 0;
        for (var i = 0; i < n; i++) {
          x += p.x[i]; y += p.y[i];
          lon[i] = x * p.q; lat[i] = y * p.q;
        }
        return { count: n, lon: lon, lat: lat, services: p.s, types: p.t, tiers: p.r, order: p.o };
      });
    }
    return this._points;
  };

  MapData.prototype.station = function (index) {
    var self = this, cell = this._cellOf[index];
    if (cell === undefined) return Promise.reject(new Error("no station " + index));
    var path = this.manifest.lang + "/s/" + cell + ".json";
    if (!this._records[path]) {
      this._records[path] = this.load(path).then(function (chunk) {
        return { start: chunk.start, list: records(chunk) };
      });
    }
    return this._records[path].then(function (chunk) { return chunk.list[index - chunk.start]; });
  };

  MapData.prototype.stations = function (indexes) {
    return Promise.all(indexes.map(this.station, this));
  };

  MapData.prototype.townships = function () {
    if (!this._townships) {
      this._townships = this.load(this.manifest.lang + "/townships.json").then(records);
    }
    return this._townships;
  };

  MapData.prototype.searchTexts = function () {
    if (!this._search) {
      this._search = this.load("search.json").then(function (texts) {
        return texts.map(core.normalise);
      });
    }
    return this._search;
  };

  MapData.prototype.levelFor = function (zoom) {
    var chosen = 0;
    this.manifest.levels.forEach(function (level, i) { if (zoom >= level.minZoom) chosen = i; });
    return chosen;
  };

  MapData.prototype.cellsFor = function (levelIndex, bounds) {
    var level = this.manifest.levels[levelIndex];
    if (!level.cell) return level.cells.slice();
    var keys = [], size = level.cell;
    var x0 = Math.floor(bounds.getWest() / size), x1 = Math.floor(bounds.getEast() / size);
    var y0 = Math.floor(bounds.getSouth() / size), y1 = Math.floor(bounds.getNorth() / size);
    for (var x = x0; x <= x1; x++) {
      for (var y = y0; y <= y1; y++) {
        if (this._levelSets[levelIndex][x + "_" + y]) keys.push(x + "_" + y);
      }
    }
    return keys;
  };

  // A township's rings in degrees and in Web Mercator at zoom 0 (a 256 px world), decoded
  // once: canvas tiles only scale and shift them.
  MapData.prototype._shape = function (levelIndex, chunk, position) {
    var id = levelIndex + ":" + chunk.f[position];
    if (this._decoded[id]) return this._decoded[id];
    var q = chunk.q, rings = [], world = [], box = [Infinity, Infinity, -Infinity, -Infinity];
    chunk.g[position].forEach(function (polygon) {
      polygon.forEach(function (ring) {
        var out = new Float64Array(ring.length), xy = new Float64Array(ring.length);
        var x = 0, y = 0;
        for (var i = 0; i < ring.length; i += 2) {
          x = i === 0 ? ring[0] : x + ring[i];
          y = i === 0 ? ring[1] : y + ring[i + 1];
          out[i] = x * q; out[i + 1] = y * q;
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
    this._decoded[id] = { feature: chunk.f[position], rings: rings, world: world, box: box };
    return this._decoded[id];
  };

  MapData.prototype.shapesIn = function (levelIndex, bounds) {
    var self = this;
    var paths = this.cellsFor(levelIndex, bounds).map(function (key) {
      return self.load("t" + levelIndex + "/" + key + ".json");
    });
    return Promise.all(paths).then(function (loaded) {
      var seen = {}, shapes = [];
      loaded.forEach(function (chunk) {
        for (var i = 0; i < chunk.f.length; i++) {
          if (seen[chunk.f[i]]) continue;
          seen[chunk.f[i]] = true;
          shapes.push(self._shape(levelIndex, chunk, i));
        }
      });
      return shapes;
    });
  };

  // One township's shape at a level, from the cells the manifest lists for that level.
  MapData.prototype.outline = function (levelIndex, feature) {
    var self = this;
    var paths = this.manifest.levels[levelIndex].cells.map(function (key) {
      return self.load("t" + levelIndex + "/" + key + ".json");
    });
    return Promise.all(paths).then(function (loaded) {
      for (var c = 0; c < loaded.length; c++) {
        var position = loaded[c].f.indexOf(feature);
        if (position !== -1) return self._shape(levelIndex, loaded[c], position);
      }
      return null;
    });
  };

  // Leaflet's [lat, lng] rings of a decoded shape.
  MapData.latLngs = function (shape) {
    return shape.rings.map(function (ring) {
      var points = [];
      for (var i = 0; i < ring.length; i += 2) points.push([ring[i + 1], ring[i]]);
      return points;
    });
  };

  window.mapgen.MapData = MapData;
})();
