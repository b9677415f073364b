"""The allow-list: the only way data reaches the published site.

Every output file is rendered from what these functions return, never from the project's
frames directly, so a column the config does not publish cannot leak into a page, a data
file or a download.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import shapely

from mapgen import datum, distance
from mapgen.config import LAYER_FIELDS, header_key
from mapgen.coverage import Coverage, is_open
from mapgen.hours import parse_week
from mapgen.problems import Problem
from mapgen.project import Project

# Always public: what places a station on the map and names its pages.
STRUCTURAL_FIELDS = ("id", "lon", "lat", "township_id")
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$")
COORDINATE_DIGITS = 6  # ~0.1 m: as precise as any input, and byte-stable
MIN_PUBLISHED_COUNT = 10  # sensitive township totals below this are suppressed


def slug(identifier: str) -> str:
    """A file name for a station or township id: the id itself when it is URL-safe."""
    if SAFE_ID.match(identifier):
        return identifier
    digest = hashlib.sha1(identifier.encode("utf-8")).hexdigest()[:10]
    return f"id-{digest}"


@dataclass(frozen=True)
class PublicData:
    """What may be published, as plain records ready for templates and JSON."""

    stations: list[dict[str, Any]]
    townships: list[dict[str, Any]]
    categories: list[dict[str, str]]
    services: list[dict[str, str]]
    station_fields: tuple[str, ...]
    coverage: Coverage | None  # as published: see public_coverage()


def public_data(project: Project) -> PublicData:
    """Cut the project down to the fields the config publishes.

    Example::

        >>> data = public_data(project)                          # doctest: +SKIP
        >>> sorted(data.stations[0])[:3]                         # doctest: +SKIP
        ['directions', 'hours', 'id']
    """
    fields = published_fields(project)
    stations = project.placed_stations.sort_values("id", kind="stable")
    names = dict(zip(project.townships["id"], project.townships["name"], strict=True))
    names_en = dict(zip(project.townships["id"], project.townships["name_en"], strict=True))
    services = project.services
    menu: dict[str, list[dict[str, str]]] = {}
    category_order = {c: i for i, c in enumerate(project.categories["id"])}
    for row in services.sort_values(
        ["station", "category"],
        key=lambda s: s.map(category_order).fillna(1e9) if s.name == "category" else s,
        kind="stable",
    ).to_dict("records"):
        menu.setdefault(row["station"], []).append(
            {
                "category": row["category"],
                "schedule": row.get("schedule") or "",
                "schedule_en": row.get("schedule_en") or "",
            }
        )
    lon = np.round(stations["lon"].to_numpy(dtype=float), COORDINATE_DIGITS)
    lat = np.round(stations["lat"].to_numpy(dtype=float), COORDINATE_DIGITS)
    gcj_lon, gcj_lat = datum.from_wgs84(lon, lat, "gcj02")
    bd_lon, bd_lat = datum.from_wgs84(lon, lat, "bd09")
    records = []
    for i, row in enumerate(stations.to_dict("records")):
        record: dict[str, Any] = {key: str(row.get(key) or "") for key in fields}
        record.update(
            id=row["id"],
            slug=slug(row["id"]),
            lon=float(lon[i]),
            lat=float(lat[i]),
            township_id=row["township_id"],
            township_name=names.get(row["township_id"], ""),
            township_name_en=names_en.get(row["township_id"], ""),
            services=menu.get(row["id"], []),
            week=parse_week(record.get("hours", "")) if "hours" in fields else None,
            week_en=parse_week(record.get("hours_en", "")) if "hours_en" in fields else None,
            gcj02=(round(float(gcj_lon[i]), 6), round(float(gcj_lat[i]), 6)),
            bd09=(round(float(bd_lon[i]), 6), round(float(bd_lat[i]), 6)),
        )
        records.append(record)
    coverage = project.coverage
    table = coverage.table.set_index("id") if coverage is not None else pd.DataFrame()
    totals = sensitive_totals(project)
    townships = []
    for row in project.townships.to_dict("records"):
        code = row["id"]
        townships.append(
            {
                "id": code,
                "slug": slug(code),
                "name": row["name"],
                "name_en": row.get("name_en") or "",
                "stations": int(table.at[code, "stations"]) if code in table.index else 0,
                "covered": bool(table.at[code, "covered"]) if code in table.index else False,
                "sensitive": totals.get(code, {}),
            }
        )
    categories = [
        {
            "id": row["id"],
            "name": row["name"],
            "name_en": row.get("name_en") or "",
            "color": row.get("color") or "",
        }
        for row in project.categories.to_dict("records")
    ]
    placed = {r["id"] for r in records}
    public_services = [
        {
            "station": r["station"],
            "category": r["category"],
            "schedule": r.get("schedule") or "",
            "schedule_en": r.get("schedule_en") or "",
        }
        for r in services.to_dict("records")
        if r["station"] in placed
    ]
    return PublicData(
        records, townships, categories, public_services, fields, public_coverage(project)
    )


def published_fields(project: Project) -> tuple[str, ...]:
    """The station fields the config publishes, coordinates aside (they are structural).

    A column listed in ``[public] sensitive_fields`` cannot be mapped to any field
    (:func:`mapgen.config.load_config` refuses it), so none of these is sensitive.
    """
    return tuple(
        f for f in project.config.public.station_fields if f not in ("lon", "lat", "lonlat")
    )


def public_coverage(project: Project) -> Coverage | None:
    """The project's coverage as every writer must use it: for the public audience, no
    figure quotes a station field the config does not publish (tier names, opening dates).

    The planner audience is internal and sees every figure.

    Example::

        >>> coverage = public_coverage(project)                  # doctest: +SKIP
        >>> "tiers" in coverage.to_json()                        # doctest: +SKIP
        False
    """
    coverage = project.coverage
    if coverage is None or coverage.plan is None or project.audience == "planner":
        return coverage
    withheld = set(LAYER_FIELDS["stations"]) - set(published_fields(project))
    return dataclasses.replace(coverage, plan=coverage.plan.without(withheld))


def report_problems(project: Project) -> tuple[Problem, ...]:
    """The project's problems as a saved report may quote them: no value from a column
    listed in ``[public] sensitive_fields`` (the row and column still say where to look).
    """
    sensitive = {header_key(h) for h in project.config.public.sensitive_fields}
    redacted = []
    for problem in project.problems:
        value = problem.value
        if problem.column is None or header_key(problem.column) not in sensitive or not value:
            redacted.append(problem)
            continue
        redacted.append(
            dataclasses.replace(
                problem,
                value=None,
                message=problem.message.replace(value, "…"),
                args=tuple((k, "…" if v == value else v) for k, v in problem.args),
            )
        )
    return tuple(redacted)


def sensitive_totals(project: Project) -> dict[str, dict[str, int | None]]:
    """Each township's total of every sensitive column over its placed stations.

    Totals below :data:`MIN_PUBLISHED_COUNT` (0 included) are ``None``: suppressed, so a
    small number of people cannot be singled out. Per-station values never leave here.
    """
    private = project.sensitive
    if private is None or private.empty or not len(private.columns):
        return {}
    placed = project.placed_stations
    values = private.reindex(placed.index)
    sums = values.groupby(placed["township_id"].to_numpy()).sum(min_count=1)
    result: dict[str, dict[str, int | None]] = {}
    for code in project.townships["id"]:
        result[code] = {}
        for column in private.columns:
            total = sums.at[code, column] if code in sums.index else np.nan
            result[code][column] = (
                int(total) if np.isfinite(total) and total >= MIN_PUBLISHED_COUNT else None
            )
    return result


def nearest_open_stations(project: Project) -> dict[str, tuple[str, float]]:
    """For each township: the open station nearest to a point inside it, and the metres.

    The same exact geodesic search the planners' distances use (:func:`distance.nearest`),
    so a township page and the coverage table never name different stations.
    """
    stations = project.placed_stations
    stations = stations[is_open(stations["status"])]
    if stations.empty or project.townships.empty:
        return {}
    anchors = shapely.point_on_surface(project.townships.geometry.values)
    best, metres = distance.nearest(
        shapely.get_x(anchors),
        shapely.get_y(anchors),
        stations["lon"].to_numpy(dtype=float),
        stations["lat"].to_numpy(dtype=float),
    )
    ids = stations["id"].to_numpy(dtype=object)
    return {
        code: (ids[b], float(m))
        for code, b, m in zip(project.townships["id"], best, metres, strict=True)
        if b >= 0
    }
