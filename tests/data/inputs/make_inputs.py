"""Regenerate the input cases in this folder: ``python tests/data/inputs/make_inputs.py``.

Each sub-folder is one small project (``mapgen.toml`` plus its layers) with one thing
wrong — or right in an unusual way — the way staff export it from Excel/WPS, copy it from
Amap or Baidu, or download it from a web map. ``tests/test_inputs.py`` asserts the exact
problem each one gives. The district is synthetic: six rectangular townships of 0.04° ×
0.03° near Jiading, so distances and areas in the messages are easy to check by hand.

    嘉定镇街道 310114001 | 新成路街道 310114002 | 菊园新区 310114003     (lat 31.33–31.36)
    南翔镇     310114101 | 江桥镇     310114102 | 马陆镇   310114103     (lat 31.30–31.33)
      lon 121.20–121.24     121.24–121.28         121.28–121.32
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from pyproj import Transformer

from mapgen import datum

HERE = Path(__file__).resolve().parent
LON0, LAT0, DLON, DLAT = 121.20, 31.30, 0.04, 0.03

TOWNSHIPS = [  # code, name, name_en, column, row
    ("310114101", "南翔镇", "Nanxiang", 0, 0),
    ("310114102", "江桥镇", "Jiangqiao", 1, 0),
    ("310114103", "马陆镇", "Malu", 2, 0),
    ("310114001", "嘉定镇街道", "Jiading Town", 0, 1),
    ("310114002", "新成路街道", "Xinchenglu", 1, 1),
    ("310114003", "菊园新区", "Juyuan", 2, 1),
]
HEADER = ["编号", "名称", "所属街镇", "地址", "电话", "开放时间", "经度", "纬度"]


def centre(column: int, row: int) -> tuple[float, float]:
    return LON0 + (column + 0.5) * DLON, LAT0 + (row + 0.5) * DLAT


def rectangle(column: int, row: int) -> list[list[float]]:
    x0, y0 = LON0 + column * DLON, LAT0 + row * DLAT
    x1, y1 = x0 + DLON, y0 + DLAT
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def feature(code: str, name: str, name_en: str, geometry: Any, **extra: Any) -> dict:
    return {
        "type": "Feature",
        "properties": {"code": code, "name": name, "name_en": name_en, **extra},
        "geometry": geometry,
    }


def polygon(ring: list[list[float]], *holes: list[list[float]]) -> dict:
    return {"type": "Polygon", "coordinates": [ring, *holes]}


def base_features() -> list[dict]:
    return [feature(code, name, en, polygon(rectangle(c, r))) for code, name, en, c, r in TOWNSHIPS]


def base_stations() -> list[dict[str, str]]:
    """One station at the centre of each township, WGS84."""
    rows = []
    for i, (_, name, _, c, r) in enumerate(TOWNSHIPS, start=1):
        lon, lat = centre(c, r)
        rows.append(
            {
                "编号": f"ST-{i:02d}",
                "名称": f"{name}社工站",
                "所属街镇": name,
                "地址": f"{name}示例路 {i} 号",
                "电话": f"021-5953000{i}",
                "开放时间": "周一至周五 9:00-17:00",
                "经度": f"{lon:.6f}",
                "纬度": f"{lat:.6f}",
            }
        )
    return rows


def services_for(ids: list[str]) -> list[dict[str, str]]:
    return [{"站点编号": i, "服务类别": "counselling", "时间": "每周三 14:00-16:00"} for i in ids]


CATEGORIES = [
    {"id": "counselling", "name": "心理咨询", "name_en": "Counselling"},
    {"id": "referral", "name": "康复转介", "name_en": "Referral"},
]

STATION_COLUMNS = {
    "id": "编号",
    "name": "名称",
    "township": "所属街镇",
    "address": "地址",
    "phone": "电话",
    "hours": "开放时间",
    "lon": "经度",
    "lat": "纬度",
}


def toml(
    stations: dict[str, str] | None = None,
    townships: dict[str, str] | None = None,
    columns: dict[str, str] | None = None,
    public: str = "",
    site: str = "",
) -> str:
    def table(values: dict[str, str]) -> str:
        return "".join(f'{k} = "{v}"\n' for k, v in values.items())

    station_columns = STATION_COLUMNS if columns is None else columns
    return (
        "[site]\n"
        'title = "测试区服务地图"\ntitle_en = "Test district service map"\n'
        'languages = ["zh-CN", "en"]\nbasemap = "none"\n' + site + "\n"
        "[townships]\n"
        + table({"file": "townships.geojson", **(townships or {})})
        + '[townships.columns]\nid = "code"\nname = "name"\nname_en = "name_en"\n\n'
        "[stations]\n"
        + table({"file": "stations.csv", **(stations or {})})
        + "[stations.columns]\n"
        + table(station_columns)
        + "\n"
        '[services]\nfile = "services.csv"\n'
        '[services.columns]\nstation = "站点编号"\ncategory = "服务类别"\nschedule = "时间"\n\n'
        '[categories]\nfile = "categories.csv"\n'
        '[categories.columns]\nid = "id"\nname = "name"\nname_en = "name_en"\n\n'
        "[public]\n"
        + (public or 'station_fields = ["name", "township", "address", "phone", "hours"]\n')
    )


def csv_bytes(rows: list[dict[str, str]], header: list[str] | None = None) -> bytes:
    header = header or list(rows[0])
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, header, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")  # Excel "CSV UTF-8"


def geojson(features: list[dict], crs: str | None = None) -> bytes:
    collection: dict[str, Any] = {"type": "FeatureCollection"}
    if crs:
        collection["crs"] = {"type": "name", "properties": {"name": crs}}
    head = json.dumps(collection, ensure_ascii=False)[:-1]
    lines = ",\n".join(json.dumps(f, ensure_ascii=False) for f in features)
    return f'{head}, "features": [\n{lines}\n]}}\n'.encode()  # one feature a line


CASES: dict[str, Callable[[], dict[str, bytes | str]]] = {}


def case(function: Callable[[], dict[str, bytes | str]]) -> Callable[[], dict]:
    CASES[function.__name__] = function
    return function


def project(
    rows: list[dict[str, str]] | None = None,
    features: list[dict] | None = None,
    header: list[str] | None = None,
    services: list[dict[str, str]] | None = None,
    **config: Any,
) -> dict[str, bytes | str]:
    rows = base_stations() if rows is None else rows
    ids = [s["编号"] for s in rows if s.get("编号")]
    return {
        "mapgen.toml": toml(**config),
        "townships.geojson": geojson(base_features() if features is None else features),
        "stations.csv": csv_bytes(rows, header or HEADER),
        "services.csv": csv_bytes(
            services_for(ids) if services is None else services, ["站点编号", "服务类别", "时间"]
        ),
        "categories.csv": csv_bytes(CATEGORIES),
    }


def with_coordinates(points: list[tuple[float, float]], digits: int = 6) -> list[dict]:
    rows = base_stations()[: len(points)]
    for row, (x, y) in zip(rows, points, strict=True):
        row["经度"], row["纬度"] = f"{x:.{digits}f}", f"{y:.{digits}f}"
    return rows


# ------------------------------------------------------------------- coordinates


@case
def clean() -> dict:
    return project()


def _near_east_borders() -> list[tuple[float, float]]:
    """WGS84 points 150 m inside the east border of the four western townships, and the
    centres of the two eastern ones."""
    points = []
    for _, _, _, c, r in TOWNSHIPS:
        lon, lat = centre(c, r)
        if c < 2:
            lon = LON0 + (c + 1) * DLON - 0.0016
        points.append((lon, lat))
    return points


@case
def gcj02_declared_wgs84() -> dict:
    """Copied from Amap (GCJ-02, ~420 m east of WGS84 here), crs left at WGS84."""
    lon, lat = np.array(_near_east_borders()).T
    gcj = datum.from_wgs84(lon, lat, "gcj02")
    return project(with_coordinates(list(zip(*gcj, strict=True))))


@case
def gcj02_declared() -> dict:
    """The same stations with crs = "gcj02": no warning."""
    lon, lat = np.array(_near_east_borders()).T
    gcj = datum.from_wgs84(lon, lat, "gcj02")
    return project(with_coordinates(list(zip(*gcj, strict=True))), stations={"crs": "gcj02"})


@case
def bd09_declared_gcj02() -> dict:
    """Copied from Baidu (BD-09), declared as Amap's GCJ-02."""
    lon, lat = np.array(_near_east_borders()).T
    bd = datum.from_wgs84(lon, lat, "bd09")
    return project(with_coordinates(list(zip(*bd, strict=True))), stations={"crs": "gcj02"})


