"""Search as people type: the build-time index (mapgen/search.py) and the matcher that
reads it in the browser (static/search.js), run in Chromium on the demo's index."""

from __future__ import annotations

import dataclasses

import pytest

from mapgen.project import load_project
from mapgen.public import PublicData, nearest_open_stations, public_data
from mapgen.search import core, keys, normalise, search_index

from .conftest import ROOT, BrowserPage


@pytest.fixture(scope="module")
def demo_data() -> tuple[PublicData, dict]:
    project = load_project(ROOT)
    return public_data(project), nearest_open_stations(project)


@pytest.fixture(scope="module")
def index(demo_data) -> dict:
    data, nearest = demo_data
    return search_index(data, "zh-CN", nearest)


# --- the index (Python) -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("江桥镇", "江桥"),
        ("江桥社工站", "江桥"),
        ("江桥镇社会工作服务站", "江桥"),
        ("真新街道", "真新"),
        ("镇江市", "镇江"),  # a one-character word is generic only after a name
        ("城北村", "城北"),
        ("小区", "小区"),
        ("江橋鎮社工站", "江橋"),
        ("Jiangqiao Town Social-Work Station", "jiangqiao"),
        ("Community Centre", ""),
    ],
)
def test_core_drops_generic_words_and_suffixes(name, expected):
    assert core(name) == expected


def test_keys_hold_pinyin_initials_and_both_scripts():
    found = keys("江桥镇精神健康社工站")
    for key in ("江桥镇精神健康社工站", "江桥 精神健康", "江橋 精神健康", "jq jsjk"):
        assert key in found
    assert "jiangqiao jingshenjiankang" in found
    assert "江桥" in keys("江橋鎮")  # Traditional data is searchable in Simplified too
    assert {"lv", "lu"} <= set(keys("绿"))


def test_normalise_folds_width_case_accents_and_punctuation():
    assert normalise("ＪＩĀＮＧqiáo·站（海波路）") == "jiangqiao 站 海波路"


def test_index_follows_its_schema(index, demo_data):
    data, _ = demo_data
    assert index["version"] == 1 and index["lang"] == "zh-CN"
    assert len(index["stations"]) == len(data.stations)
    assert len(index["townships"]) == len(data.townships)
    assert index["generic"] == sorted(index["generic"], key=lambda w: (-len(w), w))
    for i, station in enumerate(index["stations"]):
        assert set(station) == {
            "id", "slug", "label", "township", "lon", "lat", "name", "venue", "services"
        }  # fmt: skip
        assert i in index["townships"][station["township"]]["stations"]
    for township in index["townships"]:
        assert (township["nearest"] is None) == bool(township["stations"])


def test_index_publishes_only_public_fields(demo_data):
    data, nearest = demo_data
    without_english = dataclasses.replace(
        data, stations=[{k: v for k, v in s.items() if k != "name_en"} for s in data.stations]
    )
    index = search_index(without_english, "en", nearest)
    text = repr(index).lower()
    assert "social work station" not in text  # the station names' English is not published
    assert "jiangqiao" in text  # pinyin of the Chinese names is


def test_english_index_labels_are_english(demo_data):
    data, nearest = demo_data
    index = search_index(data, "en", nearest)
    assert index["stations"][0]["label"].startswith("Anting") or all(
        s["label"].isascii() for s in index["stations"]
    )


# --- the matcher (JS, in Chromium) ------------------------------------------------------
@pytest.fixture(scope="module")
def match(browser, index):
    web = BrowserPage(browser)
    page = web.page
    page.set_content("<!doctype html><meta charset='utf-8'>")
    page.add_script_tag(path=str(ROOT / "mapgen/static/search.js"))
    page.evaluate("index => { window.index = index; }", index)

    def run(query: str, **options: object) -> list[dict]:
        return page.evaluate(
            "([query, options]) => window.mapgenSearch.match(window.index, query, options)",
            [query, options],
        )

    run.page = page  # type: ignore[attr-defined]
    yield run
    web.close()
    assert not web.errors, f"JavaScript errors: {web.errors}"


