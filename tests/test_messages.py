"""Every problem mapgen reports can be read in Chinese and in English."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from mapgen.messages import TEMPLATES, describe, format_report, problem, render
from mapgen.problems import Problem, Severity
from mapgen.project import load_project
from mapgen.readers import read_boundaries, read_table

DATA = Path(__file__).resolve().parent / "data"


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_template_has_english_and_chinese(key: str):
    texts = TEMPLATES[key]
    assert set(texts) == {"en", "zh-CN"}
    for lang, (message, fix) in texts.items():
        assert message.strip() and fix.strip(), (key, lang)
    message, fix = texts["zh-CN"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message + fix), key


def reader_problems() -> list[Problem]:
    found: list[Problem] = []
    for path in sorted((DATA / "readers").rglob("*")):
        if path.is_file() and path.suffix not in (".py", ".shx", ".dbf", ".prj", ".cpg"):
            found += read_table(path).problems
            if path.suffix in (".geojson", ".shp", ".zip", ".gpkg"):
                found += read_boundaries(path).problems
    found += read_table(DATA / "readers" / "gbk.csv", encoding="utf-8").problems
    found += read_table(DATA / "readers" / "utf8.csv", encoding="klingon").problems
    found += read_table(DATA / "readers" / "two_sheets.xlsx", sheet="站").problems
    found += read_boundaries(DATA / "readers" / "shp_gbk" / "towns.shp", encoding="utf-8").problems
    return found


def input_problems() -> list[Problem]:
    found: list[Problem] = []
    for case in sorted((DATA / "inputs").iterdir()):
        if (case / "mapgen.toml").is_file():
            found += load_project(case).problems
    return found


def test_every_problem_from_the_fixtures_reads_in_chinese():
    problems = reader_problems() + input_problems()
    codes = {p.code for p in problems}
    assert len(codes) >= 45, sorted(codes)
    for item in problems:
        assert item.template, item
        zh_message, zh_fix = render(item, "zh-CN", strict=True)
        assert (zh_message, zh_fix) != (item.message, item.fix), item
        assert render(item, "en") == (item.message, item.fix)


def test_a_problem_without_a_template_is_reported_in_english():
    plain = Problem(Severity.WARNING, "a.csv", "something odd", fix="look at it", row=3)
    assert render(plain, "zh-CN") == ("something odd", "look at it")
    assert "第 3 行：something odd" in format_report([plain], "zh-CN")


def test_chinese_placeholders_come_from_the_english_ones_or_their_zh_twins():
    for key, texts in TEMPLATES.items():
        english = fields(texts["en"][0]) | fields(texts["en"][1])
        chinese = fields(texts["zh-CN"][0]) | fields(texts["zh-CN"][1])
        for name in chinese - english:
            assert name.endswith("_zh") or name in ("row", "column", "value", "station", "file"), (
                key,
                name,
            )


def test_factory_fills_english_and_keeps_arguments():
    item = problem(
        "station-outside",
        Severity.ERROR,
        "s.csv",
        row=7,
        station="JD-07",
        km="3.2",
        nearest="南翔镇",
    )
    assert item.message == (
        "station JD-07 is outside every township: 3.2 km from the nearest, 南翔镇"
    )
    assert render(item, "zh-CN")[0] == "站点 JD-07 不在任何街镇内：距最近的南翔镇 3.2 公里"
    assert describe(item, "zh-CN").startswith("s.csv，第 7 行：站点 JD-07")


def test_every_problem_code_is_documented():
    docs = (Path(__file__).resolve().parent.parent / "docs" / "config.md").read_text(
        encoding="utf-8"
    )
    table = docs.split("Each kind of problem has a stable code:")[1].split("\n\n")[1]
    for code in {key.split("/")[0] for key in TEMPLATES}:
        assert f"`{code}`" in table, f"{code} is missing from docs/config.md"
