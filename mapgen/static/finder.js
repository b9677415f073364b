/* The finder: search words, service / type / tier filters, and both kept in the address.
 *
 * var finder = new mapgen.Finder(form, source, {onChange: fn});
 *   finder.state()    -> {query, words, services, types, tiers} as the form shows them
 *   finder.matcher()  -> Promise of a function (station index) -> bool for that state;
 *                        loads the search texts only when there are words
 *   finder.matchesText(text) -> whether a text (e.g. a township's names) has every word
 *   finder.active()   -> how many filters are ticked
 * onChange(finder) runs after typing pauses, a box is ticked, the form is submitted
 * ({submitted: true}) or cleared. The state lives in the address (?q=…&service=…&type=…
 * &tier=…) so a reload, a shared link or the language switch shows the same selection.
 *
 * A station matches a word when its names, venue or township (any language) contain it,
 * or the name of one of its services, its venue type or its tier does.
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
      tiers: this.checked("tier")
    };
  };

  Finder.prototype.active = function () {
    var state = this.state();
    return state.services.length + state.types.length + state.tiers.length;
  };

  Finder.prototype.matchesText = function (text) {
    var normal = core.normalise(text);
    return this.state().words.every(function (word) { return normal.indexOf(word) !== -1; });
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
    var state = this.state(), manifest = this.source.manifest, source = this.source;
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
    return Promise.all([source.points(), texts]).then(function (loaded) {
      var points = loaded[0], search = loaded[1];
      return function (i) {
        var offered = points.services[i];
        for (var s = 0; s < services.length; s++) {
          if (offered.indexOf(services[s]) === -1) return false;
        }
        if (types.length && types.indexOf(points.types[i]) === -1) return false;
        if (tiers.length && tiers.indexOf(points.tiers[i]) === -1) return false;
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
      var value = core.safeDecode((parts[1] || "").replace(/\+/g, " "));
      if (key === "q") {
        self.search.value = value;
      } else if (KEYS.indexOf(key) !== -1) {
        Array.prototype.forEach.call(self.form.querySelectorAll("input[name=" + key + "]"),
          function (input) { if (input.value === value) input.checked = true; });
      }
    });
  };

  window.mapgen.Finder = Finder;
})();
