"""Directions: each map's own datum, named in the link; every parameter escaped."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from mapgen import datum
from mapgen.directions import links

LON, LAT = 121.2619, 31.2449  # 江桥, WGS84


def by_app(name: str = "江桥镇社工站") -> dict[str, str]:
    return {link.app: link.url for link in links(name, LON, LAT)}


def point(value: str) -> tuple[float, float]:
    a, b = value.split(",")
    return float(a), float(b)


def test_amap_gets_gcj02_and_says_so():
    url = urlsplit(by_app()["amap"])
    assert (url.scheme, url.netloc, url.path) == ("https", "uri.amap.com", "/marker")
    query = parse_qs(url.query)
    gcj = datum.from_wgs84(LON, LAT, "gcj02")
    assert point(query["position"][0]) == pytest.approx((float(gcj[0]), float(gcj[1])), abs=1e-6)
    assert query["coordinate"] == ["gaode"]
    assert query["callnative"] == ["1"]
    assert query["name"] == ["江桥镇社工站"]


def test_tencent_gets_gcj02_lat_first_and_says_so():
    url = urlsplit(by_app()["tencent"])
    assert (url.netloc, url.path) == ("apis.map.qq.com", "/uri/v1/marker")
    query = parse_qs(url.query)
    fields = dict(part.split(":", 1) for part in query["marker"][0].split(";"))
    gcj = datum.from_wgs84(LON, LAT, "gcj02")
    assert point(fields["coord"]) == pytest.approx((float(gcj[1]), float(gcj[0])), abs=1e-6)
    assert fields["title"] == "江桥镇社工站"
    assert query["coord_type"] == ["2"]  # 2 = GCJ-02 ("Tencent coordinates"); 1 would be GPS
    assert query["referer"] == ["mapgen"]


def test_baidu_gets_bd09_lat_first_and_says_so():
    url = urlsplit(by_app()["baidu"])
    assert (url.netloc, url.path) == ("api.map.baidu.com", "/marker")
    query = parse_qs(url.query)
    bd = datum.from_wgs84(LON, LAT, "bd09")
    assert point(query["location"][0]) == pytest.approx((float(bd[1]), float(bd[0])), abs=1e-6)
    assert query["coord_type"] == ["bd09ll"]
    assert query["output"] == ["html"]
    assert query["src"] == ["webapp.mapgen.map"]


def test_openstreetmap_gets_wgs84():
    url = urlsplit(by_app()["osm"])
    query = parse_qs(url.query)
    assert (float(query["mlat"][0]), float(query["mlon"][0])) == (LAT, LON)
    assert url.fragment == f"map=17/{LAT:.6f}/{LON:.6f}"


@pytest.mark.parametrize("name", ["A&coordinate=wgs84", "x#y", "a;title:b", "<script>", "名 称?"])
def test_a_name_cannot_add_or_change_a_parameter(name):
    urls = by_app(name)
    for app in ("amap", "baidu"):
        query = parse_qs(urlsplit(urls[app]).query)
        assert query.get("name", query.get("title")) == [name]
        assert query.get("coordinate", query.get("coord_type")) in (["gaode"], ["bd09ll"])
    tencent = parse_qs(urlsplit(urls["tencent"]).query)
    fields = dict(part.split(":", 1) for part in tencent["marker"][0].split(";"))
    assert set(fields) == {"coord", "title"}
    assert fields["title"] == name.replace(";", "；").replace(":", "：")
    assert tencent["coord_type"] == ["2"]
    for url in urls.values():
        assert not set(url.split("#")[0]) & set(" <>\"'#")
