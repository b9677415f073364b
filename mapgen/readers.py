"""Read the input files: spreadsheets, text tables and GIS layers, all as text.

Communications staff export these files from Excel or WPS on Chinese Windows, so they
arrive in GB18030, UTF-8 with or without a byte-order mark, or UTF-16; separated by
commas, tabs or full-width semicolons; with merged cells, title rows and IDs that Excel
stored as numbers. Every reader here turns such a file into plain text cells and never
raises on bad data: whatever is wrong becomes a :class:`~mapgen.problems.Problem`.

Two entry points:

* :func:`read_table` — CSV/TXT/TSV, XLSX, or a *point* layer (GeoJSON, GeoPackage,
  shapefile, zipped shapefile) used as a station table. Every cell is a ``str``.
* :func:`read_boundaries` — any polygon layer GDAL reads, properties as ``str``.

Example::

    >>> table = read_table(Path("layers/stations.csv"))      # doctest: +SKIP
    >>> table.frame.loc[2, "名称"], table.encoding           # doctest: +SKIP
    ('嘉定镇街道社工站', 'gb18030')
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import difflib
import io
import itertools
import json
import math
import os
import re
import shutil
import tempfile
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from openpyxl.utils import get_column_letter

from mapgen.messages import problem
from mapgen.problems import Problem, Severity

__all__ = ["Boundaries", "Table", "file_stamp", "read_boundaries", "read_once", "read_table"]

TEXT_SUFFIXES = (".csv", ".txt", ".tsv", ".tab")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
OLD_EXCEL_SUFFIXES = (".xls", ".et")
VECTOR_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".zip")

LON_COLUMN = "__lon__"
LAT_COLUMN = "__lat__"

# Per-row problems of one kind beyond this many are summed up in one record, so a file
# with a systematic fault (say, every row one cell too long) gives a readable report.
MAX_ROW_PROBLEMS = 20


@dataclass
class Table:
    """A table read from a file: every cell is text, indexed by the row a user sees."""

    frame: pd.DataFrame
    file: str
    encoding: str | None
    problems: list[Problem]
    crs: str = ""  # only for point layers read from GIS files; "" for spreadsheets


@dataclass
class Boundaries:
    """Polygon features read from a GIS file, properties as text, indexed from 1."""

    frame: gpd.GeoDataFrame
    file: str
    crs: str
    encoding: str | None
    problems: list[Problem] = field(default_factory=list)


# --------------------------------------------------------------------------- public API


def read_table(
    path: Path,
    *,
    sheet: str = "",
    encoding: str = "",
    display_name: str | None = None,
) -> Table:
    """Read a CSV/TXT/TSV, XLSX, or point GIS layer into a table of text.

    ``sheet`` names the Excel sheet (or the GeoPackage layer); ``encoding`` overrides
    detection for text files and shapefiles. Never raises: problems are in the result.
    """
    path = Path(path)
    name = display_name if display_name is not None else str(path)
    try:
        return _read_table(path, name, sheet, encoding)
    except Exception as exc:  # a reader bug must not hide the other files' problems
        return Table(_empty_frame(), name, None, [_unreadable(name, exc)])


def read_boundaries(
    path: Path,
    *,
    layer: str = "",
    encoding: str = "",
    display_name: str | None = None,
) -> Boundaries:
    """Read a polygon layer (GeoJSON, shapefile, zipped shapefile, GeoPackage, …).

    Geometry is passed through untouched, null and empty geometries included: a later
    stage checks and repairs it. Never raises: problems are in the result.
    """
    path = Path(path)
    name = display_name if display_name is not None else str(path)
    try:
        return _read_boundaries(path, name, layer, encoding)
    except Exception as exc:  # a reader bug must not hide the other files' problems
        return Boundaries(_empty_geoframe(), name, "", None, [_unreadable(name, exc)])


def _read_boundaries(path: Path, name: str, layer: str, encoding: str) -> Boundaries:
    layer_read = _read_vector(path, name, layer, encoding)
    if layer_read.frame is None:
        return Boundaries(_empty_geoframe(), name, "", layer_read.encoding, layer_read.problems)
    problems = list(layer_read.problems)
    if len(layer_read.frame) == 0:
        problems.append(problem("file-empty", Severity.ERROR, name, variant="no-features"))
    properties, header_problems = _vector_properties(layer_read.frame, name)
    problems.extend(header_problems)
    # Same index (feature numbers) on both, and the geometry keeps the file's CRS.
    frame = gpd.GeoDataFrame(properties, geometry=layer_read.frame.geometry.rename("geometry"))
    return Boundaries(frame, name, layer_read.crs, layer_read.encoding, problems)


# ---------------------------------------------------------------------- dispatching


def _read_table(path: Path, name: str, sheet: str, encoding: str) -> Table:
    suffix = path.suffix.lower()
    if suffix in VECTOR_SUFFIXES:
        return _read_point_layer(path, name, sheet, encoding)
    known = TEXT_SUFFIXES + EXCEL_SUFFIXES + OLD_EXCEL_SUFFIXES
    if suffix not in known:
        unknown = _missing(path, name) or problem(
            "file-type-unknown",
            Severity.ERROR,
            name,
            kind=suffix or "extension-less",
            kind_zh=f" {suffix} " if suffix else "无扩展名的",
        )
        return Table(_empty_frame(), name, None, [unknown])
    data, failure = _read_bytes(path, name)
    if data is None:
        return Table(_empty_frame(), name, None, [failure] if failure else [])
    kind = _content_kind(data)
    if suffix in OLD_EXCEL_SUFFIXES or kind == "ole":
        return Table(_empty_frame(), name, None, [_xls_problem(name, suffix)])
    if kind == "zip":
        too_large = _workbook_too_large(data, name)
        if too_large is not None:
            return Table(_empty_frame(), name, None, [too_large])
    if suffix in EXCEL_SUFFIXES:
        if kind != "zip":
            return Table(_empty_frame(), name, None, [_not_a_workbook(name, data)])
        frame, problems = _read_xlsx(data, name, sheet)
        return Table(frame, name, None, problems)
    if kind == "zip":
        # An Excel workbook saved with a .csv name: read it as what it is, and say so.
        frame, problems = _read_xlsx(data, name, sheet)
        if not any(p.code == "file-unreadable" for p in problems):
            problems.insert(
                0,
                problem("file-type-mismatch", Severity.FIXED, name, suffix=suffix),
            )
        return Table(frame, name, None, problems)
    return _read_text_table(data, name, encoding, suffix)


def _missing(path: Path, name: str) -> Problem | None:
    if path.is_file():
        return None
    if path.exists():
        return problem("file-unreadable", Severity.ERROR, name, variant="folder")
    return problem("file-missing", Severity.ERROR, name)


def _read_bytes(path: Path, name: str) -> tuple[bytes | None, Problem | None]:
    missing = _missing(path, name)
    if missing:
        return None, missing
    data, failure = read_once(path, name)
    if data is None:
        return None, failure
    if not data.strip():
        return None, _empty_file(name)
    return data, None


def file_stamp(path: Path) -> tuple[int, ...] | None:
    """What changes when a file is written: device, inode, size, times; None if absent."""
    try:
        return _stamp(path.stat())
    except OSError:
        return None


def _stamp(status: os.stat_result) -> tuple[int, ...]:
    # ctime changes with every write and cannot be set back, unlike mtime.
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def read_once(
    path: Path, name: str, into: BinaryIO | None = None
) -> tuple[bytes | None, Problem | None]:
    """Read a user's file exactly once: into memory, or streamed ``into`` a private copy.

    Everything mapgen learns from the file comes from these bytes, so it cannot see two
    versions of it. A file saved while it is read (Excel writes in steps) would give a
    mix of both: that is a ``file-changed`` problem, never a silent half of the rows.
    """
    try:
        before = path.stat()
        with path.open("rb") as file:
            opened = os.fstat(file.fileno())
            if into is None:
                data = file.read()
                size = len(data)
            else:
                data = b""
                shutil.copyfileobj(file, into, COPY_CHUNK)
                size = into.tell()
            after = os.fstat(file.fileno())
        now = path.stat()
    except OSError as exc:
        return None, problem(
            "file-unreadable", Severity.ERROR, name, variant="os", detail=exc.strerror or exc
        )
    stamps = {_stamp(before), _stamp(opened), _stamp(after), _stamp(now)}
    if len(stamps) > 1 or size != before.st_size:
        return None, problem("file-changed", Severity.ERROR, name)
    return data, None


def _content_kind(data: bytes) -> str:
    """What the first bytes say the file is, whatever its name claims."""
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"  # the old binary .xls (and .doc) container
    return "other"


def _empty_file(name: str) -> Problem:
    return problem("file-empty", Severity.ERROR, name)


def _unreadable(
    name: str, exc: BaseException, variant: str = "", detail_zh: str | None = None
) -> Problem:
    """``variant``: "" for tables, "gis" for map layers, "shx" for a missing .shx."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return problem(
        "file-unreadable",
        Severity.ERROR,
        name,
        variant=variant,
        detail=detail,
        detail_zh=detail_zh or detail,
    )


