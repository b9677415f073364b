"""Placing stations in townships.

A station exactly on a border shared by two townships goes to the one whose code sorts
first, so the result never depends on file order. A station in no township is reported
with the nearest one and the distance, never dropped silently.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

from mapgen.messages import problem
from mapgen.problems import Problem, Severity

GEOD = Geod(ellps="WGS84")


def assign_townships(stations: gpd.GeoDataFrame, townships: gpd.GeoDataFrame) -> pd.Series:
    """The id of the township each station lies in ("" where none), indexed like ``stations``.

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
    result.loc[stations.index[placed]] = township_ids(points[placed], townships)
    return result


def township_ids(points: np.ndarray, townships: gpd.GeoDataFrame) -> np.ndarray:
    """The id of the township each point lies in ("" where none); border ties as above."""
    result = np.full(len(points), "", dtype=object)
    if len(points) == 0 or townships.empty:
        return result
    tree = shapely.STRtree(townships.geometry.values)
    point_idx, township_idx = tree.query(points, predicate="intersects")
    if len(point_idx) == 0:
        return result
    codes = townships["id"].to_numpy()[township_idx]
    # Border ties: sort by point then township code and keep the first per point.
    order = np.lexsort((codes, point_idx))
    point_idx, codes = point_idx[order], codes[order]
    first = np.r_[True, point_idx[1:] != point_idx[:-1]]
    result[point_idx[first]] = codes[first]
    return result


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
                km=f"{distance / 1000:.1f}",
                nearest=townships["name"].iloc[position],
            )
        )
    return problems
