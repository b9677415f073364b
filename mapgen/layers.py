"""From raw tables to the canonical layers the pipeline works on.

Each ``read_*`` function takes the config, reads one layer through :mod:`mapgen.readers`,
renames the user's columns to mapgen's field names and converts coordinates to WGS84.
Rows that cannot be used are reported as problems, never dropped silently: the frame's
index stays the row number a person sees in the spreadsheet.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from mapgen import coords, datum
from mapgen.config import DATUMS, LAYER_FIELDS, Config
from mapgen.problems import Problem, Severity
from mapgen.readers import Table, read_boundaries, read_table

WGS84 = "EPSG:4326"

# Headers people use for coordinates when the config does not name them.
COORDINATE_ALIASES = {
    "lon": ("经度", "东经", "lng", "lon", "long", "longitude", "x", "gcj_lon", "bd_lon"),
    "lat": ("纬度", "北纬", "lat", "latitude", "y", "gcj_lat", "bd_lat"),
}
NOT_PLACED_WORDS = ("待定", "暂无", "无", "未定", "n/a", "na", "none", "tbd", "-", "--", "/")


@dataclass
class LayerRead:
    """One layer after reading: canonical columns, its file's name and what went wrong."""

    frame: pd.DataFrame
    file: str
    rows_read: int = 0
    problems: list[Problem] = field(default_factory=list)