def _xls_problem(name: str, suffix: str) -> Problem:
    old = suffix in OLD_EXCEL_SUFFIXES
    return problem(
        "xls-unsupported",
        Severity.ERROR,
        name,
        named="" if old else f" (though it is named {suffix})",
        named_zh="" if old else f"（虽然扩展名是 {suffix}）",
    )


def _not_a_workbook(name: str, data: bytes) -> Problem:
    looks_text = b"\x00" not in data[:4096] and any(
        _strict_decode(data[:4096], enc, final=False) for enc in ("utf-8", "gb18030")
    )
    variant = "text-as-workbook" if looks_text else "not-a-workbook"
    return problem("file-unreadable", Severity.ERROR, name, variant=variant)


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame([], columns=[], index=pd.Index([], dtype="int64"), dtype=str)


def _empty_geoframe() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(geometry=gpd.GeoSeries([], index=pd.Index([], dtype="int64")))


# ------------------------------------------------------------------ text encodings

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Encodings users name that are subsets of GB18030: decoding with the superset reads the
# same text and does not fail on the odd character outside the subset.
_GB_SUBSETS = {"gb2312", "gbk", "cp936", "hz"}

_ENCODING_LABELS = {
    "gb18030": "GB18030 (the Chinese Windows encoding, also called GBK)",
    "utf-16": "UTF-16 (Excel's “Unicode text”)",
}
_ENCODING_LABELS_ZH = {
    "gb18030": "GB18030（中文 Windows 的编码，也叫 GBK）",
    "utf-16": "UTF-16（Excel 的“Unicode 文本”）",
}


def _encoding_label(encoding: str) -> dict[str, str]:
    return {
        "label": _ENCODING_LABELS.get(encoding, encoding),
        "label_zh": _ENCODING_LABELS_ZH.get(encoding, encoding),
    }


def _did_you_mean(close: list[str]) -> dict[str, str]:
    if not close:
        return {"hint": "", "hint_zh": ""}
    return {"hint": f' Did you mean "{close[0]}"?', "hint_zh": f"是不是“{close[0]}”？"}


def _strict_decode(data: bytes, encoding: str, *, final: bool = True) -> str | None:
    """Decode without replacement characters; ``final=False`` tolerates a cut-off tail."""
    try:
        return codecs.getincrementaldecoder(encoding)("strict").decode(data, final=final)
    except (UnicodeDecodeError, LookupError):
        return None


def _normal_encoding(encoding: str) -> str | None:
    try:
        normal = codecs.lookup(encoding.strip()).name
    except LookupError:
        return None
    return "gb18030" if normal in _GB_SUBSETS else normal


