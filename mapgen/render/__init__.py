"""Rendering: from a project to the files of its site, all in memory.

``render_site`` yields ``SiteFile`` records; only :func:`mapgen.site.write_site` touches
the disk. Pages are jinja2 templates with autoescape; data reaches the browser as JSON in
``<script type="application/json">`` blocks, read by the page scripts in ``static/`` with ``textContent``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
import posixpath
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup, escape

from mapgen import datum, formats, i18n
from mapgen.coverage import is_open
from mapgen.directions import links as map_links
from mapgen.directions import templates as map_templates
from mapgen.footer import footer
from mapgen.logo import read_logo
from mapgen.pagenames import page_path, slug
from mapgen.project import Project
from mapgen.public import PublicData, nearest_open_stations, public_data
from mapgen.render import downloads, pagedata, sharing
from mapgen.render.basemaps import Basemap, basemap_for
from mapgen.render.files import SiteFile
from mapgen.render.geometry import feature_collection, web_geometries
from mapgen.render.mapdata import MapData, MapInput, dumps
from mapgen.render.views import (
    SiteData,
    StationView,
    category_names,
    station_view,
    township_view,
)
from mapgen.resources import VENDOR_FILES, static_dir, templates_dir, vendor_file
from mapgen.search import search_index


def environment(user_templates: Path | None = None) -> Environment:
    """Jinja environment: the project's ``templates/`` first, built-ins also as ``default:``."""
    builtin = FileSystemLoader(templates_dir())
    loaders: list[Any] = []
    if user_templates is not None and user_templates.is_dir():
        loaders.append(FileSystemLoader(user_templates))
    loaders += [builtin, PrefixLoader({"default": builtin}, delimiter=":")]
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["tojson"] = script_json
    env.filters["text"] = text_html
    env.filters["km"] = formats.km
    env.filters["share"] = formats.share
    env.filters["count"] = formats.count
    return env


def text_html(value: i18n.Text) -> Markup:
    """Data text, escaped; a Chinese fallback on an English page is marked as such."""
    if not value.fallback:
        return escape(value.text)
    return Markup('<span lang="{}">{}</span><span class="fallback">{}</span>').format(
        value.lang, value.text, i18n.STRINGS["en"]["fallback"]
    )


def script_json(value: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return Markup(text)


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:10]


class Assets:
    """The site's JS/CSS/images: copied from pinned npm packages and mapgen's own static/."""

    def __init__(self, project: Project, words: i18n.Words = i18n.WORDS) -> None:
        self.files: dict[str, bytes] = {}
        for package, name in VENDOR_FILES:
            self.files[f"assets/vendor/{package}/{name}"] = vendor_file(package, name).read_bytes()
        for lang in project.config.site.languages:
            # Interface strings once per language, cached by the browser across pages.
            strings = json.dumps(i18n.strings(lang, words), ensure_ascii=False, sort_keys=True)
            self.files[f"assets/strings.{lang}.js"] = (
                f"window.mapgenStrings = {strings};\n"
                f"window.mapgenWeekdays = {json.dumps(i18n.WEEKDAYS[lang], ensure_ascii=False)};\n"
            ).encode()
        for path in sorted(static_dir().iterdir()):
            if path.is_file():
                self.files[f"assets/{path.name}"] = path.read_bytes()
        self.files["assets/theme.css"] = theme_css(project).encode("utf-8")
        if project.config.site.logo:
            # Checked again as it is read: the file may have changed since the config was.
            logo = read_logo(project.config.root, project.config.site.logo)
            self.files[logo.path] = logo.content
        self.versions = {path: _digest(content) for path, content in self.files.items()}

    def add(self, path: str, content: bytes) -> None:
        """A file made from the project's data, e.g. the search index."""
        self.files[path] = content
        self.versions[path] = _digest(content)

    def url(self, path: str) -> str:
        """Site-relative URL with a content-hash query string, so caches never go stale."""
        return f"{path}?v={self.versions[path]}"

    @property
    def logo(self) -> str | None:
        return next((p for p in self.files if p.startswith("assets/logo.")), None)


# Okabe-Ito: tells categories apart for people with colour-vision deficiencies too.
CATEGORY_PALETTE = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#f0e442",
    "#000000",
)


