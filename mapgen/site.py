"""Building a site: load the project, render it in memory, write it safely.

:func:`write_site` is the only function that writes a site. Its contract:

* **It replaces only what mapgen wrote.** Every site carries :data:`MANIFEST`: generator,
  version, audience and every file with its size and SHA-256 (no clock: same inputs, same
  bytes). The output folder OUT is replaced only when it is missing, empty, or a mapgen
  site of the same audience holding exactly the files its manifest lists, unchanged.
  Anything else — a file the user added (``CNAME``, ``photos/``), a page edited by hand, a
  site of the other audience, a folder mapgen never wrote — raises :class:`OutputError`
  naming what is in the way. OUT may never be, hold or lie inside the project's inputs
  (:func:`project_inputs`).
* **It is atomic and crash-safe.** Files go into ``.OUT.building-*`` beside OUT, which is
  then exchanged with OUT in one step (``renameat2(RENAME_EXCHANGE)`` on Linux) or, where
  that is missing, by two renames through ``.OUT.old-*``. At every instant OUT holds the
  old site or the new one; after a crash between the two renames the next build puts the
  old site back first. The next build also removes the ``.OUT.building-*`` and
  ``.OUT.old-*`` folders of killed builds — only those that carry mapgen's manifest, or
  are empty — and removes a folder's manifest last, so a half-removed one is still known.
* **One build at a time.** A build holds a lock on OUT's parent folder (``flock``) from
  the first check to the swap, so two builds never write, recover or clean up at once.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from mapgen.changes import Changes, capture, compare, read_site, site_data
from mapgen.changes import report_path as changes_path
from mapgen.config import CONFIG_NAME, Config, find_config, load_config
from mapgen.errors import BuildError, MapgenError, OutputError
from mapgen.messages import format_report, report_language
from mapgen.problems import Problem
from mapgen.project import STAGES, Project, load_project
from mapgen.public import report_problems
from mapgen.render import SiteFile, render_site

MANIFEST = "mapgen-manifest.json"
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


@dataclass(frozen=True)
class Inputs:
    """What a build may never overwrite.

    OUT may not be or hold any of ``paths``, and may not be, hold or lie inside any of
    ``folders``.
    """

    paths: tuple[Path, ...] = ()
    folders: tuple[Path, ...] = ()


def site_name(audience: str = "public") -> str:
    """``site`` for the public audience, ``site-planner`` for planners.

    Example::

        >>> site_name("planner")
        'site-planner'
    """
    return "site" if audience == "public" else f"site-{audience}"


def default_output(project_dir: str | Path, audience: str = "public") -> Path:
    """``site/`` beside mapgen.toml; a planner build goes to ``site-planner/`` instead, so
    private figures never land in the folder that gets published."""
    return find_config(project_dir).parent / site_name(audience)


def project_inputs(config: Config) -> Inputs:
    """The project folder, mapgen.toml, every configured file, ``templates/`` and ``layers/``.

    A layer's folder is protected whole, unless it is the project folder (or holds it): the
    default ``site/`` lies inside the project folder.
    """
    root = config.root.resolve()
    files = [config.path(config.layer(name).file) for name in _LAYERS if config.layer(name).file]
    if config.site.logo:
        files.append(config.path(config.site.logo))
    folders = {root / "templates", root / "layers", *(f.parent for f in files)}
    outer = {f for f in folders if root.is_relative_to(f)}
    return Inputs(
        paths=(root, root / CONFIG_NAME, *files, *sorted(outer)),
        folders=tuple(sorted(folders - outer)),
    )


_LAYERS = ("townships", "stations", "services", "categories", "population", "candidates")


def report_path(
    config: Config, out: str | Path, audience: str = "public", folder: str | Path | None = None
) -> Path:
    """Where a build saves its problem report: beside mapgen.toml, or in ``folder``.

    Never inside the output folder nor beside it (``-o www/map`` must not put the report,
    with its unplaced addresses, into ``www/``), unless that is the project folder.
    """
    where = Path(folder).resolve() if folder is not None else config.root.resolve()
    out = Path(out).resolve()
    inside = where.is_relative_to(out)
    if inside or (where == out.parent and where != config.root.resolve()):
        raise OutputError(
            f"the problem report would go into {_shown(where)}, "
            f"{'inside' if inside else 'beside'} the output folder {_shown(out)}, where it "
            "could be published. Name another folder with --report-dir, or leave it out to "
            "save the report beside mapgen.toml."
        )
    return where / f"{site_name(audience)}.report.txt"


def build(
    project_dir: str | Path = ".",
    out: str | Path | None = None,
    *,
    strict: bool = False,
    progress: bool = False,
    audience: str = "public",
    report_dir: str | Path | None = None,
) -> BuildResult:
    """Build the site of a project folder; raise :class:`BuildError` if the input has errors.

    The problem report goes beside mapgen.toml (or into ``report_dir``), never near ``out``.

    Example::

        >>> result = build("my-district", "public/")          # doctest: +SKIP
        >>> result.files, result.coverage.coverage              # doctest: +SKIP
        (45, 0.5)
    """
    config = load_config(project_dir)
    out = Path(out) if out is not None else default_output(project_dir, audience)
    inputs = project_inputs(config)
    check_inputs(out, inputs)  # refuse at once, not after reading every layer
    _check_replaceable(out.resolve(), audience, contents=False)
    report = report_path(config, out, audience, report_dir)
    with tqdm(
        total=len(STAGES) + 1, desc="Reading", unit=" stages", disable=not progress, leave=False
    ) as bar:

        def on_stage(name: str) -> None:
            bar.set_description(STAGE_NAMES.get(name, name))
            if name != "read":
                bar.update()

        project = load_project(project_dir, strict=strict, audience=audience, on_stage=on_stage)
    if project.errors:
        raise BuildError(report_problems(project), lang=report_language(project.config))
    before = read_site(out)  # read before the swap: the change report compares with it
    published: dict[str, bytes] = {}
    files, size = write_site(
        capture(render_site(project), published),
        out,
        audience=audience,
        inputs=inputs,
        progress=progress,
    )
    changes = compare(before, site_data(published))
    changes_path(project.config.root, audience).write_text(
        changes.text(report_language(project.config)), encoding="utf-8"
    )
    if project.problems:
        report.parent.mkdir(parents=True, exist_ok=True)
        text = format_report(report_problems(project), report_language(project.config), built=True)
        report.write_text(text, encoding="utf-8")
    else:
        with contextlib.suppress(FileNotFoundError):
            report.unlink()
    return BuildResult(out, project, files, size, report if project.problems else None, changes)


def write_site(
    files: Iterable[SiteFile],
    out: str | Path,
    *,
    audience: str = "public",
    inputs: Inputs = Inputs(),
    progress: bool = False,
) -> tuple[int, int]:
    """Write every file into a temporary sibling of ``out``, then swap it into place.

    Returns the number of files and bytes written, the manifest included. Raises
    :class:`OutputError` when ``out`` holds anything mapgen must not replace.
    """
    out = Path(out).resolve()
    check_inputs(out, inputs)
    out.parent.mkdir(parents=True, exist_ok=True)
    with _locked(out.parent):
        recover(out)
        _check_replaceable(out, audience)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
        try:
            # First of all, so a build killed while writing leaves a folder known as ours.
            (staging / MANIFEST).write_bytes(_manifest(audience, None))
            entries: dict[str, tuple[int, str]] = {}
            for file in tqdm(
                files, desc="Writing site", unit=" files", disable=not progress, leave=False
            ):
                target = staging / file.path
                if file.path == MANIFEST or not target.resolve().is_relative_to(staging):
                    raise MapgenError(f"refusing to write outside the site: {file.path}")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(file.content)
                entries[file.path] = (len(file.content), hashlib.sha256(file.content).hexdigest())
            manifest = _manifest(audience, entries)
            (staging / MANIFEST).write_bytes(manifest)
            staging.chmod(0o755)
            _swap(staging, out)
        except BaseException:
            with contextlib.suppress(OSError):
                _remove_ours(staging)
            raise
    return len(entries) + 1, sum(size for size, _ in entries.values()) + len(manifest)


# --------------------------------------------------------------------------- the manifest


def _manifest(audience: str, entries: dict[str, tuple[int, str]] | None) -> bytes:
    """The manifest's bytes, one file a line; ``entries`` is None while the site is being
    written."""
    from mapgen import __version__

    head = json.dumps({"generator": "mapgen", "version": __version__, "audience": audience})
    if entries is None:
        return f'{head[:-1]}, "files": null}}\n'.encode()
    lines = [
        json.dumps({"path": path, "size": size, "sha256": digest}, ensure_ascii=False)
        for path, (size, digest) in sorted(entries.items())
    ]
    return (f'{head[:-1]}, "files": [\n' + ",\n".join(lines) + "\n]}\n").encode("utf-8")


def read_manifest(folder: Path) -> dict[str, object] | None:
    """The manifest mapgen left in ``folder``; None when there is none (or not mapgen's)."""
    try:
        record = json.loads((folder / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("generator") != "mapgen":
        return None
    return record


def foreign_files(folder: Path, manifest: dict[str, object], *, contents: bool = True) -> list[str]:
    """What in ``folder`` mapgen did not write, or changed since: ``CNAME``, ``photos/``…

    Files the manifest lists but that are gone are fine: nothing of anyone's is lost.
    ``contents=False`` compares sizes but not SHA-256 digests.
    """
    listed = manifest.get("files")
    expected: dict[str, tuple[int, str]] = {}
    if isinstance(listed, list):
        for entry in listed:
            if isinstance(entry, dict):
                expected[str(entry.get("path"))] = (entry.get("size"), entry.get("sha256"))  # type: ignore[assignment]
    expected_dirs = {p.rsplit("/", i)[0] for p in expected for i in range(1, p.count("/") + 1)}
    foreign: list[str] = []
    for here, dirs, names in os.walk(folder):
        base = Path(here).relative_to(folder).as_posix()
        prefix = "" if base == "." else base + "/"
        ours = []
        for name in sorted(dirs):
            if prefix + name in expected_dirs and not (Path(here) / name).is_symlink():
                ours.append(name)
            else:
                foreign.append(prefix + name + "/")
        dirs[:] = ours
        for name in sorted(names):
            path = prefix + name
            if path == MANIFEST:
                continue
            full = Path(here) / name
            if path not in expected or full.is_symlink() or not full.is_file():
                foreign.append(path)
                continue
            size, digest = expected[path]
            if full.stat().st_size != size or (contents and _sha256(full) != digest):
                foreign.append(path + " (changed)")
    return sorted(foreign)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --------------------------------------------------------------------------- the checks


def check_inputs(out: str | Path, inputs: Inputs) -> None:
    """OUT is replaced whole: it must not be, hold or lie inside what the project reads."""
    out = Path(out).resolve()
    for path in inputs.paths:
        path = path.resolve()
        if out == path or path.is_relative_to(out):
            raise OutputError(
                f"the output folder {_shown(out)} {'is' if out == path else 'holds'} "
                f"{_shown(path)}, "
                "one of the project's inputs; mapgen replaces the whole output folder. "
                "Choose another folder, e.g. -o site"
            )
    for folder in inputs.folders:
        folder = folder.resolve()
        if out.is_relative_to(folder) or folder.is_relative_to(out):
            raise OutputError(
                f"the output folder {_shown(out)} would replace the project's input folder "
                f"{_shown(folder)} "
                "or part of it. Choose a folder outside it, e.g. -o site"
            )


def _check_replaceable(out: Path, audience: str, *, contents: bool = True) -> None:
    """Raise :class:`OutputError` unless ``out`` may be replaced (see the module docstring).

    ``contents=False`` compares names and sizes only: the quick check before a build reads
    its layers; the full one runs again, under the lock, just before writing.
    """
    if not out.exists() and not out.is_symlink():
        return
    if not out.is_dir():
        raise OutputError(f"{out} is a file, not a folder; choose another output folder.")
    if not any(out.iterdir()):
        return
    manifest = read_manifest(out)
    if manifest is None:
        found = _listing(sorted(p.name + ("/" if p.is_dir() else "") for p in out.iterdir()))
        raise OutputError(
            f"{_shown(out)} is not empty and is not a site mapgen wrote (it has no {MANIFEST}); "
            f"it holds {found}. mapgen replaces the whole output folder, so it leaves this one "
            f"alone. Choose an empty or new folder, e.g. -o {_shown(out / 'map')}"
        )
    if manifest.get("audience") != audience:
        raise OutputError(
            f"{_shown(out)} holds a {manifest.get('audience')} site; a {audience} build never "
            f"replaces it. Choose another folder, e.g. -o {_shown(out.parent / site_name(audience))}"
        )
    foreign = foreign_files(out, manifest, contents=contents)
    if foreign:
        raise OutputError(
            f"{_shown(out)} is a site mapgen wrote, but it now holds files mapgen did not "
            f"write: {_listing(foreign)}. mapgen replaces the whole output folder: move those "
            "out of it first, or choose an empty or new folder."
        )


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    with contextlib.suppress(ValueError, OSError):
        return str(path.relative_to(Path.cwd().resolve()))
    return str(path)


def _listing(names: list[str], limit: int = 10) -> str:
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


# --------------------------------------------------------------------------- swap and recovery


def recover(out: Path) -> None:
    """Undo what a killed build left beside ``out``: put a stranded old site back when
    ``out`` is missing, then remove the leftover temporary and old folders.

    Touches only folders named ``.OUT.building-*`` or ``.OUT.old-*`` that carry mapgen's
    manifest or are empty.
    """
    prefixes = (f".{out.name}.building-", f".{out.name}.old-")
    leftovers = [
        p for p in sorted(out.parent.iterdir()) if p.name.startswith(prefixes) and _is_ours(p)
    ]
    if not out.exists() and not out.is_symlink():
        complete = [
            p
            for p in leftovers
            if ".old-" in p.name
            and (manifest := read_manifest(p)) is not None
            and isinstance(manifest.get("files"), list)
            and not foreign_files(p, manifest)
        ]
        if complete:
            newest = max(complete, key=lambda p: p.stat().st_mtime)
            _rename(newest, out)
            leftovers.remove(newest)
    for folder in leftovers:
        _remove_ours(folder)


def _is_ours(folder: Path) -> bool:
    if folder.is_symlink() or not folder.is_dir():
        return False
    return read_manifest(folder) is not None or not any(folder.iterdir())


def _remove_ours(folder: Path) -> None:
    """Remove a folder mapgen wrote, its manifest last (see :func:`recover`)."""
    if not folder.is_dir():
        return
    for child in folder.iterdir():
        if child.name == MANIFEST:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    (folder / MANIFEST).unlink(missing_ok=True)
    folder.rmdir()


def _swap(staging: Path, out: Path) -> None:
    if not out.exists() and not out.is_symlink():
        _rename(staging, out)
        return
    if _exchange(staging, out):  # one atomic step; staging now holds the old site
        _remove_ours(staging)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired.rmdir()
    _rename(out, retired)
    try:
        _rename(staging, out)  # a crash before this leaves no OUT: recover() puts it back
    except BaseException:
        _rename(retired, out)
        raise
    _remove_ours(retired)


def _rename(source: Path, target: Path) -> None:
    source.replace(target)


RENAME_EXCHANGE = 2
AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with Linux's ``renameat2``; False where it is unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # an old kernel, or a file system without exchange
    raise OSError(code, os.strerror(code), str(second))


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (no lock where ``flock`` does not exist)."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; builds there are not run concurrently
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock
