/* mapgen's one formatter for distances, shares and counts: the rules of mapgen/formats.py.
 *
 *   window.mapgenFormat.decimal(value, digits)  -> "8.5"     half-up on the written digits
 *   window.mapgenFormat.distance(metres, lang)  -> "850 m" | "8.5 km" | "12 公里"
 *   window.mapgenFormat.km(value)               -> "8.5"     kilometres, one decimal
 *   window.mapgenFormat.share(value)            -> "88%"     only all is 100%, only none 0%
 *   window.mapgenFormat.count(value)            -> "12,345"
 *
 * lang is "zh-CN" or "en". tests/test_formats.py runs this file and the Python module on
 * one table of values and requires the same text.
 */
(function () {
  "use strict";

  var UNITS = {
    "zh-CN": { km: " 公里", m: " 米" },
    en: { km: " km", m: " m" }
  };

  // The shortest exact digits of a number as [sign, digit string, exponent]: value =
  // sign * 0.d1d2d3… * 10^exponent. String() gives the same digits as Python's repr().
  function digitsOf(value) {
    var text = String(Math.abs(value)).toLowerCase();
    var exponent = 0;
    var e = text.indexOf("e");
    if (e >= 0) {
      exponent = parseInt(text.slice(e + 1), 10);
      text = text.slice(0, e);
    }
    var point = text.indexOf(".");
    var whole = point >= 0 ? text.slice(0, point) : text;
    var fraction = point >= 0 ? text.slice(point + 1) : "";
    return { negative: value < 0, digits: whole + fraction, point: whole.length + exponent };
  }

  function decimal(value, digits) {
    digits = digits || 0;
    var d = digitsOf(Number(value));
    var all = d.digits, point = d.point;
    // Pad so the kept part and the first dropped digit exist.
    while (point < 1) { all = "0" + all; point += 1; }
    while (all.length < point + digits + 1) all += "0";
    var kept = all.slice(0, point + digits).split("").map(Number);
    if (Number(all.charAt(point + digits)) >= 5) {
      var i = kept.length - 1;
      while (i >= 0) {
        if (kept[i] === 9) { kept[i] = 0; i -= 1; } else { kept[i] += 1; break; }
      }
      if (i < 0) { kept.unshift(1); point += 1; }
    }
    var whole = kept.slice(0, point).join("").replace(/^0+(?=\d)/, "");
    var text = whole + (digits ? "." + kept.slice(point).join("") : "");
    var zero = !/[1-9]/.test(text);
    return (d.negative && !zero ? "-" : "") + text;
  }

  function distance(metres, lang) {
    var units = UNITS[lang] || UNITS.en;
    var tens = Number(decimal(metres / 10));
    if (tens < 100) return String(tens * 10) + units.m;
    var km = decimal(metres / 1000, 1);
    if (Number(km) >= 10) km = decimal(metres / 1000);
    return km + units.km;
  }

  function km(value) {
    return decimal(value, 1);
  }

  function share(value) {
    var percent = Math.round(Number(decimal(value, 2)) * 100);
    if (value > 0 && value < 1) percent = Math.min(99, Math.max(1, percent));
    return percent + "%";
  }

  function count(value) {
    return String(Math.trunc(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  window.mapgenFormat = { decimal: decimal, distance: distance, km: km, share: share, count: count };
})();
