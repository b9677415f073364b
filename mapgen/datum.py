"""Chinese web-map datums: WGS84, GCJ-02 (Amap, Tencent) and BD-09 (Baidu), vectorised.

GCJ-02 is WGS84 plus a deterministic, position-dependent offset of roughly 40–700 m; BD-09
adds a further ~1 km offset on top of GCJ-02. The forward formulas are the widely published
ones; the inverses here are exact (iterated to < 1e-9 degrees), not the one-step rough
inverses many libraries ship, because a 1–2 m error is enough to push a station across a
township boundary.

CGCS2000 (Tianditu, official surveys) differs from WGS84 by centimetres, far below map
precision, so it is treated as WGS84.

Every function takes array-likes (scalars, lists, numpy arrays, pandas Series), broadcasts
``lon`` against ``lat`` and returns float64 numpy arrays of the broadcast shape; scalar input
therefore gives 0-d arrays (use ``float(x)`` or ``x.item()`` to get a Python float). NaN in
gives NaN out, without warnings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "DATUMS",
    "bd09_to_gcj02",
    "bd09_to_wgs84",
    "from_wgs84",
    "gcj02_to_bd09",
    "gcj02_to_wgs84",
    "in_china_box",
    "to_wgs84",
    "transform_geometries",
    "wgs84_to_bd09",
    "wgs84_to_gcj02",
]

FloatArray = NDArray[np.float64]
LonLat = tuple[FloatArray, FloatArray]

#: Datum names accepted by :func:`to_wgs84`, :func:`from_wgs84` and
#: :func:`transform_geometries` (case-insensitive).
DATUMS = frozenset({"wgs84", "cgcs2000", "gcj02", "bd09"})

# Krasovsky-1940 ellipsoid, as used by the GCJ-02 algorithm.
_A = 6378245.0
_EE = 0.00669342162296594323
# BD-09 rotation/scale constant.
_X_PI = np.pi * 3000.0 / 180.0

# The conventional rectangle published implementations use for "inside China".
_BOX_LON = (72.004, 137.8347)
_BOX_LAT = (0.8293, 55.8271)

# The inverses are fixed-point iterations x <- x - (f(x) - target). The offsets change by
# < 3e-3 (GCJ) and < 3e-2 (BD) degrees per degree, so each step gains 1.5+ decimal digits:
# 3-6 steps reach the tolerance; the cap only guards against pathological input.
_TOL = 1e-12
_MAX_ITER = 30


def _as_lonlat(lon: ArrayLike, lat: ArrayLike) -> LonLat:
    """Return float64 copies of ``lon`` and ``lat`` broadcast to one shape."""
    x, y = np.broadcast_arrays(np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64))
    return x.copy(), y.copy()


def in_china_box(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.bool_]:
    """Tell which points lie inside the rectangle where GCJ-02 applies.

    The rectangle (lon 72.004–137.8347, lat 0.8293–55.8271) is the one published GCJ-02
    implementations use. It is deliberately coarse: it also covers e.g. South Korea and
    parts of Mongolia, whose points are then shifted like Chinese ones.

    Parameters
    ----------
    lon, lat
        Longitudes and latitudes in degrees.

    Returns
    -------
    numpy.ndarray
        Boolean array of the broadcast shape; NaN gives False.

    Examples
    --------
    >>> in_china_box([121.2, 2.35], [31.4, 48.86]).tolist()
    [True, False]
    """
    x, y = _as_lonlat(lon, lat)
    return (x >= _BOX_LON[0]) & (x <= _BOX_LON[1]) & (y >= _BOX_LAT[0]) & (y <= _BOX_LAT[1])


def _gcj_offset(lon: FloatArray, lat: FloatArray) -> LonLat:
    """GCJ-02 minus WGS84 in degrees at a WGS84 point, ignoring the China box."""
    x = lon - 105.0
    y = lat - 35.0
    common = (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    dlat += common
    dlat += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    dlon += common
    dlon += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    rad_lat = lat / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad_lat) * np.pi)
    return dlon, dlat


def _gcj_raw(lon: FloatArray, lat: FloatArray) -> LonLat:
    dlon, dlat = _gcj_offset(lon, lat)
    return lon + dlon, lat + dlat


def _bd_raw(lon: FloatArray, lat: FloatArray) -> LonLat:
    # Infinite input becomes NaN: not a coordinate, and not worth a warning.
    with np.errstate(invalid="ignore"):
        z = np.hypot(lon, lat) + 0.00002 * np.sin(lat * _X_PI)
        theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * _X_PI)
        return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def _bd_rough_inverse(lon: FloatArray, lat: FloatArray) -> LonLat:
    """The closed-form BD-09 -> GCJ-02 most libraries use (error up to ~1e-5 degrees)."""
    x = lon - 0.0065
    y = lat - 0.006
    with np.errstate(invalid="ignore"):
        z = np.hypot(x, y) - 0.00002 * np.sin(y * _X_PI)
        theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
        return z * np.cos(theta), z * np.sin(theta)


def _invert(
    forward: Callable[[FloatArray, FloatArray], LonLat],
    lon: FloatArray,
    lat: FloatArray,
    start: LonLat,
) -> LonLat:
    """Solve ``forward(x, y) == (lon, lat)`` by fixed-point iteration, for all points at once.

    Points drop out of the working set once converged, so late iterations are cheap;
    non-finite points never enter it and come back as given.
    """
    shape = lon.shape
    lon, lat = lon.reshape(-1), lat.reshape(-1)  # 1-D so 0-d input can be fancy-indexed
    x, y = start[0].reshape(-1).copy(), start[1].reshape(-1).copy()
    active = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    for _ in range(_MAX_ITER):
        if active.size == 0:
            break
        fx, fy = forward(x[active], y[active])
        rx, ry = fx - lon[active], fy - lat[active]
        x[active] -= rx
        y[active] -= ry
        active = active[(np.abs(rx) > _TOL) | (np.abs(ry) > _TOL)]
    return x.reshape(shape), y.reshape(shape)


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> LonLat:
    """Convert WGS84 longitude/latitude to GCJ-02 (Amap, Tencent).

    Points outside :func:`in_china_box` are returned unchanged, as published implementations
    do.

    Parameters
    ----------
    lon, lat
        WGS84 longitudes and latitudes in degrees; broadcast against each other.

    Returns
    -------
    tuple of numpy.ndarray
        GCJ-02 ``(lon, lat)`` as float64 arrays of the broadcast shape (0-d for scalars).

    Examples
    --------
    >>> lon, lat = wgs84_to_gcj02(116.481499, 39.990475)
    >>> round(float(lon), 5), round(float(lat), 5)
    (116.48759, 39.99175)
    """
    x, y = _as_lonlat(lon, lat)
    inside = in_china_box(x, y)
    # Only in-box points are computed: the rest (incl. inf) stay as they are, warning-free.
    x[inside], y[inside] = _gcj_raw(x[inside], y[inside])
    return x, y


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> LonLat:
    """Convert GCJ-02 longitude/latitude to WGS84 with the exact iterative inverse.

    Converges to better than 1e-9 degrees (~0.1 mm), so ``gcj02_to_wgs84(*wgs84_to_gcj02(p))``
    returns ``p``. Points outside :func:`in_china_box` are returned unchanged. Within ~1 km
    of the box's edges the inverse is ambiguous (two WGS84 points can map to one GCJ-02
    point); there the in-box solution is returned when the GCJ-02 point is in the box.

    Parameters
    ----------
    lon, lat
        GCJ-02 longitudes and latitudes in degrees; broadcast against each other.

    Returns
    -------
    tuple of numpy.ndarray
        WGS84 ``(lon, lat)`` as float64 arrays of the broadcast shape (0-d for scalars).

    Examples
    --------
    >>> lon, lat = gcj02_to_wgs84(116.487585177952, 39.991754014757)
    >>> round(float(lon), 6), round(float(lat), 6)
    (116.481499, 39.990475)
    """
    x, y = _as_lonlat(lon, lat)
    inside = in_china_box(x, y)
    gx, gy = x[inside], y[inside]
    x[inside], y[inside] = _invert(_gcj_raw, gx, gy, start=(gx, gy))
    return x, y


def gcj02_to_bd09(lon: ArrayLike, lat: ArrayLike) -> LonLat:
    """Convert GCJ-02 longitude/latitude to BD-09 (Baidu).

    Applied everywhere, like Baidu's own conversion (no China box).

    Parameters
    ----------
    lon, lat
        GCJ-02 longitudes and latitudes in degrees; broadcast against each other.

    Returns
    -------
    tuple of numpy.ndarray
        BD-09 ``(lon, lat)`` as float64 arrays of the broadcast shape (0-d for scalars).

    Examples
    --------
    >>> lon, lat = gcj02_to_bd09(116.42703, 39.90245)
    >>> round(float(lon), 4), round(float(lat), 4)
    (116.4335, 39.9085)
    """
    x, y = _bd_raw(*_as_lonlat(lon, lat))
    return np.asarray(x), np.asarray(y)  # ufuncs turn 0-d arrays into numpy scalars


def bd09_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> LonLat:
    """Convert BD-09 longitude/latitude to GCJ-02 with the exact iterative inverse.

    Starts from the usual closed-form approximation (off by up to ~1e-5 degrees, about 1 m)
    and iterates until ``gcj02_to_bd09`` of the result matches to better than 1e-9 degrees.

    Parameters
    ----------
    lon, lat
        BD-09 longitudes and latitudes in degrees; broadcast against each other.

    Returns
    -------
    tuple of numpy.ndarray
        GCJ-02 ``(lon, lat)`` as float64 arrays of the broadcast shape (0-d for scalars).

    Examples
    --------
    >>> lon, lat = bd09_to_gcj02(116.43351, 39.90851)
    >>> round(float(lon), 4), round(float(lat), 4)
    (116.427, 39.9025)
    """
    x, y = _as_lonlat(lon, lat)
    return _invert(_bd_raw, x, y, start=_bd_rough_inverse(x, y))


def wgs84_to_bd09(lon: ArrayLike, lat: ArrayLike) -> LonLat:
    """Convert WGS84 longitude/latitude to BD-09 (via GCJ-02).

    Parameters
    ----------
    lon, lat
        WGS84 longitudes and latitudes in degrees; broadcast against each other.

    Returns
    -------
    tuple of numpy.ndarray
        BD-09 ``(lon, lat)`` as float64 arrays of the broadcast shape (0-d for scalars).

    Examples
    --------
    >>> lon, lat = wgs84_to_bd09(121.4691633, 31.2323443)
    >>> round(float(lon), 4), round(float(lat), 4)
    (121.4802, 31.2363)
    """
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> LonLat:
    """Convert BD-09 longitude/latitude to WGS84 (exact inverses, via GCJ-02).

    Parameters
    ----------
    lon, lat
        BD-09 longitudes and latitudes in degrees; broadcast against each other.

    Returns
    -------
    tuple of numpy.ndarray
        WGS84 ``(lon, lat)`` as float64 arrays of the broadcast shape (0-d for scalars).

    Examples
    --------
    >>> lon, lat = bd09_to_wgs84(121.4802435, 31.2363541)
    >>> round(float(lon), 4), round(float(lat), 4)
    (121.4692, 31.2323)
    """
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


def _check_datum(datum: str) -> str:
    name = str(datum).strip().lower().replace("-", "").replace("_", "")
    if name not in DATUMS:
        raise ValueError(
            f"unknown datum {datum!r}; use one of {', '.join(sorted(DATUMS))} "
            "(Amap/Tencent coordinates are gcj02, Baidu's are bd09, Tianditu's cgcs2000)"
        )
    return "wgs84" if name == "cgcs2000" else name


_TO_WGS84: dict[str, Callable[[ArrayLike, ArrayLike], LonLat]] = {
    "wgs84": _as_lonlat,
    "gcj02": gcj02_to_wgs84,
    "bd09": bd09_to_wgs84,
}
_FROM_WGS84: dict[str, Callable[[ArrayLike, ArrayLike], LonLat]] = {
    "wgs84": _as_lonlat,
    "gcj02": wgs84_to_gcj02,
    "bd09": wgs84_to_bd09,
}


def to_wgs84(lon: ArrayLike, lat: ArrayLike, datum: str) -> LonLat:
    """Convert coordinates in ``datum`` to WGS84.

    Parameters
    ----------
    lon, lat
        Longitudes and latitudes in degrees; broadcast against each other.
    datum
        One of ``"wgs84"``, ``"cgcs2000"``, ``"gcj02"``, ``"bd09"`` (case-insensitive;
        ``"GCJ-02"`` is accepted too). WGS84 and CGCS2000 input is returned as a copy.

    Returns
    -------
    tuple of numpy.ndarray
        WGS84 ``(lon, lat)`` as float64 arrays of the broadcast shape (0-d for scalars).

    Raises
    ------
    ValueError
        If ``datum`` is not one of the above.

    Examples
    --------
    >>> lon, lat = to_wgs84([116.487585177952], [39.991754014757], "GCJ02")
    >>> lon.round(6).tolist(), lat.round(6).tolist()
    ([116.481499], [39.990475])
    """
    return _TO_WGS84[_check_datum(datum)](lon, lat)


def from_wgs84(lon: ArrayLike, lat: ArrayLike, datum: str) -> LonLat:
    """Convert WGS84 coordinates to ``datum``.

    Parameters
    ----------
    lon, lat
        WGS84 longitudes and latitudes in degrees; broadcast against each other.
    datum
        Target datum, as for :func:`to_wgs84`.

    Returns
    -------
    tuple of numpy.ndarray
        ``(lon, lat)`` in ``datum`` as float64 arrays of the broadcast shape.

    Raises
    ------
    ValueError
        If ``datum`` is not one of the above.

    Examples
    --------
    >>> lon, lat = from_wgs84([116.481499], [39.990475], "gcj02")
    >>> lon.round(5).tolist(), lat.round(5).tolist()
    ([116.48759], [39.99175])
    """
    return _FROM_WGS84[_check_datum(datum)](lon, lat)


def _converter(datum_from: str, datum_to: str) -> Callable[[FloatArray, FloatArray], LonLat]:
    src, dst = _check_datum(datum_from), _check_datum(datum_to)
    # GCJ-02 <-> BD-09 directly: going through WGS84 would add a needless inverse step.
    if (src, dst) == ("gcj02", "bd09"):
        return gcj02_to_bd09
    if (src, dst) == ("bd09", "gcj02"):
        return bd09_to_gcj02
    return lambda lon, lat: _FROM_WGS84[dst](*_TO_WGS84[src](lon, lat))


def transform_geometries(geoms: Any, datum_from: str, datum_to: str) -> NDArray[np.object_]:
    """Convert every coordinate of an array of shapely geometries between datums.

    All coordinates of all geometries go through one vectorised conversion
    (:func:`shapely.transform`), so structure (rings, holes, parts) is kept. Z values are
    kept unchanged. Missing entries (None, NaN) and empty geometries are passed through.

    Parameters
    ----------
    geoms
        A shapely geometry, a sequence / numpy array of them, or a GeoSeries.
    datum_from, datum_to
        Datum names, as for :func:`to_wgs84`.

    Returns
    -------
    numpy.ndarray
        Object array of the same shape as ``geoms`` (0-d for a single geometry).

    Raises
    ------
    ValueError
        If a datum name is unknown.

    Examples
    --------
    >>> from shapely import Point
    >>> out = transform_geometries([Point(116.481499, 39.990475), None], "wgs84", "gcj02")
    >>> [round(c, 5) for c in out[0].coords[0]], out[1]
    ([116.48759, 39.99175], None)
    """
    convert = _converter(datum_from, datum_to)
    arr = np.asarray(geoms, dtype=object)
    out = arr.copy()
    present = shapely.is_geometry(arr)

    def apply(x: FloatArray, y: FloatArray, *z: FloatArray) -> tuple[FloatArray, ...]:
        return (*convert(x, y), *z)

    # include_z=None keeps 3D geometries 3D (z untouched) and 2D ones 2D.
    out[present] = shapely.transform(arr[present], apply, include_z=None, interleaved=False)
    return out
