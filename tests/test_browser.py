"""The demo site in a real Chromium: what a person sees and clicks."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

TILE_HOST = "https://tile.openstreetmap.org/"


def test_map_shows_12_townships_6_stations_and_coverage(web, demo_server):
    page = web.open(demo_server.url)
    assert page.locator("path.leaflet-interactive").count() == 12
    assert page.locator(".station-marker").count() == 6
    assert "6 / 12 个街镇已覆盖 · 50%" in page.locator("#coverage-summary").inner_text()
    # Only the tile server was asked for anything off this machine, and it failed gracefully.
    assert web.blocked, "the basemap should at least have tried to load tiles"
    assert all(url.startswith(TILE_HOST) for url in web.blocked), web.blocked
    page.wait_for_selector("#tile-status:not([hidden])")


def test_clicking_a_station_shows_its_service_menu(web, demo_server):
    page = web.open(demo_server.url)
    page.locator('.station-marker[title="江桥镇精神健康社工站"]').click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "江桥镇精神健康社工站" in text
    assert "江桥镇我嘉·邻里中心（海波路）" in text
    assert "心理健康智慧终端自助服务" in text
    assert "周一至周六 9:00-17:00" in text


def test_township_tooltip_names_the_township(web, demo_server):
    page = web.open(demo_server.url)
    page.locator("path.leaflet-interactive").first.hover()
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert tooltip.inner_text().strip() in {
        "新成路街道",
        "真新街道",
        "嘉定镇街道",
        "南翔镇",
        "江桥镇",
        "安亭镇",
        "马陆镇",
        "徐行镇",
        "华亭镇",
        "外冈镇",
        "菊园新区",
        "嘉定工业区",
    }


def test_english_page_reads_in_english(web, demo_server):
    page = web.open(demo_server.url + "en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "6 of 12 townships covered · 50%" in page.inner_text("body")
    assert "Jiangqiao Town Mental-Health Social-Work Station" in page.inner_text("#station-list")


def test_layer_switcher_hides_and_shows_stations(web, demo_server):
    page = web.open(demo_server.url)
    page.locator(".leaflet-control-layers").hover()
    stations_box = page.locator(".leaflet-control-layers-overlays label", has_text="站点")
    stations_box.locator("input").uncheck()
    assert page.locator(".station-marker").count() == 0
    stations_box.locator("input").check()
    assert page.locator(".station-marker").count() == 6
