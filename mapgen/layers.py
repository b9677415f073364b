"""From raw tables to the canonical layers the pipeline works on.

Each ``read_*`` function takes the config, reads one layer through :mod:`mapgen.readers`,
renames the user's columns to mapgen's field names and converts coordinates to WGS84.
Rows that cannot be used are reported as problems, never dropped silently: the frame's
index stays the row number a person sees in the spreadsheet.

Stations are located in three steps: each row's cells are parsed in the units of the
layer's coordinate system (degrees, or metres for a projected one); file-wide mistakes
are recognised (metres declared as degrees, a Gauss-Krüger zone number in front of the
easting or missing from it); then every point is converted to WGS84 and, where it falls
outside the district but would fall inside with longitude and latitude swapped, swapped.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from mapgen import coords, datum, gauss, headers, menus, rows, sanitize
from mapgen.config import DATUMS, LAYER_FIELDS, REQUIRED_FIELDS, Config, header_key
from mapgen.counts import parse_count, parse_whole_count
from mapgen.messages import problem
from mapgen.problems import Problem, Severity
from mapgen.readers import (
    EXCEL_SUFFIXES,
    OLD_EXCEL_SUFFIXES,
    TEXT_SUFFIXES,
    VECTOR_SUFFIXES,
    Table,
    read_boundaries,
    read_table,
)

WGS84 = "EPSG:4326"
# Problems that make a station row unusable as it stands, and the reason then given.
UNREAD_ROWS = {
    "not-a-point": "not a point",
    "row-too-long": "the row has more cells than the header",
    "row-too-short": "the row has fewer cells than the header",
    "formula-no-value": "a formula without a saved value",
}

NOT_PLACED_WORDS = ("待定", "暂无", "无", "未定", "n/a", "na", "none", "tbd", "-", "--", "/")
# Per-cell "fixed" problems beyond this many are summed up in one.
MAX_CELL_PROBLEMS = 20
# Properties of township GeoJSON from Aliyun DataV.GeoAtlas (GCJ-02), besides "adcode".
DATAV_PROPERTIES = ("childrennum", "acroutes", "subfeatureindex", "centroid", "center")


@dataclass
class LayerRead:
    """One layer after reading: canonical columns, its file's name and what went wrong.

    ``private`` holds the station columns named in ``[public] sensitive_fields`` as
    numbers, indexed like ``frame``; they only ever leave mapgen as township totals.
    """

    frame: pd.DataFrame
    file: str
    rows_read: int = 0
    problems: list[Problem] = field(default_factory=list)
    private: pd.DataFrame | None = None
    columns: dict[str, str] = field(default_factory=dict)  # field → the file's header
    menu: pd.DataFrame | None = None  # services listed on the stations sheet, if there


def _find_header(table: Table, header: str) -> str | None:
    by_normal = {header_key(c): c for c in table.frame.columns}
    return by_normal.get(header_key(header))


def _missing_column(table: Table, header: str) -> dict[str, str]:
    """Arguments for a "column not found" message: the closest header and the list."""
    return headers.suggestion(header, "", "", list(table.frame.columns), set())


def map_columns(
    table: Table, layer: str, columns: dict[str, str], *, exclude: Collection[str] = ()
) -> LayerRead:
    """Rename the user's headers to mapgen's field names; report headers not found.

    A field not named in ``columns`` is found by its usual headers (:mod:`mapgen.headers`),
    and the report says which. Unmapped columns are dropped here, so private data never
    travels further than this. Invisible control characters (bidi overrides and the like)
    are removed from every mapped cell, each removal reported as fixed.
    """
    problems: list[Problem] = []
    names = list(table.frame.columns)
    letters = dict(table.frame.attrs.get("letters", {}))
    unreadable = not names and any(p.is_error for p in table.problems)
    found = headers.find_columns(
        names, letters, layer, columns, table.file, exclude=frozenset(exclude)
    )
    if not unreadable:
        # A file that cannot be read is reported once: no "column missing" after it.
        problems.extend(found.problems)
        problems.extend(_unmapped_required(table, layer, found, letters))
    selected: dict[str, pd.Series] = {}
    for name, actual in found.found.items():
        selected[name] = _clean_column(table.frame[actual], table.file, actual, problems)
    frame = pd.DataFrame(selected, index=table.frame.index)
    for name in LAYER_FIELDS[layer]:
        if name not in frame.columns:
            frame[name] = ""
    for extra in ("__lon__", "__lat__"):
        if extra in table.frame.columns:
            frame[extra] = table.frame[extra]
    cleaned = [p for p in problems if p.code == "text-controls"]
    if len(cleaned) > MAX_CELL_PROBLEMS:
        rest = cleaned[MAX_CELL_PROBLEMS:]
        problems = [p for p in problems if p not in rest]
        problems.append(
            problem(
                "text-controls",
                Severity.FIXED,
                table.file,
                variant="more",
                count=len(rest),
                rows=", ".join(str(p.row) for p in rest[:50]),
            )
        )
    return LayerRead(frame, table.file, len(table.frame), problems, columns=found.found)


def _unmapped_required(
    table: Table, layer: str, found: headers.Columns, letters: dict[str, str]
) -> list[Problem]:
    """A required field neither configured nor found by its usual headers."""
    problems = []
    for name in REQUIRED_FIELDS.get(layer, ()):
        if name in found.found or name in found.missing:
            continue
        if any(
            p.code in ("column-ambiguous", "column-duplicate") and dict(p.args).get("name") == name
            for p in found.problems
        ):
            continue
        aliases = headers.ALIASES.get(layer, {}).get(name, (name,))
        problems.append(
            problem(
                "column-missing",
                Severity.ERROR,
                table.file,
                variant="unmapped",
                name=name,
                layer=layer,
                alias=aliases[0],
                aliases=", ".join(aliases[:6]),
                columns=", ".join(map(repr, table.frame.columns)),
            )
        )
    return problems


def _clean_column(values: pd.Series, file: str, column: str, problems: list[Problem]) -> pd.Series:
    out = values.copy()
    suspect = values.map(lambda v: isinstance(v, str) and not v.isprintable())
    for row, text in values[suspect.astype(bool)].items():
        cleaned, removed = sanitize.clean(text)
        if removed:
            out.at[row] = cleaned
            problems.append(
                problem(
                    "text-controls",
                    Severity.FIXED,
                    file,
                    row=row,
                    column=column,
                    value=cleaned,
                    count=len(removed),
                    names=", ".join(dict.fromkeys(removed)),
                )
            )
    return out


def datum_of(crs: str) -> str | None:
    """``"gcj02"`` / ``"bd09"`` / ``"wgs84"`` for the datum keywords, None for EPSG codes."""
    key = crs.strip().lower()
    return key if key in DATUMS else None


def is_projected(crs: str) -> bool:
    """True for a coordinate system in metres (Gauss-Krüger, UTM…), False for degrees."""
    if datum_of(crs) is not None:
        return False
    try:
        return bool(CRS.from_user_input(crs).is_projected)
    except Exception:
        return False


# ---------------------------------------------------------------------- stations


def read_stations(config: Config, townships: gpd.GeoDataFrame | None = None) -> LayerRead:
    """Stations with a WGS84 point each where the coordinates allow; the rest reported.

    ``townships`` (in WGS84) is the district: with it, swapped longitude/latitude are
    recognised and a projected system's zone can be suggested. Rows that are notes,
    totals, exact repeats or ragged are left out, each with its problem. When the
    services are listed on the stations sheet (one cell, or one ticked column per
    service), ``menu`` holds them as the long table.
    """
    layer = config.stations
    table = read_table(
        config.path(layer.file), sheet=layer.sheet, encoding=layer.encoding, display_name=layer.file
    )
    table, skipped_problems = _without_skipped(table)
    result = map_columns(table, "stations", layer.columns, exclude=config.public.sensitive_fields)
    columns = result.columns
    result.problems[:0] = [*_formulas(table, columns), *skipped_problems]
    frame = result.frame
    result.problems += rows.clean_cells(frame, ("id", "name", "township"), table.file)
    crs = layer.crs or getattr(table, "crs", "") or "wgs84"
    district = townships if townships is not None and not townships.empty else None
    # Rows whose cells cannot be trusted are reported once, by the reader: a ragged row's
    # cells have moved, a formula's value is unknown.
    skip_points: dict[object, str] = {
        p.row: UNREAD_ROWS[p.code]
        for p in result.problems
        if (p.code in UNREAD_ROWS and p.is_error) or p.code == "not-a-point"
    }
    # A mapped coordinate column that is not in the file is already reported once, as
    # column-missing; reading its empty cells would repeat that for every row.
    missing = any(
        p.code in ("column-missing", "column-ambiguous", "column-duplicate")
        and dict(p.args).get("name") in ("lon", "lat", "lonlat")
        for p in result.problems
    )
    unreadable = not len(table.frame.columns) and any(p.is_error for p in table.problems)
    cells = (
        None
        if missing or unreadable
        else _coordinate_cells(frame, columns, table.file, result.problems)
    )
    if cells is None:
        lon = lat = np.full(len(frame), np.nan)
        reasons = ["no coordinate columns"] * len(frame)
        frame["_cells"], frame["_cell_columns"] = "", ""
    else:
        written = (
            [[str(c)] for c in frame["lonlat"]]
            if "lonlat" in columns and cells.x_column == cells.y_column
            else [[str(x), str(y)] for x, y in zip(cells.x, cells.y, strict=True)]
        )
        _pairs_in_one_cell(frame, cells, table.file, result.problems)
        result.problems += _conversions(cells, table.file, crs)
        parsed = _parse_points(
            frame, cells, table.file, result.problems, crs=crs, district=district, skip=skip_points
        )
        lon, lat = _locate(frame, cells, parsed, crs, table.file, result.problems, district)
        reasons = parsed.reasons
        frame["_cells"] = [", ".join(c) for c in written]
        frame["_cell_columns"] = (
            cells.x_column
            if cells.x_column == cells.y_column
            else f"{cells.x_column}/{cells.y_column}"
        )
    frame["lon"], frame["lat"] = lon, lat
    frame["unplaced_reason"] = reasons
    if not unreadable:
        _ids_and_names(frame, table, columns, result.problems)
        coordinate_columns = str(frame["_cell_columns"].iloc[0]) if len(frame) else ""
        result.problems += rows.shared_points(frame, table.file, coordinate_columns)
        if cells is not None and cells.x_column != "geometry" and not is_projected(crs):
            result.problems += rows.coarse_points(frame, written, table.file, coordinate_columns)
        if "phone" in columns:
            trusted = frame.drop(index=[r for r in skip_points if r in frame.index])
            result.problems += rows.implausible_phones(trusted, table.file, columns["phone"])
        result.menu, menu_problems = _station_menu(config, table, frame, columns)
        result.problems += menu_problems
    result.private = _read_sensitive(config, table, result.problems)
    geometry = gpd.points_from_xy(lon, lat, crs=WGS84)
    result.frame = gpd.GeoDataFrame(
        frame.drop(columns=["__lon__", "__lat__"], errors="ignore"), geometry=geometry, crs=WGS84
    )
    return result


def _without_skipped(table: Table) -> tuple[Table, list[Problem]]:
    """The table without notes, totals and exact repeats, and a problem for each."""
    skip, problems = rows.skipped_rows(table.frame, table.file)
    if not skip:
        return table, problems
    kept = table.frame.drop(index=skip)
    kept.attrs = table.frame.attrs
    return Table(kept, table.file, table.encoding, table.problems, table.crs), problems


def _formulas(table: Table, columns: dict[str, str]) -> list[Problem]:
    """A formula without a saved value in a column a station needs is an error: the
    cell is not empty, its value is unknown."""
    letters = table.frame.attrs.get("letters", {})
    needed = {
        letters.get(columns[f]): f for f in ("id", "name", "lon", "lat", "lonlat") if f in columns
    }
    found = []
    for item in table.problems:
        name = needed.get(item.column) if item.code == "formula-no-value" else None
        if name is None or item.row is None:
            found.append(item)
            continue
        args = dict(item.args)
        found.append(
            problem(
                "formula-no-value",
                Severity.ERROR,
                item.file,
                variant="required",
                row=item.row,
                column=columns[name],
                value=item.value,
                ref=args.get("ref", ""),
                name=name,
            )
        )
    return found


def _ids_and_names(
    frame: pd.DataFrame, table: Table, columns: dict[str, str], problems: list[Problem]
) -> None:
    """Every station needs a name; ids are checked, or made from the names."""
    name_column = columns.get("name", "name")
    if "name" in columns:
        for row in frame.index[frame["name"] == ""]:
            problems.append(
                problem("name-missing", Severity.ERROR, table.file, row=row, column=name_column)
            )
    if "id" in columns:
        _check_ids(frame, table, columns["id"], problems)
    elif "name" in columns:
        frame["id"], derived = rows.derive_ids(frame, table.file, name_column)
        problems += derived


def _station_menu(
    config: Config, table: Table, frame: pd.DataFrame, columns: dict[str, str]
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The services listed on the stations sheet, when that is where they are."""
    shape = config.services.shape
    if config.services.file and shape in ("", "long"):
        return None, []
    if "services" in columns and shape in ("", "list"):
        return menus.from_list(frame["id"], frame["services"], columns["services"], table.file)
    if shape in ("", "matrix"):
        names: list[str] = []
        if config.categories.file:
            categories = read_categories(config).frame
            for key in ("id", "name", "name_en"):
                names += [str(v) for v in categories[key] if str(v)]
        ticked = menus.tick_columns(table.frame, set(columns.values()), names)
        if ticked:
            return menus.from_matrix(frame["id"], table.frame, ticked, table.file)
    if shape in ("list", "matrix"):
        # Declared, but not there: say so rather than publish empty menus.
        return None, [problem("services-none", Severity.ERROR, table.file, variant=shape)]
    return None, []


