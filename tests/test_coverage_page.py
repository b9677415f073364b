"""The coverage page in a real Chromium: sorting, the map, accessibility, no CSP breaks."""

from __future__ import annotations

import pytest

from .conftest import BrowserPage, axe_violations

pytestmark = pytest.mark.browser


def column(page: object, index: int) -> list[str]:
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        "#township-table tbody tr",
        f"rows => rows.map(r => r.cells[{index}].getAttribute('data-value'))",
    )


def test_table_sorts_by_clicking_a_header(web, demo_server):
    csp: list[str] = []
    web.page.on(
        "console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None
    )
    page = web.open(demo_server.url + "coverage.html")
    header = page.locator("#township-table thead th", has_text="距最近站点")
    index = page.locator("#township-table thead th").all_inner_texts().index(header.inner_text())
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    ascending = [float(v) for v in column(page, index)]
    assert ascending == sorted(ascending)
    assert ascending[0] == pytest.approx(1.3, abs=0.05)
    assert "升序" in page.locator("#sort-status").inner_text()
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    descending = [float(v) for v in column(page, index)]
    assert descending == sorted(descending, reverse=True)
    # The farthest township, 安亭镇, now comes first; only one column says it is sorted.
    assert page.locator("#township-table tbody tr").first.locator("th").inner_text() == "安亭镇"
    assert page.locator("#township-table th[aria-sort]").count() == 1
    names = page.locator("#township-table thead th", has_text="街镇").first
    names.locator("button").click()
    assert names.get_attribute("aria-sort") == "ascending"
    assert header.get_attribute("aria-sort") is None
    assert csp == []


def test_page_shows_target_chart_map_and_suggestions(web, demo_server):
    page = web.open(demo_server.url + "coverage.html")
    text = page.inner_text("main")
    assert "6 / 12 个街镇已覆盖（50%）" in text
    assert "还需 5 个街镇" in text
    assert page.locator(".year-chart .chart-covered").count() == 2  # 2023 and 2024
    assert page.locator("#coverage-map path.leaflet-interactive").count() >= 12
    assert page.locator(".site-badge").count() == 3
    assert page.locator(".sites > li").count() == 3
    assert page.locator("nav a[aria-current='page']").inner_text() == "覆盖情况"
    assert page.locator(".matrix tbody tr").count() == 12


def test_english_page(web, demo_server):
    page = web.open(demo_server.url + "en/coverage.html")
    assert page.locator("html").get_attribute("lang") == "en"
    text = page.inner_text("main")
    assert "6 of 12 townships covered (50%)" in text
    assert "Where the next stations should go" in text


@pytest.mark.parametrize("path", ["coverage.html", "en/coverage.html"])
def test_axe_finds_no_violations(web, demo_server, path):
    page = web.open(demo_server.url + path)
    page.locator("#township-table thead th button").nth(5).click()  # a sorted state too
    assert axe_violations(page) == []


def test_axe_on_a_phone(browser, demo_server):
    web = BrowserPage(browser, viewport={"width": 360, "height": 740}, locale="zh-CN")
    try:
        page = web.open(demo_server.url + "coverage.html")
        assert axe_violations(page) == []
        overflow = page.evaluate("() => document.documentElement.scrollWidth")
        assert overflow <= 360
    finally:
        web.close()


def test_both_languages_have_the_same_coverage_strings():
    from mapgen.i18n import COVERAGE_STRINGS

    assert set(COVERAGE_STRINGS["zh-CN"]) == set(COVERAGE_STRINGS["en"])
