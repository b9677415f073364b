"""The index page of a large site (a province, the whole country): chunked map data.

Small sites put everything into the page. Large ones put a compact overview into the page
and everything else into ``data/map/`` files the browser loads for the region in view —
see :mod:`mapgen.render.chunks` for the formats.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from mapgen import datum, i18n
from mapgen.render import chunks

if TYPE_CHECKING:
    from mapgen.render import SiteFile, SiteRenderer

BASE = "data/map/"


class LargeMap:
    """Everything the browser needs for a large map, computed once for all languages."""

    def __init__(self, renderer: SiteRenderer) -> None:
        self.renderer = renderer
        data = renderer.data
        self.shift = renderer.basemap.datum if renderer.basemap else "wgs84"
        stations = data.stations
        lon = np.array([s["lon"] for s in stations], dtype=float)
        lat = np.array([s["lat"] for s in stations], dtype=float)
        if self.shift != "wgs84":
            lon, lat = datum.from_wgs84(lon, lat, self.shift)
        ids = np.array([s["id"] for s in stations], dtype=object)
        order = chunks.station_order(lon, lat, ids) if len(stations) else np.array([], int)
        self.stations = [stations[i] for i in order]
        self.lon, self.lat = lon[order], lat[order]
        self.categories = [c["id"] for c in data.categories]
        types = sorted({s.get("type", "") for s in stations} - {""})
        self.types = types
        self.cells = chunks.detail_cells(self.lon, self.lat)
        geometries = renderer.project.townships.geometry.values
        if self.shift != "wgs84":
            geometries = datum.transform_geometries(geometries, "wgs84", self.shift)
        self.geometries = geometries
        self.cells_by_level = chunks.chunk_cells(geometries)

    def files(self) -> Iterator[SiteFile]:
        from mapgen.render import SiteFile

        for path, content in chunks.township_chunks(self.geometries, self.cells_by_level):
            yield SiteFile(BASE + path, chunks.dumps(content))
        bit = {c: 1 << i for i, c in enumerate(self.categories[:30])}
        type_number = {t: i + 1 for i, t in enumerate(self.types)}
        masks = [sum(bit.get(x["category"], 0) for x in s["services"]) for s in self.stations]
        kinds = [type_number.get(s.get("type", ""), 0) for s in self.stations]
        yield SiteFile(
            BASE + "points.json",
            chunks.dumps(chunks.station_points(self.lon, self.lat, masks, kinds)),
        )
        yield SiteFile(BASE + "search.json", chunks.dumps([_search_text(s) for s in self.stations]))
        for lang in self.renderer.languages:
            yield SiteFile(
                f"{BASE}{lang}/townships.json",
                chunks.dumps(
                    [
                        [i18n.pick(t, "label", lang).text, t["slug"]]
                        for t in self.renderer.data.townships
                    ]
                ),
            )
            for cell, start, end in self.cells:
                rows = [_detail_row(s, lang) for s in self.stations[start:end]]
                yield SiteFile(
                    f"{BASE}{lang}/s/{cell}.json", chunks.dumps({"start": start, "rows": rows})
                )

    def index_data(self, lang: str) -> dict[str, Any]:
        """The page's own JSON block: an overview small enough for the first view."""
        townships = self.renderer.data.townships
        x0, y0, x1, y1 = _bounds(self.geometries, self.lon, self.lat)
        return {
            "large": True,
            "base": BASE,
            "lang": lang,
            "bounds": [[y0, x0], [y1, x1]],
            "levels": [
                {
                    "minZoom": level.min_zoom,
                    "cell": level.cell,
                    "cells": list(self.cells_by_level[n]),
                }
                for n, level in enumerate(chunks.LEVELS)
            ],
            "covered": "".join("1" if t["covered"] else "0" for t in townships),
            "cells": [[cell, start, end] for cell, start, end in self.cells],
            "categories": [c["id"] for c in self.renderer.data.categories][:30],
            "types": self.types,
            "total": len(self.stations),
        }


def _bounds(geometries: np.ndarray, lon: np.ndarray, lat: np.ndarray) -> tuple[float, ...]:
    import shapely

    if len(geometries) and not shapely.is_missing(geometries).all():
        return tuple(float(v) for v in shapely.total_bounds(geometries))
    if len(lon):
        return float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())
    return 73.0, 18.0, 135.0, 54.0


def _search_text(station: dict[str, Any]) -> str:
    parts = [
        station.get(k, "")
        for k in ("name", "name_en", "venue", "venue_en", "township_name", "township_name_en")
    ]
    text = "|".join(p for p in parts if p)
    return unicodedata.normalize("NFKC", text).casefold()


def _detail_row(station: dict[str, Any], lang: str) -> list[Any]:
    week = station.get("week_en") if lang == "en" and station.get("week_en") else station["week"]
    return [
        station["id"],
        station["slug"],
        i18n.pick(station, "label", lang).text if station.get("name") else station["id"],
        i18n.pick(station, "venue", lang).text,
        i18n.pick(
            {"name": station["township_label"], "name_en": station["township_label_en"]},
            "name",
            lang,
        ).text,
        station["township_slug"],
        i18n.pick(station, "hours", lang).text,
        week,
    ]
