"""The naive way to make this map today, for comparison with mapgen.

    python bench/baseline_folium.py PROJECT OUTDIR

Reads the same layers as mapgen (paths and column names from PROJECT/mapgen.toml) and writes
OUTDIR/index.html the way a typical folium script does: one ``folium.GeoJson`` with every
township and a tooltip, and a ``MarkerCluster`` holding one ``folium.Marker`` with a
``folium.Popup`` (station name and its services) per station. No optimisation on purpose:
no simplification, no datum handling, everything inlined into one HTML file, folium's default
OpenStreetMap tiles (the benchmark blocks and counts tile requests, so none are fetched).
"""

import sys
import tomllib
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
from folium.plugins import MarkerCluster


def main() -> None:
    project, outdir = Path(sys.argv[1]), Path(sys.argv[2])
    config = tomllib.loads((project / "mapgen.toml").read_text(encoding="utf-8-sig"))
    tcol = config["townships"]["columns"]
    scol = config["stations"]["columns"]
    vcol = config["services"]["columns"]
    ccol = config["categories"]["columns"]

    townships = gpd.read_file(project / config["townships"]["file"])
    stations = pd.read_csv(project / config["stations"]["file"], encoding="utf-8-sig")
    services = pd.read_csv(project / config["services"]["file"], encoding="utf-8-sig")
    categories = pd.read_csv(project / config["categories"]["file"], encoding="utf-8-sig")

    # Which townships have a station?
    covered = set(stations[scol["township"]])
    townships["covered"] = townships[tcol["name"]].isin(covered) | townships[tcol["id"]].isin(
        covered
    )

    # Service names per station.
    services = services.merge(categories, left_on=vcol["category"], right_on=ccol["id"], how="left")
    menu = services.groupby(vcol["station"])[ccol["name"]].apply(list).to_dict()

    minx, miny, maxx, maxy = townships.total_bounds
    m = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=10)
    m.fit_bounds([[miny, minx], [maxy, maxx]])

    folium.GeoJson(
        townships,
        name="街镇",
        style_function=lambda feature: {
            "fillColor": "#2f855a" if feature["properties"]["covered"] else "#c05621",
            "color": "#555555",
            "weight": 1,
            "fillOpacity": 0.4,
        },
        tooltip=folium.GeoJsonTooltip(fields=[tcol["name"], tcol["name_en"]]),
    ).add_to(m)

    cluster = MarkerCluster(name="站点").add_to(m)
    for _, row in stations.iterrows():
        items = "".join(f"<li>{name}</li>" for name in menu.get(row[scol["id"]], []))
        html = f"<b>{row[scol['name']]}</b><br>{row[scol['venue']]}<ul>{items}</ul>"
        folium.Marker(
            location=[row[scol["lat"]], row[scol["lon"]]],
            popup=folium.Popup(html, max_width=300),
        ).add_to(cluster)

    folium.LayerControl().add_to(m)
    outdir.mkdir(parents=True, exist_ok=True)
    m.save(outdir / "index.html")


if __name__ == "__main__":
    main()
