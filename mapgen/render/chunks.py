"""Map data for large sites, split by level of detail and by region.

A district fits in one page. A province or the whole country does not: the browser gets a
coarse overview of every township and every station's position first, then loads
detail for the region it looks at. Files go under ``data/map/``:

- ``t<level>/<cell>.json``: township shapes simplified for a zoom range, in square cells
  of the level's size; a township crossing cells is in each (the browser de-duplicates).
- ``points.json``: every station's position, service bit mask and type, in one file.
- ``<lang>/s/<cell>.json``: names, venues and hours of the stations in a 1° cell.
- ``<lang>/townships.json``: township names, loaded on the first hover or click.
- ``search.json``: one search string per station, loaded on the first search.

Coordinates are quantized to integers and stored as differences from the previous
vertex, which JSON and gzip both store compactly. The whole township coverage is
simplified at once (``shapely.coverage_simplify``), so neighbours keep sharing borders at
every level and coverage shading never shows gaps.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely

# Above these, the index page switches from inline GeoJSON and a full server-rendered list
# (thousands of DOM nodes, every vertex in the first view) to chunked data.
LARGE_TOWNSHIPS = 200
LARGE_STATIONS = 500
DETAIL_CELL = 1.0  # degrees; station details are grouped in cells this size


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


def chunk_cells(geometries: np.ndarray) -> list[dict[str, list[int]]]:
    """For each level: cell key → the townships whose bounding box touches that cell."""
    bounds = shapely.bounds(geometries)
    levels = []
    for level in LEVELS:
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
        levels.append(dict(sorted(cells.items())))
    return levels


def township_chunks(
    geometries: np.ndarray, cells: list[dict[str, list[int]]]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(path, content)`` for every township chunk at every level, one at a time, so the
    finest level of a whole country is never held in memory at once."""
    # Finest level first, each coarser one from the one before: simplifying an already
    # simplified coverage costs a fraction of simplifying the original again.
    simplified: list[np.ndarray] = []
    base = geometries
    for level in reversed(LEVELS):
        base = _simplify(base, level.tolerance)
        simplified.insert(0, base)
    for number, level in enumerate(LEVELS):
        for key, members in cells[number].items():
            encoded = encode_polygons(simplified[number][members], level.quantum)
            yield f"t{number}/{key}.json", {"q": level.quantum, "f": members, "g": encoded}


def _simplify(geometries: np.ndarray, tolerance: float) -> np.ndarray:
    """Simplify as one coverage; missing geometries (no boundaries) stay None."""
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
    services: list[int],
    types: list[int],
    quantum: float = 0.00001,  # ~1 m: the map's markers; pages keep exact coordinates
) -> dict[str, Any]:
    """Positions as quantized deltas, plus bit masks of services and type numbers."""

    def deltas(values: np.ndarray) -> list[int]:
        grid = np.round(values / quantum).astype(np.int64)
        return np.diff(grid, prepend=0).tolist()

    return {"q": quantum, "x": deltas(lon), "y": deltas(lat), "s": services, "t": types}


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
