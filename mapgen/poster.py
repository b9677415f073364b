"""Posters: the map, its coverage and every station on one page, for print and WeChat.

WeChat shares no card for a static site; what people pass on is an image with a QR code.
:func:`make_poster` draws the project's own boundaries (no basemap, so no network),
townships shaded by coverage, numbered stations, the station list with a QR code to each
station's page, and a QR code to the site. PDF keeps the map and the text as vectors with
the Chinese font's used glyphs embedded; PNG is at least 2,000 px on its long side. Both
are byte-identical for identical inputs: no dates, ids or software tags are written.

Stations reach the poster only through :func:`mapgen.public.public_data`, so a field the
config does not publish cannot be printed either.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import io
import math
import os
import re
import tempfile
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import segno
import shapely

from mapgen import i18n
from mapgen.errors import MapgenError
from mapgen.fonts import Font, find_font
from mapgen.footer import footer
from mapgen.messages import problem
from mapgen.pagenames import page_path
from mapgen.problems import Problem, Severity
from mapgen.project import Project
from mapgen.public import public_data

MM = 1 / 25.4
MIN_PIXELS = 2000  # the long side of every PNG, at least
MAX_LABELS = 80  # township labels on the map, at most
FORMATS = (".png", ".pdf")


@dataclass(frozen=True)
class Layout:
    """A page: its size in inches (height None: grows with the list), resolution, type."""

    name: str
    width: float
    height: float | None
    dpi: int  # PNG pixels per inch: the long side is at least 2,000 px
    scale: float  # type sizes relative to A3
    columns: int  # of the station list
    max_height: float | None = None  # a long image: the list is cut below this


LAYOUTS = {
    "a3": Layout("a3", 297 * MM, 420 * MM, 150, 1.0, 2),
    "a4": Layout("a4", 210 * MM, 297 * MM, 220, 0.72, 2),
    # WeChat articles and Moments: 1,080 px wide, as long as the list needs.
    "phone": Layout("phone", 3.6, None, 300, 0.5, 1, max_height=16000 / 300),
    "card": Layout("card", 105 * MM, 148 * MM, 300, 0.8, 1),
}

# Type sizes in points on A3; other layouts multiply by their scale.
SIZES = {
    "title": 40.0,
    "subtitle": 20.0,
    "headline": 24.0,
    "notice": 12.0,
    "name": 15.0,
    "body": 12.0,
    "small": 9.5,
    "label": 10.0,
    "marker": 8.5,
}
LINE = 1.32  # line height in ems
INK = "#1a202c"
GREY = "#4a5568"


class PosterError(MapgenError):
    """The poster cannot be made as asked (a format or layout that does not exist)."""


@dataclass(frozen=True)
class PosterStation:
    """One numbered station as the poster prints it, in the poster's language."""

    number: int
    id: str
    name: str
    details: tuple[str, ...]  # venue or address, hours, services, phone: what is public
    url: str  # its page on the site; "" without site.base_url
    lon: float
    lat: float


@dataclass(frozen=True)
class PosterContent:
    """Everything a poster says, already cut to what may be published."""

    lang: str
    title: str
    subtitle: str
    notice: str
    headline: str
    site_url: str
    townships: gpd.GeoDataFrame  # WGS84, with "label" and "covered"
    stations: tuple[PosterStation, ...]
    colors: dict[str, str]
    attribution: str
    footer_lines: tuple[str, ...]
    logo: Path | None
    strings: dict[str, str] = field(repr=False)


@dataclass(frozen=True)
class PosterResult:
    """What :func:`make_poster` wrote and what the officer should check."""

    path: Path
    pages: int
    bytes: int
    problems: tuple[Problem, ...]


