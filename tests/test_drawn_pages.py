"""A large site's station and township pages, drawn in the browser from data records,
read as a person reads them: the same facts as the small site's pages, in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mapgen.render import mapdata, pagedata
from tests.conftest import BrowserPage, copy_demo, page_of, serve

STATIONS = ["JD-01", "JD-02", "JD-03", "JD-04", "JD-05", "JD-06"]


@pytest.fixture(scope="module")
def drawn_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo through the large path, one record per bucket file on average, so the
    hashing that finds a record's file is exercised (eight files for six stations)."""
    from mapgen import build

    root = tmp_path_factory.mktemp("drawn")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mapdata, "LARGE_TOWNSHIPS", -1)
        patch.setattr(pagedata, "RECORDS_PER_BUCKET", 1)
        return build(copy_demo(root / "project"), root / "site").out


def test_a_large_site_has_one_page_per_kind_and_language(drawn_site: Path, demo_site: Path):
    for lang in ("", "en/"):
        for kind in ("stations", "townships"):
            pages = sorted(p.name for p in (drawn_site / lang / kind).iterdir())
            assert pages == ["index.html"], (lang, kind, pages)
    assert len(list((demo_site / "stations").glob("*.html"))) == len(STATIONS)
    buckets = sorted((drawn_site / "data/map/zh-CN/p").glob("s*.json"))
    assert len(buckets) == 8  # the smallest power of two with one record or fewer each
    found = {}
    for bucket in buckets:
        for slug in json.loads(bucket.read_text(encoding="utf-8")):
            found[slug] = int(bucket.stem[1:])
    assert found == {s: pagedata.bucket_of(s, 8) for s in STATIONS}


def _article(page) -> str:
    """The text of the page's main article, the small map aside (whitespace differs
    between markup and built DOM; the words may not)."""
    return page.evaluate(
        """() => {
          const article = document.querySelector('main article').cloneNode(true);
          article.querySelectorAll('.mini-map').forEach(n => n.remove());
          return article.textContent.replace(/\\s+/g, '');
        }"""
    )


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["", "en/"])
def test_drawn_pages_read_as_the_small_sites_pages(browser, drawn_site, demo_site, lang):
    drawn, static = serve(drawn_site), serve(demo_site)
    web = BrowserPage(browser, viewport={"width": 360, "height": 740})
    try:
        townships = [p.stem for p in (demo_site / "townships").glob("*.html")]
        paths = [f"{lang}stations/{s}.html" for s in STATIONS]
        paths += [f"{lang}townships/{t}.html" for t in sorted(townships)[:4]]
        for path in paths:
            page = web.open(static.url + path)
            expected = _article(page), page.title()
            links = page.eval_on_selector_all(".directions a", "as => as.map(a => a.href)")
            page = web.open(drawn.url + page_of(drawn_site, path))
            assert (_article(page), page.title()) == expected, path
            # Directions: the same points, as the Python links give them.
            drawn_links = page.eval_on_selector_all(".directions a", "as => as.map(a => a.href)")
            assert [link.split("&")[0] for link in drawn_links] == [
                link.split("&")[0] for link in links
            ]
            if path.startswith(f"{lang}stations/"):
                assert page.locator("#station-map .station-marker").count() == 1
                assert page.locator("#station-map .leaflet-overlay-pane path").count() >= 1
            else:
                assert page.locator("#township-map .leaflet-overlay-pane path").count() >= 1
        assert not web.errors
        # Nothing leaves the site but the configured basemap's tiles (blocked here).
        assert all(url.startswith("https://tile.openstreetmap.org/") for url in web.blocked)
    finally:
        web.close()
        drawn.close()
        static.close()


@pytest.mark.browser
def test_a_drawn_page_links_keep_their_record(browser, drawn_site):
    server = serve(drawn_site)
    web = BrowserPage(browser, viewport={"width": 1280, "height": 800})
    try:
        page = web.open(server.url + "townships/index.html?id=310114118")
        link = page.locator(".station-item a").first
        assert link.get_attribute("href") == "../stations/index.html?id=JD-03"
        link.click()
        page.wait_for_url("**/stations/index.html?id=JD-03")
        page.wait_for_function("() => document.documentElement.dataset.ready === 'true'")
        assert page.inner_text("h1") == "江桥镇精神健康社工站"
        assert page.title().startswith("江桥镇精神健康社工站 · ")
        page.click("a.lang-switch")
        page.wait_for_url("**/en/stations/index.html?id=JD-03")
        page.wait_for_function("() => document.documentElement.dataset.ready === 'true'")
        assert page.inner_text("h1") == "Jiangqiao Town Mental-Health Social-Work Station"
        assert not web.errors
    finally:
        web.close()
        server.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    "query", ["", "?id=", "?id=nope", "?id=%E0%A4%A", "?id=__proto__", "?id=JD-01&id=x"]
)
def test_a_missing_record_says_so_in_plain_words(browser, drawn_site, query):
    server = serve(drawn_site)
    web = BrowserPage(browser, viewport={"width": 360, "height": 740})
    try:
        page = web.open(server.url + "stations/index.html" + query)
        if query == "?id=JD-01&id=x":
            assert page.inner_text("h1") == "嘉定工业区精神健康社工站"
        else:
            assert "找不到这个页面" in page.inner_text("main")
            assert page.locator("h1").count() == 0
        assert not web.errors
    finally:
        web.close()
        server.close()
