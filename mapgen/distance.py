"""Distances on the WGS84 ellipsoid, and population-based accessibility (2SFCA).

Every distance is geodesic (:class:`pyproj.Geod`, the WGS84 ellipsoid), so no projection
has to suit the data: a district and the whole country are measured alike. Spatial
indexes (shapely's STRtree, in degrees) only *propose* pairs: each query uses a box that is
certainly larger than the circle asked for, and the exact geodesic distance decides.

Two-step floating catchment (2SFCA, Luo & Wang 2003) is a few lines of vectorised numpy
over the sparse pairs within the catchment; PySAL ``access`` was considered, but under
pandas 3 it warns on every call (``set_index(inplace=True)``), which this project's tests
treat as errors, and its table-shaped API needs a dense cost table.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from pyproj import Geod

GEOD = Geod(ellps="WGS84")
# Shortest length of one degree on the WGS84 ellipsoid: of latitude (at the equator) and of
# longitude at latitude 0 (scaled by cos(lat) below). Boxes built from them are never too small.
_LAT_DEGREE_M = 110_574.0
_LON_DEGREE_M = 111_319.0


def geodesic_m(
    lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray
) -> np.ndarray:
    """Geodesic distance in metres between paired points (arrays broadcast)."""
    lon1, lat1, lon2, lat2 = np.broadcast_arrays(
        *(np.asarray(a, dtype=float) for a in (lon1, lat1, lon2, lat2))
    )
    if lon1.size == 0:
        return np.zeros(lon1.shape)
    _, _, metres = GEOD.inv(lon1.ravel(), lat1.ravel(), lon2.ravel(), lat2.ravel())
    return np.asarray(metres, dtype=float).reshape(lon1.shape)


def _boxes(lon: np.ndarray, lat: np.ndarray, metres: np.ndarray) -> np.ndarray:
    """Lon/lat boxes that contain every point within ``metres`` of each point."""
    margin = metres * 1.001 + 1.0
    dlat = margin / _LAT_DEGREE_M
    far_lat = np.minimum(np.abs(lat) + dlat, 89.9)
    dlon = np.minimum(margin / (_LON_DEGREE_M * np.cos(np.radians(far_lat))), 180.0)
    return shapely.box(lon - dlon, lat - dlat, lon + dlon, lat + dlat)


def pairs_within(
    from_lon: np.ndarray,
    from_lat: np.ndarray,
    to_lon: np.ndarray,
    to_lat: np.ndarray,
    metres: float | np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair (i, j, d) with geodesic d(from_i, to_j) <= metres (per ``from`` point).

    Returns index arrays into ``from`` and ``to`` and the distances, sorted by (i, j).
    Points with NaN coordinates (a township without a usable shape) pair with nothing.
    """
    from_lon, from_lat = np.asarray(from_lon, float), np.asarray(from_lat, float)
    to_lon, to_lat = np.asarray(to_lon, float), np.asarray(to_lat, float)
    empty = (np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp), np.zeros(0))
    limit = np.broadcast_to(np.asarray(metres, dtype=float), from_lon.shape)
    ok_from = np.flatnonzero(np.isfinite(from_lon) & np.isfinite(from_lat) & np.isfinite(limit))
    ok_to = np.flatnonzero(np.isfinite(to_lon) & np.isfinite(to_lat))
    if ok_from.size == 0 or ok_to.size == 0:
        return empty
    tree = shapely.STRtree(shapely.points(to_lon[ok_to], to_lat[ok_to]))
    i, j = tree.query(_boxes(from_lon[ok_from], from_lat[ok_from], limit[ok_from]))
    if i.size == 0:
        return empty
    i, j = ok_from[i], ok_to[j]
    d = geodesic_m(from_lon[i], from_lat[i], to_lon[j], to_lat[j])
    keep = d <= limit[i]
    i, j, d = i[keep], j[keep], d[keep]
    order = np.lexsort((j, i))
    return i[order], j[order], d[order]


