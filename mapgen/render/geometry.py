"""Township geometry for the browser: simplified together, rounded, as GeoJSON."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

# ~1 m at the equator: invisible at street zoom, and it keeps neighbours' shared edges
# identical after simplification because the whole coverage is simplified at once.
SIMPLIFY_DEGREES = 0.00001
COORDINATE_DIGITS = 6


def web_geometries(geometries: np.ndarray, tolerance: float = SIMPLIFY_DEGREES) -> np.ndarray:
    """Simplify polygons as one coverage (shared borders stay shared) and round coordinates.

    Missing geometries (townships from a plain table of codes and names) stay None.
    """
    geometries = np.asarray(geometries, dtype=object)
    present = ~shapely.is_missing(geometries)
    out = np.full(len(geometries), None, dtype=object)
    if not present.any():
        return out
    shapes = geometries[present]
    try:
        simplified = shapely.coverage_simplify(shapes, tolerance)
    except shapely.errors.GEOSException:
        # Not a clean coverage (overlaps): simplify each alone, borders may drift slightly.
        simplified = shapely.simplify(shapes, tolerance, preserve_topology=True)
    out[present] = shapely.set_precision(simplified, 10**-COORDINATE_DIGITS)
    return out


def feature_collection_bytes(geometries: np.ndarray, properties: list[dict[str, Any]]) -> bytes:
    """The same FeatureCollection as UTF-8 JSON, spliced from shapely's GeoJSON strings.

    Building it as text never turns millions of coordinates into Python floats.
    """
    import json

    texts = shapely.to_geojson(geometries)
    parts = []
    for text, props in zip(texts, properties, strict=True):
        parts.append(
            '{"type":"Feature","properties":'
            + json.dumps(props, ensure_ascii=False, separators=(",", ":"))
            + ',"geometry":'
            + (text if text is not None else "null")
            + "}"
        )
    return ('{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}\n").encode()


def feature_collection(geometries: np.ndarray, properties: list[dict[str, Any]]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection; geometry goes through shapely's own GeoJSON writer."""
    import json

    features = []
    for geometry, props in zip(geometries, properties, strict=True):
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": json.loads(shapely.to_geojson(geometry))
                if geometry is not None
                else None,
            }
        )
    return {"type": "FeatureCollection", "features": features}
