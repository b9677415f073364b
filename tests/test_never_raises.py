"""Never a traceback on bad input: random rows and random bytes through the whole pipeline.

Each example writes a station table (or a whole file of random bytes) into a copy of the
clean input case and runs :func:`mapgen.load_project`; it must return, and every row it
read must be used or reported (conservation).
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapgen.messages import describe
from mapgen.project import accounts, load_project

CLEAN = Path(__file__).resolve().parent / "data" / "inputs" / "clean"
HEADER = ["编号", "名称", "所属街镇", "地址", "电话", "开放时间", "经度", "纬度"]
TOWNSHIPS = ["南翔镇", "江桥镇", "马陆镇", "嘉定镇街道", "新成路街道", "菊园新区", "南翔", ""]
CRS = [
    "",
    "wgs84",
    "cgcs2000",
    "gcj02",
    "bd09",
    "EPSG:4326",
    "EPSG:4490",
    "EPSG:4549",
    "EPSG:4528",
    "EPSG:32651",
]

TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12)
DEGREES = st.floats(min_value=-200, max_value=200, allow_nan=False).map(lambda v: f"{v:.6f}")
NEAR = st.tuples(st.floats(121.19, 121.33), st.floats(31.29, 31.37))
COORDINATE = st.one_of(
    DEGREES,
    TEXT,
    st.sampled_from(
        [
            "",
            "0",
            "待定",
            "-",
            "nan",
            "inf",
            "-inf",
            "1e400",
            "１２１．２５",
            "121°15′30″",
            "东经121.25",
            "31.3N",
            "40616135.5",
            "3466541.74",
            "616134.51",
            "121,25",
            "1,234,567",
        ]
    ),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**9), max_value=10**9).map(str),
)


@st.composite
def station_row(draw: st.DrawFn) -> list[str]:
    lon, lat = draw(
        st.one_of(
            NEAR.map(lambda p: (f"{p[0]:.6f}", f"{p[1]:.6f}")),
            NEAR.map(lambda p: (f"{p[1]:.6f}", f"{p[0]:.6f}")),  # swapped
            st.tuples(COORDINATE, COORDINATE),
        )
    )
    return [
        draw(st.one_of(st.sampled_from(["ST-01", "ST-02", ""]), TEXT)),
        draw(TEXT),
        draw(st.one_of(st.sampled_from(TOWNSHIPS), TEXT)),
        draw(st.one_of(st.just(""), TEXT)),
        draw(TEXT),
        draw(TEXT),
        lon,
        lat,
    ]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("random") / "project"
    shutil.copytree(CLEAN, target)
    return target


def configure(folder: Path, crs: str) -> None:
    text = (CLEAN / "mapgen.toml").read_text(encoding="utf-8")
    if crs:
        text = text.replace('file = "stations.csv"\n', f'file = "stations.csv"\ncrs = "{crs}"\n')
    (folder / "mapgen.toml").write_text(text, encoding="utf-8")


def check(folder: Path) -> None:
    project = load_project(folder)
    assert "row-lost" not in [p.code for p in project.problems], project.problems
    for account in accounts(project):
        assert account.balanced, account
    for problem in project.problems:
        describe(problem, "zh-CN")
        describe(problem, "en")


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@SETTINGS
@given(rows=st.lists(station_row(), min_size=0, max_size=8), crs=st.sampled_from(CRS))
def test_random_station_rows_never_raise_and_every_row_is_accounted_for(folder, rows, crs):
    configure(folder, crs)
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows([HEADER, *rows])
    (folder / "stations.csv").write_bytes(out.getvalue().encode("utf-8-sig"))
    check(folder)


@SETTINGS
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.binary(max_size=400).map(b"PK\x03\x04".__add__),
        TEXT.map(lambda t: t.encode("utf-8")),
    ),
    target=st.sampled_from(["stations.csv", "townships.geojson", "services.csv", "categories.csv"]),
)
def test_random_bytes_in_any_file_never_raise(folder, data, target):
    configure(folder, "")
    for name in ("stations.csv", "townships.geojson", "services.csv", "categories.csv"):
        shutil.copy(CLEAN / name, folder / name)
    (folder / target).write_bytes(data)
    check(folder)


@SETTINGS
@given(
    features=st.lists(
        st.tuples(
            st.sampled_from(
                ["Polygon", "MultiPolygon", "LineString", "Point", "GeometryCollection"]
            ),
            st.lists(
                st.tuples(st.floats(121.1, 121.4), st.floats(31.2, 31.5)), min_size=0, max_size=7
            ),
            st.one_of(st.sampled_from(["310114101", "310114102", ""]), TEXT),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_random_township_shapes_never_raise(folder, features):
    import json

    configure(folder, "")
    for name in ("stations.csv", "services.csv", "categories.csv"):
        shutil.copy(CLEAN / name, folder / name)
    collection = {"type": "FeatureCollection", "features": []}
    for kind, points, code in features:
        ring = [list(p) for p in points]
        coordinates: object = {
            "Polygon": [ring],
            "MultiPolygon": [[ring]],
            "LineString": ring,
            "Point": ring[0] if ring else [],
            "GeometryCollection": None,
        }[kind]
        geometry = (
            {"type": kind, "geometries": []}
            if kind == "GeometryCollection"
            else {"type": kind, "coordinates": coordinates}
        )
        collection["features"].append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {"code": code, "name": code, "name_en": ""},
            }
        )
    (folder / "townships.geojson").write_text(json.dumps(collection), encoding="utf-8")
    check(folder)
