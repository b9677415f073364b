/* The finder: search words, service / type / tier / open-now filters, kept in the address.
 *
 * var finder = new mapgen.Finder(form, source, {onChange: fn});
 *   finder.state()    -> {query, words, services, types, tiers, open} as the form shows them
 *   finder.matcher()  -> Promise of a function (station index) -> bool for that state;
 *                        loads the search texts only when there are words, the stations'
 *                        weeks (MapData.weeks) only when "open now" is ticked
 *   finder.matchesText(text) -> whether a text (e.g. a township's names) has every word
 *   finder.matchesTownship(township) -> whether a township record (MapData.townships())
 *                        is found by the search: by the search index, else by its names
 *   finder.active()   -> how many filters are ticked
 * onChange(finder) runs after typing pauses, a box is ticked, the form is submitted
 * ({submitted: true}) or cleared, and, while "open now" is ticked, when a minute turns and
 * the stations open change. The state lives in the address (?q=…&service=…&type=…&tier=…
 * &open=1) so a reload, a shared link or the language switch shows the same selection.
 *
 * "Open now" is judged by static/hours.js on the stations' clock, from each station's
 * parsed week; a station whose hours were not understood is not open now (it is only
 * left out while that box is ticked).
 *
 * A station matches a word when its names, venue or township (any language) contain it,
 * or the name of one of its services, its venue type or its tier does. Where the site
 * ships a search index (mapgen/search.py, static/search.js: small sites), a station or
 * township the index finds for the query matches too: pinyin, initials, both scripts,
 * generic words ignored, small typos. A large site's index would cost megabytes on every
 * visit, so there the words are matched against the map data's search texts only.
 */