def nearest(
    from_lon: np.ndarray, from_lat: np.ndarray, to_lon: np.ndarray, to_lat: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each ``from`` point: the index of the geodesically nearest ``to`` point and metres.

    Exact: the nearest in degrees gives an upper bound, and every point within that bound
    is measured on the ellipsoid. Ties go to the lower index. With no ``to`` points the
    indexes are -1 and the distances NaN.
    """
    from_lon, from_lat = np.asarray(from_lon, float), np.asarray(from_lat, float)
    to_lon, to_lat = np.asarray(to_lon, float), np.asarray(to_lat, float)
    n = from_lon.size
    ok_from = np.flatnonzero(np.isfinite(from_lon) & np.isfinite(from_lat))
    ok_to = np.flatnonzero(np.isfinite(to_lon) & np.isfinite(to_lat))
    if ok_from.size == 0 or ok_to.size == 0:
        return np.full(n, -1, dtype=np.intp), np.full(n, np.nan)
    tree = shapely.STRtree(shapely.points(to_lon[ok_to], to_lat[ok_to]))
    src, guess = tree.query_nearest(
        shapely.points(from_lon[ok_from], from_lat[ok_from]), all_matches=False
    )
    src, guess = ok_from[src], ok_to[guess]
    bound = np.full(n, np.nan)  # NaN: no bound, so pairs_within skips the point
    bound[src] = geodesic_m(from_lon[src], from_lat[src], to_lon[guess], to_lat[guess])
    i, j, d = pairs_within(from_lon, from_lat, to_lon, to_lat, bound)
    best = np.full(n, -1, dtype=np.intp)
    metres = np.full(n, np.nan)
    # Pairs come sorted by (i, j): a stable sort on distance keeps the lower j first on ties.
    order = np.lexsort((j, d, i))
    i, j, d = i[order], j[order], d[order]
    first = np.r_[True, i[1:] != i[:-1]] if i.size else np.zeros(0, dtype=bool)
    best[i[first]] = j[first]
    metres[i[first]] = d[first]
    return best, metres


def weighted_centre(lon: np.ndarray, lat: np.ndarray, weight: np.ndarray) -> tuple[float, float]:
    """The weighted centre of points on the globe: mean of unit vectors, back to lon/lat."""
    lam, phi = np.radians(np.asarray(lon, float)), np.radians(np.asarray(lat, float))
    w = np.asarray(weight, dtype=float)
    x = np.sum(w * np.cos(phi) * np.cos(lam))
    y = np.sum(w * np.cos(phi) * np.sin(lam))
    z = np.sum(w * np.sin(phi))
    return (math.degrees(math.atan2(y, x)), math.degrees(math.atan2(z, math.hypot(x, y))))


def two_step_fca(
    pair_demand: np.ndarray,
    pair_supply: np.ndarray,
    demand: np.ndarray,
    supply: np.ndarray,
) -> np.ndarray:
    """Two-step floating catchment accessibility for each demand point.

    ``pair_demand``/``pair_supply`` index the (demand, supply) pairs within the catchment.
    Step 1: each supply site's ratio R_j = S_j / (sum of demand within its catchment).
    Step 2: each demand point's score A_i = sum of R_j over the sites within its catchment.
    A site with no demand in reach has R_j = 0 (nobody to share it with is nobody served).

    Example::

        >>> two_step_fca(np.array([0, 1]), np.array([0, 0]), np.array([100., 300.]),
        ...              np.array([1.]))
        array([0.0025, 0.0025])
    """
    demand = np.asarray(demand, dtype=float)
    supply = np.asarray(supply, dtype=float)
    reached = np.bincount(pair_supply, weights=demand[pair_demand], minlength=supply.size)
    ratio = np.divide(supply, reached, out=np.zeros(supply.size), where=reached > 0)
    return np.bincount(pair_demand, weights=ratio[pair_supply], minlength=demand.size)
