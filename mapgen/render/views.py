"""View records: a station or a township as every page and the map data show it.

Shaped once per language from the public records (:mod:`mapgen.public`), then read by
templates, by the map data (:mod:`mapgen.render.mapdata`) and by the coverage page alike,
so each fact is worded in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mapgen import i18n
from mapgen.hours import describe_week
from mapgen.pagenames import slug

if TYPE_CHECKING:
    from mapgen.coverage import Coverage


@dataclass(frozen=True)
class ServiceView:
    category: str
    slug: str
    name: i18n.Text
    schedule: i18n.Text


@dataclass(frozen=True)
class StationView:
    """One station in one language."""

    id: str
    slug: str
    name: i18n.Text
    venue: i18n.Text
    address: i18n.Text
    hours: i18n.Text
    week: tuple[str | None, ...] | None
    phone: str
    phone_link: str
    type: str  # the venue type's name in the language
    type_id: str
    tier: str
    opened: str
    township: i18n.Text
    township_id: str
    township_slug: str
    services: tuple[ServiceView, ...]
    lon: float  # WGS84
    lat: float
    gcj02: tuple[float, float]
    bd09: tuple[float, float]


@dataclass(frozen=True)
class TownshipView:
    """One township in one language."""

    id: str
    slug: str
    name: str
    name_en: str
    label: i18n.Text
    covered: bool
    stations: int
    sensitive: dict[str, int | None]


def station_hours(station: dict[str, Any], lang: str) -> i18n.Text:
    """Opening hours; on English pages without ``hours_en``, written out from the parsed
    week ("Mon–Fri 9:00-17:00") rather than shown in Chinese.

    Example::

        >>> week = ["9:00-17:00"] * 5 + [None, None]
        >>> station_hours({"hours": "周一至周五 9:00-17:00", "week": week}, "en").text
        'Mon–Fri 9:00-17:00'
    """
    text = i18n.pick(station, "hours", lang)
    if text.fallback and station.get("week"):
        return i18n.Text(describe_week(station["week"], lang), lang)
    return text


def station_view(
    station: dict[str, Any], lang: str, categories: dict[str, dict[str, str]]
) -> StationView:
    """A public station record as pages show it in ``lang``."""
    pick = lambda key: i18n.pick(station, key, lang)  # noqa: E731
    week = station["week_en"] if lang == "en" and station.get("week_en") else station["week"]
    services = tuple(
        ServiceView(
            category=item["category"],
            slug=slug(item["category"]),
            name=i18n.pick(
                categories.get(item["category"], {"name": item["category"]}), "name", lang
            ),
            schedule=i18n.pick_schedule(item, lang),
        )
        for item in station["services"]
    )
    # The label: the name, with its township added where two stations share it.
    name = pick("label") if station.get("name") else i18n.Text(station["id"], "zh-CN")
    phone = station.get("phone", "")
    township = {"name": station["township_label"], "name_en": station["township_label_en"]}
    return StationView(
        id=station["id"],
        slug=station["slug"],
        name=name,
        venue=pick("venue"),
        address=pick("address"),
        hours=station_hours(station, lang),
        week=tuple(week) if week else None,
        phone=phone,
        phone_link="".join(ch for ch in phone if ch.isdigit() or ch == "+"),
        type=i18n.venue_type(station.get("type", ""), lang),
        type_id=station.get("type", ""),
        tier=station.get("tier", ""),
        opened=station.get("opened", ""),
        township=i18n.pick(township, "name", lang),
        township_id=station["township_id"],
        township_slug=station["township_slug"],
        services=services,
        lon=station["lon"],
        lat=station["lat"],
        gcj02=station["gcj02"],
        bd09=station["bd09"],
    )


def township_view(township: dict[str, Any], lang: str) -> TownshipView:
    """A public township record as pages show it in ``lang``."""
    return TownshipView(
        id=township["id"],
        slug=township["slug"],
        name=township["name"],
        name_en=township["name_en"],
        label=i18n.pick(township, "label", lang),
        covered=township["covered"],
        stations=township["stations"],
        sensitive=township.get("sensitive", {}),
    )


@dataclass(frozen=True)
class SiteData:
    """What every page after the home page is rendered from, shaped once: views and
    public records, never the project's frames or the renderer."""

    languages: tuple[str, ...]
    categories: list[dict[str, str]]  # public category records
    townships: dict[str, dict[str, Any]]  # id -> public township record
    stations: dict[str, dict[str, StationView]]  # language -> id -> view
    townships_geojson: dict[str, Any]  # small sites only; {} for large ones
    datum: str  # the basemap's: wgs84 or gcj02
    map_common: dict[str, dict[str, Any]]  # language -> what every page map needs
    coverage: Coverage | None
    counted_stations: tuple[str, ...]  # open stations in the tiers that count for coverage
    words: i18n.Words  # the project's words (unit, station word, search hint)


def category_names(categories: list[dict[str, str]], lang: str) -> list[dict[str, Any]]:
    """Each category's id, file-safe slug and name in ``lang``.

    Example::

        >>> category_names([{"id": "lecture", "name": "讲座", "name_en": "Talks"}], "en")
        [{'id': 'lecture', 'slug': 'lecture', 'name': Text(text='Talks', lang='en', fallback=False)}]
    """
    return [
        {"id": c["id"], "slug": slug(c["id"]), "name": i18n.pick(c, "name", lang)}
        for c in categories
    ]
