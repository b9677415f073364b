"""Same names told apart: where two townships or stations share a name, every place that
shows it (pages, popups' data, search results, the coverage table) adds the parent area
or the code, computed once in mapgen/public.py."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from mapgen import build
from mapgen.public import display_labels

from .conftest import copy_demo


def test_parent_area_first_then_code():
    names = ["朝阳区", "朝阳区", "朝阳区", "海淀区"]
    assert display_labels(
        names, ["北京市", "长春市", "", ""], ["1", "2", "3", "4"], lang="zh-CN"
    ) == [
        "朝阳区 1",
        "朝阳区 2",
        "朝阳区 3",
        "海淀区",
    ]  # one parent missing: the parents cannot tell all three apart, the codes can
    assert display_labels(
        ["Chaoyang", "chaoyang "], ["Beijing", "Changchun"], ["1", "2"], lang="en"
    ) == ["Chaoyang (Beijing)", "chaoyang  (Changchun)"]
    assert display_labels(["A", "A"], ["X", "X"], ["1", "2"], lang="en") == ["A 1", "A 2"]
    assert display_labels(["A", "B"], ["", ""], ["1", "2"], lang="en") == ["A", "B"]


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with 真新街道 renamed 新成路街道 (no parent given: told apart by code) and
    station JD-02 named like JD-01 (told apart by township)."""
    root = tmp_path_factory.mktemp("twins")
    project = copy_demo(root / "p")
    path = project / "layers/townships_gcj02.geojson"
    townships = json.loads(path.read_text(encoding="utf-8"))
    for feature in townships["features"]:
        if feature["properties"]["code"] == "310114002":
            feature["properties"].update(name="新成路街道", name_en="Xinchenglu Subdistrict")
    path.write_text(json.dumps(townships, ensure_ascii=False), encoding="utf-8")
    stations = project / "layers/stations_gcj02.csv"
    rows = list(csv.reader(stations.read_text(encoding="utf-8-sig").splitlines()))
    first = next(r for r in rows if r[0] == "JD-01")
    for row in rows:
        if row[0] == "JD-02":
            row[1], row[2] = first[1], first[2]
    with stations.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return build(project, root / "site").out


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_township_pages_and_lists_add_the_code(twins):
    assert "<h1>新成路街道 310114002</h1>" in read(twins, "townships/310114002.html")
    assert "<h1>新成路街道 310114001</h1>" in read(twins, "townships/310114001.html")
    assert "<h1>Xinchenglu Subdistrict 310114002</h1>" in read(twins, "en/townships/310114002.html")
    index = read(twins, "index.html")
    assert "新成路街道 310114001" in index and "新成路街道 310114002" in index


def test_station_pages_and_popups_add_the_township(twins):
    one = read(twins, "stations/JD-01.html")
    two = read(twins, "stations/JD-02.html")
    assert "<h1>嘉定工业区精神健康社工站（嘉定工业区）</h1>" in one
    assert "<h1>嘉定工业区精神健康社工站（外冈镇）</h1>" in two
    english = read(twins, "en/stations/JD-02.html")
    assert "Jiading Industrial Zone Mental-Health Social-Work Station (Waigang Town)" in english
    data = json.loads(
        re.search(r'id="mapgen-data">(.*?)</script>', read(twins, "index.html"), re.S)[1]
    )
    files = data["files"]  # the map data of a small site, inline (mapgen/render/mapdata.py)
    rows = [row for path, f in files.items() if path.startswith("zh-CN/s/") for row in f["rows"]]
    names = {row[0]: row[2] for row in rows}
    assert names["JD-02"] == "嘉定工业区精神健康社工站（外冈镇）"
    townships = {row[1]: row[0] for row in files["zh-CN/townships.json"]["rows"]}
    assert townships["310114002"] == "新成路街道 310114002"


def test_search_results_and_coverage_table_tell_them_apart(twins):
    script = read(twins, "assets/search-index.zh-CN.js")
    index = json.loads(script.split(" = ", 1)[1].rstrip().rstrip(";"))
    labels = [t["label"] for t in index["townships"]]
    assert "新成路街道 310114001" in labels and "新成路街道 310114002" in labels
    stations = {s["id"]: s["label"] for s in index["stations"]}
    assert stations["JD-02"] == "嘉定工业区精神健康社工站（外冈镇）"
    coverage = read(twins, "coverage.html")
    assert 'data-value="新成路街道 310114002"' in coverage
    data = json.loads(re.search(r'id="coverage-data">(.*?)</script>', coverage, re.S)[1])
    assert "嘉定工业区精神健康社工站（外冈镇）" in {s["name"] for s in data["stations"]}


def test_names_that_differ_are_left_alone(demo_site):
    assert "<h1>真新街道</h1>" in read(demo_site, "townships/310114002.html")
    assert "<h1>江桥镇精神健康社工站</h1>" in read(demo_site, "stations/JD-03.html")


def test_large_sites_detail_chunks_carry_the_labels_too(twins):
    from mapgen.project import load_project
    from mapgen.public import public_data
    from mapgen.render.mapdata import _station_row
    from mapgen.render.views import station_view

    data = public_data(load_project(twins.parent / "p"))
    categories = {c["id"]: c for c in data.categories}
    station = next(s for s in data.stations if s["id"] == "JD-02")
    row = _station_row(station_view(station, "zh-CN", categories))
    assert row[2] == "嘉定工业区精神健康社工站（外冈镇）"
    townships = [_station_row(station_view(s, "en", categories))[4] for s in data.stations]
    assert "Xinchenglu Subdistrict 310114001" in townships