def _detect(data: bytes) -> tuple[str | None, str | None]:
    """The first encoding that decodes ``data`` strictly, and the text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            # A byte-order mark settles it: trying others would only produce mojibake.
            return encoding, _strict_decode(data, encoding)
    for encoding in ("utf-8", "gb18030"):
        text = _strict_decode(data, encoding)
        if text is not None:
            return encoding, text
    return None, None


def _decode_error_offset(data: bytes, encoding: str) -> int:
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        return exc.start
    except LookupError:
        return 0
    return len(data)


def _row_at_offset(data: bytes, offset: int, encoding: str) -> int:
    """The spreadsheet row (record) that holds byte ``offset``; quoted newlines count once."""
    prefix = data[:offset].decode(encoding, errors="ignore")  # only used to count rows
    try:
        records = sum(1 for _ in csv.reader(io.StringIO(prefix, newline="")))
    except csv.Error:  # a runaway quoted cell: count physical lines instead
        records = prefix.count("\n") + 1
    at_line_start = not prefix or prefix.endswith(("\n", "\r"))
    return records + 1 if at_line_start else max(records, 1)


def _decode_text(
    data: bytes, name: str, explicit: str
) -> tuple[str | None, str | None, list[Problem]]:
    """Decode a text table; return (text, encoding used, problems)."""
    problems: list[Problem] = []
    detected, detected_text = _detect(data)
    if explicit:
        encoding = _normal_encoding(explicit)
        if encoding is None:
            problems.append(
                problem(
                    "encoding-unknown",
                    Severity.ERROR,
                    name,
                    variant="explicit",
                    value=explicit,
                    explicit=explicit,
                    suggestion=detected or "gb18030",
                )
            )
        else:
            if encoding == "utf-8" and data.startswith(codecs.BOM_UTF8):
                encoding = "utf-8-sig"
            text = _strict_decode(data, encoding)
            if text is not None:
                problems.extend(_explicit_doubts(data, name, explicit, encoding))
                return text, encoding, problems
            offset = _decode_error_offset(data, encoding)
            row = _row_at_offset(data, offset, encoding)
            problems.append(
                problem(
                    "encoding-mismatch",
                    Severity.ERROR,
                    name,
                    variant="explicit" if detected else "explicit-none",
                    row=row,
                    explicit=explicit,
                    offset=offset,
                    detected=detected or "",
                )
            )
    if detected is None or detected_text is None:
        if not any(p.code == "encoding-mismatch" for p in problems):
            encoding = detected or "utf-8"
            offset = _decode_error_offset(data, encoding)
            row = _row_at_offset(data, offset, encoding)
            problems.append(
                problem(
                    "encoding-unknown",
                    Severity.ERROR,
                    name,
                    variant="undetected",
                    row=row,
                    offset=offset,
                )
            )
        return None, None, problems
    if detected in _ENCODING_LABELS and not explicit:
        problems.append(
            problem(
                "encoding-detected",
                Severity.FIXED,
                name,
                detected=detected,
                **_encoding_label(detected),
            )
        )
    return detected_text, detected, problems


def _explicit_doubts(data: bytes, name: str, explicit: str, encoding: str) -> list[Problem]:
    """An explicit legacy encoding on a file that is valid, non-ASCII UTF-8 is suspicious:
    GB18030 decodes most UTF-8 bytes too, into mojibake, without any error."""
    if encoding.startswith("utf") or data.isascii():
        return []
    if _strict_decode(data, "utf-8") is None:
        return []
    return [problem("encoding-mismatch", Severity.WARNING, name, variant="utf8", explicit=explicit)]


# --------------------------------------------------------------------- text tables

_DELIMITERS = (",", "\t", ";", "；", "|", "，")
_DELIMITER_NAMES = {
    ",": "comma",
    "\t": "tab",
    ";": "semicolon",
    "；": "full-width semicolon",
    "|": "vertical bar",
    "，": "full-width comma",
}
_DELIMITER_NAMES_ZH = {
    ",": "逗号",
    "\t": "制表符",
    ";": "分号",
    "；": "全角分号",
    "|": "竖线",
    "，": "全角逗号",
}
_SEP_LINE = re.compile(r"\A\ufeff?sep=(.)\r?\n")  # Excel's "sep=;" hint on the first line
_SNIFF_RECORDS = 50


def _read_text_table(data: bytes, name: str, encoding: str, suffix: str) -> Table:
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if b"\x00" in data and not utf16 and not encoding.lower().startswith("utf-16"):
        # Text never holds NUL bytes, except as UTF-16; binary files (and UTF-16 that
        # lost its byte-order mark) do.
        return Table(_empty_frame(), name, None, [_binary(name)])
    text, used, problems = _decode_text(data, name, encoding)
    if text is None:
        return Table(_empty_frame(), name, None, problems)
    if "\x00" in text:
        return Table(_empty_frame(), name, used, [*problems, _binary(name)])
    sep = _SEP_LINE.match(text)
    if sep:
        # Excel hides this line and does not count it as a row, so neither do we.
        delimiter, text = sep.group(1), text[sep.end() :]
    else:
        delimiter = _sniff_delimiter(text, prefer_tab=suffix in (".tsv", ".tab"))
        if delimiter != "," and not (delimiter == "\t" and suffix in (".tsv", ".tab")):
            problems.append(
                problem(
                    "delimiter-detected",
                    Severity.FIXED,
                    name,
                    sep=_DELIMITER_NAMES.get(delimiter, repr(delimiter)),
                    sep_zh=_DELIMITER_NAMES_ZH.get(delimiter, repr(delimiter)),
                )
            )
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows.extend((number, cells) for number, cells in enumerate(reader, start=1))
    except csv.Error as exc:
        row = len(rows) + 1
        problems.append(
            problem("file-unreadable", Severity.ERROR, name, variant="quote", row=row, detail=exc)
        )
        return Table(_empty_frame(), name, used, problems)
    frame, table_problems = _build_frame(rows, name, delimiter=delimiter)
    problems.extend(table_problems)
    return Table(frame, name, used, problems)


def _binary(name: str) -> Problem:
    return problem("file-unreadable", Severity.ERROR, name, variant="binary")


def _sniff_delimiter(text: str, *, prefer_tab: bool) -> str:
    """The separator that splits most rows into the same number (≥ 2) of cells.

    Scoring by the most common width, not the header's, keeps a title line from
    misleading it; a comma file whose addresses hold full-width commas still wins
    for "," because every row agrees, header included.
    """
    candidates = ("\t", *(d for d in _DELIMITERS if d != "\t")) if prefer_tab else _DELIMITERS
    best, best_score = candidates[0], (0, 0)  # the default when nothing splits the rows
    for delimiter in candidates:
        if delimiter not in text:
            continue
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            records = [r for r in itertools.islice(reader, _SNIFF_RECORDS * 4) if not _blank(r)]
        except csv.Error:
            continue
        widths = [len(r) for r in records[:_SNIFF_RECORDS]]
        if not widths:
            continue
        common = max(set(widths), key=lambda w: (widths.count(w), w))
        if common < 2:
            continue
        score = (widths.count(common), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _blank(cells: Sequence[str]) -> bool:
    return all(not cell.strip() for cell in cells)


# ------------------------------------------------------------- rows → DataFrame

_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad]")


def _clean_header(text: str) -> str:
    """Header text as a user would type it: no BOM or zero-width characters, no
    surrounding spaces, and runs of spaces or line breaks (Alt+Enter) as one space."""
    return " ".join(_INVISIBLE.sub("", text).split())


def _build_frame(
    rows: list[tuple[int, list[str]]], name: str, *, delimiter: str | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """Header + data rows (numbered as in Excel) → DataFrame of text, with problems.

    ``delimiter`` is given for text files: there a row longer than the header means a
    value was split, reported per row. In a workbook, cells beyond the header are a
    column without a header instead.
    """
    problems: list[Problem] = []
    rows = [(number, cells) for number, cells in rows if not _blank(cells)]
    if not rows:
        return _empty_frame(), [_empty_file(name)]
    start = 0
    if len(rows) > 1 and _distinct(rows[0][1]) == 1 and _distinct(rows[1][1]) >= 2:
        title = next(c for c in rows[0][1] if c.strip())
        problems.append(
            problem(
                "title-row-skipped",
                Severity.FIXED,
                name,
                row=rows[0][0],
                value=title,
                title_row=rows[0][0],
                header_row=rows[1][0],
            )
        )
        start = 1
    header_row, raw_header = rows[start]
    data = rows[start + 1 :]
    width = len(raw_header)
    if delimiter is None:
        width = max([width, *(_last_filled(cells) for _, cells in data)])
    names, keep, header_problems = _columns(raw_header, width, data, name, header_row)
    problems.extend(header_problems)
    if delimiter is not None:
        problems.extend(_long_rows(data, width, name, delimiter))
        problems.extend(_short_rows(data, width, name))
    records = [[cells[i] if i < len(cells) else "" for i in keep] for _, cells in data]
    index = pd.Index([number for number, _ in data], dtype="int64")
    frame = pd.DataFrame(records, columns=names, index=index, dtype=str)
    # Which letter each header has in the sheet, for messages about columns.
    frame.attrs["letters"] = {n: get_column_letter(i + 1) for n, i in zip(names, keep, strict=True)}
    if not data:
        problems.append(
            problem("no-rows", Severity.WARNING, name, row=header_row, header_row=header_row)
        )
    return frame, problems


def _distinct(cells: Sequence[str]) -> int:
    return len({cell for cell in cells if cell.strip()})


def _last_filled(cells: Sequence[str]) -> int:
    for i in range(len(cells), 0, -1):
        if cells[i - 1].strip():
            return i
    return 0


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _columns(
    raw_header: list[str],
    width: int,
    data: list[tuple[int, list[str]]],
    name: str,
    header_row: int | None,
) -> tuple[list[str], list[int], list[Problem]]:
    """Cleaned, unique column names and the positions they come from.

    ``header_row`` is ``None`` for GIS attribute fields, which have no header row: the
    problems then name the field's position instead of a column letter.
    """
    problems: list[Problem] = []
    names: list[str] = []
    keep: list[int] = []
    first_seen: dict[str, int] = {}
    in_row = (
        {"in_row": f"row {header_row}", "in_row_zh": f"第 {header_row} 行"}
        if (header_row is not None)
        else {"in_row": "the attribute table", "in_row_zh": "属性表"}
    )
    for i in range(width):
        letter = get_column_letter(i + 1)
        where = (
            {"where": f"column {letter} ({_ordinal(i + 1)})", "where_zh": f"第 {letter} 列"}
            if header_row is not None
            else {"where": f"the {_ordinal(i + 1)} field", "where_zh": f"第 {i + 1} 个字段"}
        )
        header = _clean_header(raw_header[i]) if i < len(raw_header) else ""
        if not header:
            if not any(i < len(cells) and cells[i].strip() for _, cells in data):
                continue  # trailing separators or an unused column: nothing is lost
            header = f"(column {letter})"
            problems.append(
                problem(
                    "header-empty",
                    Severity.WARNING,
                    name,
                    row=header_row,
                    column=header,
                    header=header,
                    **where,
                    **in_row,
                )
            )
        if header in first_seen:
            first = first_seen[header]
            original = (
                {
                    "original": f"column {get_column_letter(first + 1)}",
                    "original_zh": f"第 {get_column_letter(first + 1)} 列",
                }
                if header_row is not None
                else {
                    "original": f"the {_ordinal(first + 1)} field",
                    "original_zh": f"第 {first + 1} 个字段",
                }
            )
            unique = _unique_name(header, set(names))
            problems.append(
                problem(
                    "header-duplicate",
                    Severity.WARNING,
                    name,
                    row=header_row,
                    column=header,
                    value=header,
                    header=header,
                    unique=unique,
                    **where,
                    **original,
                    **in_row,
                )
            )
            header = unique
        else:
            first_seen[header] = i
        names.append(header)
        keep.append(i)
    return names, keep, problems


def _unique_name(header: str, taken: set[str]) -> str:
    for k in itertools.count(1):
        candidate = f"{header}.{k}"
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable")


def _long_rows(
    data: list[tuple[int, list[str]]], width: int, name: str, delimiter: str
) -> list[Problem]:
    problems = []
    sep = _DELIMITER_NAMES.get(delimiter, repr(delimiter))
    sep_zh = _DELIMITER_NAMES_ZH.get(delimiter, repr(delimiter))
    for number, cells in data:
        extra = cells[width:]
        if _blank(extra):
            continue  # trailing separators only
        problems.append(
            problem(
                "row-too-long",
                Severity.ERROR,
                name,
                row=number,
                value=delimiter.join(extra),
                cells=_last_filled(cells),
                width=width,
                sep=sep,
                sep_zh=sep_zh,
            )
        )
    return _limit(problems, name, "row-too-long")


def _short_rows(data: list[tuple[int, list[str]]], width: int, name: str) -> list[Problem]:
    """Rows with fewer cells than the header, where the other rows have them all: a
    value was left out by hand and the cells after it moved left."""
    full = sum(1 for _, cells in data if len(cells) >= width)
    if full * 2 < len(data):
        return []  # a file that leaves out trailing empty cells everywhere
    problems = [
        problem("row-too-short", Severity.ERROR, name, row=number, cells=len(cells), width=width)
        for number, cells in data
        if 1 < len(cells) < width and cells[-1].strip()
    ]
    return _limit(problems, name, "row-too-short")


def _limit(problems: list[Problem], name: str, code: str) -> list[Problem]:
    """The first :data:`MAX_ROW_PROBLEMS` problems, and one that sums up the rest."""
    if len(problems) <= MAX_ROW_PROBLEMS:
        return problems
    rest = problems[MAX_ROW_PROBLEMS:]
    rows = ", ".join(str(p.row) for p in rest[:10]) + (", …" if len(rest) > 10 else "")
    args = {k: v for k, v in rest[0].args if k not in ("count", "rows")}
    more = problem(code, rest[0].severity, name, variant="more", count=len(rest), rows=rows, **args)
    return [*problems[:MAX_ROW_PROBLEMS], more]


# --------------------------------------------------------------------------- XLSX

_MERGE_TAG = re.compile(rb"<(?:\w+:)?mergeCell\b")
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ZERO_PADDED = re.compile(r"^0+$")
_MONTH_ONLY = re.compile(r"^(?!.*d)[^d]*y+[^d]*m+[^d]*$", re.IGNORECASE)


@contextlib.contextmanager
def _quiet_openpyxl() -> Iterator[None]:
    # openpyxl warns about features it drops (data validation, conditional formats,
    # unknown extensions); none of them affect the values we read.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        yield


def _read_xlsx(data: bytes, name: str, sheet: str) -> tuple[pd.DataFrame, list[Problem]]:
    import openpyxl

    problems: list[Problem] = []
    with _quiet_openpyxl():
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            return _empty_frame(), [_unreadable(name, exc)]
        try:
            sheets = book.worksheets
            chosen, choice_problems = _choose_sheet(sheets, name, sheet)
            problems.extend(choice_problems)
            if chosen is None:
                return _empty_frame(), problems
            title = chosen.title
            xml = _sheet_xml(data, chosen)
            # Read-only mode is lean but cannot see merged cells; those need a full load.
            merged = xml is None or bool(_MERGE_TAG.search(xml))
            rows = None if merged else _rows_read_only(chosen)
        finally:
            book.close()
        if rows is None:
            full = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
            try:
                rows = _rows_with_merges(full[title])
            finally:
                full.close()
        if xml is None or _FORMULA_TAG.search(xml):
            # Only a hint: the values themselves were read already.
            with contextlib.suppress(Exception):
                problems.extend(_formulas_without_values(data, title, rows, name))
    frame, table_problems = _build_frame(rows, name)
    return frame, problems + table_problems


def _choose_sheet(sheets: list[Any], name: str, sheet: str) -> tuple[Any, list[Problem]]:
    titles = [ws.title for ws in sheets]
    listed = ", ".join(f'"{t}"' for t in titles)
    if sheet:
        for ws in sheets:
            if ws.title == sheet:
                return ws, []
        close = difflib.get_close_matches(sheet, titles, n=1, cutoff=0.3)
        return None, [
            problem(
                "sheet-unknown",
                Severity.ERROR,
                name,
                value=sheet,
                sheet=sheet,
                listed=listed,
                suggestion=close[0] if close else titles[0],
                **_did_you_mean(close),
            )
        ]
    with_data = [ws for ws in sheets if _has_data(ws)]
    # A hidden helper sheet (the lists behind drop-downs, say) is not a candidate when a
    # visible sheet has data.
    visible = [ws for ws in with_data if ws.sheet_state == "visible"]
    candidates = visible or with_data
    if len(candidates) == 1:
        return candidates[0], []
    if not candidates:
        return None, [
            problem("file-empty", Severity.ERROR, name, variant="workbook", listed=listed)
        ]
    names = ", ".join(f'"{ws.title}"' for ws in candidates)
    return None, [
        problem(
            "sheet-ambiguous",
            Severity.ERROR,
            name,
            count=len(candidates),
            names=names,
            first=candidates[0].title,
        )
    ]


def _has_data(ws: Any) -> bool:
    ws.reset_dimensions()  # saved dimensions are often wrong; read what is there
    for row in ws.iter_rows(values_only=True):
        for value in row:
            if value is not None and not (isinstance(value, str) and not value.strip()):
                return True
    return False


def _sheet_xml(data: bytes, ws: Any) -> bytes | None:
    """The sheet's raw XML, to look for merged cells and formulas before choosing how to
    load it; ``None`` (load fully, to be safe) when it cannot be found."""
    member = getattr(ws, "_worksheet_path", None)
    if not isinstance(member, str):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read(member.lstrip("/"))
    except (KeyError, zipfile.BadZipFile, OSError):
        return None


def _rows_read_only(ws: Any) -> list[tuple[int, list[str]]]:
    ws.reset_dimensions()
    rows = []
    for number, row in enumerate(ws.iter_rows(min_row=1, min_col=1), start=1):
        cells = [_excel_text(c.value, getattr(c, "number_format", None)) for c in row]
        rows.append((number, cells))
    return rows


def _rows_with_merges(ws: Any) -> list[tuple[int, list[str]]]:
    grid: dict[int, list[str]] = {}
    for number, row in enumerate(ws.iter_rows(min_row=1, min_col=1), start=1):
        grid[number] = [_excel_text(c.value, c.number_format) for c in row]
    for merged in ws.merged_cells.ranges:
        # Excel shows the top-left value across the whole range; so does the table.
        value = grid.get(merged.min_row, [])
        text = value[merged.min_col - 1] if len(value) >= merged.min_col else ""
        for r in range(merged.min_row, merged.max_row + 1):
            cells = grid.setdefault(r, [])
            if len(cells) < merged.max_col:
                cells.extend([""] * (merged.max_col - len(cells)))
            for c in range(merged.min_col, merged.max_col + 1):
                cells[c - 1] = text
    return sorted(grid.items())


def _formulas_without_values(
    data: bytes, title: str, rows: list[tuple[int, list[str]]], name: str
) -> list[Problem]:
    """Formulas whose result was never saved (files written by scripts, not Excel/WPS)
    read as empty cells; say which, rather than let them pass as blanks."""
    import openpyxl

    texts = dict(rows)
    problems = []
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        ws = book[title]
        ws.reset_dimensions()
        for number, row in enumerate(ws.iter_rows(min_row=1, min_col=1), start=1):
            for col, cell in enumerate(row, start=1):
                value = cell.value
                if not (isinstance(value, str) and value.startswith("=")):
                    continue
                if getattr(cell, "data_type", "f") != "f":
                    continue
                cells = texts.get(number, [])
                if col <= len(cells) and cells[col - 1] != "":
                    continue
                ref = f"{get_column_letter(col)}{number}"
                problems.append(
                    problem(
                        "formula-no-value",
                        Severity.WARNING,
                        name,
                        row=number,
                        column=get_column_letter(col),
                        value=value,
                        ref=ref,
                    )
                )
    finally:
        book.close()
    return _limit(problems, name, "formula-no-value")


def _excel_text(value: Any, number_format: str | None) -> str:
    """A cell value as the text a user means by it.

    Whole numbers without ".0" or exponent (IDs, phones), zero-padded when the cell's
    format is "0000"; other numbers with every digit the float holds; dates
    "YYYY-MM-DD", times "HH:MM", date-times "YYYY-MM-DD HH:MM" (seconds only when not
    zero); booleans "TRUE"/"FALSE"; text exactly as typed.
    """
    from openpyxl.styles.numbers import is_datetime

    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if (
            number_format
            and _ZERO_PADDED.match(number_format)
            and float(value).is_integer()
            and value >= 0
        ):
            # A "0000" format shows 12 as 0012: the leading zeros are part of the ID.
            return str(int(value)).zfill(len(number_format))
        return _number_text(value)
    if isinstance(value, dt.datetime):
        kind = is_datetime(number_format or "")
        if kind == "time":
            return _time_text(value.time())
        if kind == "date" or (kind is None and value.time() == dt.time()):
            if _MONTH_ONLY.match(number_format or "") and value.day == 1:
                return value.strftime("%Y-%m")  # typed as 2025-03: a month, not a day
            return value.date().isoformat()
        return f"{value.date().isoformat()} {_time_text(value.time())}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return _time_text(value)
    if isinstance(value, dt.timedelta):
        minutes = round(value.total_seconds() / 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    return str(value)


def _time_text(value: dt.time) -> str:
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


def _number_text(value: float) -> str:
    """Numbers as text without exponent or a spurious ".0": 13800138000.0 → "13800138000",
    121.225771 → "121.225771" (repr keeps every digit the float has), 1e-05 → "0.00001"."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return ""
    exact = Decimal(repr(float(value)))
    if float(value).is_integer():
        return str(int(exact))
    return format(exact, "f")


