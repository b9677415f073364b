"""The command line, run as users run it: a subprocess in a project folder."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
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


# ------------------------------------------------------- the output folder (issue 13)


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(root.rglob("*"))
    }


def test_build_refuses_a_web_folder_with_foreign_files_and_leaves_it_untouched(demo: Path):
    docs = demo / "docs"
    (docs / "photos").mkdir(parents=True)
    (docs / "index.html").write_text("<h1>Our office</h1>", encoding="utf-8")
    (docs / "about.html").write_text("<h1>About us</h1>", encoding="utf-8")
    (docs / "CNAME").write_text("map.example.gov.cn\n", encoding="utf-8")
    (docs / "photos/team.jpg").write_bytes(b"\xff\xd8\xff team photo")
    before = tree(docs)
    result = run("build", "-o", "docs", cwd=demo)
    assert result.returncode == 3, result.stderr
    assert tree(docs) == before
    assert "CNAME" in result.stderr and "photos/" in result.stderr
    assert "-o" in result.stderr and "Traceback" not in result.stderr
    assert not [p for p in demo.iterdir() if p.name.startswith(".docs.")]


def test_build_refuses_a_site_the_user_added_files_to(demo: Path):
    assert run("build", "-o", "www/map", "-q", cwd=demo).returncode == 0
    site = demo / "www/map"
    (site / "CNAME").write_text("map.example.gov.cn\n", encoding="utf-8")
    (site / "photos").mkdir()
    result = run("build", "-o", "www/map", cwd=demo)
    assert result.returncode == 3
    assert "CNAME, photos/" in result.stderr
    assert (site / "CNAME").is_file() and (site / "photos").is_dir()
    (site / "CNAME").unlink()
    (site / "photos").rmdir()
    (site / "index.html").write_text("edited by hand", encoding="utf-8")
    result = run("build", "-o", "www/map", cwd=demo)
    assert result.returncode == 3
    assert "index.html (changed)" in result.stderr
    (site / "index.html").unlink()  # a file mapgen wrote and the user removed: fine
    assert run("build", "-o", "www/map", "-q", cwd=demo).returncode == 0
    assert (site / "index.html").is_file()


@pytest.mark.parametrize("out", ["templates", "templates/site", "layers", "layers/map", "."])
def test_build_never_writes_over_the_projects_inputs(demo: Path, out: str):
    (demo / "templates").mkdir()
    custom = '{% extends "default:index.html" %}\n'
    (demo / "templates/index.html").write_text(custom, encoding="utf-8")
    before = tree(demo)
    result = run("build", "-o", out, cwd=demo)
    assert result.returncode == 3, result.stderr
    assert "input" in result.stderr and "Traceback" not in result.stderr
    assert tree(demo) == before


def test_planner_and_public_sites_never_replace_each_other(demo: Path):
    assert run("build", "-q", cwd=demo).returncode == 0
    public = tree(demo / "site")
    result = run("build", "--audience", "planner", "-o", "site", cwd=demo)
    assert result.returncode == 3
    assert "holds a public site; a planner build never replaces it" in result.stderr
    assert tree(demo / "site") == public
    assert run("build", "--audience", "planner", "-q", cwd=demo).returncode == 0
    planner = tree(demo / "site-planner")
    result = run("build", "-o", "site-planner", cwd=demo)
    assert result.returncode == 3
    assert "holds a planner site; a public build never replaces it" in result.stderr
    assert tree(demo / "site-planner") == planner


def test_every_page_of_a_planner_build_is_internal_and_noindex(demo: Path):
    assert run("build", "--audience", "planner", "-q", cwd=demo).returncode == 0
    pages = list((demo / "site-planner").rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert '<meta name="robots" content="noindex, nofollow">' in html, page
        assert 'class="internal"' in html, page
    manifest = json.loads((demo / "site-planner/mapgen-manifest.json").read_text("utf-8"))
    assert manifest["audience"] == "planner"
    assert run("build", "-q", cwd=demo).returncode == 0
    for page in (demo / "site").rglob("*.html"):
        assert "noindex" not in page.read_text(encoding="utf-8"), page


def test_the_report_goes_beside_mapgen_toml_never_into_the_web_root(demo: Path):
    stations = demo / "layers/stations_gcj02.csv"
    text = stations.read_text(encoding="utf-8-sig").replace("121.335755,31.249610", ",", 1)
    stations.write_text(text, encoding="utf-8-sig")  # a warning: built, with a report
    result = run("build", "-o", "www/map", cwd=demo)
    assert result.returncode == 0, result.stderr
    assert (demo / "site.report.txt").is_file()
    assert sorted(p.name for p in (demo / "www").iterdir()) == ["map"]
    assert not list((demo / "www").rglob("*report*"))
    for inside_or_beside in ("www", "www/map", "www/map/reports"):
        refused = run("build", "-o", "www/map", "--report-dir", inside_or_beside, cwd=demo)
        assert refused.returncode == 3, inside_or_beside
        assert "--report-dir" in refused.stderr
    assert run("build", "-o", "www/map", "-q", "--report-dir", "reports", cwd=demo).returncode == 0
    assert (demo / "reports/site.report.txt").is_file()


def test_manifest_lists_every_file_with_size_and_sha256(demo: Path):
    assert run("build", "-q", cwd=demo).returncode == 0
    site = demo / "site"
    manifest = json.loads((site / "mapgen-manifest.json").read_text(encoding="utf-8"))
    assert (manifest["generator"], manifest["audience"]) == ("mapgen", "public")
    files = {f["path"]: f for f in manifest["files"]}
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert set(files) | {"mapgen-manifest.json"} == on_disk
    index = (site / "index.html").read_bytes()
    assert files["index.html"]["size"] == len(index)
    assert files["index.html"]["sha256"] == hashlib.sha256(index).hexdigest()
