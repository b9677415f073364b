"""Regenerate the reader fixtures in this folder: ``python tests/data/readers/make_fixtures.py``.

Each file is one messy input as Excel, WPS or a GIS program on Chinese Windows would
write it. The files are small and committed; this script documents how each was made.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pyogrio
from shapely.geometry import LineString, MultiPoint, Point, box

HERE = Path(__file__).resolve().parent

HEADER = ["编号", "名称", "电话", "经度", "纬度"]
ROWS = [
    ["0012", "嘉定镇街道社工站", "021-59531234", "121.225771", "31.383524"],
    ["0013", "南翔镇社工站", "13800138000", "121.312", "31.2945"],
]


def csv_text(rows: list[list[str]], sep: str = ",", newline: str = "\r\n") -> str:
    return "".join(sep.join(row) + newline for row in rows)


def write(name: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)


def text_tables() -> None:
    table = [HEADER, *ROWS]
    write("utf8.csv", csv_text(table, newline="\n").encode("utf-8"))
    write("utf8_bom.csv", csv_text(table).encode("utf-8-sig"))  # Excel "CSV UTF-8"
    write("gbk.csv", csv_text(table).encode("gbk"))  # Excel "CSV (逗号分隔)" on Chinese Windows
    write("utf16.txt", csv_text(table, sep="\t").encode("utf-16"))  # Excel "Unicode text"
    write("tab.tsv", csv_text(table, sep="\t").encode("utf-8"))
    write("semicolon.csv", csv_text(table, sep=";").encode("utf-8"))
    write("fullwidth_semicolon.csv", csv_text(table, sep="；").encode("utf-8"))
    write("fullwidth_comma.csv", csv_text(table, sep="，").encode("gbk"))
    write("pipe.csv", csv_text(table, sep="|").encode("utf-8"))
    write("sep_line.csv", ("sep=;\r\n" + csv_text(table, sep=";")).encode("utf-8"))
    # Addresses with full-width commas must not make "，" look like the separator.
    write(
        "address_commas.csv",
        csv_text(
            [
                ["编号", "地址", "备注"],
                ["1", "上海市，嘉定区，嘉定镇", "无"],
                ["2", "上海市，嘉定区，南翔镇", "有，两处"],
                ["3", "上海市，嘉定区", ""],
            ]
        ).encode("utf-8"),
    )
    write(
        "quoted.csv",
        (
            "编号,名称,地址\r\n"
            '1,"嘉定站, 一号","上海市嘉定区\r\n博乐路 70 号"\r\n'
            '2,"说 ""你好""",普通地址\r\n'
        ).encode(),
    )
    write(
        "ragged.csv",
        (
            "编号,名称,电话\r\n"
            "1,短行\r\n"  # short: padded with ""
            "2,长行,021-1234,多余\r\n"  # long: row-too-long
            "3,尾逗号,021-5678,,\r\n"  # trailing separators only: fine
        ).encode(),
    )
    write(
        "blank_rows.csv",
        ("\r\n,,\r\n编号,名称\r\n1,甲\r\n\r\n , \r\n2,乙\r\n\r\n").encode(),
    )
    write(
        "headers.csv",
        (
            '\ufeff\u200b编号 ,名称,,名称,"联系\n电话",,\r\n1,甲,x,甲2,123,,\r\n2,乙,,乙2,456,,\r\n'
        ).encode("utf-8"),
    )
    write("header_only.csv", "编号,名称\r\n".encode())
    write("empty.csv", b"")
    write("blank.csv", b"\r\n  \r\n\t\r\n")
    rng = random.Random(20240601)
    garbage = b"\x00\xff\xfe\x13" + bytes(rng.randrange(256) for _ in range(400))
    write("garbage.csv", garbage)
    write("garbage.xlsx", garbage)
    write("garbage.geojson", garbage)
    write("notes.docx", b"not really a document")
    # An old binary workbook: only its signature matters to mapgen.
    write("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))


def workbooks() -> None:
    book = openpyxl.Workbook()
    first = book.active
    first.title = "站点"
    for row in [HEADER, *ROWS]:
        first.append(row)
    second = book.create_sheet("服务")
    second.append(["站点编号", "服务"])
    second.append(["0012", "心理咨询"])
    book.create_sheet("空白")
    book.save(HERE / "two_sheets.xlsx")

    # A title merged across the top, the township merged down over its stations.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet["A1"] = "嘉定区社工站名单"
    sheet.merge_cells("A1:C1")
    sheet.append(["街镇", "编号", "名称"])
    sheet.append(["嘉定镇", "1", "甲站"])
    sheet.append([None, "2", "乙站"])
    sheet.append([None, "3", "丙站"])
    sheet.append(["南翔镇", "4", "丁站"])
    sheet.merge_cells("A3:A5")
    book.create_sheet("空白")
    book.save(HERE / "merged.xlsx")

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "数据"
    sheet.append(
        ["编号", "电话", "经度", "身份证", "小数", "开放", "日期", "时间", "时刻", "启用", "文本"]
    )
    sheet.append(
        [
            12,
            13800138000,
            121.225771,
            1.23456789012345e17,
            0.00001,
            1.5,
            dt.date(2024, 3, 1),
            dt.time(9, 30),
            dt.datetime(2024, 3, 1, 14, 5),
            True,
            "0012",
        ]
    )
    sheet.append([7, 2150001234.0, 31.0, None, -2.5, 0.1, None, None, None, False, " 空格 "])
    sheet["A2"].number_format = "0000"
    sheet["A3"].number_format = "0000"
    sheet["G2"].number_format = "yyyy-mm-dd"
    sheet["H2"].number_format = "h:mm"
    sheet["I2"].number_format = "yyyy-mm-dd hh:mm"
    book.save(HERE / "numbers.xlsx")

    # Excel stores each formula's last result beside it; openpyxl cannot, so the results
    # are written into the sheet XML afterwards. C3's result is left out on purpose.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "公式"
    sheet.append(["编号", "数量", "合计"])
    sheet.append([1, 2, "=B2*10"])
    sheet.append([2, 3, "=B3*10"])
    path = HERE / "formulas.xlsx"
    book.save(path)
    _patch_member(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(r"<f>B2\*10</f><v\s*/>", "<f>B2*10</f><v>20</v>", xml),
    )

    # An .xlsx that is really an old workbook, and a workbook saved with a .csv name.
    shutil.copyfile(HERE / "old.xls", HERE / "renamed_xls.xlsx")
    shutil.copyfile(HERE / "two_sheets.xlsx", HERE / "workbook_named.csv")


def _patch_member(path: Path, member: str, change: object) -> None:
    with zipfile.ZipFile(path) as archive:
        contents = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = contents[member].decode("utf-8")
    patched = change(xml)  # type: ignore[operator]
    assert patched != xml, "the formula result was not written"
    contents[member] = patched.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)


