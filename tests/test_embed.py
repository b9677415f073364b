"""embed.html: the map in an <iframe> on another site's page."""

from __future__ import annotations

import pytest

from mapgen import build

from .conftest import Server, axe_violations, copy_demo

pytestmark = pytest.mark.browser

HOST = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>区政府网站</title></head>
<body><h1>区政府网站</h1><div style="height:50px">正文</div>
<iframe src="embed.html" title="社工站地图" width="600" height="700"></iframe>
<div style="height:2000px">更多正文</div></body></html>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    out = build(copy_demo(tmp_path_factory.mktemp("embed"))).out
    (out / "host.html").write_text(HOST, encoding="utf-8")  # the host page, not the site's
    server = Server(out)
    yield server
    server.close()


def test_embed_has_map_legend_search_and_a_link_to_the_full_site(web, site):
    page = web.open(site.url + "embed.html")
    assert page.locator(".station-marker").count() == 6
    assert page.locator(".legend").is_visible()
    assert not page.locator(".site-header, .site-footer, .share").count()
    full = page.locator("a.embed-full")
    assert full.get_attribute("target") == "_blank"
    assert full.get_attribute("href") == "index.html"
    page.fill("#search", "江桥")
    page.wait_for_function(
        "() => document.querySelectorAll('.station-item:not([hidden])').length === 1"
    )
    assert page.evaluate("window.mapgenMap.gestureHandling.enabled()")
    assert axe_violations(page, runOnly=["wcag2a", "wcag2aa"]) == []


def test_the_host_page_scrolls_over_the_embedded_map(web, site):
    page = web.page
    page.goto(site.url + "host.html")
    frame = page.frame_locator("iframe")
    frame.locator(".station-marker").first.wait_for()
    inner = next(f for f in page.frames if f.url.endswith("embed.html"))
    zoom = inner.evaluate("window.mapgenMap.getZoom()")
    box = frame.locator("#map").bounding_box()  # in the host page's coordinates
    assert box["y"] + box["height"] / 2 < 800  # the wheel turns over the map itself
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(400)
    assert page.evaluate("window.scrollY") > 0  # the wheel scrolled the host page…
    assert inner.evaluate("window.mapgenMap.getZoom()") == zoom  # …not the map