# --------------------------------------------------------------------- GIS layers

_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
# Files read together with a dataset, by its suffix.
_SIDECARS = {".shp": _SHAPEFILE_PARTS[1:], ".gpkg": (".gpkg-wal", ".gpkg-shm")}
_ZIP_DATASETS = (".shp", ".geojson", ".json", ".gpkg")
_DATE_TYPES = {"OFTDate", "OFTDateTime", "OFTTime"}
_ISO_DATETIME = re.compile(r"^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(:\d\d)?(?:\.\d+)?(.*)$")


@dataclass
class _Layer:
    frame: gpd.GeoDataFrame | None
    crs: str
    encoding: str | None
    problems: list[Problem]


def _read_vector(path: Path, name: str, layer: str, encoding: str) -> _Layer:
    missing = _missing(path, name)
    if missing:
        return _Layer(None, "", None, [missing])
    try:
        size = path.stat().st_size
    except OSError as exc:
        return _Layer(None, "", None, [_unreadable(name, exc)])
    if size == 0:
        return _Layer(None, "", None, [_empty_file(name)])
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return _read_zipped(path, name, layer, encoding)
    if suffix in EXCEL_SUFFIXES + OLD_EXCEL_SUFFIXES + TEXT_SUFFIXES:
        return _Layer(
            None,
            "",
            None,
            [
                problem(
                    "file-type-unknown", Severity.ERROR, name, variant="boundaries", suffix=suffix
                )
            ],
        )
    # GDAL opens a dataset several times (layers, schema, features): it reads a private
    # copy, made by reading each of the user's files once, so it sees one version.
    sidecars = (_sidecar(path, part) for part in _SIDECARS.get(suffix, ()))
    parts = [path, *(part for part in sidecars if part is not None)]
    with tempfile.TemporaryDirectory(prefix="mapgen-") as folder:
        for part in parts:
            target = Path(folder) / ("layer" + (part.suffix.lower() if part != path else suffix))
            with target.open("wb") as copy:
                _, failure = read_once(part, name, into=copy)
            if failure is not None:
                return _Layer(None, "", None, [failure])
        return _read_dataset(Path(folder) / ("layer" + suffix), name, layer, encoding)


