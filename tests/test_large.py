"""Large sites (a city, a province, the country): level-of-detail chunks, canvas
townships, clustered stations — and search, filters and the nearby list still working."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from mapgen import build
from mapgen.render import mapdata

from .conftest import BrowserPage, Server, axe_violations, load_bench_generator


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    """The benchmark's region case: 300 townships, 300 stations — a large site."""
    root = tmp_path_factory.mktemp("region")
    load_bench_generator().generate("region", root / "project", seed=0)
    site = build(root / "project", root / "site").out
    server = Server(site)
    yield root / "project", site, server
    server.close()


def menus(project: Path) -> pd.DataFrame:
    return pd.read_csv(project / "layers/service_menus.csv", dtype=str)


def chunks_of(site: Path, number: int) -> list[dict]:
    """Every township chunk of a level, read from its packs through the level's index."""
    index = json.loads((site / f"data/map/t{number}/index.json").read_text())
    assert index["fields"] == ["cell", "pack", "offset", "length"]
    chunks = []
    for _cell, pack, offset, length in index["rows"]:
        data = (site / f"data/map/t{number}/{pack}").read_bytes()
        chunks.append(json.loads(data[offset : offset + length]))
    return chunks


def decode_ring(ring: list[int], quantum: float) -> np.ndarray:
    return np.cumsum(np.array(ring, dtype=np.int64).reshape(-1, 2), axis=0) * quantum


def test_encoded_polygons_decode_to_the_quantized_input():
    polygon = shapely.Polygon(
        [(121.2, 31.3), (121.25, 31.3), (121.25, 31.35)],
        holes=[[(121.23, 31.31), (121.24, 31.31), (121.24, 31.32)]],
    )
    [[outer, hole]] = mapdata.encode_polygons(np.array([polygon]), 0.00001)[0]
    assert np.allclose(decode_ring(outer, 0.00001), shapely.get_coordinates(polygon.exterior))
    assert np.allclose(decode_ring(hole, 0.00001), shapely.get_coordinates(polygon.interiors[0]))


def test_region_index_carries_only_an_overview(region):
    _, site, _ = region
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "home.js" in index  # the one page app
    assert '"type":"Feature"' not in index  # no inline GeoJSON
    assert '"files"' not in index  # fetched, not inline
    assert len(index.encode()) < 60_000
    assert (site / "data/map/points.json").is_file()
    assert (site / "data/map/search.json").is_file()


def test_every_township_is_in_every_level_and_where_it_should_be(region):
    project, site, _ = region
    townships = gpd.read_file(project / "layers/townships.gpkg").sort_values("code")
    bounds = shapely.bounds(townships.geometry.values)
    for number, level in enumerate(mapdata.LEVELS):
        seen: set[int] = set()
        for chunk in chunks_of(site, number):
            for feature, polygons in zip(chunk["f"], chunk["g"], strict=True):
                seen.add(feature)
                points = np.vstack([decode_ring(r, chunk["q"]) for p in polygons for r in p])
                x0, y0, x1, y1 = bounds[feature]
                slack = level.tolerance + level.quantum
                assert points[:, 0].min() >= x0 - slack and points[:, 0].max() <= x1 + slack
                assert points[:, 1].min() >= y0 - slack and points[:, 1].max() <= y1 + slack
        assert seen == set(range(len(townships))), f"level {number} misses townships"


def test_points_and_details_describe_every_station_once(region):
    project, site, _ = region
    stations = pd.read_csv(project / "layers/stations.csv", encoding="utf-8-sig", dtype=str)
    points = json.loads((site / "data/map/points.json").read_text())
    lon = np.cumsum(points["x"]) * points["q"]
    lat = np.cumsum(points["y"]) * points["q"]
    index = json.loads(
        (site / "index.html")
        .read_text(encoding="utf-8")
        .split('id="mapgen-data">')[1]
        .split("</script>")[0]
    )
    ids = []
    for cell, start, end in index["cells"]:
        detail = json.loads((site / f"data/map/zh-CN/s/{cell}.json").read_text())
        assert detail["start"] == start and len(detail["rows"]) == end - start
        assert detail["fields"][0] == "id"
        ids += [row[0] for row in detail["rows"]]
    assert sorted(ids) == sorted(stations["站点编号"])
    by_id = stations.set_index("站点编号")
    expected = by_id.loc[ids, ["经度", "纬度"]].astype(float).to_numpy()
    assert np.abs(np.c_[lon, lat] - expected).max() < 1e-5


@pytest.fixture
def large_page(browser, region):
    page = BrowserPage(browser, viewport={"width": 1280, "height": 800}, locale="zh-CN")
    yield page
    page.close()
    assert not page.errors, page.errors
    assert not page.blocked, page.blocked  # basemap "none": nothing but the site


def shown(page) -> int:
    return int(page.locator("html").get_attribute("data-shown"))


def clustered_total(page) -> int:
    """Stations on the map: singles plus the counts written on cluster icons."""
    return page.evaluate("""() => {
        let total = document.querySelectorAll('.station-marker').length;
        for (const c of document.querySelectorAll('.marker-cluster span')) {
            total += Number(c.textContent);
        }
        return total;
    }""")