def _normalise_header(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold().replace(" ", "")


def map_columns(table: Table, layer: str, columns: dict[str, str]) -> LayerRead:
    """Rename the user's headers to mapgen's field names; report mapped headers not found.

    Unmapped columns are dropped here, so private data never travels further than this.
    """
    problems: list[Problem] = []
    by_normal = {_normalise_header(c): c for c in table.frame.columns}
    selected: dict[str, pd.Series] = {}
    for name, header in columns.items():
        actual = by_normal.get(_normalise_header(header))
        if actual is None:
            close = difflib.get_close_matches(header, list(table.frame.columns), n=1, cutoff=0.4)
            hint = f"Did you mean {close[0]!r}? " if close else ""
            problems.append(
                Problem(
                    Severity.ERROR,
                    table.file,
                    f"column {header!r} (mapped to {name!r} in mapgen.toml) is not in the file",
                    fix=f"{hint}Columns in the file: {', '.join(map(repr, table.frame.columns))}. "
                    f"Fix [{layer}.columns] {name} in mapgen.toml.",
                    column=header,
                    code="column-missing",
                )
            )
            continue
        selected[name] = table.frame[actual]
    frame = pd.DataFrame(selected, index=table.frame.index)
    for name in LAYER_FIELDS[layer]:
        if name not in frame.columns:
            frame[name] = ""
    for extra in ("__lon__", "__lat__"):
        if extra in table.frame.columns:
            frame[extra] = table.frame[extra]
    return LayerRead(frame, table.file, len(table.frame), problems)


def _guess_coordinate_columns(table: Table, columns: dict[str, str]) -> dict[str, str]:
    """Add lon/lat mappings from well-known headers (经度/纬度, lng/lat…) when not configured."""
    if "lonlat" in columns or {"lon", "lat"} <= set(columns):
        return columns
    found = dict(columns)
    headers = {_normalise_header(c): c for c in table.frame.columns}
    for name, aliases in COORDINATE_ALIASES.items():
        if name in found:
            continue
        for alias in aliases:
            if alias in headers:
                found[name] = headers[alias]
                break
    return found


def datum_of(crs: str) -> str | None:
    """``"gcj02"`` / ``"bd09"`` / ``"wgs84"`` for the datum keywords, None for EPSG codes."""
    key = crs.strip().lower()
    return key if key in DATUMS else None


def read_stations(config: Config) -> LayerRead:
    """Stations with a WGS84 point each where the coordinates allow; the rest reported."""
    layer = config.stations
    table = read_table(
        config.path(layer.file), sheet=layer.sheet, encoding=layer.encoding, display_name=layer.file
    )
    columns = _guess_coordinate_columns(table, layer.columns)
    result = map_columns(table, "stations", columns)
    result.problems[:0] = table.problems
    frame = result.frame
    lon, lat, reasons = _parse_points(frame, columns, table.file, result.problems)
    crs = layer.crs or getattr(table, "crs", "") or "wgs84"
    lon, lat = _to_wgs84(lon, lat, crs, table.file, result.problems)
    frame["lon"], frame["lat"] = lon, lat
    frame["unplaced_reason"] = reasons
    frame["id"] = frame["id"].str.strip()
    _check_ids(frame, table.file, columns.get("id", "id"), result.problems)
    geometry = gpd.points_from_xy(lon, lat, crs=WGS84)
    result.frame = gpd.GeoDataFrame(frame.drop(columns=["__lon__", "__lat__"], errors="ignore"),
                                    geometry=geometry, crs=WGS84)
    return result


def _parse_points(
    frame: pd.DataFrame, columns: dict[str, str], file: str, problems: list[Problem]
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Parse coordinate cells; a row that has none gets a reason instead of a point."""
    n = len(frame)
    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    reasons = [""] * n
    if "__lon__" in frame.columns and "lon" not in columns:
        lon_text, lat_text = frame["__lon__"], frame["__lat__"]
        lon_col, lat_col = "geometry", "geometry"
    elif "lonlat" in columns:
        pairs = frame["lonlat"].map(coords.parse_lonlat_pair)
        lon_text = pairs.map(lambda p: "" if p is None else repr(p[0]))
        lat_text = pairs.map(lambda p: "" if p is None else repr(p[1]))
        lon_col = lat_col = columns["lonlat"]
        frame_lon = frame["lonlat"]
        lon_text = lon_text.where(pairs.notna(), frame_lon)
        lat_text = lat_text.where(pairs.notna(), frame_lon)
    elif {"lon", "lat"} <= set(columns):
        lon_text, lat_text = frame["lon"], frame["lat"]
        lon_col, lat_col = columns["lon"], columns["lat"]
    else:
        problems.append(
            Problem(
                Severity.ERROR,
                file,
                "no coordinate columns: mapgen cannot place any station",
                fix='Name them in mapgen.toml, e.g. [stations.columns] lon = "经度", lat = "纬度".',
                code="coordinates-missing",
            )
        )
        return lon, lat, ["no coordinate columns"] * n
    for i, (row, x_text, y_text) in enumerate(zip(frame.index, lon_text, lat_text, strict=True)):
        x, y = coords.parse_coordinate(x_text), coords.parse_coordinate(y_text)
        station = frame["id"].iloc[i] or None
        if x is None or y is None:
            blank = not x_text.strip() and not y_text.strip()
            placeholder = (x_text.strip().casefold() in NOT_PLACED_WORDS
                           or y_text.strip().casefold() in NOT_PLACED_WORDS)
            column, value = (lon_col, x_text) if x is None else (lat_col, y_text)
            if blank or placeholder:
                reason = "no coordinates yet" if blank else f"coordinates are {value.strip()!r}"
                fix = "Add its longitude and latitude (copy them from a web map)."
            else:
                reason, fix = _bad_coordinate(value, is_lon=x is None)
                reasons[i] = reason
                problems.append(Problem(Severity.ERROR, file, reason, fix=fix, row=row,
                                        column=column, value=value, code="coordinate-invalid",
                                        station=station))
                continue
            reasons[i] = reason
            problems.append(Problem(Severity.WARNING, file, f"station not placed: {reason}",
                                    fix=fix, row=row, column=column, value=value,
                                    code="station-not-placed", station=station))
            continue
        if x == 0 and y == 0:
            reasons[i] = "coordinates are 0, 0"
            problems.append(Problem(Severity.WARNING, file, "station not placed: coordinates "
                                    "are 0, 0 (a blank cell exported as zero?)",
                                    fix="Add its real longitude and latitude.", row=row,
                                    column=lon_col, value=f"{x_text}, {y_text}",
                                    code="station-not-placed", station=station))
            continue
        lon[i], lat[i] = x, y
    return lon, lat, reasons


def _bad_coordinate(text: str, *, is_lon: bool) -> tuple[str, str]:
    name, limit = ("longitude", 180) if is_lon else ("latitude", 90)
    try:
        number = float(unicodedata.normalize("NFKC", text).strip())
    except ValueError:
        return (f"{name} is not a number",
                "Write decimal degrees like 121.2658, or degrees-minutes-seconds like 121°15′57″.")
    return (f"{name} {number:g} is out of range (−{limit} to {limit})",
            "Check for a misplaced decimal point, or a projected coordinate: then set crs "
            'in [stations] to its EPSG code, e.g. "EPSG:4549".')


def _to_wgs84(
    lon: np.ndarray, lat: np.ndarray, crs: str, file: str, problems: list[Problem]
) -> tuple[np.ndarray, np.ndarray]:
    named = datum_of(crs)
    if named is not None:
        return datum.to_wgs84(lon, lat, named)
    transformer = Transformer.from_crs(CRS.from_user_input(crs), WGS84, always_xy=True)
    x, y = transformer.transform(lon, lat)
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def _check_ids(frame: pd.DataFrame, file: str, column: str, problems: list[Problem]) -> None:
    ids = frame["id"]
    for row in frame.index[ids == ""]:
        problems.append(Problem(Severity.ERROR, file, "station has no id", row=row, column=column,
                                fix="Give every station a unique id, e.g. JD-07.",
                                code="id-missing"))
    duplicated = ids[(ids != "") & ids.duplicated(keep="first")]
    for row, value in duplicated.items():
        first = ids.index[ids == value][0]
        problems.append(Problem(Severity.ERROR, file, f"id repeats row {first}", row=row,
                                column=column, value=value, code="id-duplicate",
                                fix="Give each station its own id.", station=value))


def read_townships(config: Config) -> LayerRead:
    """Township polygons in WGS84, repaired where invalid; unusable features reported."""
    layer = config.townships
    boundaries = read_boundaries(
        config.path(layer.file), layer=layer.sheet, encoding=layer.encoding,
        display_name=layer.file,
    )
    table = Table(frame=pd.DataFrame(boundaries.frame.drop(columns="geometry")),
                  file=boundaries.file, encoding=boundaries.encoding, problems=[])
    result = map_columns(table, "townships", layer.columns)
    result.problems[:0] = boundaries.problems
    if boundaries.frame.empty:
        result.frame = gpd.GeoDataFrame(result.frame, geometry=[], crs=WGS84)
        return result
    geometry = _boundaries_to_wgs84(boundaries.frame.geometry.values, boundaries.crs, layer.crs,
                                    layer.file, result.problems)
    frame = gpd.GeoDataFrame(result.frame, geometry=geometry, crs=WGS84)
    frame["id"] = frame["id"].str.strip()
    frame["name"] = frame["name"].str.strip()
    result.frame = _repair(frame, layer.file, layer.columns.get("id", "id"), result.problems)
    return result


def _boundaries_to_wgs84(
    geoms: np.ndarray, file_crs: str, declared: str, file: str, problems: list[Problem]
) -> np.ndarray:
    named = datum_of(declared) if declared else None
    if named in ("gcj02", "bd09"):
        return datum.transform_geometries(geoms, named, "wgs84")
    source = declared if declared and named is None else file_crs
    if not source:
        xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
        if max(abs(xmin), abs(xmax)) > 180 or max(abs(ymin), abs(ymax)) > 90:
            problems.append(Problem(
                Severity.ERROR, file,
                f"the file has no coordinate system and its coordinates ({xmin:.0f}, "
                f"{ymin:.0f}) are not longitude/latitude",
                fix='Set crs in [townships] to the EPSG code the data uses, e.g. crs = '
                '"EPSG:4549" (CGCS2000 3-degree Gauss-Krüger, 120°E).',
                code="crs-missing"))
            return np.array([None] * len(geoms), dtype=object)
        return geoms
    crs = CRS.from_user_input(source)
    if crs.equals(CRS.from_user_input(WGS84)):
        return geoms
    return gpd.GeoSeries(geoms, crs=crs).to_crs(WGS84).values


def _repair(
    frame: gpd.GeoDataFrame, file: str, id_column: str, problems: list[Problem]
) -> gpd.GeoDataFrame:
    """Drop unusable features with a problem each; repair invalid polygons in place."""
    geoms = frame.geometry.values
    keep = np.ones(len(frame), dtype=bool)
    kinds = shapely.get_type_id(geoms)
    for i, (row, geom) in enumerate(zip(frame.index, geoms, strict=True)):
        label = f"feature {row}" + (f" ({frame['name'].iloc[i]})" if frame["name"].iloc[i] else "")
        if geom is None or shapely.is_empty(geom):
            keep[i] = False
            problems.append(Problem(Severity.ERROR, file, "township has no geometry", row=label,
                                    fix="Draw its boundary or remove the feature.",
                                    code="geometry-empty"))
        elif kinds[i] not in (3, 6, 7):
            keep[i] = False
            problems.append(Problem(Severity.ERROR, file,
                                    f"township is a {geom.geom_type}, not a polygon", row=label,
                                    fix="Township boundaries must be polygons; export the "
                                    "areas, not their outlines.", code="geometry-not-polygon"))
    invalid = keep & ~shapely.is_valid(np.where(keep, geoms, None))
    if invalid.any():
        repaired = shapely.make_valid(geoms[invalid])
        repaired = np.array([_polygonal(g) for g in repaired], dtype=object)
        before = shapely.area(geoms[invalid])
        after = shapely.area(repaired)
        for row, name, b, a in zip(frame.index[invalid], frame["name"][invalid], before, after,
                                   strict=True):
            change = abs(a - b) / b if b else 1.0
            severity = Severity.ERROR if change > 0.01 else Severity.FIXED
            problems.append(Problem(
                severity, file,
                f"township {name or row} had an invalid polygon (self-intersection or bad ring); "
                f"repaired, area changed by {change:.1%}",
                row=f"feature {row}",
                fix="Check the boundary in a GIS (QGIS: Vector › Geometry Tools › Check "
                "Validity)" + (": the repair changed it too much to trust." if severity is
                              Severity.ERROR else "."),
                code="geometry-repaired"))
        geoms = geoms.copy()
        geoms[invalid] = repaired
    frame = frame.set_geometry(geoms).loc[keep]
    ids = frame["id"]
    for row, value in ids[ids.duplicated(keep="first")].items():
        problems.append(Problem(Severity.ERROR, file, "township code repeats another feature",
                                row=f"feature {row}", column=id_column, value=value,
                                fix="Each township needs its own code; merge or recode them.",
                                code="township-duplicate"))
    for row in ids.index[ids == ""]:
        problems.append(Problem(Severity.ERROR, file, "township has no code",
                                row=f"feature {row}", column=id_column,
                                fix="Fill in the township's statistical code.",
                                code="township-no-id"))
    return frame


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep the polygonal parts of what ``make_valid`` returns (it may add lines or points)."""
    if shapely.get_type_id(geom) in (3, 6):
        return geom
    parts = [p for p in shapely.get_parts(geom) if shapely.get_type_id(p) in (3, 6)]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def read_services(config: Config) -> LayerRead:
    """Service menu rows: station id, category id, schedule."""
    return _read_plain(config, "services", strip=("station", "category"))


def read_categories(config: Config) -> LayerRead:
    """Service categories with their names and colours."""
    return _read_plain(config, "categories", strip=("id",))


def _read_plain(config: Config, name: str, strip: tuple[str, ...]) -> LayerRead:
    layer = config.layer(name)
    if not layer.file:
        return LayerRead(pd.DataFrame(columns=list(LAYER_FIELDS[name])), "")
    table = read_table(config.path(layer.file), sheet=layer.sheet, encoding=layer.encoding,
                       display_name=layer.file)
    result = map_columns(table, name, layer.columns)
    result.problems[:0] = table.problems
    for column in strip:
        result.frame[column] = result.frame[column].str.strip()
    return result


def display_path(config: Config, path: Path) -> str:
    try:
        return str(path.relative_to(config.root))
    except ValueError:
        return str(path)