class _GbkZipInfo(zipfile.ZipInfo):
    """A member name stored in GBK without the UTF-8 flag, as Windows' own zip does on
    Chinese systems (Python would otherwise store UTF-8 and set the flag)."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits


def gis_layers() -> None:
    stations = gpd.GeoDataFrame(
        {
            "编号": ["0012", "0013", "0014", "0015"],
            "名称": ["嘉定镇街道社工站", "南翔镇社工站", "线状要素", "无坐标"],
            "人数": [12, 8, 0, None],
            "开放": ["2024-03-01", "2023-12-31", "", None],
        },
        geometry=[
            Point(121.225771, 31.383524),
            MultiPoint([(121.312, 31.2945)]),
            LineString([(121.2, 31.3), (121.3, 31.4)]),
            None,
        ],
        crs="EPSG:4326",
    )
    path = HERE / "stations.geojson"
    path.unlink(missing_ok=True)
    pyogrio.write_dataframe(stations, path, driver="GeoJSON")
    text = path.read_text(encoding="utf-8")
    (HERE / "stations_gbk.geojson").write_bytes(text.encode("gbk"))

    towns = gpd.GeoDataFrame(
        {
            "代码": ["310114001", "310114002", "310114003"],
            "名称": ["嘉定镇街道", "南翔镇", "空几何"],
            "人口": [98000.0, 151234.5, None],
        },
        geometry=[box(121.20, 31.35, 121.26, 31.40), box(121.28, 31.26, 121.34, 31.32), None],
        crs="EPSG:4326",
    )
    for folder in ("shp_cpg", "shp_gbk", "shp_utf8", "shp_noshx"):
        shutil.rmtree(HERE / folder, ignore_errors=True)
        (HERE / folder).mkdir()
    pyogrio.write_dataframe(towns, HERE / "shp_cpg" / "towns.shp", encoding="GBK")
    (HERE / "shp_cpg" / "towns.cpg").write_text("GBK", encoding="ascii")
    pyogrio.write_dataframe(towns, HERE / "shp_gbk" / "towns.shp", encoding="GBK")
    (HERE / "shp_gbk" / "towns.cpg").unlink(missing_ok=True)  # as ArcGIS 9 and some tools
    pyogrio.write_dataframe(towns, HERE / "shp_utf8" / "towns.shp", encoding="UTF-8")
    (HERE / "shp_utf8" / "towns.cpg").unlink(missing_ok=True)
    pyogrio.write_dataframe(towns, HERE / "shp_noshx" / "towns.shp", encoding="UTF-8")
    (HERE / "shp_noshx" / "towns.shx").unlink()

    # Zipped on Chinese Windows: a sub-folder with a GBK name, no UTF-8 flag.
    zip_path = HERE / "towns.zip"
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted((HERE / "shp_gbk").iterdir()):
            info = _GbkZipInfo("乡镇/" + part.name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, part.read_bytes())
    with zipfile.ZipFile(HERE / "two_shapefiles.zip", "w") as archive:
        for part in sorted((HERE / "shp_utf8").iterdir()):
            archive.write(part, "a/" + part.name)
            archive.write(part, "b/other" + part.suffix)

    gpkg = HERE / "two_layers.gpkg"
    gpkg.unlink(missing_ok=True)
    points = stations.iloc[:2].copy()
    points.geometry = [Point(121.225771, 31.383524), Point(121.312, 31.2945)]
    points["更新"] = pd.to_datetime(["2024-03-01 09:30", None])  # a GeoPackage DATETIME
    # No spatial index: it would triple the size of a two-feature fixture.
    pyogrio.write_dataframe(towns, gpkg, layer="towns", SPATIAL_INDEX="NO")
    pyogrio.write_dataframe(points, gpkg, layer="stations", append=True, SPATIAL_INDEX="NO")


def main() -> None:
    text_tables()
    workbooks()
    gis_layers()


if __name__ == "__main__":
    main()