def _pairs_in_one_cell(
    frame: pd.DataFrame, cells: _Cells, file: str, problems: list[Problem]
) -> None:
    """A "lon,lat" pair pasted into the longitude cell, the latitude cell left blank."""
    if cells.x_column == cells.y_column:
        return
    for i, row in enumerate(frame.index):
        x, y = str(cells.x[i]), str(cells.y[i])
        if y.strip() and y.strip() != x.strip():
            continue
        pair = coords.parse_lonlat_pair(x)
        if pair is None or coords.parse_coordinate(x) is not None:
            continue
        cells.x[i], cells.y[i] = repr(pair[0]), repr(pair[1])
        problems.append(
            problem(
                "lonlat-in-one-cell",
                Severity.FIXED,
                file,
                row=row,
                column=cells.x_column,
                value=x,
                station=frame["id"].iloc[i] or None,
                lon=repr(pair[0]),
                lat=repr(pair[1]),
                y_column=cells.y_column,
            )
        )


_PLAIN = re.compile(r"^\s*[+-]?\d+(?:\.\d*)?\s*$", re.ASCII)
_DECIMAL_COMMA = re.compile(r"^\s*[+-]?\d{1,3},\d+\s*$")


def _conversions(cells: _Cells, file: str, crs: str) -> list[Problem]:
    """Say which cells were read in another form than a plain decimal number."""
    if is_projected(crs):
        return []
    comma: list[tuple[str, float]] = []
    other: list[str] = []
    kinds: dict[str, str] = {}
    for text in [*cells.x, *cells.y]:
        text = str(text)
        if not text.strip() or _PLAIN.match(text):
            continue
        value = coords.parse_coordinate(text)
        if value is None:
            continue
        if _DECIMAL_COMMA.match(text):
            comma.append((text, value))
        elif rows.decimals(unicodedata.normalize("NFKC", text)) is not None:
            kinds.setdefault("full-width digits", "全角数字")
            other.append(text)
        else:
            kinds.setdefault("degrees-minutes-seconds or with a hemisphere", "度分秒或带方位的形式")
            other.append(text)
    found = []
    if comma:
        found.append(
            problem(
                "decimal-comma",
                Severity.FIXED,
                file,
                count=len(comma),
                example=comma[0][0],
                number=f"{comma[0][1]:.10g}",
            )
        )
    if other:
        found.append(
            problem(
                "coordinates-converted",
                Severity.FIXED,
                file,
                count=len(other),
                example=other[0],
                kinds=" and ".join(kinds),
                kinds_zh="和".join(kinds.values()),
            )
        )
    return found


