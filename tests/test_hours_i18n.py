"""Opening hours, language fallbacks and basemap presets: the Python side of the resident pages."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mapgen import i18n
from mapgen.cli import main
from mapgen.config import SiteConfig
from mapgen.hours import describe_week, parse_week
from mapgen.render import csp, on_color
from mapgen.render.basemaps import basemap_for, basemap_note

from .conftest import copy_demo

WEEKDAYS_9_5 = ["9:00-17:00"] * 5 + ["", ""]


@pytest.mark.parametrize(
    ("text", "week"),
    [
        ("周一至周五 9:00-17:00", WEEKDAYS_9_5),
        ("星期一到星期五 9：00－17：00", WEEKDAYS_9_5),
        ("工作日 9:00-17:00", WEEKDAYS_9_5),
        ("Mon-Fri 9:00-17:00", WEEKDAYS_9_5),
        ("每天 9:00-21:00", ["9:00-21:00"] * 7),
        ("周二、周四 13:30-16:30", ["", "13:30-16:30", "", "13:30-16:30", "", "", ""]),
        ("Tue, Thu 13:30-16:30", ["", "13:30-16:30", "", "13:30-16:30", "", "", ""]),
        (
            "周一至周五 8:30-11:30, 13:30-17:00；周六 9:00-12:00",
            ["8:30-11:30, 13:30-17:00"] * 5 + ["9:00-12:00", ""],
        ),
        ("周一至周五 9:00-17:00；周末及节假日休息", WEEKDAYS_9_5),
        ("周末 10:00-16:00", ["", "", "", "", "", "10:00-16:00", "10:00-16:00"]),
    ],
)
def test_parse_week_understands_common_forms(text, week):
    assert parse_week(text) == week


@pytest.mark.parametrize(
    "text",
    ["", "预约制", "工作日", "周六至周一 9:00-12:00", "周二、周四", "9:00-17:00", "每月第二个周五"],
)
def test_parse_week_says_none_rather_than_guess(text):
    assert parse_week(text) is None


@pytest.mark.parametrize(
    ("text", "en", "zh"),
    [
        ("周一至周五 9:00-17:00", "Mon–Fri 9:00-17:00", "周一至周五 9:00-17:00"),
        ("周二、周四 13:30-16:30", "Tue, Thu 13:30-16:30", "周二、周四 13:30-16:30"),
        ("每天 9:00-21:00", "Daily 9:00-21:00", "每天 9:00-21:00"),
        (
            "周一至周五 9:00-17:00；周六 9:00-12:00",
            "Mon–Fri 9:00-17:00; Sat 9:00-12:00",
            "周一至周五 9:00-17:00；周六 9:00-12:00",
        ),
    ],
)
def test_describe_week_writes_the_hours_back_in_either_language(text, en, zh):
    week = parse_week(text)
    assert describe_week(week, "en") == en
    assert describe_week(week, "zh-CN") == zh
    assert parse_week(describe_week(week, "zh-CN")) == week


def test_pick_marks_a_chinese_fallback_on_english_pages():
    record = {"name": "江桥镇站", "name_en": "Jiangqiao", "venue": "邻里中心", "venue_en": ""}
    assert i18n.pick(record, "name", "en") == i18n.Text("Jiangqiao", "en")
    assert i18n.pick(record, "venue", "en") == i18n.Text("邻里中心", "zh-CN", fallback=True)
    assert i18n.pick(record, "venue", "zh-CN") == i18n.Text("邻里中心", "zh-CN")
    assert i18n.pick(record, "address", "en") == i18n.Text("", "zh-CN", fallback=False)


def test_every_string_exists_in_both_languages():
    assert set(i18n.STRINGS["zh-CN"]) == set(i18n.STRINGS["en"])
    assert i18n.distance(849, "zh-CN") == "850 米"
    assert i18n.distance(1234, "en") == "1.2 km"
    assert i18n.distance(12345, "en") == "12 km"


def test_language_folders():
    assert i18n.prefix("zh-CN", ["zh-CN", "en"]) == ""
    assert i18n.prefix("en", ["zh-CN", "en"]) == "en/"
    assert i18n.prefix("zh-CN", ["en", "zh-CN"]) == "zh/"


def test_header_text_colour_contrasts_with_any_accent():
    assert on_color("#1f4e9c") == "#ffffff"
    assert on_color("#ffd400") == "#1a202c"
    assert on_color("not a colour") == "#ffffff"


def test_csp_names_exactly_the_tile_hosts():
    osm = basemap_for(SiteConfig(basemap="osm"))
    assert "img-src 'self' data: https://tile.openstreetmap.org;" in csp(osm)
    amap = basemap_for(SiteConfig(basemap="amap"))
    assert amap.origins == tuple(f"https://webrd0{i}.is.autonavi.com" for i in "1234")
    assert amap.datum == "gcj02"
    tianditu = basemap_for(SiteConfig(basemap="tianditu", tianditu_key="abc"))
    assert tianditu.origins == tuple(f"https://t{i}.tianditu.gov.cn" for i in range(8))
    assert "tk=abc" in tianditu.url and "cva_w" in tianditu.labels
    assert "img-src 'self' data:;" in csp(None)
    assert basemap_for(SiteConfig(basemap="none")) is None


def test_build_warns_that_the_tianditu_key_is_public(tmp_path):
    assert basemap_note(SiteConfig(basemap="osm")) == ""
    project = copy_demo(tmp_path / "p")
    config = project / "mapgen.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'basemap = "osm"', 'basemap = "tianditu"\ntianditu_key = "0123abcd"'
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert "Tianditu key is public" in result.output
