"""The ``mapgen`` command: parses options, calls the library, turns errors into exit codes.

Exit codes: 0 done; 1 the input has errors (nothing written); 2 bad command line or
``mapgen.toml``; 3 the output could not be written.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from mapgen import __version__
from mapgen.errors import BuildError, ConfigError, MapgenError
from mapgen.messages import report_language
from mapgen.problems import format_report
from mapgen.project import load_project
from mapgen.render.basemaps import basemap_note
from mapgen.site import build as build_site
from mapgen.site import default_output

EXIT_INPUT = 1
EXIT_CONFIG = 2
EXIT_OUTPUT = 3

project_argument = click.argument(
    "project", default=".", type=click.Path(file_okay=True, dir_okay=True, path_type=Path)
)
quiet_option = click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
audience_option = click.option(
    "--audience",
    type=click.Choice(["public", "planner"]),
    default="public",
    show_default=True,
    help="public: only what may be published. planner: for internal use, adds private layers "
    "(population, people reached, accessibility); build writes to site-planner/.",
)


def _handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ConfigError as exc:
            click.secho("mapgen.toml has problems:", fg="red", err=True)
            for message in exc.messages:
                click.echo(f"  - {message}", err=True)
            sys.exit(EXIT_CONFIG)
        except BuildError as exc:
            click.echo(format_report(exc.problems, exc.lang), err=True)
            errors = sum(1 for p in exc.problems if p.is_error)
            summary = (
                f"输入中有 {errors} 个错误，未生成网站。请修正上面的错误后重新运行。"
                if exc.lang == "zh-CN"
                else f"{exc} — fix the errors above and run again."
            )
            click.secho(summary, fg="red", err=True)
            sys.exit(EXIT_INPUT)
        except (MapgenError, OSError) as exc:
            click.secho(f"mapgen: {exc}", fg="red", err=True)
            sys.exit(EXIT_OUTPUT)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mapgen")
def main() -> None:
    """Turn a folder of geodata into a published, static service map.

    A project is a folder with a mapgen.toml and its layer files. Run `mapgen init DIR`
    to start one, `mapgen build` to make the site.
    """


@main.command()
@project_argument
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path),
    help="Output folder (default: site/ beside mapgen.toml).",
)
@strict_option
@quiet_option
@audience_option
@_handle_errors
def build(project: Path, out: Path | None, strict: bool, quiet: bool, audience: str) -> None:
    """Build the site of PROJECT (default: the current folder)."""
    result = build_site(project, out, strict=strict, progress=not quiet, audience=audience)
    if result.report is not None and not quiet:
        click.echo(format_report(result.problems, report_language(result.project.config)), err=True)
        click.echo(f"Report saved to {result.report}", err=True)
    note = basemap_note(result.project.config.site)
    if note and not quiet:
        click.secho(note, fg="yellow", err=True)
    if not quiet:
        coverage = result.coverage
        click.echo(f"Built {result.files} files ({result.bytes / 1024:.0f} KiB) in {result.out}")
        if coverage is not None:
            click.echo(
                f"Coverage: {coverage.covered} of {coverage.townships} townships "
                f"({coverage.coverage:.0%})"
            )


@main.command()
@project_argument
@strict_option
@quiet_option
@_handle_errors
def validate(project: Path, strict: bool, quiet: bool) -> None:
    """Read and check everything; print every problem. Exit 1 if there are errors."""
    loaded = load_project(project, strict=strict)
    if loaded.problems and not (quiet and not loaded.errors):
        click.echo(
            format_report(
                loaded.problems if not quiet else loaded.errors, report_language(loaded.config)
            )
        )
    elif not quiet:
        click.echo(format_report([], report_language(loaded.config)), nl=False)
    if loaded.errors:
        sys.exit(EXIT_INPUT)


@main.command()
@project_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@audience_option
@_handle_errors
def coverage(project: Path, fmt: str, audience: str) -> None:
    """Print coverage by township and service category, targets, distances and next sites."""
    loaded = load_project(project, audience=audience)
    if loaded.coverage is None:
        raise BuildError(loaded.problems, lang=report_language(loaded.config))
    result = loaded.coverage
    if fmt == "json":
        click.echo(result.to_json_text(), nl=False)
    elif fmt == "csv":
        click.echo(result.to_csv_text(), nl=False)
    else:
        click.echo(coverage_table(loaded))
    if loaded.errors:
        click.echo(format_report(loaded.errors, report_language(loaded.config)), err=True)
        sys.exit(EXIT_INPUT)


def coverage_table(project: Any) -> str:
    """A plain-text report for the terminal: headline figures, townships, next sites."""
    from mapgen.coverage_text import coverage_report

    return coverage_report(project)


@main.command()
@project_argument
@click.option("-o", "--out", type=click.Path(path_type=Path), help="Output folder.")
@click.option("-p", "--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@quiet_option
@_handle_errors
def serve(project: Path, out: Path | None, port: int, open_browser: bool, quiet: bool) -> None:
    """Build PROJECT and serve the site on 127.0.0.1 for a preview."""
    result = build_site(project, out, progress=not quiet)
    root = result.out
    handler = functools.partial(_QuietHandler, directory=str(root))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    click.echo(f"Serving {root} at {url} — press Ctrl+C to stop.")
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--stations",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Your station sheet (XLSX or CSV, one row per station): the project is made from it "
    "instead of the demo.",
)
@click.option(
    "--townships",
    type=click.Path(exists=True, path_type=Path),
    help="Your township boundaries (GeoJSON, Shapefile, GeoPackage), with --stations.",
)
@click.option(
    "--services",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A table of one row per station and service, when the station sheet does not list "
    "the services itself.",
)
@click.option(
    "--crs",
    default="",
    help="Coordinate system of the stations and boundaries: wgs84, cgcs2000, gcj02 (Amap, "
    "Tencent), bd09 (Baidu) or an EPSG code.",
)
@_handle_errors
def init(
    directory: Path,
    stations: Path | None,
    townships: Path | None,
    services: Path | None,
    crs: str,
) -> None:
    """Create a new project in DIRECTORY: from your own files, or else from the demo."""
    if stations is not None:
        from mapgen.scaffold import init_project

        made = init_project(
            directory, stations=stations, townships=townships, crs=crs, services=services
        )
        click.echo(made.summary())
        return
    if townships is not None or services is not None or crs:
        raise click.UsageError("--townships, --services and --crs go with --stations FILE.")
    from mapgen.resources import demo_project

    if directory.exists() and any(directory.iterdir()):
        raise MapgenError(f"{directory} is not empty; choose a new folder.")
    source = demo_project()
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "mapgen.toml", directory / "mapgen.toml")
    shutil.copytree(source / "layers", directory / "layers")
    click.echo(
        f"Created {directory}. Edit the files in {directory / 'layers'} and "
        f"{directory / 'mapgen.toml'}, then run: mapgen build {directory}"
    )


__all__ = ["default_output", "main"]
