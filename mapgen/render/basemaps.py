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

    @property
    def origin(self) -> str:
        """The tile server for the Content-Security-Policy; ``{s}`` hosts become a wildcard."""
        host = urlsplit(self.url).netloc
        first, _, rest = host.partition(".")
        return f"https://*.{rest}" if "{s}" in first else f"https://{host}"


def basemap_for(site: SiteConfig) -> Basemap | None:
    """The configured preset, or None for ``basemap = "none"``."""
    if site.basemap == "osm":
        osm = providers.OpenStreetMap.Mapnik
        return Basemap("osm", osm["url"], osm["html_attribution"], int(osm["max_zoom"]))
    if site.basemap == "amap":
        gaode = providers.Gaode.Normal
        url = gaode["url"].replace("http://", "https://").replace("webrd01", "webrd0{s}")
        return Basemap("amap", url, gaode["html_attribution"].replace("http://", "https://"),
                       18, subdomains="1234", datum="gcj02")
    if site.basemap == "tianditu":
        url = ("https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile"
               "&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
               f"&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={site.tianditu_key}")
        return Basemap("tianditu", url, '&copy; <a href="https://www.tianditu.gov.cn/">天地图</a>',
                       18, subdomains="01234567")
    return None
