"""Real-world inputs end to end: each case in tests/data/inputs/ gives exactly the problem
(message, fix, severity, code) it should, places what it can, and loses no row.

The cases are made by tests/data/inputs/make_inputs.py; its docstring draws the district.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mapgen.messages import describe, render
from mapgen.problems import Problem, Severity
from mapgen.project import Project, accounts, load_project

INPUTS = Path(__file__).resolve().parent / "data" / "inputs"
CASES = sorted(p.name for p in INPUTS.iterdir() if (p / "mapgen.toml").is_file())
ALL_PLACED = {
    "ST-01": "310114101",
    "ST-02": "310114102",
    "ST-03": "310114103",
    "ST-04": "310114001",
    "ST-05": "310114002",
    "ST-06": "310114003",
}


def load(case: str, **options: object) -> Project:
    return load_project(INPUTS / case, **options)  # type: ignore[arg-type]


def codes(project: Project) -> list[str]:
    return [p.code for p in project.problems]


def only(project: Project, code: str) -> Problem:
    found = [p for p in project.problems if p.code == code]
    assert len(found) == 1, [describe(p) for p in project.problems]
    return found[0]


def placed(project: Project) -> dict[str, str]:
    stations = project.stations
    return dict(zip(stations["id"], stations["township_id"], strict=True))


def test_there_are_enough_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES)
def test_every_case_loads_and_every_row_is_used_or_reported(case: str):
    project = load(case)
    assert "row-lost" not in codes(project)
    for account in accounts(project):
        assert account.read == account.used + account.reported, account
    # Every problem names its file and says how to fix it, in both languages.
    for problem in project.problems:
        assert problem.file
        assert problem.fix, problem
        message, fix = render(problem, "zh-CN")
        assert message and fix


@pytest.mark.parametrize(
    "case",
    [
        "clean",
        "messy_cells",
        "lonlat_cell",
        "header_aliases",
        "header_aliases_lng",
        "duplicate_points",
        "slivers",
        "gcj02_declared",
    ],
)
def test_clean_inputs_in_unusual_forms_give_no_problem(case: str):
    project = load(case)
    assert [p for p in project.problems if p.severity is not Severity.FIXED] == []
    assert placed(project) == ALL_PLACED


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("clean", []),
        ("messy_cells", ["coordinates-converted"]),
        ("header_aliases", ["columns-recognised"]),
        ("header_aliases_lng", ["columns-recognised"]),
    ],
)
def test_every_automatic_decision_is_listed_as_fixed(case: str, expected: list[str]):
    assert codes(load(case)) == expected


# ------------------------------------------------------------------- coordinates


def test_gcj02_declared_as_wgs84_is_recognised():
    project = load("gcj02_declared_wgs84")
    problem = only(project, "datum-mismatch")
    assert problem.severity is Severity.WARNING
    assert problem.file == "stations.csv"
    assert problem.message == (
        "the stations look like GCJ-02 coordinates, not WGS84: 6 of 6 lie in their stated "
        "township when read as GCJ-02, 2 as WGS84"
    )
    assert problem.fix == 'Set crs = "gcj02" in [stations].'
    assert render(problem, "zh-CN") == (
        "站点坐标看起来是 GCJ-02，而不是 WGS84：按 GCJ-02 读取时 6 个站点中有 6 个位于其所属"
        "街镇内，按 WGS84 只有 2 个",
        '请在 [stations] 中设置 crs = "gcj02"。',
    )
    # The symptom is reported too, after the cause.
    assert codes(project) == ["datum-mismatch", *["township-mismatch"] * 4]
    mismatch = project.problems[1]
    assert mismatch.message == (
        "station ST-01 says it is in 南翔镇 but its point lies in 江桥镇, 0.3 km from 南翔镇"
    )


def test_bd09_declared_as_gcj02_is_recognised():
    problem = only(load("bd09_declared_gcj02"), "datum-mismatch")
    assert problem.message.startswith(
        "the stations look like BD-09 coordinates, not GCJ-02: "
        "6 of 6 lie in their stated township when read as BD-09"
    )
    assert problem.fix == 'Set crs = "bd09" in [stations].'


def test_gcj02_boundaries_declared_as_wgs84_are_recognised():
    problem = only(load("gcj02_boundaries_declared_wgs84"), "datum-mismatch")
    assert (problem.file, problem.severity) == ("townships.geojson", Severity.WARNING)
    assert problem.message == (
        "the township boundaries look like GCJ-02 coordinates, not WGS84: 6 of 6 stations lie "
        "in their stated township when the boundaries are read as GCJ-02, 2 as WGS84"
    )
    assert problem.fix == 'Set crs = "gcj02" in [townships].'


def test_a_shift_either_layer_explains_names_both_fixes():
    problem = only(load("wgs84_boundaries_declared_gcj02"), "datum-mismatch")
    assert problem.message.startswith(
        "the township boundaries look like WGS84 coordinates, not GCJ-02: 6 of 6 stations"
    )
    assert problem.fix == (
        'Set crs = "wgs84" in [townships]; or, if the townships are right, '
        'the stations are BD-09: set crs = "bd09" in [stations].'
    )
    assert render(problem, "zh-CN")[1] == (
        '请在 [townships] 中设置 crs = "wgs84"；如果街镇边界无误，那么是站点坐标为 BD-09：'
        '请在 [stations] 中设置 crs = "bd09"。'
    )


def test_swapped_latitude_and_longitude_are_swapped_back_with_a_warning():
    project = load("swapped")
    swapped = [p for p in project.problems if p.code == "coordinates-swapped"]
    assert [(p.row, p.station, p.severity) for p in swapped] == [
        (3, "ST-02", Severity.WARNING),
        (5, "ST-04", Severity.WARNING),
    ]
    assert swapped[0].message == (
        "longitude and latitude look swapped: as written the point is outside the district, "
        "swapped it lies in 江桥镇; mapgen swapped them"
    )
    assert swapped[0].fix == (
        "Swap the two cells in the file (longitude is about 121.260000, latitude about 31.315000)."
    )
    assert swapped[0].value == "31.315000, 121.260000"
    assert placed(project) == ALL_PLACED


def test_swapped_gcj02_cells_fix_names_the_files_own_numbers(tmp_path):
    """Bug: the fix quoted the swapped point converted to WGS84, so a user copying it
    into a GCJ-02 sheet would have moved the station about 500 m."""
    from .conftest import copy_demo

    demo = copy_demo(tmp_path / "demo")
    stations = demo / "layers/stations_gcj02.csv"
    stations.write_text(
        stations.read_text(encoding="utf-8-sig").replace(
            "121.225771,31.414442", "31.414442,121.225771"
        ),
        encoding="utf-8-sig",
    )
    problem = only(load_project(demo), "coordinates-swapped")
    assert problem.row == 2
    assert problem.fix == (
        "Swap the two cells in the file (longitude is about 121.225771, latitude about 31.414442)."
    )


def test_a_coordinate_header_with_a_note_in_brackets_is_found(tmp_path):
    from .conftest import copy_demo

    demo = copy_demo(tmp_path / "demo")
    stations = demo / "layers/stations_gcj02.csv"
    stations.write_text(
        stations.read_text(encoding="utf-8-sig").replace("纬度", "纬度(GCJ)"), encoding="utf-8-sig"
    )
    project = load_project(demo)
    assert project.errors == []
    recognised = only(project, "columns-recognised")
    assert recognised.message == "columns recognised by their headers: lat ← column H '纬度(GCJ)'"


def test_latitude_beyond_90_is_an_error_when_swapping_does_not_help():
    project = load("lat_out_of_range")
    problem = only(project, "coordinate-invalid")
    assert (problem.row, problem.column, problem.value) == (3, "纬度", "95.5")
    assert problem.message == "latitude 95.5 is out of range (−90 to 90)"
    assert placed(project)["ST-02"] == ""


def test_gauss_kruger_zone_prefix_is_removed():
    project = load("gauss_prefix")
    problem = only(project, "crs-zone-prefix")
    assert problem.severity is Severity.FIXED
    assert problem.message == (
        "6 easting(s) carry the zone number 40 in front (e.g. 40616135), which EPSG:4549 does "
        "not expect; mapgen removed it"
    )
    assert problem.fix == (
        'Nothing to do if the map looks right; or set crs = "EPSG:4528", '
        "the same system with the zone number."
    )
    assert placed(project) == ALL_PLACED


def test_gauss_kruger_zone_prefix_is_added():
    project = load("gauss_no_prefix")
    problem = only(project, "crs-zone-added")
    assert problem.severity is Severity.FIXED
    assert "lack the zone number 40 that EPSG:4528 expects" in problem.message
    assert 'set crs = "EPSG:4549"' in problem.fix
    assert placed(project) == ALL_PLACED


def test_gauss_kruger_prefix_of_another_zone_names_the_epsg_code():
    project = load("gauss_wrong_zone")
    problem = only(project, "crs-zone-mismatch")
    assert problem.severity is Severity.ERROR
    assert problem.message == (
        "the eastings start with zone number 39 (e.g. 39616135), but "
        "EPSG:4549 is the zone around 120°E"
    )
    assert problem.fix == (
        'Set crs = "EPSG:4527" in [stations]: CGCS2000 / 3-degree Gauss-Kruger zone 39.'
    )


def test_survey_x_and_y_mapped_the_wrong_way_round():
    project = load("gauss_xy_swapped")
    problem = only(project, "coordinates-swapped")
    assert problem.row is None
    assert problem.message.startswith("easting and northing are swapped in all 6 rows")
    assert problem.fix == (
        'In [stations.columns] of mapgen.toml, set lon = "Y坐标" (the '
        'easting) and lat = "X坐标" (the northing).'
    )
    assert placed(project) == ALL_PLACED


def test_metres_without_a_crs_name_the_epsg_code_from_the_zone_prefix():
    problem = only(load("projected_undeclared"), "crs-projected")
    assert problem.severity is Severity.ERROR
    assert problem.message == (
        "the coordinates are in metres (e.g. 40616135, 3466542), not longitude and latitude; "
        "they look like CGCS2000 / 3-degree Gauss-Kruger zone 40 (with the zone number in "
        "front of the easting)"
    )
    assert problem.fix == (
        'Set crs = "EPSG:4528" in [stations], or "EPSG:2364" if the survey '
        'used Xian 1980, "EPSG:2416" if the survey used Beijing 1954.'
    )


def test_metres_without_prefix_or_crs_take_the_zone_from_the_district():
    project = load("projected_undeclared_no_prefix")
    problem = only(project, "crs-projected")
    assert "CGCS2000 / 3-degree Gauss-Kruger CM 120E (without a zone number)" in problem.message
    assert problem.fix.startswith('Set crs = "EPSG:4549" in [stations]')
    assert set(placed(project).values()) == {""}


def test_degrees_declared_as_a_projected_system():
    problem = only(load("degrees_declared_projected"), "crs-not-projected")
    assert problem.message == (
        "crs is EPSG:4549, a projected system in metres, but the "
        "coordinates look like degrees (e.g. 121.22, 31.315)"
    )
    assert problem.fix.startswith('Remove the crs line, or set crs = "wgs84"')


def test_rows_without_coordinates_are_listed_as_not_placed_with_reasons():
    project = load("not_placed")
    found = [(p.row, p.severity, p.message, p.value) for p in project.problems]
    assert found == [
        (3, Severity.WARNING, "station not placed: no coordinates yet", None),
        (
            4,
            Severity.WARNING,
            "station not placed: coordinates are 0, 0 (a blank cell exported as zero?)",
            "0, 0",
        ),
        (5, Severity.WARNING, "station not placed: coordinates are '待定'", "待定"),
        (
            6,
            Severity.WARNING,
            "station not placed: it has an address but no coordinates",
            "上海市嘉定区新成路 100 号",
        ),
    ]
    assert "Look the address up on a web map" in project.problems[3].fix
    assert project.coverage is not None
    assert project.coverage.unplaced == [
        {"station": "ST-02", "reason": "no coordinates yet"},
        {"station": "ST-03", "reason": "coordinates are 0, 0 (a blank cell exported as zero?)"},
        {"station": "ST-04", "reason": "coordinates are '待定'"},
        {"station": "ST-05", "reason": "it has an address but no coordinates"},
    ]


def test_a_station_outside_the_district_names_the_nearest_township_and_distance():
    problem = only(load("outside"), "station-outside")
    assert (problem.severity, problem.row, problem.station) == (Severity.ERROR, 4, "ST-03")
    assert problem.message == (
        "station ST-03 is outside every township: 5.0 km from the nearest, 马陆镇"
    )
    assert problem.value == "121.372800, 31.315000"
    assert render(problem, "zh-CN")[0] == "站点 ST-03 不在任何街镇内：距最近的马陆镇 5.0 公里"


def test_unreadable_coordinates_are_errors_with_row_column_and_value():
    project = load("invalid_coordinates")
    found = [
        (p.row, p.column, p.value, p.message)
        for p in project.problems
        if p.code == "coordinate-invalid"
    ]
    assert found == [
        (2, "经度", "abc", "longitude is not a number"),
        (3, "经度", "1213.35755", "longitude 1213.35755 is out of range (−180 to 180)"),
        (4, "纬度", "", "latitude is missing"),
    ]


# ---------------------------------------------------------------------- geometry


def test_small_self_intersection_is_repaired():
    problem = only(load("bowtie_small"), "geometry-repaired")
    assert problem.severity is Severity.FIXED
    assert problem.row == "feature 3 (马陆镇)"
    assert problem.message == (
        "township 马陆镇 had an invalid polygon (self-intersection or "
        "bad ring); repaired, area changed by <0.1%"
    )


def test_figure_of_eight_changes_too_much_to_trust():
    problem = only(load("bowtie"), "geometry-repaired")
    assert problem.severity is Severity.ERROR
    assert problem.message.endswith("repaired, area changed by 100.0%")
    assert problem.fix.endswith("the repair changed it too much to trust.")


def test_self_touching_ring_becomes_a_hole():
    project = load("ring_self_touch")
    problem = only(project, "geometry-repaired")
    assert problem.severity is Severity.FIXED
    assert problem.message.endswith("area changed by 0.0%")
    jiangqiao = project.townships.set_index("id").geometry["310114102"]
    assert jiangqiao.geom_type == "Polygon" and len(jiangqiao.interiors) == 1


def test_unclosed_ring_is_closed():
    project = load("unclosed_ring")
    problem = only(project, "ring-unclosed")
    assert problem.severity is Severity.FIXED
    assert problem.message == (
        "1 feature(s) had a polygon ring that does not end where it starts; mapgen closed the ring"
    )
    assert placed(project) == ALL_PLACED


def test_line_feature_is_not_a_township():
    project = load("line_feature")
    problem = only(project, "geometry-not-polygon")
    assert (problem.row, problem.message) == (
        "feature 6 (菊园新区)",
        "township is a LineString, not a polygon",
    )
    # Its station is then outside every township, and says which one is nearest.
    assert "1.7 km from the nearest, 马陆镇" in only(project, "station-outside").message


def test_null_and_empty_geometries_are_reported():
    project = load("empty_geometries")
    found = [(p.row, p.message) for p in project.problems]
    # Skipped with a warning each, and not counted as townships.
    skipped = "feature has no geometry; skipped, so it is neither on the map nor counted"
    assert found == [("feature 5 (新成路街道)", skipped), ("feature 6 (菊园新区)", skipped)]
    assert {p.severity for p in project.problems} == {Severity.WARNING}
    assert project.coverage is not None and project.coverage.townships == 4


def test_overlapping_townships_are_named_with_the_area():
    problem = only(load("overlap"), "township-overlap")
    assert problem.severity is Severity.WARNING
    assert problem.message == (
        "townships 江桥镇 (310114102) and 马陆镇 (310114103) overlap by 1.58 km²"
    )
    assert render(problem, "zh-CN")[0] == (
        "街镇江桥镇 (310114102)与马陆镇 (310114103)重叠 1.58 平方公里"
    )


def test_a_gap_between_townships_is_reported():
    problem = only(load("gap"), "township-gap")
    assert problem.severity is Severity.WARNING
    assert problem.message == (
        "a gap of 95.0 ha between townships 嘉定镇街道, 新成路街道, "
        "南翔镇, 江桥镇, near 121.24500, 31.32550"
    )


def test_duplicate_codes_are_errors_and_duplicate_names_warnings():
    project = load("duplicate_townships")
    code = only(project, "township-duplicate")
    assert (code.severity, code.row, code.column, code.value) == (
        Severity.ERROR,
        "feature 6 (菊园新区)",
        "code",
        "310114002",
    )
    name = only(project, "township-name-duplicate")
    assert (name.severity, name.value) == (Severity.WARNING, "南翔镇")
    assert name.message == "township name '南翔镇' is also used by feature 1"


def test_boundaries_in_metres_without_a_crs_ask_for_the_epsg_code():
    project = load("boundaries_in_metres")
    problem = only(project, "crs-missing")
    assert problem.message == (
        "the coordinates (40614176, 3464858) are not longitude/latitude, "
        "though the layer says EPSG:4326: they are projected (metres)"
    )
    assert problem.fix == (
        "Set crs in [townships] to the EPSG code the data uses, e.g. crs = "
        '"EPSG:4528" (CGCS2000 / 3-degree Gauss-Kruger zone 40).'
    )
    assert codes(project) == ["crs-missing"]  # nothing else: everything would repeat it


def test_shapefile_without_prj_in_metres_asks_for_the_epsg_code():
    project = load("shapefile_without_prj")
    problem = only(project, "crs-missing")
    assert (problem.file, problem.severity) == ("towns.shp", Severity.ERROR)
    assert problem.message == (
        "the file has no coordinate system and its coordinates "
        "(40614176, 3464858) are not longitude/latitude"
    )
    assert 'crs = "EPSG:4528"' in problem.fix
    assert render(problem, "zh-CN")[0] == (
        "文件没有坐标系信息，其坐标（40614176，3464858）不是经纬度"
    )


def test_boundaries_with_a_zone_prefix_the_crs_lacks_are_fixed():
    project = load("boundaries_gauss_prefix")
    assert only(project, "crs-zone-prefix").severity is Severity.FIXED
    assert placed(project) == ALL_PLACED


def test_datav_boundaries_are_recognised_as_gcj02():
    problem = only(load("datav_boundaries"), "boundaries-datum")
    assert problem.message == (
        "the boundaries look like Aliyun DataV / web-map data (properties adcode, childrenNum, "
        "acroutes), which is GCJ-02, but crs is EPSG:4326"
    )
    assert problem.fix == (
        'If they come from DataV.GeoAtlas, Amap or Tencent, set crs = "gcj02" in [townships].'
    )


# ------------------------------------------------------------------- consistency


def test_stated_township_disagreeing_with_the_point():
    problem = only(load("stated_mismatch"), "township-mismatch")
    assert (problem.row, problem.column, problem.value) == (2, "所属街镇", "南翔镇")
    assert problem.message == (
        "station ST-01 says it is in 南翔镇 but its point lies in 江桥镇, 2.0 km from 南翔镇"
    )


def test_unknown_stated_township_suggests_the_closest():
    problem = only(load("unknown_township"), "township-unknown")
    assert problem.fix == (
        "Did you mean '南翔镇'? Use the township's name or code exactly as in the boundary file."
    )
    assert render(problem, "zh-CN")[1] == "是不是“南翔镇”？请使用边界文件中街镇的准确名称或代码。"


def test_service_rows_and_stations_without_services():
    project = load("services_unknown")
    station = only(project, "service-unknown-station")
    assert (station.file, station.row, station.value) == ("services.csv", 7, "ST-9")
    assert station.message == "service row names station 'ST-9', which is not in stations.csv"
    # A near miss is kept, as the closest category, with a warning that names it.
    category = only(project, "service-category-guessed")
    assert (category.row, category.column, category.value) == (8, "服务类别", "counseling")
    assert category.message == (
        "service 'counseling' is not a category name; read as the closest, '心理咨询'"
    )
    assert category.fix == "Write it as '心理咨询', or add 'counseling' to the categories table."
    empty = only(project, "station-no-services")
    assert (empty.file, empty.row, empty.message) == (
        "stations.csv",
        7,
        "station ST-06 has no services listed",
    )


# ------------------------------------------------------------ privacy and safety


def test_bidi_and_control_characters_are_removed_with_a_fixed_problem():
    project = load("bidi_controls")
    found = [(p.row, p.column, p.value, p.severity) for p in project.problems]
    assert found == [
        (2, "名称", "南翔镇社工站gnp.exe", Severity.FIXED),
        (3, "地址", "江桥镇示例路", Severity.FIXED),
    ]
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in project.problems[0].message
    names = project.stations.set_index("id")
    assert names.at["ST-01", "name"] == "南翔镇社工站gnp.exe"
    assert names.at["ST-02", "address"] == "江桥镇示例路"


def test_sensitive_counts_are_township_totals_of_ten_or_more():
    from mapgen.public import public_data

    project = load("sensitive")
    problem = only(project, "sensitive-invalid")
    assert (problem.row, problem.column, problem.value) == (6, "服务人数", "abc")
    totals = {t["name"]: t["sensitive"] for t in public_data(project).townships}
    assert totals == {
        "南翔镇": {"服务人数": 17},  # 12 + 5
        "江桥镇": {"服务人数": None},  # 3 + 2: suppressed
        "马陆镇": {"服务人数": 1234},
        "嘉定镇街道": {"服务人数": None},  # blank
        "新成路街道": {"服务人数": None},  # unreadable
        "菊园新区": {"服务人数": None},  # 4: suppressed
    }
    stations = public_data(project).stations
    assert all("服务人数" not in s and "身份证号" not in s for s in stations)


# ------------------------------------------------------------------- the report


def test_strict_makes_warnings_errors():
    project = load("swapped", strict=True)
    assert [p.severity for p in project.problems] == [Severity.ERROR] * 2


def test_report_follows_the_site_language_and_lists_each_problem_once():
    from mapgen.messages import format_report

    project = load("not_placed")
    chinese = format_report([*project.problems, *project.problems], "zh-CN", built=True)
    assert chinese.splitlines()[:4] == [
        "警告（网站已生成，请核对）：4",
        "  stations.csv",
        "    - 第 3 行，“经度”列：站点未上图：还没有坐标",
        "        修改方法：请补充经纬度（可从网络地图上复制）。",
    ]
    english = format_report(project.problems, "en", built=True)
    assert english.splitlines()[:4] == [
        "Warnings (the site is built; please check these): 4",
        "  stations.csv",
        "    - row 3, column '经度': station not placed: no coordinates yet",
        "        fix: Add its longitude and latitude (copy them from a web map).",
    ]


# ------------------------------------------------------------------ the command


def run(*args: str, cwd: Path):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "mapgen", *args],
        cwd=cwd,
        text=True,
        capture_output=True,
        timeout=120,
        check=False,
    )


def test_warnings_build_the_site_and_strict_refuses(tmp_path: Path):
    import shutil

    project = tmp_path / "swapped"
    shutil.copytree(INPUTS / "swapped", project)
    built = run("build", "-q", cwd=project)
    assert built.returncode == 0, built.stderr
    assert (project / "site/index.html").is_file()
    report = (project / "site.report.txt").read_text(encoding="utf-8")
    assert report.startswith("警告（网站已生成，请核对）：2\n  stations.csv\n    - 第 3 行")
    strict = run("validate", "--strict", cwd=project)
    assert strict.returncode == 1
    assert strict.stdout.startswith("错误（修正之前不会发布任何内容）：2")
    refused = run("build", "--strict", "-o", str(tmp_path / "other"), cwd=project)
    assert refused.returncode == 1
    assert not (tmp_path / "other").exists()
    assert "Traceback" not in built.stderr + strict.stderr + refused.stderr


def test_an_english_site_gets_an_english_report(tmp_path: Path):
    import shutil

    project = tmp_path / "outside"
    shutil.copytree(INPUTS / "outside", project)
    config = project / "mapgen.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'languages = ["zh-CN", "en"]', 'languages = ["en", "zh-CN"]'
        ),
        encoding="utf-8",
    )
    result = run("validate", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:3] == [
        "Errors (nothing is published until these are fixed): 1",
        "  stations.csv",
        "    - row 4, column '经度/纬度': station ST-03 is outside every township: 5.0 km from the "
        "nearest, 马陆镇 (value: '121.372800, 31.315000')",
    ]


def test_townships_saved_during_the_build_stop_it_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The reported case: boundaries saved anew while the build read them gave exit 0 and
    a site with only some of the stations. Now: one read, and a change is an error."""
    import json
    import shutil

    from mapgen import build
    from mapgen.errors import BuildError

    from .test_readers import RewrittenWhileRead

    project = tmp_path / "project"
    shutil.copytree(INPUTS / "clean", project)
    townships = project / "townships.geojson"
    fewer = json.loads(townships.read_text(encoding="utf-8"))
    fewer["features"] = fewer["features"][:2]
    RewrittenWhileRead(monkeypatch, townships, json.dumps(fewer).encode())
    with pytest.raises(BuildError) as caught:
        build(project, tmp_path / "site")
    assert [p.code for p in caught.value.problems if p.is_error] == ["file-changed"]
    assert caught.value.problems[0].file == "townships.geojson"
    assert not (tmp_path / "site").exists()


def test_a_file_saved_between_two_layers_being_read_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import shutil

    from mapgen import layers

    project = tmp_path / "project"
    shutil.copytree(INPUTS / "clean", project)
    stations = project / "stations.csv"
    read_services = layers.read_services

    def save_stations_then_read_services(*args: object) -> object:
        stations.write_bytes(stations.read_bytes())  # saved again, as Excel does
        return read_services(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(layers, "read_services", save_stations_then_read_services)
    loaded = load_project(project)
    changed = only(loaded, "file-changed")
    assert changed.file == "stations.csv" and changed.is_error
