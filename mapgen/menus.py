"""Service menus in the three shapes offices keep them, as one long table.

* **long** — a table of one row per station and service (``[services] file``), the
  category given by its id or by its name in Chinese or English;
* **list** — one cell per station listing its services: ``心理咨询、康复转介；讲堂``;
* **matrix** — one column per service on the stations sheet, ticked ``✓`` / ``是``.

Whatever the shape, the result is the long table the pipeline uses: ``station``,
``category``, ``schedule``, ``schedule_en``, indexed by the row of the file it came from,
with the cell's column in ``_column``. Names become category ids in :func:`resolve`:
exactly, after normalisation, through the categories' aliases, or — a near miss — as the
closest, with a warning. Without a categories table the names *are* the categories.

Example::

    >>> split_services(" 心理咨询、康复转介；讲堂 / 讲堂\\n")
    ['心理咨询', '康复转介', '讲堂']
    >>> tick("✓"), tick("否"), tick(""), tick("待定")
    (True, False, False, None)
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Collection

import pandas as pd

from mapgen.headers import clean_text, header_key
from mapgen.messages import problem
from mapgen.problems import Problem, Severity
from mapgen.rows import station_id

SEPARATORS = ("、", "，", ",", "；", ";", "/", "|", "line breaks")
_SPLIT = re.compile(r"[、，,；;/|\r\n]+")
YES = frozenset({"✓", "✔", "√", "☑", "●", "是", "有", "y", "yes", "1", "x", "true", "对"})
NO = frozenset({"", "否", "无", "✗", "✘", "×", "0", "n", "no", "false", "-", "—"})
COLUMNS = ["station", "category", "schedule", "schedule_en", "_column"]


def split_services(text: str) -> list[str]:
    """The services one cell lists: split, trimmed, empty and repeated items dropped."""
    items = (clean_text(part) for part in _SPLIT.split(str(text or "")))
    return list(dict.fromkeys(item for item in items if item))


def tick(text: str) -> bool | None:
    """True for a tick mark, False for blank or no, None for anything else."""
    key = unicodedata.normalize("NFKC", str(text or "")).strip().casefold()
    if key in YES:
        return True
    if key in NO:
        return False
    return None


def empty() -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS, index=pd.Index([], dtype="int64"), dtype=str)


def from_list(
    ids: pd.Series, cells: pd.Series, column: str, file: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """One row per station and listed service, from the stations' services column."""
    records, index = [], []
    for row, station, text in zip(ids.index, ids, cells, strict=True):
        if not station:
            continue  # the row has no id or name: an error of its own
        for item in split_services(text):
            records.append({"station": station, "category": item, "_column": column})
            index.append(row)
    frame = _frame(records, index)
    shape = problem(
        "services-shape",
        Severity.FIXED,
        file,
        variant="list",
        column=column,
        separators=" ".join(SEPARATORS[:-1]) + " and line breaks",
        separators_zh=" ".join(SEPARATORS[:-1]) + " 和换行",
    )
    return frame, [shape]


def tick_columns(table: pd.DataFrame, used: Collection[str], names: Collection[str]) -> list[str]:
    """Columns that are services ticked per station: headed by a category name, or
    holding tick marks (✓ 是 …) and nothing that is not a tick or blank-like."""
    known = {header_key(n) for n in names}
    found = []
    for column in table.columns:
        if column in used or column.startswith("__"):
            continue
        if header_key(column) in known:
            found.append(column)
            continue
        marks = [tick(v) for v in table[column]]
        words = {unicodedata.normalize("NFKC", str(v)).strip().casefold() for v in table[column]}
        # Only 1/0 would also be a count or a batch number: a real tick must appear.
        if None not in marks and True in marks and words - {"1", "0", "", "x", "y", "n"}:
            found.append(column)
    return found