def _read_zipped(path: Path, name: str, layer: str, encoding: str) -> _Layer:
    """Unpack the one dataset in a zip (shapefile parts together) to a temporary folder.

    Unpacking, rather than GDAL's /vsizip/, copes with shapefiles in sub-folders and with
    member names that Chinese Windows stored in GBK.
    """
    data, failure = _read_bytes(path, name)
    if data is None:
        return _Layer(None, "", None, [failure] if failure else [])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [
                info
                for info in archive.infolist()
                if not info.is_dir()
                and not info.filename.startswith("__MACOSX/")
                and not PurePosixPath(info.filename).name.startswith(".")
            ]
            datasets = [m for m in members if _split_member(m)[1] in _ZIP_DATASETS]
            if not datasets:
                return _Layer(None, "", None, [_zip_without_layer(name)])
            chosen, problems = _choose_member(datasets, name, layer)
            if chosen is None:
                return _Layer(None, "", None, problems)
            stem, suffix = _split_member(chosen)
            parts = [chosen]
            if suffix == ".shp":
                parts = [
                    m
                    for m in members
                    if _split_member(m)[0] == stem and _split_member(m)[1] in _SHAPEFILE_PARTS
                ]
            too_large = _zip_too_large(parts, name, ZIP_LIMITS)
            if too_large is not None:
                return _Layer(None, "", None, [too_large])
            with tempfile.TemporaryDirectory(prefix="mapgen-") as folder:
                for info in parts:
                    # Our own file names: member paths never reach the file system.
                    target = Path(folder) / ("layer" + _split_member(info)[1])
                    _extract(archive, info, target, ZIP_LIMITS.total)
                return _read_dataset(Path(folder) / ("layer" + suffix), name, layer, encoding)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        # RuntimeError: an encrypted member.
        return _Layer(None, "", None, [_unreadable(name, exc, "gis")])