def poster_content(project: Project) -> tuple[PosterContent, list[Problem]]:
    """What the poster says, in the site's first language, from the public data only.

    Example::

        >>> content, problems = poster_content(load_project("."))   # doctest: +SKIP
        >>> content.stations[0].number, content.stations[0].name    # doctest: +SKIP
        (1, '嘉定工业区精神健康社工站')
    """
    config = project.config
    site = config.site
    lang = site.languages[0]
    from mapgen.render import project_words  # the site's own words: 乡镇, 村 …
    from mapgen.render.mapdata import is_large

    t = i18n.strings(lang, project_words(project))
    strings = i18n.PUBLISHING_STRINGS[lang]
    data = public_data(project)
    problems: list[Problem] = []
    base = site.base_url.rstrip("/") + "/" if site.base_url else ""
    if not base:
        problems.append(problem("poster-no-base-url", Severity.WARNING, "mapgen.toml"))
    categories = {c["id"]: i18n.pick(c, "name", lang).text for c in data.categories}
    ordered = sorted(data.stations, key=lambda s: (s["township_id"], s["id"]))
    drawn = is_large(len(data.townships), len(data.stations))  # pages drawn from data
    stations = []
    for number, record in enumerate(ordered, start=1):
        place = i18n.pick(record, "venue", lang).text or i18n.pick(record, "address", lang).text
        address = i18n.pick(record, "address", lang).text
        details = [place]
        if address and address != place:
            details.append(address)
        hours = i18n.pick(record, "hours", lang).text
        if hours:
            details.append(strings["label"].format(label=t["hours"], value=hours))
        services = [categories.get(s["category"], s["category"]) for s in record["services"]]
        if services:
            joined = strings["list_sep"].join(dict.fromkeys(services))
            details.append(strings["label"].format(label=t["services"], value=joined))
        if record.get("phone"):
            details.append(strings["label"].format(label=t["phone"], value=record["phone"]))
        page = i18n.prefix(lang, site.languages) + page_path(
            "stations", record["slug"], drawn=drawn
        )
        stations.append(
            PosterStation(
                number=number,
                id=record["id"],
                name=i18n.pick(record, "name", lang).text or record["id"],
                details=tuple(d for d in details if d),
                url=base + page if base else "",
                lon=record["lon"],
                lat=record["lat"],
            )
        )
    townships = project.townships[["id", "geometry"]].copy()
    by_id = {t["id"]: t for t in data.townships}
    townships["label"] = [i18n.pick(by_id[c], "name", lang).text for c in townships["id"]]
    townships["covered"] = [by_id[c]["covered"] for c in townships["id"]]
    coverage = project.coverage
    covered = int(coverage.covered) if coverage is not None else 0
    total = int(coverage.townships) if coverage is not None else len(townships)
    headline = t["covered_summary"].format(
        covered=covered, total=total, share=f"{covered / total:.0%}" if total else "—"
    )
    notes = footer(site, lang)
    attribution = strings["map_source"]
    if notes.map_approval:
        attribution += " · " + notes.map_approval
    logo = config.path(site.logo) if site.logo else None
    if logo is not None and logo.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        problems.append(
            problem("poster-logo-unsupported", Severity.WARNING, "mapgen.toml", logo=site.logo)
        )
        logo = None
    en = lang == "en"
    content = PosterContent(
        lang=lang,
        title=(site.title_en if en and site.title_en else site.title),
        subtitle=(site.subtitle_en if en and site.subtitle_en else site.subtitle),
        notice=(site.notice_en if en and site.notice_en else site.notice),
        headline=headline,
        site_url=base,
        townships=townships,
        stations=tuple(stations),
        colors={
            "covered": site.colors.covered,
            "uncovered": site.colors.uncovered,
            "station": site.colors.station,
        },
        attribution=attribution,
        footer_lines=tuple(
            line for line in (base, notes.updated, notes.contact, notes.icp, t["made_with"]) if line
        ),
        logo=logo,
        strings={**t, **strings},
    )
    return content, problems


