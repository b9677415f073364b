"""Building a site: load the project, render it in memory, write it atomically.

``write_site`` is the only function that writes the site. It writes into a temporary
folder beside the output and swaps it in at the end, so a failed build leaves the
previous site exactly as it was.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from mapgen.changes import Changes, capture, compare, read_site, report_path, site_data
from mapgen.errors import BuildError, MapgenError
from mapgen.messages import report_language
from mapgen.problems import Problem, format_report
from mapgen.project import STAGES, Project, load_project
from mapgen.render import SiteFile, render_site

STAGE_NAMES = {
    "read": "Reading layers",
    "place": "Placing stations",
    "check": "Checking",
    "balance": "Accounting for rows",
    "cover": "Computing coverage",
}


@dataclass(frozen=True)
class BuildResult:
    """What a build produced: where, how much, and the problems it reported."""

    out: Path
    project: Project
    files: int
    bytes: int
    report: Path | None
    changes: Changes | None = None  # what this build changed in the site it replaced

    @property
    def coverage(self):  # noqa: ANN201 — Coverage; kept short for ``result.coverage.covered``
        return self.project.coverage

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.project.problems


def default_output(project_dir: str | Path, audience: str = "public") -> Path:
    """``site/`` beside mapgen.toml; a planner build goes to ``site-planner/`` instead, so
    private figures never land in the folder that gets published."""
    from mapgen.config import find_config

    name = "site" if audience == "public" else f"site-{audience}"
    return find_config(project_dir).parent / name


def build(
    project_dir: str | Path = ".",
    out: str | Path | None = None,
    *,
    strict: bool = False,
    progress: bool = False,
    audience: str = "public",
) -> BuildResult:
    """Build the site of a project folder; raise :class:`BuildError` if the input has errors.

    Example::

        >>> result = build("my-district", "public/")          # doctest: +SKIP
        >>> result.files, result.coverage.coverage              # doctest: +SKIP
        (45, 0.5)
    """
    with tqdm(
        total=len(STAGES) + 1, desc="Reading", unit=" stages", disable=not progress, leave=False
    ) as bar:

        def on_stage(name: str) -> None:
            bar.set_description(STAGE_NAMES.get(name, name))
            if name != "read":
                bar.update()

        project = load_project(project_dir, strict=strict, audience=audience, on_stage=on_stage)
    out = Path(out) if out is not None else default_output(project_dir, audience)
    report = out.parent / f"{out.name}.report.txt"
    if project.errors:
        raise BuildError(project.problems, lang=report_language(project.config))
    before = read_site(out)  # read before the swap: the change report compares with it
    published: dict[str, bytes] = {}
    files, size = write_site(
        capture(render_site(project), published), out, progress=progress, guard=project.config.root
    )
    changes = compare(before, site_data(published))
    report_path(project.config.root, audience).write_text(
        changes.text(report_language(project.config)), encoding="utf-8"
    )
    if project.problems:
        report.write_text(
            format_report(project.problems, report_language(project.config)), encoding="utf-8"
        )
    else:
        with contextlib.suppress(FileNotFoundError):
            report.unlink()
    return BuildResult(out, project, files, size, report if project.problems else None, changes)


def write_site(
    files: Iterable[SiteFile], out: Path, *, progress: bool = False, guard: Path | None = None
) -> tuple[int, int]:
    """Write every file into a temporary sibling of ``out``, then swap it into place.

    Returns the number of files and bytes written.
    """
    out = Path(out).resolve()
    _check_output(out, guard)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    count = size = 0
    try:
        for file in tqdm(
            files, desc="Writing site", unit=" files", disable=not progress, leave=False
        ):
            target = staging / file.path
            if not target.resolve().is_relative_to(staging.resolve()):
                raise MapgenError(f"refusing to write outside the site: {file.path}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.content)
            count += 1
            size += len(file.content)
        staging.chmod(0o755)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count, size


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.replace(out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired.rmdir()
    out.replace(retired)
    try:
        staging.replace(out)
    except BaseException:
        retired.replace(out)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _check_output(out: Path, guard: Path | None) -> None:
    """Refuse to replace a folder that is clearly not a site (the project itself, say)."""
    if guard is not None and (out == guard.resolve() or guard.resolve().is_relative_to(out)):
        raise MapgenError(
            f"the output folder {out} holds the project itself; choose another, e.g. -o site"
        )
    if out.is_file():
        raise MapgenError(f"{out} is a file, not a folder; choose another output folder.")
    if out.is_dir() and any(out.iterdir()) and not (out / "index.html").exists():
        raise MapgenError(
            f"{out} is not empty and does not look like a mapgen site; "
            "mapgen would replace everything in it. Choose an empty folder."
        )