@dataclass(frozen=True)
class ZipLimits:
    """How far a zip (a zipped shapefile, an XLSX workbook) may expand when unpacked.

    Checked on the sizes the zip declares before anything is unpacked, and again while
    unpacking, so a small file that expands to gigabytes (a "zip bomb") is refused at
    once and in little memory.
    """

    total: int  # bytes, all unpacked members together
    ratio: int  # unpacked size / packed size, once the members exceed ``ratio_from``
    ratio_from: int


ZIP_LIMITS = ZipLimits(total=2 * 1024**3, ratio=100, ratio_from=64 * 1024**2)
WORKBOOK_LIMITS = ZipLimits(total=512 * 1024**2, ratio=100, ratio_from=64 * 1024**2)
COPY_CHUNK = 1024 * 1024


class ZipTooLargeError(OSError):
    """A member expanded beyond what the zip declared (and the limit)."""


def _size_text(size: int) -> str:
    return f"{size / 1024**3:.1f} GiB" if size >= 1024**3 else f"{size / 1024**2:.0f} MiB"


def _zip_too_large(
    members: Sequence[zipfile.ZipInfo], name: str, limits: ZipLimits
) -> Problem | None:
    """A problem when the members would unpack beyond ``limits``, before unpacking any."""
    unpacked = sum(info.file_size for info in members)
    packed = max(sum(info.compress_size for info in members), 1)
    if unpacked > limits.total:
        return problem(
            "zip-too-large",
            Severity.ERROR,
            name,
            size=_size_text(unpacked),
            limit=_size_text(limits.total),
        )
    if unpacked > limits.ratio_from and unpacked / packed > limits.ratio:
        return problem(
            "zip-too-large",
            Severity.ERROR,
            name,
            variant="ratio",
            size=_size_text(unpacked),
            packed=_size_text(packed),
            ratio=str(round(unpacked / packed)),
            limit=str(limits.ratio),
        )
    return None


def _workbook_too_large(data: bytes, name: str) -> Problem | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _zip_too_large(archive.infolist(), name, WORKBOOK_LIMITS)
    except (zipfile.BadZipFile, OSError, EOFError):
        return None  # damaged: the workbook reader says so in its own words


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, limit: int) -> None:
    """Unpack one member in chunks, never holding it in memory, never beyond ``limit``."""
    written = 0
    with archive.open(info) as source, target.open("wb") as out:
        while chunk := source.read(COPY_CHUNK):
            written += len(chunk)
            if written > limit:
                raise ZipTooLargeError(f"{info.filename} expands beyond {_size_text(limit)}")
            out.write(chunk)


def _split_member(info: zipfile.ZipInfo) -> tuple[str, str]:
    """A member's path without extension, and the extension in lower case."""
    suffix = PurePosixPath(info.filename).suffix
    return info.filename[: len(info.filename) - len(suffix)], suffix.lower()


def _zip_without_layer(name: str) -> Problem:
    return problem("file-unreadable", Severity.ERROR, name, variant="zip")


