/* Open now: from a station's parsed week, whether it is open at a moment, and until when.
 *
 *   window.mapgenHours.state(week, date, timeZone) -> state | null
 *   window.mapgenHours.describe(state, strings, weekdays) -> "Open now, closes at 17:00"
 *   window.mapgenHours.isOpen(week, date, timeZone) -> true | false | null
 *   window.mapgenHours.today(week, date, timeZone) -> today's hours ("" closed) | null
 *
 * ``week`` is what the pages carry (mapgen/hours.py parse_week): seven strings, Monday
 * first, each "" (closed) or ranges like "9:00-17:00" or "8:30-11:30, 13:30-17:00"; null
 * when the hours were not understood (then every answer is null: unknown, not closed).
 * A range that ends before it starts runs past midnight ("20:00-2:00").
 *
 * The clock is the stations' (``timeZone``, default "Asia/Shanghai"), whatever the
 * browser's own zone: a resident abroad still reads the station's hours right.
 *
 * state: {open: bool, allDay: bool (open round the clock every day),
 *         closes: "17:00" (when open), opens: "9:00" (when closed), inDays: 0 today,
 *         1 tomorrow …, day: weekday index (0 = Monday) of the next opening}
 * strings: the page's interface strings (mapgen/i18n.py STRINGS: open_now, open_all_day,
 *          opens_today, opens_tomorrow, opens_on); weekdays: names, Monday first.
 */
(function () {
  "use strict";

  var DAY = 1440, WEEK = 7 * DAY;
  var RANGE = /(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})/g;

  // [start, end) in minutes from Monday 0:00 of every range of the week.
  function intervals(week) {
    var out = [];
    week.forEach(function (hours, day) {
      var m;
      RANGE.lastIndex = 0;
      while ((m = RANGE.exec(hours || ""))) {
        var start = +m[1] * 60 + +m[2], end = +m[3] * 60 + +m[4];
        if (end <= start) end += DAY;
        out.push([day * DAY + start, day * DAY + end]);
      }
    });
    return out.sort(function (a, b) { return a[0] - b[0]; });
  }

  // Monday-first weekday and minutes since midnight, on the stations' clock.
  function clock(date, timeZone) {
    var parts = {};
    try {
      new Intl.DateTimeFormat("en-GB", {
        timeZone: timeZone || "Asia/Shanghai", weekday: "short", hour: "2-digit",
        minute: "2-digit", hourCycle: "h23"
      }).formatToParts(date).forEach(function (p) { parts[p.type] = p.value; });
    } catch (error) {
      // No time-zone data: China keeps UTC+8 all year.
      var shifted = new Date(date.getTime() + 8 * 3600 * 1000);
      return { day: (shifted.getUTCDay() + 6) % 7,
        minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() };
    }
    var day = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday);
    return { day: day, minutes: (+parts.hour % 24) * 60 + +parts.minute };
  }

  function time(minutes) {
    minutes = ((minutes % DAY) + DAY) % DAY;
    var m = minutes % 60;
    return Math.floor(minutes / 60) + ":" + (m < 10 ? "0" : "") + m;
  }

  function state(week, date, timeZone) {
    if (!week || week.length !== 7) return null;
    var ranges = intervals(week);
    var now = clock(date || new Date(), timeZone);
    var t = now.day * DAY + now.minutes;
    // Last week's late ranges reach into this Monday; next week's first ones follow Sunday.
    var all = ranges.map(function (r) { return [r[0] - WEEK, r[1] - WEEK]; })
      .concat(ranges, ranges.map(function (r) { return [r[0] + WEEK, r[1] + WEEK]; }));
    var allDay = week.every(function (h) { return /^\s*0?0:00\s*-\s*(24:00|0?0:00)\s*$/.test(h); });
    for (var i = 0; i < all.length; i++) {
      if (all[i][0] <= t && t < all[i][1]) {
        var end = all[i][1];
        // Ranges that meet ("9:00-12:00, 12:00-17:00") are one opening.
        for (var j = 0; j < all.length; j++) {
          if (all[j][0] <= end && all[j][1] > end) { end = all[j][1]; j = -1; }
        }
        return { open: true, allDay: allDay, closes: time(end) };
      }
    }
    for (i = 0; i < all.length; i++) {
      if (all[i][0] > t) {
        var opensDay = Math.floor(all[i][0] / DAY);
        return { open: false, allDay: false, opens: time(all[i][0]),
          inDays: opensDay - now.day, day: ((opensDay % 7) + 7) % 7 };
      }
    }
    return { open: false, allDay: false, opens: null, inDays: null, day: null };
  }

  function fmt(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? String(values[key]) : match;
    });
  }

  function describe(s, strings, weekdays) {
    if (!s) return null;
    if (s.open) return s.allDay ? strings.open_all_day : fmt(strings.open_now, { time: s.closes });
    if (s.opens === null) return strings.closed;
    var key = s.inDays === 0 ? "opens_today" : s.inDays === 1 ? "opens_tomorrow" : "opens_on";
    return fmt(strings[key], { time: s.opens, day: weekdays[s.day] });
  }

  function isOpen(week, date, timeZone) {
    var s = state(week, date, timeZone);
    return s ? s.open : null;
  }

  // Today is the stations' today: near midnight a resident abroad is a day ahead or behind.
  function today(week, date, timeZone) {
    if (!week || week.length !== 7) return null;
    return week[clock(date || new Date(), timeZone).day] || "";
  }

  window.mapgenHours = { state: state, describe: describe, isOpen: isOpen, today: today };
})();
