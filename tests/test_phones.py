"""The site on phones (issue 11, item 9), on a 360 x 740 and a 320 x 640 screen, in both
languages: the title shown once, the legend and the "no background map" notice folded
under the map (never over a station), no box left by a tap but focus visible from the
keyboard, nothing wider than the screen, popup titles clear of the close button, axe-core
clean on every page type, and the nearest station inside the map after "nearest to me".

The demo site is built once per session; tiles are blocked, so the notice always shows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import BrowserPage, Server, axe_violations

pytestmark = pytest.mark.browser

PHONES = {"360x740": {"width": 360, "height": 740}, "320x640": {"width": 320, "height": 640}}
LANGS = {"": "zh-CN", "en/": "en"}
TITLE = {
    "": "嘉定区社区精神健康社工站服务地图",
    "en/": "Jiading Community Mental-Health Social-Work Station Map",
}
PAGE_TYPES = [
    "index.html",
    "stations/JD-03.html",
    "townships/310114118.html",
    "coverage.html",
    "embed.html",
]
EVERY_PAGE = [lang + page for lang in LANGS for page in PAGE_TYPES]
MAP_PAGES = [lang + page for lang in LANGS for page in ("index.html", "embed.html")]
GEO = {"latitude": 31.3000, "longitude": 121.2600}  # a point in Jiading, WGS84
FOCUS_COLOUR = "rgb(180, 83, 9)"  # #b45309, the site's focus ring


def phone_page(browser, size: dict[str, int], path: str, **options: object) -> BrowserPage:
    lang = "en" if path.startswith("en/") else "zh-CN"
    return BrowserPage(
        browser, viewport=size, locale=lang, is_mobile=True, has_touch=True, **options
    )


@pytest.fixture(params=list(PHONES))
def phone(request, browser):
    """A phone-sized page (both screen sizes), closed after the test, errors checked."""
    opened: list[BrowserPage] = []

    def open_page(url: str, path: str = "", **options: object):
        web = phone_page(browser, PHONES[request.param], path, **options)
        opened.append(web)
        return web, web.open(url + path)

    yield open_page
    for web in opened:
        web.close()
        assert not web.errors, f"JavaScript errors: {web.errors}"


def rects_overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def covered_markers(page) -> list[str]:
    """Station markers on view in the map but under the legend or the tile notice."""
    on_map = page.locator("#map").bounding_box()
    notes = [
        box
        for box in (page.locator(s).bounding_box() for s in (".legend", "#tile-status"))
        if box is not None
    ]
    markers = page.locator(".station-marker")
    hits = []
    for i in range(markers.count()):
        box = markers.nth(i).bounding_box()
        if box is None or not rects_overlap(box, on_map):
            continue
        if any(rects_overlap(box, note) for note in notes):
            hits.append(markers.nth(i).get_attribute("title") or str(i))
    return hits


# --- one title ------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", list(LANGS))
def test_home_page_title_is_not_repeated_and_is_its_h1(phone, demo_server, lang):
    """The site title appeared twice on a phone: in the header and as a heading under it."""
    _, page = phone(demo_server.url, lang)
    shown = page.evaluate(
        """title => [...document.querySelectorAll('body *')].filter(e =>
             e.children.length === 0 && e.textContent.trim() === title
             && e.getClientRects().length > 0).length""",
        TITLE[lang],
    )
    assert shown == 1
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text() == TITLE[lang]
    assert page.locator("h1").is_visible()


# --- legend and tile notice -----------------------------------------------------------------
@pytest.mark.parametrize("path", MAP_PAGES)
def test_legend_and_tile_notice_fold_away_and_never_cover_a_station(phone, demo_server, path):
    _, page = phone(demo_server.url, path)
    page.wait_for_selector("#tile-status:not([hidden])")
    legend = page.locator(".legend .fold-toggle")
    notice = page.locator("#tile-status .fold-toggle")
    size = page.viewport_size
    for button, body in ((legend, "#legend-keys"), (notice, "#tile-status-text")):
        assert button.get_attribute("aria-expanded") == "false"
        assert page.locator(body).is_hidden()
        box = button.bounding_box()
        assert box["height"] <= 48 and box["x"] + box["width"] <= size["width"], box
    # Every station in view (an embedded map shrank after its first fit and cut some off).
    on_map = page.locator("#map").bounding_box()
    markers = page.locator(".station-marker").all()
    assert len(markers) == 6
    assert all(rects_overlap(m.bounding_box(), on_map) for m in markers)
    assert covered_markers(page) == []

    # Open: the legend from the keyboard, the notice with a tap; named buttons either way.
    name = "Legend" if path.startswith("en/") else "图例"
    assert page.get_by_role("button", name=name, expanded=False).count() == 1
    legend.focus()
    page.keyboard.press("Enter")
    notice.tap()
    for button, body in ((legend, "#legend-keys"), (notice, "#tile-status-text")):
        assert button.get_attribute("aria-expanded") == "true"
        assert page.locator(body).is_visible()
    assert page.get_by_role("button", name=name, expanded=True).count() == 1
    assert page.inner_text("#tile-status-text").startswith(("底图加载失败", "The background map"))
    assert covered_markers(page) == []
    legend.focus()
    page.keyboard.press("Space")
    assert legend.get_attribute("aria-expanded") == "false"
    assert page.locator("#legend-keys").is_hidden()


def test_legend_and_notice_are_open_on_a_wide_screen_and_fold_when_it_narrows(web, demo_server):
    page = web.open(demo_server.url)
    page.wait_for_selector("#tile-status:not([hidden])")
    assert page.locator(".fold-toggle[aria-expanded='true']").count() == 2
    assert page.locator("#legend-keys").is_visible()
    assert page.locator("#tile-status-text").is_visible()
    page.set_viewport_size({"width": 360, "height": 740})
    page.wait_for_function(
        "document.querySelectorAll('.fold-toggle[aria-expanded=true]').length === 0"
    )
    assert page.locator("#legend-keys").is_hidden()


# --- focus ----------------------------------------------------------------------------------
FOCUSED = """() => { const a = document.activeElement, s = getComputedStyle(a);
    return {tag: a.tagName.toLowerCase(), cls: a.getAttribute('class') || '',
            outline: s.outlineStyle, stroke: s.stroke}; }"""


def tap_township(page) -> None:
    """Tap inside a township without a station, away from every marker."""
    page.locator("#map").scroll_into_view_if_needed()
    x, y = page.evaluate("""() => {
        const box = document.getElementById('map').getBoundingClientRect();
        let at = null;
        mapgenMap.eachLayer(l => {
            if (at || !(l instanceof L.Polygon)) return;
            const p = mapgenMap.latLngToContainerPoint(l.getCenter());
            const hit = document.elementFromPoint(box.left + p.x, box.top + p.y);
            if (hit && hit.tagName === 'path') at = [box.left + p.x, box.top + p.y];
        });
        return at; }""")
    page.touchscreen.tap(x, y)


def test_tapping_a_township_or_marker_leaves_no_box_but_keyboard_focus_shows(phone, demo_server):
    """Tapping a township left a black rectangle: the SVG path's focus outline."""
    _, page = phone(demo_server.url)
    tap_township(page)
    page.wait_for_selector(".leaflet-popup")
    focused = page.evaluate(FOCUSED)
    assert focused["tag"] == "path", "the tap focuses the township (Leaflet listens for focus)"
    assert focused["outline"] == "none" and focused["stroke"] != FOCUS_COLOUR
    page.locator(".station-marker").first.tap()
    focused = page.evaluate(FOCUSED)
    assert "station-marker" in focused["cls"] and focused["outline"] == "none"

    # From the keyboard, a township and a marker show where the focus is.
    page.focus("#map")
    seen: dict[str, dict] = {}
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "path":
            seen.setdefault("township", focused)
        if "station-marker" in focused["cls"]:
            seen.setdefault("marker", focused)
            break
    assert seen["township"]["stroke"] == FOCUS_COLOUR
    assert seen["marker"]["outline"] == "solid"