def _near_west_borders() -> list[tuple[float, float]]:
    """WGS84 points 150 m inside the west border of the four eastern townships, and the
    centres of the two western ones."""
    points = []
    for _, _, _, c, r in TOWNSHIPS:
        lon, lat = centre(c, r)
        if c > 0:
            lon = LON0 + c * DLON + 0.0016
        points.append((lon, lat))
    return points


def _gcj_features() -> list[dict]:
    features = base_features()
    for f in features:
        ring = np.array(f["geometry"]["coordinates"][0])
        lon, lat = datum.from_wgs84(ring[:, 0], ring[:, 1], "gcj02")
        f["geometry"]["coordinates"][0] = [
            [round(x, 6), round(y, 6)] for x, y in zip(lon, lat, strict=True)
        ]
    return features


@case
def gcj02_boundaries_declared_wgs84() -> dict:
    """Boundaries traced on Amap (GCJ-02, ~420 m east), crs left at WGS84; stations WGS84."""
    return project(with_coordinates(_near_west_borders()), features=_gcj_features())


@case
def wgs84_boundaries_declared_gcj02() -> dict:
    """Boundaries in WGS84 declared "gcj02", stations in GCJ-02 declared "gcj02": the same
    shift is explained by either layer, and the warning names both."""
    lon, lat = np.array(_near_east_borders()).T
    gcj = datum.from_wgs84(lon, lat, "gcj02")
    return project(
        with_coordinates(list(zip(*gcj, strict=True))),
        stations={"crs": "gcj02"},
        townships={"crs": "gcj02"},
    )


@case
def swapped() -> dict:
    """Rows 3 and 5 have latitude in the longitude column and vice versa."""
    rows = base_stations()
    for row in (rows[1], rows[3]):
        row["经度"], row["纬度"] = row["纬度"], row["经度"]
    return project(rows)


@case
def lat_out_of_range() -> dict:
    """A latitude of 95: neither as written nor swapped a place in the district."""
    rows = base_stations()
    rows[1]["纬度"] = "95.5"
    return project(rows)


def _gauss(points: list[tuple[float, float]], epsg: str) -> list[tuple[float, float]]:
    transformer = Transformer.from_crs("EPSG:4490", epsg, always_xy=True)
    return [transformer.transform(lon, lat) for lon, lat in points]


def _centres() -> list[tuple[float, float]]:
    return [centre(c, r) for *_, c, r in TOWNSHIPS]


def _metres_header() -> list[str]:
    return ["编号", "名称", "所属街镇", "地址", "电话", "开放时间", "X坐标", "Y坐标"]


