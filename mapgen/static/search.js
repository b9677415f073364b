/* Search as people type: ranks a site's stations and townships for a query.
 *
 *   window.mapgenSearch.match(index, query, options) -> [result, …]
 *   window.mapgenSearch.core(index, text)           -> the query's normal form ("江桥")
 *
 * ``index`` is the object mapgen/search.py builds (its docstring has the schema); the
 * same index serves small and large sites. ``options.limit`` caps the results (default:
 * all). Each result is one of
 *
 *   {type: "station",  index, id, slug, label, field, quality, township: index | -1,
 *    via: township index (listed under a matching township), nearest: metres (listed as
 *    the nearest station of a township that has none)}
 *   {type: "township", index, id, slug, label, field: "township", quality,
 *    stations: count}
 *
 * Ranking: by field — station name, then township (each township followed by its
 * stations, or by its nearest station when it has none), then venue, then service — and
 * within a field by quality: 0 the whole key, 1 the start of a key or of a word in it,
 * 2 inside a key, 3 a small typo (Latin words of 4+ letters: 1 edit up to 7 letters, 2
 * from 8; the first letter must be right). Ties keep the index's order.
 * A query of several words needs every word to match the station somewhere (name,
 * venue, township or services); it ranks by its weakest word.
 */
(function () {
  "use strict";

  var FIELDS = { name: 0, township: 1, venue: 2, service: 3 };
  var NOT_WORD = /[^\p{L}\p{N}]+/gu;
  var ASCII = /^[a-z0-9]+$/;

  function normalise(text) {
    return String(text || "").normalize("NFKD").replace(/\p{M}/gu, "").normalize("NFKC")
      .toLowerCase().replace(NOT_WORD, " ").trim();
  }

  // The rule of mapgen/search.py's core(): generic words out, a one-character one only
  // after two other characters.
  function core(index, text) {
    var generic = index.generic || [];
    var english = {};
    (index.generic_en || []).forEach(function (w) { english[w] = true; });
    var out = [];
    normalise(text).split(" ").forEach(function (word) {
      if (!word || english[word]) return;
      var chars = Array.from(word);
      var part = "", run = 0, i = 0;
      while (i < chars.length) {
        var rest = chars.slice(i).join("");
        var found = null;
        for (var g = 0; g < generic.length; g++) {
          if (rest.indexOf(generic[g]) === 0) { found = generic[g]; break; }
        }
        var length = found ? Array.from(found).length : 0;
        if (found && (length > 1 || run >= 2)) {
          if (part) out.push(part);
          part = ""; run = 0; i += length;
          continue;
        }
        part += chars[i]; run += 1; i += 1;
      }
      if (part) out.push(part);
    });
    return out.join(" ");
  }

  // Optimal string alignment distance (a swap of two letters is one edit), capped.
  function distance(a, b, cap) {
    if (Math.abs(a.length - b.length) > cap) return cap + 1;
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows.push([i]);
      for (var j = 1; j <= b.length; j++) {
        if (i === 0) { rows[0].push(j); continue; }
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          best = Math.min(best, rows[i - 2][j - 2] + 1);
        }
        rows[i].push(best);
      }
      if (i > 1 && Math.min.apply(null, rows[i]) > cap) return cap + 1;  // it only grows
    }
    return rows[a.length][b.length];
  }

  function allowedEdits(word) {
    if (!ASCII.test(word) || word.length < 4) return 0;
    return word.length >= 8 ? 2 : 1;
  }

  // A key's compact form and words, worked out once per distinct key.
  var shapes = new Map();
  function shape(key) {
    var found = shapes.get(key);
    if (!found) {
      var words = key.split(" ");
      found = { compact: words.join(""), words: words,
        latin: words.filter(function (w) { return ASCII.test(w); }) };
      shapes.set(key, found);
    }
    return found;
  }

  // How well one query word matches one key without typos: 0..2, or -1.
  function exactQuality(key, word) {
    var s = shape(key);
    if (s.compact === word) return 0;
    var at = s.compact.indexOf(word);
    if (at === 0) return 1;
    if (at < 0) return -1;
    for (var w = 0; w < s.words.length; w++) {
      if (s.words[w].indexOf(word) === 0) return 1;
    }
    return 2;
  }

  // Whether a Latin word of the key is the query word with a small typo (quality 3).
  function nearMiss(key, word, edits) {
    var latin = shape(key).latin;
    for (var w = 0; w < latin.length; w++) {
      var candidate = latin[w];
      if (candidate.charAt(0) !== word.charAt(0)) continue;
      // The whole word, or the start of it as long as what was typed (typing goes on).
      for (var extra = -1; extra <= 1; extra++) {
        var prefix = candidate.slice(0, word.length + extra);
        if (prefix.length >= word.length - edits && distance(prefix, word, edits) <= edits) {
          return true;
        }
      }
    }
    return false;
  }

  // The best quality of a word over a list of keys; typos only when nothing matches as
  // typed. ``memo`` remembers typo checks per key for this query (keys repeat).
  function best(keys, word, memo) {
    var found = -1;
    keys = keys || [];
    for (var k = 0; k < keys.length && found !== 0; k++) {
      var q = exactQuality(keys[k], word);
      if (q >= 0 && (found < 0 || q < found)) found = q;
    }
    var edits = allowedEdits(word);
    if (found >= 0 || !edits) return found;
    for (k = 0; k < keys.length; k++) {
      var near = memo.get(keys[k]);
      if (near === undefined) {
        near = nearMiss(keys[k], word, edits);
        memo.set(keys[k], near);
      }
      if (near) return 3;
    }
    return -1;
  }

  // The query as words to match: the core's words; when it is all generic ("社工站"),
  // the words as typed.
  function queryWords(index, query) {
    var text = core(index, query) || normalise(query);
    var words = text.split(" ").filter(Boolean);
    // One run of Chinese split by generic words ("江桥 精神健康") is one query.
    if (words.length > 1 && !normalise(query).match(/ /)) return [words.join("")];
    return words;
  }

  function match(index, query, options) {
    var limit = (options && options.limit) || Infinity;
    var words = queryWords(index, query);
    if (!index || !words.length) return [];
    var memos = words.map(function () { return new Map(); });
    var categoryHits = (index.categories || []).map(function (category) {
      return words.map(function (word, w) { return best(category.keys, word, memos[w]); });
    });
    var townshipHits = (index.townships || []).map(function (township) {
      return words.map(function (word, w) { return best(township.keys, word, memos[w]); });
    });

    // A station's best (field, quality) for each word, then its weakest word's.
    function stationHit(station, position) {
      var field = -1, worst = -1;
      for (var w = 0; w < words.length; w++) {
        var choices = [
          [FIELDS.name, best(station.name, words[w], memos[w])],
          [FIELDS.township, station.township >= 0 ? townshipHits[station.township][w] : -1],
          [FIELDS.venue, best(station.venue, words[w], memos[w])]
        ];
        (station.services || []).forEach(function (c) {
          choices.push([FIELDS.service, categoryHits[c] ? categoryHits[c][w] : -1]);
        });
        var chosen = null;
        choices.forEach(function (o) {
          if (o[1] < 0) return;
          if (!chosen || o[0] < chosen[0] || (o[0] === chosen[0] && o[1] < chosen[1])) chosen = o;
        });
        if (!chosen) return null;
        if (chosen[0] > field || (chosen[0] === field && chosen[1] > worst)) {
          field = chosen[0]; worst = chosen[1];
        }
      }
      return { field: field, quality: worst, position: position };
    }

    var hits = [];
    (index.stations || []).forEach(function (station, i) {
      var hit = stationHit(station, i);
      // Stations found through their township are listed under it, not on their own.
      if (hit && hit.field !== FIELDS.township) hits.push({ type: "station", index: i, hit: hit });
    });
    (index.townships || []).forEach(function (township, i) {
      var qualities = townshipHits[i];
      if (qualities.some(function (q) { return q < 0; })) return;
      hits.push({ type: "township", index: i,
        hit: { field: FIELDS.township, quality: Math.max.apply(null, qualities), position: i } });
    });
    hits.sort(function (a, b) {
      return a.hit.field - b.hit.field || a.hit.quality - b.hit.quality ||
        (a.type === b.type ? 0 : a.type === "station" ? -1 : 1) || a.hit.position - b.hit.position;
    });

    var names = ["name", "township", "venue", "service"];
    var results = [], listed = {};
    function addStation(i, hit, extra) {
      if (listed[i]) return;
      listed[i] = true;
      var station = index.stations[i];
      var result = { type: "station", index: i, id: station.id, slug: station.slug,
        label: station.label, field: names[hit.field], quality: hit.quality,
        township: station.township };
      for (var key in extra) result[key] = extra[key];
      results.push(result);
    }
    hits.forEach(function (item) {
      if (item.type === "station") { addStation(item.index, item.hit, {}); return; }
      var township = index.townships[item.index];
      results.push({ type: "township", index: item.index, id: township.id, slug: township.slug,
        label: township.label, field: "township", quality: item.hit.quality,
        stations: township.stations.length });
      township.stations.forEach(function (s) {
        addStation(s, item.hit, { via: item.index });
      });
      if (!township.stations.length && township.nearest) {
        addStation(township.nearest[0], item.hit, { via: item.index, nearest: township.nearest[1] });
      }
    });
    return results.slice(0, limit);
  }

  window.mapgenSearch = { match: match, core: core, normalise: normalise };
})();
