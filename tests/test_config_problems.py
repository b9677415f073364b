"""mapgen.toml problems are problems like any other: records with a code, in English and
Chinese, printed in the report's language; TOML syntax errors in plain words, with
full-width quotes, colons and equals signs spotted."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapgen.config import load_config
from mapgen.errors import ConfigError
from mapgen.messages import format_report, render
from mapgen.problems import Problem, Severity
from tests.test_inputs import INPUTS, run


def problems_of(tmp_path: Path, text: str) -> ConfigError:
    (tmp_path / "mapgen.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    return caught.value


def test_curly_quotes_are_spotted_with_the_line_and_the_fix(tmp_path: Path):
    error = problems_of(tmp_path, "[site]\ntitle = “服务地图”\n")
    (problem,) = error.problems
    assert (problem.code, problem.severity, problem.file) == (
        "config-syntax",
        Severity.ERROR,
        "mapgen.toml",
    )
    assert problem.message == (
        "line 2, column 9: the value is in curly quotes “ ”, which TOML does not read as quotes"
    )
    assert problem.fix == (
        "Retype them as straight double quotes (switch the input method to English "
        'punctuation): title = "服务地图"'
    )
    assert render(problem, "zh-CN") == (
        "第 2 行第 9 列：值用了中文引号 “ ”，TOML 不把它们当作引号",
        '请改为英文半角双引号（把输入法切换为英文标点）：title = "服务地图"',
    )


def test_a_full_width_colon_or_equals_sign_is_spotted(tmp_path: Path):
    (problem,) = problems_of(tmp_path, '[site]\ntitle： "服务地图"\n').problems
    assert problem.message == "line 2, column 6: full-width ： where TOML needs ="
    assert problem.fix == 'Retype them in English punctuation (half-width): title= "服务地图"'
    (problem,) = problems_of(tmp_path, '[site]\ntitle ＝ "服务地图"\n').problems
    assert problem.message.endswith("full-width ＝ where TOML needs =")


def test_a_colon_inside_quotes_is_not_blamed(tmp_path: Path):
    (problem,) = problems_of(tmp_path, '[site]\ntitle = "嘉定：服务地图\n').problems
    assert problem.template == "config-syntax"
    assert problem.message.startswith("line 2, column ")
    assert "not valid TOML: a text value has no closing quote" in problem.message


def test_other_syntax_errors_say_line_and_column_in_plain_words(tmp_path: Path):
    (problem,) = problems_of(tmp_path, "[site\ntitle = 'x'").problems
    assert problem.message.startswith("line 1, column ")
    assert "not valid TOML" in problem.message
    zh = render(problem, "zh-CN")[0]
    assert zh.startswith("第 1 行第 ") and "不符合 TOML 格式" in zh


def test_unknown_keys_name_the_closest_and_the_line(tmp_path: Path):
    error = problems_of(tmp_path, '[site]\ntitle = "x"\nlanguages = ["en"]\nbasemapp = "osm"\n')
    (problem,) = [p for p in error.problems if p.code == "config-unknown-key"]
    assert problem.message == "[site] (line 4): unknown key 'basemapp'"
    assert problem.fix == "Did you mean 'basemap'?"
    assert render(problem, "zh-CN") == (
        "[site]（第 4 行）：未知的键“basemapp”",
        "是不是“basemap”？",
    )
    assert error.lang == "en"  # the site's first language, read from the file


def test_every_config_problem_reads_in_chinese(tmp_path: Path):
    error = problems_of(
        tmp_path,
        """
[site]
titel = "x"
basemap = "osmm"
languages = ["fr"]
logo = "nope.png"
base_url = "ftp://x"
[site.colors]
covered = "green"
[townships]
file = "missing.geojson"
crs = "EPSG:999999"
[townships.columns]
nmae = "name"
[stations]
file = 5
[population]
file = "missing.csv"
[public]
station_fields = ["naem"]
[coverage]
target = 88
target_date = "soon"
max_distance_km = 0
suggestions = -1
""",
    )
    assert len(error.problems) >= 14
    for problem in error.problems:
        assert problem.template.startswith("config-"), problem
        zh = render(problem, "zh-CN")
        assert zh != (problem.message, problem.fix), problem
        assert problem.fix


def _plain(severity: Severity) -> Problem:
    return Problem(severity, "a.csv", "x", fix="y", code="c")


def test_the_warnings_heading_never_says_the_site_was_built_when_it_was_not():
    warning, error = _plain(Severity.WARNING), _plain(Severity.ERROR)
    assert format_report([warning], "en", built=True).startswith(
        "Warnings (the site is built; please check these)"
    )
    assert format_report([warning], "en").startswith(
        "Warnings (they do not stop the site being built; please check these)"
    )
    with_errors = format_report([error, warning], "zh-CN")
    assert "警告（也请核对）：1" in with_errors
    assert "网站已生成" not in with_errors


def test_a_failed_build_does_not_claim_a_site_was_built(tmp_path: Path):
    import shutil

    project = tmp_path / "outside"
    shutil.copytree(INPUTS / "outside", project)
    stations = project / "stations.csv"
    text = stations.read_text(encoding="utf-8-sig").splitlines()
    cells = text[1].split(",")
    text[1] = ",".join([*cells[:-2], "", ""])  # not placed: a warning besides the error
    stations.write_text("\n".join(text) + "\n", encoding="utf-8-sig")
    result = run("build", cwd=project)
    assert result.returncode == 1
    assert "网站已生成" not in result.stderr
    assert "警告（也请核对）" in result.stderr
    assert "输入中有 1 个错误，未生成网站" in result.stderr