def _metres_rows(
    points: list[tuple[float, float]], x: str = "X坐标", y: str = "Y坐标"
) -> list[dict]:
    rows = base_stations()
    for row, (east, north) in zip(rows, points, strict=True):
        del row["经度"], row["纬度"]
        row[x], row[y] = f"{east:.2f}", f"{north:.2f}"
    return rows


METRE_COLUMNS = {
    **{k: v for k, v in STATION_COLUMNS.items() if k not in ("lon", "lat")},
    "lon": "X坐标",
    "lat": "Y坐标",
}


@case
def gauss_prefix() -> dict:
    """Survey eastings with the zone number 40 in front, crs without it (EPSG:4549)."""
    points = _gauss(_centres(), "EPSG:4528")  # zone 40, prefixed
    return project(
        _metres_rows(points),
        header=_metres_header(),
        stations={"crs": "EPSG:4549"},
        columns=METRE_COLUMNS,
    )


@case
def gauss_no_prefix() -> dict:
    """Eastings without the zone number, crs with it (EPSG:4528)."""
    points = _gauss(_centres(), "EPSG:4549")
    return project(
        _metres_rows(points),
        header=_metres_header(),
        stations={"crs": "EPSG:4528"},
        columns=METRE_COLUMNS,
    )


@case
def gauss_wrong_zone() -> dict:
    """Eastings prefixed with zone 39, crs says CM 120°E (zone 40)."""
    points = [(x - 40e6 + 39e6, y) for x, y in _gauss(_centres(), "EPSG:4528")]
    return project(
        _metres_rows(points),
        header=_metres_header(),
        stations={"crs": "EPSG:4549"},
        columns=METRE_COLUMNS,
    )


@case
def gauss_xy_swapped() -> dict:
    """Chinese survey convention: X is the northing, Y the easting; mapped as lon = X."""
    points = [(north, east) for east, north in _gauss(_centres(), "EPSG:4549")]
    return project(
        _metres_rows(points),
        header=_metres_header(),
        stations={"crs": "EPSG:4549"},
        columns=METRE_COLUMNS,
    )


@case
def projected_undeclared() -> dict:
    """Prefixed Gauss-Krüger metres, no crs: mapgen names EPSG:4528."""
    points = _gauss(_centres(), "EPSG:4528")
    return project(_metres_rows(points), header=_metres_header(), columns=METRE_COLUMNS)


@case
def projected_undeclared_no_prefix() -> dict:
    """Gauss-Krüger metres without the zone number, no crs: the district says CM 120°E."""
    points = _gauss(_centres(), "EPSG:4549")
    return project(_metres_rows(points), header=_metres_header(), columns=METRE_COLUMNS)


@case
def degrees_declared_projected() -> dict:
    return project(stations={"crs": "EPSG:4549"})


def _dms(value: float) -> str:
    minutes, seconds = divmod(round(value * 3600, 2), 60)
    degrees, minutes = divmod(int(minutes), 60)
    return f"{degrees}°{minutes}′{seconds:.2f}″"


@case
def messy_cells() -> dict:
    """Full-width digits, DMS with hemisphere prefixes, and Chinese degree words."""
    rows = base_stations()
    fullwidth = str.maketrans("0123456789.", "０１２３４５６７８９．")
    rows[0]["经度"] = rows[0]["经度"].translate(fullwidth)
    rows[0]["纬度"] = rows[0]["纬度"].translate(fullwidth)
    rows[1]["经度"] = "东经" + _dms(float(rows[1]["经度"]))
    rows[1]["纬度"] = "北纬" + _dms(float(rows[1]["纬度"]))
    lon, lat = float(rows[2]["经度"]), float(rows[2]["纬度"])
    rows[2]["经度"] = _dms(lon).replace("°", "度").replace("′", "分").replace("″", "秒")
    rows[2]["纬度"] = f"{lat:.6f}N"
    return project(rows)


@case
def lonlat_cell() -> dict:
    """Both numbers in one "坐标" cell as copied from a web map's pick-point tool."""
    rows = base_stations()
    header = ["编号", "名称", "所属街镇", "地址", "电话", "开放时间", "坐标"]
    forms = [
        "{lon},{lat}",
        "{lon}，{lat}",
        "（{lon}, {lat}）",
        "{lon} {lat}",
        "{lon};{lat}",
        "{lon}、{lat}",
    ]
    for row, form in zip(rows, forms, strict=True):
        row["坐标"] = form.format(lon=row.pop("经度"), lat=row.pop("纬度"))
    columns = {
        **{k: v for k, v in STATION_COLUMNS.items() if k not in ("lon", "lat")},
        "lonlat": "坐标",
    }
    return project(rows, header=header, columns=columns)


@case
def header_aliases() -> dict:
    """No lon/lat in mapgen.toml: the headers 东经 and 北纬 are recognised."""
    rows = base_stations()
    header = ["编号", "名称", "所属街镇", "地址", "电话", "开放时间", "东经", "北纬"]
    for row in rows:
        row["东经"], row["北纬"] = row.pop("经度"), row.pop("纬度")
    columns = {k: v for k, v in STATION_COLUMNS.items() if k not in ("lon", "lat")}
    return project(rows, header=header, columns=columns)


@case
def header_aliases_lng() -> dict:
    """lng/lat headers as Amap's and Baidu's exports write them."""
    rows = base_stations()
    header = ["编号", "名称", "所属街镇", "地址", "电话", "开放时间", "lng", "lat"]
    for row in rows:
        row["lng"], row["lat"] = row.pop("经度"), row.pop("纬度")
    columns = {k: v for k, v in STATION_COLUMNS.items() if k not in ("lon", "lat")}
    return project(rows, header=header, columns=columns)


