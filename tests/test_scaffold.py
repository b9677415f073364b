"""`mapgen init DIR --stations 站点.xlsx --townships 街镇.geojson --crs gcj02` then
`mapgen build DIR`: a correct site for each service shape with no hand edits (issue 9).

The workbooks are made here with openpyxl, in GCJ-02 as copied from Amap, over the
synthetic district of tests/data/inputs/make_inputs.py.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from mapgen import datum
from mapgen.site import build as build_site

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "tests" / "data" / "inputs"
_spec = importlib.util.spec_from_file_location("make_inputs", INPUTS / "make_inputs.py")
assert _spec and _spec.loader
make = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make)

HEADER = ["社工站名称", "所在街道（镇）", "详细地址", "联系电话", "开放时间", "东经", "北纬"]
OFFERED = [
    ["心理咨询", "康复转介"],
    ["心理咨询"],
    ["康复转介", "心理讲堂"],
    ["心理咨询"],
    [],
    ["心理讲堂"],
]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mapgen", *args],
        cwd=cwd,
        text=True,
        capture_output=True,
        timeout=180,
        check=False,
    )


def _gcj(lon: float, lat: float) -> tuple[float, float]:
    x, y = datum.from_wgs84([lon], [lat], "gcj02")
    return float(x[0]), float(y[0])


def _station_rows() -> list[list[str]]:
    rows = []
    for (_, name, _, c, r), i in zip(make.TOWNSHIPS, range(1, 7), strict=True):
        lon, lat = _gcj(*make.centre(c, r))
        rows.append(
            [f"{name}社工站", name, f"{name}示例路 {i} 号", f"021-5953000{i}", "周一至周五 9:00-17:00",
             f"{lon:.6f}", f"{lat:.6f}"]
        )  # fmt: skip
    return rows


def _townships(folder: Path) -> Path:
    features = []
    for code, name, name_en, c, r in make.TOWNSHIPS:
        ring = [list(_gcj(x, y)) for x, y in make.rectangle(c, r)]
        features.append(make.feature(code, name, name_en, make.polygon(ring)))
    path = folder / "街镇.geojson"
    path.write_bytes(make.geojson(features))
    return path


def _workbook(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _office_files(folder: Path, shape: str) -> list[str]:
    """The arguments of `mapgen init` for one service shape, files written in ``folder``."""
    rows = _station_rows()
    header = list(HEADER)
    extra: list[str] = []
    if shape == "list":
        header.append("服务内容")
        rows = [[*row, "、".join(items)] for row, items in zip(rows, OFFERED, strict=True)]
    elif shape == "matrix":
        names = ["心理咨询", "康复转介", "心理讲堂"]
        header += names
        rows = [
            [*row, *("✓" if n in items else "" for n in names)]
            for row, items in zip(rows, OFFERED, strict=True)
        ]
    else:
        services = [
            [row[0], item] for row, items in zip(rows, OFFERED, strict=True) for item in items
        ]
        _workbook(folder / "服务清单.xlsx", ["站点名称", "服务项目"], services)
        extra = ["--services", "服务清单.xlsx"]
    _workbook(folder / "站点.xlsx", header, rows)
    _townships(folder)
    return ["--stations", "站点.xlsx", "--townships", "街镇.geojson", "--crs", "gcj02", *extra]


@pytest.mark.parametrize("shape", ["list", "matrix", "long"])
def test_init_then_build_publishes_a_site_with_no_edits(tmp_path: Path, shape: str):
    files = _office_files(tmp_path, shape)
    made = run("init", "my-district", *files, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "recognised: 站点.xlsx: name ← column A '社工站名称'" in made.stdout
    assert "not recognised" not in made.stdout
    config = (tmp_path / "my-district" / "mapgen.toml").read_text(encoding="utf-8")
    assert 'crs = "gcj02"' in config and "嘉定" not in config  # neutral texts, no demo
    built = run("build", "my-district", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    site = tmp_path / "my-district" / "site"
    coverage = json.loads((site / "data" / "coverage.json").read_text(encoding="utf-8"))
    assert (coverage["covered"], coverage["townships"]) == (6, 6)
    services = (site / "data" / "services.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(services) == 1 + sum(len(items) for items in OFFERED)
    stations = list((site / "stations").glob("*.html"))
    assert sorted(p.stem for p in stations) == sorted(
        ["nanxiangzhenshegongzhan", "jiangqiaozhenshegongzhan", "maluzhenshegongzhan",
         "jiadingzhenjiedaoshegongzhan", "xinchenglujiedaoshegongzhan", "juyuanxinqushegongzhan"]
    )  # fmt: skip
    categories = (tmp_path / "my-district/layers/service_categories.csv").read_text("utf-8-sig")
    assert categories.splitlines() == [
        "id,name,name_en,color",
        "xinlizixun,心理咨询,,#0072b2",
        "kangfuzhuanjie,康复转介,,#e69f00",
        "xinlijiangtang,心理讲堂,,#009e73",
    ]


def test_init_gives_the_figures_of_the_hand_written_project(tmp_path: Path):
    files = _office_files(tmp_path, "list")
    assert run("init", "made", *files, cwd=tmp_path).returncode == 0
    hand = tmp_path / "hand"
    (hand / "layers").mkdir(parents=True)
    shutil.copy2(tmp_path / "站点.xlsx", hand / "layers" / "stations.xlsx")
    shutil.copy2(tmp_path / "街镇.geojson", hand / "layers" / "towns.geojson")
    shutil.copy2(tmp_path / "made/layers/service_categories.csv", hand / "layers" / "c.csv")
    (hand / "mapgen.toml").write_text(
        '[townships]\nfile = "layers/towns.geojson"\ncrs = "gcj02"\n'
        '[townships.columns]\nid = "code"\nname = "name"\n'
        '[stations]\nfile = "layers/stations.xlsx"\ncrs = "gcj02"\n'
        '[stations.columns]\nname = "社工站名称"\ntownship = "所在街道（镇）"\n'
        'lon = "东经"\nlat = "北纬"\nservices = "服务内容"\n'
        '[categories]\nfile = "layers/c.csv"\n',
        encoding="utf-8",
    )
    figures = [
        run("coverage", "--format", "csv", project, cwd=tmp_path).stdout
        for project in ("made", "hand")
    ]
    assert figures[0] == figures[1] and "310114101" in figures[0]


def test_init_without_stations_still_copies_the_demo(tmp_path: Path):
    result = run("init", "demo", cwd=tmp_path)
    assert result.returncode == 0
    assert (tmp_path / "demo" / "layers" / "stations_gcj02.csv").is_file()


def test_init_refuses_an_unknown_crs(tmp_path: Path):
    files = _office_files(tmp_path, "list")
    files[-1] = "gcj-03"
    result = run("init", "x", *files, cwd=tmp_path)
    assert result.returncode == 3
    assert "--crs 'gcj-03' is not a coordinate system mapgen knows" in result.stderr


# ------------------------------------------ the demo in three shapes, byte for byte


def _demo_in_shape(target: Path, shape: str) -> Path:
    shutil.copytree(ROOT / "layers", target / "layers")
    config = (ROOT / "mapgen.toml").read_text(encoding="utf-8")
    menus = [
        line.split(",")[:2]
        for line in (ROOT / "layers/service_menus.csv").read_text("utf-8-sig").splitlines()[1:]
    ]
    # A list or a tick carries no schedule: the long table drops it to compare.
    (target / "layers/service_menus.csv").write_text(
        "station_id,category\n" + "".join(f"{s},{c}\n" for s, c in menus), encoding="utf-8"
    )
    config = config.replace('schedule = "schedule"\n', "")
    if shape != "long":
        names = dict(
            line.split(",")[:2]
            for line in (ROOT / "layers/service_categories.csv")
            .read_text("utf-8-sig")
            .splitlines()[1:]
        )
        stations_path = target / "layers/stations_gcj02.csv"
        lines = stations_path.read_text("utf-8-sig").splitlines()
        offered: dict[str, list[str]] = {}
        for station, category in menus:
            offered.setdefault(station, []).append(names[category])
        start = config.index("[services]")
        end = config.index("[categories]")
        if shape == "list":
            lines = [lines[0] + ",服务内容"] + [
                line + "," + '"' + "；".join(offered.get(line.split(",")[0], [])) + '"'
                for line in lines[1:]
            ]
            config = config[:start] + config[end:]
            config = config.replace(
                'hours = "开放时间"\n', 'hours = "开放时间"\nservices = "服务内容"\n'
            )
        else:
            columns = list(names.values())
            lines = [lines[0] + "," + ",".join(columns)] + [
                line
                + ","
                + ",".join("√" if n in offered.get(line.split(",")[0], []) else "" for n in columns)
                for line in lines[1:]
            ]
            config = config[:start] + '[services]\nshape = "matrix"\n\n' + config[end:]
        stations_path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    (target / "mapgen.toml").write_text(config, encoding="utf-8")
    return target


def _files(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()
    }


def test_the_demo_in_three_service_shapes_gives_byte_identical_sites(tmp_path: Path):
    sites = {}
    for shape in ("long", "list", "matrix"):
        project = _demo_in_shape(tmp_path / shape, shape)
        result = build_site(project, tmp_path / f"site-{shape}", progress=False)
        assert not result.project.errors
        sites[shape] = _files(result.out)
    assert len(sites["long"]) > 20
    assert sites["list"] == sites["long"]
    assert sites["matrix"] == sites["long"]
