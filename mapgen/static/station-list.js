/* The list beside the map: the stations that match, and the townships named by a search.
 *
 * var list = new mapgen.StationList(source, strings, {onShow: fn(index, button)});
 *   list.update(matches, {origin, bounds}) -> Promise of how the list was chosen:
 *     with an origin ({lat, lon}, the reader's place): the nearest LIMIT matching
 *     stations, nearest first, each with its distance; otherwise every matching station
 *     by township code then id, or when more than LIMIT match, those within bounds
 *     (returns "view", so the caller refreshes it when the map moves).
 *   list.townships(finder) -> Promise; lists the townships whose names have every
 *     search word (all of them when there is no search and there are at most LIMIT),
 *     with coverage, and for one without a station, the nearest station.
 * Items: <li class="station-item" data-id data-metres> with the name linked to the
 * station's page, township, venue, today's and the week's hours, services, and a
 * "show on map" button.
 */
(function () {
  "use strict";

  var core = window.mapgenCore, el = core.el, fmt = core.fmt;
  var LIMIT = 200;

  function StationList(source, strings, options) {
    this.source = source;
    this.S = strings;
    this.options = options || {};
    this.node = document.getElementById("station-list");
    this.noMatch = document.getElementById("no-match");
    this.townshipBlock = document.getElementById("townships-block");
    this.townshipList = document.getElementById("township-list");
    this._token = 0;
  }

  StationList.prototype.item = function (station, index, metres) {
    var S = this.S, manifest = this.source.manifest, self = this;
    var zh = function (field) { return station.zh.indexOf(field) !== -1; };
    var item = el("li", "station-item");
    item.setAttribute("data-id", station.id);
    var heading = el("h3", "station-name");
    var link = core.dataText("a", null, station.name, zh("name"), S);
    link.href = core.pageUrl("stations", station.slug);
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = el("p", "meta");
    var distance = el("span", "distance");
    if (metres !== null) {
      distance.textContent = S.distance + " " + core.formatDistance(S, metres) + " · ";
      item.setAttribute("data-metres", String(Math.round(metres)));
    }
    meta.appendChild(distance);
    meta.appendChild(core.dataText("span", "place", station.township, zh("township"), S));
    if (station.venue) {
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(core.dataText("span", null, station.venue, zh("venue"), S));
    }
    item.appendChild(meta);
    if (station.hours) {
      var hours = el("p", "hours");
      var today = core.todayText(S, station.week);
      if (today) {
        hours.appendChild(el("strong", "today", today));
        hours.appendChild(document.createTextNode(" · "));
      }
      hours.appendChild(core.dataText("span", null, station.hours, zh("hours"), S));
      item.appendChild(hours);
      var open = core.openText(S, station.week);
      if (open) item.appendChild(el("p", "open-state", open));
    }
    var services = this._points.services[index];
    if (services.length) {
      var tags = el("ul", "service-tags");
      services.forEach(function (number) {
        var category = manifest.categories[number];
        var tag = el("li", "tag");
        var swatch = el("span", "swatch");
        swatch.setAttribute("data-category", category.slug);
        swatch.setAttribute("aria-hidden", "true");
        tag.appendChild(swatch);
        tag.appendChild(document.createTextNode(category.name));
        tags.appendChild(tag);
      });
      item.appendChild(tags);
    }
    if (this.options.onShow) {
      var button = el("button", "show-on-map", S.show_on_map);
      button.type = "button";
      button.setAttribute("data-id", station.id);
      button.appendChild(el("span", "visually-hidden", ": " + station.name));
      button.addEventListener("click", function () { self.options.onShow(index, button); });
      item.appendChild(button);
    }
    return item;
  };

  StationList.prototype.update = function (matches, where) {
    var self = this, mine = ++this._token, origin = where.origin, bounds = where.bounds;
    return this.source.points().then(function (points) {
      self._points = points;
      var chosen = [], mode = "all", i;
      for (i = 0; i < points.count; i++) if (matches(i)) chosen.push(i);
      var metres = null;
      if (origin) {
        mode = "distance";
        metres = {};
        chosen.forEach(function (k) {
          metres[k] = core.haversine(origin.lat, origin.lon, points.lat[k], points.lon[k]);
        });
        chosen.sort(function (a, b) { return metres[a] - metres[b]; });
        chosen = chosen.slice(0, LIMIT);
      } else {
        if (chosen.length > LIMIT && bounds) {
          mode = "view";
          chosen = chosen.filter(function (k) { return bounds.contains([points.lat[k], points.lon[k]]); });
        }
        chosen.sort(function (a, b) { return points.order[a] - points.order[b]; });
      }
      if (chosen.length > LIMIT) {
        if (mine === self._token) {
          self.node.replaceChildren(el("li", "list-note", fmt(self.S.list_zoom_in, { count: LIMIT })));
          self.noMatch.hidden = true;
        }
        return mode;
      }
      return self.source.stations(chosen).then(function (rows) {
        if (mine !== self._token) return mode;
        var items = rows.map(function (station, k) {
          return self.item(station, chosen[k], metres ? metres[chosen[k]] : null);
        });
        self.node.replaceChildren.apply(self.node, items);
        self.noMatch.hidden = items.length > 0;
        return mode;
      });
    });
  };

  StationList.prototype.townships = function (finder) {
    var self = this, S = this.S, manifest = this.source.manifest;
    if (!this.townshipList) return Promise.resolve();
    var searching = finder.state().words.length > 0;
    if (!searching && manifest.covered.length > LIMIT) {
      this.townshipBlock.hidden = true;
      return Promise.resolve();
    }
    return this.source.townships().then(function (rows) {
      var items = [];
      for (var n = 0; n < rows.length && items.length < LIMIT; n++) {
        var township = rows[n];
        if (searching && !finder.matchesTownship(township)) continue;
        var item = el("li", "township-item");
        var link = core.dataText("a", null, township.name, township.zh.length, S);
        link.href = core.pageUrl("townships", township.slug);
        item.appendChild(link);
        item.appendChild(document.createTextNode(" "));
        var isCovered = manifest.covered.charAt(n) === "1";
        item.appendChild(el("span", isCovered ? "is-covered" : "is-uncovered",
          isCovered ? S.covered : S.uncovered));
        if (township.stations) {
          item.appendChild(document.createTextNode(" · " + fmt(S.station_count, { count: township.stations })));
        } else if (township.nearest) {
          var parts = S.nearest_is.split("{name}");
          item.appendChild(document.createTextNode(" · " + parts[0]));
          var nearest = el("a", null, township.nearest[1]);
          nearest.href = core.pageUrl("stations", township.nearest[0]);
          item.appendChild(nearest);
          item.appendChild(document.createTextNode(
            fmt(parts[1] || "", { distance: core.formatDistance(S, township.nearest[2]) })));
        }
        items.push(item);
      }
      self.townshipList.replaceChildren.apply(self.townshipList, items);
      self.townshipBlock.hidden = items.length === 0;
    });
  };

  window.mapgen.StationList = StationList;
})();
