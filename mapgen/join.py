"""Placing stations in townships.

A station exactly on a border shared by two townships, or inside an overlap of two, goes
to the township its row states when that is one of them, else to the one whose code sorts
first, so the result never depends on file order; either way the tie is reported. A
station in no township is reported with the nearest one and the distance, never dropped
silently. Without boundaries (a plain table of townships), each station goes to the
township it states.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

from mapgen import formats
from mapgen.messages import problem
from mapgen.problems import Problem, Severity

GEOD = Geod(ellps="WGS84")


_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+")


def normal_name(text: object) -> str:
    """A township name or code as compared: NFKC, no spaces or invisible marks, casefolded.

    Example::

        >>> normal_name(" 南翔镇\u3000") == normal_name("南翔镇"), normal_name("３１０１")
        (True, '3101')
    """
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", str(text or ""))).casefold()


def stated_township_ids(stated: pd.Series, townships: pd.DataFrame) -> pd.Series:
    """The township id each stated cell names, by code or name ("" where none or unknown).

    Example::

        >>> towns = pd.DataFrame({"id": ["310114101"], "name": ["南翔镇"]})
        >>> stated_township_ids(pd.Series(["南翔镇 ", "310114101", "", "安亭"]), towns).tolist()
        ['310114101', '310114101', '', '']
    """
    lookup = {normal_name(n): i for i, n in zip(townships["id"], townships["name"], strict=True)}
    lookup.update({normal_name(i): i for i in townships["id"]})
    lookup.pop("", None)
    return stated.map(lambda text: lookup.get(normal_name(text), ""))


def _closest(text: str, known: list[str]) -> dict[str, str]:
    close = difflib.get_close_matches(text, known, n=1, cutoff=0.5)
    if not close:
        return {"hint": "", "hint_zh": ""}
    return {"hint": f"Did you mean {close[0]!r}? ", "hint_zh": f"是不是“{close[0]}”？"}


def assign_townships(
    stations: gpd.GeoDataFrame, townships: gpd.GeoDataFrame, stated: pd.Series | None = None
) -> pd.Series:
    """The id of the township each station lies in ("" where none), indexed like ``stations``.

    ``stated`` (township ids, "" where none) decides border and overlap ties.

    Example::

        >>> assign_townships(project.stations, project.townships)   # doctest: +SKIP
        2    310114101
        3    310114102
    """
    result = pd.Series("", index=stations.index, dtype=object)
    points = stations.geometry.values
    placed = ~(shapely.is_empty(points) | pd.isna(stations["lon"]).to_numpy())
    if not placed.any() or townships.empty:
        return result
    prefer = None if stated is None else stated.to_numpy(dtype=object)[placed]
    result.loc[stations.index[placed]] = township_ids(points[placed], townships, prefer)
    return result


def candidates(points: np.ndarray, townships: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Every (point position, township id) pair where the point lies in the township,
    sorted by point and then by code."""
    geometries = townships.geometry.values
    if len(points) == 0 or townships.empty or shapely.is_missing(geometries).all():
        return np.array([], dtype=np.intp), np.array([], dtype=object)
    tree = shapely.STRtree(geometries)
    point_idx, township_idx = tree.query(points, predicate="intersects")
    codes = townships["id"].to_numpy(dtype=object)[township_idx]
    order = np.lexsort((codes.astype(str), point_idx))
    return point_idx[order], codes[order]


def township_ids(
    points: np.ndarray, townships: gpd.GeoDataFrame, stated: np.ndarray | None = None
) -> np.ndarray:
    """The id of the township each point lies in ("" where none); ties as above."""
    result = np.full(len(points), "", dtype=object)
    point_idx, codes = candidates(points, townships)
    if len(point_idx) == 0:
        return result
    first = np.r_[True, point_idx[1:] != point_idx[:-1]]
    result[point_idx[first]] = codes[first]
    if stated is not None:
        tied = np.flatnonzero(np.bincount(point_idx, minlength=len(points)) > 1)
        for k in tied:
            options = codes[point_idx == k]
            if stated[k] and stated[k] in options:
                result[k] = stated[k]
    return result


