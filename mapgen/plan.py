"""The planning figures of one project for one audience: a record, built by
:mod:`mapgen.planning` and carried by :class:`mapgen.coverage.Coverage`.

Kept apart from the computation so that coverage can name it without importing planning
(which builds on coverage).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from mapgen.problems import Problem

# Station fields that planning figures quote values of: tier names, opening dates.
WITHHOLDABLE = frozenset({"tier", "opened"})


@dataclass(frozen=True)
class Plan:
    """Planning figures of one project for one audience.

    ``table`` has one row per township, in the order of ``Coverage.table``.
    """

    audience: str
    townships: int
    table: pd.DataFrame
    tiers: dict[str, dict[str, int]]
    counting_tiers: list[str]
    stations: dict[str, int]
    targets: dict[str, Any]
    by_year: list[dict[str, int]]
    max_distance_km: float
    anchor: str  # "point_on_surface" or "population_weighted"
    suggestions: dict[str, Any]
    population: int | None = None  # planner audience with population only
    problems: list[Problem] = field(default_factory=list)
    # Station fields whose values this plan leaves out (see :meth:`without`).
    withheld: frozenset[str] = frozenset()

    def without(self, fields: Collection[str]) -> Plan:
        """This plan with no figure that quotes a value of the given station fields.

        ``tier`` drops the breakdown by tier and the names of the counting tiers; ``opened``
        drops planned dates and the figures by year. The totals are unchanged.
        """
        withheld = frozenset(fields) & WITHHOLDABLE
        if not withheld:
            return self
        table, tiers, counting, by_year = self.table, self.tiers, self.counting_tiers, self.by_year
        if "tier" in withheld:
            table = table.drop(columns=[tier_column(t) for t in tiers])
            tiers, counting = {}, []
        if "opened" in withheld:
            table = table.assign(planned_date="")
            by_year = []
        return dataclasses.replace(
            self,
            table=table,
            tiers=tiers,
            counting_tiers=counting,
            by_year=by_year,
            withheld=self.withheld | withheld,
        )

    @property
    def far(self) -> list[dict[str, Any]]:
        rows = self.table[self.table["far"]]
        return [
            {"id": r["id"], "name": r["name"], "distance_km": r["distance_km"]}
            for r in rows.to_dict("records")
        ]

    def to_json(self) -> dict[str, Any]:
        """The planning keys of the JSON contract (added beside the original ones)."""
        planner = self.audience == "planner" and self.population is not None
        rows = []
        for r in self.table.to_dict("records"):
            row = {
                "id": r["id"],
                "name": r["name"],
                "name_en": r["name_en"],
                "open": r["open"],
                "planned": r["planned"],
                "planned_date": r["planned_date"] or None,
                "covered": r["covered"],
                "covered_when_planned": r["covered_when_planned"],
                **(
                    {}
                    if "tier" in self.withheld
                    else {"tiers": {t: r[tier_column(t)] for t in self.tiers}}
                ),
                "distance_km": r["distance_km"],
                "nearest_station": r["nearest_station"] or None,
                "far": r["far"],
            }
            if planner:
                row["population"] = r["population"]
                row["access_per_10k"] = r["access_per_10k"]
            rows.append(row)
        data: dict[str, Any] = {
            "audience": self.audience,
            **(
                {}
                if "tier" in self.withheld
                else {"tiers": {"counting": self.counting_tiers, "by_tier": self.tiers}}
            ),
            "stations": self.stations,
            "targets": self.targets,
            "by_year": self.by_year,
            "distances": {
                "max_distance_km": self.max_distance_km,
                "from": self.anchor,
                "far": self.far,
            },
            "by_township": rows,
            "suggestions": self.suggestions if planner else _public(self.suggestions),
        }
        if planner:
            data["population"] = self.population
        return data

    def csv_columns(self) -> list[str]:
        columns = [
            "open",
            "planned",
            "planned_date",
            "covered_when_planned",
            *[tier_column(t) for t in self.tiers],
            "distance_km",
            "nearest_station",
            "far",
        ]
        if self.audience == "planner" and self.population is not None:
            columns += ["population", "access_per_10k"]
        return columns


def _public(suggestions: dict[str, Any]) -> dict[str, Any]:
    """Suggestions without people counts (they are absent anyway in a public plan)."""
    out = {k: v for k, v in suggestions.items() if "people" not in k}
    out["sites"] = [
        {k: v for k, v in s.items() if "people" not in k} for s in suggestions.get("sites", [])
    ]
    return out


def tier_column(tier: str) -> str:
    return f"tier:{tier or '-'}"