@case
def not_placed() -> dict:
    """Blank, 0/0, 待定, and an address without coordinates: listed, not errors."""
    rows = base_stations()
    rows[1]["经度"] = rows[1]["纬度"] = ""
    rows[1]["地址"] = ""
    rows[2]["经度"] = rows[2]["纬度"] = "0"
    rows[3]["经度"], rows[3]["纬度"] = "待定", "待定"
    rows[4]["经度"] = rows[4]["纬度"] = ""
    rows[4]["地址"] = "上海市嘉定区新成路 100 号"
    return project(rows)


@case
def outside() -> dict:
    """Row 4 is about 5 km east of 马陆镇 (121.32 → 121.3728)."""
    rows = base_stations()
    rows[2]["经度"] = "121.372800"
    return project(rows)


@case
def invalid_coordinates() -> dict:
    rows = base_stations()
    rows[0]["经度"] = "abc"
    rows[1]["经度"] = "1213.35755"
    rows[2]["纬度"] = ""
    return project(rows)


# --------------------------------------------------------------------- geometry


def _replace(code: str, geometry: dict | None, features: list[dict] | None = None) -> list:
    features = base_features() if features is None else features
    for f in features:
        if f["properties"]["code"] == code:
            f["geometry"] = geometry
    return features


@case
def bowtie_small() -> dict:
    """马陆镇's north edge crosses itself in a tiny loop: repaired, area unchanged."""
    x0, y0 = LON0 + 2 * DLON, LAT0
    x1, y1 = x0 + DLON, y0 + DLAT
    mid = (x0 + x1) / 2
    ring = [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [mid + 0.0005, y1],
        [mid - 0.0005, y1 + 0.0003],
        [mid - 0.0005, y1 - 0.0003],
        [mid + 0.0005, y1 - 0.0003],
        [mid + 0.0005, y1],
        [x0, y1],
        [x0, y0],
    ]
    return project(features=_replace("310114103", polygon(ring)))


@case
def bowtie() -> dict:
    """马陆镇 drawn as a figure of eight: the repair changes it too much to trust."""
    x0, y0 = LON0 + 2 * DLON, LAT0
    x1, y1 = x0 + DLON, y0 + DLAT
    ring = [[x0, y0], [x1, y1], [x1, y0], [x0, y1], [x0, y0]]
    return project(features=_replace("310114103", polygon(ring)))


@case
def ring_self_touch() -> dict:
    """An "inverted" hole: the outer ring of 江桥镇 touches itself (as ArcGIS allows)."""
    x0, y0 = LON0 + DLON, LAT0
    x1, y1 = x0 + DLON, y0 + DLAT
    mid = (x0 + x1) / 2
    ring = [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [mid, y1],
        [mid + 0.005, y1 - 0.01],
        [mid - 0.005, y1 - 0.01],
        [mid, y1],
        [x0, y1],
        [x0, y0],
    ]
    rows = base_stations()
    rows[1]["纬度"] = f"{y0 + 0.005:.6f}"  # outside the hole
    return project(rows, features=_replace("310114102", polygon(ring)))


@case
def unclosed_ring() -> dict:
    """A hand-edited GeoJSON whose ring for 南翔镇 does not return to its first point."""
    features = base_features()
    features[0]["geometry"]["coordinates"][0].pop()
    return project(features=features)


@case
def duplicate_points() -> dict:
    """Repeated vertices (a double click while digitising) are valid: no problem."""
    features = base_features()
    ring = features[0]["geometry"]["coordinates"][0]
    ring.insert(1, list(ring[1]))
    ring.insert(1, list(ring[0]))
    return project(features=features)


@case
def line_feature() -> dict:
    """菊园新区 exported as its outline (a line), not its area."""
    ring = rectangle(2, 1)
    return project(features=_replace("310114003", {"type": "LineString", "coordinates": ring}))


@case
def empty_geometries() -> dict:
    """A null geometry and an empty polygon."""
    features = _replace("310114003", None)
    features = _replace("310114002", {"type": "Polygon", "coordinates": []}, features)
    rows = base_stations()[:4]
    return project(rows, features=features)


@case
def overlap() -> dict:
    """江桥镇 reaches 0.005° (~480 m) into 马陆镇 along their whole border: 1.6 km²."""
    x0, y0 = LON0 + DLON, LAT0
    ring = [
        [x0, y0],
        [x0 + DLON + 0.005, y0],
        [x0 + DLON + 0.005, y0 + DLAT],
        [x0, y0 + DLAT],
        [x0, y0],
    ]
    return project(features=_replace("310114102", polygon(ring)))


@case
def gap() -> dict:
    """A 0.01° × 0.009° notch (~0.95 km²) cut out of 江桥镇's north-west corner, enclosed by
    南翔镇 and 新成路街道: a gap inside the district."""
    x0, y0 = LON0 + DLON, LAT0
    x1, y1 = x0 + DLON, y0 + DLAT
    ring = [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0 + 0.01, y1],
        [x0 + 0.01, y1 - 0.009],
        [x0, y1 - 0.009],
        [x0, y0],
    ]
    return project(features=_replace("310114102", polygon(ring)))


