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

    ``message`` and ``fix`` are English. Problems made by :func:`mapgen.messages.problem`
    also carry the ``template`` they came from and its ``args``, so a report can be
    written in Chinese too (:func:`mapgen.messages.format_report` with ``lang="zh-CN"``).
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
    template: str = field(default="", compare=False, repr=False)
    args: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


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
