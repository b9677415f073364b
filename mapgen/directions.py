"""Directions to a station: links that open Amap, Tencent Maps or Baidu Maps (their app when
it is installed, else their web page) and OpenStreetMap.

Each Chinese map gets the point in the datum it draws in, converted once here by
:mod:`mapgen.datum`, *and* the link names that datum, so no app converts again or guesses:

=========  ===============================================  ==========================
map        link                                             datum stated
=========  ===============================================  ==========================
Amap       ``uri.amap.com/marker?position=lon,lat``         ``coordinate=gaode`` (GCJ-02)
Tencent    ``apis.map.qq.com/uri/v1/marker?marker=coord:lat,lon;title:…``  ``coord_type=2`` (GCJ-02)
Baidu      ``api.map.baidu.com/marker?location=lat,lon``    ``coord_type=bd09ll`` (BD-09)
OSM        ``openstreetmap.org/?mlat=lat&mlon=lon``         WGS84 (the only one it knows)
=========  ===============================================  ==========================

Every value is percent-encoded; Tencent's ``marker`` parameter separates its fields with
``;`` and ``:`` (left as they are, as documented), so those characters in a name are
replaced by their full-width forms first.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from mapgen import datum

APP_NAME = "mapgen"  # who asks: Tencent's ``referer``, Baidu's ``src``


@dataclass(frozen=True)
class Link:
    """One map's link to a station; ``app`` is the key of its label in ``i18n.STRINGS``."""

    app: str
    url: str


def _q(text: str) -> str:
    return quote(text, safe="")


def _deg(value: float) -> str:
    return f"{value:.6f}"


# Each map's link, its fields in braces: the point in the map's datum, six decimals each,
# and the name percent-encoded (``tencent_name`` with Tencent's separators replaced). The
# pages drawn in the browser fill the same patterns (``assets/page-record.js``).
TEMPLATES = (
    (
        "amap",
        "https://uri.amap.com/marker?position={gcj_lon},{gcj_lat}"
        f"&name={{name}}&src={APP_NAME}&coordinate=gaode&callnative=1",
    ),
    (
        "tencent",
        "https://apis.map.qq.com/uri/v1/marker?marker=coord:{gcj_lat},{gcj_lon}"
        f";title:{{tencent_name}}&coord_type=2&referer={APP_NAME}",
    ),
    (
        "baidu",
        "https://api.map.baidu.com/marker?location={bd_lat},{bd_lon}"
        "&title={name}&content={name}&output=html&coord_type=bd09ll"
        f"&src=webapp.{APP_NAME}.map",
    ),
    (
        "osm",
        "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}",
    ),
)


def templates() -> tuple[tuple[str, str], ...]:
    """``(app, URL pattern)`` of every map, in the order shown (see :data:`TEMPLATES`)."""
    return TEMPLATES


def links(name: str, lon: float, lat: float) -> list[Link]:
    """Directions to the WGS84 point ``lon, lat`` named ``name``, in the order shown.

    Example::

        >>> [link.app for link in links("江桥站", 121.32, 31.25)]
        ['amap', 'tencent', 'baidu', 'osm']
        >>> links("A&B;C", 121.32, 31.25)[1].url.split("?")[1].split("&")[0]
        'marker=coord:31.248066,121.324526;title:A%26B%EF%BC%9BC'
    """
    gcj_lon, gcj_lat = (float(v) for v in datum.from_wgs84(lon, lat, "gcj02"))
    bd_lon, bd_lat = (float(v) for v in datum.from_wgs84(lon, lat, "bd09"))
    values = {
        "gcj_lon": _deg(gcj_lon),
        "gcj_lat": _deg(gcj_lat),
        "bd_lon": _deg(bd_lon),
        "bd_lat": _deg(bd_lat),
        "lon": _deg(lon),
        "lat": _deg(lat),
        "name": _q(name),
        "tencent_name": _q(name.replace(";", "；").replace(":", "：")),
    }
    return [Link(app, template.format(**values)) for app, template in TEMPLATES]
