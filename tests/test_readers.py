"""mapgen.readers: messy spreadsheets and GIS files in, text cells and Problems out.

Fixtures live in tests/data/readers/ and are made by make_fixtures.py there.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapgen.problems import Severity
from mapgen.readers import Boundaries, Table, read_boundaries, read_table

DATA = Path(__file__).resolve().parent / "data" / "readers"

HEADER = ["编号", "名称", "电话", "经度", "纬度"]
STATIONS = {
    2: ["0012", "嘉定镇街道社工站", "021-59531234", "121.225771", "31.383524"],
    3: ["0013", "南翔镇社工站", "13800138000", "121.312", "31.2945"],
}


def table(name: str, **options: str) -> Table:
    return read_table(DATA / name, display_name=name, **options)


def boundaries(name: str, **options: str) -> Boundaries:
    return read_boundaries(DATA / name, display_name=name, **options)


def rows(result: Table) -> dict[int, list[str]]:
    values = result.frame.to_numpy().tolist()
    return {int(k): list(v) for k, v in zip(result.frame.index, values, strict=True)}


def codes(result: Table | Boundaries) -> list[str]:
    return [p.code for p in result.problems]


def only(result: Table | Boundaries, code: str):
    found = [p for p in result.problems if p.code == code]
    assert len(found) == 1, result.problems
    return found[0]


def all_text(result: Table) -> bool:
    return all(type(v) is str for v in result.frame.to_numpy().ravel().tolist())


# ------------------------------------------------------------------ text encodings


def test_utf8_csv_keeps_every_cell_as_text():
    result = table("utf8.csv")
    assert list(result.frame.columns) == HEADER
    assert rows(result) == STATIONS  # "0012" keeps its zeros, phones stay text
    assert result.encoding == "utf-8"
    assert result.file == "utf8.csv"
    assert result.crs == ""
    assert result.problems == []
    assert all_text(result)


def test_utf8_with_bom_is_silent():
    result = table("utf8_bom.csv")
    assert list(result.frame.columns) == HEADER  # no "\ufeff编号"
    assert rows(result) == STATIONS
    assert result.encoding == "utf-8-sig"
    assert result.problems == []


@pytest.mark.parametrize(
    ("name", "encoding", "label"),
    [("gbk.csv", "gb18030", "GB18030"), ("utf16.txt", "utf-16", "UTF-16")],
)
def test_non_utf8_encodings_are_detected_and_reported(name, encoding, label):
    result = table(name)
    assert list(result.frame.columns) == HEADER
    assert rows(result) == STATIONS
    assert result.encoding == encoding
    problem = only(result, "encoding-detected")
    assert problem.severity is Severity.FIXED
    assert problem.file == name
    assert label in problem.message
    assert problem.fix


def test_explicit_encoding_that_fails_names_the_row_and_the_detected_encoding():
    result = table("gbk.csv", encoding="utf-8")
    problem = only(result, "encoding-mismatch")
    assert problem.severity is Severity.ERROR
    assert problem.row == 1
    assert "row 1" in problem.message
    assert "gb18030" in problem.message
    assert 'encoding = "gb18030"' in problem.fix
    # The data is still read (with the encoding that works) so other checks can run.
    assert rows(result) == STATIONS
    assert result.encoding == "gb18030"


def test_explicit_encoding_failure_later_in_the_file_names_that_row(tmp_path):
    path = tmp_path / "late.csv"
    path.write_bytes('id,name\r\n1,abc\r\n2,"two\r\nlines"\r\n3,嘉定\r\n'.encode("gbk"))
    result = read_table(path, encoding="utf-8", display_name="late.csv")
    problem = only(result, "encoding-mismatch")
    assert problem.row == 4  # the quoted line break does not start a new row
    assert rows(result)[4] == ["3", "嘉定"]


def test_explicit_encoding_wins_but_a_utf8_file_is_flagged():
    result = table("utf8.csv", encoding="gbk")
    assert result.encoding == "gb18030"  # GBK is read with its superset
    problem = only(result, "encoding-mismatch")
    assert problem.severity is Severity.WARNING
    assert list(result.frame.columns) != HEADER  # mojibake, as asked


def test_explicit_correct_encoding_gives_no_problem():
    result = table("gbk.csv", encoding="GBK")
    assert rows(result) == STATIONS
    assert result.encoding == "gb18030"
    assert result.problems == []


def test_unknown_encoding_name_is_an_error_and_detection_takes_over():
    result = table("utf8.csv", encoding="klingon")
    problem = only(result, "encoding-unknown")
    assert problem.severity is Severity.ERROR
    assert problem.value == "klingon"
    assert rows(result) == STATIONS


# -------------------------------------------------------------------- delimiters


@pytest.mark.parametrize(
    "name",
    [
        "tab.tsv",
        "semicolon.csv",
        "fullwidth_semicolon.csv",
        "fullwidth_comma.csv",
        "pipe.csv",
        "sep_line.csv",
    ],
)
def test_delimiters_are_sniffed(name):
    result = table(name)
    assert list(result.frame.columns) == HEADER
    assert rows(result) == STATIONS
    # fullwidth_comma.csv is GBK; a separator other than a comma is a decision, listed
    assert set(codes(result)) <= {"encoding-detected", "delimiter-detected"}


def test_full_width_commas_inside_values_do_not_fool_the_sniffer():
    result = table("address_commas.csv")
    assert list(result.frame.columns) == ["编号", "地址", "备注"]
    assert rows(result) == {
        2: ["1", "上海市，嘉定区，嘉定镇", "无"],
        3: ["2", "上海市，嘉定区，南翔镇", "有，两处"],
        4: ["3", "上海市，嘉定区", ""],
    }
    assert result.problems == []


def test_quoted_cells_keep_commas_quotes_and_line_breaks():
    result = table("quoted.csv")
    assert rows(result) == {
        2: ["1", "嘉定站, 一号", "上海市嘉定区\r\n博乐路 70 号"],
        3: ["2", '说 "你好"', "普通地址"],
    }
    assert result.problems == []


# ------------------------------------------------------------------ rows, headers


def test_ragged_rows_are_padded_or_reported():
    result = table("ragged.csv")
    assert rows(result) == {
        2: ["1", "短行", ""],
        3: ["2", "长行", "021-1234"],
        4: ["3", "尾逗号", "021-5678"],
    }
    problem = only(result, "row-too-long")
    assert problem.severity is Severity.ERROR
    assert (problem.file, problem.row, problem.value) == ("ragged.csv", 3, "多余")
    assert "row 3" in problem.message
    assert "double quotes" in problem.fix


def test_many_long_rows_are_summed_up(tmp_path):
    path = tmp_path / "shifted.csv"
    path.write_text("a,b\n" + "".join(f"{i},x,extra\n" for i in range(30)), encoding="utf-8")
    result = read_table(path)
    found = [p for p in result.problems if p.code == "row-too-long"]
    assert len(found) == 21
    assert "10 more" in found[-1].message


def test_blank_rows_are_skipped_without_renumbering():
    result = table("blank_rows.csv")
    assert list(result.frame.columns) == ["编号", "名称"]
    assert rows(result) == {4: ["1", "甲"], 7: ["2", "乙"]}  # header is on row 3
    assert result.problems == []


def test_headers_are_cleaned_and_duplicates_and_gaps_reported():
    result = table("headers.csv")
    # BOM, zero-width space and spaces stripped; Alt+Enter line break → one space;
    # the unnamed empty trailing columns dropped silently.
    assert list(result.frame.columns) == ["编号", "名称", "(column C)", "名称.1", "联系 电话"]
    assert rows(result) == {2: ["1", "甲", "x", "甲2", "123"], 3: ["2", "乙", "", "乙2", "456"]}
    duplicate = only(result, "header-duplicate")
    assert (duplicate.row, duplicate.column, duplicate.severity) == (1, "名称", Severity.WARNING)
    assert "column D" in duplicate.message
    assert "column B" in duplicate.message
    assert duplicate.fix
    empty = only(result, "header-empty")
    assert (empty.row, empty.column) == (1, "(column C)")
    assert "column C" in empty.message


def test_header_only_file_warns():
    result = table("header_only.csv")
    assert list(result.frame.columns) == ["编号", "名称"]
    assert len(result.frame) == 0
    assert only(result, "no-rows").severity is Severity.WARNING


@pytest.mark.parametrize("name", ["empty.csv", "blank.csv"])
def test_empty_files_are_errors(name):
    result = table(name)
    assert result.frame.empty
    problem = only(result, "file-empty")
    assert (problem.severity, problem.file) == (Severity.ERROR, name)


def test_binary_garbage_is_an_error_not_an_exception():
    result = table("garbage.csv")
    assert result.frame.empty
    assert only(result, "file-unreadable").severity is Severity.ERROR


def test_missing_file_unknown_type_and_folder():
    missing = table("nowhere.csv")
    assert codes(missing) == ["file-missing"]
    assert missing.problems[0].file == "nowhere.csv"
    unknown = table("notes.docx")
    assert codes(unknown) == ["file-type-unknown"]
    assert ".docx" in unknown.problems[0].message
    folder = read_table(DATA / "shp_cpg.csv")  # no such file either
    assert codes(folder) == ["file-missing"]


def test_a_folder_is_not_a_file(tmp_path):
    (tmp_path / "stations.csv").mkdir()
    result = read_table(tmp_path / "stations.csv")
    assert codes(result) == ["file-unreadable"]


# --------------------------------------------------------------------------- XLSX


def test_two_sheets_without_a_name_is_ambiguous():
    result = table("two_sheets.xlsx")
    assert result.frame.empty
    problem = only(result, "sheet-ambiguous")
    assert problem.severity is Severity.ERROR
    assert '"站点"' in problem.message
    assert '"服务"' in problem.message
    assert "空白" not in problem.message  # an empty sheet is no candidate
    assert 'sheet = "站点"' in problem.fix


def test_sheet_by_name():
    result = table("two_sheets.xlsx", sheet="服务")
    assert rows(result) == {2: ["0012", "心理咨询"]}
    assert list(result.frame.columns) == ["站点编号", "服务"]
    assert result.problems == []
    assert result.encoding is None


def test_unknown_sheet_suggests_the_closest():
    result = table("two_sheets.xlsx", sheet="站")
    problem = only(result, "sheet-unknown")
    assert 'Did you mean "站点"?' in problem.message
    assert '"站点", "服务", "空白"' in problem.message
    assert 'sheet = "站点"' in problem.fix


def test_merged_cells_fill_their_range_and_a_title_row_is_skipped():
    result = table("merged.xlsx")  # its other sheet is empty, so no sheet name is needed
    assert list(result.frame.columns) == ["街镇", "编号", "名称"]
    assert rows(result) == {
        3: ["嘉定镇", "1", "甲站"],
        4: ["嘉定镇", "2", "乙站"],
        5: ["嘉定镇", "3", "丙站"],
        6: ["南翔镇", "4", "丁站"],
    }
    problem = only(result, "title-row-skipped")
    assert (problem.severity, problem.row, problem.value) == (
        Severity.FIXED,
        1,
        "嘉定区社工站名单",
    )


def test_numbers_dates_and_booleans_become_the_text_a_user_means():
    result = table("numbers.xlsx")
    assert list(result.frame.columns) == [
        "编号",
        "电话",
        "经度",
        "身份证",
        "小数",
        "开放",
        "日期",
        "时间",
        "时刻",
        "启用",
        "文本",
    ]
    assert rows(result) == {
        2: [
            "0012",  # 12 formatted "0000"
            "13800138000",  # a phone stored as a number: no ".0", no exponent
            "121.225771",
            "123456789012345000",  # 1.23456789012345e17, written out
            "0.00001",
            "1.5",
            "2024-03-01",
            "09:30",
            "2024-03-01 14:05",
            "TRUE",
            "0012",
        ],
        3: ["0007", "2150001234", "31", "", "-2.5", "0.1", "", "", "", "FALSE", " 空格 "],
    }
    assert result.problems == []


def test_formulas_use_saved_results_and_missing_results_are_reported():
    result = table("formulas.xlsx")
    assert rows(result) == {2: ["1", "2", "20"], 3: ["2", "3", ""]}
    problem = only(result, "formula-no-value")
    assert (problem.row, problem.column, problem.value) == (3, "C", "=B3*10")
    assert "C3" in problem.message


@pytest.mark.parametrize("name", ["old.xls", "renamed_xls.xlsx"])
def test_old_xls_is_rejected_with_a_clear_fix(name):
    result = table(name)
    assert result.frame.empty
    problem = only(result, "xls-unsupported")
    assert problem.severity is Severity.ERROR
    assert ".xlsx" in problem.fix


def test_a_workbook_named_csv_is_read_as_a_workbook():
    result = table("workbook_named.csv", sheet="站点")
    assert rows(result) == STATIONS
    assert only(result, "file-type-mismatch").severity is Severity.FIXED


def test_damaged_workbook_is_an_error():
    result = table("garbage.xlsx")
    assert result.frame.empty
    assert codes(result) == ["file-unreadable"]


# ---------------------------------------------------------- point layers as tables


def test_geojson_points_as_a_station_table():
    result = table("stations.geojson")
    assert list(result.frame.columns) == ["编号", "名称", "人数", "开放", "__lon__", "__lat__"]
    assert rows(result) == {
        1: ["0012", "嘉定镇街道社工站", "12", "2024-03-01", "121.225771", "31.383524"],
        2: ["0013", "南翔镇社工站", "8", "2023-12-31", "121.312", "31.2945"],  # 1-point multi
        3: ["0014", "线状要素", "0", "", "", ""],
        4: ["0015", "无坐标", "", "", "", ""],  # null geometry: blank, reported later
    }
    assert result.crs == "EPSG:4326"
    assert result.encoding == "utf-8"
    problem = only(result, "not-a-point")
    assert (problem.row, problem.value, problem.severity) == (3, "LineString", Severity.ERROR)
    assert "feature 3" in problem.message
    assert all_text(result)


def test_geojson_saved_in_gbk_is_converted():
    result = table("stations_gbk.geojson")
    assert rows(result)[1][:2] == ["0012", "嘉定镇街道社工站"]
    assert result.encoding == "gb18030"
    assert only(result, "encoding-detected").severity is Severity.FIXED


def test_geopackage_point_layer_by_name_and_ambiguity():
    result = table("two_layers.gpkg", sheet="stations")
    assert list(result.frame.columns) == [
        "编号",
        "名称",
        "人数",
        "开放",
        "更新",
        "__lon__",
        "__lat__",
    ]
    assert rows(result) == {
        1: [
            *("0012", "嘉定镇街道社工站", "12", "2024-03-01", "2024-03-01 09:30"),
            *("121.225771", "31.383524"),
        ],
        2: ["0013", "南翔镇社工站", "8", "2023-12-31", "", "121.312", "31.2945"],
    }
    assert result.crs == "EPSG:4326"
    assert result.problems == []
    ambiguous = table("two_layers.gpkg")
    problem = only(ambiguous, "layer-ambiguous")
    assert '"towns", "stations"' in problem.message


def test_polygons_given_as_stations_are_not_points():
    result = table("shp_utf8/towns.shp")
    found = [p for p in result.problems if p.code == "not-a-point"]
    assert [p.row for p in found] == [1, 2]  # the null geometry of feature 3 is no shape
    assert rows(result)[1][-2:] == ["", ""]


# ------------------------------------------------------------------- boundaries


def test_shapefile_with_cpg():
    result = boundaries("shp_cpg/towns.shp")
    assert list(result.frame.columns) == ["代码", "名称", "人口", "geometry"]
    assert list(result.frame.index) == [1, 2, 3]
    assert result.frame["名称"].tolist() == ["嘉定镇街道", "南翔镇", "空几何"]
    assert result.frame["代码"].tolist() == ["310114001", "310114002", "310114003"]
    assert result.frame["人口"].tolist() == ["98000", "151234.5", ""]
    assert result.frame.geometry.iloc[2] is None  # kept for the geometry stage to report
    assert result.frame.geometry.iloc[0].geom_type == "Polygon"
    assert result.crs == "EPSG:4326"
    assert result.encoding == "gb18030"  # "GBK" in the .cpg, read with its superset
    assert result.problems == []


def test_gbk_shapefile_without_cpg_is_detected():
    result = boundaries("shp_gbk/towns.shp")
    assert result.frame["名称"].tolist() == ["嘉定镇街道", "南翔镇", "空几何"]
    assert result.encoding == "gb18030"
    problem = only(result, "encoding-detected")
    assert problem.severity is Severity.FIXED
    assert ".cpg" in problem.message


def test_utf8_shapefile_without_cpg_is_silent():
    result = boundaries("shp_utf8/towns.shp")
    assert result.frame["名称"].tolist() == ["嘉定镇街道", "南翔镇", "空几何"]
    assert result.encoding == "utf-8"
    assert result.problems == []


def test_explicit_shapefile_encoding_that_fails_is_reported():
    result = boundaries("shp_gbk/towns.shp", encoding="utf-8")
    problem = only(result, "encoding-mismatch")
    assert problem.severity is Severity.ERROR
    assert "gb18030" in problem.fix
    assert result.frame["名称"].tolist()[0] == "嘉定镇街道"


def test_shapefile_with_a_cpg_that_lies(tmp_path):
    for part in (DATA / "shp_gbk").iterdir():
        shutil.copy(part, tmp_path / part.name)
    (tmp_path / "towns.cpg").write_text("UTF-8", encoding="ascii")
    result = read_boundaries(tmp_path / "towns.shp", display_name="towns.shp")
    assert result.frame["名称"].tolist()[0] == "嘉定镇街道"
    assert only(result, "encoding-mismatch").severity is Severity.WARNING


def test_shapefile_without_shx_is_unreadable():
    result = boundaries("shp_noshx/towns.shp")
    assert result.frame.empty
    problem = only(result, "shapefile-part-missing")  # the missing part, by name
    assert (
        problem.message == "the shapefile is incomplete: towns.shx (index of the shapes) is missing"
    )


def test_zipped_shapefile_in_a_gbk_named_folder():
    result = boundaries("towns.zip")
    assert result.frame["名称"].tolist() == ["嘉定镇街道", "南翔镇", "空几何"]
    assert result.crs == "EPSG:4326"
    assert result.encoding == "gb18030"
    assert codes(result) == ["encoding-detected"]
    assert result.problems[0].file == "towns.zip"


def test_zip_with_two_shapefiles_needs_a_layer_name():
    result = boundaries("two_shapefiles.zip")
    problem = only(result, "layer-ambiguous")
    assert '"towns", "other"' in problem.message
    chosen = boundaries("two_shapefiles.zip", layer="other")
    assert len(chosen.frame) == 3
    assert chosen.problems == []


def test_geopackage_layers():
    ambiguous = boundaries("two_layers.gpkg")
    assert ambiguous.frame.empty
    assert 'sheet = "towns"' in only(ambiguous, "layer-ambiguous").fix
    towns = boundaries("two_layers.gpkg", layer="towns")
    assert towns.frame["名称"].tolist() == ["嘉定镇街道", "南翔镇", "空几何"]
    assert towns.crs == "EPSG:4326"
    assert towns.problems == []
    unknown = boundaries("two_layers.gpkg", layer="town")
    problem = only(unknown, "layer-unknown")
    assert 'Did you mean "towns"?' in problem.message


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("garbage.geojson", "file-unreadable"),
        ("empty.csv", "file-empty"),
        ("utf8.csv", "file-type-unknown"),
        ("nowhere.geojson", "file-missing"),
    ],
)
def test_unusable_boundary_files(name, code):
    result = boundaries(name)
    assert result.frame.empty
    assert "geometry" in result.frame.columns
    assert codes(result) == [code]
    assert result.problems[0].file == name


def test_empty_feature_collection_is_an_error(tmp_path):
    path = tmp_path / "none.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    result = read_boundaries(path)
    assert codes(result) == ["file-empty"]


# -------------------------------------------------------------------- properties

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "gb18030"]
DELIMITERS = [",", "\t", ";", "；", "|", "，"]
# Any text a cell can hold: no surrogates (not encodable) and no NUL (means binary).
CELL = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(
    data=st.one_of(st.binary(max_size=600), st.binary(max_size=600).map(b"PK\x03\x04".__add__)),
    suffix=st.sampled_from([".csv", ".xlsx", ".geojson", ".txt"]),
)
def test_random_bytes_never_raise(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"random{suffix}"
        path.write_bytes(data)
        result = read_table(path)
        assert isinstance(result, Table)
        assert all_text(result)
        assert all(p.file == str(path) for p in result.problems)
        if suffix == ".geojson":
            assert isinstance(read_boundaries(path), Boundaries)


@FAST
@given(
    body=st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=6),
    encoding=st.sampled_from(ENCODINGS),
    delimiter=st.sampled_from(DELIMITERS),
    explicit=st.booleans(),
)
def test_csv_text_round_trips_in_every_encoding(body, encoding, delimiter, explicit):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["编号", "名称", "备注"])  # a Chinese header, as real files have
    writer.writerows(body)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stations.csv"
        path.write_bytes(buffer.getvalue().encode(encoding))
        result = read_table(path, encoding=encoding if explicit else "")
    expected = {
        number: cells
        for number, cells in enumerate(body, start=2)
        if any(cell.strip() for cell in cells)
    }
    assert rows(result) == expected
    assert list(result.frame.columns) == ["编号", "名称", "备注"]
    assert result.encoding == encoding
    assert not [p for p in result.problems if p.is_error]


@settings(max_examples=50, deadline=None)
@given(
    numbers=st.lists(
        st.one_of(
            st.integers(min_value=-(10**15), max_value=10**15),
            st.floats(min_value=-1e300, max_value=1e300, allow_nan=False, width=64),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_workbook_numbers_keep_their_value_without_exponent(numbers):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([f"n{i}" for i in range(len(numbers))])
    sheet.append(numbers)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "numbers.xlsx"
        book.save(path)
        # The writer rounds to 16 digits; compare with what the file really holds.
        stored = [c.value for c in openpyxl.load_workbook(path).active[2]]
        result = read_table(path)
    cells = rows(result)[2]
    for value, text in zip(stored, cells, strict=True):
        assert "e" not in text.lower()
        assert float(text) == value
        if float(value).is_integer():
            assert "." not in text


# ------------------------------------------------- bounded reading, one read per file


def zip_bomb(path: Path, member: str, gib: int = 6) -> Path:
    """A zip of about ``gib`` MiB whose one member declares (and holds) ``gib`` GiB of
    zeros: deflate blocks after a full flush repeat byte for byte, so the file is written
    without compressing gigabytes. The CRC is not computed: it is never reached."""
    import struct
    import zlib

    zeros = b"\0" * 1024 * 1024
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush()
    size = gib * 1024**3
    name = member.encode()
    with path.open("wb") as out:
        packed = len(first) + len(block) * (size // len(zeros) - 1) + len(tail)
        sizes = struct.pack("<HHQQ", 1, 16, size, packed)  # zip64 extra field
        out.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                45,
                0,
                8,
                0,
                33,
                0,
                2**32 - 1,
                2**32 - 1,
                len(name),
                len(sizes),
            )
            + name
            + sizes
        )
        out.write(first)
        for _ in range(size // len(zeros) - 1):
            out.write(block)
        out.write(tail)
        directory = out.tell()
        out.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                45,
                45,
                0,
                8,
                0,
                33,
                0,
                2**32 - 1,
                2**32 - 1,
                len(name),
                len(sizes),
                0,
                0,
                0,
                0,
                0,
            )
            + name
            + sizes
        )
        end = out.tell()
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, end - directory, directory, 0))
    return path


MEMORY_CAPPED = """
import resource, sys, time
from pathlib import Path
from mapgen.readers import read_boundaries, read_table

