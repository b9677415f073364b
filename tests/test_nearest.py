"""The nearest station first: on a phone, after "sort by distance from me", a card over the
map names the nearest station (the one Python measures nearest on the ellipsoid) with its
hours and services, in view at once, and its service menu is three taps from home.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pyproj import Geod

from .conftest import BrowserPage, Server

pytestmark = pytest.mark.browser

GEO = {"latitude": 31.3000, "longitude": 121.2600}  # a point in Jiading, WGS84
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module", params=["demo_site", "large_demo_site"])
def site_server(request):
    site = request.getfixturevalue(request.param)
    server = Server(site)
    yield site, server
    server.close()


def nearest_id(site: Path, lat: float, lon: float) -> str:
    """The id of the station nearest to (lat, lon) on the WGS84 ellipsoid."""
    collection = json.loads((site / "data/stations.geojson").read_text(encoding="utf-8"))
    geod = Geod(ellps="WGS84")

    def metres(feature: dict) -> float:
        s_lon, s_lat = feature["geometry"]["coordinates"]
        return float(geod.inv(lon, lat, s_lon, s_lat)[2])

    return str(min(collection["features"], key=metres)["properties"]["id"])


def in_view(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    return (
        box is not None
        and box["y"] >= 0
        and box["x"] >= 0
        and box["y"] + box["height"] <= size["height"]
        and box["x"] + box["width"] <= size["width"]
    )


def test_nearest_station_card_in_view_and_menu_in_three_taps(browser, site_server):
    site, server = site_server
    web = BrowserPage(
        browser, viewport=PHONE, locale="zh-CN", geolocation=GEO, permissions=["geolocation"]
    )
    try:
        page = web.open(server.url)
        assert page.locator("#nearest-card").is_hidden()
        taps = 0
        page.click("#locate")
        taps += 1
        page.wait_for_selector("#nearest-card:not([hidden])")
        assert page.evaluate("window.scrollY") == 0, "the card needs no scrolling"
        assert in_view(page, "#nearest-card")
        card = page.locator("#nearest-card")
        assert card.get_attribute("data-id") == nearest_id(site, GEO["latitude"], GEO["longitude"])
        assert page.evaluate("document.activeElement.id") == "nearest-card"
        text = card.inner_text()
        assert "离您最近的" in text and "距离" in text and "今天" in text
        assert card.locator(".service-tags li").count() >= 1
        assert "最近的" in page.inner_text("#status")
        # The map frames the reader and the station, not the reader alone.
        assert page.locator(".here-marker").count() == 1
        inside = page.evaluate(
            """() => { const m = document.getElementById('map').getBoundingClientRect();
                 const h = document.querySelector('.here-marker').getBoundingClientRect();
                 return h.left >= m.left && h.right <= m.right
                   && h.top >= m.top && h.bottom <= m.bottom; }"""
        )
        assert inside, "the map frames the reader's place"
        link = card.locator(".station-name a")
        assert in_view(page, "#nearest-card .station-name a")
        link.click()
        taps += 1
        page.wait_for_load_state()
        menu = page.locator("table.menu").first
        box, height = menu.bounding_box(), page.viewport_size["height"]
        assert box is not None and 0 <= box["y"] < height, "the menu is visible without scrolling"
        assert taps <= 3
        assert not web.errors
    finally:
        web.close()


def test_the_card_closes_and_leads_to_the_whole_list(browser, demo_server):
    web = BrowserPage(
        browser, viewport=PHONE, locale="en", geolocation=GEO, permissions=["geolocation"]
    )
    try:
        page = web.open(demo_server.url + "en/")
        page.click("#locate")
        page.wait_for_selector("#nearest-card:not([hidden])")
        page.click("#nearest-all")
        assert page.evaluate("document.activeElement.id") == "list-area"
        page.click("#nearest-close")
        assert page.locator("#nearest-card").is_hidden()
        assert not web.errors
    finally:
        web.close()


def test_card_and_list_say_whether_a_station_is_open_now(browser, demo_server):
    """At a fixed moment (Monday 10:00 in Shanghai) entries say open or when they open."""
    web = BrowserPage(
        browser, viewport=PHONE, locale="zh-CN", geolocation=GEO, permissions=["geolocation"]
    )
    try:
        web.page.clock.set_fixed_time("2026-12-07T02:00:00Z")
        page = web.open(demo_server.url)
        states = page.eval_on_selector_all(
            "#station-list .open-state", "items => items.map(i => i.textContent)"
        )
        shape = re.compile(
            r"^(正在开放，\d{1,2}:\d{2} 结束|正在开放（全天）|不开放|未开放，.+ \d{1,2}:\d{2} 开放)$"
        )
        assert states and all(shape.match(s) for s in states), states
        # Monday 10:00: a station open Monday to Saturday 9:00-17:00 is open, closing at 17:00.
        assert "正在开放，17:00 结束" in states
        page.click("#locate")
        page.wait_for_selector("#nearest-card:not([hidden])")
        assert page.locator("#nearest-card .open-state").count() == 1
        assert not web.errors
    finally:
        web.close()
