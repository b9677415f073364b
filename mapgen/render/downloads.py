"""The site's ``data/`` folder: open data downloads built from public records only."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import shapely

from mapgen.project import Project
from mapgen.public import PublicData
from mapgen.render.files import SiteFile
from mapgen.render.geometry import feature_collection_bytes
from mapgen.sanitize import csv_text


def files(project: Project, data: PublicData, townships: np.ndarray) -> Iterator[SiteFile]:
    """The downloads; ``townships`` are the township shapes as published (simplified)."""
    station_props = []
    points = []
    for s in data.stations:
        props = {key: s.get(key, "") for key in data.station_fields}
        props = {
            "id": s["id"],
            **props,
            "township_id": s["township_id"],
            "services": [x["category"] for x in s["services"]],
        }
        station_props.append(props)
        points.append(shapely.Point(s["lon"], s["lat"]))
    yield SiteFile(
        "data/stations.geojson",
        feature_collection_bytes(np.asarray(points, dtype=object), station_props),
    )
    township_props = []
    for t in data.townships:
        props = {k: t[k] for k in ("id", "name", "name_en", "stations", "covered")}
        # Sensitive counts: township totals of 10 or more, else null (mapgen.public).
        props.update({k: v for k, v in t.get("sensitive", {}).items() if k not in props})
        township_props.append(props)
    yield SiteFile(
        "data/townships.geojson",
        feature_collection_bytes(townships, township_props),
    )
    yield SiteFile(
        "data/services.csv", _csv(["station", "category", "schedule", "schedule_en"], data.services)
    )
    if data.coverage is not None:
        yield SiteFile("data/coverage.csv", data.coverage.to_csv_text().encode("utf-8"))
        yield SiteFile("data/coverage.json", data.coverage.to_json_text().encode("utf-8"))


def _csv(header: list[str], rows: list[dict[str, str]]) -> bytes:
    text = csv_text([header, *([row.get(key, "") for key in header] for row in rows)])
    # UTF-8 with BOM: Excel on Chinese Windows opens it without mojibake.
    return text.encode("utf-8-sig")
