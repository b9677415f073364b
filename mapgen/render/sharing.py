"""What a page says when it is shared or printed: description, permalink, QR code.

WeChat and search engines fall back to ``<title>`` and ``<meta name="description">``
(WeChat ignores ``og:`` tags; they are there for everyone else). The permalink is absolute
only with ``site.base_url``; so is the page's QR code, drawn at build time as inline SVG
(no script, no request), shown by the share control and printed in place of raw URLs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import segno
from markupsafe import Markup, escape

from mapgen import i18n
from mapgen.render.views import StationView

DESCRIPTION_LENGTH = 160  # what search results and chat previews show


def page_url(base_url: str, path: str) -> str:
    """The absolute address of a site path, ``index.html`` as its folder; "" without base.

    >>> page_url("https://example.gov.cn/map", "en/index.html")
    'https://example.gov.cn/map/en/'
    >>> page_url("https://example.gov.cn/map/", "stations/JD-01.html")
    'https://example.gov.cn/map/stations/JD-01.html'
    >>> page_url("", "index.html")
    ''
    """
    if not base_url:
        return ""
    if path == "index.html" or path.endswith("/index.html"):
        path = path.removesuffix("index.html")
    return base_url.rstrip("/") + "/" + path


def qr_svg(url: str, label: str) -> Markup:
    """The QR code of ``url`` as an inline SVG image named ``label`` for screen readers."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=4, border=4, svgclass="qr-code", lineclass=None, omitsize=True)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))


def share(base_url: str, path: str, lang: str, *, qr: bool = True) -> dict[str, Any]:
    """The share control's context: the absolute URL ("" without base_url) and its QR."""
    url = page_url(base_url, path)
    strings = i18n.PUBLISHING_STRINGS[lang]
    return {"url": url, "qr": qr_svg(url, strings["qr_label"]) if url and qr else None}


def describe(parts: list[str]) -> str:
    """Non-empty parts joined, cut to :data:`DESCRIPTION_LENGTH` characters at most.

    >>> describe(["马陆镇", "", "开放时间：周二至周六"])
    '马陆镇 · 开放时间：周二至周六'
    """
    text = " · ".join(p.strip() for p in parts if p and p.strip())
    if len(text) > DESCRIPTION_LENGTH:
        text = text[: DESCRIPTION_LENGTH - 1].rstrip() + "…"
    return text


def station_description(station: StationView, lang: str) -> str:
    """A station page's description: township, venue, hours and services."""
    t = i18n.strings(lang)
    label = i18n.PUBLISHING_STRINGS[lang]["label"]
    sep = i18n.PUBLISHING_STRINGS[lang]["list_sep"]
    services = sep.join(s.name.text for s in station.services)
    hours = station.hours.text
    return describe(
        [
            station.township.text,
            station.venue.text or station.address.text,
            label.format(label=t["hours"], value=hours) if hours else "",
            label.format(label=t["services"], value=services) if services else "",
        ]
    )


def township_description(name: str, stations: Sequence[StationView], lang: str) -> str:
    """A township page's description: its stations, or that it has none yet."""
    strings = i18n.PUBLISHING_STRINGS[lang]
    if not stations:
        return describe([strings["township_none"].format(name=name)])
    names = strings["list_sep"].join(s.name.text for s in stations)
    return describe([strings["township_stations"].format(name=name, names=names)])