def test_large_map_draws_townships_on_canvas_and_every_station(large_page, region):
    _, _, server = region
    page = large_page.open(server.url)
    assert page.locator(".leaflet-tile-container canvas").count() > 0
    assert clustered_total(page) == 300
    assert shown(page) == 300
    assert page.evaluate("document.getElementsByTagName('*').length") < 1000


def test_large_filter_counts_exactly_the_stations_offering_a_service(large_page, region):
    project, _, server = region
    page = large_page.open(server.url)
    menu = menus(project)
    category = sorted(menu["category"].unique())[0]
    expected = menu.loc[menu["category"] == category, "station_id"].nunique()
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.locator(f'input[name="service"][value="{category}"]').check()
    page.wait_for_function(f"() => document.documentElement.dataset.shown === '{expected}'")
    assert clustered_total(page) == expected
    assert str(expected) in page.locator("#status").inner_text()


def test_large_search_finds_a_station_and_lists_it(large_page, region):
    project, _, server = region
    stations = pd.read_csv(project / "layers/stations.csv", encoding="utf-8-sig", dtype=str)
    name = stations["站点名称"].iloc[7]
    page = large_page.open(server.url)
    page.fill("#search", name)
    page.wait_for_function("() => document.documentElement.dataset.shown === '1'")
    page.locator("#station-list li a", has_text=name).wait_for()
    assert page.locator("#station-list .station-item").count() == 1


def test_clicking_a_township_on_the_canvas_names_it(large_page, region):
    project, _, server = region
    townships = gpd.read_file(project / "layers/townships.gpkg").sort_values("code")
    target = townships.iloc[len(townships) // 2]
    inside = shapely.point_on_surface(target.geometry)
    page = large_page.open(server.url)
    page.evaluate(
        f"() => window.mapgenMap.setView([{inside.y}, {inside.x}], 12, {{animate: false}})"
    )
    point = page.evaluate(
        f"() => window.mapgenMap.latLngToContainerPoint([{inside.y}, {inside.x}])"
    )
    box = page.locator("#map").bounding_box()
    # Click beside any marker: hide the stations layer first.
    page.evaluate("""() => { for (const m of document.querySelectorAll(
        '.leaflet-marker-icon')) m.style.display = 'none'; }""")
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert target["name"] in popup.inner_text()


def test_a_large_site_is_a_few_files_per_level(region):
    _, site, _ = region
    for number in range(len(mapdata.LEVELS)):
        files = list((site / f"data/map/t{number}").iterdir())
        assert len(files) <= 5, files  # packs and the index, not a file per cell


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that answers HTTP range requests (as most hosts do)."""

    partial = 0

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        match = re.fullmatch(r"bytes=(\d+)-(\d+)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if not match or not path.is_file():
            super().do_GET()
            return
        start, end = int(match[1]), int(match[2])
        body = path.read_bytes()[start : end + 1]
        self.send_response(206)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Range", f"bytes {start}-{end}/{path.stat().st_size}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        type(self).partial += 1


def test_packed_chunks_are_read_with_range_requests_where_the_host_has_them(browser, region):
    _, site, _ = region
    handler = functools.partial(RangeHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    web = BrowserPage(browser, viewport={"width": 1280, "height": 800})
    try:
        page = web.open(f"http://127.0.0.1:{httpd.server_address[1]}/")
        assert page.locator(".leaflet-tile-container canvas").count() > 0
        assert clustered_total(page) == 300
        assert RangeHandler.partial > 0
        assert not web.errors
    finally:
        web.close()
        httpd.shutdown()
        httpd.server_close()


def test_large_index_has_no_accessibility_violations(large_page, region):
    _, _, server = region
    page = large_page.open(server.url)
    assert axe_violations(page) == []


def test_a_large_site_is_byte_reproducible(region, tmp_path):
    project, site, _ = region
    again = build(project, tmp_path / "again").out
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert all((site / f).read_bytes() == (again / f).read_bytes() for f in files)


@pytest.mark.parametrize(
    "hostile",
    ["?q=%", "#%", "?service=%E0%A4%A", "?q=" + "x" * 100_000],
    ids=["percent", "hash-percent", "cut-utf8", "100kb-query"],
)
def test_large_pages_set_up_and_search_whatever_the_address(large_page, region, hostile):
    from .test_hostile_urls import open_hostile

    project, site, server = region
    stations = pd.read_csv(project / "layers/stations.csv", encoding="utf-8-sig", dtype=str)
    township = sorted((site / "townships").glob("*.html"))[0].name
    for path in (
        "stations/" + sorted((site / "stations").glob("*.html"))[0].name,
        f"townships/{township}",
        "coverage.html",
    ):
        open_hostile(large_page, site, server.url + path + hostile)
    page = open_hostile(large_page, site, server.url + "index.html" + hostile)
    page.fill("#search", stations["站点名称"].iloc[7])
    page.wait_for_function("() => document.documentElement.dataset.shown === '1'")
