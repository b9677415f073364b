"""Townships should tile the district: no overlaps between them, no gaps inside it.

Boundaries digitised by different people, or simplified one by one, overlap along shared
borders or leave slivers between them. A gap is either enclosed (a hole in the union of
all townships) or opens onto the district's outer edge: a notch between two neighbours,
found as what a morphological closing of the union (:data:`CLOSING_M`) adds between two
or more townships. Thin slivers (narrower than :data:`SLIVER_WIDTH_M`
on average) and tiny pieces (under :data:`MIN_AREA_M2`) are noise of that kind and are
ignored; anything larger is reported as a warning with the townships' names and the area.
A station in an overlap counts for the township whose code sorts first
(:func:`mapgen.join.assign_townships`), so overlaps never double-count.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Geod

from mapgen.messages import problem
from mapgen.problems import Problem, Severity

GEOD = Geod(ellps="WGS84")
MIN_AREA_M2 = 10_000.0  # 1 ha
SLIVER_WIDTH_M = 20.0  # mean width 2·area/perimeter below this: digitising noise
# Notches narrower than twice this, between neighbours and open to the outside, are gaps.
CLOSING_M = 500.0
# A notch is a gap when at least this share of its outline runs along townships (the rest
# is the opening onto the outside); a bay of the district's outline is mostly open.
ENCLOSED_SHARE = 0.8
_METRES_PER_DEGREE = 111_320.0


def _measure(geom: shapely.Geometry) -> tuple[float, float]:
    """Geodesic area (m²) and perimeter (m) of a WGS84 geometry."""
    area, perimeter = GEOD.geometry_area_perimeter(geom)
    return abs(area), perimeter


SNAP_DEGREES = 1e-9  # about 0.1 mm: far below any boundary's accuracy


def _overlay(operation: Any, a: Any, b: Any) -> Any:
    """``shapely.difference`` or ``intersection`` of ``a`` and ``b``, also where GEOS's
    floating-point overlay gives up.

    Nearly coincident edges can make it fail ("side location conflict"); snapped to a
    0.1 mm grid the same overlay is robust, and the result differs by less than that.
    """
    try:
        return operation(a, b)
    except shapely.errors.GEOSException:
        return operation(shapely.make_valid(a), shapely.make_valid(b), grid_size=SNAP_DEGREES)


def _difference(a: Any, b: Any) -> Any:
    return _overlay(shapely.difference, a, b)


def _significant(geom: shapely.Geometry) -> float:
    """The area (m²) of the parts of ``geom`` that are neither tiny nor thin slivers."""
    total = 0.0
    for part in shapely.get_parts(geom):
        if shapely.get_type_id(part) != 3:
            continue
        area, perimeter = _measure(part)
        if area >= MIN_AREA_M2 and perimeter and 2 * area / perimeter >= SLIVER_WIDTH_M:
            total += area
    return total


def area_text(square_metres: float) -> tuple[str, str]:
    """An area for people, in English and Chinese: "3.2 ha" / "0.52 km²"."""
    if square_metres >= 1_000_000:
        km2 = f"{square_metres / 1_000_000:.2f}"
        return f"{km2} km²", f"{km2} 平方公里"
    hectares = f"{square_metres / 10_000:.1f}"
    return f"{hectares} ha", f"{hectares} 公顷"


def _label(townships: gpd.GeoDataFrame, position: int) -> str:
    row = townships.iloc[position]
    return f"{row['name'] or row['id']} ({row['id']})" if row["name"] else str(row["id"])


def check_coverage(townships: gpd.GeoDataFrame, file: str) -> list[Problem]:
    """Overlapping pairs of townships and gaps between them, as warnings."""
    geoms = townships.geometry.values
    if len(geoms) < 2:
        return []
    with np.errstate(all="ignore"):
        # A clean coverage (the usual case) has no overlaps, and unions fast.
        clean = bool(shapely.coverage_is_valid(geoms))
        try:
            return _overlaps_and_gaps(townships, geoms, file, clean)
        except shapely.errors.GEOSException:
            pass
        # GEOS's overlay gave up on these shapes: snapped to a 0.1 mm grid (valid output),
        # the same search is robust, and what it finds differs by less than that.
        try:
            snapped = shapely.set_precision(geoms, SNAP_DEGREES)
            return _overlaps_and_gaps(townships, snapped, file, False)
        except shapely.errors.GEOSException as exc:
            return [problem("township-topology-unchecked", Severity.WARNING, file, reason=str(exc))]


def _overlaps_and_gaps(
    townships: gpd.GeoDataFrame, geoms: np.ndarray, file: str, clean: bool
) -> list[Problem]:
    overlaps = [] if clean else _overlaps(townships, geoms, file)
    return [*overlaps, *_gaps(townships, geoms, file, clean)]


def _overlaps(townships: gpd.GeoDataFrame, geoms: np.ndarray, file: str) -> list[Problem]:
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    # Neighbours that only share a border touch; the rest share some area.
    keep = (left < right) & ~shapely.touches(geoms[left], geoms[right])
    left, right = left[keep], right[keep]
    problems = []
    for i, j in zip(left, right, strict=True):
        common = _overlay(shapely.intersection, geoms[i], geoms[j])
        area = _significant(common)
        if not area:
            continue
        english, chinese = area_text(area)
        problems.append(
            problem(
                "township-overlap",
                Severity.WARNING,
                file,
                row=f"feature {townships.index[i]} ({townships['name'].iloc[i]})",
                a=_label(townships, i),
                b=_label(townships, j),
                area=english,
                area_zh=chinese,
            )
        )
    return problems


def _gaps(townships: gpd.GeoDataFrame, geoms: np.ndarray, file: str, clean: bool) -> list[Problem]:
    union = shapely.coverage_union_all(geoms) if clean else shapely.union_all(geoms)
    holes = [
        shapely.Polygon(ring)
        for part in shapely.get_parts(union)
        if shapely.get_type_id(part) == 3
        for ring in part.interiors
    ]
    # Townships that have a hole of their own (an enclave) are not gaps between townships.
    own = (
        shapely.union_all(
            [
                shapely.Polygon(ring)
                for g in geoms
                for part in shapely.get_parts(g)
                if shapely.get_type_id(part) == 3
                for ring in part.interiors
            ]
        )
        if holes
        else None
    )
    problems = []
    tree = shapely.STRtree(geoms)
    gaps = [
        _difference(hole, own) if own is not None and not own.is_empty else hole for hole in holes
    ]
    for gap in [*gaps, *_notches(union, holes, tree)]:
        area = _significant(gap)
        if not area:
            continue
        around = sorted(tree.query(shapely.buffer(gap, 1e-9), predicate="intersects"))
        names = [townships["name"].iloc[k] or townships["id"].iloc[k] for k in around]
        where = shapely.point_on_surface(gap)
        english, chinese = area_text(area)
        problems.append(
            problem(
                "township-gap",
                Severity.WARNING,
                file,
                names=", ".join(names),
                names_zh="、".join(names),
                area=english,
                area_zh=chinese,
                lon=f"{where.x:.5f}",
                lat=f"{where.y:.5f}",
            )
        )
    return problems


def _notches(
    union: shapely.Geometry, holes: list[shapely.Geometry], tree: shapely.STRtree
) -> list[shapely.Geometry]:
    """Gaps between neighbours that reach the outer edge of the district.

    The union is closed (grown by :data:`CLOSING_M`, then shrunk back) in a local frame
    where a degree of longitude and of latitude are the same length; what the closing
    adds, less the enclosed holes, is a notch. It is a gap when it lies between two or
    more townships and is mostly enclosed by them (:data:`ENCLOSED_SHARE`).
    """
    if union.is_empty:
        return []
    lat = shapely.centroid(union).y
    scale = np.array([np.cos(np.radians(lat)), 1.0])
    local = shapely.transform(union, lambda xy: xy * scale)
    radius = CLOSING_M / _METRES_PER_DEGREE
    with np.errstate(all="ignore"):
        closed = shapely.buffer(shapely.buffer(local, radius, quad_segs=2), -radius, quad_segs=2)
        added = _difference(closed, local)
    added = shapely.transform(added, lambda xy: xy / scale)
    if holes:
        added = _difference(added, shapely.union_all(holes))
    parts = shapely.get_parts(added)
    # Closing leaves crumbs along every bend of the outline: only pieces that could be a
    # gap worth reporting (see _significant) are looked at closely.
    square_degree = _METRES_PER_DEGREE**2 * scale[0]
    parts = parts[
        (shapely.get_type_id(parts) == 3) & (shapely.area(parts) * square_degree >= MIN_AREA_M2)
    ]
    if not len(parts):
        return []
    # Between two or more townships: a bay of one township's outline is not a gap.
    piece, township = tree.query(shapely.buffer(parts, 1e-9), predicate="intersects")
    pairs = np.unique(np.stack([piece, township]), axis=1)[0] if len(piece) else piece
    parts = parts[np.bincount(pairs, minlength=len(parts)) >= 2]
    notches = []
    for part in parts:
        outline = part.exterior
        x0, y0, x1, y1 = shapely.bounds(outline)
        near = shapely.clip_by_rect(union, x0 - 1e-6, y0 - 1e-6, x1 + 1e-6, y1 + 1e-6)
        along = shapely.length(_overlay(shapely.intersection, outline, shapely.buffer(near, 1e-7)))
        if along >= ENCLOSED_SHARE * shapely.length(outline):
            notches.append(part)
    return notches
