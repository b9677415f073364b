"""Overlaps and gaps between townships: the search itself never raises."""

from __future__ import annotations

import geopandas as gpd
import shapely

from mapgen.topology import check_coverage


def test_nearly_coincident_edges_do_not_break_the_gap_search():
    # Found by the property test: these two repaired shapes share edges so nearly that
    # GEOS's overlay raised "side location conflict" in the search for gaps at the edge.
    first = shapely.Polygon(
        [(121.1875, 31.25), (121.25, 31.25), (121.25, 31.34375), (121.1, 31.5),
         (121.23760976053374, 31.5)]
    )  # fmt: skip
    second = shapely.Polygon(
        [(121.25, 31.25), (121.25, 31.25), (121.25, 31.34375),
         (121.11862284013797, 31.4963870868993), (121.125, 31.375), (121.28125, 31.37109375)]
    )  # fmt: skip
    townships = gpd.GeoDataFrame(
        {"id": ["310114101", "310114102"], "name": ["南翔镇", "江桥镇"]},
        geometry=[shapely.make_valid(first), shapely.make_valid(second)],
        crs="EPSG:4326",
    )
    problems = check_coverage(townships, "townships.geojson")
    assert {p.code for p in problems} == {"township-overlap", "township-gap"}
    assert all(p.file == "townships.geojson" for p in problems)


def test_shapes_that_defeat_the_overlay_are_checked_on_a_grid_or_reported():
    # Also found by the property test: "unable to assign free hole to a shell", then
    # "mixed-dimension" input when the shapes were repaired one by one.
    first = shapely.Polygon(
        [(121.1875, 31.25), (121.25, 31.3125), (121.1, 31.5), (121.23760976053374, 31.5)]
    )
    second = shapely.Polygon(
        [(121.1875, 31.25), (121.25, 31.3125), (121.11862284013797, 31.4963870868993),
         (121.296875, 31.25)]
    )  # fmt: skip
    townships = gpd.GeoDataFrame(
        {"id": ["310114101", "310114102"], "name": ["南翔镇", "江桥镇"]},
        geometry=[shapely.make_valid(first), shapely.make_valid(second)],
        crs="EPSG:4326",
    )
    problems = check_coverage(townships, "townships.geojson")
    assert problems and {p.code for p in problems} <= {
        "township-overlap",
        "township-gap",
        "township-topology-unchecked",
    }