def from_matrix(
    ids: pd.Series, table: pd.DataFrame, columns: list[str], file: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """One row per station and ticked column; anything not a tick is a warning."""
    records, index, problems = [], [], []
    for row, station in ids.items():
        if not station:
            continue  # the row has no id or name: an error of its own
        for column in columns:
            text = str(table.at[row, column])
            mark = tick(text)
            if mark:
                records.append(
                    {"station": station, "category": clean_text(column), "_column": column}
                )
                index.append(row)
            elif mark is None:
                problems.append(
                    problem(
                        "service-tick-unclear",
                        Severity.WARNING,
                        file,
                        row=row,
                        column=column,
                        value=text,
                        station=station or None,
                        category=column,
                    )
                )
    shape = problem(
        "services-shape",
        Severity.FIXED,
        file,
        variant="matrix",
        columns=", ".join(columns),
    )
    return _frame(records, index), [shape, *problems]


def _frame(records: list[dict[str, str]], index: list[object]) -> pd.DataFrame:
    cells = [[record.get(c, "") for c in COLUMNS] for record in records]
    return pd.DataFrame(cells, index=pd.Index(index, dtype="int64"), columns=COLUMNS, dtype=str)


# ------------------------------------------------------------------ categories


def _key(text: str) -> str:
    return header_key(clean_text(str(text or "")))


def resolve(
    services: pd.DataFrame, categories: pd.DataFrame, file: str, column: str | None
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Category names and ids in ``services`` turned into the categories' ids.

    With a categories table, a name that matches none is either a near miss (kept as the
    closest, with a warning) or unknown (dropped, with a warning). Without one, the names
    found become the categories, ordered by how many stations offer them.
    """
    if services.empty and categories.empty:
        return services, categories, []
    if categories.empty:
        return _derived(services, file)
    lookup: dict[str, str] = {}
    for record in categories.to_dict("records"):
        names = [record.get("name_en", ""), record.get("name", ""), record["id"]]
        names += re.split(r"[、，,；;/|]", str(record.get("aliases") or ""))
        for name in names:
            if _key(name):
                lookup[_key(name)] = record["id"]
    known = list(categories["id"])
    problems: list[Problem] = []
    resolved: list[str | None] = []
    for row, station, value, where in zip(
        services.index,
        services["station"],
        services["category"],
        services["_column"],
        strict=True,
    ):
        text = clean_text(str(value))
        if text in known:
            resolved.append(text)
            continue
        if _key(text) in lookup:
            resolved.append(lookup[_key(text)])
            continue
        close = difflib.get_close_matches(_key(text), list(lookup), n=1, cutoff=0.6)
        at = where or column
        if close:
            category = lookup[close[0]]
            shown = _shown(categories, category)
            resolved.append(category)
            problems.append(
                problem(
                    "service-category-guessed",
                    Severity.WARNING,
                    file,
                    row=row,
                    column=at,
                    value=text,
                    station=station or None,
                    closest=shown,
                )
            )
            continue
        resolved.append(None)
        problems.append(
            problem(
                "service-unknown-category",
                Severity.WARNING,
                file,
                row=row,
                column=at,
                value=text,
                station=station or None,
                known=", ".join(_shown(categories, c) for c in known),
                hint="",
                hint_zh="",
            )
        )
    services = services.copy()
    services["category"] = [c or "" for c in resolved]
    keep = [c is not None for c in resolved]
    return services.loc[keep], categories, problems


def _shown(categories: pd.DataFrame, category: str) -> str:
    name = categories.loc[categories["id"] == category, "name"]
    return str(name.iloc[0]) if len(name) and name.iloc[0] else category


def category_id(name: str) -> str:
    """A category id from its name, as a station id is made (pinyin).

    >>> category_id("心理咨询")
    'xinlizixun'
    """
    return station_id(name)


def _derived(services: pd.DataFrame, file: str) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    names: dict[str, str] = {}
    stations: dict[str, set[str]] = {}
    for station, value in zip(services["station"], services["category"], strict=True):
        text = clean_text(str(value))
        if not text:
            continue
        # Of the ways one name is written, the shortest: the same whatever the row order.
        names[_key(text)] = min(names.get(_key(text), text), text, key=lambda n: (len(n), n))
        stations.setdefault(_key(text), set()).add(station)
    # Most offered first, then by name: the same whatever the order of the rows.
    order = sorted(names, key=lambda k: (-len(stations[k]), names[k]))
    ids: dict[str, str] = {}
    for key in order:
        base = category_id(names[key])
        candidate = base
        if candidate in ids.values():
            candidate = f"{base}-{hashlib.sha1(names[key].encode()).hexdigest()[:4]}"
        ids[key] = candidate
    categories = pd.DataFrame(
        {
            "id": [ids[k] for k in order],
            "name": [names[k] for k in order],
            "name_en": [""] * len(order),
            "color": [""] * len(order),
            "aliases": [""] * len(order),
        }
    )
    services = services.copy()
    services["category"] = [ids.get(_key(str(v)), "") for v in services["category"]]
    services = services[services["category"] != ""]
    problems = []
    if order:
        problems.append(
            problem(
                "categories-derived",
                Severity.FIXED,
                file,
                count=len(order),
                names="、".join(f"{names[k]} ({ids[k]})" for k in order),
            )
        )
    return services, categories, problems
