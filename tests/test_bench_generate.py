"""The benchmark's project generator (bench/generate.py) makes valid, realistic projects."""

import tomllib

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from .conftest import load_bench_generator

generate = load_bench_generator()


@pytest.fixture(scope="module", params=["district", "region"])
def project(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(request.param)
    summary = generate.generate(request.param, out, seed=0)
    return request.param, out, summary


def _read(out):
    config = tomllib.loads((out / "mapgen.toml").read_text(encoding="utf-8"))
    towns = gpd.read_file(out / config["townships"]["file"])
    stations = pd.read_csv(out / config["stations"]["file"], encoding="utf-8-sig", dtype=str)
    services = pd.read_csv(out / config["services"]["file"], dtype=str, keep_default_na=False)
    categories = pd.read_csv(out / config["categories"]["file"], dtype=str)
    return config, towns, stations, services, categories


def test_config_uses_the_mapgen_schema(project):
    _, out, _ = project
    config, *_ = _read(out)
    assert set(config) == {"site", "townships", "stations", "services", "categories", "public"}
    assert config["site"]["basemap"] == "none"
    assert config["site"]["languages"] == ["zh-CN", "en"]
    assert config["townships"]["crs"] == config["stations"]["crs"] == "wgs84"
    assert set(config["townships"]["columns"]) == {"id", "name", "name_en"}
    assert set(config["stations"]["columns"]) == {
        "id",
        "name",
        "name_en",
        "township",
        "venue",
        "type",
        "lon",
        "lat",
        "opened",
        "hours",
    }
    assert set(config["services"]["columns"]) == {"station", "category", "schedule"}
    assert set(config["categories"]["columns"]) == {"id", "name", "name_en"}
    for section in ("townships", "stations", "services", "categories"):
        assert (out / config[section]["file"]).is_file()
    # The schema itself accepts it, when the mapgen package is importable.
    try:
        from mapgen.config import load_config
    except ImportError:
        return
    load_config(out)


def test_counts(project):
    case, out, summary = project
    spec = generate.CASES[case]
    config, towns, stations, _, categories = _read(out)
    assert len(towns) == spec.townships == summary["townships"]
    assert len(stations) == spec.stations == summary["stations"]
    assert len(categories) == 12
    covered = stations[config["stations"]["columns"]["township"]].nunique()
    assert covered == round(spec.covered * spec.townships)  # about half at these sizes


def test_codes_names_and_ids(project):
    _, out, _ = project
    config, towns, stations, _, _ = _read(out)
    codes = towns["code"].astype(str)
    assert codes.str.fullmatch(r"\d{9}").all() and codes.is_unique
    assert towns["name"].str.fullmatch(r"第\d+(街道|镇|乡)").all() and towns["name"].is_unique
    assert towns["name_en"].str.fullmatch(r"(Subdistrict|Town|Township) \d+").all()
    col = config["stations"]["columns"]
    assert stations[col["id"]].str.fullmatch(r"ST-\d{6}").all() and stations[col["id"]].is_unique
    assert set(stations[col["township"]]) <= set(towns["name"])
    opened = pd.to_datetime(stations[col["opened"]], format="mixed")
    assert opened.min().year >= 2023 and opened.max().year <= 2025
    for key in ("name", "name_en", "venue", "type", "hours"):
        assert stations[col[key]].notna().all()


def test_townships_have_200_to_500_vertices(project):
    _, out, _ = project
    _, towns, *_ = _read(out)
    assert (towns.geom_type == "Polygon").all()
    vertices = shapely.get_num_coordinates(towns.geometry.values) - 1  # ring closes on itself
    assert vertices.min() >= 200 and vertices.max() <= 500


def test_townships_form_an_exact_coverage(project):
    _, out, _ = project
    _, towns, *_ = _read(out)
    geoms = towns.geometry.values
    assert shapely.is_valid(geoms).all()
    # No overlaps, and neighbours share their boundary vertex for vertex.
    assert shapely.coverage_is_valid(geoms)
    # No gaps: the union is one polygon without holes, and areas add up.
    union = shapely.union_all(geoms)
    assert union.geom_type == "Polygon" and shapely.get_num_interior_rings(union) == 0
    assert union.area == pytest.approx(shapely.area(geoms).sum(), rel=1e-9)
    # Interior edges appear exactly twice (once per neighbour, walked in opposite directions),
    # outline edges once, and the outline edges are exactly the union's exterior ring.
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    same = owner[1:] == owner[:-1]
    a, b = coords[:-1][same], coords[1:][same]
    swap = (a[:, 0] > b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] > b[:, 1]))
    lo = np.where(swap[:, None], b, a)
    hi = np.where(swap[:, None], a, b)
    key = np.where(swap, -1, 1)
    _, inverse, counts = np.unique(
        np.hstack([lo, hi]), axis=0, return_inverse=True, return_counts=True
    )
    assert set(np.unique(counts)) <= {1, 2}
    direction_sum = np.bincount(inverse.ravel(), weights=key.ravel())
    assert (direction_sum[counts == 2] == 0).all()  # the two uses run opposite ways
    assert (counts == 1).sum() == shapely.get_num_coordinates(union.exterior) - 1
    assert (counts == 2).sum() > len(geoms)  # neighbours do share edges


def test_stations_inside_their_townships(project):
    _, out, _ = project
    config, towns, stations, *_ = _read(out)
    col = config["stations"]["columns"]
    polygons = towns.set_index("name").geometry.loc[stations[col["township"]]].values
    lon = stations[col["lon"]].astype(float).to_numpy()
    lat = stations[col["lat"]].astype(float).to_numpy()
    assert shapely.contains_xy(polygons, lon, lat).all()
    # located in China
    assert (lon > 73).all() and (lon < 135).all() and (lat > 18).all() and (lat < 54).all()


def test_three_to_ten_services_each(project):
    _, out, _ = project
    config, _, stations, services, categories = _read(out)
    per_station = services.groupby("station_id")["category"].agg(["count", "nunique"])
    assert set(per_station.index) == set(stations[config["stations"]["columns"]["id"]])
    assert (per_station["count"] == per_station["nunique"]).all()
    assert per_station["count"].between(3, 10).all()
    assert set(services["category"]) <= set(categories["id"])


def test_same_seed_same_project(tmp_path):
    first = generate.generate("district", tmp_path / "a", seed=7)
    second = generate.generate("district", tmp_path / "b", seed=7)
    assert first["vertices_total"] == second["vertices_total"]
    for name in ("stations.csv", "service_menus.csv"):
        a = (tmp_path / "a" / "layers" / name).read_bytes()
        assert a == (tmp_path / "b" / "layers" / name).read_bytes()
