/* A large site's station and township pages, drawn from data.
 *
 * A large site has one page per kind and language (stations/index.html,
 * townships/index.html); the address names the record (?id=<slug>). The record is read
 * from the file its slug hashes to (mapgen/render/pagedata.py: FNV-1a of the UTF-8 slug,
 * modulo the number of files) and drawn as templates/station.html and township.html draw
 * a small site's pages. Text from data only enters the page through textContent.
 *
 *   window.mapgen.drawnPage(kind, data) -> Promise of the page's map data
 *     kind: "station" | "township"; data: the page's manifest (mapgen-data), whose
 *     ``records`` says where the records are. Resolves to ``data`` with what the page's
 *     small map needs (``station`` / ``stations`` and ``outline``), as a small site's
 *     page carries it inline; null when the record is not found (the page says so).
 */
(function () {
  "use strict";

  var core = window.mapgenCore, el = core.el, fmt = core.fmt;
  var S = window.mapgenStrings || {};

  function bucketOf(slug, count) {
    var bytes = new TextEncoder().encode(slug), hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
    }
    return hash & (count - 1);
  }

  function requested() {
    var match = /[?&]id=([^&#]*)/.exec(window.location.search);
    return match ? core.safeDecode(match[1]) : "";
  }

  function load(records, slug) {
    var url = records.base + bucketOf(slug, records.buckets) + ".json";
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    }).then(function (bucket) {
      return Object.prototype.hasOwnProperty.call(bucket, slug) ? bucket[slug] : null;
    });
  }

  // A text of the record; on an English page, marked where it is the Chinese fallback.
  function text(tag, className, record, field) {
    return core.dataText(tag, className, record[field], record.zh.indexOf(field) !== -1, S);
  }

  function breadcrumb(extra) {
    var p = el("p", "breadcrumb");
    var back = el("a", null, S.back_to_map);
    back.href = "../index.html";
    p.appendChild(back);
    if (extra) {
      p.appendChild(document.createTextNode(" › "));
      p.appendChild(extra);
    }
    return p;
  }

  function fact(list, label, value) {
    list.appendChild(el("dt", null, label));
    var dd = value.tagName === "DD" ? value : el("dd");
    if (dd !== value) dd.appendChild(value);
    list.appendChild(dd);
    return dd;
  }

  function swatch(slug) {
    var span = el("span", "swatch");
    span.setAttribute("data-category", slug);
    span.setAttribute("aria-hidden", "true");
    return span;
  }

  // A service's category name, from the page's manifest (records name categories by slug).
  function serviceName(tag, service, categories) {
    var name = categories[service.slug] || [service.slug, false];
    return core.dataText(tag, null, name[0], name[1], S);
  }

  function serviceTags(station, categories) {
    var list = el("ul", "service-tags");
    station.services.forEach(function (service) {
      var item = el("li", "tag");
      item.appendChild(swatch(service.slug));
      item.appendChild(serviceName("span", service, categories));
      list.appendChild(item);
    });
    return list;
  }

  function section(id, headingId, heading) {
    var node = el("section");
    node.id = id;
    node.tabIndex = -1;
    node.setAttribute("aria-labelledby", headingId);
    var h2 = el("h2", null, heading);
    h2.id = headingId;
    node.appendChild(h2);
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : match;
    });
  }

  // mapgen/directions.py's patterns, filled with the station's point in each map's datum.
  function directions(record, templates) {
    var deg = function (value) { return Number(value).toFixed(6); };
    var values = {
      gcj_lon: deg(record.gcj02[0]), gcj_lat: deg(record.gcj02[1]),
      bd_lon: deg(record.bd09[0]), bd_lat: deg(record.bd09[1]),
      lon: deg(record.wgs84[0]), lat: deg(record.wgs84[1]),
      name: encodeURIComponent(record.name),
      tencent_name: encodeURIComponent(record.name.replace(/;/g, "；").replace(/:/g, "："))
    };
    var list = el("ul", "directions");
    templates.forEach(function (entry) {
      var item = el("li");
      var a = el("a", null, entry.label);
      a.href = fill(entry.url, values);
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      a.appendChild(el("span", "visually-hidden", S.new_tab));
      item.appendChild(a);
      list.appendChild(item);
    });
    return list;
  }

  function stationArticle(r, data) {
    var article = el("article", "station");
    article.setAttribute("data-id", r.id);
    var township = text("a", null, r, "township");
    township.href = core.pageUrl("townships", r.township_slug, "../");
    article.appendChild(breadcrumb(township));
    article.appendChild(text("h1", null, r, "name"));
    var nav = el("nav", "on-page");
    nav.setAttribute("aria-label", S.on_this_page);
    var jumps = el("ul");
    [["#services", S.services], ["#directions", S.directions]].forEach(function (jump) {
      var a = el("a", null, jump[1]);
      a.href = jump[0];
      var item = el("li");
      item.appendChild(a);
      jumps.appendChild(item);
    });
    if (r.phone) {
      var call = el("a", null, S.phone + ": " + r.phone);
      call.href = "tel:" + r.phone_link;
      var item = el("li");
      item.appendChild(call);
      jumps.appendChild(item);
    }
    nav.appendChild(jumps);
    article.appendChild(nav);

    var facts = el("dl", "facts");
    if (r.venue) fact(facts, S.venue, text("span", null, r, "venue"));
    if (r.address) fact(facts, S.address, text("span", null, r, "address"));
    var place = text("a", null, r, "township");
    place.href = core.pageUrl("townships", r.township_slug, "../");
    fact(facts, S.township, place);
    if (r.type) fact(facts, S.type, el("span", null, r.type));
    if (r.hours) {
      var hours = text("dd", "hours", r, "hours");
      var todayLine = el("span", "today-line");
      todayLine.hidden = true;
      hours.insertBefore(todayLine, hours.firstChild);
      if (r.week) {
        var table = el("table", "week");
        table.appendChild(el("caption", "visually-hidden", S.hours));
        var body = el("tbody");
        (data.weekdays || []).forEach(function (day, n) {
          var row = el("tr");
          row.setAttribute("data-day", String(n));
          var th = el("th", null, day);
          th.scope = "row";
          row.appendChild(th);
          row.appendChild(el("td", null, r.week[n] || S.closed));
          body.appendChild(row);
        });
        table.appendChild(body);
        hours.appendChild(table);
      }
      fact(facts, S.hours, hours);
    }
    if (r.phone) {
      var phone = el("a", null, r.phone);
      phone.href = "tel:" + r.phone_link;
      fact(facts, S.phone, phone);
    }
    if (r.opened) fact(facts, S.opened, el("span", null, r.opened));
    article.appendChild(facts);

    var menu = section("services", "menu-heading", S.services);
    if (r.services.length) {
      var table2 = el("table", "menu");
      var head = el("thead"), headRow = el("tr");
      [S.category, S.schedule].forEach(function (label) {
        var th = el("th", null, label);
        th.scope = "col";
        headRow.appendChild(th);
      });
      head.appendChild(headRow);
      table2.appendChild(head);
      var rows = el("tbody");
      r.services.forEach(function (service) {
        var row = el("tr");
        var name = serviceName("td", service, data.categories || {});
        name.insertBefore(swatch(service.slug), name.firstChild);
        row.appendChild(name);
        row.appendChild(service.schedule ? text("td", null, service, "schedule") : el("td", null, "—"));
        rows.appendChild(row);
      });
      table2.appendChild(rows);
      menu.appendChild(table2);
    } else {
      menu.appendChild(el("p", null, "—"));
    }
    article.appendChild(menu);

    var where = section("directions", "where-heading", S.directions);
    where.appendChild(directions(r, data.directions || []));
    var mini = el("div", "mini-map");
    mini.id = "station-map";
    mini.setAttribute("role", "region");
    mini.setAttribute("aria-label", S.map_label + ": " + r.name);
    where.appendChild(mini);
    article.appendChild(where);

    var tools = el("p", "page-tools");
    var permalink = el("a", "permalink", S.permalink);
    permalink.href = "index.html?id=" + encodeURIComponent(r.slug);
    tools.appendChild(permalink);
    var print = el("button", "print-button", S.print);
    print.type = "button";
    print.addEventListener("click", function () { window.print(); });
    tools.appendChild(print);
    article.appendChild(tools);
    return article;
  }

  function stationCard(station, categories) {
    var item = el("li", "station-item");
    var heading = el("h3", "station-name");
    var a = text("a", null, station, "name");
    a.href = core.pageUrl("stations", station.slug, "../");
    heading.appendChild(a);
    item.appendChild(heading);
    if (station.venue) item.appendChild(text("p", "meta", station, "venue"));
    if (station.hours) item.appendChild(text("p", "hours", station, "hours"));
    item.appendChild(serviceTags(station, categories));
    return item;
  }

  function townshipArticle(r, data) {
    var categories = data.categories || {};
    var article = el("article", "township");
    article.appendChild(breadcrumb(null));
    article.appendChild(text("h1", null, r, "label"));
    article.appendChild(el("p", "status-line " + (r.covered ? "is-covered" : "is-uncovered"),
      (r.covered ? S.covered : S.uncovered) + " · " +
      fmt(S.station_count, { count: r.stations.length })));
    if (r.sensitive.length) {
      var counts = el("dl", "township-counts");
      r.sensitive.forEach(function (pair) {
        counts.appendChild(el("dt", null, pair[0]));
        counts.appendChild(el("dd", null, pair[1] === null ? "< 10" : String(pair[1])));
      });
      article.appendChild(counts);
    }
    if (r.stations.length) {
      var here = el("section");
      here.setAttribute("aria-labelledby", "stations-heading");
      var h2 = el("h2", null, S.stations_here);
      h2.id = "stations-heading";
      here.appendChild(h2);
      var list = el("ul", "station-list");
      r.stations.forEach(function (station) { list.appendChild(stationCard(station, categories)); });
      here.appendChild(list);
      article.appendChild(here);
      var offered = el("section");
      offered.setAttribute("aria-labelledby", "offered-heading");
      var h2b = el("h2", null, S.services_here);
      h2b.id = "offered-heading";
      offered.appendChild(h2b);
      var names = el("ul");
      r.offered.forEach(function (slug) { names.appendChild(serviceName("li", { slug: slug }, categories)); });
      offered.appendChild(names);
      article.appendChild(offered);
    } else {
      var none = el("p", "no-station", S.no_station_here + " ");
      if (r.nearest) {
        none.appendChild(document.createTextNode(r.nearest.before));
        var a = text("a", null, r.nearest.station, "name");
        a.href = core.pageUrl("stations", r.nearest.station.slug, "../");
        none.appendChild(a);
        none.appendChild(document.createTextNode(r.nearest.after));
      }
      article.appendChild(none);
      if (r.nearest) {
        var nearby = el("section");
        nearby.setAttribute("aria-labelledby", "nearest-heading");
        var h2c = el("h2", null, S.nearby_stations);
        h2c.id = "nearest-heading";
        nearby.appendChild(h2c);
        var one = el("ul", "station-list");
        one.appendChild(stationCard(r.nearest.station, categories));
        nearby.appendChild(one);
        article.appendChild(nearby);
      }
    }
    if (r.outline) {
      var mini = el("div", "mini-map");
      mini.id = "township-map";
      mini.setAttribute("role", "region");
      mini.setAttribute("aria-label", S.township_map + ": " + r.label);
      article.appendChild(mini);
    }
    return article;
  }

  // The page's small map, as a small site's page carries it: the township's outline from
  // the map data's finest level, at the cells the record names.
  function outlineOf(data, r) {
    if (!r.outline || !data.outline) return null;
    var outline = JSON.parse(JSON.stringify(data.outline));
    outline.feature = r.outline.feature;
    outline.neighbours = r.outline.neighbours;
    outline.names = r.outline.names;
    outline.covered = r.outline.covered;
    outline.levels[outline.level].cells = r.outline.cells;
    return outline;
  }

  function drawnPage(kind, data) {
    var shell = document.querySelector(".drawn-page");
    var status = shell && shell.querySelector(".page-status");
    var slug = requested();
    var found = slug ? load(data.records, slug) : Promise.resolve(null);
    return found.then(function (r) {
      if (!r) {
        if (status) status.textContent = S.page_not_found;
        shell.removeAttribute("aria-busy");
        return null;
      }
      var article = kind === "station" ? stationArticle(r, data) : townshipArticle(r, data);
      shell.parentNode.replaceChild(article, shell);
      var title = kind === "station" ? r.name : r.label;
      document.title = title + " · " + document.title;
      // The language switch and the other language's link keep the record.
      Array.prototype.forEach.call(document.querySelectorAll("a.lang-switch, link[rel=alternate]"),
        function (node) { node.setAttribute("href", node.getAttribute("href").split("?")[0] + "?id=" + encodeURIComponent(slug)); });
      var page = { outline: outlineOf(data, r) };
      if (kind === "station") {
        var point = data.datum === "gcj02" ? r.gcj02 : r.wgs84;
        page.station = { lat: point[1], lon: point[0], name: r.name, slug: r.slug };
      }
      else page.stations = r.points;
      for (var key in data) if (!(key in page)) page[key] = data[key];
      // The part of the page the address names (#services) exists only now.
      var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
      if (target) {
        target.scrollIntoView();
        target.focus({ preventScroll: true });
      }
      return page;
    });
  }

  window.mapgen = window.mapgen || {};
  window.mapgen.drawnPage = drawnPage;
})();