@dataclass
class _Cells:
    """The coordinate cells of every row as text, and the columns they come from."""

    x: list[str]
    y: list[str]
    x_column: str
    y_column: str


def _coordinate_cells(
    frame: pd.DataFrame, columns: dict[str, str], file: str, problems: list[Problem]
) -> _Cells | None:
    if "__lon__" in frame.columns and "lon" not in columns:
        return _Cells(list(frame["__lon__"]), list(frame["__lat__"]), "geometry", "geometry")
    if "lonlat" in columns:
        pairs = frame["lonlat"].map(coords.parse_lonlat_pair)
        x = [
            text if pair is None else repr(pair[0])
            for pair, text in zip(pairs, frame["lonlat"], strict=True)
        ]
        y = [
            text if pair is None else repr(pair[1])
            for pair, text in zip(pairs, frame["lonlat"], strict=True)
        ]
        return _Cells(x, y, columns["lonlat"], columns["lonlat"])
    if {"lon", "lat"} <= set(columns):
        return _Cells(list(frame["lon"]), list(frame["lat"]), columns["lon"], columns["lat"])
    problems.append(problem("coordinates-missing", Severity.ERROR, file))
    return None


@dataclass
class _Parsed:
    """Coordinates in the layer's own units (NaN where a row has none) and why not."""

    x: np.ndarray
    y: np.ndarray
    reasons: list[str]


_METRES = re.compile(r"[+-]?\d+(?:\.\d*)?")


def _metres(text: str) -> float | None:
    """A plain number as a projected coordinate is written: ``3456789.12``, ``40 512 345``."""
    if not isinstance(text, str):
        return None
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace(" ", "")
    cleaned = cleaned.removesuffix("m").removesuffix("米")
    if not _METRES.fullmatch(cleaned):
        return None
    value = float(cleaned)
    return value if math.isfinite(value) else None


def _parse_points(
    frame: pd.DataFrame,
    cells: _Cells,
    file: str,
    problems: list[Problem],
    *,
    crs: str,
    district: gpd.GeoDataFrame | None,
    skip: dict[object, str],
) -> _Parsed:
    """Parse coordinate cells; a row that has none gets a reason and a problem."""
    n = len(frame)
    x, y = np.full(n, np.nan), np.full(n, np.nan)
    reasons = [""] * n
    projected = is_projected(crs)
    parse = _metres if projected else coords.parse_coordinate
    invalid: list[int] = []
    ids, addresses = frame["id"].tolist(), frame["address"].tolist()
    for i, row in enumerate(frame.index.tolist()):
        station = ids[i] or None
        if row in skip:
            reasons[i] = skip[row]  # reported already, once for the row
            continue
        x_text, y_text = str(cells.x[i]), str(cells.y[i])
        x_blank, y_blank = not x_text.strip(), not y_text.strip()
        placeholder = next(
            (t.strip() for t in (x_text, y_text) if t.strip().casefold() in NOT_PLACED_WORDS), None
        )
        if (x_blank and y_blank) or placeholder is not None:
            address = str(addresses[i]).strip()
            variant = (
                "placeholder" if placeholder is not None else "address" if address else "blank"
            )
            reasons[i] = {
                "placeholder": f"coordinates are {placeholder!r}",
                "address": "only an address, no coordinates",
                "blank": "no coordinates yet",
            }[variant]
            problems.append(
                problem(
                    "station-not-placed",
                    Severity.WARNING,
                    file,
                    variant=variant,
                    row=row,
                    column=cells.x_column,
                    value=placeholder if placeholder is not None else address or None,
                    station=station,
                    text=placeholder or "",
                )
            )
            continue
        vx, vy = parse(x_text), parse(y_text)
        if vx is None or vy is None:
            invalid.append(i)
            continue
        if vx == 0 and vy == 0:
            reasons[i] = "coordinates are 0, 0"
            problems.append(
                problem(
                    "station-not-placed",
                    Severity.WARNING,
                    file,
                    variant="zero",
                    row=row,
                    column=cells.x_column,
                    value=f"{x_text}, {y_text}",
                    station=station,
                )
            )
            continue
        x[i], y[i] = vx, vy
    if not invalid:
        return _Parsed(x, y, reasons)
    # Numbers too large for degrees in most rows: the file is projected, not degrees.
    metres = [
        i
        for i in invalid
        if abs(_metres(str(cells.x[i])) or 0) > 180 and abs(_metres(str(cells.y[i])) or 0) > 180
    ]
    with_numbers = len(metres) + int(np.isfinite(x).sum())
    if not projected and metres and len(metres) * 2 >= with_numbers:
        first = metres[0]
        mx, my = _metres(str(cells.x[first])), _metres(str(cells.y[first]))
        problems.append(_projected_problem(file, mx or 0.0, my or 0.0, district))
        for i in metres:
            reasons[i] = "coordinates in metres, but crs is not a projected system"
        invalid = [i for i in invalid if i not in set(metres)]
    for i in invalid:
        row = frame.index[i]
        x_text, y_text = str(cells.x[i]), str(cells.y[i])
        bad_x = parse(x_text) is None
        column, text = (cells.x_column, x_text) if bad_x else (cells.y_column, y_text)
        args = _bad_coordinate(text, is_lon=bad_x)
        reasons[i] = args.pop("reason")
        problems.append(
            problem(
                "coordinate-invalid",
                Severity.ERROR,
                file,
                row=row,
                column=column,
                value=text,
                station=frame["id"].iloc[i] or None,
                **args,
            )
        )
    return _Parsed(x, y, reasons)


