"""Open now (static/hours.js): answered on the stations' clock (Asia/Shanghai) from the
parsed week, whatever the browser's time zone; tested at fixed moments in Chromium."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from mapgen.hours import parse_week
from mapgen.i18n import STRINGS, WEEKDAYS

from .conftest import ROOT, BrowserPage, build_at, copy_demo, serve
from .test_residents import READY, SHOWN, menus

pytestmark = pytest.mark.browser

WORKDAYS = parse_week("周一至周五 9:00-17:00")
SPLIT = parse_week("周一至周五 8:30-11:30, 13:30-17:00")
TUE_THU = parse_week("周二、周四 13:30-16:30")
NIGHT = ["20:00-2:00"] * 5 + ["", ""]  # past midnight, Monday to Friday evenings
ALWAYS = ["0:00-24:00"] * 7


@pytest.fixture(scope="module")
def hours(browser):
    # The browser thinks it is in Los Angeles: the answers must not change.
    web = BrowserPage(browser, timezone_id="America/Los_Angeles")
    web.page.set_content("<!doctype html><meta charset='utf-8'>")
    web.page.add_script_tag(path=str(ROOT / "mapgen/static/hours.js"))

    def describe(week: list[str] | None, moment: str, lang: str = "en") -> str | None:
        return web.page.evaluate(
            """([week, moment, strings, weekdays]) => window.mapgenHours.describe(
                window.mapgenHours.state(week, new Date(moment)), strings, weekdays)""",
            [week, moment, STRINGS[lang], list(WEEKDAYS[lang])],
        )

    describe.page = web.page  # type: ignore[attr-defined]
    yield describe
    web.close()
    assert not web.errors, web.errors


# 2026-12-01 is a Tuesday. Moments are written in Shanghai time (+08:00).
@pytest.mark.parametrize(
    ("week", "moment", "expected"),
    [
        (WORKDAYS, "2026-12-01T10:00:00+08:00", "Open now, closes at 17:00"),
        (WORKDAYS, "2026-12-01T08:59:00+08:00", "Closed, opens at 9:00"),
        (WORKDAYS, "2026-12-01T17:00:00+08:00", "Closed, opens tomorrow at 9:00"),
        (WORKDAYS, "2026-12-04T18:00:00+08:00", "Closed, opens Mon at 9:00"),  # Friday
        (WORKDAYS, "2026-12-06T23:59:00+08:00", "Closed, opens tomorrow at 9:00"),  # Sunday
        (SPLIT, "2026-12-01T12:00:00+08:00", "Closed, opens at 13:30"),
        (SPLIT, "2026-12-01T11:00:00+08:00", "Open now, closes at 11:30"),
        (TUE_THU, "2026-12-01T14:00:00+08:00", "Open now, closes at 16:30"),
        (TUE_THU, "2026-12-01T17:00:00+08:00", "Closed, opens Thu at 13:30"),
        (NIGHT, "2026-12-02T01:30:00+08:00", "Open now, closes at 2:00"),  # Tuesday's night
        (NIGHT, "2026-12-05T01:00:00+08:00", "Open now, closes at 2:00"),  # Friday's night
        (NIGHT, "2026-12-05T03:00:00+08:00", "Closed, opens Mon at 20:00"),
        (ALWAYS, "2026-12-01T03:00:00+08:00", "Open now (24 hours)"),
        (["", "", "", "", "", "", ""], "2026-12-01T10:00:00+08:00", "Closed"),
        (None, "2026-12-01T10:00:00+08:00", None),
    ],
)
def test_open_now_at_fixed_moments(hours, week, moment, expected):
    assert hours(week, moment) == expected


def test_the_station_clock_not_the_browsers(hours):
    # 02:00 UTC on Tuesday is 10:00 in Shanghai (open) and Monday 18:00 in Los Angeles.
    assert hours(WORKDAYS, "2026-12-01T02:00:00Z") == "Open now, closes at 17:00"
    assert hours(WORKDAYS, "2026-12-01T02:00:00Z", "zh-CN") == "正在开放，17:00 结束"
    assert hours(WORKDAYS, "2026-12-04T10:00:00Z", "zh-CN") == "未开放，周一 9:00 开放"


def test_is_open_answers_yes_no_or_unknown(hours):
    answers = hours.page.evaluate(
        """([a, b]) => [a, b, null].map(week =>
            window.mapgenHours.isOpen(week, new Date("2026-12-01T10:00:00+08:00")))""",
        [WORKDAYS, TUE_THU],
    )
    assert answers == [True, False, None]


# --- the "open now" filter on the home page ---------------------------------------------------
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
MONDAY_10 = dt.datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)
SUNDAY_22 = dt.datetime(2026, 12, 6, 22, 0, tzinfo=SHANGHAI)
# The demo's hours: JD-01 Mon–Fri 9–17, JD-02 Mon–Fri 8:30–16:30, JD-03 Mon–Sat 9–17,
# JD-04 Mon–Fri 9–16:30, JD-06 Tue–Sat 9–17; JD-05's are made unreadable below.
OPEN_MONDAY_10 = ["JD-01", "JD-02", "JD-03", "JD-04"]


@pytest.fixture(scope="module", params=["small", "large"])
def open_site(request, tmp_path_factory: pytest.TempPathFactory):
    """The demo, with JD-05's hours in words no parser understands (no week), built as a
    small site or through the large-site path; served."""
    root = tmp_path_factory.mktemp(f"open-now-{request.param}")
    project = copy_demo(root / "project")
    path = project / "layers/stations_gcj02.csv"
    text = path.read_text(encoding="utf-8-sig")
    text = re.sub(r"^(JD-05,.*),[^,\n]*$", r"\1,请先电话预约", text, flags=re.M)
    path.write_text(text, encoding="utf-8-sig")
    server = serve(build_at(project, root / "site", request.param))
    yield server
    server.close()


def shown(page) -> list[str]:
    """The stations left in the list and on the map (the two must agree)."""
    page.wait_for_function("() => !document.documentElement.hasAttribute('data-busy')")
    listed = page.eval_on_selector_all(
        "#station-list .station-item", "items => items.map(i => i.dataset.id)"
    )
    names = page.eval_on_selector_all(
        "#station-list .station-item h3", "hs => hs.map(h => h.textContent)"
    )
    titles = page.eval_on_selector_all(".station-marker", "ms => ms.map(m => m.title)")
    assert sorted(titles) == sorted(names)
    return sorted(listed)


def test_open_now_keeps_the_stations_open_at_this_moment(web, open_site):
    web.page.clock.set_fixed_time(MONDAY_10)
    page = web.open(open_site.url)
    assert len(shown(page)) == 6  # no hours: never hidden by the other filters
    page.get_by_label("现在开放", exact=True).check()
    page.wait_for_function(SHOWN, arg=len(OPEN_MONDAY_10))
    assert shown(page) == OPEN_MONDAY_10
    assert "显示 4 / 6 个站点" in page.inner_text("#status")  # announced (aria-live)
    assert "已选 1 项" in page.inner_text("#filter-panel summary")
    assert "open=1" in page.evaluate("location.search")
    # Each entry says until when; a reload keeps the filter.
    entry = page.locator('#station-list .station-item[data-id="JD-01"] .open-state')
    assert entry.inner_text() == "正在开放，17:00 结束"
    page.reload()
    page.wait_for_function(READY)
    assert page.get_by_label("现在开放", exact=True).is_checked()
    assert shown(page) == OPEN_MONDAY_10
    page.get_by_label("现在开放", exact=True).uncheck()
    page.wait_for_function(SHOWN, arg=6)
    assert "open=1" not in page.evaluate("location.search")


def test_open_now_on_a_sunday_night_leaves_none(web, open_site):
    web.page.clock.set_fixed_time(SUNDAY_22)
    page = web.open(open_site.url + "?open=1")
    assert page.get_by_label("现在开放", exact=True).is_checked()
    assert shown(page) == []
    assert page.locator("#no-match").is_visible()
    assert "显示 0 / 6 个站点" in page.inner_text("#status")


def test_open_now_combines_with_search_and_services(web, open_site):
    web.page.clock.set_fixed_time(MONDAY_10)
    offering = sorted(s for s, c in menus(ROOT).items() if "counselling" in c)
    page = web.open(open_site.url + "?service=counselling&open=1")
    assert shown(page) == sorted(set(offering) & set(OPEN_MONDAY_10))
    page = web.open(open_site.url + "?q=南翔&open=1")  # JD-05, the one without hours
    assert shown(page) == []
    page = web.open(open_site.url + "?q=江桥&open=1")
    assert shown(page) == ["JD-03"]


def test_open_now_follows_the_clock_as_stations_close(web, open_site):
    # 16:59:30 on a Monday: only the stations open until 17:00 remain; at 17:00 none.
    web.page.clock.install(time=MONDAY_10.replace(hour=16, minute=59, second=30))
    page = web.open(open_site.url + "?open=1")
    assert shown(page) == ["JD-01", "JD-03"]
    web.page.clock.run_for("01:00")
    page.wait_for_function(SHOWN, arg=0)
    assert shown(page) == []


def test_open_now_in_english_and_in_popups(web, open_site):
    web.page.clock.set_fixed_time(MONDAY_10)
    page = web.open(open_site.url + "en/")
    page.get_by_label("Open now", exact=True).check()
    page.wait_for_function(SHOWN, arg=len(OPEN_MONDAY_10))
    assert "Showing 4 of 6 stations" in page.inner_text("#status")
    page.locator('.station-marker[title^="Jiangqiao"]').click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Open now, closes at 17:00" in popup.inner_text()
    # A station whose hours were not understood says nothing about being open.
    page.get_by_label("Open now", exact=True).uncheck()
    page.wait_for_function(SHOWN, arg=6)
    assert page.locator('.station-item[data-id="JD-05"] .open-state').count() == 0


def test_today_is_the_stations_today_for_a_reader_abroad(browser, open_site):
    # Monday 7:00 in Shanghai is Sunday 15:00 in Los Angeles: "today" is the stations' Monday.
    web = BrowserPage(browser, timezone_id="America/Los_Angeles", locale="zh-CN")
    try:
        web.page.clock.set_fixed_time(MONDAY_10.replace(hour=7))
        page = web.open(open_site.url)
        entry = page.locator('#station-list .station-item[data-id="JD-01"]')
        assert entry.locator(".today").inner_text() == "今天 9:00-17:00"
        assert entry.locator(".open-state").inner_text() == "未开放，今天 9:00 开放"
    finally:
        web.close()
    assert not web.errors, web.errors