@case
def slivers() -> dict:
    """Borders that miss by a few metres: digitising noise, not reported. 南翔镇 reaches
    5 m into 江桥镇 (1.6 ha, but thin); 江桥镇 stops 2 m short of 马陆镇 for 2 km."""
    features = base_features()
    features[0]["geometry"]["coordinates"][0] = [
        [round(x + 0.00005, 6) if x == LON0 + DLON else x, y]
        for x, y in features[0]["geometry"]["coordinates"][0]
    ]
    x0, y0 = LON0 + DLON, LAT0
    x1, y1 = x0 + DLON, y0 + DLAT
    ring = [
        [x0, y0],
        [x1, y0],
        [x1, y0 + 0.005],
        [x1 - 0.00002, y0 + 0.005],
        [x1 - 0.00002, y1 - 0.005],
        [x1, y1 - 0.005],
        [x1, y1],
        [x0, y1],
        [x0, y0],
    ]
    return project(features=_replace("310114102", polygon(ring), features))


@case
def duplicate_townships() -> dict:
    """Two features share the code 310114002; two others the name 南翔镇."""
    features = base_features()
    features[5]["properties"]["code"] = "310114002"
    features[1]["properties"]["name"] = "南翔镇"
    return project(features=features)


def boundaries_in_metres_features() -> list[dict]:
    transformer = Transformer.from_crs("EPSG:4490", "EPSG:4528", always_xy=True)
    features = base_features()
    for f in features:
        f["geometry"]["coordinates"] = [
            [[round(v, 2) for v in transformer.transform(*p)] for p in ring]
            for ring in f["geometry"]["coordinates"]
        ]
    return features


@case
def boundaries_in_metres() -> dict:
    """Township boundaries in Gauss-Krüger metres (zone 40) saved as GeoJSON without crs."""
    return project(features=boundaries_in_metres_features())


@case
def shapefile_without_prj() -> dict:
    """A shapefile in Gauss-Krüger metres (zone 40, with prefix) whose .prj was lost."""
    import tempfile
    import warnings

    import geopandas as gpd
    from shapely.geometry import shape

    features = boundaries_in_metres_features()
    frame = gpd.GeoDataFrame(
        [f["properties"] for f in features],
        geometry=[shape(f["geometry"]) for f in features],
        crs=None,
    )
    files = project()
    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "'crs' was not provided": that is the point
        frame.to_file(Path(folder) / "towns.shp", encoding="utf-8")
        for part in sorted(Path(folder).iterdir()):
            if part.suffix in (".shp", ".shx", ".dbf", ".cpg"):
                files[f"towns{part.suffix}"] = part.read_bytes()
    del files["townships.geojson"]
    files["mapgen.toml"] = str(files["mapgen.toml"]).replace("townships.geojson", "towns.shp")
    return files


@case
def boundaries_gauss_prefix() -> dict:
    """The same boundaries with crs = "EPSG:4549" (no prefix) in mapgen.toml."""
    files = boundaries_in_metres()
    files["mapgen.toml"] = toml(townships={"crs": "EPSG:4549"})
    return files


@case
def datav_boundaries() -> dict:
    """Boundaries from Aliyun DataV.GeoAtlas (GCJ-02), crs left unset."""
    features = base_features()
    for f in features:
        f["properties"].update(
            adcode=int(f["properties"]["code"][:6]),
            childrenNum=0,
            level="street",
            acroutes=[100000, 310000, 310100],
        )
    return project(features=features)


# ------------------------------------------------------------------ consistency


@case
def stated_mismatch() -> dict:
    """ST-01 says 南翔镇 but lies in 江桥镇, 2 km east of their border (121.24)."""
    rows = base_stations()
    lon, _ = centre(1, 0)
    rows[0]["经度"] = f"{lon + 0.001:.6f}"  # 121.261
    return project(rows)


@case
def unknown_township() -> dict:
    rows = base_stations()
    rows[0]["所属街镇"] = "南翔"
    return project(rows)


@case
def services_unknown() -> dict:
    """A menu row for ST-99, a category "counseling", and ST-06 with no services."""
    ids = [f"ST-{i:02d}" for i in range(1, 6)]
    services = services_for(ids)
    services.append({"站点编号": "ST-9", "服务类别": "counselling", "时间": ""})
    services.append({"站点编号": "ST-01", "服务类别": "counseling", "时间": ""})
    return project(services=services)


# ------------------------------------------------------------- privacy, safety


@case
def bidi_controls() -> dict:
    """A right-to-left override hiding in a station name; an isolate and a BEL in an address."""
    rows = base_stations()
    rows[0]["名称"] = "南翔镇社工站\u202egnp.exe"
    rows[1]["地址"] = "江桥镇\u2066示例路\x07"
    return project(rows)


SENSITIVE_COUNTS = ["12", "3", "1,234", "", "abc", "4"]


@case
def sensitive() -> dict:
    """服务人数 is sensitive: township totals of 10 or more only (ST-02 and ST-06 add
    a second station to 南翔镇 and 江桥镇)."""
    rows = base_stations()
    header = [*HEADER, "服务人数", "身份证号"]
    extra = [
        dict(rows[0], 编号="ST-07", 名称="南翔镇第二社工站"),
        dict(rows[1], 编号="ST-08", 名称="江桥镇第二社工站"),
    ]
    rows += extra
    for row, count in zip(rows, [*SENSITIVE_COUNTS, "5", "2"], strict=True):
        row["服务人数"] = count
        row["身份证号"] = "31011419800101" + row["编号"][-2:] + "17"
    public = (
        'station_fields = ["name", "township", "address", "phone", "hours"]\n'
        'sensitive_fields = ["服务人数"]\n'
    )
    return project(rows, header=header, public=public)


# ---------------------------------------------------------- boundaries not at hand


TOWNSHIP_TABLE_HEADER = ["区划代码", "名称", "城乡分类代码"]


