"""Pages never break on hostile addresses: broken escapes, a bare ``%``, huge queries.

Anyone can send a link to the site with any query string or fragment; the page must still
set itself up (``<html data-ready="true">``) without an error, and search must work.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import BrowserPage

HOSTILE = [
    "?q=%",
    "#%",
    "?q=%25%",
    "?service=%E0%A4%A",
    "?q=%E4%B8%AD%E0%A4&type=%&tier=%ZZ&%=%",
    "?q=" + "%E5%98%89" * 40 + "%",
    "?q=" + "x" * 100_000,
    "?q=a+b&" + "service=%FF&" * 5_000,
    "#" + "%" * 10_000,
]
IDS = [
    "percent",
    "hash-percent",
    "double",
    "cut-utf8",
    "mixed",
    "long-chinese",
    "100kb-query",
    "many-params",
    "long-hash",
]


def serve_long_urls(web: BrowserPage, site: Path) -> None:
    """Serve pages straight from the folder: Python's test server refuses request lines
    over 64 KiB, while browsers (and real web servers) accept far longer addresses."""

    def fulfil(route: object) -> None:
        path = urlsplit(route.request.url).path.lstrip("/")  # type: ignore[attr-defined]
        target = site / (path or "index.html")
        if target.is_dir():
            target = target / "index.html"
        route.fulfill(path=target)  # type: ignore[attr-defined]

    web.page.route(lambda url: len(url) > 60_000, fulfil)


def open_hostile(web: BrowserPage, site: Path, url: str) -> object:
    serve_long_urls(web, site)
    page = web.open(url)
    assert page.evaluate("document.documentElement.dataset.ready") == "true"  # type: ignore[attr-defined]
    return page


@pytest.mark.browser
@pytest.mark.parametrize("hostile", HOSTILE, ids=IDS)
def test_home_page_sets_up_and_searches_whatever_the_address(
    web: BrowserPage, demo_server: object, demo_site: Path, hostile: str
):
    page = open_hostile(web, demo_site, demo_server.url + "index.html" + hostile)  # type: ignore[attr-defined]
    page.fill("#search", "外冈")  # type: ignore[attr-defined]
    page.wait_for_function("() => document.documentElement.dataset.shown === '1'")  # type: ignore[attr-defined]
    assert page.locator(".station-item:not([hidden])").count() == 1  # type: ignore[attr-defined]


@pytest.mark.browser
@pytest.mark.parametrize("page", ["stations/JD-01.html", "township", "coverage.html", "en/"])
def test_station_township_and_coverage_pages_set_up_whatever_the_address(
    web: BrowserPage, demo_server: object, demo_site: Path, page: str
):
    if page == "township":
        page = "townships/" + sorted((demo_site / "townships").glob("*.html"))[0].name
    for hostile in (HOSTILE[0], HOSTILE[1], HOSTILE[3], HOSTILE[6]):
        open_hostile(web, demo_site, demo_server.url + page + hostile)  # type: ignore[attr-defined]


@pytest.mark.browser
def test_a_query_with_a_broken_escape_is_searched_for_as_typed(
    web: BrowserPage, demo_server: object
):
    page = web.open(demo_server.url + "index.html?q=%E5%A4%96%E5%86%88")  # type: ignore[attr-defined]
    assert page.input_value("#search") == "外冈"  # type: ignore[attr-defined]
    page = web.open(demo_server.url + "index.html?q=100%")  # type: ignore[attr-defined]
    assert page.input_value("#search") == "100%"  # type: ignore[attr-defined]