(function () {
  "use strict";

  var core = window.mapgenCore;
  var KEYS = ["service", "type", "tier"];

  function Finder(form, source, options) {
    this.form = form;
    this.search = form.querySelector("input[type=search]");
    this.source = source;
    this.options = options || {};
    this._restore();
    var self = this, timer = null;
    function changed(extra) {
      clearTimeout(timer);
      self._remember();
      if (self.options.onChange) self.options.onChange(self, extra || {});
    }
    this.search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(changed, 120);
    });
    form.addEventListener("change", function (event) {
      if (event.target !== self.search) changed();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      changed({ submitted: true });
    });
    form.addEventListener("reset", function () { setTimeout(changed, 0); });
    // Open now changes with the clock. Each minute, while the box is ticked, the weeks open
    // are worked out again (one answer per distinct week: cheap) and a change applied.
    function tick() {
      setTimeout(function () {
        tick();
        if (!self.state().open || self._openNow === undefined) return;
        source.weeks().then(function (table) {
          if (openWeeks(table, new Date()).join() !== self._openNow) changed();
        });
      }, 60000 - Date.now() % 60000 + 100);
    }
    tick();
  }

  // For 1 + each week's place in the table: whether it is open at ``now``; at 0 (hours not
  // understood) never.
  function openWeeks(table, now) {
    var hours = window.mapgenHours;
    return [false].concat(table.weeks.map(function (week) {
      return !!hours && hours.isOpen(week, now) === true;
    }));
  }

  Finder.prototype.checked = function (name) {
    return Array.prototype.filter.call(this.form.querySelectorAll("input[name=" + name + "]"),
      function (input) { return input.checked; }).map(function (input) { return input.value; });
  };

  Finder.prototype.state = function () {
    return {
      query: this.search.value.trim(),
      words: core.words(this.search.value),
      services: this.checked("service"),
      types: this.checked("type"),
      tiers: this.checked("tier"),
      open: this.checked("open").length > 0
    };
  };

  Finder.prototype.active = function () {
    var state = this.state();
    return state.services.length + state.types.length + state.tiers.length + (state.open ? 1 : 0);
  };

  Finder.prototype.matchesText = function (text) {
    var normal = core.normalise(text);
    return this.state().words.every(function (word) { return normal.indexOf(word) !== -1; });
  };

  Finder.prototype.matchesTownship = function (township) {
    var hits = this.indexHits();
    return !!(hits && hits.townships[township.slug]) || this.matchesText(township.search);
  };

  // What the search index finds for the query: {stations: {id: true}, townships: {slug:
  // true}}, or null without an index or a query. A township's nearest station is named in
  // the township's own line already, so it is not counted as found itself.
  Finder.prototype.indexHits = function () {
    var index = window.mapgenSearch && window.mapgenSearchIndex;
    var query = this.state().query;
    if (!index || !query) return null;
    if (this._hits && this._hits.query === query) return this._hits;
    var hits = { query: query, stations: {}, townships: {} };
    window.mapgenSearch.match(index, query).forEach(function (result) {
      if (result.type === "township") hits.townships[result.slug] = true;
      else if (result.nearest === undefined) hits.stations[result.id] = true;
    });
    this._hits = hits;
    return hits;
  };

  // For each word, the numbers of the categories / types / tiers whose names contain it.
  function namedBy(words, entries, nameOf) {
    return words.map(function (word) {
      var found = {};
      entries.forEach(function (entry, n) {
        if (core.normalise(nameOf(entry)).indexOf(word) !== -1) found[n] = true;
      });
      return found;
    });
  }

  Finder.prototype.matcher = function () {
    var self = this, state = this.state(), manifest = this.source.manifest, source = this.source;
    var categoryNumber = {};
    manifest.categories.forEach(function (c, n) { categoryNumber[c.id] = n; });
    var services = state.services.map(function (id) {
      return id in categoryNumber ? categoryNumber[id] : -1;
    });
    var types = state.types.map(function (id) {
      for (var n = 0; n < manifest.types.length; n++) if (manifest.types[n].id === id) return n + 1;
      return -1;
    });
    var tiers = state.tiers.map(function (id) { return manifest.tiers.indexOf(id) + 1 || -1; });
    var words = state.words;
    var byCategory = namedBy(words, manifest.categories, function (c) { return c.search + "|" + c.name; });
    var byType = namedBy(words, manifest.types, function (t) { return t.search + "|" + t.name; });
    var byTier = namedBy(words, manifest.tiers, function (t) { return t; });
    var texts = words.length ? source.searchTexts() : Promise.resolve(null);
    var hits = words.length ? this.indexHits() : null;
    // The index names stations by id: the ids of all stations (inline on a small site).
    var records = hits ? source.points().then(function (points) {
      var all = [];
      for (var i = 0; i < points.count; i++) all.push(i);
      return source.stations(all);
    }) : Promise.resolve(null);
    var weeks = state.open ? source.weeks() : Promise.resolve(null);
    return Promise.all([source.points(), texts, records, weeks]).then(function (loaded) {
      var points = loaded[0], search = loaded[1], stations = loaded[2], table = loaded[3];
      var open = table ? openWeeks(table, new Date()) : null;
      self._openNow = open ? open.join() : undefined;
      return function (i) {
        if (open && !open[table.number[i]]) return false;
        var offered = points.services[i];
        for (var s = 0; s < services.length; s++) {
          if (offered.indexOf(services[s]) === -1) return false;
        }
        if (types.length && types.indexOf(points.types[i]) === -1) return false;
        if (tiers.length && tiers.indexOf(points.tiers[i]) === -1) return false;
        if (stations && hits.stations[stations[i].id]) return true;
        for (var w = 0; w < words.length; w++) {
          if (search[i].indexOf(words[w]) !== -1) continue;
          if (byType[w][points.types[i] - 1] || byTier[w][points.tiers[i] - 1]) continue;
          var found = false;
          for (var k = 0; k < offered.length && !found; k++) found = !!byCategory[w][offered[k]];
          if (!found) return false;
        }
        return true;
      };
    });
  };

  Finder.prototype._remember = function () {
    var state = this.state(), params = [];
    if (state.query) params.push("q=" + encodeURIComponent(state.query));
    KEYS.forEach(function (key) {
      state[key + "s"].forEach(function (v) { params.push(key + "=" + encodeURIComponent(v)); });
    });
    if (state.open) params.push("open=1");
    var search = params.length ? "?" + params.join("&") : "";
    if (search === window.location.search) return;
    try {
      history.replaceState(null, "", window.location.pathname + search + window.location.hash);
    } catch (error) { /* file:// in some browsers: the address just stays as it is */ }
  };

  Finder.prototype._restore = function () {
    var self = this, query = window.location.search.replace(/^\?/, "");
    if (!query) return;
    query.split("&").forEach(function (pair) {
      var parts = pair.split("=");
      var key = core.safeDecode(parts[0] || "");
      var value = core.safeDecode(parts[1] || "");
      if (key === "q") {
        self.search.value = value;
      } else if (key === "open" && value !== "0") {
        var open = self.form.querySelector("input[name=open]");
        if (open) open.checked = true;
      } else if (KEYS.indexOf(key) !== -1) {
        Array.prototype.forEach.call(self.form.querySelectorAll("input[name=" + key + "]"),
          function (input) { if (input.value === value) input.checked = true; });
      }
    });
  };

  window.mapgen.Finder = Finder;
})();
