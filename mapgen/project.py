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

from mapgen import checks, join, layers, menus, readers, topology
from mapgen.config import LAYER_FIELDS, Config, load_config
from mapgen.coverage import Coverage, compute_coverage
from mapgen.demo import demo_problems
from mapgen.messages import problem
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
    # False when [townships] is a plain table of codes and names: no shapes, so each
    # station counts for the township it states and the map shows no shading.
    boundaries: bool = True
    # Planning point layers, read in the read stage like stations (mapgen.layers.read_points):
    # population only for the planner audience; None when the layer is not configured.
    population: gpd.GeoDataFrame | None = None
    candidates: gpd.GeoDataFrame | None = None

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


def read(config: Config, audience: str = "public") -> Project:
    """Read every layer into canonical columns, WGS84 coordinates and problems.

    The public audience never reads the ``[population]`` layer.
    """
    townships = layers.read_townships(config)
    boundaries = layers.has_boundaries(config.townships.file)
    district = townships.frame if boundaries else None
    stations = layers.read_stations(config, district)
    services = layers.read_services(config, stations)
    categories = layers.read_categories(config)
    menu, listed, menu_problems = menus.resolve(
        services.frame, categories.frame, services.file or stations.file, None
    )
    points = {
        name: layers.read_points(config, name, district)
        for name in ("population", "candidates")
        if config.layer(name).file and (name != "population" or audience == "planner")
    }
    read_layers = (townships, stations, services, categories, *points.values())
    problems = [*(p for layer in read_layers for p in layer.problems), *menu_problems]
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
        boundaries=boundaries,
        audience=audience,
        population=points["population"].frame if "population" in points else None,
        candidates=points["candidates"].frame if "candidates" in points else None,
    )


def _with_default_names(categories: pd.DataFrame) -> pd.DataFrame:
    categories = categories.copy()
    categories["name"] = categories["name"].where(categories["name"] != "", categories["id"])
    return categories


def place(project: Project) -> Project:
    """Put each placed station in the township it lies in; report the ones outside all.

    Without boundaries, each placed station goes to the township its row states.
    """
    stations = project.stations.copy()
    config = project.config
    column = config.stations.columns.get("township", "township")
    stated = join.stated_township_ids(
        stations["township"].fillna("").astype(str), project.townships
    )
    if not project.boundaries:
        usable = stations["unplaced_reason"].eq("") & stations["lon"].notna()
        stations["township_id"] = stated.where(usable, "")
        problems = join.stated_problems(
            stations, stated, project.townships, config.stations.file, column
        )
        return project.with_problems(problems, stations=stations)
    stations["township_id"] = join.assign_townships(stations, project.townships, stated)
    problems = join.tie_problems(stations, project.townships, stated, config.stations.file, column)
    problems += join.outside_problems(
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
    problems = checks.check_page_names(
        project.placed_stations["id"], config.stations.file, config.stations.columns.get("id", "id")
    )
    problems += checks.check_page_names(
        project.townships["id"],
        config.townships.file,
        config.townships.columns.get("id", "id"),
        features=True,
    )
    if not project.boundaries:
        return _check_services(project, problems)
    problems += checks.check_datum(
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
    problems += topology.check_coverage(project.townships, config.townships.file)
    return _check_services(project, problems)


def _check_services(project: Project, problems: list[Problem]) -> Project:
    config = project.config
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
    problems += demo_problems(config)
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
        if p.station and (p.code in UNPLACED or p.template == "township-unknown/no-boundaries")
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
        project.config,
        project.townships,
        project.stations,
        coverage,
        audience=project.audience,
        population=project.population,
        candidates=project.candidates,
    )
    coverage = dataclasses.replace(coverage, plan=plan)
    return project.with_problems(plan.problems, coverage=coverage)


UNPLACED = ("station-not-placed", "station-outside", "township-unstated")


def _reason(problem: Problem) -> str:
    if problem.code == "station-outside":
        return "outside every township"
    if problem.code in ("township-unstated", "township-unknown"):
        return "no township stated that the township table lists"
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
    stamps = _layer_stamps(config, audience)
    project = read(config, audience)
    if not any(p.code in BLOCKING for p in project.problems):
        for stage in STAGES:
            report(stage.__name__)
            project = stage(project)
    project = project.with_problems(_changed_files(config, audience, stamps, project.problems))
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


def _layer_stamps(config: Config, audience: str) -> dict[str, tuple[int, ...] | None]:
    """Each layer file this build reads, as it is before reading starts."""
    names = [n for n in LAYER_FIELDS if n != "population" or audience == "planner"]
    files = {config.layer(n).file for n in names if config.layer(n).file}
    return {file: readers.file_stamp(config.path(file)) for file in sorted(files)}


def _changed_files(
    config: Config,
    audience: str,
    before: dict[str, tuple[int, ...] | None],
    problems: tuple[Problem, ...],
) -> list[Problem]:
    """Files saved during the build: their layers may not fit together (one read before
    the save, one after), so the build stops rather than publish a mix."""
    reported = {p.file for p in problems if p.code == "file-changed"}
    after = _layer_stamps(config, audience)
    return [
        problem("file-changed", Severity.ERROR, file)
        for file, stamp in before.items()
        if after.get(file) != stamp and file not in reported
    ]


# Problems after which later stages would only repeat the same failure in other words.
BLOCKING = frozenset(
    {
        "file-missing",
        "file-unreadable",
        "file-changed",
        "zip-too-large",
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
        "township-properties-missing",
        "shapefile-part-missing",
    }
)
