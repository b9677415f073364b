"""Consistency checks across layers, once every layer is read and stations are placed."""

from __future__ import annotations

import difflib

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

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
    known_ids = set(townships["id"])
    names = dict(zip(townships["id"], townships["name"], strict=True))
    geometry = dict(zip(townships["id"], townships.geometry.values, strict=True))
    problems = []
    for row in stations.index[check]:
        text, actual = stated.loc[row], located.loc[row]
        stated_id = text if text in known_ids else by_name.get(text)
        station = stations.at[row, "id"]
        if stated_id is None:
            close = difflib.get_close_matches(text, list(by_name), n=1, cutoff=0.5)
            problems.append(Problem(
                Severity.WARNING, file, f"station {station} names a township that does not exist",
                row=row, column=column, value=text, code="township-unknown", station=station,
                fix=(f"Did you mean {close[0]!r}? " if close else "")
                + "Use the township's name or code exactly as in the boundary file."))
        elif stated_id != actual:
            point = stations.geometry.loc[row]
            target = geometry[stated_id]
            near = shapely.shortest_line(point, target)
            (x0, y0), (x1, y1) = shapely.get_coordinates(near)
            metres = GEOD.inv(x0, y0, x1, y1)[2]
            problems.append(Problem(
                Severity.WARNING, file,
                f"station {station} says it is in {names[stated_id]} but its point lies in "
                f"{names[actual]}, {metres / 1000:.1f} km from {names[stated_id]}",
                row=row, column=column, value=text, code="township-mismatch", station=station,
                fix="Check the coordinates, their coordinate system (crs), or the stated "
                "township."))
    return problems


def check_services(
    services: pd.DataFrame, stations: pd.DataFrame, categories: pd.DataFrame, file: str,
    columns: dict[str, str], stations_file: str,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Drop (and report) service rows that name unknown stations or categories."""
    problems: list[Problem] = []
    known_stations = set(stations["id"])
    known_categories = list(categories["id"]) if len(categories) else None
    keep = np.ones(len(services), dtype=bool)
    for i, (row, station, category) in enumerate(
        zip(services.index, services["station"], services["category"], strict=True)
    ):
        if station not in known_stations:
            keep[i] = False
            close = difflib.get_close_matches(station, sorted(known_stations), n=1, cutoff=0.6)
            problems.append(Problem(
                Severity.WARNING, file, f"service row names station {station!r}, which is not in "
                f"{stations_file}", row=row, column=columns.get("station"), value=station,
                fix=(f"Did you mean {close[0]!r}? " if close else "")
                + "Use the station's id exactly.", code="service-unknown-station"))
        elif known_categories is not None and category not in known_categories:
            keep[i] = False
            close = difflib.get_close_matches(category, known_categories, n=1, cutoff=0.4)
            problems.append(Problem(
                Severity.WARNING, file, f"unknown service category {category!r}", row=row,
                column=columns.get("category"), value=category, station=station,
                fix=(f"Did you mean {close[0]!r}? " if close else "")
                + f"Known categories: {', '.join(known_categories)}.",
                code="service-unknown-category"))
    offered = set(services.loc[keep, "station"])
    for row, station in stations["id"].items():
        if station and station not in offered:
            problems.append(Problem(
                Severity.WARNING, stations_file, f"station {station} has no services listed",
                row=row, station=station, code="station-no-services",
                fix="Add its service menu rows, or it shows with an empty menu."))
    return services.loc[keep], problems
