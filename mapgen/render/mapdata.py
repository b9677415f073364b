"""The home map's data, one model for a site of any size.

The browser gets a *manifest* (the page's ``<script type="application/json">`` block) and
reads everything else through one data source (``assets/map-data.js``) by path. A small
site (up to :data:`LARGE_TOWNSHIPS` townships and :data:`LARGE_STATIONS` stations) has one
level of detail with one cell and ships every file inside the manifest (``"files"``), so
its ``index.html`` also opens from a double-clicked file. A large one (a province, the
country) has four levels cut into square cells, and the browser fetches the files it needs
from ``data/map/`` (``"base"``) for the region in view.

Files (paths relative to the base; every table names its columns in ``"fields"``):

- ``t<level>/<cell>.json``: ``{"q": quantum, "f": [township index, …], "g": [polygons],
  "a": [[x, y, metres], …]}``; township shapes simplified for the level's zoom range, in
  square cells of the level's size (``all`` when the level has one cell); a township
  crossing cells is in each (the browser de-duplicates). Polygons → rings → ``[x0, y0,
  dx1, dy1, …]`` integers: each ring starts at an absolute position, then differences, in
  units of ``q`` degrees. ``a`` is each township's label anchor (:func:`label_anchors
  <mapgen.render.labels.label_anchors>`) in units of ``q``, and the radius in metres of
  the circle around it that lies inside the township: the browser shows a name where it
  fits in that circle at the zoom in view.
- ``points.json``: every station, in :func:`station_order`:
  ``{"q", "x": [Δlon], "y": [Δlat], "s": [[category index, …]], "t": [type number],
  "r": [tier number], "o": [rank in the list order]}``; type and tier numbers index the
  manifest's ``types`` / ``tiers`` plus one (0 = none); the list order is township code,
  then station id.
- ``<lang>/s/<cell>.json``: ``{"start": first station index, "fields": STATION_FIELDS,
  "rows": [...]}``: names, venues and hours of the stations in one 1° cell, in the
  language; ``zh`` lists the fields shown in Chinese on an English page (to mark them).
- ``<lang>/townships.json``: ``{"fields": TOWNSHIP_FIELDS, "rows": [...]}`` in the
  townships' order; ``nearest`` is ``[station slug, name, metres]`` or null.
- ``search.json``: one search text per station (names, venue, township, both languages).
- ``<lang>/weeks.json``: ``{"weeks": [week, …], "w": [week number]}``: the parsed weeks
  (``week`` of the station rows: seven strings, Monday first) each once, and for every
  station the number of its week in ``weeks`` plus one (0 = hours not understood). The
  "open now" filter reads it whole: a few distinct weeks and one small number per
  station, where the station rows of a large site would be megabytes.

A large site writes the township chunks packed: ``t<level>/<group>.pack`` holds the
chunks of a square group of :data:`PACK_CELLS` × PACK_CELLS cells one after another, and
``t<level>/index.json`` (``{"fields": INDEX_FIELDS, "rows": [[cell, pack, offset,
length], …]}``) says where each is. The browser reads a chunk with an HTTP range request;
a server without range support answers with the whole pack, which is then kept.

The manifest: ``levels`` (``minZoom``, ``cell`` size in degrees, 0 = one cell, and either
``cells`` present or the ``index`` of a packed level), ``cells`` (``[detail cell, first station, end]`` runs), ``covered`` (one
``0``/``1`` character per township), ``categories``/``types`` (``id``, ``name``, ``slug``,
``search``: names in every language), ``tiers``, ``total``, ``cluster`` (group nearby
markers), ``bounds``, and ``files`` (small sites) or ``base`` (set by the page: the data
folder relative to it).

Coordinates are quantized to integers and stored as differences from the previous
vertex, which JSON and gzip both store compactly. The whole township coverage is
simplified at once (``shapely.coverage_simplify``), so neighbours keep sharing borders at
every level and coverage shading never shows gaps.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely

from mapgen import datum, i18n
from mapgen.pagenames import slug
from mapgen.render.labels import label_anchors, neighbours
from mapgen.render.views import StationView

# Above these, the index page switches from inline GeoJSON and a full server-rendered list
# (thousands of DOM nodes, every vertex in the first view) to chunked data.
LARGE_TOWNSHIPS = 200
LARGE_STATIONS = 500
DETAIL_CELL = 1.0  # degrees; station details are grouped in cells this size
# Township chunks of a large site are packed, PACK_CELLS × PACK_CELLS cells to a file, so
# the country is a few hundred files instead of tens of thousands; the browser reads one
# chunk with an HTTP range request, or the whole pack from a server without ranges.
PACK_CELLS = 16
INDEX_FIELDS = ("cell", "pack", "offset", "length")


@dataclass(frozen=True)
class Level:
    """One level of detail: used from ``min_zoom`` until the next level's."""

    min_zoom: int
    tolerance: float  # simplification tolerance, degrees
    quantum: float  # degrees per integer coordinate step
    cell: float  # chunk size in degrees; 0 = one chunk for everything


