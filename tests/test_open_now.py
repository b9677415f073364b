"""Open now (static/hours.js): answered on the stations' clock (Asia/Shanghai) from the
parsed week, whatever the browser's time zone; tested at fixed moments in Chromium."""

from __future__ import annotations

import pytest

from mapgen.hours import parse_week
from mapgen.i18n import STRINGS, WEEKDAYS

from .conftest import ROOT, BrowserPage

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