def _township_table_toml(file: str) -> str:
    return (
        toml()
        .replace('file = "townships.geojson"', f'file = "{file}"')
        .replace(
            'id = "code"\nname = "name"\nname_en = "name_en"', 'id = "区划代码"\nname = "名称"'
        )
    )


@case
def townships_table() -> dict:
    """No boundaries: a 统计用区划代码 list (code, name) and stations that state their
    township, by name, by code, and with a stray full-width space."""
    rows = base_stations()
    rows[1]["所属街镇"] = "310114102"
    rows[2]["所属街镇"] = "马陆镇\u3000"
    files = project(rows)
    del files["townships.geojson"]
    files["townships.csv"] = csv_bytes(
        [{"区划代码": code, "名称": name, "城乡分类代码": "111"} for code, name, *_ in TOWNSHIPS],
        TOWNSHIP_TABLE_HEADER,
    )
    files["mapgen.toml"] = _township_table_toml("townships.csv")
    return files


def _shapefile(features: list[dict], crs: str | None = "EPSG:4326") -> dict[str, bytes]:
    import tempfile
    import warnings

    import geopandas as gpd
    from shapely.geometry import shape

    frame = gpd.GeoDataFrame(
        [f["properties"] for f in features],
        geometry=[shape(f["geometry"]) for f in features],
        crs=crs,
    )
    files = {}
    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame.to_file(Path(folder) / "towns.shp", encoding="utf-8")
        for part in sorted(Path(folder).iterdir()):
            files[f"towns{part.suffix}"] = part.read_bytes()
    return files


def _with_shapefile(missing: str) -> dict:
    files = project()
    del files["townships.geojson"]
    files.update(_shapefile(base_features()))
    del files[f"towns{missing}"]
    files["mapgen.toml"] = str(files["mapgen.toml"]).replace("townships.geojson", "towns.shp")
    return files


@case
def shapefile_without_dbf() -> dict:
    """A shapefile copied without its .dbf (the attribute table)."""
    return _with_shapefile(".dbf")


@case
def shapefile_without_shx() -> dict:
    """A shapefile copied without its .shx (the index)."""
    return _with_shapefile(".shx")


@case
def townships_folder() -> dict:
    """Boundaries downloaded one district at a time: a folder of two files, the northern
    and the southern townships; 新成路街道 is in both (a border township)."""
    features = base_features()
    files = project()
    del files["townships.geojson"]
    files["towns/north.geojson"] = geojson(features[3:])
    files["towns/south.geojson"] = geojson([*features[:3], features[4]])
    files["towns/readme.txt"] = "downloaded from the district portal\n"
    files["mapgen.toml"] = str(files["mapgen.toml"]).replace(
        'file = "townships.geojson"', 'file = "towns"'
    )
    return files


@case
def bare_features() -> dict:
    """Features without properties, as some web-map downloads give them (crs unset)."""
    features = base_features()
    for f in features:
        f["properties"] = None
    return project(features=features)


@case
def bare_geometry() -> dict:
    """One bare GeoJSON geometry object (a MultiPolygon), not a FeatureCollection."""
    files = project()
    rings = [[rectangle(c, r)] for *_, c, r in TOWNSHIPS]
    files["townships.geojson"] = json.dumps({"type": "MultiPolygon", "coordinates": rings})
    return files


@case
def bd09mc_boundaries() -> dict:
    """Boundaries in Baidu Mercator metres (BD-09MC), as Baidu's web services return
    them, saved without a crs. (Made as the spherical Mercator of BD-09 degrees, which is
    within metres of Baidu's own projection: enough to recognise it.)"""
    to_mercator = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    features = base_features()
    for f in features:
        ring = np.array(f["geometry"]["coordinates"][0])
        lon, lat = datum.from_wgs84(ring[:, 0], ring[:, 1], "bd09")
        x, y = to_mercator.transform(lon, lat)
        f["geometry"]["coordinates"] = [
            [[round(a, 2), round(b, 2)] for a, b in zip(x, y, strict=True)]
        ]
    return project(features=features)


@case
def boundary_lines() -> dict:
    """Drawn boundary lines (no code, no name) among the township polygons."""
    features = base_features()
    for ring in (rectangle(0, 0), rectangle(1, 1)):
        features.append(
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "LineString", "coordinates": ring},
            }
        )
    return project(features=features)


@case
def collection_and_heights() -> dict:
    """南翔镇 as a GeometryCollection of its polygon and a label point; 江桥镇 with Z values."""
    features = base_features()
    features[0]["geometry"] = {
        "type": "GeometryCollection",
        "geometries": [
            features[0]["geometry"],
            {"type": "Point", "coordinates": list(centre(0, 0))},
            {"type": "LineString", "coordinates": rectangle(0, 0)},
        ],
    }
    features[1]["geometry"]["coordinates"] = [
        [[x, y, 4.5] for x, y in ring] for ring in features[1]["geometry"]["coordinates"]
    ]
    return project(features=features)


@case
def gap_at_edge() -> dict:
    """A 0.004° (~380 m) wide notch between 南翔镇 and 江桥镇, open to the district's
    southern edge and 0.02° (~2.2 km) deep: a gap that is not enclosed."""
    x0, y0 = LON0, LAT0
    ring = [
        [x0, y0],
        [x0 + DLON - 0.004, y0],
        [x0 + DLON - 0.004, y0 + 0.02],
        [x0 + DLON, y0 + 0.02],
        [x0 + DLON, y0 + DLAT],
        [x0, y0 + DLAT],
        [x0, y0],
    ]
    return project(features=_replace("310114101", polygon(ring)))


