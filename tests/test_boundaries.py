"""Boundaries as offices have them: a table of codes instead of shapes, a folder of
per-district downloads, bare geometries, incomplete shapefiles, Baidu Mercator metres,
drawn lines, collections and heights, gaps at the district's edge, border ties.

Each case is a folder made by tests/data/inputs/make_inputs.py; the exact problem each
gives is asserted here, in English and in Chinese.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pyproj import Transformer

from mapgen.messages import location, render
from mapgen.problems import Severity
from tests.test_inputs import ALL_PLACED, INPUTS, codes, load, only, placed, run

# ------------------------------------------------------------- no boundaries at hand


def test_a_table_of_township_codes_gives_coverage_from_stated_townships():
    project = load("townships_table")
    assert not project.boundaries
    notice = only(project, "townships-no-boundaries")
    assert (notice.severity, notice.file) == (Severity.FIXED, "townships.csv")
    assert notice.message == "no boundaries: coverage from the township each station states"
    assert render(notice, "zh-CN")[0] == "没有边界：覆盖情况按每个站点所填的街镇统计"
    # The stray full-width space is removed (and said so) before matching.
    assert codes(project) == ["townships-no-boundaries", "spaces-removed"]
    # By name, by code, and with a stray full-width space: all matched.
    assert placed(project) == ALL_PLACED
    assert project.coverage is not None
    assert (project.coverage.covered, project.coverage.townships) == (6, 6)
    plan = project.coverage.plan
    assert plan is not None and plan.anchor == "none" and not plan.far


def _copy(case: str, tmp_path: Path) -> Path:
    target = tmp_path / case
    shutil.copytree(INPUTS / case, target)
    return target


def test_without_boundaries_a_station_must_state_a_known_township(tmp_path: Path):
    folder = _copy("townships_table", tmp_path)
    stations = folder / "stations.csv"
    text = stations.read_text(encoding="utf-8-sig").splitlines()
    text[1] = text[1].replace(",南翔镇,", ",,")
    text[2] = text[2].replace(",310114102,", ",江桥,")
    stations.write_text("\n".join(text) + "\n", encoding="utf-8-sig")
    project = load(str(folder))
    unstated = only(project, "township-unstated")
    assert (unstated.severity, unstated.row, unstated.column) == (Severity.ERROR, 2, "所属街镇")
    assert unstated.message == (
        "station ST-01 states no township; without boundaries that is the only way to know "
        "which township it serves"
    )
    unknown = only(project, "township-unknown")
    assert (unknown.severity, unknown.row, unknown.value) == (Severity.ERROR, 3, "江桥")
    assert unknown.message == (
        "station ST-02 names a township that is not in the township table, so it counts for none"
    )
    assert unknown.fix == (
        "Did you mean '江桥镇'? Use the township's name or code exactly as in the township table."
    )


def test_without_boundaries_an_unmapped_township_column_is_one_error(tmp_path: Path):
    folder = _copy("townships_table", tmp_path)
    config = folder / "mapgen.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('township = "所属街镇"\n', ""),
        encoding="utf-8",
    )
    # A column whose header says nothing of townships: mapgen cannot find it by itself.
    stations = folder / "stations.csv"
    stations.write_bytes(stations.read_bytes().replace("所属街镇".encode(), "片区".encode()))
    project = load(str(folder))
    problem = only(project, "township-unstated")
    assert (problem.row, problem.severity) == (None, Severity.ERROR)
    assert problem.fix == (
        "Map the column that holds each station's township (name or code), e.g. "
        '[stations.columns] township = "所属街镇", and fill it in.'
    )
    assert codes(project) == ["townships-no-boundaries", "township-unstated"]


def test_a_site_without_boundaries_builds_and_says_so(tmp_path: Path):
    folder = _copy("townships_table", tmp_path)
    built = run("build", "-q", cwd=folder)
    assert built.returncode == 0, built.stderr
    site = folder / "site"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "没有边界：覆盖情况按每个站点所填的街镇统计。" in index
    english = (site / "en/index.html").read_text(encoding="utf-8")
    assert "No boundaries: coverage from the township each station states." in english
    assert (site / "townships/310114101.html").is_file() or any((site / "townships").iterdir())
    coverage_page = (site / "coverage.html").read_text(encoding="utf-8")
    assert "没有街镇边界，因此不计算街镇到站点的距离。" in coverage_page
    assert "没有边界：覆盖情况按每个站点所填的街镇统计。" in coverage_page
    downloads = json.loads((site / "data/townships.geojson").read_text(encoding="utf-8"))
    assert [f["geometry"] for f in downloads["features"]] == [None] * 6
    report = (folder / "site.report.txt").read_text(encoding="utf-8")
    assert "没有边界：覆盖情况按每个站点所填的街镇统计" in report
    table = run("coverage", cwd=folder)
    assert table.returncode == 0, table.stderr
    assert "覆盖：6 个街镇中的 6 个（100%）" in table.stdout
    assert "距离：未计算（没有边界：覆盖情况按站点所填的街镇统计）" in table.stdout
    assert "Traceback" not in built.stderr + table.stderr


def test_a_large_site_without_boundaries_renders(monkeypatch: pytest.MonkeyPatch):
    from mapgen.render import mapdata, render_site

    monkeypatch.setattr(mapdata, "LARGE_TOWNSHIPS", 2)
    project = load("townships_table")
    files = {f.path: f for f in render_site(project)}
    assert "index.html" in files
    assert "data/map/points.json" in files  # drawn as a large site: map data in files
    assert any(path.startswith("stations/") for path in files)


# -------------------------------------------------------------- folders and globs


def test_a_folder_of_per_district_files_is_one_layer():
    project = load("townships_folder")
    assert placed(project) == ALL_PLACED
    combined = only(project, "townships-combined")
    assert combined.severity is Severity.FIXED
    assert combined.message == (
        "2 boundary files read as one layer, features numbered in this order: "
        "towns/north.geojson (1–3), towns/south.geojson (4–7)"
    )
    twice = only(project, "township-duplicate-file")
    assert (twice.severity, twice.row, twice.value) == (
        Severity.WARNING,
        "feature 7 (新成路街道)",
        "310114002",
    )
    assert twice.message == (
        "township 310114002 is in both towns/north.geojson and towns/south.geojson with the "
        "same name and shape; read once (feature 2)"
    )
    assert render(twice, "zh-CN")[0] == (
        "街镇 310114002 同时出现在 towns/north.geojson 和 towns/south.geojson 中，名称和形状相同；"
        "只读取一次（第 2 个要素）"
    )
    assert project.coverage is not None and project.coverage.townships == 6


def test_a_glob_of_per_district_files_is_one_layer(tmp_path: Path):
    folder = _copy("townships_folder", tmp_path)
    config = folder / "mapgen.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('file = "towns"', 'file = "towns/*.geojson"'),
        encoding="utf-8",
    )
    project = load(str(folder))
    assert placed(project) == ALL_PLACED
    assert codes(project) == ["townships-combined", "township-duplicate-file"]


def test_a_glob_that_matches_nothing_is_reported(tmp_path: Path):
    folder = _copy("townships_folder", tmp_path)
    config = folder / "mapgen.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('file = "towns"', 'file = "towns/*.shp"'),
        encoding="utf-8",
    )
    project = load(str(folder))
    problem = only(project, "file-missing")
    assert problem.message.startswith("no GIS file (.geojson, .json, .gpkg, .shp, .zip) matches")


# ---------------------------------------------------------------- what is missing


@pytest.mark.parametrize("case", ["bare_features", "bare_geometry"])
def test_bare_geometries_say_the_code_and_name_are_missing(case: str):
    project = load(case)
    assert codes(project) == ["boundaries-datum", "township-properties-missing"]
    missing = only(project, "township-properties-missing")
    count = 6 if case == "bare_features" else 1
    assert missing.message == (
        f"the layer's {count} feature(s) have no properties (bare geometries): there is no "
        "township code (code) or name (name) to join stations to"
    )
    assert missing.fix.startswith("Add a code and a name to each feature in QGIS")
    datum = only(project, "boundaries-datum")
    assert datum.message == (
        "the boundaries are bare geometries, as downloaded from a Chinese web map, which are "
        "usually GCJ-02, but crs is EPSG:4326"
    )


@pytest.mark.parametrize(
    ("case", "part", "part_zh"),
    [
        (
            "shapefile_without_dbf",
            "towns.dbf (attribute table: codes and names)",
            "towns.dbf（属性表：代码和名称）",
        ),
        ("shapefile_without_shx", "towns.shx (index of the shapes)", "towns.shx（图形索引）"),
    ],
)
def test_a_shapefile_without_a_part_names_the_part(case: str, part: str, part_zh: str):
    project = load(case)
    assert codes(project) == ["shapefile-part-missing"]
    problem = project.problems[0]
    assert (problem.file, problem.severity) == ("towns.shp", Severity.ERROR)
    assert problem.message == f"the shapefile is incomplete: {part} is missing"
    assert problem.fix.startswith("Copy it next to towns.shp")
    assert render(problem, "zh-CN")[0] == f"shapefile 不完整：缺少 {part_zh}"


def test_a_zipped_shapefile_without_its_dbf_names_the_part(tmp_path: Path):
    import zipfile

    folder = _copy("shapefile_without_dbf", tmp_path)
    with zipfile.ZipFile(folder / "towns.zip", "w") as archive:
        for part in sorted(folder.glob("towns.*")):
            if part.suffix != ".zip":
                archive.write(part, f"县界/{part.name}")
    config = folder / "mapgen.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("towns.shp", "towns.zip"), encoding="utf-8"
    )
    project = load(str(folder))
    assert codes(project) == ["shapefile-part-missing"]
    assert project.problems[0].message == (
        "the shapefile is incomplete: towns.dbf (attribute table: codes and names) is missing"
    )


def test_baidu_mercator_metres_are_named_not_taken_for_gauss_kruger():
    project = load("bd09mc_boundaries")
    assert codes(project) == ["crs-missing"]
    problem = project.problems[0]
    assert problem.message == (
        "the coordinates are Mercator metres (e.g. 13493132, 3672261), as Baidu Maps "
        "(BD-09MC, Baidu Mercator) and web maps write them, not longitude/latitude and not "
        "Gauss-Krüger"
    )
    assert problem.fix == (
        'Export them from Baidu as BD-09 longitude/latitude and set crs = "bd09" in '
        "[townships] (mapgen cannot convert Baidu Mercator metres exactly); if they are Web "
        'Mercator, set crs = "EPSG:3857".'
    )


def test_baidu_mercator_station_coordinates_are_named(tmp_path: Path):
    folder = _copy("clean", tmp_path)
    stations = folder / "stations.csv"
    to_metres = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    lines = stations.read_text(encoding="utf-8-sig").splitlines()
    for i, line in enumerate(lines[1:], start=1):
        cells = line.split(",")
        x, y = to_metres.transform(float(cells[-2]), float(cells[-1]))
        lines[i] = ",".join([*cells[:-2], f"{x:.2f}", f"{y:.2f}"])
    stations.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    problem = only(load(str(folder)), "crs-projected")
    assert problem.message.startswith(
        "the coordinates are Mercator metres (e.g. 13494149, 3673726), as Baidu Maps"
    )
    assert "in [stations]" in problem.fix


# ------------------------------------------------------------ features to skip or fix


def test_drawn_boundary_lines_are_skipped_with_one_warning():
    project = load("boundary_lines")
    assert codes(project) == ["geometry-lines-skipped"]
    problem = project.problems[0]
    assert (problem.severity, problem.row) == (Severity.WARNING, "features 7, 8")
    assert problem.message == (
        "2 line feature(s) with no code and no name were skipped: drawn boundary lines, "
        "not townships"
    )
    assert location(problem, "zh-CN") == "townships.geojson，第 7、8 个要素"
    assert placed(project) == ALL_PLACED


def test_a_line_carrying_a_township_code_stays_an_error():
    problem = only(load("line_feature"), "geometry-not-polygon")
    assert problem.severity is Severity.ERROR


def test_collection_parts_and_heights_are_dropped_and_logged_as_fixed():
    project = load("collection_and_heights")
    assert codes(project) == ["geometry-z-dropped", "geometry-parts-dropped"]
    heights, parts = project.problems
    assert heights.severity is parts.severity is Severity.FIXED
    assert heights.message == (
        "1 feature(s) had Z (height) values; mapgen dropped them and kept the boundaries flat"
    )
    assert parts.row == "feature 1 (南翔镇)"
    assert parts.message == (
        "township's geometry is a collection; 2 part(s) that are not areas (points, lines) "
        "were dropped and its polygons kept"
    )
    assert (
        render(parts, "zh-CN")[0]
        == "街镇的图形是几何集合；已删除其中 2 个非面部分（点、线），保留多边形"
    )
    assert placed(project) == ALL_PLACED


def test_adcode_alone_marks_a_web_map_download():
    problem = only(load("adcode_boundaries"), "boundaries-datum")
    assert problem.message.startswith(
        "the boundaries look like Aliyun DataV / web-map data (properties adcode)"
    )


def test_a_declared_projected_system_is_not_taken_for_a_web_map_download():
    import pandas as pd

    from mapgen.layers import _datav

    frame = pd.DataFrame({"adcode": ["310114"]})
    assert _datav(frame, "EPSG:4549", "t.geojson") == []
    assert _datav(frame, "gcj02", "t.geojson") == []
    assert len(_datav(frame, "wgs84", "t.geojson")) == 1


# ------------------------------------------------------------------- gaps and ties


def test_a_gap_reaching_the_district_edge_is_reported():
    problem = only(load("gap_at_edge"), "township-gap")
    assert problem.severity is Severity.WARNING
    assert problem.message == (
        "a gap of 82.9 ha between townships 南翔镇, 江桥镇, near 121.23800, 31.31018"
    )


def test_border_and_overlap_ties_go_to_the_stated_township_and_are_reported():
    project = load("border_tie")
    assert placed(project) == ALL_PLACED
    ties = [p for p in project.problems if p.code == "station-border-tie"]
    assert [(p.row, p.severity, p.station) for p in ties] == [
        (2, Severity.WARNING, "ST-01"),
        (3, Severity.FIXED, "ST-02"),
        (4, Severity.FIXED, "ST-03"),
    ]
    assert ties[0].message == (
        "station ST-01 lies on the border of (or where they overlap) 南翔镇 (310114101), "
        "江桥镇 (310114102); it counts for 南翔镇 (310114101), whose code sorts first, as its "
        "row states none of them"
    )
    assert ties[1].message == (
        "station ST-02 lies on the border of (or where they overlap) 南翔镇 (310114101), "
        "江桥镇 (310114102); it counts for 江桥镇 (310114102), the township its row states"
    )
    assert ties[2].message.endswith("it counts for 马陆镇 (310114103), the township its row states")
    # The stated township decides, so no datum or mismatch warning follows from the tie.
    assert "datum-mismatch" not in codes(project)
    assert "township-mismatch" not in codes(project)


@pytest.mark.browser
def test_home_page_without_boundaries_shows_stations_and_the_notice(web, tmp_path: Path):
    from mapgen import build
    from tests.conftest import serve

    site = build(_copy("townships_table", tmp_path)).out
    server = serve(site)
    try:
        page = web.open(server.url)
        assert page.locator(".station-marker").count() == 6
        assert page.locator("path.leaflet-interactive").count() == 0  # nothing to shade
        assert "没有边界：覆盖情况按每个站点所填的街镇统计" in page.inner_text(
            ".notice-no-boundaries"
        )
        assert "6 / 6 个街镇已覆盖 · 100%" in page.locator("#coverage-summary").inner_text()
        page.locator('.station-marker[title="江桥镇社工站"]').click()
        page.locator(".leaflet-popup-content").wait_for()
        assert "江桥镇社工站" in page.locator(".leaflet-popup-content").inner_text()
    finally:
        server.close()
