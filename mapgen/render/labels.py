"""Where a township's name goes on the map, and which townships border which.

The browser places names itself (``assets/map-labels.js``: only where a name fits inside
its township at the zoom in view, bigger townships first, never two overlapping); what it
needs from the build is, per township, a point surely inside the shape and how much room
there is around it.
"""

from __future__ import annotations

import numpy as np
import shapely

EARTH_RADIUS = 6378137.0  # metres; the sphere of Web Mercator, the plane the map is drawn on
# Inscribed circles are found to within this share of a township's size: a label needs
# room, not the exact centre, and a coarser search is several times cheaper.
CIRCLE_PRECISION = 1 / 50
ANCHOR_DIGITS = 6  # degrees, ~0.1 m
# Two townships within this many degrees (~50 m) are neighbours: boundaries drawn one by
# one leave slivers between neighbours that still share a border on the ground.
NEIGHBOUR_DEGREES = 0.0005


def label_anchors(geometries: np.ndarray) -> np.ndarray:
    """Per township ``[lon, lat, metres]``: where its name goes and the room around it.

    The point is the centre of the township's largest inscribed circle on the Web
    Mercator plane (the map's own, so the circle is a circle on screen), found for the
    largest part of a multipolygon, and always strictly inside the shape (else its
    ``point_on_surface``); ``metres`` is that circle's radius on the ground, rounded
    down. Coordinates are rounded to :data:`ANCHOR_DIGITS`, so the bytes are stable.
    Rows without a polygonal shape are NaN.

    Example: in a U (arms 1° wide), the name goes where an arm meets the base, the
    roomiest spot, not into the gap between the arms::

        >>> u = shapely.Polygon([(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3)])
        >>> (lon, lat, metres), missing = label_anchors(np.array([u, None]))
        >>> bool(u.contains_properly(shapely.Point(lon, lat))), bool(60_000 < metres < 70_000)
        (True, True)
        >>> bool(np.isnan(missing).all())
        True
    """
    shapes = np.asarray(geometries, dtype=object)
    out = np.full((len(shapes), 3), np.nan)
    polygonal = np.array([_polygonal(shape) for shape in shapes], dtype=object)
    present = ~shapely.is_missing(polygonal)
    if not present.any():
        return out
    planar = shapely.transform(polygonal[present], _to_mercator)
    circle = shapely.maximum_inscribed_circle(
        planar, np.sqrt(shapely.area(planar)) * CIRCLE_PRECISION
    )
    centre = shapely.get_point(circle, 0)
    radius = shapely.length(circle)
    outside = ~shapely.contains_properly(planar, centre)
    if outside.any():  # only for degenerate shapes, but the label must never sit outside
        centre[outside] = shapely.point_on_surface(planar[outside])
        radius[outside] = shapely.distance(centre[outside], shapely.boundary(planar[outside]))
    lon, lat = _from_mercator(shapely.get_coordinates(centre)).T
    # A Mercator length is the ground length divided by cos(latitude) at that point.
    metres = np.floor(radius * np.cos(np.radians(lat)))
    out[present] = np.column_stack(
        [np.round(lon, ANCHOR_DIGITS), np.round(lat, ANCHOR_DIGITS), metres]
    )
    return out


def neighbours(geometries: np.ndarray, within: float = NEIGHBOUR_DEGREES) -> list[list[int]]:
    """Per township, the indexes of the others within ``within`` degrees, in index order.

    Example::

        >>> boxes = [shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), None, shapely.box(5, 5, 6, 6)]
        >>> neighbours(np.array(boxes, dtype=object))
        [[1], [0], [], []]
    """
    shapes = np.asarray(geometries, dtype=object)
    found: list[list[int]] = [[] for _ in range(len(shapes))]
    if not len(shapes):
        return found
    tree = shapely.STRtree(shapes)
    own, other = tree.query(shapes, predicate="dwithin", distance=within)
    for a, b in sorted(zip(own.tolist(), other.tolist(), strict=True)):
        if a != b:
            found[a].append(b)
    return found


def _polygonal(shape: shapely.Geometry | None) -> shapely.Geometry | None:
    """The polygons of a shape (a collection may hold lines too); None if there are none."""
    if shape is None or shape.is_empty:
        return None
    if shapely.get_type_id(shape) in (3, 6):
        return shape
    parts = [p for p in shapely.get_parts(shape) if shapely.get_type_id(p) in (3, 6)]
    polygons = [q for p in parts for q in shapely.get_parts(p)]
    return shapely.MultiPolygon(polygons) if polygons else None


def _to_mercator(lonlat: np.ndarray) -> np.ndarray:
    lon = np.radians(lonlat[:, 0])
    lat = np.radians(np.clip(lonlat[:, 1], -85.0, 85.0))
    return np.column_stack([lon, np.log(np.tan(np.pi / 4 + lat / 2))]) * EARTH_RADIUS


def _from_mercator(xy: np.ndarray) -> np.ndarray:
    lon = np.degrees(xy[:, 0] / EARTH_RADIUS)
    lat = np.degrees(2 * np.arctan(np.exp(xy[:, 1] / EARTH_RADIUS)) - np.pi / 2)
    return np.column_stack([lon, lat])
