"""Building the demo site: files, determinism, atomic replacement, escaping."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from mapgen import BuildError, build
from mapgen.render import SiteFile
from mapgen.site import write_site

from .conftest import copy_demo


def digest_tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_demo_site_has_every_page_and_download(demo_site: Path):
    expected = [
        "index.html",
        "en/index.html",
        "stations/JD-01.html",
        "en/stations/JD-06.html",
        "townships/310114001.html",
        "en/townships/310114002.html",
        "data/stations.geojson",
        "data/townships.geojson",
        "data/services.csv",
        "data/coverage.csv",
        "data/coverage.json",
        "assets/vendor/leaflet/leaflet.js",
        "assets/mapgen.js",
    ]
    for path in expected:
        assert (demo_site / path).is_file(), path
    assert len(list((demo_site / "stations").glob("*.html"))) == 6
    assert len(list((demo_site / "townships").glob("*.html"))) == 12


def test_index_says_coverage_and_that_demo_data_is_approximate(demo_site: Path):
    html = (demo_site / "index.html").read_text(encoding="utf-8")
    assert "6 / 12 个街镇已覆盖 · 50%" in html
    assert "街镇边界为近似范围" in html
    english = (demo_site / "en/index.html").read_text(encoding="utf-8")
    assert "6 of 12 townships covered · 50%" in english
    assert "boundaries are approximate" in english


def test_downloads_hold_the_joined_data(demo_site: Path):
    stations = json.loads((demo_site / "data/stations.geojson").read_text(encoding="utf-8"))
    assert len(stations["features"]) == 6
    jiangqiao = next(f for f in stations["features"] if f["properties"]["id"] == "JD-03")
    assert jiangqiao["properties"]["township_id"] == "310114118"
    assert "counselling" in jiangqiao["properties"]["services"]
    coverage = json.loads((demo_site / "data/coverage.json").read_text(encoding="utf-8"))
    assert (coverage["covered"], coverage["townships"]) == (6, 12)


def test_no_cdn_or_remote_script_in_any_page(demo_site: Path):
    for page in demo_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for src in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html):
            assert not src.startswith(("http:", "https:", "//")), (page, src)
        assert "<script>" not in html, f"inline script in {page}"


def test_same_inputs_give_identical_bytes(tmp_path: Path):
    project = copy_demo(tmp_path / "p")
    first = digest_tree(build(project, tmp_path / "one").out)
    second = digest_tree(build(project, tmp_path / "two").out)
    assert first == second
    assert len(first) > 50


def test_a_failed_write_leaves_the_previous_site_untouched(tmp_path: Path):
    project = copy_demo(tmp_path / "p")
    out = build(project).out
    before = digest_tree(out)

    def files_then_failure():
        yield SiteFile("index.html", b"half-written")
        yield SiteFile("stations/x.html", b"more")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_site(files_then_failure(), out)
    assert digest_tree(out) == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".site.")]


def test_input_errors_write_nothing_and_keep_the_old_site(tmp_path: Path):
    project = copy_demo(tmp_path / "p")
    out = build(project).out
    before = digest_tree(out)
    stations = project / "layers/stations_gcj02.csv"
    text = stations.read_text(encoding="utf-8-sig").replace("JD-02,", "JD-01,", 1)
    stations.write_text(text, encoding="utf-8-sig")
    with pytest.raises(BuildError) as caught:
        build(project)
    assert any(p.code == "id-duplicate" and p.row == 3 for p in caught.value.problems)
    assert digest_tree(out) == before


def test_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path: Path):
    from mapgen.errors import MapgenError

    project = copy_demo(tmp_path / "p")
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.docx").write_bytes(b"years of work")
    with pytest.raises(MapgenError, match=r"is not a site mapgen wrote.*thesis\.docx"):
        build(project, precious)
    assert (precious / "thesis.docx").read_bytes() == b"years of work"
    with pytest.raises(MapgenError, match="one of the project's inputs"):
        build(project, project)


def test_station_name_with_markup_is_inert(tmp_path: Path):
    project = copy_demo(tmp_path / "p")
    stations = project / "layers/stations_gcj02.csv"
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    text = stations.read_text(encoding="utf-8-sig").replace(
        "江桥镇精神健康社工站", payload.replace('"', '""').join('""'), 1
    )
    stations.write_text(text, encoding="utf-8-sig")
    out = build(project).out
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html
        assert "<img src=x" not in html
    station = (out / "stations/JD-03.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in station
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in index