def tie_problems(
    stations: gpd.GeoDataFrame,
    townships: gpd.GeoDataFrame,
    stated: pd.Series,
    file: str,
    column: str,
) -> list[Problem]:
    """One problem per station on a shared border or in an overlap: which township it
    went to, and why (its row states it, or the lowest code when nothing is stated)."""
    placed = stations["township_id"] != ""
    if not placed.any():
        return []
    rows = stations.index[placed]
    point_idx, codes = candidates(stations.geometry.values[placed.to_numpy()], townships)
    counts = np.bincount(point_idx, minlength=len(rows))
    names = dict(zip(townships["id"], townships["name"], strict=True))
    problems = []
    for k in np.flatnonzero(counts > 1):
        row = rows[k]
        options = [str(c) for c in codes[point_idx == k]]
        chosen = stations.at[row, "township_id"]
        said = stated.get(row, "")
        listed = [f"{names.get(c) or c} ({c})" for c in options]
        problems.append(
            problem(
                "station-border-tie",
                Severity.FIXED if said == chosen else Severity.WARNING,
                file,
                variant="stated" if said == chosen else "lowest",
                row=row,
                column=column,
                value=str(stations.at[row, "township"] or "") or None,
                station=stations.at[row, "id"] or None,
                townships=", ".join(listed),
                townships_zh="、".join(listed),
                chosen=f"{names.get(chosen) or chosen} ({chosen})",
            )
        )
    return problems


def stated_problems(
    stations: gpd.GeoDataFrame, stated: pd.Series, townships: pd.DataFrame, file: str, column: str
) -> list[Problem]:
    """Without boundaries: each placed station must state a township the table lists."""
    problems = []
    usable = stations["unplaced_reason"].eq("") & stations["lon"].notna()
    if usable.any() and not stations["township"].fillna("").astype(str).str.strip().any():
        # No row states one: the column is not mapped or empty. Say it once, not per row.
        return [problem("township-unstated", Severity.ERROR, file, variant="column", column=column)]
    known = [str(n) for n in townships["name"] if str(n)]
    for row in stations.index[usable & (stated == "")]:
        text = str(stations.at[row, "township"] or "").strip()
        station = stations.at[row, "id"] or None
        if not text:
            problems.append(
                problem(
                    "township-unstated",
                    Severity.ERROR,
                    file,
                    row=row,
                    column=column,
                    station=station,
                )
            )
        else:
            problems.append(
                problem(
                    "township-unknown",
                    Severity.ERROR,
                    file,
                    variant="no-boundaries",
                    row=row,
                    column=column,
                    value=text,
                    station=station,
                    **_closest(text, known),
                )
            )
    return problems


def nearest_township(
    points: np.ndarray, townships: gpd.GeoDataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """For each WGS84 point: the index position of the nearest township and the distance in m."""
    tree = shapely.STRtree(townships.geometry.values)
    positions = tree.nearest(points)
    polygons = townships.geometry.values[positions]
    lines = shapely.shortest_line(points, polygons)
    coords = shapely.get_coordinates(lines).reshape(-1, 2, 2)
    _, _, metres = GEOD.inv(coords[:, 0, 0], coords[:, 0, 1], coords[:, 1, 0], coords[:, 1, 1])
    return positions, np.asarray(metres)


def outside_problems(
    stations: gpd.GeoDataFrame,
    township_ids: pd.Series,
    townships: gpd.GeoDataFrame,
    file: str,
    id_column: str,
) -> list[Problem]:
    """One problem per placed station that falls in no township."""
    lost = (township_ids == "") & stations["unplaced_reason"].eq("") & stations["lon"].notna()
    if not lost.any():
        return []
    if townships.empty:
        return [problem("townships-none", Severity.ERROR, file, count=int(lost.sum()))]
    positions, metres = nearest_township(stations.geometry.values[lost.to_numpy()], townships)
    problems = []
    for (row, station), position, distance in zip(
        stations.loc[lost, "id"].items(), positions, metres, strict=True
    ):
        # The cells as written, in the file's own system: what the user can find and fix.
        point = stations.geometry.loc[row]
        cells = stations.at[row, "_cells"] if "_cells" in stations.columns else ""
        where = stations.at[row, "_cell_columns"] if "_cell_columns" in stations.columns else ""
        problems.append(
            problem(
                "station-outside",
                Severity.ERROR,
                file,
                row=row,
                column=where or id_column,
                value=cells or f"{point.x:.6f}, {point.y:.6f}",
                station=station or None,
                km=formats.km(distance / 1000),
                nearest=townships["name"].iloc[position],
            )
        )
    return problems