LEVELS = (
    # A pixel is 360 / (256 * 2**zoom) degrees: each level simplifies to under a pixel at
    # its first zoom and quantizes to a fraction of one.
    Level(0, 0.03, 0.005, 0.0),  # the whole country, zoom <= 5
    Level(6, 0.009, 0.001, 4.0),  # a province
    Level(9, 0.0008, 0.0001, 1.0),  # a prefecture
    Level(12, 0.00003, 0.000005, 0.25),  # streets
)


# A small site: one level, one cell, the shapes as given (simplified to ~1 m already, as
# the downloads).
SMALL_LEVELS = (Level(0, 0.0, 0.000001, 0.0),)
CLUSTER_ABOVE = 200  # stations; with more, nearby markers are grouped
STATION_FIELDS = ("id", "slug", "name", "venue", "township", "township_slug", "hours", "week", "zh")
TOWNSHIP_FIELDS = ("name", "slug", "stations", "nearest", "search", "zh")


def is_large(townships: int, stations: int) -> bool:
    return townships > LARGE_TOWNSHIPS or stations > LARGE_STATIONS


def encode_polygons(geometries: np.ndarray, quantum: float) -> list[list[list[list[int]]]]:
    """Each geometry as polygons → rings → flat ``[x0, y0, dx1, dy1, …]`` integer lists.

    Example::

        >>> encode_polygons(np.array([shapely.box(0, 0, 1, 1)]), 0.5)
        [[[[2, 0, 0, 2, -2, 0, 0, -2, 2, 0]]]]
    """
    multi = _as_multi(shapely.force_2d(geometries))
    _, coords, (rings, polygons, parts) = shapely.to_ragged_array(multi)
    grid = np.round(coords / quantum).astype(np.int64)
    deltas = grid.copy()
    deltas[1:] -= grid[:-1]
    starts = rings[:-1]
    deltas[starts] = grid[starts]  # each ring starts with an absolute position
    flat = deltas.reshape(-1).tolist()
    ring_lists = [flat[2 * a : 2 * b] for a, b in itertools.pairwise(rings)]
    polygon_lists = [ring_lists[a:b] for a, b in itertools.pairwise(polygons)]
    return [polygon_lists[a:b] for a, b in itertools.pairwise(parts)]


def _as_multi(geometries: np.ndarray) -> np.ndarray:
    """Every geometry as a MultiPolygon (empty where it has no area), for one ragged shape."""
    out = np.empty(len(geometries), dtype=object)
    for i, geometry in enumerate(geometries):
        parts = [p for p in shapely.get_parts(geometry) if shapely.get_type_id(p) == 3]
        out[i] = shapely.MultiPolygon(parts)
    return out


def cell_key(ix: int, iy: int) -> str:
    return f"{ix}_{iy}"


def chunk_cells(
    geometries: np.ndarray, levels: tuple[Level, ...] = LEVELS
) -> list[dict[str, list[int]]]:
    """For each level: cell key → the townships whose bounding box touches that cell."""
    bounds = shapely.bounds(geometries)
    result = []
    for level in levels:
        cells: dict[str, list[int]] = defaultdict(list)
        for index, (x0, y0, x1, y1) in enumerate(bounds):
            if math.isnan(x0):
                continue
            if level.cell == 0:
                cells["all"].append(index)
                continue
            for ix in range(math.floor(x0 / level.cell), math.floor(x1 / level.cell) + 1):
                for iy in range(math.floor(y0 / level.cell), math.floor(y1 / level.cell) + 1):
                    cells[cell_key(ix, iy)].append(index)
        result.append(dict(sorted(cells.items(), key=lambda item: (pack_of(item[0]), item[0]))))
    return result


