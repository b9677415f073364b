"""The ``mapgen`` command: parses options, calls the library, turns errors into exit codes.

Exit codes: 0 done; 1 the input has errors (nothing written); 2 bad command line or
``mapgen.toml``; 3 the output could not be written.
"""

from __future__ import annotations

import functools
import sys
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from mapgen import __version__, formats
from mapgen.coverage_text import coverage_report
from mapgen.errors import BuildError, ConfigError, MapgenError
from mapgen.messages import cli_text, describe, format_report, report_language
from mapgen.project import load_project
from mapgen.public import public_coverage, report_problems
from mapgen.render import project_words
from mapgen.render.basemaps import basemap_note
from mapgen.serve import SiteServer
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
            click.echo(format_report(exc.problems, exc.lang), err=True)
            click.secho(cli_text("config_failed", exc.lang), fg="red", err=True)
            sys.exit(EXIT_CONFIG)
        except BuildError as exc:
            click.echo(format_report(exc.problems, exc.lang), err=True)
            errors = sum(1 for p in exc.problems if p.is_error)
            click.secho(cli_text("build_failed", exc.lang, errors=errors), fg="red", err=True)
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
    help="Output folder (default: site/ beside mapgen.toml). It is replaced whole, so it "
    "must be missing, empty, or a site mapgen built for the same audience with nothing "
    "added; otherwise mapgen refuses (exit 3) and names what is in the way.",
)
@click.option(
    "--report-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the problem report (default: beside mapgen.toml; never inside or "
    "beside the output folder).",
)
@strict_option
@quiet_option
@audience_option
@_handle_errors
def build(
    project: Path,
    out: Path | None,
    report_dir: Path | None,
    strict: bool,
    quiet: bool,
    audience: str,
) -> None:
    """Build the site of PROJECT (default: the current folder)."""
    result = build_site(
        project, out, strict=strict, progress=not quiet, audience=audience, report_dir=report_dir
    )
    lang = report_language(result.project.config)
    if result.report is not None and not quiet:
        problems = report_problems(result.project)
        click.echo(format_report(problems, lang, built=True), err=True)
        click.echo(cli_text("report_saved", lang, path=result.report), err=True)
    if result.changes is not None and not quiet:
        click.echo(result.changes.text(lang), err=True, nl=False)
    note = basemap_note(result.project.config.site)
    if note and not quiet:
        click.secho(note, fg="yellow", err=True)
    if not quiet:
        coverage = result.coverage
        click.echo(
            cli_text(
                "built", lang, files=result.files, kib=f"{result.bytes / 1024:.0f}", out=result.out
            )
        )
        if coverage is not None:
            click.echo(
                cli_text(
                    "coverage",
                    lang,
                    covered=coverage.covered,
                    total=coverage.townships,
                    share=formats.share(coverage.coverage),
                )
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
    result = public_coverage(loaded)
    if result is None:
        raise BuildError(loaded.problems, lang=report_language(loaded.config))
    if fmt == "json":
        click.echo(result.to_json_text(), nl=False)
    elif fmt == "csv":
        click.echo(result.to_csv_text(), nl=False)
    else:
        lang = report_language(loaded.config)
        words = project_words(loaded)  # the site's own words: 村 / villages, not 街镇
        click.echo(coverage_report(result, loaded.categories, lang, words))
    if loaded.errors:
        click.echo(format_report(loaded.errors, report_language(loaded.config)), err=True)
        sys.exit(EXIT_INPUT)


@main.command()
@project_argument
@click.option("-o", "--out", type=click.Path(path_type=Path), help="Output folder.")
@click.option("-p", "--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@click.option(
    "--watch",
    is_flag=True,
    help="Rebuild when mapgen.toml, a layer file or a template changes, and reload open "
    "pages; a build's problems show in the terminal and over the page.",
)
@quiet_option
@_handle_errors
def serve(
    project: Path, out: Path | None, port: int, open_browser: bool, watch: bool, quiet: bool
) -> None:
    """Build PROJECT and serve the site on 127.0.0.1 for a preview.

    Only files inside the site folder are served: a symbolic link leading out of it is
    refused (403).
    """
    if watch:
        from mapgen.preview import serve_preview

        serve_preview(project, out, port=port, open_browser=open_browser, echo=click.echo)
        return
    result = build_site(project, out, progress=not quiet)
    lang = report_language(result.project.config)
    if result.report is not None and not quiet:
        click.echo(format_report(report_problems(result.project), lang, built=True), err=True)
        click.echo(cli_text("report_saved", lang, path=result.report), err=True)
    server = SiteServer(result.out, port)
    click.echo(cli_text("serving", lang, root=server.root, url=server.url))
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(server.url,)).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo(cli_text("stopped", lang))
    finally:
        server.close()


@main.command()
@project_argument
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The poster file: .png (an image, e.g. for WeChat) or .pdf (for print).",
)
@click.option(
    "--layout",
    type=click.Choice(["a3", "a4", "phone", "card"]),
    default="a3",
    show_default=True,
    help="a3 or a4: a printed poster; phone: a 1080 px wide long image for WeChat articles "
    "and Moments; card: one A6 card per station for noticeboards (PDF).",
)
@quiet_option
@_handle_errors
def poster(project: Path, out: Path, layout: str, quiet: bool) -> None:
    """Draw a poster of PROJECT: the map, coverage, every station and QR codes."""
    from mapgen.fonts import FontNotFoundError
    from mapgen.poster import PosterError, make_poster

    loaded = load_project(project)
    lang = report_language(loaded.config)
    if loaded.errors:
        raise BuildError(loaded.problems, lang=lang)
    try:
        result = make_poster(loaded, out, layout=layout)
    except (FontNotFoundError, PosterError) as exc:
        click.secho(f"mapgen: {exc}", fg="red", err=True)
        sys.exit(EXIT_CONFIG)
    if not quiet:
        for item in result.problems:
            label = "注意：" if lang == "zh-CN" else "Note: "
            click.secho(label + describe(item, lang, with_file=False), fg="yellow", err=True)
    if not quiet:
        pages = f", {result.pages} pages" if result.pages > 1 else ""
        click.echo(f"Poster saved to {result.path} ({result.bytes / 1024:.0f} KiB{pages})")


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
    from mapgen.demo import new_project

    new_project(directory)
    click.echo(
        f"Created {directory}. Edit the files in {directory / 'layers'} and "
        f"{directory / 'mapgen.toml'}, then run: mapgen build {directory}"
    )


__all__ = ["default_output", "main"]