@case
def border_tie() -> dict:
    """ST-02 exactly on the border of 南翔镇 and 江桥镇, stating 江桥镇 (the higher code);
    ST-01 on the same border stating nothing; ST-03 where 江桥镇 overlaps 马陆镇, stating
    马陆镇."""
    rows = base_stations()
    border = LON0 + DLON
    rows[0].update(经度=f"{border:.6f}", 纬度="31.305000", 所属街镇="")
    rows[1].update(经度=f"{border:.6f}", 纬度="31.315000")
    rows[2].update(经度=f"{border + DLON + 0.002:.6f}", 纬度="31.315000")
    x0, y0 = LON0 + DLON, LAT0
    ring = [
        [x0, y0],
        [x0 + DLON + 0.005, y0],
        [x0 + DLON + 0.005, y0 + DLAT],
        [x0, y0 + DLAT],
        [x0, y0],
    ]
    features = _replace("310114102", polygon(ring))
    for f in features:  # the border exactly where the stations' cells say
        f["geometry"]["coordinates"] = [
            [[round(x, 6), round(y, 6)] for x, y in part] for part in f["geometry"]["coordinates"]
        ]
    return project(rows, features=features)


@case
def adcode_boundaries() -> dict:
    """Boundaries with only an adcode property (a web-map download), crs left unset."""
    features = base_features()
    for f in features:
        f["properties"]["adcode"] = f["properties"]["code"]
    return project(features=features)


# ------------------------------------------- tables as offices keep them (issue 9)

NO_SERVICES_FILE = ('[services]\nfile = "services.csv"\n', "")


def _without_services_file(text: str, shape: str = "") -> str:
    start = text.index("[services]")
    end = text.index("[categories]")
    section = f'[services]\nshape = "{shape}"\n\n' if shape else ""
    return text[:start] + section + text[end:]