# --- width ----------------------------------------------------------------------------------
WIDER_THAN_SCREEN = """() => {
    // Elements whose right edge, as far as it shows (ancestors that clip or scroll cut it),
    // is past the screen's right edge.
    const width = window.innerWidth, wide = [];
    for (const node of document.body.querySelectorAll('*')) {
        const box = node.getBoundingClientRect();
        if (!box.width || !box.height) continue;
        let right = box.right;
        for (let a = node.parentElement; a && a !== document.body; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== 'visible') {
                right = Math.min(right, a.getBoundingClientRect().right);
            }
        }
        if (right > width + 0.5) wide.push(`${node.tagName}.${node.className} ${right}`);
    }
    return {scroll: document.documentElement.scrollWidth, width: width, wide: wide}; }"""


@pytest.mark.parametrize("path", EVERY_PAGE)
def test_nothing_is_wider_than_a_320px_screen(browser, demo_server, path):
    web = phone_page(browser, PHONES["320x640"], path)
    try:
        page = web.open(demo_server.url + path)
        found = page.evaluate(WIDER_THAN_SCREEN)
        assert found["scroll"] <= found["width"] == 320, found
        assert found["wide"] == [], found
        assert not web.errors
    finally:
        web.close()


# --- popups ---------------------------------------------------------------------------------
def test_english_popup_title_keeps_clear_of_the_close_button(phone, demo_server):
    _, page = phone(demo_server.url, "en/")
    page.locator('.show-on-map[data-id="JD-01"]').click()
    page.wait_for_selector(".leaflet-popup .popup-title")
    room = page.evaluate("""() => {
        const title = document.querySelector('.leaflet-popup .popup-title');
        const close = document.querySelector('.leaflet-popup .leaflet-popup-close-button');
        const box = title.getBoundingClientRect(), style = getComputedStyle(title);
        const range = document.createRange();
        range.selectNodeContents(title);
        const text = Math.max(...[...range.getClientRects()].map(r => r.right));
        return {content: box.right - parseFloat(style.paddingRight), text: text,
                close: close.getBoundingClientRect().left}; }""")
    assert room["content"] <= room["close"] - 8, room
    assert room["text"] <= room["close"] - 8, room


