"""The published site as residents use it: search, filter, list, station and township
pages, both languages, keyboard and screen-reader paths, phones, and a safe page.

Every scenario runs twice: on the demo as a small site (map data inline in the page,
townships as SVG) and on the same demo built through the large-site path (map data
chunked in data/map/ and fetched, townships on canvas tiles) — one page app for both.
Every page runs in Debian's Chromium with every non-local request blocked and counted.
"""

from __future__ import annotations

import csv
import json
import math
import random
import re
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

from mapgen import build, datum
from mapgen.render.pagedata import bucket_of

from .conftest import ROOT, BrowserPage, Server, axe_violations, build_at, copy_demo, serve

pytestmark = pytest.mark.browser

OSM_TILES = "https://tile.openstreetmap.org/"
READY = "() => document.documentElement.dataset.ready === 'true'"
SHOWN = "n => document.documentElement.dataset.shown === String(n)"


# --- the two sizes ---------------------------------------------------------------------------
SIZES = ["small", "large"]


@pytest.fixture(scope="session", params=SIZES)
def site(request) -> Path:
    """The demo site, small or through the large path; each built once per session."""
    return request.getfixturevalue("demo_site" if request.param == "small" else "large_demo_site")


@pytest.fixture(scope="session")
def server(site):
    running = Server(site)
    yield running
    running.close()


# --- helpers -----------------------------------------------------------------------------
def neighbours(page) -> int:
    """How many neighbours of its township a station's or township's page map outlines."""
    data = json.loads(page.text_content("#mapgen-data"))
    if "records" in data:  # a large site's page, drawn from its record
        slug = page.url.split("id=")[1].split("#")[0]
        url = f"{data['records']['base']}{bucket_of(slug, data['records']['buckets'])}.json"
        record = page.evaluate("url => fetch(url).then(r => r.json())", url)[slug]
        return len(record["outline"]["neighbours"])
    return len(data["outline"]["neighbours"])


def csp_watch(web: BrowserPage) -> list[str]:
    """Console messages about Content-Security-Policy violations on this page."""
    seen: list[str] = []
    web.page.on(
        "console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None
    )
    return seen


def settle(page) -> None:
    """Wait until the page has applied the last search, filter or location (on a large
    site the data it needs may still be loading)."""
    page.wait_for_function("() => !document.documentElement.hasAttribute('data-busy')")


def marker_count(page) -> int:
    settle(page)
    return page.locator(".station-marker").count()


def focused_href(page) -> str | None:
    settle(page)
    return page.evaluate("document.activeElement.getAttribute('href')")


def visible_ids(page) -> list[str]:
    settle(page)
    return page.eval_on_selector_all(
        "#station-list .station-item:not([hidden])", "items => items.map(i => i.dataset.id)"
    )


def shown_markers(page) -> int:
    """Stations on the map: lone markers plus the counts of the clusters."""
    return page.evaluate("""() => {
        const lone = document.querySelectorAll('.station-marker').length;
        let inClusters = 0;
        for (const span of document.querySelectorAll('.marker-cluster span')) {
            inClusters += parseInt(span.textContent, 10);
        }
        return lone + inClusters;
    }""")