def first_station(results: list[dict]) -> str:
    return next(r["id"] for r in results if r["type"] == "station")


@pytest.mark.browser
@pytest.mark.parametrize(
    "query",
    ["江桥", "江桥站", "江桥社工站", "江桥镇社工站", "jiangqiao", "JiangQiao", "jq", "江橋",
     "江橋鎮社工站", "jianqiao", "jiangqioa", "Jiangqiao Station", "jiāngqiáo", "江桥精神健康站"],
)  # fmt: skip
def test_every_way_of_writing_jiangqiao_finds_its_station_first(match, query):
    results = match(query)
    assert first_station(results) == "JD-03", results[:3]


@pytest.mark.browser
def test_names_rank_before_venues_before_services(match, index):
    fields = [r["field"] for r in match("嘉定") if r["type"] == "station"]
    order = ["name", "township", "venue", "service"]
    assert fields == sorted(fields, key=order.index)
    services = match("心理咨询")
    assert services and {r["field"] for r in services} == {"service"}
    assert match("xlzx") == services  # initials of a service too


@pytest.mark.browser
def test_a_township_query_lists_its_stations_or_its_nearest(match, index):
    results = match("真新")
    assert results[0]["type"] == "township" and results[0]["label"] == "真新街道"
    nearest = results[1]
    assert nearest["type"] == "station" and nearest["via"] == results[0]["index"]
    expected = index["townships"][results[0]["index"]]["nearest"]
    assert [nearest["index"], nearest["nearest"]] == expected
    # A township with stations: each of them is listed (by its own name, or under it).
    results = match("嘉定工业区")
    township = next(r for r in results if r["type"] == "township")
    stations = index["townships"][township["index"]]["stations"]
    assert stations
    assert set(stations) <= {r["index"] for r in results if r["type"] == "station"}
    ids = [r["id"] for r in results if r["type"] == "station"]
    assert len(ids) == len(set(ids))  # a station is listed once


@pytest.mark.browser
def test_typos_are_forgiven_only_in_longer_latin_words(match):
    assert first_station(match("jaingqiao")) == "JD-03"  # two letters swapped: one edit
    assert first_station(match("jiangqiaoo")) == "JD-03"
    assert match("xq") == [] or all(r["quality"] < 3 for r in match("xq"))
    assert match("zzzzzz") == []
    assert match("kiangqiao") == []  # the first letter must be right
    assert match("") == [] and match("   ") == []


@pytest.mark.browser
def test_several_words_must_all_match(match):
    both = match("江桥 心理咨询")
    assert [r["id"] for r in both if r["type"] == "station"] == ["JD-03"]
    assert match("江桥 zzzz") == []


@pytest.mark.browser
def test_limit_caps_the_results(match):
    assert len(match("jd", limit=2)) == 2


@pytest.mark.browser
def test_query_normal_form_is_the_same_in_python_and_javascript(match, index):
    names = [s for t in index["townships"] for s in (t["label"],)] + [
        "镇江市", "江桥镇社会工作服务站", "ＡＢＣ　Station", "Jiāngqiáo Town", "嘉定区 江桥镇",
        "江橋鎮社工站", "a_b-c", "小区", "社工站",
    ]  # fmt: skip
    from_js = match.page.evaluate(
        "([index, names]) => names.map(n => window.mapgenSearch.core(index, n))", [index, names]
    )
    assert from_js == [core(n) for n in names]


# --- the home page's search box ---------------------------------------------------------
@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("", ["江桥站", "江桥社工站", "jiangqiao", "jq", "江橋鎮", "jaingqiao"]),
        ("en/", ["Jiangqiao station", "jianqiao", "jq"]),
    ],
)
def test_the_search_box_finds_jiangqiao_however_it_is_written(web, demo_server, path, queries):
    page = web.open(demo_server.url + path)
    for query in queries:
        page.fill("#search", query)
        page.press("#search", "Enter")
        shown = page.eval_on_selector_all(
            "#station-list .station-item:not([hidden])", "items => items.map(i => i.dataset.id)"
        )
        assert shown == ["JD-03"], query
