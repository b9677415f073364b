"""Consistency checks across layers, once every layer is read and stations are placed."""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

from mapgen import datum, formats
from mapgen.join import normal_name, stated_township_ids, township_ids
from mapgen.messages import problem
from mapgen.pagenames import page_names, slug
from mapgen.problems import Problem, Severity

GEOD = Geod(ellps="WGS84")


def check_stated_townships(
    stations: gpd.GeoDataFrame, townships: gpd.GeoDataFrame, file: str, column: str
) -> list[Problem]:
    """Stations whose stated township (name or code) differs from where the point falls."""
    stated = stations["township"].fillna("").str.strip()
    located = stations["township_id"]
    check = (stated != "") & (located != "")
    if not check.any():
        return []
    by_name = dict(zip(townships["name"], townships["id"], strict=True))
    names = dict(zip(townships["id"], townships["name"], strict=True))
    geometry = dict(zip(townships["id"], townships.geometry.values, strict=True))
    stated_id_of = stated_township_ids(stated, townships)
    problems = []
    rows = stations.index[check]
    for row, text, actual, station in zip(
        rows, stated[check], located[check], stations.loc[check, "id"], strict=True
    ):
        if normal_name(text) in (normal_name(actual), normal_name(names[actual])):
            continue  # also when two townships share the name (reported on its own)
        stated_id = stated_id_of[row] or None
        if stated_id is None:
            problems.append(
                problem(
                    "township-unknown",
                    Severity.WARNING,
                    file,
                    row=row,
                    column=column,
                    value=text,
                    station=station,
                    **_hint(text, list(by_name), 0.5),
                )
            )
        elif stated_id != actual:
            point = stations.geometry.loc[row]
            target = geometry[stated_id]
            near = shapely.shortest_line(point, target)
            (x0, y0), (x1, y1) = shapely.get_coordinates(near)
            metres = GEOD.inv(x0, y0, x1, y1)[2]
            problems.append(
                problem(
                    "township-mismatch",
                    Severity.WARNING,
                    file,
                    row=row,
                    column=column,
                    value=text,
                    station=station,
                    stated=names[stated_id],
                    actual=names[actual],
                    km=formats.km(metres / 1000),
                )
            )
    return problems


