"""The station and township pages of a large site, as data the browser draws them from.

A small site has one HTML file per station and township and language, rendered from the
templates: it opens from a double-clicked file, reads without JavaScript and is found by
search engines. A province has thousands of stations and the country a hundred thousand;
one file each is more files than an office's web-publishing system accepts and, rendered
one by one, most of the build's time (about a millisecond a page). A large site therefore
has one page per kind and language, ``stations/index.html`` and ``townships/index.html``,
and each station keeps a stable address, ``stations/index.html?id=<slug>``
(:func:`mapgen.pagenames.page_path`). The page app (``assets/page-record.js``) reads the
record of that slug from ``data/map/<lang>/p/`` and draws the page the template would.

Records are grouped in :func:`bucket_count` files per kind by a hash of the slug
(:func:`bucket_of`, FNV-1a, computed the same way in the browser), so a page fetches one
small file and never a list of every station. Files, relative to the map data:

- ``<lang>/p/s<bucket>.json``: ``{slug: station record}``, fields named in
  :func:`station_record`;
- ``<lang>/p/t<bucket>.json``: ``{slug: township record}`` (:func:`township_record`).

Texts that an English page shows in Chinese (no English given) are listed by field name in
each record's ``zh``, so the page marks them as the templates do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from mapgen import i18n
from mapgen.render.views import StationView, TownshipView

RECORDS_PER_BUCKET = 64  # on average: a few tens of kilobytes per fetched file


def bucket_count(records: int) -> int:
    """The number of record files for ``records`` records: a power of two.

    Example::

        >>> bucket_count(0), bucket_count(64), bucket_count(65), bucket_count(100_000)
        (1, 1, 2, 2048)
    """
    count = 1
    while count * RECORDS_PER_BUCKET < records:
        count *= 2
    return count


def bucket_of(slug: str, count: int) -> int:
    """Which of ``count`` files holds the record of ``slug``: FNV-1a (32 bit) of its UTF-8.

    Example::

        >>> bucket_of("JD-01", 1), bucket_of("JD-01", 2048)
        (0, 1925)
    """
    value = 0x811C9DC5
    for byte in slug.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value & (count - 1)


def _texts(fields: Iterable[tuple[str, i18n.Text]]) -> dict[str, Any]:
    """Named texts, and ``zh``: those shown in Chinese on an English page."""
    record: dict[str, Any] = {name: text.text for name, text in fields}
    record["zh"] = [name for name, text in fields if text.fallback]
    return record


def station_card(station: StationView) -> dict[str, Any]:
    """What a list of stations shows of one (the township page's cards)."""
    return {
        "slug": station.slug,
        **_texts(
            (
                ("name", station.name),
                ("venue", station.venue),
                ("hours", station.hours),
            )
        ),
        "services": [service_item(s) for s in station.services],
    }


def service_item(service: Any) -> dict[str, Any]:
    """A service by its category's slug (the page's manifest names the categories)."""
    return {"slug": service.slug, **_texts((("schedule", service.schedule),))}


def category_names(categories: list[dict[str, Any]]) -> dict[str, Any]:
    """Slug → ``[name, shown in Chinese]`` of every category, for a drawn page's manifest."""
    return {c["slug"]: [c["name"].text, c["name"].fallback] for c in categories}


def station_record(station: StationView, outline: dict[str, Any] | None) -> dict[str, Any]:
    """A station page's content: the fields of ``templates/station.html``.

    ``wgs84``, ``gcj02`` and ``bd09`` place the station on the basemap (in its datum) and
    feed the directions links (:mod:`mapgen.directions`); ``outline`` is what the small
    map needs beyond the page's own manifest: the township's ``feature``, ``covered``,
    ``neighbours`` and their ``names``, and the finest-level ``cells`` they lie in.
    """
    return {
        "id": station.id,
        **station_card(station),
        **_texts(
            (
                ("name", station.name),
                ("venue", station.venue),
                ("address", station.address),
                ("hours", station.hours),
                ("township", station.township),
            )
        ),
        "township_slug": station.township_slug,
        "type": station.type,
        "week": list(station.week) if station.week else None,
        "phone": station.phone,
        "phone_link": station.phone_link,
        "opened": station.opened,
        "wgs84": [station.lon, station.lat],
        "gcj02": list(station.gcj02),
        "bd09": list(station.bd09),
        "outline": outline,
    }


def township_record(
    township: TownshipView,
    stations: list[StationView],
    offered: list[str],
    nearest: dict[str, Any] | None,
    points: list[dict[str, Any]],
    outline: dict[str, Any] | None,
) -> dict[str, Any]:
    """A township page's content: the fields of ``templates/township.html``."""
    return {
        "id": township.id,
        "slug": township.slug,
        **_texts((("label", township.label),)),
        "covered": township.covered,
        "stations": [station_card(s) for s in stations],
        "offered": offered,  # category slugs
        "nearest": None
        if nearest is None
        else {
            "before": nearest["before"],
            "after": nearest["after"],
            "station": station_card(nearest["station"]),
        },
        "sensitive": [[label, total] for label, total in township.sensitive.items()],
        "points": points,
        "outline": outline,
    }


def bucketed(
    records: Iterable[dict[str, Any]], prefix: str, count: int
) -> Iterator[tuple[str, Any]]:
    """``(path, {slug: record})`` for each of ``count`` buckets, in bucket order; every
    bucket is written, empty or not, so a missing record is told from a missing file."""
    buckets: list[dict[str, Any]] = [{} for _ in range(count)]
    for record in records:
        buckets[bucket_of(record["slug"], count)][record["slug"]] = record
    for number, bucket in enumerate(buckets):
        yield f"{prefix}{number}.json", dict(sorted(bucket.items()))
