/* A page's small map of one township (station and township pages): the township
 * highlighted, its neighbours outlined, and every name shown where it fits.
 *
 * mapgen.townshipOutlines(map, outline, strings, options) -> a Promise, resolved once drawn
 *   outline  the page's map manifest (MapData.outline in mapgen/render/mapdata.py): the
 *            township ("feature"), its "neighbours" and their "names"
 *   options  {fill: the township's fill colour,
 *             fit(bounds): sets the map's view from the township's L.LatLngBounds (null
 *             when it has no shape); called before anything is drawn}
 */
(function () {
  "use strict";

  var core = window.mapgenCore, mapgen = window.mapgen;

  function townshipOutlines(map, outline, strings, options) {
    var features = [outline.feature].concat(outline.neighbours || []);
    return new mapgen.MapData(outline).outlines(outline.level, features).then(function (shapes) {
      var own = shapes[0] ? L.latLngBounds(mapgen.MapData.latLngs(shapes[0])) : null;
      options.fit(own);
      var labels = [];
      // Neighbours first, so the township's own border is drawn over theirs.
      for (var i = shapes.length - 1; i >= 0; i--) {
        var shape = shapes[i];
        if (!shape) continue;
        L.polygon(mapgen.MapData.latLngs(shape), i === 0 ? {
          interactive: false, color: core.cssVar("--accent", "#1f4e9c"), weight: 2.5,
          opacity: 0.9, fillColor: options.fill, fillOpacity: 0.18, fillRule: "evenodd"
        } : {
          interactive: false, color: "#4a5568", weight: 1, opacity: 0.8, dashArray: "4 3",
          fill: false
        }).addTo(map);
        var name = outline.names[i];
        labels.push({
          name: name[0], zh: !!name[1],
          lon: shape.label[0], lat: shape.label[1], metres: shape.label[2]
        });
      }
      mapgen.townshipLabels(function () { return Promise.resolve(labels); }, strings).addTo(map);
    });
  }

  window.mapgen.townshipOutlines = townshipOutlines;
})();
