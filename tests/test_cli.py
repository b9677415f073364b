"""The command line, run as users run it: a subprocess in a project folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from mapgen.cli import main


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mapgen", *args],
        cwd=cwd,
        text=True,
        capture_output=True,
        timeout=120,
        check=False,
    )


def test_coverage_json_of_the_demo_is_6_of_12(demo: Path):
    result = run("coverage", "--format", "json", cwd=demo)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["townships"], data["covered"], data["coverage"]) == (12, 6, 0.5)
    assert {"id": "310114002", "name": "真新街道"} in data["uncovered"]
    assert data["by_category"]["counselling"] == {"covered": 5, "coverage": 0.4167}
    assert data["unplaced"] == []


def test_coverage_table_and_csv(demo: Path):
    table = run("coverage", cwd=demo)
    assert table.returncode == 0
    assert "覆盖：12 个街镇中的 6 个（50%）" in table.stdout  # the report's language
    assert "真新街道" in table.stdout
    csv_text = run("coverage", "--format", "csv", cwd=demo).stdout
    lines = csv_text.splitlines()
    assert lines[0].startswith("id,name,name_en,stations,covered,referral,counselling")
    assert len(lines) == 13


def test_build_writes_site_beside_mapgen_toml(demo: Path):
    result = run("build", cwd=demo)
    assert result.returncode == 0, result.stderr
    # In the report's language: the demo's first language is Chinese.
    assert "覆盖：12 个街镇中的 6 个（50%）" in result.stdout
    assert "已生成" in result.stdout
    assert (demo / "site/index.html").is_file()


def test_quiet_build_prints_nothing(demo: Path, tmp_path: Path):
    result = run("build", str(demo), "-o", str(tmp_path / "out"), "--quiet", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr == ""


def test_validate_clean_demo_exits_0(demo: Path):
    result = run("validate", cwd=demo)
    assert result.returncode == 0
    assert result.stdout == "未发现问题。\n"  # the demo site's first language is Chinese


def test_config_error_exits_2_and_suggests_the_key(demo: Path):
    config = demo / "mapgen.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("basemap =", "basemapp ="), encoding="utf-8"
    )
    result = run("build", cwd=demo)
    assert result.returncode == 2
    # A problem like any other, in the report's language (the demo's is Chinese).
    assert "[site]（第 " in result.stderr
    assert "未知的键“basemapp”" in result.stderr
    assert "是不是“basemap”？" in result.stderr
    assert "mapgen.toml 有问题，未读取数据也未生成网站。" in result.stderr
    assert "Traceback" not in result.stderr


def test_input_errors_exit_1_with_file_row_and_column(demo: Path):
    stations = demo / "layers/stations_gcj02.csv"
    text = stations.read_text(encoding="utf-8-sig").replace("121.335755", "1213.35755")
    stations.write_text(text, encoding="utf-8-sig")
    result = run("validate", cwd=demo)
    assert result.returncode == 1
    assert result.stdout.startswith(
        "错误（修正之前不会发布任何内容）：1\n  layers/stations_gcj02.csv\n"
        "    - 第 4 行，“经度”列：经度 1213.35755 超出范围"
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_missing_project_is_a_clear_error(tmp_path: Path):
    result = run("build", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert result.returncode == 2
    # No mapgen.toml, so no site language yet: Chinese, the users' language.
    assert "这里没有 mapgen.toml" in result.stderr
    assert "mapgen init" in result.stderr


def test_init_creates_a_project_that_builds(tmp_path: Path):
    runner = CliRunner()
    result = runner.invoke(main, ["init", str(tmp_path / "new")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new/mapgen.toml").is_file()
    built = run("build", "--quiet", cwd=tmp_path / "new")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "new/site/index.html").is_file()


def test_help_lists_every_command():
    result = CliRunner().invoke(main, ["--help"])
    for command in ("build", "validate", "coverage", "serve", "init"):
        assert command in result.output


def test_cli_reference_is_up_to_date():
    import importlib.util

    from .conftest import ROOT

    spec = importlib.util.spec_from_file_location("make_cli", ROOT / "docs/make_cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "docs/cli.md").read_text(encoding="utf-8") == module.reference(), (
        "docs/cli.md is stale: run `python docs/make_cli_reference.py`"
    )


def test_input_errors_end_with_a_summary_in_the_report_language(demo: Path):
    stations = demo / "layers/stations_gcj02.csv"
    text = stations.read_text(encoding="utf-8-sig").replace("121.335755", "abc")
    stations.write_text(text, encoding="utf-8-sig")
    result = run("build", cwd=demo)
    assert result.returncode == 1
    assert "输入中有 1 个错误，未生成网站。" in result.stderr
    assert not (demo / "site").exists()
