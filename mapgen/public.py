"""The allow-list: the only way data reaches the published site.

Every output file is rendered from what these functions return, never from the project's
frames directly, so a column the config does not publish cannot leak into a page, a data
file or a download.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import shapely

from mapgen import datum, distance
from mapgen.config import LAYER_FIELDS, header_key
from mapgen.coverage import Coverage, is_open
from mapgen.errors import MapgenError
from mapgen.hours import parse_week
from mapgen.pagenames import page_names
from mapgen.problems import Problem
from mapgen.project import Project

# Always public: what places a station on the map and names its pages.
STRUCTURAL_FIELDS = ("id", "lon", "lat", "township_id")
COORDINATE_DIGITS = 6  # ~0.1 m: as precise as any input, and byte-stable
MIN_PUBLISHED_COUNT = 10  # sensitive township totals below this are suppressed


def display_labels(
    names: list[str], parents: list[str], codes: list[str], *, lang: str
) -> list[str]:
    """Names that tell places apart: where a name repeats, its parent area is added, or
    its code when the parent does not tell them apart either.

    Example::

        >>> display_labels(["朝阳区", "朝阳区", "海淀区"], ["北京市", "长春市", "北京市"],
        ...                ["110105", "220104", "110108"], lang="zh-CN")
        ['朝阳区（北京市）', '朝阳区（长春市）', '海淀区']
        >>> display_labels(["Chaoyang", "Chaoyang"], ["", ""], ["110105", "220104"], lang="en")
        ['Chaoyang 110105', 'Chaoyang 220104']
    """
    key = [" ".join(n.split()).casefold() for n in names]
    repeats: dict[str, list[int]] = {}
    for i, k in enumerate(key):
        repeats.setdefault(k, []).append(i)
    labels = list(names)
    for members in repeats.values():
        if len(members) < 2 or not key[members[0]]:
            continue
        by_parent = [" ".join(parents[i].split()).casefold() for i in members]
        if all(by_parent) and len(set(by_parent)) == len(members):
            for i in members:
                labels[i] = (
                    f"{names[i]}（{parents[i]}）"
                    if lang == "zh-CN"
                    else f"{names[i]} ({parents[i]})"
                )
        else:
            for i in members:
                labels[i] = f"{names[i]} {codes[i]}"
    return labels


def _labels(records: list[dict[str, Any]], parent: str) -> None:
    """``label`` and ``label_en`` on each record; ``label_en`` is "" without ``name_en``."""
    names = [str(r.get("name") or r["id"]) for r in records]
    codes = [str(r["id"]) for r in records]
    parents = [str(r.get(parent) or "") for r in records]
    for record, label in zip(
        records, display_labels(names, parents, codes, lang="zh-CN"), strict=True
    ):
        record["label"] = label
    english = [str(r.get("name_en") or r.get("name") or r["id"]) for r in records]
    parents_en = [str(r.get(f"{parent}_en") or r.get(parent) or "") for r in records]
    for record, label in zip(
        records, display_labels(english, parents_en, codes, lang="en"), strict=True
    ):
        record["label_en"] = label if record.get("name_en") else ""


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
    station_pages = _page_names(stations["id"])
    township_pages = _page_names(project.townships["id"])
    records = []
    for i, row in enumerate(stations.to_dict("records")):
        record: dict[str, Any] = {key: str(row.get(key) or "") for key in fields}
        record.update(
            id=row["id"],
            slug=station_pages[row["id"]],
            lon=float(lon[i]),
            lat=float(lat[i]),
            township_id=row["township_id"],
            township_slug=township_pages.get(row["township_id"], ""),
            township_name=names.get(row["township_id"], ""),
            township_name_en=names_en.get(row["township_id"], ""),
            services=menu.get(row["id"], []),
            week=parse_week(record.get("hours", "")) if "hours" in fields else None,
            week_en=parse_week(record.get("hours_en", "")) if "hours_en" in fields else None,
            gcj02=(round(float(gcj_lon[i]), 6), round(float(gcj_lat[i]), 6)),
            bd09=(round(float(bd_lon[i]), 6), round(float(bd_lat[i]), 6)),
        )
        records.append(record)
    _labels(records, "township_name")
    coverage = project.coverage
    table = coverage.table.set_index("id") if coverage is not None else pd.DataFrame()
    totals = sensitive_totals(project)
    townships = []
    for row in project.townships.to_dict("records"):
        code = row["id"]
        townships.append(
            {
                "id": code,
                "slug": township_pages[code],
                "name": row["name"],
                "name_en": row.get("name_en") or "",
                "parent": row.get("parent") or "",
                "parent_en": row.get("parent_en") or "",
                "stations": int(table.at[code, "stations"]) if code in table.index else 0,
                "covered": bool(table.at[code, "covered"]) if code in table.index else False,
                "sensitive": totals.get(code, {}),
            }
        )
    _labels(townships, "parent")
    township_labels = {t["id"]: (t["label"], t["label_en"]) for t in townships}
    for record in records:
        label, label_en = township_labels.get(record["township_id"], ("", ""))
        record.update(township_label=label, township_label_en=label_en)
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


def _page_names(ids: Any) -> dict[str, str]:
    """Page file names; the check stage has already reported ids that cannot have one."""
    pages = page_names(ids)
    if pages.collisions:
        first, second = pages.collisions[0]
        raise MapgenError(f"ids {first!r} and {second!r} would share a page file name")
    return pages.names


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