def _member_name(info: zipfile.ZipInfo) -> str:
    """Zip member names without the UTF-8 flag are in the writer's code page; Chinese
    Windows uses GBK, which Python reads as cp437 mojibake."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _choose_member(
    datasets: list[zipfile.ZipInfo], name: str, layer: str
) -> tuple[zipfile.ZipInfo | None, list[Problem]]:
    if len(datasets) == 1:
        return datasets[0], []
    names = {_member_name(info): info for info in datasets}
    stems = {Path(n).stem: info for n, info in names.items()}
    if layer:
        for key in (layer, Path(layer).stem):
            if key in names:
                return names[key], []
            if key in stems:
                return stems[key], []
        return None, [_unknown_layer(name, layer, list(stems))]
    return None, [_ambiguous_layer(name, list(stems))]


def _unknown_layer(name: str, layer: str, layers: list[str]) -> Problem:
    close = difflib.get_close_matches(layer, layers, n=1, cutoff=0.3)
    listed = ", ".join(f'"{n}"' for n in layers)
    return problem(
        "layer-unknown",
        Severity.ERROR,
        name,
        value=layer,
        layer=layer,
        listed=listed,
        suggestion=close[0] if close else layers[0],
        **_did_you_mean(close),
    )


def _ambiguous_layer(name: str, layers: list[str]) -> Problem:
    listed = ", ".join(f'"{n}"' for n in layers)
    return problem(
        "layer-ambiguous", Severity.ERROR, name, count=len(layers), listed=listed, first=layers[0]
    )


def _read_dataset(path: Path, name: str, layer: str, encoding: str) -> _Layer:
    problems: list[Problem] = []
    suffix = path.suffix.lower()
    source: Path | bytes = path
    options: dict[str, str] = {}
    used: str | None = "utf-8"
    read_encoding: str | None = None
    if suffix == ".shp":
        missing = _missing_parts(path, name)
        if missing is not None:
            return _Layer(None, "", None, [missing])
        used, shp_problems = _shapefile_encoding(path, name, encoding)
        problems.extend(shp_problems)
        read_encoding = used
    elif suffix in (".geojson", ".json"):
        # Keep date-like strings as they were written rather than GDAL's guess at a type.
        options["DATE_AS_STRING"] = "YES"
        data = path.read_bytes()
        converted, used, json_problems = _geojson_source(data, name, encoding)
        problems.extend(json_problems)
        if converted is not None:
            source = converted
    elif suffix == ".gpkg":
        used = "utf-8"  # SQLite text is always UTF-8
    with _gdal_warnings() as caught:
        try:
            layers = pyogrio.list_layers(source)
            chosen, layer_problems = _choose_layer(layers, name, layer)
            problems.extend(layer_problems)
            if chosen is None:
                return _Layer(None, "", used, problems)
            info = pyogrio.read_info(source, layer=chosen, encoding=read_encoding, **options)
            try:
                frame = pyogrio.read_dataframe(
                    source,
                    layer=chosen,
                    encoding=read_encoding,
                    datetime_as_string=True,
                    **options,
                )
            except shapely.errors.GEOSException as exc:
                if "closed linestring" not in str(exc):
                    raise
                frame, closed = _read_unclosed(source, chosen, read_encoding, options)
                problems.append(_rings_closed(name, closed))
        except Exception as exc:  # GDAL reports damage in many shapes; all mean "unreadable"
            problems.append(_gdal_failure(name, path, exc))
            return _Layer(None, "", used, problems)
    caught = [w for w in caught if "Non closed ring" not in str(w.message)]
    problems.extend(_warning_problems(caught, name))
    if not isinstance(frame, gpd.GeoDataFrame):
        problems.append(problem("no-geometry", Severity.ERROR, name))
        return _Layer(None, "", used, problems)
    types = dict(zip(info["fields"], info["ogr_types"], strict=False))
    for column in frame.columns:
        if types.get(column) in _DATE_TYPES:
            frame[column] = frame[column].map(_gdal_date_text)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return _Layer(frame, _crs_text(frame.crs), used, problems)


_PART_ROLES = {".shx": "index of the shapes", ".dbf": "attribute table: codes and names"}
_PART_ROLES_ZH = {".shx": "图形索引", ".dbf": "属性表：代码和名称"}


def _missing_parts(path: Path, name: str) -> Problem | None:
    """A shapefile without its .shx or .dbf: GDAL either refuses it or reads shapes with
    no attributes at all, so name the missing part instead."""
    missing = [suffix for suffix in _PART_ROLES if _sidecar(path, suffix) is None]
    if not missing:
        return None
    # The name the user knows: towns.shp, or the zip it came in (towns.zip holds towns.*).
    stem = PurePosixPath(name).stem
    return problem(
        "shapefile-part-missing",
        Severity.ERROR,
        name,
        parts=" and ".join(f"{stem}{s} ({_PART_ROLES[s]})" for s in missing),
        parts_zh="和".join(f"{stem}{s}（{_PART_ROLES_ZH[s]}）" for s in missing),
        shp=f"{stem}.shp",
    )


def _read_unclosed(
    source: Path | bytes, layer: str, encoding: str | None, options: dict[str, str]
) -> tuple[gpd.GeoDataFrame, int]:
    """Read a layer whose polygon rings are not closed (hand-edited GeoJSON, some web
    exports), closing them; also return how many features needed it."""
    from pyogrio.raw import read as read_raw

    properties = pyogrio.read_dataframe(
        source,
        layer=layer,
        encoding=encoding,
        datetime_as_string=True,
        read_geometry=False,
        **options,
    )
    meta, _, wkb, _ = read_raw(
        source, layer=layer, encoding=encoding, read_geometry=True, columns=[], **options
    )
    strict = shapely.from_wkb(wkb, on_invalid="ignore")
    geometry = shapely.from_wkb(wkb, on_invalid="fix")
    closed = int(
        sum(1 for raw, g in zip(wkb, strict, strict=True) if raw is not None and g is None)
    )
    frame = gpd.GeoDataFrame(properties, geometry=geometry, crs=meta.get("crs"))
    return frame, closed


def _rings_closed(name: str, count: int) -> Problem:
    return problem("ring-unclosed", Severity.FIXED, name, count=count)


def _gdal_failure(name: str, path: Path, exc: Exception) -> Problem:
    # GDAL names the files it opened; within a zip those are in a temporary folder that
    # means nothing to the reader, so the folder is left out.
    detail = str(exc).replace(f"{path.parent}{os.sep}", "")
    variant, detail_zh = "gis", None
    if "not recognized as being in a supported file format" in detail:
        detail = "GDAL does not recognise it as a GIS file (it may be damaged, or another kind)"
        detail_zh = "GDAL 无法识别它是 GIS 文件（可能已损坏，或是其他类型的文件）"
    elif ".shx" in detail.lower():
        variant = "shx"
    return _unreadable(name, RuntimeError(detail), variant, detail_zh)


def _choose_layer(layers: Any, name: str, layer: str) -> tuple[str | None, list[Problem]]:
    names = [str(row[0]) for row in layers]
    spatial = [str(row[0]) for row in layers if row[1] is not None and str(row[1]) != "None"]
    candidates = spatial or names
    if not names:
        return None, [_empty_file(name)]
    if layer and layer in names:
        return layer, []
    if len(candidates) == 1:
        # One layer (GeoJSON, shapefile): its internal name does not matter.
        return candidates[0], []
    if layer:
        return None, [_unknown_layer(name, layer, candidates)]
    return None, [_ambiguous_layer(name, candidates)]


@contextlib.contextmanager
def _gdal_warnings() -> Iterator[list[warnings.WarningMessage]]:
    # GDAL's complaints arrive as Python warnings; they belong in the report, not on
    # stderr (and must not turn into exceptions where warnings are errors).
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught


def _warning_problems(caught: list[warnings.WarningMessage], name: str) -> list[Problem]:
    seen: list[str] = []
    for warning in caught:
        text = str(warning.message).strip()
        if text and text not in seen and not issubclass(warning.category, DeprecationWarning):
            seen.append(text)
    return [problem("gdal-warning", Severity.WARNING, name, text=text) for text in seen]


def _gdal_date_text(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    match = _ISO_DATETIME.match(value)
    if not match:
        return value
    date, minutes, seconds, zone = match.groups()
    seconds = seconds if seconds and seconds != ":00" else ""
    return f"{date} {minutes}{seconds}{zone}"


def _crs_text(crs: Any) -> str:
    """ "EPSG:4326" for a CRS with an EPSG code; another authority's code, or WKT, if not."""
    if crs is None:
        return ""
    epsg = crs.to_epsg()
    if epsg is not None:
        return f"EPSG:{epsg}"
    authority = crs.to_authority()
    if authority is not None:
        return f"{authority[0]}:{authority[1]}"
    return str(crs.to_wkt())


def _geojson_source(
    data: bytes, name: str, explicit: str
) -> tuple[bytes | None, str | None, list[Problem]]:
    """GeoJSON must be UTF-8; one saved in GB18030 is converted to UTF-8 bytes (and
    reported). Returns ``None`` as the bytes when GDAL can read the file as it is."""
    if explicit:
        encoding = _normal_encoding(explicit)
        if encoding and not encoding.startswith("utf-8"):
            text = _strict_decode(data, encoding)
            if text is not None:
                return text.encode("utf-8"), encoding, []
    encoding, text = _detect(data)
    if encoding is None or text is None:
        return None, None, []  # binary or damaged: GDAL's own message says more
    if encoding in ("utf-8", "utf-8-sig"):
        return None, "utf-8", []
    return (
        text.encode("utf-8"),
        encoding,
        [
            problem(
                "encoding-detected",
                Severity.FIXED,
                name,
                variant="geojson",
                **_encoding_label(encoding),
            )
        ],
    )


# ------------------------------------------------------------ shapefile encodings

# .cpg contents GDAL accepts that Python's codec registry does not know by that name.
_CPG_ALIASES = {"936": "gbk", "ansi 936": "gbk", "65001": "utf-8", "utf8": "utf-8"}


def _sidecar(path: Path, suffix: str) -> Path | None:
    """A shapefile part next to ``path``, whatever the case of its extension."""
    for candidate in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
        if candidate.is_file():
            return candidate
    try:
        for sibling in path.parent.iterdir():
            if sibling.stem == path.stem and sibling.suffix.lower() == suffix:
                return sibling
    except OSError:
        return None
    return None


