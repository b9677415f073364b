"""Problem records: how every stage reports bad input without stopping.

Each stage appends records instead of raising, so one run lists every problem once,
each with the file, row and column it comes from, what is wrong and how to fix it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field


class Severity(enum.StrEnum):
    ERROR = "error"  # nothing is written while one of these remains
    WARNING = "warning"  # the site is built; the report is saved beside it
    FIXED = "fixed"  # mapgen repaired the input itself and says what it did


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input.

    Example::

        Problem(Severity.ERROR, "stations.csv", row=7, column="经度", value="abc",
                message="longitude is not a number", fix="Write it as 121.25")
    """

    severity: Severity
    file: str
    message: str
    fix: str = ""
    row: int | str | None = None  # spreadsheet row (header is row 1) or feature id
    column: str | None = None
    value: str | None = None
    code: str = ""  # stable identifier of the kind of problem, e.g. "station-outside"
    station: str | None = None  # the station id, when the problem is about one

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}" if isinstance(self.row, int) else str(self.row))
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def describe(self) -> str:
        text = f"{self.location()}: {self.message}"
        if self.value is not None:
            text += f" (value: {self.value!r})"
        if self.fix:
            text += f"\n    fix: {self.fix}"
        return text


@dataclass
class Problems:
    """An ordered collection of problems with helpers for reporting."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def __iter__(self):  # noqa: ANN204
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    @property
    def fixed(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.FIXED]


def format_report(problems: Iterable[Problem]) -> str:
    """Group problems by severity, then file, in the order they were found."""
    problems = list(problems)
    if not problems:
        return "No problems found.\n"
    titles = {
        Severity.ERROR: "Errors (nothing is published until these are fixed)",
        Severity.WARNING: "Warnings (the site is built; please check these)",
        Severity.FIXED: "Fixed automatically (please confirm)",
    }
    lines: list[str] = []
    for severity in Severity:
        group = [p for p in problems if p.severity is severity]
        if not group:
            continue
        lines.append(f"{titles[severity]}: {len(group)}")
        for problem in group:
            lines.append("  - " + problem.describe().replace("\n", "\n  "))
        lines.append("")
    return "\n".join(lines)