# Address space: what the interpreter holds now, plus 400 MiB.
with open("/proc/self/status") as status:
    vm = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize"))
resource.setrlimit(resource.RLIMIT_AS, (vm + 400 * 1024**2, vm + 400 * 1024**2))
start = time.perf_counter()
shapefile = read_boundaries(Path(sys.argv[1]))
workbook = read_table(Path(sys.argv[2]))
print(shapefile.problems[0].code, workbook.problems[0].code, time.perf_counter() - start)
print(shapefile.problems[0].message)
"""


def test_zip_bomb_is_refused_at_once_within_a_memory_cap(tmp_path: Path):
    import subprocess
    import sys

    shapefile = zip_bomb(tmp_path / "towns.zip", "towns/towns.shp")
    workbook = zip_bomb(tmp_path / "stations.xlsx", "xl/worksheets/sheet1.xml")
    assert shapefile.stat().st_size < 8 * 1024**2
    result = subprocess.run(
        [sys.executable, "-c", MEMORY_CAPPED, str(shapefile), str(workbook)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    codes, message = result.stdout.splitlines()
    shapefile_code, workbook_code, seconds = codes.split()
    assert (shapefile_code, workbook_code) == ("zip-too-large", "zip-too-large")
    assert float(seconds) < 5
    assert "6.0 GiB" in message and "2.0 GiB" in message


def test_zip_that_expands_too_many_times_is_refused_before_unpacking(tmp_path: Path):
    from mapgen import readers

    path = tmp_path / "towns.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("towns.shp", b"\0" * 4 * 1024**2)
    limits = readers.ZipLimits(total=2 * 1024**3, ratio=100, ratio_from=1024**2)
    with zipfile.ZipFile(path) as archive:
        found = readers._zip_too_large(archive.infolist(), "towns.zip", limits)
    assert found is not None and found.code == "zip-too-large"
    assert "times" in found.message and "100" in found.message


def test_ordinary_zipped_shapefile_is_within_the_limits():
    result = boundaries("towns.zip")
    assert not any(p.code == "zip-too-large" for p in result.problems)


class RewrittenWhileRead:
    """``Path.open`` for reading ``target``: after the first read, the file is saved anew
    (as Excel or a sync client would), with ``content``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, target: Path, content: bytes) -> None:
        self.target, self.content, self.opened = target.resolve(), content, 0
        self.original = Path.open
        # A function, not this bound method, so that it binds to each Path as a method.
        monkeypatch.setattr(
            Path, "open", lambda path, *args, **kwargs: self.open(path, *args, **kwargs)
        )

    def open(self, path: Path, mode: str = "r", *args: object, **kwargs: object) -> object:
        handle = self.original(path, mode, *args, **kwargs)
        if "r" not in mode or path.resolve() != self.target:
            return handle
        self.opened += 1
        outer = self

        class Proxy:
            def __getattr__(self, name: str) -> object:
                return getattr(handle, name)

            def __enter__(self) -> Proxy:
                return self

            def __exit__(self, *exc: object) -> None:
                handle.close()

            def read(self, *size: int) -> bytes:
                data = handle.read(*size)
                if data:
                    with outer.original(outer.target, "wb") as out:
                        out.write(outer.content)
                return data

        return Proxy()


def test_a_file_saved_while_it_is_read_is_a_problem(tmp_path: Path, monkeypatch):
    path = tmp_path / "stations.csv"
    shutil.copy(DATA / "utf8.csv", path)
    spy = RewrittenWhileRead(monkeypatch, path, b"\xef\xbb\xbf\xe7\xbc\x96\xe5\x8f\xb7\n0012\n")
    result = read_table(path, display_name="stations.csv")
    assert [p.code for p in result.problems] == ["file-changed"]
    assert "changed while mapgen was reading it" in result.problems[0].message
    assert result.frame.empty
    assert spy.opened == 1


@pytest.mark.parametrize("name", ["stations.geojson", "towns.zip"])
def test_a_map_layer_saved_while_it_is_read_is_a_problem(tmp_path: Path, monkeypatch, name):
    path = tmp_path / name
    shutil.copy(DATA / name, path)
    spy = RewrittenWhileRead(monkeypatch, path, b'{"type": "FeatureCollection", "features": []}')
    result = read_boundaries(path, display_name=name)
    assert [p.code for p in result.problems] == ["file-changed"]
    assert spy.opened == 1  # read once: GDAL reads a private copy, not the file again
