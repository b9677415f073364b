"""The map project: one object that every pipeline stage reads and returns anew.

``load_project`` runs the stages in order — read → place → join → check → cover — and
never raises on bad data: each stage adds :class:`~mapgen.problems.Problem` records.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from mapgen import checks, join, layers, menus, topology
from mapgen.config import Config, load_config
from mapgen.coverage import Coverage, compute_coverage
from mapgen.planning import compute_plan
from mapgen.problems import Problem, Severity


@dataclass(frozen=True)
class Project:
    """Everything known about a map project at one point of the pipeline.

    ``stations`` and ``townships`` are in WGS84 (EPSG:4326), indexed by the row or
    feature number a person sees in the input file. ``rows_read`` counts the rows of each
    file, so ``rows read = rows placed + rows reported`` can be checked.
    """

    config: Config
    townships: gpd.GeoDataFrame
    stations: gpd.GeoDataFrame
    services: pd.DataFrame
    categories: pd.DataFrame
    problems: tuple[Problem, ...] = ()
    rows_read: dict[str, int] = field(default_factory=dict)
    coverage: Coverage | None = None
    audience: str = "public"  # "planner" may use private layers (mapgen.planning)
    # The [public] sensitive_fields columns per station row: never published per station,
    # only as township totals of 10 or more (mapgen.public).
    sensitive: pd.DataFrame | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def placed_stations(self) -> gpd.GeoDataFrame:
        """Stations that lie in a township: the ones the map shows."""
        return self.stations[self.stations["township_id"] != ""]

    def with_problems(self, problems: list[Problem], **changes: Any) -> Project:
        return dataclasses.replace(self, problems=(*self.problems, *problems), **changes)


Stage = Callable[[Project], Project]


def read(config: Config) -> Project:
    """Read every layer into canonical columns, WGS84 coordinates and problems."""
    townships = layers.read_townships(config)
    stations = layers.read_stations(config, townships.frame)
    services = layers.read_services(config, stations)
    categories = layers.read_categories(config)
    menu, listed, menu_problems = menus.resolve(
        services.frame, categories.frame, services.file or stations.file, None
    )
    problems = [
        *townships.problems,
        *stations.problems,
        *services.problems,
        *categories.problems,
        *menu_problems,
    ]
    rows_read = {r.file: r.rows_read for r in (townships, stations, services, categories) if r.file}
    return Project(
        config=config,
        townships=townships.frame.sort_values("id", kind="stable"),
        stations=stations.frame,
        services=menu,
        categories=_with_default_names(listed),
        problems=tuple(problems),
        rows_read=rows_read,
        sensitive=stations.private,
    )


def _with_default_names(categories: pd.DataFrame) -> pd.DataFrame:
    categories = categories.copy()
    categories["name"] = categories["name"].where(categories["name"] != "", categories["id"])
    return categories


def place(project: Project) -> Project:
    """Put each placed station in the township it lies in; report the ones outside all."""
    stations = project.stations.copy()
    stations["township_id"] = join.assign_townships(stations, project.townships)
    config = project.config
    problems = join.outside_problems(
        stations,
        stations["township_id"],
        project.townships,
        config.stations.file,
        config.stations.columns.get("id", "id"),
    )
    return project.with_problems(problems, stations=stations)


def check(project: Project) -> Project:
    """Cross-layer consistency: stated townships, service rows, categories."""
    config = project.config
    problems = checks.check_datum(
        project.stations,
        project.townships,
        config.stations.file,
        config.stations.crs,
        config.townships.crs,
        config.townships.file,
    )
    problems += checks.check_stated_townships(
        project.stations,
        project.townships,
        config.stations.file,
        config.stations.columns.get("township", "township"),
    )
    services = project.services
    if config.services.file or len(services):
        services, service_problems = checks.check_services(
            project.services,
            project.stations,
            config.services.file or config.stations.file,
            config.services.columns,
            config.stations.file,
        )
        problems += service_problems
    problems += topology.check_coverage(project.townships, config.townships.file)
    return project.with_problems(problems, services=services)


def accounts(project: Project) -> list[checks.Account]:
    """For every file: rows read = rows used + rows reported (see :class:`checks.Account`)."""
    config, problems = project.config, list(project.problems)
    result = []
    if "township_id" in project.stations.columns:
        placed = project.stations.index[project.stations["township_id"] != ""]
        result.append(
            checks.account(
                "stations",
                config.stations.file,
                project.rows_read.get(config.stations.file, 0),
                placed,
                project.stations.index,
                problems,
            )
        )
    result.append(
        checks.account(
            "townships",
            config.townships.file,
            project.rows_read.get(config.townships.file, 0),
            project.townships.index,
            None,
            problems,
        )
    )
    if config.services.file:
        result.append(
            checks.account(
                "services",
                config.services.file,
                project.rows_read.get(config.services.file, 0),
                project.services.index,
                None,
                problems,
            )
        )
    return result


def balance(project: Project) -> Project:
    """Conservation: a row read but neither used nor reported is an error (a bug)."""
    return project.with_problems(checks.lost_rows(accounts(project)))


def cover(project: Project) -> Project:
    """Compute coverage from the placed stations."""
    unplaced = [
        {"station": p.station, "reason": _reason(p)}
        for p in project.problems
        if p.station and p.code in ("station-not-placed", "station-outside")
    ]
    categories = (
        list(project.categories["id"])
        if len(project.categories)
        else sorted(set(project.services["category"]))
    )
    coverage = compute_coverage(
        project.townships,
        project.stations,
        project.services,
        categories,
        tiers=project.config.coverage.tiers or None,
        unplaced=unplaced,
    )
    plan = compute_plan(
        project.config, project.townships, project.stations, coverage, audience=project.audience
    )
    coverage = dataclasses.replace(coverage, plan=plan)
    return project.with_problems(plan.problems, coverage=coverage)


def _reason(problem: Problem) -> str:
    if problem.code == "station-outside":
        return "outside every township"
    return problem.message.removeprefix("station not placed: ")


STAGES: tuple[Stage, ...] = (place, check, balance, cover)


def load_project(
    project_dir: str | Path = ".",
    *,
    strict: bool = False,
    audience: str = "public",
    on_stage: Callable[[str], None] | None = None,
) -> Project:
    """Read, check and analyse a project folder; bad data becomes ``Project.problems``.

    Example::

        >>> project = load_project("examples/jiading")       # doctest: +SKIP
        >>> project.coverage.covered, len(project.errors)    # doctest: +SKIP
        (6, 0)
    """
    report = on_stage or (lambda name: None)
    config = load_config(project_dir)
    report("read")
    project = dataclasses.replace(read(config), audience=audience)
    if not any(p.code in BLOCKING for p in project.problems):
        for stage in STAGES:
            report(stage.__name__)
            project = stage(project)
    if strict:
        project = dataclasses.replace(
            project,
            problems=tuple(
                dataclasses.replace(p, severity=Severity.ERROR)
                if p.severity is Severity.WARNING
                else p
                for p in project.problems
            ),
        )
    return project


# Problems after which later stages would only repeat the same failure in other words.
BLOCKING = frozenset(
    {
        "file-missing",
        "file-unreadable",
        "column-missing",
        "column-ambiguous",
        "column-duplicate",
        "crs-missing",
        "coordinates-missing",
        "xls-unsupported",
        "sheet-ambiguous",
        "sheet-unknown",
        "layer-ambiguous",
        "crs-zone-mismatch",
    }
)