def _bad_coordinate(text: str, *, is_lon: bool) -> dict[str, str]:
    axis, axis_zh, limit = ("longitude", "经度", 180) if is_lon else ("latitude", "纬度", 90)
    common = {"axis": axis, "axis_zh": axis_zh}
    if not text.strip():
        return {**common, "variant": "missing", "reason": f"no {axis}"}
    number = _metres(text)
    if number is None:
        return {**common, "variant": "not-a-number", "reason": f"{axis} is not a number"}
    return {
        **common,
        "variant": "out-of-range",
        "number": f"{number:.10g}",
        "limit": str(limit),
        "reason": f"{axis} {number:.10g} is out of range",
    }


def _district_lon(district: gpd.GeoDataFrame | None) -> float | None:
    if district is None:
        return None
    xmin, _, xmax, _ = shapely.total_bounds(district.geometry.values)
    return (xmin + xmax) / 2 if np.isfinite(xmin) else None


# Mercator metres of China (73–135°E, 15–55°N) as Baidu (BD-09MC) and web maps write them.
_MERCATOR_X = (8.0e6, 1.51e7)
_MERCATOR_Y = (1.6e6, 7.4e6)


def is_mercator(xmin: float, ymin: float, xmax: float, ymax: float) -> bool:
    """Coordinates in the range of Mercator metres over China: Baidu Mercator (BD-09MC) or
    Web Mercator. A Gauss-Krüger easting is 6 digits, or 8 with a 3-degree zone number
    (25–45); only the rarely used 6-degree zones 13–15 with a zone number overlap, and
    those lie in the far west, where Baidu's metres would not.

    Example::

        >>> is_mercator(13493132, 3672261, 13510000, 3680000), is_mercator(40614176, 3464858, 40620000, 3470000)
        (True, False)
    """
    lo_x, hi_x = _MERCATOR_X
    lo_y, hi_y = _MERCATOR_Y
    return lo_x <= xmin <= xmax <= hi_x and lo_y <= ymin <= ymax <= hi_y


def _projected_problem(file: str, x: float, y: float, district: gpd.GeoDataFrame | None) -> Problem:
    """Coordinates in metres declared as degrees: name the EPSG code they most likely use."""
    if is_mercator(x, y, x, y):
        return problem(
            "crs-projected",
            Severity.ERROR,
            file,
            variant="mercator",
            x=f"{x:.0f}",
            y=f"{y:.0f}",
            layer="stations",
        )
    easting = y if gauss.NORTHING_MIN <= abs(x) < gauss.PREFIX_MIN else x
    prefix = gauss.prefix_of(easting)
    zone = gauss.zone_of_prefix(prefix) if prefix is not None else None
    if zone is None:
        lon = _district_lon(district)
        zone = gauss.zone_near(lon if lon is not None else 120.0)
    epsg = zone.epsg() or "EPSG:4549"
    others = [
        (base, gauss.Zone(base, zone.width, zone.cm, zone.prefixed).epsg())
        for base in ("Xian 1980", "Beijing 1954")
    ]
    others = [(base, code) for base, code in others if code]
    also = ", or " + ", ".join(f'"{code}" if the survey used {base}' for base, code in others)
    also_zh = "；如果测量用的是" + "或".join(f'{base}，则用 "{code}"' for base, code in others)
    number = (
        "with the zone number in front of the easting"
        if zone.prefixed
        else ("without a zone number")
    )
    number_zh = "（横坐标前带带号）" if zone.prefixed else "（横坐标前不带带号）"
    return problem(
        "crs-projected",
        Severity.ERROR,
        file,
        x=f"{x:.0f}",
        y=f"{y:.0f}",
        guess=f"{zone.name()} ({number})",
        guess_zh=f" {zone.name()}{number_zh}",
        epsg=epsg,
        also=also if others else "",
        also_zh=also_zh if others else "",
    )


def _transform(x: np.ndarray, y: np.ndarray, crs: str) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 longitude and latitude; NaN where the input is not a valid coordinate."""
    lon, lat = np.full(len(x), np.nan), np.full(len(x), np.nan)
    projected = is_projected(crs)
    ok = np.isfinite(x) & np.isfinite(y)
    if not projected:
        ok &= (np.abs(x) <= 180) & (np.abs(y) <= 90)
    if not ok.any():
        return lon, lat
    named = datum_of(crs)
    if named is not None:
        a, b = datum.to_wgs84(x[ok], y[ok], named)
    else:
        transformer = Transformer.from_crs(CRS.from_user_input(crs), WGS84, always_xy=True)
        with np.errstate(all="ignore"):
            a, b = transformer.transform(x[ok], y[ok], errcheck=False)
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    good = np.isfinite(a) & np.isfinite(b) & (np.abs(a) <= 180) & (np.abs(b) <= 90)
    lon[np.flatnonzero(ok)[good]] = a[good]
    lat[np.flatnonzero(ok)[good]] = b[good]
    return lon, lat


def _in_district(lon: np.ndarray, lat: np.ndarray, district: gpd.GeoDataFrame | None) -> np.ndarray:
    """For each point the position of a township it lies in, or -1."""
    found = np.full(len(lon), -1)
    ok = np.isfinite(lon) & np.isfinite(lat)
    if district is None or not ok.any():
        return found
    tree = shapely.STRtree(district.geometry.values)
    points, township = tree.query(shapely.points(lon[ok], lat[ok]), predicate="intersects")
    positions = np.flatnonzero(ok)
    found[positions[points[::-1]]] = township[::-1]  # the first hit wins
    return found


def _locate(
    frame: pd.DataFrame,
    cells: _Cells,
    parsed: _Parsed,
    crs: str,
    file: str,
    problems: list[Problem],
    district: gpd.GeoDataFrame | None,
) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 points from parsed coordinates: fix zone prefixes and swapped axes."""
    x, y, reasons = parsed.x.copy(), parsed.y.copy(), parsed.reasons
    has = np.isfinite(x) & np.isfinite(y)
    if not has.any():
        return np.full(len(x), np.nan), np.full(len(x), np.nan)
    if is_projected(crs):
        if not _projected_coordinates(frame, x, y, has, crs, file, problems, reasons):
            return np.full(len(x), np.nan), np.full(len(x), np.nan)
        has = np.isfinite(x) & np.isfinite(y)
    lon, lat = _transform(x, y, crs)
    swapped_lon, swapped_lat = _transform(y, x, crs)
    inside = _in_district(lon, lat, district)
    inside_swapped = _in_district(swapped_lon, swapped_lat, district)
    swap = has & (inside < 0) & (inside_swapped >= 0)
    projected = is_projected(crs)
    if swap.sum() >= 2 and swap.sum() == has.sum() and cells.x_column != cells.y_column:
        # Every row: the columns are mapped the wrong way round (X is the northing in
        # Chinese surveying), not typed the wrong way round.
        problems.append(
            problem(
                "coordinates-swapped",
                Severity.WARNING,
                file,
                variant="columns-projected" if projected else "columns",
                count=int(swap.sum()),
                x_column=cells.x_column,
                y_column=cells.y_column,
            )
        )
    else:
        for i in np.flatnonzero(swap):
            name = district["name"].iloc[inside_swapped[i]] if district is not None else ""
            problems.append(
                problem(
                    "coordinates-swapped",
                    Severity.WARNING,
                    file,
                    variant="projected" if projected else "",
                    row=frame.index[i],
                    column=cells.x_column,
                    value=f"{cells.x[i]}, {cells.y[i]}",
                    station=frame["id"].iloc[i] or None,
                    township=name,
                    # In the file's own coordinate system: the cells to write back.
                    lon=f"{y[i]:.6f}",
                    lat=f"{x[i]:.6f}",
                    x=f"{y[i]:.2f}",
                    y=f"{x[i]:.2f}",
                )
            )
    lon = np.where(swap, swapped_lon, lon)
    lat = np.where(swap, swapped_lat, lat)
    for i in np.flatnonzero(has & ~np.isfinite(lon)):
        row, station = frame.index[i], frame["id"].iloc[i] or None
        if is_projected(crs):
            reasons[i] = "coordinates do not convert"
            problems.append(
                problem(
                    "coordinate-invalid",
                    Severity.ERROR,
                    file,
                    variant="projected",
                    row=row,
                    column=cells.x_column,
                    value=f"{cells.x[i]}, {cells.y[i]}",
                    station=station,
                    x=f"{x[i]:g}",
                    y=f"{y[i]:g}",
                    crs=crs,
                )
            )
        else:
            bad_x = abs(x[i]) > 180
            args = _bad_coordinate(str(cells.x[i] if bad_x else cells.y[i]), is_lon=bad_x)
            reasons[i] = args.pop("reason")
            problems.append(
                problem(
                    "coordinate-invalid",
                    Severity.ERROR,
                    file,
                    row=row,
                    column=cells.x_column if bad_x else cells.y_column,
                    value=str(cells.x[i] if bad_x else cells.y[i]),
                    station=station,
                    **args,
                )
            )
    return lon, lat