def pack_of(key: str) -> str:
    """The pack a cell's chunk is stored in: square groups of PACK_CELLS × PACK_CELLS cells.

    Example::

        >>> pack_of("17_-3"), pack_of("all")
        ('1_-1', 'all')
    """
    if key == "all":
        return key
    ix, iy = (int(v) // PACK_CELLS for v in key.split("_"))
    return cell_key(ix, iy)


def township_chunks(
    geometries: np.ndarray,
    cells: list[dict[str, list[int]]],
    anchors: np.ndarray,
    levels: tuple[Level, ...] = LEVELS,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(path, content)`` for every township chunk at every level, one at a time, so the
    finest level of a whole country is never held in memory at once."""
    # Finest level first, each coarser one from the one before: simplifying an already
    # simplified coverage costs a fraction of simplifying the original again.
    simplified: list[np.ndarray] = []
    base = geometries
    for level in reversed(levels):
        base = _simplify(base, level.tolerance)
        simplified.insert(0, base)
    for number, level in enumerate(levels):
        for key, members in cells[number].items():
            yield f"t{number}/{key}.json", chunk(simplified[number], anchors, members, level)


def chunk(
    geometries: np.ndarray, anchors: np.ndarray, members: list[int], level: Level
) -> dict[str, Any]:
    """One township chunk: these members' shapes and label anchors at this level."""
    return {
        "q": level.quantum,
        "f": members,
        "g": encode_polygons(geometries[members], level.quantum),
        "a": encode_anchors(anchors[members], level.quantum),
    }


def encode_anchors(anchors: np.ndarray, quantum: float) -> list[list[int]]:
    """``[lon, lat, metres]`` rows as ``[x, y, metres]`` integers, x and y in ``quantum``s.

    Example::

        >>> encode_anchors(np.array([[121.25, 31.5, 812.0]]), 0.25)
        [[485, 126, 812]]
    """
    if not len(anchors):
        return []
    grid = np.column_stack([np.round(anchors[:, :2] / quantum), anchors[:, 2]])
    return np.nan_to_num(grid).astype(np.int64).tolist()


def _simplify(geometries: np.ndarray, tolerance: float) -> np.ndarray:
    """Simplify as one coverage; missing geometries (no boundaries) stay None."""
    if not tolerance:
        return geometries
    geometries = np.asarray(geometries, dtype=object)
    present = ~shapely.is_missing(geometries)
    out = np.full(len(geometries), None, dtype=object)
    if not present.any():
        return out
    try:
        out[present] = shapely.coverage_simplify(geometries[present], tolerance)
    except shapely.errors.GEOSException:
        out[present] = shapely.simplify(geometries[present], tolerance, preserve_topology=True)
    return out


def station_order(lon: np.ndarray, lat: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Stations grouped by detail cell (so each cell is one contiguous run), and inside a
    cell along a Z-order curve, so consecutive stations are close and their deltas short."""
    ix = np.floor(lon / DETAIL_CELL).astype(np.int64)
    iy = np.floor(lat / DETAIL_CELL).astype(np.int64)
    fx = np.clip(((lon / DETAIL_CELL - ix) * 65536).astype(np.int64), 0, 65535)
    fy = np.clip(((lat / DETAIL_CELL - iy) * 65536).astype(np.int64), 0, 65535)
    return np.lexsort((ids, _interleave(fx, fy), iy, ix))


def _interleave(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Morton (Z-order) code of two 16-bit integer arrays."""
    code = np.zeros_like(x)
    for bit in range(16):
        code |= ((x >> bit) & 1) << (2 * bit) | ((y >> bit) & 1) << (2 * bit + 1)
    return code


def station_points(
    lon: np.ndarray,
    lat: np.ndarray,
    quantum: float = 0.00001,  # ~1 m: the map's markers; pages keep exact coordinates
) -> dict[str, Any]:
    """Positions as quantized deltas."""

    def deltas(values: np.ndarray) -> list[int]:
        grid = np.round(values / quantum).astype(np.int64)
        return np.diff(grid, prepend=0).tolist()

    return {"q": quantum, "x": deltas(lon), "y": deltas(lat)}


def detail_cells(lon: np.ndarray, lat: np.ndarray) -> list[tuple[str, int, int]]:
    """``(cell, first, end)`` runs of stations already in :func:`station_order`."""
    ix = np.floor(lon / DETAIL_CELL).astype(np.int64)
    iy = np.floor(lat / DETAIL_CELL).astype(np.int64)
    runs = []
    start = 0
    for i in range(1, len(lon) + 1):
        if i == len(lon) or ix[i] != ix[start] or iy[i] != iy[start]:
            runs.append((cell_key(int(ix[start]), int(iy[start])), start, i))
            start = i
    return runs


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class MapInput:
    """What the home map is built from: public records and views only."""

    townships: list[dict[str, Any]]  # public township records (mapgen.public)
    geometries: np.ndarray  # their shapes, WGS84, same order (simplified to ~1 m is fine)
    stations: dict[str, list[StationView]]  # per language, in the public order
    categories: list[dict[str, str]]
    nearest: dict[str, tuple[str, float]]  # township id -> (station id, metres)
    datum: str  # of the basemap: wgs84, gcj02


class MapData:
    """The map of one site: its files (every language) and each language's manifest.

    Example::

        >>> data = MapData(map_input)                                   # doctest: +SKIP
        >>> sorted(data.manifest("en"))[:3]                             # doctest: +SKIP
        ['bounds', 'categories', 'cells']
    """

    def __init__(self, source: MapInput) -> None:
        self.source = source
        languages = list(source.stations)
        first = source.stations[languages[0]] if languages else []
        self.large = is_large(len(source.townships), len(first))
        self.levels = LEVELS if self.large else SMALL_LEVELS
        lon = np.array([s.lon for s in first], dtype=float)
        lat = np.array([s.lat for s in first], dtype=float)
        if source.datum != "wgs84" and len(lon):
            lon, lat = datum.from_wgs84(lon, lat, source.datum)
        ids = np.array([s.id for s in first], dtype=object)
        self.order = station_order(lon, lat, ids) if len(first) else np.array([], dtype=int)
        self.lon, self.lat = lon[self.order], lat[self.order]
        self.cells = detail_cells(self.lon, self.lat)
        geometries = source.geometries
        if source.datum != "wgs84":
            geometries = datum.transform_geometries(geometries, "wgs84", source.datum)
        self.geometries = geometries
        self.anchors = label_anchors(geometries)
        self.neighbours = neighbours(geometries)
        self.cells_by_level = chunk_cells(geometries, self.levels)
        self.township_cells: dict[int, list[str]] = defaultdict(list)
        for key, members in self.cells_by_level[-1].items():
            for member in members:
                self.township_cells[member].append(key)
        self.types = sorted({s.type_id for s in first} - {""})
        self.tiers = sorted({s.tier for s in first} - {""})
        self.bounds = _bounds(geometries, self.lon, self.lat)

    def _ordered(self, lang: str) -> list[StationView]:
        stations = self.source.stations[lang]
        return [stations[i] for i in self.order]

    def files(self) -> Iterator[tuple[str, Any]]:
        """``(path, JSON value)`` of every file, shared ones first, then each language's."""
        yield from township_chunks(self.geometries, self.cells_by_level, self.anchors, self.levels)
        languages = list(self.source.stations)
        if not languages:
            return
        stations = self._ordered(languages[0])
        category_number = {c["id"]: i for i, c in enumerate(self.source.categories)}
        type_number = {t: i + 1 for i, t in enumerate(self.types)}
        tier_number = {t: i + 1 for i, t in enumerate(self.tiers)}
        rank = {s.id: n for n, s in enumerate(sorted(stations, key=_list_order))}
        yield (
            "points.json",
            {
                **station_points(self.lon, self.lat),
                "s": [
                    [
                        category_number[x.category]
                        for x in s.services
                        if x.category in category_number
                    ]
                    for s in stations
                ],
                "t": [type_number.get(s.type_id, 0) for s in stations],
                "r": [tier_number.get(s.tier, 0) for s in stations],
                "o": [rank[s.id] for s in stations],
            },
        )
        per_language = [self._ordered(lang) for lang in languages]
        yield "search.json", [_search_text(views) for views in zip(*per_language, strict=True)]
        for lang in languages:
            yield f"{lang}/townships.json", self._townships(lang)
            ordered = self._ordered(lang)
            yield f"{lang}/weeks.json", station_weeks(ordered)
            for cell, start, end in self.cells:
                rows = [_station_row(s) for s in ordered[start:end]]
                yield (
                    f"{lang}/s/{cell}.json",
                    {"start": start, "fields": STATION_FIELDS, "rows": rows},
                )

    def _townships(self, lang: str) -> dict[str, Any]:
        names = {s.id: s.name.text for s in self.source.stations[lang]}
        slugs = {s.id: s.slug for s in self.source.stations[lang]}
        rows = []
        for township in self.source.townships:
            label = i18n.pick(township, "label", lang)
            found = self.source.nearest.get(township["id"])
            nearest = (
                [slugs[found[0]], names[found[0]], round(found[1])]
                if found and not township["stations"] and found[0] in names
                else None
            )
            search = "|".join(x for x in (township["name"], township["name_en"]) if x)
            zh = ["name"] if label.fallback else []
            rows.append([label.text, township["slug"], township["stations"], nearest, search, zh])
        return {"fields": TOWNSHIP_FIELDS, "rows": rows}

    def _level(self, number: int, cells: list[str] | None = None) -> dict[str, Any]:
        """A level in a manifest: its cells inline on a small site, else its pack index."""
        level = self.levels[number]
        entry: dict[str, Any] = {"minZoom": level.min_zoom, "cell": level.cell}
        if self.large:
            entry["index"] = f"t{number}/index.json"
        if cells is not None or not self.large:
            entry["cells"] = list(self.cells_by_level[number]) if cells is None else cells
        return entry

    def written_files(self) -> Iterator[tuple[str, bytes]]:
        """The files of a large site as written: township chunks packed (see PACK_CELLS),
        each level with an index ``{"fields": INDEX_FIELDS, "rows": [...]}``."""
        index: dict[int, list[list[Any]]] = defaultdict(list)
        pack: list[bytes] = []
        pack_path = ""
        size = 0

        def flush() -> Iterator[tuple[str, bytes]]:
            if pack:
                yield pack_path, b"".join(pack)

        for path, value in self.files():
            if not (path.startswith("t") and path[1].isdigit()):
                yield from flush()
                pack, pack_path = [], ""
                yield path, dumps(value)
                continue
            folder, name = path.split("/")
            number, key = int(folder[1:]), name.removesuffix(".json")
            target = f"{folder}/{pack_of(key)}.pack"
            if target != pack_path:
                yield from flush()
                pack, pack_path, size = [], target, 0
            content = dumps(value)
            index[number].append([key, target.split("/")[1], size, len(content)])
            pack.append(content)
            size += len(content)
        yield from flush()
        for number in sorted(index):
            yield f"t{number}/index.json", dumps({"fields": INDEX_FIELDS, "rows": index[number]})

    def outline(self, feature: int | None, base: str, lang: str) -> dict[str, Any]:
        """The manifest of a station's or township's page map: the township's and its
        neighbours' shapes at the finest level, inline on a small site, else from the
        cells they lie in; ``names``: ``[name, 1 if a marked Chinese fallback]`` of the
        township, then of each of its ``neighbours``. Without a ``feature`` (a page drawn
        in the browser), the levels only: the page's record names the rest."""
        finest = len(self.levels) - 1
        shown = [] if feature is None else [feature, *self.neighbours[feature]]
        cells = sorted({key for member in shown for key in self.township_cells.get(member, [])})
        names = [i18n.pick(self.source.townships[n], "label", lang) for n in shown]
        manifest: dict[str, Any] = {
            "feature": feature,
            "neighbours": shown[1:],
            "names": [[name.text, int(name.fallback)] for name in names],
            "level": finest,
            "covered": feature is not None and bool(self.source.townships[feature]["covered"]),
            "cells": [],
            "levels": [
                self._level(n, cells if n == finest else []) for n in range(len(self.levels))
            ],
        }
        if self.large:
            manifest["base"] = base
        elif feature is not None:
            content = chunk(self._finest_shapes, self.anchors, shown, self.levels[finest])
            manifest["files"] = {f"t{finest}/{key}.json": content for key in cells}
        return manifest

    @functools.cached_property
    def _finest_shapes(self) -> np.ndarray:
        return _simplify(self.geometries, self.levels[-1].tolerance)

    def manifest(self, lang: str) -> dict[str, Any]:
        """The page's own block: what the browser needs before any file."""
        x0, y0, x1, y1 = self.bounds
        stations = self.source.stations.get(lang, [])
        type_names = {s.type_id: s.type for s in stations}
        manifest: dict[str, Any] = {
            "bounds": [[y0, x0], [y1, x1]],
            "levels": [self._level(n) for n in range(len(self.levels))],
            "cells": [[cell, start, end] for cell, start, end in self.cells],
            "covered": "".join("1" if t["covered"] else "0" for t in self.source.townships),
            "categories": [
                {
                    "id": c["id"],
                    "slug": slug(c["id"]),
                    "name": i18n.pick(c, "name", lang).text,
                    "search": "|".join(x for x in (c["name"], c.get("name_en", "")) if x),
                }
                for c in self.source.categories
            ],
            "types": [
                {
                    "id": t,
                    "name": type_names.get(t, t),
                    "search": "|".join(i18n.venue_type(t, other) for other in i18n.LANGUAGES),
                }
                for t in self.types
            ],
            "tiers": self.tiers,
            "total": len(stations),
            "cluster": len(stations) > CLUSTER_ABOVE,
        }
        if not self.large:
            others = tuple(f"{other}/" for other in self.source.stations if other != lang)
            manifest["files"] = {
                path: value for path, value in self.files() if not path.startswith(others)
            }
        return manifest


def _list_order(station: StationView) -> tuple[str, str]:
    """Without the reader's location, the list goes by township code, then station id."""
    return station.township_id, station.id


def _station_row(station: StationView) -> list[Any]:
    texts = (
        ("name", station.name),
        ("venue", station.venue),
        ("township", station.township),
        ("hours", station.hours),
    )
    return [
        station.id,
        station.slug,
        station.name.text,
        station.venue.text,
        station.township.text,
        station.township_slug,
        station.hours.text,
        list(station.week) if station.week else None,
        [field for field, text in texts if text.fallback],
    ]


def station_weeks(stations: list[StationView]) -> dict[str, Any]:
    """The stations' parsed weeks, each distinct one once, and each station's number.

    Example::

        >>> from types import SimpleNamespace as View
        >>> mondays = ("9:00-12:00", None, "", "", "", "", "")
        >>> station_weeks([View(week=mondays), View(week=None), View(week=mondays)])
        {'weeks': [['9:00-12:00', '', '', '', '', '', '']], 'w': [1, 0, 1]}
    """
    numbers: dict[tuple[str, ...], int] = {}
    for station in stations:
        if station.week:
            numbers.setdefault(tuple(h or "" for h in station.week), len(numbers) + 1)
    return {
        "weeks": [list(week) for week in numbers],
        "w": [numbers[tuple(h or "" for h in s.week)] if s.week else 0 for s in stations],
    }


def _search_text(views: tuple[StationView, ...]) -> str:
    """Names, venue and township in every language, for the finder."""
    parts: list[str] = []
    for view in views:
        for text in (view.name.text, view.venue.text, view.township.text):
            if text and text not in parts:
                parts.append(text)
    return "|".join(parts)


def _bounds(geometries: np.ndarray, lon: np.ndarray, lat: np.ndarray) -> tuple[float, ...]:
    shapes = np.asarray(geometries, dtype=object)
    shapes = shapes[~shapely.is_missing(shapes)]  # a township table without shapes: none
    if len(shapes) and not shapely.is_empty(shapes).all():
        return tuple(round(float(v), 6) for v in shapely.total_bounds(shapes))
    if len(lon):
        return float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())
    return 73.0, 18.0, 135.0, 54.0
