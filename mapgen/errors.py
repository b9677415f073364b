"""Exceptions mapgen raises to its callers.

Bad *data* never raises: it becomes :class:`mapgen.problems.Problem` records. These
exceptions are for the cases where the work cannot go on at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mapgen.problems import Problem


class MapgenError(Exception):
    """Base class: everything mapgen raises on purpose."""


class ConfigError(MapgenError, ValueError):
    """``mapgen.toml`` is missing or wrong; ``problems`` lists every problem found.

    They are :class:`~mapgen.problems.Problem` records like any input problem, reported
    in ``lang`` (the site's first language); ``messages`` is each one as English text.
    """

    def __init__(self, problems: Sequence[Problem], lang: str = "zh-CN") -> None:
        self.problems = list(problems)
        self.lang = lang
        self.messages = [
            f"{p.file} {p.message}. {p.fix}" if p.fix else f"{p.file} {p.message}"
            for p in self.problems
        ]
        super().__init__("\n".join(self.messages))


class BuildError(MapgenError):
    """The input has errors, so no site was written; ``problems`` says why.

    ``lang`` is the language to report them in: the site's first language.
    """

    def __init__(self, problems: Sequence[Problem], lang: str = "en") -> None:
        self.problems = list(problems)
        self.lang = lang
        errors = sum(1 for p in self.problems if p.is_error)
        super().__init__(f"{errors} error(s) in the input; no site was written")


class OutputError(MapgenError):
    """The output folder cannot be written: it holds something mapgen must not replace."""
