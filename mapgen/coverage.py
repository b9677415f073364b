"""Coverage: which townships have a station, overall and per service category.

A township is covered when at least one *open* station of a counting tier lies in it
(``[coverage] tiers`` in mapgen.toml; empty means every tier counts). A station whose
status is blank counts as open; ``planned`` ones do not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from mapgen.sanitize import csv_text

if TYPE_CHECKING:
    from mapgen.plan import Plan

PLANNED_WORDS = ("planned", "plan", "规划", "计划", "筹建", "在建", "拟建")


@dataclass(frozen=True)
class Coverage:
    """Coverage of one project.

    ``table`` has one row per township (``id``, ``name``, ``name_en``, ``stations``,
    ``covered``) plus one boolean column per service category.
    """

    townships: int
    covered: int
    table: pd.DataFrame
    by_category: dict[str, dict[str, float | int]]
    unplaced: list[dict[str, str]] = field(default_factory=list)
    plan: Plan | None = None  # tiers, targets, distances, suggestions (mapgen.planning)

    @property
    def coverage(self) -> float:
        return round(self.covered / self.townships, 4) if self.townships else 0.0

    @property
    def uncovered(self) -> list[dict[str, str]]:
        rows = self.table[~self.table["covered"]]
        return [{"id": i, "name": n} for i, n in zip(rows["id"], rows["name"], strict=True)]

    def to_json(self) -> dict[str, Any]:
        """The stable JSON contract read by other tools; planning keys are added after."""
        data = {
            "townships": self.townships,
            "covered": self.covered,
            "coverage": self.coverage,
            "uncovered": self.uncovered,
            "by_category": self.by_category,
            "unplaced": self.unplaced,
        }
        if self.plan is not None:
            data.update(self.plan.to_json())
        return data

    def to_json_text(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n"

    def to_csv_text(self, categories: list[str] | None = None) -> str:
        categories = list(self.by_category) if categories is None else categories
        extra = self.plan.csv_columns() if self.plan is not None else []
        plan_rows = self.plan.table.to_dict("records") if self.plan is not None else []
        rows: list[list[Any]] = [
            ["id", "name", "name_en", "stations", "covered", *categories, *extra]
        ]
        for i, row in enumerate(self.table.to_dict("records")):
            rows.append(
                [row["id"], row["name"], row["name_en"], row["stations"], _yes(row["covered"])]
                + [_yes(row[category_column(c)]) for c in categories]
                + [_cell(plan_rows[i][c]) for c in extra]
            )
        # Text from the input (names, ids, categories) cannot run as a formula in Excel.
        return csv_text(rows)


def category_column(category: str) -> str:
    """The column of ``Coverage.table`` that says which townships offer ``category``."""
    return f"category:{category}"


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _cell(value: Any) -> Any:
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return _yes(value)
    return "" if value is None else value


def is_open(status: pd.Series) -> pd.Series:
    """True where a station's status means it is operating (blank counts as open)."""
    text = status.fillna("").astype(str).str.strip().str.casefold()
    return ~text.isin(PLANNED_WORDS)


def compute_coverage(
    townships: pd.DataFrame,
    stations: pd.DataFrame,
    services: pd.DataFrame,
    categories: list[str],
    *,
    tiers: list[str] | None = None,
    unplaced: list[dict[str, str]] | None = None,
) -> Coverage:
    """Coverage per township and per service category.

    ``stations`` needs ``id``, ``township_id`` (blank where unplaced), ``status`` and ``tier``;
    ``services`` needs ``station`` and ``category``.

    Example::

        >>> townships = pd.DataFrame({"id": ["A", "B"], "name": ["甲", "乙"],
        ...                           "name_en": ["", ""]})
        >>> stations = pd.DataFrame({"id": ["s1"], "township_id": ["A"],
        ...                          "status": [""], "tier": [""]})
        >>> services = pd.DataFrame({"station": ["s1"], "category": ["counselling"]})
        >>> coverage = compute_coverage(townships, stations, services, ["counselling"])
        >>> coverage.covered, coverage.townships
        (1, 2)
    """
    counting = stations[(stations["township_id"] != "") & is_open(stations["status"])]
    if tiers:
        counting = counting[counting["tier"].isin(tiers)]
    per_township = counting.groupby("township_id").size()
    table = pd.DataFrame(
        {
            "id": townships["id"].to_numpy(),
            "name": townships["name"].to_numpy(),
            "name_en": townships["name_en"].to_numpy(),
        }
    )
    table["stations"] = table["id"].map(per_township).fillna(0).astype(int)
    table["covered"] = table["stations"] > 0
    offered = services.merge(counting[["id", "township_id"]], left_on="station", right_on="id")
    by_category: dict[str, dict[str, float | int]] = {}
    total = len(table)
    for category in categories:
        have = set(offered.loc[offered["category"] == category, "township_id"])
        column = table["id"].isin(have)
        table[category_column(category)] = column
        covered = int(column.sum())
        by_category[category] = {
            "covered": covered,
            "coverage": round(covered / total, 4) if total else 0.0,
        }
    return Coverage(
        townships=total,
        covered=int(table["covered"].sum()),
        table=table,
        by_category=by_category,
        unplaced=list(unplaced or []),
    )