# --- axe ------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", EVERY_PAGE)
def test_axe_finds_no_violations_at_360px(browser, demo_server, path):
    web = phone_page(browser, PHONES["360x740"], path)
    try:
        page = web.open(demo_server.url + path)
        if page.locator("#tile-status").count():
            page.wait_for_selector("#tile-status:not([hidden])")
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        folded = page.locator(".fold-toggle").all()
        if folded:  # and with the legend and the notice open
            for button in folded:
                button.click()
            assert axe_violations(page) == []
        assert not web.errors
    finally:
        web.close()


# --- nearest to me --------------------------------------------------------------------------
@pytest.fixture(scope="module", params=["demo_site", "large_demo_site"])
def any_size_server(request):
    site = request.getfixturevalue(request.param)
    server = Server(site)
    yield site, server
    server.close()


def nearest_name(site: Path) -> str:
    """The name of the station the nearest-station card names, read from the site's data."""
    collection = json.loads((site / "data/stations.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["id"]: f["properties"]["name"] for f in collection["features"]}


def test_nearest_station_marker_is_inside_the_fitted_map(browser, any_size_server):
    site, server = any_size_server
    web = phone_page(browser, PHONES["360x740"], "", geolocation=GEO, permissions=["geolocation"])
    try:
        page = web.open(server.url)
        page.click("#locate")
        page.wait_for_selector("#nearest-card:not([hidden])")
        page.wait_for_function(
            "() => !document.documentElement.hasAttribute('data-busy') && !mapgenMap._animatingZoom"
        )
        name = nearest_name(site)[page.get_attribute("#nearest-card", "data-id")]
        found = page.evaluate(
            """name => new Promise(done => setTimeout(() => {
                let marker = null;
                mapgenMap.eachLayer(l => {
                    if (l instanceof L.Marker && l.options.title === name) marker = l; });
                if (!marker) return done(null);
                const map = document.getElementById('map').getBoundingClientRect();
                const icon = marker.getElement().getBoundingClientRect();
                done({inBounds: mapgenMap.getBounds().contains(marker.getLatLng()),
                      inBox: icon.left >= map.left && icon.right <= map.right
                          && icon.top >= map.top && icon.bottom <= map.bottom});
            }, 50))""",
            name,
        )
        assert found == {"inBounds": True, "inBox": True}, found
        assert not web.errors
    finally:
        web.close()