def _projected_coordinates(
    frame: pd.DataFrame,
    x: np.ndarray,
    y: np.ndarray,
    has: np.ndarray,
    crs: str,
    file: str,
    problems: list[Problem],
    reasons: list[str],
) -> bool:
    """Check coordinates declared projected; fix zone prefixes in place. False: unusable."""
    if (np.abs(x[has]) <= 180).all() and (np.abs(y[has]) <= 90).all():
        first = np.flatnonzero(has)[0]
        problems.append(
            problem(
                "crs-not-projected",
                Severity.ERROR,
                file,
                crs=crs,
                x=f"{x[first]:g}",
                y=f"{y[first]:g}",
            )
        )
        for i in np.flatnonzero(has):
            reasons[i] = "coordinates in degrees, but crs is a projected system"
        return False
    zone = gauss.zone_of(crs)
    if zone is None:
        return True
    before_x, before_y = x.copy(), y.copy()
    fixed_x, fixed_y = gauss.match_prefix(x, zone), gauss.match_prefix(y, zone)
    x[:], y[:] = fixed_x.values, fixed_y.values
    foreign = {**fixed_y.foreign, **fixed_x.foreign}
    for number, example in foreign.items():
        problems.append(_zone_mismatch(file, crs, zone, number, example))
        with np.errstate(invalid="ignore"):
            wrong = (((before_x // 1e6) == number) & (before_x >= gauss.PREFIX_MIN)) | (
                ((before_y // 1e6) == number) & (before_y >= gauss.PREFIX_MIN)
            )
        for i in np.flatnonzero(wrong & has):
            reasons[i] = f"the easting's zone number {number} does not match crs"
        x[wrong], y[wrong] = np.nan, np.nan
    for kind, mask in (
        ("crs-zone-prefix", fixed_x.removed | fixed_y.removed),
        ("crs-zone-added", fixed_x.added | fixed_y.added),
    ):
        if mask.any():
            first = np.flatnonzero(mask)[0]
            example = (
                before_x[first] if (fixed_x.removed | fixed_x.added)[first] else (before_y[first])
            )
            problems.append(
                problem(
                    kind,
                    Severity.FIXED,
                    file,
                    count=int(mask.sum()),
                    zone=zone.number,
                    example=f"{example:.0f}",
                    crs=crs,
                    epsg=zone.epsg(not zone.prefixed) or "EPSG:…",
                )
            )
    return True


def _check_ids(frame: pd.DataFrame, table: Table, column: str, problems: list[Problem]) -> None:
    file = table.file
    ids = frame["id"]
    for row in frame.index[ids == ""]:
        problems.append(problem("id-missing", Severity.ERROR, file, row=row, column=column))
    duplicated = ids[(ids != "") & ids.duplicated(keep="first")]
    for row, value in duplicated.items():
        first = ids.index[ids == value][0]
        differ = rows.differing_columns(table.frame, first, row)
        problems.append(
            problem(
                "id-duplicate",
                Severity.ERROR,
                file,
                variant="differs" if differ else "",
                row=row,
                column=column,
                value=value,
                station=value,
                first=first,
                columns=", ".join(differ),
            )
        )


def _read_sensitive(config: Config, table: Table, problems: list[Problem]) -> pd.DataFrame:
    """The sensitive count columns as numbers (NaN where blank or unusable)."""
    private = pd.DataFrame(index=table.frame.index)
    for header in config.public.sensitive_fields:
        actual = _find_header(table, header)
        if actual is None:
            problems.append(
                problem(
                    "sensitive-column-missing",
                    Severity.WARNING,
                    table.file,
                    column=header,
                    header=header,
                    **_missing_column(table, header),
                )
            )
            continue
        values = []
        for row, text in table.frame[actual].items():
            count = parse_whole_count(text)
            if count is None and str(text).strip():
                problems.append(
                    problem(
                        "sensitive-invalid",
                        Severity.WARNING,
                        table.file,
                        row=row,
                        column=actual,
                        value=str(text),
                    )
                )
            values.append(np.nan if count is None else count)
        private[header] = np.asarray(values, dtype=float)
    return private


# ------------------------------------------------------------------ planning points


def read_points(config: Config, name: str, townships: gpd.GeoDataFrame | None = None) -> LayerRead:
    """A planning point layer, ``[population]`` or ``[candidates]``, read like stations.

    The same reader, column mapping, coordinate cells (DMS, full-width digits, one
    ``lonlat`` cell), coordinate systems and swapped-axis check as stations; population
    counts by :func:`mapgen.counts.parse_count`. The frame keeps only usable points (with
    ``lon``, ``lat`` in WGS84, and ``value`` for population); every other row is reported.
    """
    layer = config.layer(name)
    table = read_table(
        config.path(layer.file), sheet=layer.sheet, encoding=layer.encoding, display_name=layer.file
    )
    result = map_columns(table, name, layer.columns)
    result.problems[:0] = table.problems
    columns = {**layer.columns, **result.columns}  # configured, then found by their headers
    frame = result.frame
    for extra in ("id", "address"):
        if extra not in frame.columns:
            frame[extra] = ""
    frame["id"] = frame["id"].astype(str).str.strip()
    crs = layer.crs or getattr(table, "crs", "") or "wgs84"
    district = townships if townships is not None and townships.geometry.notna().any() else None
    missing = {p.column for p in result.problems if p.code == "column-missing"}
    coordinate_headers = {columns.get(k) for k in ("lon", "lat", "lonlat")} - {None}
    found: list[Problem] = []
    cells = (
        None
        if coordinate_headers & missing
        else _coordinate_cells(frame, columns, table.file, found)
    )
    lon = lat = np.full(len(frame), np.nan)
    if cells is not None:
        skip: dict[object, str] = {
            p.row: "not a point" for p in table.problems if p.code == "not-a-point"
        }
        parsed = _parse_points(
            frame, cells, table.file, found, crs=crs, district=district, skip=skip
        )
        lon, lat = _locate(frame, cells, parsed, crs, table.file, found, district)
    for item in found:  # a point is not a station: say "point", keep row, column and value
        if item.code == "station-not-placed":
            item = problem(
                "point-not-placed",
                Severity.WARNING,
                item.file,
                row=item.row,
                column=item.column,
                value=item.value,
                layer=name,
                reason=item.message.removeprefix("station not placed: "),
            )
        result.problems.append(item)
    usable = np.isfinite(lon) & np.isfinite(lat)
    if name == "population":
        column = columns.get("count", "count")
        values = np.array([parse_count(v) for v in frame["count"]], dtype=float)
        for row, text in frame.loc[usable & ~np.isfinite(values), "count"].items():
            result.problems.append(
                problem(
                    "population-count-invalid",
                    Severity.WARNING,
                    table.file,
                    row=row,
                    column=column,
                    value=str(text),
                )
            )
        usable &= np.isfinite(values)
        frame = frame.assign(value=values)
    frame = frame.assign(lon=lon, lat=lat).loc[usable]
    frame = frame.drop(columns=["__lon__", "__lat__"], errors="ignore")
    result.frame = gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs=WGS84
    )
    return result


# --------------------------------------------------------------------- townships


TABLE_SUFFIXES = TEXT_SUFFIXES + EXCEL_SUFFIXES + OLD_EXCEL_SUFFIXES
_GLOB = re.compile(r"[*?\[]")


def has_boundaries(file: str) -> bool:
    """False when the township layer is a plain table of codes and names (no shapes).

    Example::

        >>> has_boundaries("layers/街镇代码.xlsx"), has_boundaries("layers/towns/*.geojson")
        (False, True)
    """
    return Path(file).suffix.lower() not in TABLE_SUFFIXES


def boundary_files(config: Config, file: str) -> list[Path]:
    """The files of a boundary layer: one file, every GIS file of a folder, or a glob."""
    if _GLOB.search(file):
        found = sorted(config.root.glob(file))
    elif config.path(file).is_dir():
        found = sorted(config.path(file).iterdir())
    else:
        return [config.path(file)]
    return [p for p in found if p.is_file() and p.suffix.lower() in VECTOR_SUFFIXES]


def read_townships(config: Config) -> LayerRead:
    """Township polygons in WGS84, repaired where invalid; unusable features reported.

    The layer may be one GIS file, a folder or glob of them (downloaded one district at a
    time: read as one layer), or a plain table of codes and names (no geometry at all).
    """
    layer = config.townships
    if not has_boundaries(layer.file):
        return _read_township_table(config)
    paths = boundary_files(config, layer.file)
    if not paths:
        return LayerRead(
            gpd.GeoDataFrame(pd.DataFrame(columns=list(LAYER_FIELDS["townships"])), geometry=[]),
            layer.file,
            problems=[problem("file-missing", Severity.ERROR, layer.file, variant="glob")],
        )
    problems: list[Problem] = []
    parts = []
    for path in paths:
        name = layer.file if len(paths) == 1 else display_path(config, path)
        read = read_boundaries(path, layer=layer.sheet, encoding=layer.encoding, display_name=name)
        problems.extend(read.problems)
        if read.frame.empty:
            continue
        problems.extend(_datav(read.frame, layer.crs or read.crs, name))
        before = len(problems)
        geometry = _boundaries_to_wgs84(
            _flat(read.frame.geometry.values, name, problems), read.crs, layer.crs, name, problems
        )
        if any(p.is_error for p in problems[before:]):
            # The coordinate system is wrong: every feature would be "outside".
            continue
        parts.append((name, pd.DataFrame(read.frame.drop(columns="geometry")), geometry))
    rows_read = sum(len(frame) for _, frame, _ in parts)
    if not parts:
        empty = gpd.GeoDataFrame(pd.DataFrame(columns=list(LAYER_FIELDS["townships"])), geometry=[])
        return LayerRead(empty.set_crs(WGS84), layer.file, rows_read, problems)
    properties = pd.concat([frame for _, frame, _ in parts], ignore_index=True).fillna("")
    properties.index = pd.RangeIndex(1, len(properties) + 1)
    sources = np.concatenate([[name] * len(frame) for name, frame, _ in parts])
    geometry = np.concatenate([g for _, _, g in parts])
    if len(parts) > 1:
        problems.append(_combined(layer.file, parts))
    table = Table(frame=properties, file=layer.file, encoding=None, problems=[])
    if not len(properties.columns):
        result = LayerRead(
            pd.DataFrame(dict.fromkeys(LAYER_FIELDS["townships"], ""), index=properties.index),
            layer.file,
            len(properties),
        )
        result.problems.append(
            problem(
                "township-properties-missing",
                Severity.ERROR,
                layer.file,
                count=len(properties),
                id=layer.columns.get("id", "code"),
                name=layer.columns.get("name", "name"),
            )
        )
    else:
        result = map_columns(table, "townships", layer.columns)
    result.problems[:0] = problems
    frame = gpd.GeoDataFrame(result.frame, geometry=geometry, crs=WGS84)
    frame["id"] = frame["id"].map(headers.clean_text)
    frame["name"] = frame["name"].map(headers.clean_text)
    if len(parts) > 1:
        frame = _same_township_twice(frame, sources, layer.file, result.problems)
    if not len(properties.columns):
        result.frame = frame.iloc[:0]  # nothing to join to: reported once, above
        return result
    result.frame = _repair(frame, layer.file, layer.columns, result.problems)
    result.rows_read = rows_read
    return result


def _read_township_table(config: Config) -> LayerRead:
    """A table of township codes and names (统计用区划代码), no shapes: every township is
    kept, with an empty geometry, and coverage comes from each station's stated township."""
    layer = config.townships
    table = read_table(
        config.path(layer.file), sheet=layer.sheet, encoding=layer.encoding, display_name=layer.file
    )
    result = map_columns(table, "townships", layer.columns)
    result.problems[:0] = table.problems
    frame = result.frame
    frame["id"] = frame["id"].astype(str).str.strip()
    frame["name"] = frame["name"].astype(str).str.strip()
    if table.frame.empty or any(p.is_error for p in result.problems):
        result.frame = gpd.GeoDataFrame(frame, geometry=[None] * len(frame), crs=WGS84)
        return result
    result.problems.append(problem("townships-no-boundaries", Severity.FIXED, layer.file))
    frame = gpd.GeoDataFrame(frame, geometry=[None] * len(frame), crs=WGS84)
    result.frame = _check_codes(frame, layer.file, layer.columns, result.problems, row_label=False)
    return result


def _combined(file: str, parts: list[tuple[str, pd.DataFrame, np.ndarray]]) -> Problem:
    """Several per-district files read as one layer: which features came from which file."""
    ranges, start = [], 1
    for name, frame, _ in parts:
        end = start + len(frame) - 1
        ranges.append(f"{name} ({start}–{end})" if end > start else f"{name} ({start})")
        start = end + 1
    return problem(
        "townships-combined",
        Severity.FIXED,
        file,
        count=len(parts),
        files=", ".join(ranges),
        files_zh="、".join(ranges),
    )


def _same_township_twice(
    frame: gpd.GeoDataFrame, sources: np.ndarray, file: str, problems: list[Problem]
) -> gpd.GeoDataFrame:
    """A township in two downloaded files (a border township in both districts' files):
    the same code, name and shape is read once, with a warning naming both files."""
    keep = np.ones(len(frame), dtype=bool)
    first: dict[str, int] = {}
    geoms = frame.geometry.values
    for i, code in enumerate(frame["id"]):
        if not code:
            continue
        if code not in first:
            first[code] = i
            continue
        j = first[code]
        same = (
            frame["name"].iloc[i] == frame["name"].iloc[j]
            and geoms[i] is not None
            and geoms[j] is not None
            and bool(shapely.equals(geoms[i], geoms[j]))
        )
        if same and sources[i] != sources[j]:
            keep[i] = False
            problems.append(
                problem(
                    "township-duplicate-file",
                    Severity.WARNING,
                    file,
                    row=_feature(frame.index[i], frame["name"].iloc[i]),
                    value=code,
                    first=sources[j],
                    second=sources[i],
                    number=frame.index[j],
                )
            )
    return frame.loc[keep]


def _flat(geoms: np.ndarray, file: str, problems: list[Problem]) -> np.ndarray:
    """Drop Z (height) values: boundaries are drawn flat, and GEOS compares in 2D."""
    has_z = shapely.has_z(geoms)
    if not has_z.any():
        return geoms
    problems.append(problem("geometry-z-dropped", Severity.FIXED, file, count=int(has_z.sum())))
    return shapely.force_2d(geoms)


def _datav(frame: pd.DataFrame, declared: str, file: str) -> list[Problem]:
    """Boundaries from Aliyun DataV.GeoAtlas or another Chinese web map are GCJ-02 though
    GeoJSON says WGS84: bare geometries, ``adcode`` or DataV's own properties give them away."""
    if _datum_key_of(declared) != "wgs84":
        return []
    headers = {header_key(c): c for c in frame.columns if c != "geometry"}
    found = [headers[k] for k in ("adcode", *DATAV_PROPERTIES) if k in headers]
    if headers and not found:
        return []
    return [
        problem(
            "boundaries-datum",
            Severity.WARNING,
            file,
            variant="" if found else "bare",
            properties=", ".join(found),
            declared=declared or "wgs84",
        )
    ]


def _datum_key_of(crs: str) -> str | None:
    """ "wgs84" for every way of saying WGS84 or CGCS2000 degrees; None for other systems."""
    key = (crs or "wgs84").strip().lower()
    return "wgs84" if key in ("wgs84", "cgcs2000", "epsg:4326", "epsg:4490", "ogc:crs84") else None


def _boundaries_to_wgs84(
    geoms: np.ndarray, file_crs: str, declared: str, file: str, problems: list[Problem]
) -> np.ndarray:
    named = datum_of(declared) if declared else None
    source = declared if declared and named is None else file_crs
    crs = CRS.from_user_input(source) if source and named is None else None
    if crs is None or crs.is_geographic:
        xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
        if max(abs(xmin), abs(xmax)) > 180 or max(abs(ymin), abs(ymax)) > 90:
            # Metres: GeoJSON always "says" WGS84, and a shapefile may have no .prj.
            if is_mercator(xmin, ymin, xmax, ymax):
                problems.append(
                    problem(
                        "crs-missing",
                        Severity.ERROR,
                        file,
                        variant="mercator",
                        x=f"{xmin:.0f}",
                        y=f"{ymin:.0f}",
                        layer="townships",
                    )
                )
                return np.array([None] * len(geoms), dtype=object)
            prefix = gauss.prefix_of(xmin)
            zone = gauss.zone_of_prefix(prefix) if prefix is not None else None
            zone = zone or gauss.zone_near(120.0)
            problems.append(
                problem(
                    "crs-missing",
                    Severity.ERROR,
                    file,
                    variant="" if not source else "geographic",
                    x=f"{xmin:.0f}",
                    y=f"{ymin:.0f}",
                    crs=declared or source,
                    epsg=zone.epsg() or "EPSG:4549",
                    epsg_name=zone.name(),
                )
            )
            return np.array([None] * len(geoms), dtype=object)
    if named in ("gcj02", "bd09"):
        return datum.transform_geometries(geoms, named, "wgs84")
    if crs is None or crs.equals(CRS.from_user_input(WGS84)):
        return geoms
    zone = gauss.zone_of(source)
    if zone is not None:
        geoms = _boundary_zone(geoms, zone, source, file, problems)
    return gpd.GeoSeries(geoms, crs=crs).to_crs(WGS84).values


def _zone_mismatch(file: str, crs: str, zone: gauss.Zone, number: int, example: float) -> Problem:
    """Eastings carry zone ``number`` in front, but ``crs`` is ``zone``: name the right EPSG."""
    other = gauss.zone_of_prefix(number, zone.base)
    return problem(
        "crs-zone-mismatch",
        Severity.ERROR,
        file,
        crs=crs,
        zone=number,
        example=f"{example:.0f}",
        cm=zone.cm,
        epsg=(other.epsg() if other else None) or "EPSG:…",
        epsg_name=other.name() if other else f"zone {number}",
    )


def _boundary_zone(
    geoms: np.ndarray, zone: gauss.Zone, crs: str, file: str, problems: list[Problem]
) -> np.ndarray:
    """Take off (or add) the zone number in front of boundary eastings, as for stations."""
    xmin = shapely.total_bounds(geoms)[0]
    if not np.isfinite(xmin):
        return geoms
    prefix = gauss.prefix_of(xmin)
    if prefix is not None and prefix != zone.number:
        problems.append(_zone_mismatch(file, crs, zone, prefix, xmin))
        return np.array([None] * len(geoms), dtype=object)
    if zone.prefixed == (prefix is not None):
        return geoms
    shift = -zone.offset if prefix is not None else zone.offset
    kind = "crs-zone-prefix" if prefix is not None else "crs-zone-added"
    problems.append(
        problem(
            kind,
            Severity.FIXED,
            file,
            count=int(sum(g is not None for g in geoms)),
            zone=zone.number,
            example=f"{xmin:.0f}",
            crs=crs,
            epsg=zone.epsg(not zone.prefixed) or "EPSG:…",
        )
    )
    return shapely.transform(geoms, lambda xy: xy + np.array([shift, 0.0]))


def _feature(row: object, name: str) -> str:
    return f"feature {row}" + (f" ({name})" if name else "")


_LINE_TYPES = (1, 2, 5)  # LineString, LinearRing, MultiLineString


def _repair(
    frame: gpd.GeoDataFrame, file: str, columns: dict[str, str], problems: list[Problem]
) -> gpd.GeoDataFrame:
    """Drop unusable features with a problem each; repair invalid polygons in place.

    A feature without geometry is skipped with a warning (it is not a township on the
    map, nor counted); lines that carry no code and no name are drawn boundary lines,
    skipped with one warning for all of them; a line that carries a code is an error.
    """
    geoms = frame.geometry.values
    keep = np.ones(len(frame), dtype=bool)
    kinds = shapely.get_type_id(geoms)
    lines: list[object] = []
    for i, (row, geom) in enumerate(zip(frame.index, geoms, strict=True)):
        label = _feature(row, frame["name"].iloc[i])
        if geom is None or shapely.is_empty(geom):
            keep[i] = False
            problems.append(problem("geometry-empty", Severity.WARNING, file, row=label))
        elif not _has_area(geom):
            keep[i] = False
            unnamed = not frame["id"].iloc[i] and not frame["name"].iloc[i]
            if unnamed and kinds[i] in _LINE_TYPES:
                lines.append(row)
                continue
            problems.append(
                problem(
                    "geometry-not-polygon", Severity.ERROR, file, row=label, kind=geom.geom_type
                )
            )
    if lines:
        problems.append(
            problem(
                "geometry-lines-skipped",
                Severity.WARNING,
                file,
                row=("feature " if len(lines) == 1 else "features ") + ", ".join(map(str, lines)),
                count=len(lines),
            )
        )
    geoms = geoms.copy()
    for i in np.flatnonzero(keep & (kinds == 7)).tolist():
        dropped = [
            shapely.get_type_id(p)
            for p in shapely.get_parts(geoms[i])
            if shapely.get_type_id(p) not in (3, 6)
        ]
        geoms[i] = _polygonal(geoms[i])
        if dropped:
            names = dict.fromkeys(_GEOMETRY_NAMES.get(int(k), "other") for k in dropped)
            problems.append(
                problem(
                    "geometry-parts-dropped",
                    Severity.FIXED,
                    file,
                    row=_feature(frame.index[i], frame["name"].iloc[i]),
                    count=len(dropped),
                    kinds=", ".join(names),
                    kinds_zh="、".join(_GEOMETRY_NAMES_ZH.get(n, n) for n in names),
                )
            )
    invalid = keep & ~shapely.is_valid(np.where(keep, geoms, None))
    if invalid.any():
        repaired = shapely.make_valid(geoms[invalid])
        repaired = np.array([_polygonal(g) for g in repaired], dtype=object)
        before = shapely.area(geoms[invalid])
        after = shapely.area(repaired)
        for position, row, name, b, a in zip(
            np.flatnonzero(invalid),
            frame.index[invalid],
            frame["name"][invalid],
            before,
            after,
            strict=True,
        ):
            if not a:  # nothing left: a ring of fewer than three distinct points, say
                keep[position] = False
                problems.append(
                    problem(
                        "geometry-empty",
                        Severity.ERROR,
                        file,
                        variant="degenerate",
                        row=_feature(row, name),
                    )
                )
                continue
            change = abs(a - b) / b if b else 1.0
            severity = Severity.ERROR if change > 0.01 else Severity.FIXED
            problems.append(
                problem(
                    "geometry-repaired",
                    severity,
                    file,
                    variant="too-much" if severity is Severity.ERROR else "fixed",
                    row=_feature(row, name),
                    name=name or str(row),
                    change="<0.1%" if 0 < change < 0.0005 else f"{change:.1%}",
                )
            )
        geoms[invalid] = repaired
    frame = frame.set_geometry(geoms).loc[keep]
    return _check_codes(frame, file, columns, problems)


_GEOMETRY_NAMES = {0: "points", 1: "lines", 2: "lines", 4: "points", 5: "lines"}
_GEOMETRY_NAMES_ZH = {"points": "点", "lines": "线", "other": "其他"}


def _check_codes(
    frame: gpd.GeoDataFrame,
    file: str,
    columns: dict[str, str],
    problems: list[Problem],
    *,
    row_label: bool = True,
) -> gpd.GeoDataFrame:
    """Every township needs its own code; two townships with one name are a warning.

    ``row_label`` False: rows of a table ("row 3"), not features of a GIS layer.
    """
    id_column, name_column = columns.get("id", "id"), columns.get("name", "name")

    def where(row: Any, name: str = "") -> int | str:
        return _feature(row, name) if row_label else int(row)

    ids = frame["id"]
    for row, value in ids[ids.duplicated(keep="first") & (ids != "")].items():
        problems.append(
            problem(
                "township-duplicate",
                Severity.ERROR,
                file,
                row=where(row, frame.at[row, "name"]),
                column=id_column,
                value=value,
            )
        )
    for row in ids.index[ids == ""]:
        problems.append(
            problem(
                "township-no-id",
                Severity.ERROR,
                file,
                row=where(row, frame.at[row, "name"]),
                column=id_column,
            )
        )
    names = frame["name"]
    for row, value in names[names.duplicated(keep="first") & (names != "")].items():
        first = names.index[names == value][0]
        problems.append(
            problem(
                "township-name-duplicate",
                Severity.WARNING,
                file,
                row=where(row),
                column=name_column,
                value=value,
                name=value,
                other=f"feature {first}" if row_label else f"row {first}",
            )
        )
    return frame


def _has_area(geom: shapely.Geometry) -> bool:
    """A polygon, a multipolygon, or a collection holding at least one of them."""
    return any(shapely.get_type_id(p) in (3, 6) for p in shapely.get_parts(geom))


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep the polygonal parts of what ``make_valid`` returns (it may add lines or points)."""
    if shapely.get_type_id(geom) in (3, 6):
        return geom
    parts = [p for p in shapely.get_parts(geom) if shapely.get_type_id(p) in (3, 6)]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def read_services(config: Config, stations: LayerRead | None = None) -> LayerRead:
    """Service menu rows: station, category (id or name), schedule.

    From ``[services] file`` (the long shape), else from what the stations sheet listed
    (``stations.menu``). Category names become ids later, in :func:`mapgen.menus.resolve`.
    """
    if stations is not None and stations.menu is not None:
        return LayerRead(stations.menu, "", 0)
    result = _read_plain(config, "services", strip=("station", "category"))
    result.frame["_column"] = result.columns.get("category", "")
    return result


def read_categories(config: Config) -> LayerRead:
    """Service categories with their names and colours; ids made from the names when
    the table has none."""
    result = _read_plain(config, "categories", strip=("id", "name"))
    if "id" not in result.columns and "name" in result.columns:
        result.frame["id"] = result.frame["name"].map(menus.category_id)
    return result


def _read_plain(config: Config, name: str, strip: tuple[str, ...]) -> LayerRead:
    layer = config.layer(name)
    if not layer.file:
        return LayerRead(pd.DataFrame(columns=list(LAYER_FIELDS[name])), "")
    table = read_table(
        config.path(layer.file), sheet=layer.sheet, encoding=layer.encoding, display_name=layer.file
    )
    table, skipped = _without_skipped(table)
    result = map_columns(table, name, layer.columns)
    result.problems[:0] = [*table.problems, *skipped]
    for column in strip:
        result.frame[column] = result.frame[column].map(headers.clean_text)
    return result


def display_path(config: Config, path: Path) -> str:
    try:
        return str(path.relative_to(config.root))
    except ValueError:
        return str(path)