def _shapefile_encoding(path: Path, name: str, explicit: str) -> tuple[str | None, list[Problem]]:
    """The encoding of the .dbf attributes: mapgen.toml, then .cpg, then detected.

    Without a .cpg GDAL assumes Latin-1, which turns GBK names into mojibake, so the raw
    attribute bytes are tried as UTF-8 and then GB18030 here.
    """
    dbf = _sidecar(path, ".dbf")
    if dbf is None:
        return None, []
    try:
        chunks = _dbf_text(dbf.read_bytes())
    except OSError:
        chunks = None
    problems: list[Problem] = []
    if explicit:
        encoding = _normal_encoding(explicit)
        if encoding is not None and (chunks is None or _first_bad(chunks, encoding) is None):
            return encoding, []
        if encoding is None:
            problems.append(
                problem(
                    "encoding-unknown",
                    Severity.ERROR,
                    name,
                    variant="shapefile-explicit",
                    value=explicit,
                    explicit=explicit,
                )
            )
        elif chunks is not None:
            feature = _first_bad(chunks, encoding)
            detected = _detect_chunks(chunks)
            where = (
                {"where": f"feature {feature}", "where_zh": f"第 {feature} 个要素"}
                if feature
                else {"where": "the field names", "where_zh": "字段名"}
            )
            problems.append(
                problem(
                    "encoding-mismatch",
                    Severity.ERROR,
                    name,
                    variant="shapefile" if detected else "shapefile-none",
                    row=feature or None,
                    explicit=explicit,
                    detected=detected or "",
                    **where,
                )
            )
            return detected, problems
    cpg = _sidecar(path, ".cpg")
    cpg_name = ""
    if cpg is not None:
        try:
            cpg_name = cpg.read_bytes().decode("ascii", errors="ignore").strip()
        except OSError:
            cpg_name = ""
    if cpg_name:
        encoding = _normal_encoding(_CPG_ALIASES.get(cpg_name.lower(), cpg_name))
        if encoding is None:
            return None, problems  # a code page Python lacks: let GDAL apply it
        if chunks is None or _first_bad(chunks, encoding) is None:
            return encoding, problems
        detected = _detect_chunks(chunks)
        if detected:
            problems.append(
                problem(
                    "encoding-mismatch",
                    Severity.WARNING,
                    name,
                    variant="cpg",
                    cpg_name=cpg_name,
                    detected=detected,
                    detected_upper=detected.upper(),
                )
            )
            return detected, problems
        return encoding, problems
    if chunks is None:
        return None, problems
    detected = _detect_chunks(chunks)
    if detected == "gb18030":
        problems.append(
            problem(
                "encoding-detected",
                Severity.FIXED,
                name,
                variant="no-cpg",
                **_encoding_label("gb18030"),
            )
        )
    elif detected is None:
        problems.append(problem("encoding-unknown", Severity.WARNING, name, variant="no-cpg"))
    return detected, problems


def _dbf_text(data: bytes) -> list[tuple[int, bytes]] | None:
    """The text bytes of a dBASE file: field names (as feature 0) and every character
    field of every record, numbered from 1. ``None`` if the header does not parse."""
    if len(data) < 32:
        return None
    records = int.from_bytes(data[4:8], "little")
    header_length = int.from_bytes(data[8:10], "little")
    record_length = int.from_bytes(data[10:12], "little")
    fields: list[tuple[int, int]] = []  # (offset in record, length) of character fields
    names: list[bytes] = []
    offset = 1  # byte 0 of a record is the deletion flag
    position = 32
    while position + 32 <= min(header_length, len(data)) and data[position] != 0x0D:
        descriptor = data[position : position + 32]
        names.append(descriptor[:11].split(b"\x00", 1)[0])
        length = descriptor[16]
        if descriptor[11:12] == b"C":
            fields.append((offset, length))
        offset += length
        position += 32
    if not names or record_length < offset:
        return None
    chunks = [(0, name) for name in names]
    for number in range(records):
        start = header_length + number * record_length
        record = data[start : start + record_length]
        if len(record) < record_length:
            break
        chunks.extend((number + 1, record[a : a + n].rstrip(b" \x00")) for a, n in fields)
    return chunks


def _first_bad(chunks: list[tuple[int, bytes]], encoding: str) -> int | None:
    """The feature whose text does not decode (0 = the field names), else ``None``.

    Values are decoded one by one, tolerating a character cut off at the field's width:
    writers truncate long values by bytes, not by characters.
    """
    for number, raw in chunks:
        if raw and not raw.isascii() and _strict_decode(raw, encoding, final=False) is None:
            return number
    return None


def _detect_chunks(chunks: list[tuple[int, bytes]]) -> str | None:
    for encoding in ("utf-8", "gb18030"):
        if _first_bad(chunks, encoding) is None:
            return encoding
    return None


# -------------------------------------------------- GIS properties → text columns


def _value_text(value: Any) -> str:
    """A GIS attribute as text, by the same rules as spreadsheet cells."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return _number_text(value)  # NaN (a null number) becomes ""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def _vector_properties(frame: gpd.GeoDataFrame, name: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Non-geometry columns as text, names cleaned like spreadsheet headers."""
    columns = [c for c in frame.columns if c != frame.geometry.name]
    raw_names = [str(c) for c in columns]
    names, keep, problems = _columns(raw_names, len(raw_names), [], name, None)
    data = {
        new: [_value_text(v) for v in frame[columns[i]].astype(object).tolist()]
        for new, i in zip(names, keep, strict=True)
    }
    out = pd.DataFrame(data, index=frame.index.copy(), columns=names, dtype=str)
    return out, problems


def _read_point_layer(path: Path, name: str, layer: str, encoding: str) -> Table:
    read = _read_vector(path, name, layer, encoding)
    if read.frame is None:
        return Table(_empty_frame(), name, read.encoding, read.problems, crs="")
    problems = list(read.problems)
    properties, header_problems = _vector_properties(read.frame, name)
    problems.extend(header_problems)
    lons: list[str] = []
    lats: list[str] = []
    not_points: list[Problem] = []
    for number, geometry in zip(read.frame.index, read.frame.geometry, strict=True):
        point = _as_point(geometry)
        if point is not None:
            lons.append(repr(float(point[0])))
            lats.append(repr(float(point[1])))
            continue
        lons.append("")
        lats.append("")
        if geometry is not None and not geometry.is_empty:
            not_points.append(
                problem(
                    "not-a-point",
                    Severity.ERROR,
                    name,
                    row=int(number),
                    value=geometry.geom_type,
                    number=number,
                    kind=geometry.geom_type,
                )
            )
    problems.extend(_limit(not_points, name, "not-a-point"))
    properties[LON_COLUMN] = pd.Series(lons, index=properties.index, dtype=str)
    properties[LAT_COLUMN] = pd.Series(lats, index=properties.index, dtype=str)
    if len(properties) == 0:
        problems.append(problem("no-rows", Severity.WARNING, name, variant="layer"))
    return Table(properties, name, read.encoding, problems, crs=read.crs)


def _as_point(geometry: Any) -> tuple[float, float] | None:
    if geometry is None or geometry.is_empty:
        return None
    if geometry.geom_type == "Point":
        return geometry.x, geometry.y
    if geometry.geom_type == "MultiPoint" and len(geometry.geoms) == 1:
        # Some GIS exports store every point as a one-point multipoint.
        only = geometry.geoms[0]
        return only.x, only.y
    return None