def check_services(
    services: pd.DataFrame,
    stations: pd.DataFrame,
    file: str,
    columns: dict[str, str],
    stations_file: str,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Drop (and report) service rows that name unknown stations.

    A service row may name its station by id or, when the name is unique, by name. A
    suggestion only ever names a station whose id is the same after normalisation
    (``st-1`` for ``ST-01``): never a different station.
    """
    problems: list[Problem] = []
    known_stations = set(stations["id"]) - {""}
    names = stations["name"].fillna("").astype(str)
    unique_names = names[~names.duplicated(keep=False) & (names != "")]
    by_name = dict(zip(unique_names, stations.loc[unique_names.index, "id"], strict=True))
    by_key = {_id_key(i): i for i in known_stations}
    blank = [str(r) for r in stations.index[stations["id"] == ""]]
    resolved = []
    keep = np.ones(len(services), dtype=bool)
    for i, (row, station) in enumerate(zip(services.index, services["station"], strict=True)):
        if station in known_stations:
            resolved.append(station)
            continue
        if by_name.get(station):
            resolved.append(by_name[station])
            continue
        resolved.append(station)
        keep[i] = False
        close = by_key.get(_id_key(station)) if station else None
        hint = {"hint": "", "hint_zh": ""}
        if close:
            hint = {"hint": f"Did you mean {close!r}? ", "hint_zh": f"是不是“{close}”？"}
        elif blank:
            hint = {
                "hint": f"Row {', '.join(blank[:5])} of {stations_file} has no id: if that is "
                "this station, write the id there. ",
                "hint_zh": f"{stations_file} 第 {'、'.join(blank[:5])} 行没有编号：如果就是这个"
                "站点，请在那里填写编号。",
            }
        problems.append(
            problem(
                "service-unknown-station",
                Severity.WARNING,
                file,
                row=row,
                column=columns.get("station"),
                value=station,
                stations_file=stations_file,
                **hint,
            )
        )
    services = services.copy()
    services["station"] = resolved
    offered = set(services.loc[keep, "station"])
    for row, station in stations["id"].items():
        if station and station not in offered:
            problems.append(
                problem(
                    "station-no-services", Severity.WARNING, stations_file, row=row, station=station
                )
            )
    return services.loc[keep], problems


def _id_key(text: str) -> str:
    """An id as compared for a suggestion: case, width, spaces, dashes and leading zeros
    do not count."""
    key = unicodedata.normalize("NFKC", str(text)).casefold()
    key = re.sub(r"[\s_\-.]+", "", key)
    return re.sub(r"\d+", lambda m: str(int(m[0])), key)


def _hint(text: str, known: list[str], cutoff: float) -> dict[str, str]:
    """ "Did you mean …?" in both languages, for the closest known value."""
    close = difflib.get_close_matches(text, known, n=1, cutoff=cutoff)
    if not close:
        return {"hint": "", "hint_zh": ""}
    return {"hint": f"Did you mean {close[0]!r}? ", "hint_zh": f"是不是“{close[0]}”？"}


# ------------------------------------------------------------------ datum mix-ups

DATUM_NAMES = {"wgs84": "WGS84", "gcj02": "GCJ-02", "bd09": "BD-09"}
_GEOGRAPHIC_WGS84 = ("epsg:4326", "epsg:4490", "cgcs2000", "wgs84")


def _datum_key(crs: str) -> str | None:
    """wgs84 / gcj02 / bd09 for a layer's crs; None for projected or other systems."""
    key = (crs or "wgs84").strip().lower()
    if key in _GEOGRAPHIC_WGS84:
        return "wgs84"
    return key if key in DATUM_NAMES else None


def stated_ids(stations: pd.DataFrame, townships: gpd.GeoDataFrame) -> pd.Series:
    """The township id each station states (by code or name), "" where none or unknown."""
    return stated_township_ids(stations["township"].fillna("").astype(str), townships)


def check_datum(
    stations: gpd.GeoDataFrame,
    townships: gpd.GeoDataFrame,
    file: str,
    stations_crs: str,
    townships_crs: str,
    townships_file: str = "",
) -> list[Problem]:
    """Warn when stations fit their stated townships clearly better in another datum.

    Coordinates copied from Amap (GCJ-02) but declared WGS84 sit ~500 m off; near
    township borders that moves stations into the neighbour. Two kinds of mix-up are
    tried: the stations really in another datum, and the boundaries really in another
    datum. For each, count the stations that fall in the township they state; a clear
    gain over the declared datums names the layer and the ``crs`` line to fix.
    """
    declared = _datum_key(stations_crs)
    if declared is None or townships.empty:
        return []
    stated = stated_ids(stations, townships)
    usable = (stated != "") & stations["lon"].notna() & stations["lat"].notna()
    total = int(usable.sum())
    if total < 3:
        return []
    want = stated[usable].to_numpy()
    raw = datum.from_wgs84(
        stations.loc[usable, "lon"].to_numpy(float),
        stations.loc[usable, "lat"].to_numpy(float),
        declared,
    )
    as_declared = shapely.points(*datum.to_wgs84(*raw, declared))

    def matches(points: np.ndarray, areas: gpd.GeoDataFrame) -> int:
        return int((township_ids(points, areas, want) == want).sum())

    baseline = matches(as_declared, townships)
    scores: dict[tuple[str, str], int] = {}
    for candidate in DATUM_NAMES:
        if candidate != declared:
            scores["stations", candidate] = matches(
                shapely.points(*datum.to_wgs84(*raw, candidate)), townships
            )
    boundaries = _datum_key(townships_crs)
    if boundaries is not None:
        # A point lies in the boundaries re-read as ``candidate`` exactly when the point
        # mapped back the same way lies in the boundaries as read: move the points, not
        # every vertex of every township.
        lon, lat = datum.to_wgs84(*raw, declared)
        for candidate in DATUM_NAMES:
            if candidate != boundaries:
                back = datum.to_wgs84(*datum.from_wgs84(lon, lat, candidate), boundaries)
                scores["townships", candidate] = matches(shapely.points(*back), townships)
    if not scores:
        return []
    # Ties: the more common mix-up first (GCJ-02 is the usual culprit), then the stations.
    likely = {"gcj02": 2, "wgs84": 1, "bd09": 0}
    ranked = sorted(
        scores.items(),
        reverse=True,
        key=lambda item: (item[1], likely[item[0][1]], item[0][0] == "stations"),
    )
    (layer, best), score = ranked[0]
    if score - baseline < max(2, math.ceil(0.1 * total)):
        return []
    was = declared if layer == "stations" else boundaries or "wgs84"
    # The same relative shift may be explained by the other layer: say so.
    ties = [key for key, value in ranked if value == score and key[0] != layer]
    alternative = alternative_zh = ""
    if ties:
        other, other_is = ties[0]
        names_zh = {"stations": "站点坐标", "townships": "街镇边界"}
        alternative = (
            f"; or, if the {layer} are right, the {other} are "
            f'{DATUM_NAMES[other_is]}: set crs = "{other_is}" in [{other}]'
        )
        alternative_zh = (
            f"；如果{names_zh[layer]}无误，那么是{names_zh[other]}为 "
            f'{DATUM_NAMES[other_is]}：请在 [{other}] 中设置 crs = "{other_is}"'
        )
    return [
        problem(
            "datum-mismatch",
            Severity.WARNING,
            file if layer == "stations" else townships_file,
            variant="" if layer == "stations" else "townships",
            better=score,
            total=total,
            declared=baseline,
            better_name=DATUM_NAMES[best],
            better_key=best,
            declared_name=DATUM_NAMES[was],
            alternative=alternative,
            alternative_zh=alternative_zh,
        )
    ]


# -------------------------------------------------------------------- conservation

# File-wide problems that stand for every row they leave unused.
FILE_WIDE = frozenset(
    {
        "coordinates-missing",
        "crs-projected",
        "crs-not-projected",
        "crs-zone-mismatch",
        "crs-missing",
        "not-a-point",
        "townships-none",
        "township-properties-missing",
        "shapefile-part-missing",
        "township-unstated",  # without row: no station states a township
    }
)
# Row problems that say why a row is not used (placed, kept, shown).
UNUSED = {
    "stations": frozenset(
        {
            "station-not-placed",
            "station-outside",
            "coordinate-invalid",
            "not-a-point",
            "township-unstated",
            "township-unknown",
            "row-too-long",
            "row-too-short",
            "formula-no-value",
        }
    ),
    "townships": frozenset(
        {
            "geometry-empty",
            "geometry-not-polygon",
            "geometry-lines-skipped",
            "township-duplicate-file",
        }
    ),
    "services": frozenset({"service-unknown-station", "service-unknown-category"}),
}
_FEATURE = re.compile(r"^features? (\d+(?:, \d+)*)")


@dataclass(frozen=True)
class Account:
    """What became of one file's rows: ``read == used + reported``."""

    file: str
    read: int
    used: int  # placed stations, kept township features, kept service rows
    reported: int  # rows not used, each with a problem that says why

    @property
    def balanced(self) -> bool:
        return self.read == self.used + self.reported


def _reported_rows(
    problems: list[Problem], file: str, codes: frozenset[str]
) -> tuple[set[object], bool]:
    """Rows of ``file`` a problem gives a reason for, and whether one covers them all."""
    rows: set[object] = set()
    file_wide = False
    for item in problems:
        if item.file != file:
            continue
        if item.row is None:
            file_wide |= item.code in FILE_WIDE
        elif item.code in codes:
            match = _FEATURE.match(item.row) if isinstance(item.row, str) else None
            if match:
                rows.update(int(n) for n in match[1].split(", "))
            else:
                rows.add(item.row)
    return rows, file_wide


def account(
    layer: str,
    file: str,
    read: int,
    used: pd.Index,
    all_rows: pd.Index | None,
    problems: list[Problem],
) -> Account:
    """Count the rows of ``file``: used ones, and unused ones a problem gives a reason for.

    ``all_rows`` is every row read when the frame still holds them (stations); None when
    unused rows were dropped (services, township features), then only problems tell.
    """
    rows, file_wide = _reported_rows(problems, file, UNUSED[layer])
    used_set = set(used)
    if file_wide:
        return Account(file, read, len(used_set), read - len(used_set))
    if all_rows is not None:
        reported = sum(1 for r in all_rows if r not in used_set and r in rows)
    else:
        reported = len(rows - used_set)
    return Account(file, read, len(used_set), reported)


def lost_rows(accounts: list[Account]) -> list[Problem]:
    """An error for every file whose rows do not add up: a row vanished unreported."""
    return [
        problem("row-lost", Severity.ERROR, a.file, row=None, lost=a.read - a.used - a.reported)
        for a in accounts
        if not a.balanced
    ]


def check_page_names(
    ids: pd.Series, file: str, column: str, *, features: bool = False
) -> list[Problem]:
    """Ids whose pages could overwrite one another (:mod:`mapgen.pagenames`).

    Ids differing only in case get pages named by code (fixed); ids that would still
    share a file name are an error naming both rows. ``features``: rows are GIS features.
    """
    present = ids[ids != ""]
    first_row = {value: row for row, value in present[~present.duplicated()].items()}
    pages = page_names(present.drop_duplicates())

    def where(row: int) -> int | str:
        return f"feature {row}" if features else row

    problems = []
    for other, value in pages.collisions:
        problems.append(
            problem(
                "page-name-collision",
                Severity.ERROR,
                file,
                row=where(first_row[value]),
                column=column,
                value=value,
                other=other,
                first=where(first_row[other]),
            )
        )
    folded: dict[str, str] = {}
    for value in pages.names:
        if slug(value) == pages.names[value]:
            continue
        key = slug(value).casefold()
        if key in folded:
            other = folded[key]
            problems.append(
                problem(
                    "page-name-case",
                    Severity.FIXED,
                    file,
                    row=where(first_row[value]),
                    column=column,
                    value=value,
                    other=other,
                    first=where(first_row[other]),
                    name=pages.names[value],
                )
            )
        else:
            folded[key] = value
    return problems
