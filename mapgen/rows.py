"""Station rows as offices keep them: notes under the table, repeated rows, odd spaces,
no id column, phone numbers and coordinates typed by hand.

Each function takes the station table (or its mapped frame) and returns what it decided
plus :class:`~mapgen.problems.Problem` records, so the report lists every decision.

Example::

    >>> station_id("嘉定工业区社工站")
    'jiadinggongyequshegongzhan'
    >>> is_note_row(["注：坐标为高德坐标", "", ""]), is_note_row(["合计", "6", ""])
    (True, True)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import pandas as pd

from mapgen.headers import clean_text
from mapgen.messages import problem
from mapgen.problems import Problem, Severity

# A row whose first filled cell starts with one of these and that has no coordinates is
# a note, a title or a total, not a station.
NOTE_WORDS = (
    "注",
    "说明",
    "备注",
    "填表说明",
    "填报说明",
    "合计",
    "总计",
    "小计",
    "共计",
    "制表",
    "填表人",
    "审核",
    "note",
    "total",
)
MAX_ID_LENGTH = 48
_NOTE = re.compile(
    r"^(?:" + "|".join(map(re.escape, NOTE_WORDS)) + r")(?:[:：\s（(]|$)", re.IGNORECASE
)


def is_note_row(cells: Sequence[str]) -> bool:
    """A note (注：…), title or total (合计) row: its first filled cell says so, and
    at most a few cells beside it hold anything."""
    filled = [c.strip() for c in cells if isinstance(c, str) and c.strip()]
    if not filled:
        return False
    first = unicodedata.normalize("NFKC", filled[0])
    return bool(_NOTE.match(first)) and len(filled) <= max(2, len(cells) // 2)


def skipped_rows(table: pd.DataFrame, file: str) -> tuple[list[int], list[Problem]]:
    """Rows not to read as stations: notes and totals, and exact repeats."""
    skip: list[int] = []
    problems: list[Problem] = []
    if table.empty or not len(table.columns):
        return skip, problems
    text = table.astype(str)
    # The first filled cell of each row; only rows where it starts like a note are
    # looked at closely.
    first = text.iloc[:, 0].str.strip()
    blank = first == ""
    for column in text.columns[1:]:
        if not blank.any():
            break
        first = first.where(~blank, text[column].str.strip())
        blank = first == ""
    maybe = first.str.match(_NOTE).fillna(False).to_numpy(bool)
    for position in np.flatnonzero(maybe):
        cells = list(text.iloc[position])
        if is_note_row(cells):
            row = text.index[position]
            skip.append(row)
            value = clean_text(str(first.iloc[position]))
            problems.append(problem("row-note-skipped", Severity.FIXED, file, row=row, value=value))
    rest = text.drop(index=skip)
    repeated = rest.duplicated(keep="first")
    if repeated.any():
        first_of = {tuple(r): i for i, r in zip(rest.index[::-1], rest.values[::-1], strict=True)}
        for row in rest.index[repeated.to_numpy()]:
            skip.append(row)
            first = first_of[tuple(rest.loc[row])]
            problems.append(problem("row-duplicate", Severity.WARNING, file, row=row, first=first))
    return sorted(skip), sorted(problems, key=lambda p: int(p.row or 0))


def clean_cells(frame: pd.DataFrame, fields: Sequence[str], file: str) -> list[Problem]:
    """Remove invisible and odd spaces (U+200B, U+00A0, U+3000, trailing) in place."""
    changed: list[object] = []
    for name in fields:
        if name not in frame.columns:
            continue
        values = frame[name].fillna("").astype(str)
        cleaned = values.map(clean_text)
        # Plain spaces at either end are no decision worth reporting; odd ones are.
        differs = cleaned != values.str.strip(" ")
        changed.extend(frame.index[differs])
        frame[name] = cleaned
    if not changed:
        return []
    rows = sorted(set(changed), key=str)
    shown = ", ".join(str(r) for r in rows[:10]) + (", …" if len(rows) > 10 else "")
    return [problem("spaces-removed", Severity.FIXED, file, count=len(changed), rows=shown)]


# --------------------------------------------------------------------------- ids


def station_id(name: str) -> str:
    """An id for page addresses made from a station's name: its pinyin, letters only.

    The same name always gives the same id, whatever the other rows say.
    """
    from pypinyin import lazy_pinyin

    text = unicodedata.normalize("NFKC", name)
    syllables = lazy_pinyin(text, errors=lambda chars: chars)
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(syllables).lower()).strip("-")
    slug = slug[:MAX_ID_LENGTH].strip("-")
    if not slug:
        slug = "s-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return slug


def derive_ids(frame: pd.DataFrame, file: str, name_column: str) -> tuple[pd.Series, list[Problem]]:
    """Ids from names, for a table without an id column.

    Stations that share a name are told apart by a short hash of their other cells, so an
    id never depends on the row's position: reordering or adding rows keeps every id.
    """
    names = frame["name"].fillna("").astype(str)
    base = names.map(lambda n: station_id(n) if n else "")
    ids = base.copy()
    problems: list[Problem] = []
    for value in sorted(set(base[base.duplicated(keep=False) & (base != "")])):
        rows = base.index[base == value]
        content = frame.loc[rows].drop(columns=["id"], errors="ignore").astype(str)
        digests = {
            row: hashlib.sha1("\x1f".join(content.loc[row]).encode("utf-8")).hexdigest()
            for row in rows
        }
        length = 4
        while len({d[:length] for d in digests.values()}) < len(digests) and length < 40:
            length += 2
        for row in rows:
            ids.at[row] = f"{value}-{digests[row][:length]}"
        problems.append(
            problem(
                "id-collision",
                Severity.WARNING,
                file,
                column=name_column,
                value=names.at[rows[0]],
                name=names.at[rows[0]],
                rows=", ".join(map(str, rows)),
                ids=", ".join(ids.at[r] for r in rows),
            )
        )
    named = ids[ids != ""]
    if len(named):
        problems.insert(
            0,
            problem(
                "ids-derived",
                Severity.FIXED,
                file,
                count=len(named),
                example=f"{names.at[named.index[0]]} → {named.iloc[0]}",
            ),
        )
    return ids, problems


def differing_columns(table: pd.DataFrame, first: object, row: object) -> list[str]:
    """The headers whose cells differ between two rows."""
    a, b = table.loc[first], table.loc[row]
    return [str(c) for c in table.columns if clean_text(str(a[c])) != clean_text(str(b[c]))]


# ------------------------------------------------------------ plausibility checks


def shared_points(frame: pd.DataFrame, file: str, columns: str) -> list[Problem]:
    """Different stations at exactly the same coordinates (a copied row, a default pin)."""
    problems = []
    placed = frame[np.isfinite(frame["lon"]) & np.isfinite(frame["lat"])]
    placed = placed[placed.duplicated(["lon", "lat"], keep=False)]
    first_at: dict[tuple[float, float], object] = {}
    for row, lon, lat in zip(placed.index, placed["lon"], placed["lat"], strict=True):
        key = (round(float(lon), 9), round(float(lat), 9))
        if key not in first_at:
            first_at[key] = row
            continue
        first = first_at[key]
        if frame.at[row, "id"] and frame.at[row, "id"] == frame.at[first, "id"]:
            continue  # one id twice: an error of its own
        problems.append(
            problem(
                "coordinates-shared",
                Severity.WARNING,
                file,
                row=row,
                column=columns,
                value=str(frame.at[row, "_cells"]),
                station=frame.at[row, "id"] or None,
                other=frame.at[first, "id"] or frame.at[first, "name"],
                first=first,
            )
        )
    return problems


_PLAIN_DECIMAL = re.compile(r"^\s*[+-]?\d+(?:\.(\d*))?\s*$")


def decimals(text: str) -> int | None:
    """Decimals of a plain number as written; None for any other form."""
    match = _PLAIN_DECIMAL.match(unicodedata.normalize("NFKC", text))
    if not match:
        return None
    return len(match[1] or "")


def coarse_points(
    frame: pd.DataFrame, cells: list[list[str]], file: str, columns: str
) -> list[Problem]:
    """Coordinates with two decimals or fewer: a kilometre off, the wrong township.

    ``cells`` holds each row's coordinate cells as written (one cell for "lon,lat").
    """
    placed = np.isfinite(frame["lon"].to_numpy(float)) & np.isfinite(frame["lat"].to_numpy(float))
    written = pd.Series([", ".join(c) for c in cells], dtype=object)
    # Cheap first pass: a number with three or more decimals in each cell is fine.
    fine = written.str.fullmatch(r"\s*[+-]?\d+\.\d{3,}\s*(?:,\s*[+-]?\d+\.\d{3,}\s*)?")
    suspects = np.flatnonzero(placed & ~fine.fillna(False).to_numpy(bool))
    problems = []
    ids = frame["id"].tolist()
    for i in suspects:
        row = frame.index[i]
        numbers = [n for text in cells[i] for n in re.split(r"\s*[,;，、]\s*|\s+", text.strip())]
        digits = [decimals(n) for n in numbers if n]
        if not digits or None in digits or len(digits) != 2:
            continue
        least = min(d for d in digits if d is not None)
        if least > 2:
            continue
        metres = {0: "100 km", 1: "10 km", 2: "1 km"}[least]
        metres_zh = {0: "100 公里", 1: "10 公里", 2: "1 公里"}[least]
        problems.append(
            problem(
                "coordinates-coarse",
                Severity.WARNING,
                file,
                row=row,
                column=columns,
                value=", ".join(cells[i]),
                station=ids[i] or None,
                digits=least,
                metres=metres,
                metres_zh=metres_zh,
            )
        )
    return problems


_PHONE_SPLIT = re.compile(r"[/、,;，；]|\s{2,}|或")
_EXTENSION = re.compile(r"(?:转|ext\.?|x)\s*\d+$", re.IGNORECASE)


def phone_digits(text: str) -> list[int]:
    """How many digits each number in a phone cell has (a cell may list several).

    >>> phone_digits("021-59530001 / 13800138000"), phone_digits("12345"), phone_digits("5953")
    ([11, 11], [5], [4])
    """
    counts = []
    for part in _PHONE_SPLIT.split(unicodedata.normalize("NFKC", text)):
        part = _EXTENSION.sub("", part.strip())
        digits = re.sub(r"\D", "", part)
        if digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        if digits:
            counts.append(len(digits))
    return counts


def implausible_phones(frame: pd.DataFrame, file: str, column: str) -> list[Problem]:
    """Phone numbers whose length no Chinese number has: a digit lost or added."""
    problems = []
    for row, text in frame["phone"].items():
        for count in phone_digits(str(text or "")):
            if count in (3, 5, 7, 8, 10, 11, 12):
                continue  # service numbers, local numbers, area code + local, mobiles
            problems.append(
                problem(
                    "phone-implausible",
                    Severity.WARNING,
                    file,
                    row=row,
                    column=column,
                    value=str(text),
                    station=frame.at[row, "id"] or None,
                    digits=count,
                )
            )
            break
    return problems