def menus(project: Path) -> dict[str, set[str]]:
    """station id -> the service categories in its menu, read from the project's CSV."""
    offered: dict[str, set[str]] = {}
    with (project / "layers/service_menus.csv").open(encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            offered.setdefault(row["station_id"], set()).add(row["category"])
    return offered


def station_points(site: Path) -> dict[str, tuple[float, float]]:
    """id -> (lon, lat) in WGS84, from the site's own download."""
    collection = json.loads((site / "data/stations.geojson").read_text(encoding="utf-8"))
    return {
        f["properties"]["id"]: tuple(f["geometry"]["coordinates"]) for f in collection["features"]
    }


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    rad = math.pi / 180
    a = (
        math.sin((lat2 - lat1) * rad / 2) ** 2
        + math.cos(lat1 * rad) * math.cos(lat2 * rad) * math.sin((lon2 - lon1) * rad / 2) ** 2
    )
    return 6371008.8 * 2 * math.atan2(math.sqrt(a), math.sqrt(1 - a))


def tab_until(page, predicate: str, limit: int = 40) -> None:
    """Press Tab until ``predicate`` (JS, about document.activeElement) is true."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({predicate}); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


# --- search ------------------------------------------------------------------------------
def test_searching_jiangqiao_leads_to_its_station_page(web, server):
    page = web.open(server.url)
    page.fill("#search", "江桥")
    page.press("#search", "Enter")
    focused = focused_href(page)
    assert focused == server.page("stations/JD-03.html")
    assert visible_ids(page) == ["JD-03"]
    assert marker_count(page) == 1
    assert "显示 1 / 6 个站点" in page.inner_text("#status")
    page.keyboard.press("Enter")
    page.wait_for_url("**/" + server.page("stations/JD-03.html"))
    page.wait_for_function(READY)
    assert page.inner_text("h1") == "江桥镇精神健康社工站"
    assert all(url.startswith(OSM_TILES) for url in web.blocked), web.blocked


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Jiangqiao", ["JD-03"]),  # English name, on the Chinese page
        ("海波路", ["JD-03"]),  # venue
        ("南翔", ["JD-05"]),  # township
        ("智慧终端", ["JD-03", "JD-04", "JD-06"]),  # service
        ("counselling", None),  # service in English: the menus decide
    ],
)
def test_search_covers_names_venues_townships_and_services(web, server, query, expected):
    if expected is None:
        expected = sorted(s for s, c in menus(ROOT).items() if "counselling" in c)
    page = web.open(server.url)
    page.fill("#search", query)
    page.press("#search", "Enter")
    assert sorted(visible_ids(page)) == expected
    assert marker_count(page) == len(expected)


def test_searching_a_township_without_a_station_names_the_nearest(web, server):
    page = web.open(server.url)
    page.fill("#search", "华亭")
    page.press("#search", "Enter")
    assert visible_ids(page) == []
    assert page.locator("#no-match").is_visible()
    item = page.locator(".township-item:not([hidden])")
    assert item.count() == 1
    assert "华亭镇" in item.inner_text() and "最近的站点是" in item.inner_text()
    # Enter went to the first result: the township's page link.
    assert focused_href(page).startswith("townships/")


def test_search_state_survives_a_reload_and_the_language_switch(web, server):
    page = web.open(server.url)
    page.fill("#search", "江桥")
    page.press("#search", "Enter")
    page.wait_for_function("() => location.search.includes('q=')")
    page.reload()
    page.wait_for_function(READY)
    assert page.input_value("#search") == "江桥" and visible_ids(page) == ["JD-03"]
    page.click("a.lang-switch")
    page.wait_for_url("**/en/**")
    page.wait_for_function(READY)
    assert visible_ids(page) == ["JD-03"]


def test_english_home_searches_filters_and_pops_up_in_english(web, server):
    page = web.open(server.url + "en/")
    page.fill("#search", "Jiangqiao")
    page.press("#search", "Enter")
    assert visible_ids(page) == ["JD-03"]
    assert "Showing 1 of 6 stations" in page.inner_text("#status")
    assert "Jiangqiao Town Mental-Health Social-Work Station" in page.inner_text("#station-list")
    page.click("#clear")
    page.wait_for_function(SHOWN, arg=6)
    expected = sorted(s for s, offered in menus(ROOT).items() if "counselling" in offered)
    page.get_by_label("Psychological counselling", exact=True).check()
    page.wait_for_function(SHOWN, arg=len(expected))
    assert sorted(visible_ids(page)) == expected
    page.locator(
        '.station-marker[title="Jiangqiao Town Mental-Health Social-Work Station"]'
    ).click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Psychological counselling" in popup.inner_text()
    assert page.get_attribute(".leaflet-popup-close-button", "aria-label") == "Close"


def test_a_stray_percent_in_the_address_is_searched_for_not_an_error(web, server):
    page = web.open(server.url + "?q=%25&service=%")
    assert page.input_value("#search") == "%"
    page = web.open(server.url + "?q=%")
    assert page.input_value("#search") == "%"
    assert visible_ids(page) == []


def test_a_small_site_works_from_a_double_clicked_index_html(browser, demo_site):
    """Its map data is in the page: no server needed (file:// forbids fetch)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    blocked: list[str] = []

    def route(route) -> None:
        if route.request.url.startswith(("file://", "data:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto((demo_site / "index.html").as_uri())
        page.wait_for_function(READY, timeout=15000)
        assert page.locator(".station-marker").count() == 6
        assert page.locator("#station-list .station-item").count() == 6
        page.fill("#search", "江桥")
        page.press("#search", "Enter")
        assert visible_ids(page) == ["JD-03"]
        assert not errors, errors
        assert all(url.startswith(OSM_TILES) for url in blocked), blocked
    finally:
        context.close()


# --- filters -----------------------------------------------------------------------------
def test_filtering_by_counselling_shows_exactly_the_stations_offering_it(web, server):
    expected = sorted(s for s, offered in menus(ROOT).items() if "counselling" in offered)
    page = web.open(server.url)
    page.get_by_label("心理咨询", exact=True).check()
    assert sorted(visible_ids(page)) == expected
    assert marker_count(page) == len(expected)
    titles = page.eval_on_selector_all(".station-marker", "ms => ms.map(m => m.title)")
    names = page.eval_on_selector_all(
        "#station-list .station-item:not([hidden]) h3", "hs => hs.map(h => h.textContent)"
    )
    assert sorted(titles) == sorted(names)
    assert f"显示 {len(expected)} / 6 个站点" in page.inner_text("#status")
    assert page.get_attribute("#status", "aria-live") == "polite"
    assert "已选 1 项" in page.inner_text("#filter-panel summary")
    page.click("#clear")
    page.wait_for_function("() => document.documentElement.dataset.shown === '6'")
    assert marker_count(page) == 6


def test_service_and_type_filters_combine(web, server):
    page = web.open(server.url)
    page.get_by_label("心理咨询", exact=True).check()
    page.get_by_label("社区卫生服务中心", exact=True).check()
    assert sorted(visible_ids(page)) == ["JD-02", "JD-05"]
    assert marker_count(page) == 2


# --- list and distance ----------------------------------------------------------------------
def test_list_is_by_township_and_shows_hours_today_and_services(web, server):
    page = web.open(server.url)
    order = visible_ids(page)
    assert len(order) == 6
    townships = page.eval_on_selector_all(
        "#station-list .station-item",
        "items => items.map(i => i.querySelector('.place').textContent)",
    )
    codes = {
        "新成路街道": "310114001",
        "南翔镇": "310114102",
        "马陆镇": "310114106",
        "外冈镇": "310114109",
        "江桥镇": "310114118",
        "嘉定工业区": "310114501",
    }
    assert [codes[t] for t in townships] == sorted(codes[t] for t in townships)
    first = page.locator("#station-list .station-item").first
    assert re.search(r"今天(不开放| \d{1,2}:\d{2}-\d{1,2}:\d{2})", first.inner_text())
    assert first.locator(".service-tags li").count() >= 1


GEO = {"latitude": 31.3000, "longitude": 121.2600}  # a point in Jiading, WGS84


def test_sharing_a_location_sorts_the_list_by_distance(browser, server, site):
    web = BrowserPage(
        browser,
        viewport={"width": 1280, "height": 800},
        locale="zh-CN",
        geolocation=GEO,
        permissions=["geolocation"],
    )
    try:
        page = web.open(server.url)
        page.click("#locate")
        page.wait_for_function("() => document.documentElement.dataset.sorted === 'distance'")
        points = station_points(site)
        expected = sorted(
            points,
            key=lambda s: haversine(GEO["latitude"], GEO["longitude"], points[s][1], points[s][0]),
        )
        assert visible_ids(page) == expected
        first = page.locator("#station-list .station-item").first
        metres = haversine(GEO["latitude"], GEO["longitude"], *points[expected[0]][::-1])
        assert f"距离 {metres / 1000:.1f} 公里" in first.inner_text()
        assert "已按与您的距离排序" in page.inner_text("#status")
        # Filtering keeps the order and the note.
        page.get_by_label("心理咨询", exact=True).check()
        assert visible_ids(page) == [s for s in expected if "counselling" in menus(ROOT)[s]]
        assert "已按与您的距离排序" in page.inner_text("#status")
        assert not web.errors
    finally:
        web.close()


def test_i_am_here_by_tapping_the_map_or_by_keyboard(web, server):
    page = web.open(server.url)
    page.click("#pick-location")
    assert page.locator(".crosshair").is_visible()
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3)
    page.wait_for_function("() => document.documentElement.dataset.sorted === 'distance'")
    metres = page.eval_on_selector_all(
        "#station-list .station-item", "items => items.map(i => +i.dataset.metres)"
    )
    assert metres == sorted(metres) and len(metres) == 6
    assert not page.locator(".crosshair").is_visible()
    # With a keyboard: the button, then Enter on the map picks the cross in its centre.
    page.focus("#pick-location")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "map"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    # The focus goes to the nearest station's card.
    page.wait_for_function("() => document.activeElement.id === 'nearest-card'")
    again = page.eval_on_selector_all(
        "#station-list .station-item", "items => items.map(i => +i.dataset.metres)"
    )
    assert again == sorted(again) and again != metres


# --- station and township pages ---------------------------------------------------------------
def test_station_page_has_everything_a_visitor_needs(web, server, site):
    page = web.open(server.url + server.page("stations/JD-03.html"))
    assert page.inner_text("h1") == "江桥镇精神健康社工站"
    facts = page.inner_text(".facts")
    for text in (
        "江桥镇我嘉·邻里中心（海波路）",
        "江桥镇",
        "周一至周六 9:00-17:00",
        "社区党群服务中心",
    ):
        assert text in facts
    assert page.locator(".week tr.is-today").count() == 1
    assert page.locator(".today-line").is_visible()
    menu = page.inner_text("table.menu")
    assert "心理咨询" in menu and "周二、周四 13:30-16:30" in menu
    # Directions in each map's own datum.
    lon, lat = station_points(site)["JD-03"]
    gcj = datum.from_wgs84([lon], [lat], "gcj02")
    bd = datum.from_wgs84([lon], [lat], "bd09")
    links = dict(
        zip(
            page.eval_on_selector_all(".directions a", "as => as.map(a => a.textContent)"),
            page.eval_on_selector_all(".directions a", "as => as.map(a => a.href)"),
            strict=True,
        )
    )
    amap = re.search(r"position=([\d.]+),([\d.]+)", links["高德地图（在新窗口打开）"])
    baidu = re.search(r"location=([\d.]+),([\d.]+)", links["百度地图（在新窗口打开）"])
    osm = re.search(r"mlat=([\d.]+)&mlon=([\d.]+)", links["OpenStreetMap（在新窗口打开）"])
    tencent = re.search(r"coord:([\d.]+),([\d.]+)", links["腾讯地图（在新窗口打开）"])
    assert abs(float(tencent[2]) - gcj[0][0]) < 1e-5 and abs(float(tencent[1]) - gcj[1][0]) < 1e-5
    assert abs(float(amap[1]) - gcj[0][0]) < 1e-5 and abs(float(amap[2]) - gcj[1][0]) < 1e-5
    assert abs(float(baidu[2]) - bd[0][0]) < 1e-5 and abs(float(baidu[1]) - bd[1][0]) < 1e-5
    assert abs(float(osm[2]) - lon) < 1e-5 and abs(float(osm[1]) - lat) < 1e-5
    # The mini-map: the station, its township's outline and its neighbours' (item 3).
    assert page.locator("#station-map .station-marker").count() == 1
    assert page.locator("#station-map .leaflet-overlay-pane path").count() == 1 + neighbours(page)
    permalink = server.page("stations/JD-03.html").removeprefix("stations/")
    assert page.get_attribute(".permalink", "href") == permalink
    # Printing keeps the facts and the menu, drops the controls and the map.
    page.emulate_media(media="print")
    assert page.locator("table.menu").is_visible()
    assert not page.locator("#station-map").is_visible()
    assert not page.locator(".site-header nav").is_visible()


def test_station_page_links_a_phone_number(tmp_path, browser):
    project = copy_demo(tmp_path / "p")
    config = project / "mapgen.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('hours = "开放时间"', 'hours = "开放时间"\nphone = "电话"')
    text = text.replace('"opened", "hours"]', '"opened", "hours", "phone"]')
    config.write_text(text, encoding="utf-8")
    stations = project / "layers/stations_gcj02.csv"
    rows = stations.read_text(encoding="utf-8-sig").splitlines()
    rows = [rows[0] + ",电话"] + [r + ",021-5999 0000" for r in rows[1:]]
    stations.write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    server = serve(build(project, tmp_path / "site").out)
    web = BrowserPage(browser, viewport={"width": 360, "height": 740})
    try:
        page = web.open(server.url + server.page("stations/JD-01.html"))
        assert page.locator('.facts a[href="tel:02159990000"]').inner_text() == "021-5999 0000"
    finally:
        web.close()
        server.close()


def test_township_pages_list_stations_or_name_the_nearest(web, server):
    page = web.open(server.url + server.page("townships/310114118.html"))
    assert page.inner_text("h1") == "江桥镇"
    assert page.locator(".station-item a").first.get_attribute("href") == server.page(
        "../stations/JD-03.html"
    )
    assert "心理咨询" in page.inner_text("#offered-heading + ul")
    assert page.locator("#township-map .leaflet-overlay-pane path").count() == 1 + neighbours(page)
    page = web.open(server.url + server.page("townships/310114111.html"))  # 华亭镇: no station
    text = page.inner_text(".no-station")
    assert "本街镇暂无站点。" in text and "最近的站点是" in text
    nearest = page.locator(".no-station a")
    href = nearest.get_attribute("href")
    assert href.startswith("../stations/") and "JD-" in href
    assert page.locator("#township-map .station-marker").count() == 1
    english = web.open(server.url + server.page("en/townships/310114111.html"))
    assert "No station in this township yet." in english.inner_text(".no-station")
    assert "The nearest is" in english.inner_text(".no-station")


# --- two languages ----------------------------------------------------------------------------
def test_language_switch_round_trip_on_home_and_station_pages(web, server):
    page = web.open(server.url)
    page.click("a.lang-switch")
    page.wait_for_url("**/en/index.html")
    page.wait_for_function(READY)
    assert page.get_attribute("html", "lang") == "en"
    assert "Showing 6 of 6 stations" in page.inner_text("#status")
    page.click("a.lang-switch")
    page.wait_for_url(server.url + "index.html")
    assert page.get_attribute("html", "lang") == "zh-CN"

    page = web.open(server.url + server.page("stations/JD-03.html#services"))
    page.click("a.lang-switch")
    page.wait_for_url("**/" + server.page("en/stations/JD-03.html#services"))
    page.wait_for_function(READY)
    assert page.inner_text("h1") == "Jiangqiao Town Mental-Health Social-Work Station"
    assert "Psychological counselling" in page.inner_text("table.menu")
    page.click("a.lang-switch")
    page.wait_for_url("**/" + server.page("stations/JD-03.html#services"))
    assert "/en/" not in page.url and page.inner_text("h1") == "江桥镇精神健康社工站"


def test_english_pages_mark_chinese_fallbacks_and_write_hours_in_english(web, server):
    page = web.open(server.url + server.page("en/stations/JD-03.html"))
    venue = page.locator(".facts dd").first
    assert venue.locator('span[lang="zh-CN"]').inner_text() == "江桥镇我嘉·邻里中心（海波路）"
    assert "(Chinese)" in venue.inner_text()
    hours = page.locator(".facts dd.hours")
    assert "Mon–Sat 9:00-17:00" in hours.inner_text()
    assert "(Chinese)" not in hours.inner_text()
    assert "Mon" in page.inner_text(".week")


# --- keyboard and screen readers ----------------------------------------------------------------
def test_keyboard_only_from_home_to_a_station_service_menu(web, server):
    page = web.open(server.url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("document.activeElement.textContent") == "跳到站点列表"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "list-area"
    page.keyboard.press("Tab")
    href = focused_href(page)
    assert href.startswith("stations/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/" + href)
    page.wait_for_function(READY)
    tab_until(page, "el.getAttribute('href') === '#services'")
    page.keyboard.press("Enter")
    page.wait_for_url("**#services")
    assert page.evaluate("document.activeElement.id") == "services"
    menu = page.locator("table.menu")
    assert menu.is_visible()
    box, height = menu.bounding_box(), page.viewport_size["height"]
    assert 0 <= box["y"] < height, "the menu should be scrolled into view"


def test_show_on_map_moves_focus_into_the_popup_and_back(web, server):
    page = web.open(server.url)
    button = page.locator('.show-on-map[data-id="JD-03"]')
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup")
    assert focused_href(page) == server.page("stations/JD-03.html")
    assert page.get_attribute(".leaflet-popup-close-button", "aria-label") == "关闭"
    page.keyboard.press("Escape")
    page.wait_for_selector(".leaflet-popup", state="detached")
    assert page.evaluate("document.activeElement.dataset.id") == "JD-03"


def test_map_controls_have_names_in_the_page_language(web, server):
    page = web.open(server.url)
    assert page.get_attribute(".leaflet-control-zoom-in", "title") == "放大"
    assert page.get_attribute(".leaflet-control-zoom-out", "title") == "缩小"
    assert page.get_attribute(".leaflet-control-layers-toggle", "aria-label") == "图层"
    page = web.open(server.url + "en/")
    assert page.get_attribute(".leaflet-control-zoom-in", "title") == "Zoom in"
    assert page.get_attribute(".leaflet-control-layers-toggle", "aria-label") == "Layers"


def test_the_list_says_what_the_map_shows(web, server):
    """Every station and every township's coverage is in the list, not only on the map."""
    page = web.open(server.url)
    assert page.locator("#station-list .station-item").count() == 6
    townships = page.locator(".township-item")
    assert townships.count() == 12
    assert page.locator(".township-item .is-covered").count() == 6
    assert page.locator(".township-item .is-uncovered").count() == 6


PAGES = [
    "",
    "en/",
    "stations/JD-03.html",
    "en/stations/JD-03.html",
    "townships/310114118.html",
    "en/townships/310114111.html",
]


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations(web, server, path):
    page = web.open(server.url + server.page(path))
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["", "stations/JD-01.html", "townships/310114111.html"])
def test_axe_on_a_phone_and_with_a_popup_open(browser, server, path):
    web = BrowserPage(browser, viewport={"width": 360, "height": 740}, locale="zh-CN")
    try:
        page = web.open(server.url + server.page(path))
        if not path:
            page.locator('.show-on-map[data-id="JD-03"]').click()
            page.wait_for_selector(".leaflet-popup")
            page.locator("#filter-panel summary").click()
        assert axe_violations(page) == []
    finally:
        web.close()


# --- phones -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path", ["", "en/", "stations/JD-01.html", "en/stations/JD-01.html", "townships/310114111.html"]
)
def test_fits_a_360px_phone(browser, server, path):
    web = BrowserPage(
        browser,
        viewport={"width": 360, "height": 740},
        locale="zh-CN",
        is_mobile=True,
        has_touch=True,
    )
    try:
        page = web.open(server.url + server.page(path))
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        if not path or path == "en/":
            map_box = page.locator("#map").bounding_box()
            list_box = page.locator("#station-list").bounding_box()
            assert list_box["y"] >= map_box["y"] + map_box["height"], "list below the map"
            assert page.locator("#station-list .station-item").first.is_visible()
            # Filters fold away on a phone, one tap opens them.
            assert not page.get_by_label("心理咨询", exact=True).is_visible() or path
        assert not web.errors
    finally:
        web.close()


# --- safe page ----------------------------------------------------------------------------------
def csp_of(page) -> dict[str, list[str]]:
    content = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    return {d.split()[0]: d.split()[1:] for d in content.split(";") if d.strip()}


@pytest.mark.parametrize("path", ["", "stations/JD-03.html", "townships/310114111.html"])
def test_csp_allows_only_the_site_and_the_tile_server(web, server, path):
    violations = csp_watch(web)
    page = web.open(server.url + server.page(path))
    policy = csp_of(page)
    assert policy["img-src"] == ["'self'", "data:", OSM_TILES.rstrip("/")]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    html = page.content()
    assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\"))", html)
    page.wait_for_timeout(300)
    assert violations == []
    assert all(url.startswith(OSM_TILES) for url in web.blocked), web.blocked


def test_no_inline_style_or_script_in_any_built_page(site):
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert " style=" not in html, page
        assert not re.search(r"<script(?![^>]*\b(src=|type=\"application/json\"))", html), page
        assert not re.search(r"\son[a-z]+=", html), page


def project_with_basemap(tmp_path: Path, basemap: str) -> Path:
    project = copy_demo(tmp_path / f"p-{basemap}")
    config = project / "mapgen.toml"
    text = config.read_text(encoding="utf-8").replace(
        'basemap = "osm"',
        f'basemap = "{basemap}"' + ('\ntianditu_key = "0123abcd"' if basemap == "tianditu" else ""),
    )
    config.write_text(text, encoding="utf-8")
    return project


@pytest.mark.parametrize("size", SIZES)
def test_amap_tiles_get_gcj02_overlays_everywhere(tmp_path, browser, size):
    project = project_with_basemap(tmp_path, "amap")
    site = build_at(project, tmp_path / "site-amap", size)
    server = serve(site)
    web = BrowserPage(
        browser,
        viewport={"width": 1280, "height": 800},
        locale="zh-CN",
        geolocation=GEO,
        permissions=["geolocation"],
    )
    violations = csp_watch(web)
    try:
        hosts = [f"https://webrd0{i}.is.autonavi.com" for i in "1234"]
        lon, lat = station_points(site)["JD-03"]
        (gx,), (gy,) = datum.from_wgs84([lon], [lat], "gcj02")
        page = web.open(server.url + server.page("stations/JD-03.html"))
        assert csp_of(page)["img-src"] == ["'self'", "data:", *hosts]
        marker = page.evaluate("""(() => { let at = null; mapgenMap.eachLayer(l => {
            if (l instanceof L.Marker) at = l.getLatLng(); }); return [at.lng, at.lat]; })()""")
        assert abs(marker[0] - gx) < 1e-6 and abs(marker[1] - gy) < 1e-6
        # The browser's WGS84 location is shifted onto the GCJ-02 tiles too.
        page = web.open(server.url)
        page.click("#locate")
        page.wait_for_function("() => document.documentElement.dataset.sorted === 'distance'")
        here = page.evaluate("""(() => { let at = null; mapgenMap.eachLayer(l => {
            if (l instanceof L.Marker && l.options.icon.options.className === "here-marker")
                at = l.getLatLng(); });
            return [at.lng, at.lat]; })()""")
        (hx,), (hy,) = datum.from_wgs84([GEO["longitude"]], [GEO["latitude"]], "gcj02")
        assert abs(here[0] - hx) < 1e-5 and abs(here[1] - hy) < 1e-5
        assert web.blocked and all(url.startswith(tuple(hosts)) for url in web.blocked)
        assert violations == [] and not web.errors
    finally:
        web.close()
        server.close()


@pytest.mark.parametrize("size", SIZES)
def test_tianditu_names_its_hosts_and_no_basemap_loads_nothing(tmp_path, browser, size):
    tianditu = build_at(project_with_basemap(tmp_path, "tianditu"), tmp_path / "s-tdt", size)
    none = build_at(project_with_basemap(tmp_path, "none"), tmp_path / "s-none", size)
    for site, hosts in (
        (tianditu, [f"https://t{i}.tianditu.gov.cn" for i in range(8)]),
        (none, []),
    ):
        server = serve(site)
        web = BrowserPage(browser, viewport={"width": 1280, "height": 800})
        try:
            page = web.open(server.url)
            assert csp_of(page)["img-src"] == ["'self'", "data:", *hosts]
            page.wait_for_timeout(300)
            assert all(url.startswith(tuple(hosts)) for url in web.blocked), web.blocked
            assert bool(web.blocked) == bool(hosts)
            assert not web.errors
        finally:
            web.close()
            server.close()


# --- many stations: clustered markers -------------------------------------------------------------
def clustered_project(
    tmp_path: Path, count: int = 260
) -> tuple[Path, dict[str, set[str]], dict[str, str]]:
    """The demo with ``count`` stations spread over its townships, services drawn at random."""
    project = copy_demo(tmp_path / "many")
    townships = json.loads((project / "layers/townships_gcj02.geojson").read_text("utf-8"))
    shapes = [(f["properties"]["name"], shape(f["geometry"])) for f in townships["features"]]
    categories = ["referral", "counselling", "self_help", "lecture", "home_visit"]
    types = ["community_centre", "health_centre", "disability_service"]
    rng = random.Random(7)
    header = "站点编号,站点名称,name_en,所属街镇,服务场所,场所类型,经度,纬度,启用时间,批次,开放时间"
    rows, menu, kinds = [header], ["station_id,category,schedule"], {}
    offered: dict[str, set[str]] = {}
    for i in range(count):
        name, area = shapes[i % len(shapes)]
        minx, miny, maxx, maxy = area.bounds
        while True:
            point = shapely.Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
            if area.buffer(-0.002).contains(point):
                break
        sid = f"T-{i:03d}"
        kinds[sid] = types[i % 3]
        rows.append(
            f"{sid},{name}第{i}站,Station {i},{name},{name}服务点,{kinds[sid]},"
            f"{point.x:.6f},{point.y:.6f},2024-01,1,周一至周五 9:00-17:00"
        )
        offered[sid] = set(rng.sample(categories, rng.randint(1, 3)))
        menu += [f"{sid},{c},工作日" for c in sorted(offered[sid])]
    (project / "layers/stations_gcj02.csv").write_text("\n".join(rows) + "\n", "utf-8-sig")
    (project / "layers/service_menus.csv").write_text("\n".join(menu) + "\n", "utf-8")
    return project, offered, kinds


def test_clustered_markers_list_and_counts_filter_together(tmp_path, browser):
    project, offered, kinds = clustered_project(tmp_path)
    site = build(project, tmp_path / "site-many").out
    server = serve(site)
    web = BrowserPage(browser, viewport={"width": 1280, "height": 800}, locale="zh-CN")
    try:
        page = web.open(server.url)
        total = len(offered)
        assert page.locator(".marker-cluster").count() > 0, "markers should be clustered"
        page.wait_for_timeout(400)  # markercluster adds in chunks
        assert shown_markers(page) == total
        page.get_by_label("心理咨询", exact=True).check()
        expected = {s for s, c in offered.items() if "counselling" in c}
        page.wait_for_function(SHOWN, arg=len(expected))
        assert set(visible_ids(page)) == expected
        assert f"显示 {len(expected)} / {total} 个站点" in page.inner_text("#status")
        page.wait_for_timeout(400)  # markercluster adds in chunks
        assert shown_markers(page) == len(expected)
        page.get_by_label("社区卫生服务中心", exact=True).check()
        both = {s for s in expected if kinds[s] == "health_centre"}
        page.wait_for_function(SHOWN, arg=len(both))
        assert set(visible_ids(page)) == both
        page.wait_for_timeout(400)
        assert shown_markers(page) == len(both)
        # "Show on map" opens a clustered marker's popup.
        first = sorted(both)[0]
        page.locator(f'.show-on-map[data-id="{first}"]').click()
        page.wait_for_selector(".leaflet-popup")
        assert focused_href(page) == server.page(f"stations/{first}.html")
        assert not web.errors
    finally:
        web.close()
        server.close()