def xlsx_bytes(rows: list[list[object]], formats: dict[str, str] | None = None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "站点"
    for row in rows:
        sheet.append(row)
    for ref, number_format in (formats or {}).items():
        sheet[ref].number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _grid(rows: list[dict[str, str]], header: list[str]) -> list[list[object]]:
    return [header, *([row.get(h, "") for h in header] for row in rows)]


@case
def no_id_column() -> dict:
    """No 编号 column: ids come from the names; the menu names stations and categories
    by their Chinese names."""
    header = [h for h in HEADER if h != "编号"]
    columns = {k: v for k, v in STATION_COLUMNS.items() if k != "id"}
    files = project(header=header, columns=columns)
    names = [f"{name}社工站" for _, name, *_ in TOWNSHIPS]
    files["services.csv"] = csv_bytes(
        [{"站点编号": n, "服务类别": "心理咨询", "时间": ""} for n in names],
        ["站点编号", "服务类别", "时间"],
    )
    return files


@case
def name_blank() -> dict:
    """Row 3's name is blank."""
    rows = base_stations()
    rows[1]["名称"] = ""
    return project(rows)


@case
def category_by_name() -> dict:
    """The menu names its categories in Chinese (心理咨询) and English (Referral)."""
    ids = [f"ST-{i:02d}" for i in range(1, 7)]
    services = [{"站点编号": i, "服务类别": "心理咨询", "时间": ""} for i in ids]
    services.append({"站点编号": "ST-01", "服务类别": "Referral", "时间": ""})
    return project(services=services)


@case
def lat_typo() -> dict:
    """lat = "緯度" (traditional 緯): the hint is 纬度, never the longitude column."""
    return project(columns={**STATION_COLUMNS, "lat": "緯度"})


@case
def columns_unmapped() -> dict:
    """No [stations.columns] at all, headers as an office writes them."""
    header = ["站点名称", "所在街道（镇）", "详细地址", "联系电话", "东经（°）", "北纬（°）"]
    rows = [
        {
            "站点名称": r["名称"],
            "所在街道（镇）": r["所属街镇"],
            "详细地址": r["地址"],
            "联系电话": r["电话"],
            "东经（°）": r["经度"],
            "北纬（°）": r["纬度"],
        }
        for r in base_stations()
    ]
    files = project(rows, header=header, columns={})
    files["mapgen.toml"] = str(files["mapgen.toml"]).replace("[stations.columns]\n", "")
    files["mapgen.toml"] = _without_services_file(str(files["mapgen.toml"]))
    return files


@case
def columns_ambiguous() -> dict:
    """Both 经度 and 东经, and no lon in mapgen.toml."""
    header = [*HEADER, "东经"]
    rows = base_stations()
    for row in rows:
        row["东经"] = row["经度"]
    columns = {k: v for k, v in STATION_COLUMNS.items() if k not in ("lon", "lat")}
    return project(rows, header=header, columns=columns)


@case
def header_duplicated() -> dict:
    """Two columns headed 名称 (the name, then the venue's name)."""
    header = [*HEADER, "名称"]
    rows = base_stations()
    return project(rows, header=header)


@case
def odd_spaces() -> dict:
    """Zero-width, non-breaking and full-width spaces around ids and names."""
    rows = base_stations()
    rows[0]["编号"] = "ST-01\u200b"
    rows[1]["名称"] = "\u3000江桥镇社工站\u00a0"
    rows[2]["所属街镇"] = "马陆镇 "
    return project(rows)


@case
def decimal_comma() -> dict:
    """Row 3's longitude is written 121,260000 (a decimal comma)."""
    rows = base_stations()
    rows[1]["经度"] = rows[1]["经度"].replace(".", ",")
    return project(rows)


@case
def shared_coordinates() -> dict:
    """ST-05 has the very coordinates of ST-02 (a copied row)."""
    rows = base_stations()
    rows[4]["经度"], rows[4]["纬度"] = rows[1]["经度"], rows[1]["纬度"]
    rows[4]["所属街镇"] = rows[1]["所属街镇"]
    return project(rows)


@case
def coarse_coordinates() -> dict:
    """Row 2 has two decimals: about 1 km."""
    rows = base_stations()
    rows[0]["经度"], rows[0]["纬度"] = "121.22", "31.32"
    return project(rows)


@case
def phone_implausible() -> dict:
    """Row 4's phone has 9 digits (one lost)."""
    rows = base_stations()
    rows[2]["电话"] = "021-5953003"[:-1]
    return project(rows)


@case
def duplicate_row() -> dict:
    """ST-03's row is pasted twice."""
    rows = base_stations()
    rows.insert(3, dict(rows[2]))
    return project(rows)


@case
def duplicate_id_differs() -> dict:
    """Two different stations share the id ST-03."""
    rows = base_stations()
    rows.append(dict(rows[2], 名称="马陆镇第二社工站", 电话="021-59530009"))
    return project(rows)


@case
def note_rows() -> dict:
    """A note and a total under the table."""
    files = project()
    text = files["stations.csv"].decode("utf-8-sig")  # type: ignore[union-attr]
    text += "注：坐标为 WGS84，由高德地图拾取,,,,,,,\r\n合计,6 个站点,,,,,,\r\n"
    files["stations.csv"] = text.encode("utf-8-sig")
    return files


@case
def ragged_row() -> dict:
    """Row 3's address holds an unquoted comma: one cell too many, nothing else."""
    files = project()
    text = files["stations.csv"].decode("utf-8-sig")  # type: ignore[union-attr]
    files["stations.csv"] = text.replace("江桥镇示例路 2 号", "江桥镇示例路,2 号").encode(
        "utf-8-sig"
    )
    return files


@case
def ragged_short_row() -> dict:
    """Row 4 lost its address cell: the cells after it moved left."""
    files = project()
    text = files["stations.csv"].decode("utf-8-sig")  # type: ignore[union-attr]
    files["stations.csv"] = text.replace("马陆镇示例路 3 号,", "").encode("utf-8-sig")
    return files


@case
def sheet_unknown() -> dict:
    """sheet = "站" names no sheet of the workbook: one error, nothing after it."""
    files = project(stations={"file": "stations.xlsx", "sheet": "站"})
    files["stations.xlsx"] = xlsx_bytes(_grid(base_stations(), HEADER))
    del files["stations.csv"]
    return files


@case
def formula_required() -> dict:
    """Row 3's longitude is a formula whose result was never saved."""
    grid = _grid(base_stations(), HEADER)
    grid[2][6] = "=121.2+0.06"
    files = project(stations={"file": "stations.xlsx"})
    files["stations.xlsx"] = xlsx_bytes(grid)
    del files["stations.csv"]
    return files


@case
def month_opened() -> dict:
    """启用时间 typed as 2025-03 in Excel (a date shown as a month)."""
    import datetime

    header = [*HEADER, "启用时间"]
    grid = _grid(base_stations(), header)
    grid[1][8] = datetime.datetime(2025, 3, 1)
    files = project(
        stations={"file": "stations.xlsx"}, columns={**STATION_COLUMNS, "opened": "启用时间"}
    )
    files["stations.xlsx"] = xlsx_bytes(grid, {"I2": "yyyy-mm"})
    del files["stations.csv"]
    return files


@case
def lonlat_in_lon_cell() -> dict:
    """Row 2's longitude cell holds "lon,lat" pasted from a web map; latitude blank."""
    rows = base_stations()
    rows[0]["经度"] = f"{rows[0]['经度']},{rows[0]['纬度']}"
    rows[0]["纬度"] = ""
    return project(rows)


@case
def service_station_blank_id() -> dict:
    """Row 4 (马陆镇) has no id; its menu row says ST-03. No other station is suggested."""
    rows = base_stations()
    rows[2]["编号"] = ""
    services = services_for([f"ST-{i:02d}" for i in range(1, 7)])
    return project(rows, services=services)


def _shape_rows() -> tuple[list[dict[str, str]], list[list[str]]]:
    rows = base_stations()
    offered = [["心理咨询", "康复转介"], ["心理咨询"], ["康复转介"], ["心理咨询"], [], ["心理咨询"]]
    return rows, offered


@case
def services_list() -> dict:
    """Services listed in one cell per station, mixed separators and spaces."""
    rows, offered = _shape_rows()
    separators = ["、", "；", " / ", "\n", ",", "，"]
    for row, items, sep in zip(rows, offered, separators, strict=True):
        row["服务内容"] = sep.join([*items, *items[:1]])  # a repeated item is dropped
    files = project(rows, header=[*HEADER, "服务内容"])
    files["mapgen.toml"] = _without_services_file(str(files["mapgen.toml"]))
    return files


@case
def services_matrix() -> dict:
    """One ticked column per service; row 6 has "待定" in a tick cell."""
    rows, offered = _shape_rows()
    marks = ["✓", "√", "是", "●", "有", "Y"]
    for row, items, mark in zip(rows, offered, marks, strict=True):
        row["心理咨询"] = mark if "心理咨询" in items else ""
        row["康复转介"] = mark if "康复转介" in items else "否"
    rows[4]["康复转介"] = "待定"
    files = project(rows, header=[*HEADER, "心理咨询", "康复转介"])
    files["mapgen.toml"] = _without_services_file(str(files["mapgen.toml"]))
    return files


def write(name: str, files: dict[str, bytes | str]) -> None:
    folder = HERE / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for path, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)


def main() -> None:
    for name, make in CASES.items():
        write(name, make())


if __name__ == "__main__":
    main()
