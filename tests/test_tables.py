"""Spreadsheets as offices keep them (issue 9): each case in tests/data/inputs/ gives
exactly the problem — code, row, column, message and fix — it should, and nothing after it.

The cases are made by tests/data/inputs/make_inputs.py.
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from mapgen import headers, menus, rows
from mapgen.messages import describe, render
from mapgen.problems import Problem, Severity
from mapgen.project import Project, load_project

INPUTS = Path(__file__).resolve().parent / "data" / "inputs"


def load(case: str) -> Project:
    return load_project(INPUTS / case)


def problems(project: Project) -> list[tuple[str, str, object, str | None]]:
    return [(p.severity.value, p.code, p.row, p.column) for p in project.problems]


def only(project: Project, code: str) -> Problem:
    found = [p for p in project.problems if p.code == code]
    assert len(found) == 1, [describe(p, "en") for p in project.problems]
    return found[0]


def menu(project: Project) -> list[tuple[str, str]]:
    return sorted(zip(project.services["station"], project.services["category"], strict=True))


# ------------------------------------------------------------------------ columns


def test_headers_in_office_forms_are_found_and_the_report_says_which():
    project = load("columns_unmapped")
    assert [p for p in project.problems if p.severity is not Severity.FIXED] == []
    found = only(project, "columns-recognised")
    assert found.message == (
        "columns recognised by their headers: name ← column A '站点名称', township ← column B "
        "'所在街道（镇）', address ← column C '详细地址', phone ← column D '联系电话', lon ← "
        "column E '东经（°）', lat ← column F '北纬（°）'"
    )
    assert render(found, "zh-CN")[0].startswith("已按表头识别列：name ← 第 A 列“站点名称”")
    assert set(project.stations["township_id"]) == {
        "310114101", "310114102", "310114103", "310114001", "310114002", "310114003"
    }  # fmt: skip


def test_two_candidate_columns_are_one_error_naming_both_letters():
    project = load("columns_ambiguous")
    assert [p.code for p in project.errors] == ["column-ambiguous"]
    error = project.errors[0]
    assert error.message == "two columns could hold lon: column G '经度' and column I '东经'"
    assert error.fix == (
        'Say which in mapgen.toml, e.g. [stations.columns] lon = "经度", or rename the other '
        "column."
    )


def test_a_duplicated_header_that_maps_to_a_field_is_an_error():
    error = only(load("header_duplicated"), "column-duplicate")
    assert error.severity is Severity.ERROR
    assert error.message == (
        "the header '名称' (name) appears twice: column B '名称' and column I '名称'"
    )


def test_lat_typo_never_suggests_the_longitude_column():
    error = only(load("lat_typo"), "column-missing")
    assert error.fix.startswith("Did you mean '纬度'? ")
    assert "经度'?" not in error.fix


def test_suggestion_skips_columns_of_other_fields():
    hint = headers.suggestion("緯度", "lat", "stations", ["经度", "备注"], set())
    assert hint["hint"] == ""


def test_header_keys_drop_brackets_units_and_odd_spaces():
    assert headers.header_key("\u200b经度 (GCJ02)") == "经度"
    assert headers.field_of("Longitude", "stations") == "lon"
    assert headers.field_of("东经（°）", "stations") == "lon"


# ------------------------------------------------------------------- ids and names


def test_blank_station_name_is_an_error_with_row_and_column():
    project = load("name_blank")
    assert [(p.code, p.row, p.column) for p in project.errors] == [("name-missing", 3, "名称")]
    assert project.errors[0].message == "station has no name"


def test_no_id_column_ids_come_from_names_and_menus_match_by_name():
    project = load("no_id_column")
    assert problems(project) == [("fixed", "ids-derived", None, None)]
    assert sorted(project.stations["id"]) == [
        "jiadingzhenjiedaoshegongzhan",
        "jiangqiaozhenshegongzhan",
        "juyuanxinqushegongzhan",
        "maluzhenshegongzhan",
        "nanxiangzhenshegongzhan",
        "xinchenglujiedaoshegongzhan",
    ]
    assert len(project.services) == 6
    assert set(project.services["category"]) == {"counselling"}


def _stations(names: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {"id": "", "name": names, "township": [f"镇{i % 3}" for i in range(len(names))]},
        index=range(2, len(names) + 2),
    )


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(["南翔镇社工站", "江桥镇社工站", "马陆站", "Malu"]), min_size=1),
    st.randoms(use_true_random=False),
)
def test_shuffling_rows_keeps_every_derived_id_and_page_name(names: list[str], rnd: random.Random):
    frame = _stations(names)
    ids, _ = rows.derive_ids(frame, "s.csv", "名称")
    by_content = {tuple(frame.loc[r, ["name", "township"]]): ids[r] for r in frame.index}
    order = list(frame.index)
    rnd.shuffle(order)
    shuffled = frame.loc[order]
    shuffled.index = range(2, len(order) + 2)
    again, _ = rows.derive_ids(shuffled, "s.csv", "名称")
    for r in shuffled.index:
        assert again[r] == by_content[tuple(shuffled.loc[r, ["name", "township"]])]


def test_stations_that_share_a_name_get_distinct_ids_and_a_warning():
    frame = _stations(["南翔镇社工站", "南翔镇社工站"])
    ids, found = rows.derive_ids(frame, "s.csv", "名称")
    assert ids.nunique() == 2 and all(i.startswith("nanxiangzhenshegongzhan-") for i in ids)
    assert [p.code for p in found] == ["ids-derived", "id-collision"]


def test_duplicate_ids_with_different_rows_name_the_differing_columns():
    error = only(load("duplicate_id_differs"), "id-duplicate")
    assert (error.row, error.column, error.value) == (8, "编号", "ST-03")
    assert error.message == "id repeats row 4, and the rows differ in 名称, 电话"


def test_a_service_row_for_a_station_without_id_never_suggests_another_station():
    warning = only(load("service_station_blank_id"), "service-unknown-station")
    assert warning.fix == (
        "Row 4 of stations.csv has no id: if that is this station, write the id there. "
        "Use the station's id exactly."
    )


def test_odd_spaces_are_removed_and_listed():
    project = load("odd_spaces")
    assert problems(project) == [("fixed", "spaces-removed", None, None)]
    assert "ST-01" in set(project.stations["id"])
    assert "江桥镇社工站" in set(project.stations["name"])


# --------------------------------------------------------------------- rows


def test_note_and_total_rows_are_not_stations():
    project = load("note_rows")
    assert problems(project) == [
        ("fixed", "row-note-skipped", 8, None),
        ("fixed", "row-note-skipped", 9, None),
    ]
    assert len(project.stations) == 6


def test_an_exact_duplicate_row_is_one_warning_and_read_once():
    project = load("duplicate_row")
    assert problems(project) == [
        ("warning", "row-duplicate", 5, None),
        ("warning", "row-duplicate", 5, None),
    ]
    assert project.problems[1].file == "services.csv"
    assert project.problems[0].message == "row repeats row 4 exactly; it is read once"
    assert list(project.stations["id"]).count("ST-03") == 1
    # Its menu row, repeated in the services table too, is read once as well.
    assert menu(project).count(("ST-03", "counselling")) == 1


def test_a_ragged_row_is_one_error_and_nothing_follows():
    assert problems(load("ragged_row")) == [("error", "row-too-long", 3, None)]
    short = load("ragged_short_row")
    assert problems(short) == [("error", "row-too-short", 4, None)]
    assert short.problems[0].message == (
        "row has 7 cell(s) but the header has 8: a value is missing, so the cells after it "
        "may have moved left; the row is not read"
    )


def test_an_unreadable_sheet_is_reported_once():
    assert problems(load("sheet_unknown")) == [("error", "sheet-unknown", None, None)]


def test_a_formula_without_value_in_a_required_column_is_an_error():
    project = load("formula_required")
    assert problems(project) == [("error", "formula-no-value", 3, "经度")]
    assert project.problems[0].message == (
        "cell G3 (lon) holds a formula (=121.2+0.06) whose result was not saved in the file, "
        "so the value is unknown"
    )


def test_a_month_stays_a_month():
    project = load("month_opened")
    assert project.stations.loc[2, "opened"] == "2025-03"


# ------------------------------------------------------------------- cells


def test_a_decimal_comma_is_read_with_a_note():
    project = load("decimal_comma")
    note = only(project, "decimal-comma")
    assert note.severity is Severity.FIXED
    assert note.message == (
        "1 coordinate(s) written with a decimal comma (e.g. 121,260000) were read with a "
        "decimal point (121.26)"
    )
    assert project.stations.loc[3, "township_id"] == "310114102"


def test_a_lon_lat_pair_in_the_longitude_cell_is_recognised():
    project = load("lonlat_in_lon_cell")
    note = only(project, "lonlat-in-one-cell")
    assert (note.row, note.column, note.value) == (2, "经度", "121.220000,31.315000")
    assert project.stations.loc[2, "township_id"] == "310114101"


def test_different_stations_at_identical_coordinates_are_a_warning():
    warning = only(load("shared_coordinates"), "coordinates-shared")
    assert (warning.row, warning.column) == (6, "经度/纬度")
    assert warning.message == "station ST-05 is at exactly the same coordinates as ST-02 (row 3)"


def test_coordinates_with_two_decimals_are_a_warning():
    warning = only(load("coarse_coordinates"), "coordinates-coarse")
    assert (warning.row, warning.value) == (2, "121.22, 31.32")
    assert warning.message == "coordinates with 2 decimal(s) are only accurate to about 1 km"


def test_a_phone_number_of_implausible_length_is_a_warning():
    warning = only(load("phone_implausible"), "phone-implausible")
    assert (warning.row, warning.column, warning.value) == (4, "电话", "021-595300")
    assert rows.phone_digits("021-59530001 转 8") == [11]


# ------------------------------------------------------------------ services


def test_categories_named_in_chinese_or_english_are_matched():
    project = load("category_by_name")
    assert project.problems == ()
    assert ("ST-01", "referral") in menu(project)


SHAPED = [
    ("ST-01", "counselling"),
    ("ST-01", "referral"),
    ("ST-02", "counselling"),
    ("ST-03", "referral"),
    ("ST-04", "counselling"),
    ("ST-06", "counselling"),
]


def test_services_listed_in_one_cell():
    project = load("services_list")
    assert menu(project) == SHAPED
    shape = only(project, "services-shape")
    assert shape.message == (
        "services read from column 服务内容: one cell per station, split on 、 ， , ； ; / | "
        "and line breaks"
    )


def test_services_ticked_in_a_matrix():
    project = load("services_matrix")
    assert menu(project) == SHAPED
    unclear = only(project, "service-tick-unclear")
    assert (unclear.row, unclear.column, unclear.value) == (6, "康复转介", "待定")
    assert unclear.message == "'待定' is not a tick: read as not offering 康复转介"


def test_split_and_ticks():
    assert menus.split_services("a、b，c,d；e;f/g|h\ni\r\n a ") == list("abcdefghi")
    assert [menus.tick(t) for t in ("✓", "√", "☑", "●", "是", "有", "Y", "yes", "1", "x")] == [
        True
    ] * 10
    assert [menus.tick(t) for t in ("", "否", "无", "✗", "0")] == [False] * 5


def test_derived_categories_do_not_depend_on_row_order():
    services = pd.DataFrame(
        {"station": ["a", "b", "b", "c"], "category": ["讲堂", "心理咨询", "讲堂", "心理咨询"]}
    ).assign(schedule="", schedule_en="", _column="服务")
    _, first, _ = menus.resolve(services, pd.DataFrame(), "s.csv", None)
    _, again, _ = menus.resolve(services.iloc[::-1], pd.DataFrame(), "s.csv", None)
    assert list(first["id"]) == list(again["id"]) == ["xinlizixun", "jiangtang"]


def test_a_declared_shape_with_nothing_of_that_shape_is_an_error(tmp_path: Path):
    import shutil

    project = tmp_path / "p"
    shutil.copytree(INPUTS / "services_list", project)
    config = project / "mapgen.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[categories]", '[services]\nshape = "matrix"\n\n[categories]'))
    error = only(load_project(project), "services-none")
    assert error.severity is Severity.ERROR
    assert error.message.startswith('shape = "matrix" in [services], but no column')


def test_a_services_column_headed_just_fu_wu_is_found():
    # Found by trying a second sheet as a new user: 服务 alone was left private.
    from mapgen.headers import find_columns

    found = find_columns(["站点", "经度", "纬度", "服务"], {}, "stations", {}, "s.csv")
    assert found.found["services"] == "服务"
