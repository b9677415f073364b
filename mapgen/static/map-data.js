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
 *   source.weeks()         -> {weeks: [parsed week, each once], number: [by station index:
 *                              1 + its week's place in weeks, 0 = hours not understood]}
 *   source.shapesIn(level, bounds) -> township shapes touching an L.LatLngBounds:
 *                              {feature, rings, world, box, label: [lon, lat, metres]}
 *                              (label: where its name goes, the room around it)
 *   source.levelFor(zoom)  -> the level of detail drawn at that zoom
 *   source.outline(level, township) -> one township's shape (station and township pages)
 *   source.outlines(level, [township]) -> their shapes, in that order (null if missing)
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
    this._indexes = {};
    this._wholes = {};
  }

  // The cells of a level that exist: key -> [pack, offset, length] for a packed level
  // (its index file, loaded once), key -> true when the manifest lists them.
  MapData.prototype._cells = function (levelIndex) {
    var level = this.manifest.levels[levelIndex];
    if (!this._indexes[levelIndex]) {
      if (level.index) {
        this._indexes[levelIndex] = this.load(level.index).then(function (table) {
          var found = {};
          table.rows.forEach(function (row) { found[row[0]] = row.slice(1); });
          return found;
        });
      } else {
        var found = {};
        level.cells.forEach(function (key) { found[key] = true; });
        this._indexes[levelIndex] = Promise.resolve(found);
      }
    }
    return this._indexes[levelIndex];
  };

  var decoder = typeof TextDecoder !== "undefined" ? new TextDecoder() : null;
  function parse(buffer) { return JSON.parse(decoder.decode(buffer)); }

  // Part of a pack: an HTTP range request; when the server answers with the whole file
  // instead (no range support), later parts of that pack come from that one download.
  MapData.prototype._part = function (pack, offset, length) {
    var self = this, url = this.manifest.base + pack;
    function slice(buffer) { return parse(buffer.slice(offset, offset + length)); }
    function whole() {
      if (!self._wholes[pack]) {
        self._wholes[pack] = fetch(url).then(function (response) {
          if (!response.ok) throw new Error(pack + ": " + response.status);
          return response.arrayBuffer();
        });
      }
      return self._wholes[pack].then(slice);
    }
    function read() {
      var range = "bytes=" + offset + "-" + (offset + length - 1);
      return fetch(url, { headers: { Range: range } }).then(function (response) {
        if (!response.ok) throw new Error(pack + ": " + response.status);
        if (response.status === 206) {
          return response.arrayBuffer().then(function (buffer) {
            return { partial: true, value: parse(buffer) };
          });
        }
        if (!self._wholes[pack]) self._wholes[pack] = response.arrayBuffer();
        return self._wholes[pack].then(function (buffer) {
          return { partial: false, value: slice(buffer) };
        });
      });
    }
    if (this._wholes[pack]) return this._wholes[pack].then(slice);
    if (!this._ranges) {
      // The first read finds out whether the server answers ranges; the rest wait for it.
      var first = read();
      this._ranges = first.then(function (result) { return result.partial; }, function (error) {
        self._ranges = null;
        throw error;
      });
      return first.then(function (result) { return result.value; });
    }
    return this._ranges.then(function (partial) {
      return partial ? read().then(function (result) { return result.value; }) : whole();
    });
  };

  // One chunk of township shapes: from the page, a file, or a part of a pack.
  MapData.prototype.cell = function (levelIndex, key) {
    var self = this;
    if (!this.manifest.levels[levelIndex].index) return this.load("t" + levelIndex + "/" + key + ".json");
    var id = levelIndex + "/" + key;
    if (!this._cache[id]) {
      this._cache[id] = this._cells(levelIndex).then(function (found) {
        var entry = found[key];
        return self._part("t" + levelIndex + "/" + entry[0], entry[1], entry[2]);
      });
    }
    return this._cache[id];
  };

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

  MapData.prototype.weeks = function () {
    if (!this._weeks) {
      this._weeks = this.load(this.manifest.lang + "/weeks.json").then(function (table) {
        return { weeks: table.weeks, number: table.w };
      });
    }
    return this._weeks;
  };

  MapData.prototype.levelFor = function (zoom) {
    var chosen = 0;
    this.manifest.levels.forEach(function (level, i) { if (zoom >= level.minZoom) chosen = i; });
    return chosen;
  };

  MapData.prototype.cellsFor = function (levelIndex, bounds) {
    var level = this.manifest.levels[levelIndex];
    return this._cells(levelIndex).then(function (found) {
      if (!level.cell) return Object.keys(found);
      var keys = [], size = level.cell;
      var x0 = Math.floor(bounds.getWest() / size), x1 = Math.floor(bounds.getEast() / size);
      var y0 = Math.floor(bounds.getSouth() / size), y1 = Math.floor(bounds.getNorth() / size);
      for (var x = x0; x <= x1; x++) {
        for (var y = y0; y <= y1; y++) {
          if (found[x + "_" + y]) keys.push(x + "_" + y);
        }
      }
      return keys;
    });
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
    var anchor = chunk.a[position];
    this._decoded[id] = {
      feature: chunk.f[position], rings: rings, world: world, box: box,
      label: [anchor[0] * q, anchor[1] * q, anchor[2]]
    };
    return this._decoded[id];
  };

  MapData.prototype.shapesIn = function (levelIndex, bounds) {
    var self = this;
    return this.cellsFor(levelIndex, bounds).then(function (keys) {
      return Promise.all(keys.map(function (key) { return self.cell(levelIndex, key); }));
    }).then(function (loaded) {
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

  // Townships' shapes at a level, from the cells the manifest lists for that level.
  MapData.prototype.outlines = function (levelIndex, features) {
    var self = this;
    var paths = this.manifest.levels[levelIndex].cells.map(function (key) {
      return self.cell(levelIndex, key);
    });
    return Promise.all(paths).then(function (loaded) {
      return features.map(function (feature) {
        for (var c = 0; c < loaded.length; c++) {
          var position = loaded[c].f.indexOf(feature);
          if (position !== -1) return self._shape(levelIndex, loaded[c], position);
        }
        return null;
      });
    });
  };

  MapData.prototype.outline = function (levelIndex, feature) {
    return this.outlines(levelIndex, [feature]).then(function (shapes) { return shapes[0]; });
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
