"""Background map presets. Tile URLs come from xyzservices (folium's provider catalogue)
where it has them; every preset says which datum its tiles use, so overlays can match."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import xyzservices.providers as providers

from mapgen.config import SiteConfig


@dataclass(frozen=True)
class Basemap:
    name: str
    url: str
    attribution: str
    max_zoom: int
    subdomains: str = ""
    datum: str = "wgs84"  # datum of the tiles: overlays are shifted to it
    labels: str = ""  # a second tile layer with place names drawn over the first

    @property
    def origins(self) -> tuple[str, ...]:
        """Every tile host, for the Content-Security-Policy's ``img-src``: exactly these.

        A ``{s}`` in the host is expanded to each of the preset's subdomains, so the
        policy names the tile servers themselves rather than a wildcard over a domain.
        """
        hosts: list[str] = []
        for url in filter(None, (self.url, self.labels)):
            parts = urlsplit(url)
            for sub in (self.subdomains or "abc") if "{s}" in parts.netloc else ("",):
                host = f"{parts.scheme}://{parts.netloc.replace('{s}', sub)}"
                if host not in hosts:
                    hosts.append(host)
        return tuple(hosts)

    @property
    def origin(self) -> str:
        """The tile origins as one space-separated CSP source list."""
        return " ".join(self.origins)


def basemap_for(site: SiteConfig) -> Basemap | None:
    """The configured preset, or None for ``basemap = "none"``."""
    if site.basemap == "osm":
        osm = providers.OpenStreetMap.Mapnik
        return Basemap("osm", osm["url"], osm["html_attribution"], int(osm["max_zoom"]))
    if site.basemap == "amap":
        gaode = providers.Gaode.Normal
        url = gaode["url"].replace("http://", "https://").replace("webrd01", "webrd0{s}")
        return Basemap(
            "amap",
            url,
            gaode["html_attribution"].replace("http://", "https://"),
            18,
            subdomains="1234",
            datum="gcj02",
        )
    if site.basemap == "tianditu":
        url, labels = (
            (
                f"https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile"
                f"&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
                f"&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={site.tianditu_key}"
            )
            for layer in ("vec", "cva")  # roads and areas; then the place names over them
        )
        return Basemap(
            "tianditu",
            url,
            '&copy; <a href="https://www.tianditu.gov.cn/">天地图</a>',
            18,
            subdomains="01234567",
            labels=labels,
        )
    return None


def basemap_note(site: SiteConfig) -> str:
    """What the site's owner should know about the chosen background map, or ""."""
    if site.basemap == "tianditu":
        return (
            "Note: the Tianditu key is public: it is part of every tile URL the site loads, "
            "so anyone can read it. Use a browser key restricted to your site's domain "
            "(Tianditu console), never a server key. Personal developer keys have a daily "
            "request quota, and every map tile a visitor loads counts as one request: a busy "
            "day can use it up and leave the background blank until midnight. Check the "
            "quota in the Tianditu console and apply for a higher one (an organisation "
            "account) before a launch."
        )
    return ""