def theme_css(project: Project) -> str:
    """The user's colours as CSS custom properties (no inline styles: the CSP forbids them)."""
    colors = project.config.site.colors
    lines = [
        ":root {",
        f"  --covered: {colors.covered};",
        f"  --uncovered: {colors.uncovered};",
        f"  --accent: {colors.station};",
        f"  --on-accent: {on_color(colors.station)};",
        "}",
    ]
    for number, category in enumerate(project.categories.to_dict("records")):
        color = category.get("color") or ""
        if not (color.startswith("#") and _luminance(color) is not None):
            color = CATEGORY_PALETTE[number % len(CATEGORY_PALETTE)]
        if color:
            lines.append(
                f'.swatch[data-category="{slug(category["id"])}"] {{ background: {color}; }}'
            )
    return "\n".join(lines) + "\n"


def _luminance(color: str) -> float | None:
    """WCAG relative luminance of a ``#rgb``/``#rrggbb`` colour; None if it is not one."""
    hexa = color.strip().lstrip("#")
    if len(hexa) == 3:
        hexa = "".join(c * 2 for c in hexa)
    if len(hexa) != 6 or any(c not in "0123456789abcdefABCDEF" for c in hexa):
        return None
    channels = [int(hexa[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def on_color(background: str) -> str:
    """White or near-black text, whichever contrasts more with the background (WCAG)."""
    lum = _luminance(background)
    if lum is None:
        return "#ffffff"
    white = 1.05 / (lum + 0.05)
    dark = (lum + 0.05) / (_luminance("#1a202c") + 0.05)  # type: ignore[operator]
    return "#ffffff" if white >= dark else "#1a202c"


def csp(basemap: Basemap | None) -> str:
    """Content-Security-Policy: scripts and data only from the site, tiles from one server."""
    tiles = f" {basemap.origin}" if basemap else ""
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src 'self' data:{tiles}; connect-src 'self'; font-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'"
    )


@functools.lru_cache(maxsize=65536)
def relative_url(target: str, here: str) -> str:
    """``target`` (a site path) as seen from the folder ``here``; both without ``..``.

    Example::

        >>> relative_url("assets/mapgen.css", "en/stations")
        '../../assets/mapgen.css'
    """
    if not target:
        return "./"
    folder = here.split("/") if here else []
    parts = target.split("/")
    common = 0
    while common < len(folder) and common < len(parts) - 1 and folder[common] == parts[common]:
        common += 1
    return "../" * (len(folder) - common) + "/".join(parts[common:])


class PageContext:
    """What every page template sees: language, strings, URLs relative to the page."""

    def __init__(self, renderer: SiteRenderer, lang: str, page: str) -> None:
        self.renderer = renderer
        self.lang = lang
        self.page = page  # path inside the language folder, e.g. "stations/JD-01.html"
        self.languages = renderer.languages
        self.path = i18n.prefix(lang, self.languages) + page
        self.t = i18n.strings(lang, renderer.words)

    def url(self, target: str) -> str:
        """A link from this page to a site path, relative so the site works in any folder."""
        return relative_url(target, posixpath.dirname(self.path))

    def page_url(self, page: str, lang: str | None = None) -> str:
        return self.url(i18n.prefix(lang or self.lang, self.languages) + page)

    def station_url(self, name: str) -> str:
        """The page of the station named ``name`` (:func:`mapgen.pagenames.page_path`)."""
        return self.page_url(page_path("stations", name, drawn=self.renderer.map.large))

    def township_url(self, name: str) -> str:
        return self.page_url(page_path("townships", name, drawn=self.renderer.map.large))

    def asset(self, path: str) -> str:
        return self.url(self.renderer.assets.url(path))

    def other_languages(self) -> list[dict[str, str]]:
        return [
            {
                "lang": lang,
                "name": i18n.STRINGS[lang]["language_name"],
                "url": self.page_url(self.page, lang),
            }
            for lang in self.languages
            if lang != self.lang
        ]

    def text(self, record: dict[str, Any], key: str) -> i18n.Text:
        return i18n.pick(record, key, self.lang)


class SiteRenderer:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.config = project.config
        self.languages = list(self.config.site.languages)
        self.data: PublicData = public_data(project)
        self.basemap = basemap_for(self.config.site)
        self.env = environment(self.config.root / "templates")
        self.words = project_words(project)
        self.assets = Assets(project, self.words)
        self.categories = {c["id"]: c for c in self.data.categories}
        self.views = {
            lang: [station_view(s, lang, self.categories) for s in self.data.stations]
            for lang in self.languages
        }
        self.view_by_id = {lang: {v.id: v for v in views} for lang, views in self.views.items()}
        self.nearest = nearest_open_stations(project)
        # Simplified once to about a metre: the download, the page maps and the start of
        # every coarser level of detail.
        self.web_townships = web_geometries(project.townships.geometry.values)
        self.map = MapData(
            MapInput(
                townships=self.data.townships,
                geometries=self.web_townships,
                stations=self.views,
                categories=self.data.categories,
                nearest=self.nearest,
                datum=self.basemap.datum if self.basemap else "wgs84",
            )
        )
        self.township_index = {t["id"]: n for n, t in enumerate(self.data.townships)}
        self.townships_geojson = self._townships_geojson() if not self.map.large else {}
        self.site = SiteData(
            languages=tuple(self.languages),
            categories=self.data.categories,
            townships={t["id"]: t for t in self.data.townships},
            stations=self.view_by_id,
            townships_geojson=self.townships_geojson,
            datum=self.basemap.datum if self.basemap else "wgs84",
            map_common={lang: self._map_common(lang) for lang in self.languages},
            coverage=self.data.coverage,
            counted_stations=_counted_stations(project),
            words=self.words,
        )
        self.stations_by_township: dict[str, list[str]] = {}
        for station in self.data.stations:
            self.stations_by_township.setdefault(station["township_id"], []).append(station["id"])
        if not self.map.large:
            # The search index (mapgen.search) as a script: cached, and works from file://.
            # A large site's index would be megabytes on every visit: there the finder
            # matches the map data's search texts instead.
            for lang in self.languages:
                index = search_index(self.data, lang, self.nearest)
                self.assets.add(
                    f"assets/search-index.{lang}.js",
                    f"window.mapgenSearchIndex = {script_json(index)};\n".encode(),
                )

    def _townships_geojson(self) -> dict[str, Any]:
        geoms = self.web_townships
        if self.basemap is not None and self.basemap.datum != "wgs84":
            geoms = datum.transform_geometries(geoms, "wgs84", self.basemap.datum)
        props = [
            {
                "id": t["id"],
                "slug": t["slug"],
                "name": t["label"],
                "name_en": t["label_en"],
                "covered": t["covered"],
                "stations": t["stations"],
                # Where the name goes, and the room around it (see mapgen.render.labels).
                "anchor": None
                if np.isnan(anchor).any()
                else [*anchor[:2].tolist(), int(anchor[2])],
            }
            for t, anchor in zip(self.data.townships, self.map.anchors, strict=True)
        ]
        # Without boundaries there is nothing to shade: the map shows the stations alone.
        drawn = [(g, p) for g, p in zip(geoms, props, strict=True) if g is not None]
        return feature_collection(
            np.asarray([g for g, _ in drawn], dtype=object), [p for _, p in drawn]
        )

    def render(self) -> Iterator[SiteFile]:
        for path in sorted(self.assets.files):
            yield SiteFile(path, self.assets.files[path])
        yield from downloads.files(self.project, self.data, self.web_townships)
        if self.map.large:
            for path, content in self.map.written_files():
                yield SiteFile(MAP_DATA + path, content)
        for lang in self.languages:
            index = self._index(lang)
            yield self._page("index.html", lang, "index.html", **index)
            if not self.map.large:  # map, legend and search, for an <iframe> on another site
                yield self._page("embed.html", lang, "embed.html", **index)
            if self.data.coverage is not None and self.data.coverage.plan is not None:
                from mapgen.render.coverage_page import coverage_page  # the planners' page

                yield self._page(
                    "coverage.html", lang, "coverage.html", **coverage_page(self.site, lang)
                )
        if self.map.large:
            yield from self._drawn_pages()
        else:
            yield from self._station_and_township_pages()

    def _drawn_pages(self) -> Iterator[SiteFile]:
        """A large site's station and township pages: one page per kind and language, and
        the records it draws them from (:mod:`mapgen.render.pagedata`)."""
        for lang in self.languages:
            for kind, template in (("stations", "station.html"), ("townships", "township.html")):
                page = f"{kind}/index.html"
                here = posixpath.dirname(i18n.prefix(lang, self.languages) + page)
                records = len(self.data.stations if kind == "stations" else self.data.townships)
                yield self._page(
                    page,
                    lang,
                    template,
                    drawn=True,
                    **{kind[:-1]: None},  # station / township: named by the address
                    map_data={
                        **self._map_common(lang),
                        "records": {
                            "base": relative_url(f"{MAP_DATA}{lang}/p/{kind[0]}", here),
                            "buckets": pagedata.bucket_count(records),
                        },
                        "outline": self.map.outline(None, relative_url(MAP_DATA, here), lang),
                        "directions": directions_templates(i18n.strings(lang, self.words)),
                        "categories": pagedata.category_names(
                            category_names(self.data.categories, lang)
                        ),
                    },
                )
        for lang in self.languages:
            stations = (self._station_record(view, lang) for view in self.views[lang])
            count = pagedata.bucket_count(len(self.data.stations))
            for path, value in pagedata.bucketed(stations, f"{lang}/p/s", count):
                yield SiteFile(MAP_DATA + path, dumps(value))
            townships = (self._township_record(t, lang) for t in self.data.townships)
            count = pagedata.bucket_count(len(self.data.townships))
            for path, value in pagedata.bucketed(townships, f"{lang}/p/t", count):
                yield SiteFile(MAP_DATA + path, dumps(value))

    def _station_record(self, station: StationView, lang: str) -> dict[str, Any]:
        return pagedata.station_record(station, self._outline_ref(station.township_id, lang))

    def _township_record(self, township: dict[str, Any], lang: str) -> dict[str, Any]:
        context = self._township(township, lang, outline=False)
        return pagedata.township_record(
            context["township"],
            context["stations"],
            list(dict.fromkeys(s.slug for st in context["stations"] for s in st.services)),
            context["nearest"],
            context["map_data"]["stations"],
            self._outline_ref(township["id"], lang),
        )

    def _outline_ref(self, township_id: str, lang: str) -> dict[str, Any] | None:
        """Which township a drawn page's small map outlines, its neighbours, their names
        and the cells they lie in (the rest of the manifest is the page's own)."""
        feature = self.township_index.get(township_id)
        if feature is None:
            return None
        outline = self.map.outline(feature, "", lang)
        return {
            **{key: outline[key] for key in ("feature", "neighbours", "names", "covered")},
            "cells": outline["levels"][-1]["cells"],
        }

    def _station_and_township_pages(self) -> Iterator[SiteFile]:
        """One page per station and township and language: in parallel when there are many.

        Worker processes are forked with this renderer and send finished pages back in
        order, so the output stays byte-identical and only the caller writes files.
        """
        tasks = [
            (lang, kind, i)
            for lang in self.languages
            for kind, items in (("s", self.data.stations), ("t", self.data.townships))
            for i in range(len(items))
        ]
        batches = [tasks[i : i + PAGE_BATCH] for i in range(0, len(tasks), PAGE_BATCH)]
        workers = min(os.cpu_count() or 1, 4)
        if (
            len(tasks) < PARALLEL_PAGES
            or workers < 2
            or "fork" not in multiprocessing.get_all_start_methods()
        ):
            for batch in batches:
                yield from self.render_pages(batch)
            return
        global _FORKED_RENDERER
        _FORKED_RENDERER = self
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                for pages in pool.map(_render_in_worker, batches):
                    yield from pages
        finally:
            _FORKED_RENDERER = None

    def render_pages(self, batch: list[tuple[str, str, int]]) -> list[SiteFile]:
        pages = []
        for lang, kind, i in batch:
            if kind == "s":
                station = self.views[lang][i]
                pages.append(
                    self._page(
                        f"stations/{station.slug}.html",
                        lang,
                        "station.html",
                        **self._station_page(station, lang),
                    )
                )
            else:
                township = self.data.townships[i]
                pages.append(
                    self._page(
                        f"townships/{township['slug']}.html",
                        lang,
                        "township.html",
                        **self._township(township, lang),
                    )
                )
        return pages

    def _page(
        self, page: str, lang: str, template: str, drawn: bool = False, **context: Any
    ) -> SiteFile:
        ctx = PageContext(self, lang, page)
        site = self.config.site
        subtitle = site.subtitle_en if lang == "en" and site.subtitle_en else site.subtitle
        html = self.env.get_template(template).render(
            ctx=ctx,
            t=ctx.t,
            p=i18n.PUBLISHING_STRINGS[lang],
            lang=lang,
            csp=csp(self.basemap),
            title=site.title_en if lang == "en" and site.title_en else site.title,
            subtitle=subtitle,
            notice=site.notice_en if lang == "en" and site.notice_en else site.notice,
            coverage=self.data.coverage,
            internal=self.project.audience == "planner",
            no_boundaries=not self.project.boundaries,
            logo=self.assets.logo,
            footer=footer(site, lang),
            # A large site's hundreds of thousands of pages go without: each QR costs ms.
            # A large site's pages go without a QR code (each costs milliseconds); a drawn
            # page's address is only known in the browser.
            share=sharing.share(
                "" if drawn else site.base_url, ctx.path, lang, qr=not self.map.large
            ),
            drawn=drawn,
            drawn_pages=self.map.large,
            description=context.pop("description", None)
            or sharing.describe([subtitle, self._headline(lang)]),
            **context,
        )
        return SiteFile(ctx.path, html.encode("utf-8"))

    def _headline(self, lang: str) -> str:
        coverage = self.project.coverage
        if coverage is None or not coverage.townships:
            return ""
        return i18n.strings(lang, self.words)["covered_summary"].format(
            covered=coverage.covered,
            total=coverage.townships,
            share=formats.share(coverage.coverage),
        )

    # --- page contexts -------------------------------------------------------------
    def _station_page(self, station: StationView, lang: str) -> dict[str, Any]:
        page = f"stations/{station.slug}.html"
        base = self.config.site.base_url
        permalink = (
            base.rstrip("/") + "/" + i18n.prefix(lang, self.languages) + page
            if base
            else posixpath.basename(page)
        )
        return {
            "station": station,
            "description": sharing.station_description(station, lang),
            "weekdays": i18n.WEEKDAYS[lang],
            "directions": directions(station, ctx_strings=i18n.strings(lang, self.words)),
            "permalink": permalink,
            "map_data": {
                **self._map_common(lang),
                "station": self._map_point(station),
                "outline": self._outline(station.township_id, lang, page),
            },
        }

    def _outline(self, township_id: str, lang: str, page: str) -> dict[str, Any] | None:
        """A township's shape for a page's small map, from the map data (any size)."""
        feature = self.township_index.get(township_id)
        if feature is None:
            return None
        here = posixpath.dirname(i18n.prefix(lang, self.languages) + page)
        return self.map.outline(feature, relative_url(MAP_DATA, here), lang)

    def _map_point(self, station: StationView) -> dict[str, Any]:
        """A station on the page's basemap: in GCJ-02 over Amap tiles, else in WGS84."""
        shift = self.basemap.datum if self.basemap else "wgs84"
        lon, lat = station.gcj02 if shift == "gcj02" else (station.lon, station.lat)
        return {"lat": lat, "lon": lon, "name": station.name.text, "slug": station.slug}

    def _map_common(self, lang: str) -> dict[str, Any]:
        shift = self.basemap.datum if self.basemap else "wgs84"
        return {
            "lang": lang,
            "weekdays": i18n.WEEKDAYS[lang],
            "datum": shift,
            "basemap": None
            if self.basemap is None
            else {
                "url": self.basemap.url,
                "attribution": self.basemap.attribution
                + (
                    f" · {escape(footer(self.config.site, lang).map_approval)}"
                    if self.config.site.map_approval
                    else ""
                ),
                "maxZoom": self.basemap.max_zoom,
                "subdomains": self.basemap.subdomains,
                "labels": self.basemap.labels,
            },
        }

    def _index(self, lang: str) -> dict[str, Any]:
        """The home page: the finder's controls and the map's manifest; the list and the
        map are filled by the page app from the map data, at every size."""
        manifest = self.map.manifest(lang)
        here = posixpath.dirname(i18n.prefix(lang, self.languages) + "index.html")
        return {
            "categories": category_names(self.data.categories, lang),
            "types": manifest["types"],
            "tiers": manifest["tiers"],
            # "Open now" is offered where some station's hours were understood.
            "open_filter": any(view.week for view in self.view_by_id[lang].values()),
            "total": manifest["total"],
            "map_data": {
                **self._map_common(lang),
                **manifest,
                "base": relative_url(MAP_DATA, here),
            },
            "search_index": not self.map.large,
            "unplaced": len(self.project.coverage.unplaced) if self.project.coverage else 0,
            # Without JavaScript a small site still leads to every station: through the
            # township pages, which list their stations.
            "noscript_townships": []
            if self.map.large
            else [township_view(t, lang) for t in self.data.townships],
        }

    def _nearest(self, township: dict[str, Any], lang: str) -> dict[str, Any] | None:
        """The nearest station to a township, and the sentence around its name."""
        found = self.nearest.get(township["id"])
        if found is None:
            return None
        station_id, metres = found
        template = i18n.strings(lang, self.words)["nearest_is"]
        before, _, after = template.partition("{name}")
        return {
            "station": self.view_by_id[lang][station_id],
            "before": before,
            "after": after.format(distance=i18n.distance(metres, lang)),
        }

    def _township(
        self, township: dict[str, Any], lang: str, outline: bool = True
    ) -> dict[str, Any]:
        views = self.view_by_id[lang]
        stations = [views[s] for s in self.stations_by_township.get(township["id"], [])]
        offered: dict[str, i18n.Text] = {}
        for station in stations:
            for service in station.services:
                offered.setdefault(service.category, service.name)
        nearest = None if stations else self._nearest(township, lang)
        shown = stations or ([nearest["station"]] if nearest else [])
        view = township_view(township, lang)
        return {
            "township": view,
            "description": sharing.township_description(view.label.text, stations, lang),
            "stations": stations,
            "offered": list(offered.values()),
            "nearest": nearest,
            "map_data": {
                **self._map_common(lang),
                "outline": self._outline(township["id"], lang, f"townships/{township['slug']}.html")
                if outline
                else None,
                "stations": [self._map_point(s) for s in shown],
            },
        }


MAP_DATA = "data/map/"


def _counted_stations(project: Project) -> tuple[str, ...]:
    """Open stations of the tiers that count for coverage (the coverage page's map)."""
    coverage = project.coverage
    if coverage is None or coverage.plan is None:
        return ()
    stations = project.placed_stations
    # From the config, not the plan: a public plan may withhold the tiers' names.
    tiers = project.config.coverage.tiers
    if tiers:
        stations = stations[stations["tier"].isin(tiers)]
    stations = stations[is_open(stations["status"]).to_numpy()]
    return tuple(stations["id"])


def project_words(project: Project) -> i18n.Words:
    """The project's words ([site] unit, station_word, search_hint…), else from its data:
    the unit from how the township names end, the search example from the first township
    with a station and the service category with the shortest name."""
    site = project.config.site
    configured = {
        key: getattr(site, key)
        for key in (
            "unit",
            "unit_en",
            "station_word",
            "station_word_en",
            "search_hint",
            "search_hint_en",
        )
    }
    townships = project.townships
    with_station = set(project.placed_stations["township_id"])
    area = next(
        (r for r in townships.to_dict("records") if r["id"] in with_station),
        {"name": "", "name_en": ""},
    )
    categories = sorted(
        project.categories.to_dict("records"), key=lambda c: len(str(c.get("name") or ""))
    )
    service = categories[0] if categories else {"name": "", "name_en": ""}
    return i18n.site_words(
        configured,
        [str(n) for n in townships["name"]],
        example_area=(str(area["name"] or ""), str(area.get("name_en") or "")),
        example_service=(str(service["name"] or ""), str(service.get("name_en") or "")),
    )


PAGE_BATCH = 500
PARALLEL_PAGES = 4000  # below this, starting processes costs more than it saves
_FORKED_RENDERER: SiteRenderer | None = None


def _render_in_worker(batch: list[tuple[str, str, int]]) -> list[SiteFile]:
    assert _FORKED_RENDERER is not None
    return _FORKED_RENDERER.render_pages(batch)


def directions_templates(ctx_strings: dict[str, str]) -> list[dict[str, str]]:
    """The directions links of a drawn page, filled in the browser (:mod:`mapgen.directions`)."""
    return [{"label": ctx_strings[app], "url": template} for app, template in map_templates()]


def directions(station: StationView, ctx_strings: dict[str, str]) -> list[dict[str, str]]:
    """Links to Amap, Tencent, Baidu and OpenStreetMap (:mod:`mapgen.directions`)."""
    return [
        {"label": ctx_strings[link.app], "url": link.url}
        for link in map_links(station.name.text, station.lon, station.lat)
    ]


def render_site(project: Project) -> Iterator[SiteFile]:
    """Every file of the site, in a fixed order, ready to write.

    Example::

        >>> files = {f.path: f.content for f in render_site(project)}   # doctest: +SKIP
        >>> "index.html" in files                                       # doctest: +SKIP
        True
    """
    return SiteRenderer(project).render()
