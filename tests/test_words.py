"""The project's words: what the areas and stations are called, and the search box's
example, come from mapgen.toml or the data, in both languages, on every page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from mapgen import build, i18n
from mapgen.cli import main

from .conftest import copy_demo

PLACEHOLDER = re.compile(r"\{(?:[Uu]nits?|[Ss]tations?)\}")


@pytest.mark.parametrize(
    ("names", "unit"),
    [
        (["江桥镇", "真新街道", "嘉定工业区"], ("街镇", "township")),
        (["江桥镇", "安亭镇", "朱桥乡"], ("乡镇", "township")),
        (["真新街道", "新成路街道"], ("街道", "subdistrict")),
        (["城北村", "南村", "东村", "西村", "上村"], ("村", "village")),
        (["城北村", "南苑社区"], ("村居", "village")),
        (["中正里", "光明里"], ("村里", "village")),
        (["嘉定区", "崇明县"], ("区县", "county")),
        (["甲", "乙"], ("街镇", "township")),
    ],
)
def test_the_unit_is_read_from_how_names_end(names, unit):
    assert i18n.unit_from_names(names) == unit


def test_every_placeholder_is_filled_in_both_languages():
    words = i18n.Words(unit="村", unit_en="village", units_en="villages", station="社工站")
    for lang in i18n.LANGUAGES:
        for table in (i18n.strings(lang, words), i18n.coverage_strings(lang, words)):
            left = {k: v for k, v in table.items() if PLACEHOLDER.search(v)}
            assert not left, left
    assert i18n.strings("en", words)["townships_list"] == "Villages and coverage"
    assert i18n.strings("zh-CN", words)["search"] == "搜索社工站、村或服务"


@pytest.fixture(scope="module")
def villages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo as a map of villages with "centres", no search hint configured."""
    root = tmp_path_factory.mktemp("villages")
    project = copy_demo(root / "p")
    path = project / "layers/townships_gcj02.geojson"
    townships = json.loads(path.read_text(encoding="utf-8"))
    for feature in townships["features"]:
        props = feature["properties"]
        props["name"] = re.sub(r"(街道|镇|新区|工业区)$", "", props["name"]) + "村"
        props["name_en"] = props["name_en"].rsplit(" ", 1)[0] + " Village"
    path.write_text(json.dumps(townships, ensure_ascii=False), encoding="utf-8")
    stations = project / "layers/stations_gcj02.csv"
    text = stations.read_text(encoding="utf-8-sig")
    header, rows = text.split("\n", 1)
    text = header + "\n" + re.sub(r",([^,]+?)(街道|镇|新区|工业区),", r",\1村,", rows)
    stations.write_text(text, encoding="utf-8-sig")
    config = project / "mapgen.toml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"^(search_hint|search_hint_en|notice|notice_en) = .*\n", "", text, flags=re.M)
    text = text.replace('basemap = "osm"', 'basemap = "osm"\nstation_word_en = "centre"')
    config.write_text(text, encoding="utf-8")
    return build(project, root / "site").out


def pages(site: Path, lang: str) -> dict[str, str]:
    folder = site / "en" if lang == "en" else site
    found = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.html")}
    for sub in ("stations", "townships"):
        for p in sorted((folder / sub).glob("*.html"))[:2]:
            found[f"{sub}/{p.name}"] = p.read_text(encoding="utf-8")
    return found


def test_a_map_of_villages_says_village_everywhere(villages):
    for name, html in pages(villages, "zh-CN").items():
        assert "街镇" not in html, name
        assert not PLACEHOLDER.search(html), name
    for name, html in pages(villages, "en").items():
        text = re.sub(r"<[^>]*>", " ", re.sub(r"<script.*?</script>", "", html, flags=re.S))
        assert not re.search(r"\b[Tt]ownships?\b(?!\.geojson)", text), name
        assert not PLACEHOLDER.search(html), name
    index = (villages / "index.html").read_text(encoding="utf-8")
    assert "各村覆盖情况" in index and "搜索站点、村或服务" in index
    english = (villages / "en/index.html").read_text(encoding="utf-8")
    assert "Villages and coverage" in english and "Search centres, villages or services" in english
    strings = (villages / "assets/strings.en.js").read_text(encoding="utf-8")
    assert '"Showing {shown} of {total} centres"' in strings


def test_the_search_hint_is_taken_from_the_data(villages):
    index = (villages / "index.html").read_text(encoding="utf-8")
    hint = re.search(r'placeholder="([^"]*)"', index)[1]
    assert hint.startswith("如：") and "江桥" not in hint and "心理咨询" in hint
    english = (villages / "en/index.html").read_text(encoding="utf-8")
    hint_en = re.search(r'placeholder="([^"]*)"', english)[1]
    assert hint_en.startswith("e.g. ") and "psychological counselling" in hint_en


def test_the_demo_keeps_its_configured_hint(demo_site):
    index = (demo_site / "index.html").read_text(encoding="utf-8")
    assert 'placeholder="如：江桥、心理咨询"' in index


@pytest.mark.parametrize(
    ("languages", "said", "never"),
    [
        ('["zh-CN", "en"]', ("覆盖：12 个村中的 6 个", "\n村  ", "村数", "最近社工站"), "街镇"),
        ('["en", "zh-CN"]', ("Coverage: 6 of 12 villages", "\nVillage  ", "Villages"), "ownship"),
    ],
)
def test_coverage_in_the_terminal_uses_the_projects_words(demo: Path, languages, said, never):
    config = demo / "mapgen.toml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"^notice(_en)? = .*\n", "", text, flags=re.M)  # the demo's note says 街镇
    text = text.replace(
        'languages = ["zh-CN", "en"]',
        f'languages = {languages}\nunit = "村"\nunit_en = "village"\nstation_word = "社工站"',
    )
    config.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["coverage", str(demo)])
    assert result.exit_code == 0, result.output
    for words in said:
        assert words in result.output
    assert never not in result.output