def make_poster(
    project: Project,
    out: str | Path,
    *,
    layout: str = "a3",
    font: Font | None = None,
) -> PosterResult:
    """Draw the poster of ``project`` into ``out`` (``.png`` or ``.pdf``).

    ``layout`` is ``a3``, ``a4``, ``phone`` or ``card`` (one A6 card per station, PDF only).
    Raises :class:`PosterError` for a format or layout that does not exist and
    :class:`mapgen.fonts.FontNotFoundError` when no font with Chinese characters is found.

    Example::

        >>> result = make_poster(load_project("."), "poster.pdf")   # doctest: +SKIP
        >>> result.pages                                             # doctest: +SKIP
        1
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise PosterError(
            f"{out.name}: a poster is a .png or a .pdf file; name it e.g. poster.png or poster.pdf."
        )
    if layout not in LAYOUTS:
        raise PosterError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}.")
    if layout == "card" and suffix != ".pdf":
        raise PosterError(
            "--layout card makes one A6 page per station in one PDF: name the output "
            "e.g. cards.pdf."
        )
    if layout == "card" and not len(project.placed_stations):
        raise PosterError("there are no stations on the map, so there are no cards to make.")
    site = project.config.site
    if font is None:
        font = find_font(project.config.path(site.font) if site.font else None)
    content, problems = poster_content(project)
    missing = font.missing(_all_text(content))
    if missing:
        problems.append(
            problem(
                "poster-glyphs-missing",
                Severity.WARNING,
                "mapgen.toml",
                font=font.path.name,
                chars=missing,
            )
        )
    figures, more = draw(content, LAYOUTS[layout], font)
    if more:
        problems.append(
            problem(
                "poster-list-cut",
                Severity.WARNING,
                "mapgen.toml",
                variant="long" if LAYOUTS[layout].height is None else "",
                total=len(content.stations),
                shown=len(content.stations) - more,
                layout=layout.upper(),
            )
        )
    data = _save(figures, suffix, LAYOUTS[layout].dpi)
    _write_atomically(out, data)
    return PosterResult(out, len(figures), len(data), tuple(problems))


def _all_text(content: PosterContent) -> str:
    parts = [content.title, content.subtitle, content.notice, content.headline]
    parts += [content.attribution, *content.footer_lines, *content.townships["label"]]
    for station in content.stations:
        parts += [station.name, *station.details]
    parts += [content.strings[k] for k in ("scan_site", "scan_station", "stations_heading")]
    return "".join(parts)


# --- drawing ----------------------------------------------------------------------------
Op = Callable[[Any, float], None]  # draws on a figure, given the figure's height in inches


class Sheet:
    """Lays out one page from the top down in inches; draws once the height is known."""

    def __init__(self, layout: Layout, font: Font) -> None:
        from matplotlib.font_manager import FontPath, FontProperties

        self.layout = layout
        self.width = layout.width
        self.margin = 0.55 * (layout.scale if layout.name != "phone" else 0.6)
        self.face = FontPath(str(font.path), font.face)
        bold = font.bold or (font.path, font.face)
        self.bold_face = FontPath(str(bold[0]), bold[1])
        self.font = FontProperties(fname=self.face)
        self.bold = FontProperties(fname=self.bold_face)
        self.ops: list[Op] = []
        self.y = self.margin

    def blank(self) -> Sheet:
        """A sheet with the same page and fonts and nothing on it, to measure a block."""
        other = copy.copy(self)
        other.ops = []
        return other

    def size(self, kind: str) -> float:
        return SIZES[kind] * self.layout.scale

    def line_height(self, kind: str) -> float:
        return self.size(kind) / 72 * LINE

    def em(self, text: str, *, bold: bool = False) -> float:
        """The advance width of ``text`` in ems, from the font's own glyph metrics."""
        face = self.bold_face if bold else self.face
        return sum(_glyph_advance(face, char) for char in text)

    def wrap(self, text: str, kind: str, width: float, *, bold: bool = False) -> list[str]:
        """Greedy line breaking: between Chinese characters, at spaces and after hyphens,
        and never before closing punctuation; a word longer than the line is split."""
        em = self.size(kind) / 72
        lines: list[str] = []
        for paragraph in text.splitlines() or [""]:
            line, used = "", 0.0
            for token in _TOKENS.findall(paragraph):
                advance = em * self.em(token, bold=bold)
                if used + advance > width and line.strip() and token not in NO_LINE_START:
                    # An opening quote or bracket goes down with what it opens.
                    kept = line.rstrip(NO_LINE_END)
                    lines.append(kept.rstrip() or line.rstrip())
                    line = line[len(kept) :] if kept.strip() else ""
                    used = em * self.em(line, bold=bold)
                if not line and token.isspace():
                    continue
                if advance > width:  # longer than a line: split it where it must
                    for char in token:
                        step = em * self.em(char, bold=bold)
                        if used + step > width and line:
                            lines.append(line)
                            line, used = "", 0.0
                        line += char
                        used += step
                    continue
                line += token
                used += advance
            lines.append(line.rstrip())
        return lines

    def text_block(
        self,
        text: str,
        kind: str,
        x: float,
        top: float,
        width: float,
        *,
        color: str = INK,
        bold: bool = False,
    ) -> float:
        """Wrapped text from ``top``; returns its height."""
        lines = self.wrap(text, kind, width, bold=bold)
        size, height = self.size(kind), self.line_height(kind)
        font = self.bold if bold else self.font
        for number, line in enumerate(lines):
            baseline = top + number * height

            def op(fig: Any, total: float, line: str = line, baseline: float = baseline) -> None:
                fig.text(
                    x,
                    total - baseline,
                    line,
                    transform=fig.dpi_scale_trans,
                    fontproperties=font,
                    fontsize=size,
                    color=color,
                    va="top",
                    ha="left",
                )

            self.ops.append(op)
        return len(lines) * height

    def qr(self, url: str, x: float, top: float, size: float) -> None:
        """A QR code as filled squares (vectors in PDF, crisp pixels in PNG)."""
        rows = _qr_modules(url)
        count = len(rows)
        module = size / count

        def op(fig: Any, total: float) -> None:
            from matplotlib.collections import PolyCollection

            squares = []
            for r, row in enumerate(rows):
                c = 0
                while c < count:
                    if not row[c]:
                        c += 1
                        continue
                    start = c
                    while c < count and row[c]:
                        c += 1
                    x0, x1 = x + start * module, x + c * module
                    y1 = total - top - r * module
                    y0 = y1 - module
                    squares.append([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
            background = [[(x, total - top - size), (x + size, total - top - size)]]
            background[0] += [(x + size, total - top), (x, total - top)]
            fig.add_artist(
                PolyCollection(
                    background,
                    facecolors="white",
                    edgecolors="none",
                    transform=fig.dpi_scale_trans,
                )
            )
            fig.add_artist(
                PolyCollection(
                    squares,
                    facecolors="black",
                    edgecolors="none",
                    antialiaseds=False,
                    transform=fig.dpi_scale_trans,
                )
            )

        self.ops.append(op)

    def figure(self, height: float) -> Any:
        from matplotlib.figure import Figure

        fig = Figure(figsize=(self.width, height), facecolor="white")
        for op in self.ops:
            op(fig, height)
        return fig


@functools.lru_cache(maxsize=4096)
def _qr_modules(url: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code of ``url`` (error correction M, quiet zone of 4) as rows of modules."""
    code = segno.make(url, error="m", micro=False)
    return tuple(tuple(bool(m) for m in row) for row in code.matrix_iter(border=4))


# Runs of Latin letters and digits (split after hyphens), runs of spaces, or one character.
_TOKENS = re.compile(r"[^\s\u2e80-\uffff-]+-?|-|\s+|.", re.S)
# Punctuation that never begins a line (禁则): it stays at the end of the line before.
NO_LINE_START = frozenset("，。、；：？！）」』】〉》”’,.;:?!)]}%")
NO_LINE_END = "（「『【〈《“‘([{"  # …and these never end one


@functools.lru_cache(maxsize=65536)
def _glyph_advance(face: Any, char: str) -> float:
    """A character's advance width in ems (hinting off, as the PDF draws it)."""
    from matplotlib.font_manager import get_font
    from matplotlib.ft2font import LoadFlags

    font = get_font(face)
    font.set_size(100, 72)
    index = font.get_char_index(ord(char))
    if not index:
        return 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.6
    return font.load_glyph(index, flags=LoadFlags.NO_HINTING).linearHoriAdvance / 65536 / 100


def draw(content: PosterContent, layout: Layout, font: Font) -> tuple[list[Any], int]:
    """The poster's figures (one per page), and how many stations did not fit."""
    if layout.name == "card":
        return [_card(content, station, layout, font) for station in content.stations], 0
    return _poster(content, layout, font)


def _poster(content: PosterContent, layout: Layout, font: Font) -> tuple[list[Any], int]:
    sheet = Sheet(layout, font)
    m, width = sheet.margin, layout.width - 2 * sheet.margin
    strings = content.strings
    # Header: logo, title and subtitle; the site's QR code on the right.
    qr_size = (1.45 if layout.name != "phone" else 0.95) * max(layout.scale, 0.72)
    qr_room = qr_size + 0.2 if content.site_url else 0.0
    left = m
    if content.logo is not None:
        logo_size = sheet.line_height("title") * 1.6
        _logo(sheet, content.logo, m, sheet.y, logo_size)
        left += logo_size + 0.15
    text_width = layout.width - m - left - qr_room
    top = sheet.y
    height = sheet.text_block(content.title, "title", left, top, text_width, bold=True)
    if content.subtitle:
        height += 0.05 + sheet.text_block(
            content.subtitle, "subtitle", left, top + height + 0.05, text_width, color=GREY
        )
    if content.site_url:
        sheet.qr(content.site_url, layout.width - m - qr_size, top, qr_size)
        caption = sheet.text_block(
            strings["scan_site"],
            "small",
            layout.width - m - qr_size,
            top + qr_size + 0.03,
            qr_size + 0.2,
            color=GREY,
        )
        height = max(height, qr_size + 0.03 + caption)
    sheet.y = top + height + 0.18 * layout.scale
    sheet.y += sheet.text_block(
        content.headline, "headline", m, sheet.y, width, color=content.colors["station"], bold=True
    )
    if content.notice:
        sheet.y += 0.06 + sheet.text_block(
            content.notice, "notice", m, sheet.y + 0.06, width, color=GREY
        )
    sheet.y += 0.15 * layout.scale
    # The map, as tall as its shape asks within a share of the page.
    bounds = _projected(content.townships).total_bounds
    aspect = (bounds[3] - bounds[1]) / max(bounds[2] - bounds[0], 1e-9)
    limit = (layout.height or layout.width * 1.6) * (0.42 if layout.height else 1.0)
    map_height = min(width * aspect, limit)
    _map(sheet, content, m, sheet.y, width, map_height)
    sheet.y += map_height + 0.08
    sheet.y += _legend(sheet, content, m, sheet.y, width)
    sheet.y += 0.05 + sheet.text_block(
        content.attribution, "small", m, sheet.y + 0.05, width, color=GREY
    )
    sheet.y += 0.2 * layout.scale
    # The station list, in columns, shrunk to fit a fixed page or cut with a note.
    footer_height = _footer_height(sheet, content, width)
    heading = strings["stations_heading"].format(count=len(content.stations))
    sheet.y += sheet.text_block(heading, "name", m, sheet.y, width, bold=True) + 0.08
    limit = layout.height or layout.max_height or math.inf
    available = limit - sheet.margin - footer_height - sheet.y
    more = _station_list(sheet, content, m, sheet.y, width, available)
    # A long image is never shorter than MIN_PIXELS, however few the stations.
    height = layout.height or max(
        sheet.y + 0.2 + footer_height + sheet.margin, MIN_PIXELS / layout.dpi
    )
    _footer(sheet, content, m, height - sheet.margin - footer_height, width)
    return [sheet.figure(height)], more


def _logo(sheet: Sheet, path: Path, x: float, top: float, size: float) -> None:
    from PIL import Image

    with Image.open(path) as image:
        pixels = np.asarray(image.convert("RGBA"))
    ratio = pixels.shape[1] / pixels.shape[0]
    width, height = (size, size / ratio) if ratio >= 1 else (size * ratio, size)

    def op(fig: Any, total: float) -> None:
        box = fig.add_axes(
            (x / sheet.width, (total - top - height) / total, width / sheet.width, height / total)
        )
        box.imshow(pixels, interpolation="lanczos")
        box.set_axis_off()

    sheet.ops.append(op)


def _projected(townships: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Townships in metres around their own centre, so the scale bar is true."""
    lon, lat = np.asarray(townships.to_crs(4326).union_all().centroid.coords[0])
    crs = f"+proj=aeqd +lat_0={lat:.4f} +lon_0={lon:.4f} +datum=WGS84 +units=m +no_defs"
    return townships.to_crs(crs)


def _map(
    sheet: Sheet, content: PosterContent, x: float, top: float, width: float, height: float
) -> None:
    from matplotlib import patheffects

    townships = _projected(content.townships)
    stations = gpd.GeoSeries(
        gpd.points_from_xy([s.lon for s in content.stations], [s.lat for s in content.stations]),
        crs=4326,
    ).to_crs(townships.crs)
    colors = content.colors
    fills = [colors["covered"] if c else colors["uncovered"] for c in townships["covered"]]
    anchors = shapely.point_on_surface(townships.geometry.values)
    # Many townships: smaller labels; very many: none (the list and the site name them).
    label_size = sheet.size("label") * min(1.0, math.sqrt(24 / max(len(townships), 1)))
    labels = list(zip(anchors, townships["label"], strict=True))
    if len(labels) > MAX_LABELS:
        labels = []
    marker_size = sheet.size("marker") * max(0.55, min(1.0, math.sqrt(30 / max(len(stations), 1))))
    halo = [patheffects.withStroke(linewidth=2.2 * sheet.layout.scale + 0.8, foreground="white")]
    north = content.strings["north"]
    km = content.strings["km"]

    def op(fig: Any, total: float) -> None:
        ax = fig.add_axes(
            (x / sheet.width, (total - top - height) / total, width / sheet.width, height / total)
        )
        ax.set_axis_off()
        townships.plot(
            ax=ax, color=fills, edgecolor="white", linewidth=1.2 * sheet.layout.scale, alpha=0.55
        )
        (x0, x1), (y0, y1) = _map_limits(townships.total_bounds, width / height)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        for point, label in labels:
            ax.text(
                point.x,
                point.y,
                label,
                fontproperties=sheet.font,
                fontsize=label_size,
                color=INK,
                ha="center",
                va="center",
                path_effects=halo,
                zorder=3,
            )
        if len(stations):
            ax.scatter(
                stations.x,
                stations.y,
                s=(marker_size * 2.3) ** 2,
                color=colors["station"],
                edgecolors="white",
                linewidths=1.0,
                zorder=4,
            )
            for station, point in zip(content.stations, stations, strict=True):
                ax.text(
                    point.x,
                    point.y,
                    str(station.number),
                    fontproperties=sheet.bold,
                    fontsize=marker_size,
                    color="white",
                    ha="center",
                    va="center",
                    zorder=5,
                )
        _scale_bar(ax, sheet, km)
        ax.annotate(
            north,
            xy=(0.96, 0.97),
            xytext=(0.96, 0.86),
            xycoords="axes fraction",
            ha="center",
            va="center",
            fontproperties=sheet.bold,
            fontsize=sheet.size("body"),
            color=INK,
            arrowprops={"arrowstyle": "-|>", "color": INK, "lw": 1.5 * sheet.layout.scale},
        )

    sheet.ops.append(op)


def _map_limits(
    bounds: np.ndarray, box_ratio: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Limits around ``bounds`` (with a margin) whose width / height is ``box_ratio``, so
    one metre is as long across as up in a box of that shape.

    >>> _map_limits(np.array([0, 0, 100, 100]), 2.0)
    ((-56.0, 156.0), (-3.0, 103.0))
    """
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    pad = 0.03 * max(maxx - minx, maxy - miny)
    minx, miny, maxx, maxy = minx - pad, miny - pad, maxx + pad, maxy + pad
    width, height = maxx - minx, maxy - miny
    if width / height < box_ratio:
        grow = (height * box_ratio - width) / 2
        minx, maxx = minx - grow, maxx + grow
    else:
        grow = (width / box_ratio - height) / 2
        miny, maxy = miny - grow, maxy + grow
    return (minx, maxx), (miny, maxy)


def _scale_bar(ax: Any, sheet: Sheet, km: str) -> None:
    from matplotlib.patches import Rectangle

    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    length = _nice_length((x1 - x0) / 5)
    left, bottom = x0 + 0.03 * (x1 - x0), y0 + 0.04 * (y1 - y0)
    thick = 0.008 * (y1 - y0)
    for i in range(2):
        ax.add_patch(
            Rectangle(
                (left + i * length / 2, bottom),
                length / 2,
                thick,
                facecolor=INK if i == 0 else "white",
                edgecolor=INK,
                linewidth=0.8,
                zorder=6,
            )
        )
    value = f"{length / 1000:g}" if length >= 1000 else f"{length / 1000:.1f}"
    for offset, text in ((0, "0"), (length, km.format(value=value))):
        ax.text(
            left + offset,
            bottom + thick * 2,
            text,
            fontproperties=sheet.font,
            fontsize=sheet.size("small"),
            ha="center",
            va="bottom",
            color=INK,
            zorder=6,
        )


def _nice_length(metres: float) -> float:
    """1, 2 or 5 times a power of ten, at most ``metres``.

    >>> _nice_length(3700), _nice_length(180)
    (2000.0, 100.0)
    """
    power = 10 ** math.floor(math.log10(max(metres, 1)))
    return float(max(step * power for step in (1, 2, 5) if step * power <= metres))


def _legend(sheet: Sheet, content: PosterContent, x: float, top: float, width: float) -> float:
    strings, colors = content.strings, content.colors
    size = sheet.line_height("body")
    box = size * 0.75
    items = [
        (colors["covered"], strings["covered"], "square"),
        (colors["uncovered"], strings["uncovered"], "square"),
        (colors["station"], strings["station"], "circle"),
    ]
    cursor = x
    for color, label, shape in items:

        def op(
            fig: Any, total: float, cursor: float = cursor, color: str = color, shape: str = shape
        ) -> None:
            from matplotlib.patches import Circle, Rectangle

            y = total - top - box
            patch: Any
            if shape == "square":
                patch = Rectangle(
                    (cursor, y), box, box, facecolor=color, alpha=0.55, edgecolor="none"
                )
            else:
                patch = Circle((cursor + box / 2, y + box / 2), box / 2, facecolor=color)
            patch.set_transform(fig.dpi_scale_trans)
            fig.add_artist(patch)

        sheet.ops.append(op)
        sheet.text_block(label, "body", cursor + box + 0.08, top - size * 0.08, width)
        cursor += box + 0.08 + sheet.size("body") / 72 * sheet.em(label) + 0.35
    return size


def _entry(sheet: Sheet, station: PosterStation, width: float, qr: float) -> tuple[float, list[Op]]:
    """One station of the list, measured: its height and the ops that draw it at (0, 0)."""
    badge = sheet.line_height("name")
    text_x = badge + 0.08
    text_width = width - text_x - (qr + 0.12 if station.url else 0)
    scratch = sheet.blank()
    height = scratch.text_block(station.name, "name", text_x, 0, text_width, bold=True)
    for detail in station.details:
        height += scratch.text_block(detail, "body", text_x, height, text_width, color=GREY)
    if station.url:
        scratch.qr(station.url, width - qr, 0, qr)
        height = max(height, qr)
    return height, scratch.ops


def _station_list(
    sheet: Sheet,
    content: PosterContent,
    x: float,
    top: float,
    width: float,
    available: float,
) -> int:
    """Lay out the numbered list; shrink type to fit a fixed page, else cut. Returns the cut."""
    columns = sheet.layout.columns
    gap = 0.3 * sheet.layout.scale
    column_width = (width - gap * (columns - 1)) / columns
    base_scale = sheet.layout.scale
    stations = list(content.stations)
    chosen: tuple[list[tuple[float, list[Op]]], int, list[list[int]]] | None = None
    # A page shrinks its type to fit; a long image grows instead, up to its limit.
    factors = (1.0, 0.9, 0.8, 0.7, 0.6) if sheet.layout.height else (1.0,)
    for factor in factors:
        sheet.layout = _with_scale(sheet.layout, base_scale * factor)
        qr = 0.85 * sheet.layout.scale if content.site_url else 0.0
        entries = [_entry(sheet, s, column_width, qr) for s in stations]
        spacing = 0.16 * sheet.layout.scale
        placement = _columns([h + spacing for h, _ in entries], columns, available)
        placed = sum(len(c) for c in placement)
        if placed == len(stations) or factor == factors[-1]:
            chosen = (entries, len(stations) - placed, placement)
            if placed == len(stations):
                break
    assert chosen is not None
    entries, more, placement = chosen
    spacing = 0.16 * sheet.layout.scale
    if more:
        # Make room for the closing note by dropping the last placed station(s).
        note = content.strings["more_on_site"]
        note_height = sheet.line_height("body") + spacing
        while placement[-1]:
            used = sum(entries[i][0] + spacing for i in placement[-1])
            if used + note_height <= available:
                break
            placement[-1].pop()
            more += 1
    bottom = top
    for column, indexes in enumerate(placement):
        left = x + column * (column_width + gap)
        y = top
        for i in indexes:
            height, ops = entries[i]
            _badge(sheet, content, stations[i].number, left, y)
            for op in ops:
                sheet.ops.append(_shifted(op, left, y))
            y += height + spacing
        bottom = max(bottom, y)
    if more:
        left = x + (len(placement) - 1) * (column_width + gap)
        y = top + sum(entries[i][0] + spacing for i in placement[-1])
        bottom = max(
            bottom, y + sheet.text_block(note.format(count=more), "body", left, y, column_width)
        )
    sheet.layout = _with_scale(sheet.layout, base_scale)
    sheet.y = bottom
    return more


def _with_scale(layout: Layout, scale: float) -> Layout:
    return dataclasses.replace(layout, scale=scale)


def _columns(heights: list[float], columns: int, available: float) -> list[list[int]]:
    """Indexes per column, each filled top to bottom up to ``available``.

    >>> _columns([1, 1, 1], 2, 2.5)
    [[0, 1], [2]]
    >>> _columns([1, 1, 1], 2, 1.5)
    [[0], [1]]
    """
    return _fill(heights, columns, available)[0]


def _fill(
    heights: list[float], columns: int, available: float
) -> tuple[list[list[int]], list[int]]:
    result: list[list[int]] = [[] for _ in range(columns)]
    placed: list[int] = []
    column, used = 0, 0.0
    for i, height in enumerate(heights):
        if used + height > available + 1e-9 and result[column]:
            column, used = column + 1, 0.0
        if column >= columns or used + height > available + 1e-9:
            break
        result[column].append(i)
        placed.append(i)
        used += height
    return result, placed


def _shifted(op: Op, dx: float, dy: float) -> Op:
    """An op drawn with its origin moved to (dx, dy) from the top left."""

    def moved(fig: Any, total: float) -> None:
        from matplotlib.transforms import ScaledTranslation

        shift = ScaledTranslation(dx, -dy, fig.dpi_scale_trans)
        texts, artists = len(fig.texts), len(fig.artists)
        op(fig, total)
        for artist in [*fig.texts[texts:], *fig.artists[artists:]]:
            artist.set_transform(artist.get_transform() + shift)

    return moved


def _badge(sheet: Sheet, content: PosterContent, number: int, x: float, top: float) -> None:
    size = sheet.line_height("name")
    font_size = sheet.size("marker") * 1.15
    bold = sheet.bold
    color = content.colors["station"]

    def op(fig: Any, total: float) -> None:
        from matplotlib.patches import Circle

        centre = (x + size / 2, total - top - size / 2)
        fig.add_artist(Circle(centre, size * 0.46, facecolor=color, transform=fig.dpi_scale_trans))
        fig.text(
            *centre,
            str(number),
            transform=fig.dpi_scale_trans,
            fontproperties=bold,
            fontsize=font_size,
            color="white",
            ha="center",
            va="center",
        )

    sheet.ops.append(op)


def _footer_height(sheet: Sheet, content: PosterContent, width: float) -> float:
    text = "   ".join(content.footer_lines)
    return len(sheet.wrap(text, "small", width)) * sheet.line_height("small")


def _footer(sheet: Sheet, content: PosterContent, x: float, top: float, width: float) -> None:
    sheet.text_block("   ".join(content.footer_lines), "small", x, top, width, color=GREY)


def _card(content: PosterContent, station: PosterStation, layout: Layout, font: Font) -> Any:
    """One A6 card: the station's number and name, details, and a large QR code."""
    sheet = Sheet(layout, font)
    m, width = sheet.margin, layout.width - 2 * sheet.margin
    assert layout.height is not None
    sheet.y += sheet.text_block(content.title, "small", m, sheet.y, width, color=GREY) + 0.1
    _badge(sheet, content, station.number, m, sheet.y)
    badge = sheet.line_height("name")
    sheet.y += sheet.text_block(
        station.name, "name", m + badge + 0.08, sheet.y, width - badge - 0.08, bold=True
    )
    sheet.y += 0.1
    for detail in station.details:
        sheet.y += sheet.text_block(detail, "body", m, sheet.y, width)
    if station.url:
        size = min(width * 0.62, layout.height - sheet.y - m - 0.45)
        if size > 0.6:
            top = layout.height - m - 0.3 - size
            sheet.qr(station.url, (layout.width - size) / 2, top, size)
            sheet.text_block(
                content.strings["scan_station"],
                "small",
                (layout.width - size) / 2,
                top + size + 0.04,
                size,
                color=GREY,
            )
    return sheet.figure(layout.height)


def _save(figures: list[Any], suffix: str, dpi: int) -> bytes:
    """The figures as one PDF (a page each) or one PNG, without dates or software tags."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # A glyph the font lacks is reported as a problem (poster-glyphs-missing).
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        if suffix == ".png":
            figures[0].savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        else:
            from matplotlib.backends.backend_pdf import PdfPages

            with PdfPages(
                buffer, metadata={"CreationDate": None, "ModDate": None, "Producer": "mapgen"}
            ) as pdf:
                for figure in figures:
                    pdf.savefig(figure)
    return buffer.getvalue()


def _write_atomically(out: Path, data: bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        Path(temporary).chmod(0o644)
        Path(temporary).replace(out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
