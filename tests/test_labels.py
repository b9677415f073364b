"""Maps that name their places: the label anchors computed at build time, and township
names on every map, visible without hovering, where they fit and never overlapping."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

from mapgen.render import mapdata
from mapgen.render.labels import label_anchors, neighbours

from .conftest import Server, build_at, copy_demo

READY = "() => document.documentElement.dataset.ready === 'true'"
LABELS = ".township-label"
# Every visible label's text and box, in the page's pixels.
LABEL_BOXES = """() => [...document.querySelectorAll('.township-label')].map(n => {
  const r = n.getBoundingClientRect();
  return {text: n.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom};
})"""
U_SHAPE = shapely.Polygon(
    [
        *[(121.0, 31.0), (121.3, 31.0), (121.3, 31.3), (121.2, 31.3)],  # base, right arm
        *[(121.2, 31.1), (121.1, 31.1), (121.1, 31.3), (121.0, 31.3)],  # the gap, left arm
    ]
)


# --- the anchor ------------------------------------------------------------------------------
def test_anchor_of_a_u_shaped_township_is_inside_it_not_in_the_gap():
    ((lon, lat, metres),) = label_anchors(np.array([U_SHAPE]))
    assert U_SHAPE.centroid.within(U_SHAPE) is False  # the naive anchor would be outside
    assert U_SHAPE.contains_properly(shapely.Point(lon, lat))
    # The radius is the room around the anchor: at most its distance to the border.
    border = shapely.Point(lon, lat).distance(U_SHAPE.boundary)  # degrees
    assert 0 < metres <= border * 111_320 * 1.01


def test_anchor_of_a_multipolygon_is_in_its_largest_part():
    small, large = shapely.box(121.0, 31.0, 121.01, 31.01), shapely.box(121.5, 31.5, 121.7, 31.7)
    ((lon, lat, metres),) = label_anchors(np.array([shapely.MultiPolygon([small, large])]))
    assert large.contains_properly(shapely.Point(lon, lat))
    assert 9_000 < metres < 10_000  # a 0.2° square at 31.6°N: ~11 km tall, ~9.5 km wide


def test_anchor_of_a_township_with_a_hole_avoids_the_hole():
    ring = shapely.box(121.0, 31.0, 121.3, 31.3).difference(
        shapely.box(121.05, 31.05, 121.25, 31.25)
    )
    ((lon, lat, _),) = label_anchors(np.array([ring]))
    assert ring.contains_properly(shapely.Point(lon, lat))


def test_townships_without_shapes_have_no_anchor():
    anchors = label_anchors(np.array([None, shapely.Polygon(), U_SHAPE], dtype=object))
    assert np.isnan(anchors[:2]).all() and not np.isnan(anchors[2]).any()


def test_anchors_are_rounded_so_the_bytes_are_stable():
    anchors = label_anchors(np.array([U_SHAPE, U_SHAPE]))
    assert (anchors == np.round(anchors, 6)).all() and (
        anchors[:, 2] == np.floor(anchors[:, 2])
    ).all()
    assert mapdata.dumps(anchors.tolist()) == mapdata.dumps(
        label_anchors(np.array([U_SHAPE])).tolist() * 2
    )


@st.composite
def star_polygons(draw):
    """A simple polygon around a point: sorted angles, random radii (star-shaped, often concave)."""
    count = draw(st.integers(3, 24))
    angles = sorted(
        draw(
            st.lists(st.floats(0, 2 * math.pi - 1e-3), min_size=count, max_size=count, unique=True)
        )
    )
    radii = draw(st.lists(st.floats(0.001, 0.5), min_size=count, max_size=count))
    lon, lat = draw(st.floats(73, 135)), draw(st.floats(18, 53))
    polygon = shapely.Polygon(
        [(lon + r * math.cos(a), lat + r * math.sin(a)) for a, r in zip(angles, radii, strict=True)]
    )
    return shapely.make_valid(polygon)


@given(star_polygons())
def test_anchor_is_always_inside_the_township(polygon):
    ((lon, lat, metres),) = label_anchors(np.array([polygon]))
    if not np.isnan(lon) and metres >= 1:  # room for a name: the anchor is inside
        assert polygon.contains_properly(shapely.Point(lon, lat))


def test_neighbours_share_a_border_or_nearly():
    boxes = [
        shapely.box(0, 0, 1, 1),
        shapely.box(1, 0, 2, 1),  # shares a border with 0
        shapely.box(0.5, 1.0002, 1.5, 2),  # a 20 m sliver away from 0 and 1: still a neighbour
        shapely.box(5, 5, 6, 6),
        None,
    ]
    assert neighbours(np.array(boxes, dtype=object)) == [[1, 2], [0, 2], [0, 1], [], []]


def test_every_township_chunk_carries_its_members_anchors():
    shapes = np.array([U_SHAPE, shapely.box(121.3, 31.0, 121.4, 31.1)], dtype=object)
    anchors = label_anchors(shapes)
    cells = mapdata.chunk_cells(shapes)
    for _, chunk in mapdata.township_chunks(shapes, cells, anchors):
        assert len(chunk["a"]) == len(chunk["f"])
        for member, (x, y, metres) in zip(chunk["f"], chunk["a"], strict=True):
            assert abs(x * chunk["q"] - anchors[member, 0]) <= chunk["q"]
            assert abs(y * chunk["q"] - anchors[member, 1]) <= chunk["q"]
            assert metres == anchors[member, 2]


# --- in the browser ----------------------------------------------------------------------------
def _demo_without_tiles(root: Path) -> Path:
    """The demo with ``basemap = "none"``; one township without an English name, and one
    English name that looks like markup."""
    project = copy_demo(root)
    config = project / "mapgen.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('basemap = "osm"', 'basemap = "none"'),
        encoding="utf-8",
    )
    layer = project / "layers/townships_gcj02.geojson"
    townships = json.loads(layer.read_text(encoding="utf-8"))
    for feature in townships["features"]:
        if feature["properties"]["name"] == "外冈镇":
            feature["properties"]["name_en"] = ""
        if feature["properties"]["name"] == "安亭镇":
            feature["properties"]["name_en"] = "Anting <b>Town</b>"
    layer.write_text(json.dumps(townships, ensure_ascii=False), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def names() -> dict[str, str]:
    """Chinese name → English name (as in the test site) of every demo township."""
    layer = json.loads(
        (Path(__file__).parent.parent / "layers/townships_gcj02.geojson").read_text("utf-8")
    )
    found = {f["properties"]["name"]: f["properties"]["name_en"] for f in layer["features"]}
    found["安亭镇"] = "Anting <b>Town</b>"
    found["外冈镇"] = ""
    return found


@pytest.fixture(scope="module", params=["small", "large"])
def labelled(request, tmp_path_factory) -> object:
    """The demo without tiles, served; built as a small site and through the large path."""
    root = tmp_path_factory.mktemp(f"labels-{request.param}")
    site = build_at(_demo_without_tiles(root / "project"), root / "site", request.param)
    server = Server(site)
    yield server
    server.close()


def _labels(page, container: str = "#map") -> list[dict]:
    page.wait_for_selector(f"{container}[data-labels]", state="attached", timeout=15000)
    return page.evaluate(LABEL_BOXES)


def _overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    ]


@pytest.mark.browser
def test_home_map_names_townships_without_hovering(web, labelled, names):
    page = web.open(labelled.url)
    labels = _labels(page)
    assert len(labels) >= 5, labels
    assert {label["text"] for label in labels} <= set(names)
    assert not _overlapping(labels)
    # Inside the map, not in anyone's way, and not read twice by screen readers.
    box = page.locator("#map").bounding_box()
    for label in labels:
        assert box["x"] <= label["left"] and label["right"] <= box["x"] + box["width"]
    assert page.evaluate(
        """() => [...document.querySelectorAll('.township-label')].every(n =>
            n.closest('[aria-hidden="true"]') && getComputedStyle(n).pointerEvents === 'none')"""
    )
    assert not web.blocked  # no tiles, nothing from elsewhere


@pytest.mark.browser
def test_zooming_out_shows_fewer_names_and_zooming_in_more(web, labelled):
    page = web.open(labelled.url)
    start = len(_labels(page))
    zoom = page.get_attribute("#map", "data-labels-zoom")
    page.locator(".leaflet-control-zoom-out").click()
    page.wait_for_function(f"() => document.querySelector('#map').dataset.labelsZoom !== '{zoom}'")
    out = _labels(page)
    assert len(out) <= start
    assert not _overlapping(out)
    for _ in range(2):  # one step at a time: a click during a zoom animation is dropped
        zoom = page.get_attribute("#map", "data-labels-zoom")
        page.locator(".leaflet-control-zoom-in").click()
        page.wait_for_function(
            f"() => document.querySelector('#map').dataset.labelsZoom !== '{zoom}'"
        )
    closer = _labels(page)
    assert not _overlapping(closer)
    assert closer  # close up, whatever is in view is named


@pytest.mark.browser
def test_english_map_names_townships_in_english_and_marks_chinese_ones(web, labelled, names):
    page = web.open(labelled.url + "en/")
    labels = {label["text"] for label in _labels(page)}
    english = {n for n in names.values() if n}
    assert labels & english, labels
    assert "Anting <b>Town</b>" in labels  # markup in a name is text, never markup
    assert page.locator(".leaflet-labels-pane b").count() == 0
    assert labels <= english | {"外冈镇 (Chinese)"}
    marked = page.locator(".township-label", has_text="外冈镇")
    if marked.count():  # 外冈镇 has no English name: shown in Chinese, marked, as elsewhere
        assert marked.locator('span[lang="zh-CN"]').inner_text() == "外冈镇"
        assert marked.locator(".fallback").count() == 1


@pytest.mark.browser
def test_station_map_shows_its_township_and_the_neighbours_named(web, labelled, names):
    page = web.open(labelled.url + labelled.page("stations/JD-01.html"))
    labels = {label["text"] for label in _labels(page, "#station-map")}
    own = page.locator(".facts dd a").first.inner_text()
    assert own in labels
    assert labels - {own}, "no neighbour named"
    assert labels <= set(names)
    # The township is drawn highlighted, its neighbours outlined: more than one shape.
    assert page.locator("#station-map path").count() >= 2


@pytest.mark.browser
def test_township_and_coverage_maps_name_townships(web, labelled, names):
    page = web.open(labelled.url + labelled.page("townships/310114106.html"))  # 马陆镇
    labels = {label["text"] for label in _labels(page, "#township-map")}
    assert "马陆镇" in labels and len(labels) >= 2
    page = web.open(labelled.url + "coverage.html")
    drawn = "(JSON.parse(document.getElementById('coverage-data').textContent).townships || {})"
    if page.evaluate(f"() => ({drawn}.features || []).length"):  # small sites draw them here
        labels = _labels(page, "#coverage-map")
        assert labels and {label["text"] for label in labels} <= set(names)
        assert not _overlapping(labels)


@pytest.mark.browser
def test_embed_map_names_townships(web, labelled, names):
    page = web.page
    page.set_viewport_size({"width": 600, "height": 700})  # an <iframe>'s size
    response = page.goto(labelled.url + "embed.html")
    if response.status == 404:  # large sites have no embed page
        return
    page.wait_for_function(READY)
    labels = _labels(page)
    assert labels and {label["text"] for label in labels} <= set(names)


PLACE = """async (candidates) => {
  document.body.innerHTML = '<div id="m" style="width:400px;height:300px"></div>';
  const map = L.map("m", { zoomAnimation: false }).setView([31.3, 121.3], 12);
  mapgen.townshipLabels(() => Promise.resolve(candidates), { fallback: " (Chinese)" }).addTo(map);
  await new Promise(resolve => {
    const wait = () => (map.getContainer().dataset.labels ? resolve() : setTimeout(wait, 10));
    wait();
  });
  return [...document.querySelectorAll(".township-label")].map(n => ({
    text: n.textContent, html: n.innerHTML, hidden: !!n.closest('[aria-hidden="true"]')
  }));
}"""


@pytest.mark.browser
def test_bigger_township_wins_a_place_and_names_that_do_not_fit_stay_off(script_page):
    page = script_page("format.js", "mapgen-core.js")
    leaflet = Path(__file__).parent.parent / "node_modules/leaflet/dist/leaflet.js"
    page.add_script_tag(content=leaflet.read_text(encoding="utf-8"))
    page.add_script_tag(
        content=(Path(mapdata.__file__).parent.parent / "static/map-labels.js").read_text("utf-8")
    )
    centre = {"lon": 121.3, "lat": 31.3}
    placed = page.evaluate(
        PLACE,
        [
            {"name": "乙镇", "zh": False, **centre, "metres": 2000},  # loses to 甲镇 on the spot
            {"name": "甲镇", "zh": False, **centre, "metres": 3000},
            {"name": "丙镇", "zh": False, "lon": 121.25, "lat": 31.27, "metres": 30},  # no room
            # Room for a few characters (a radius of ~37 px), not for ten:
            {
                "name": "很长很长很长的名字镇",
                "zh": False,
                "lon": 121.3,
                "lat": 31.27,
                "metres": 1200,
            },
            {"name": "<img src=x>", "zh": False, "lon": 121.34, "lat": 31.32, "metres": 2000},
            {"name": "丁镇", "zh": True, "lon": 121.26, "lat": 31.33, "metres": 2000},
            {"name": "戊镇", "zh": False, "lon": 122.5, "lat": 31.3, "metres": 9000},  # out of view
        ],
    )
    assert sorted(p["text"] for p in placed) == sorted(["甲镇", "<img src=x>", "丁镇 (Chinese)"])
    assert all(p["hidden"] for p in placed)
    assert page.locator("img").count() == 0
    marked = next(p for p in placed if p["text"].startswith("丁镇"))
    assert 'lang="zh-CN"' in marked["html"] and 'class="fallback"' in marked["html"]
