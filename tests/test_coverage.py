"""Coverage and planning of whole projects: hand-built fixtures, the CLI, the audiences."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from pyproj import Transformer

from mapgen import build
from mapgen.coverage_text import target_summary
from mapgen.project import load_project

CONTRACT_KEYS = ["townships", "covered", "coverage", "uncovered", "by_category", "unplaced"]
STEP = 0.02  # degrees: grid townships about 2 km across
WEST, SOUTH = 121.2, 31.3


def cell_code(row: int, col: int) -> str:
    return f"3101{row * 5 + col + 1:05d}"


def cell_centre(row: int, col: int) -> tuple[float, float]:
    return (round(WEST + (col + 0.5) * STEP, 6), round(SOUTH + (row + 0.5) * STEP, 6))


def grid_project(
    root: Path,
    stations: list[dict[str, str]],
    *,
    coverage: str = "",
    township_population: dict[str, int] | None = None,
    extra: str = "",
) -> Path:
    """A 5 x 5 grid of square townships in WGS84 and the given stations."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "layers").mkdir(exist_ok=True)
    features = []
    for row in range(5):
        for col in range(5):
            x0, y0 = round(WEST + col * STEP, 6), round(SOUTH + row * STEP, 6)
            x1, y1 = round(x0 + STEP, 6), round(y0 + STEP, 6)
            code = cell_code(row, col)
            props = {"code": code, "name": f"第{row * 5 + col + 1}镇", "name_en": f"Town {code}"}
            if township_population is not None:
                props["pop"] = str(township_population.get(code, 0))
            features.append(
                {
                    "type": "Feature",
                    "properties": props,
                    "geometry": {
                        "type": "Polygon",
                        "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
                    },
                }
            )
    (root / "layers/townships.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
    )
    header = ["id", "name", "lon", "lat", "tier", "status", "opened"]
    with (root / "layers/stations.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        for station in stations:
            writer.writerow({"tier": "", "status": "", "opened": "", **station})
    population = '\npopulation = "pop"' if township_population is not None else ""
    (root / "mapgen.toml").write_text(
        f"""
[site]
languages = ["zh-CN", "en"]
basemap = "none"
[townships]
file = "layers/townships.geojson"
crs = "wgs84"
[townships.columns]
id = "code"
name = "name"
name_en = "name_en"{population}
[stations]
file = "layers/stations.csv"
crs = "wgs84"
[stations.columns]
id = "id"
name = "name"
lon = "lon"
lat = "lat"
tier = "tier"
status = "status"
opened = "opened"
{extra}
[coverage]
{coverage}
""",
        encoding="utf-8",
    )
    return root


def station(ident: str, row: int, col: int, **fields: str) -> dict[str, str]:
    lon, lat = cell_centre(row, col)
    return {"id": ident, "name": f"站{ident}", "lon": str(lon), "lat": str(lat), **fields}


def cells(n: int) -> list[tuple[int, int]]:
    return [(i // 5, i % 5) for i in range(n)]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mapgen", *args],
        cwd=cwd,
        text=True,
        capture_output=True,
        timeout=120,
        check=False,
    )


# ------------------------------------------------------------------------ targets


def test_22_of_25_is_88_percent_and_needs_3_more(tmp_path: Path):
    stations = [station(f"S{i:02d}", r, c, opened="2024") for i, (r, c) in enumerate(cells(22))]
    project = load_project(
        grid_project(
            tmp_path / "p",
            stations,
            coverage="""
target = 0.88
target_date = "2026-12-31"
""",
        )
    )
    targets = project.coverage.plan.targets
    assert (targets["covered"], targets["townships"], targets["coverage"]) == (22, 25, 0.88)
    assert targets["needed_for_target"] == 0
    assert targets["needed_for_full"] == 3
    assert targets["met"] is True
    assert target_summary(targets) == "22 of 25 → 88%; need 3 more for 100%"
    assert target_summary(targets, "zh-CN") == "25 个中的 22 个 → 88%；达到 100% 还需 3 个"
    result = run("coverage", cwd=tmp_path / "p")
    assert "25 个中的 22 个 → 88%；达到 100% 还需 3 个" in result.stdout  # zh-CN first


def test_short_of_a_target_says_how_many_more(tmp_path: Path):
    stations = [station(f"S{i:02d}", r, c) for i, (r, c) in enumerate(cells(20))]
    stations += [
        station("P1", 4, 0, status="planned", opened="2026-06"),
        station("P2", 4, 1, status="规划", opened="2027"),
    ]
    project = load_project(
        grid_project(
            tmp_path / "p",
            stations,
            coverage="""
target = 0.88
target_date = "2026-12-31"
""",
        )
    )
    targets = project.coverage.plan.targets
    assert targets["target_townships"] == 22
    assert targets["needed_for_target"] == 2
    assert targets["covered_when_planned"] == 22
    assert targets["needed_for_target_when_planned"] == 0
    assert targets["needed_for_full_when_planned"] == 3
    # Only P1 opens by the target date: 21 of 25, short of 22.
    assert targets["covered_by_target_date"] == 21
    assert targets["on_track"] is False
    assert target_summary(targets) == (
        "20 of 25 → 80%; need 2 more for the 88% target (by 2026-12-31), 5 more for 100%"
    )


# --------------------------------------------------------------- ties, tiers, plans


def test_station_on_a_shared_border_counts_once_for_the_lower_code(tmp_path: Path):
    border_lon = round(WEST + STEP, 6)  # between column 0 and column 1 of row 0
    lat = cell_centre(0, 0)[1]
    stations = [{"id": "B1", "name": "边界站", "lon": str(border_lon), "lat": str(lat)}]
    project = load_project(grid_project(tmp_path / "p", stations))
    plan = project.coverage.plan
    table = plan.table.set_index("id")
    assert project.coverage.covered == 1
    assert table.at[cell_code(0, 0), "open"] == 1
    assert table.at[cell_code(0, 1), "open"] == 0
    assert bool(table.at[cell_code(0, 0), "covered"])
    assert not bool(table.at[cell_code(0, 1), "covered"])
    assert table.at[cell_code(0, 1), "distance_km"] is not None


def test_tiers_that_do_not_count_and_planned_stations(tmp_path: Path):
    stations = [
        station("C1", 0, 0, tier="区中心", opened="2023-05"),
        station("T1", 0, 1, tier="街镇站", opened="2023-09"),
        station("T2", 0, 2, tier="街镇站", opened="2024-09-20"),
        station("R1", 0, 3, tier="社区室", opened="2024"),  # open, but its tier does not count
        station("T3", 0, 4, tier="街镇站", status="planned", opened="2025-06"),
        station("T4", 1, 0, tier="街镇站", status="筹建"),  # planned, no date yet
    ]
    project = load_project(
        grid_project(
            tmp_path / "p",
            stations,
            coverage="""
tiers = ["区中心", "街镇站"]
""",
        )
    )
    coverage, plan = project.coverage, project.coverage.plan
    assert coverage.covered == 3
    assert plan.tiers == {
        "区中心": {"open": 1, "planned": 0, "townships": 1},
        "街镇站": {"open": 2, "planned": 2, "townships": 2},
        "社区室": {"open": 1, "planned": 0, "townships": 1},
    }
    assert plan.stations == {"open": 3, "planned": 2, "planned_undated": 1}
    table = plan.table.set_index("id")
    assert not bool(table.at[cell_code(0, 3), "covered"])
    assert table.at[cell_code(0, 4), "planned_date"] == "2025-06"
    assert bool(table.at[cell_code(0, 4), "covered_when_planned"])
    assert bool(table.at[cell_code(1, 0), "covered_when_planned"])
    assert plan.targets["covered_when_planned"] == 5
    assert plan.by_year == [
        {"year": 2023, "opened": 2, "planned": 0, "covered": 2, "covered_with_planned": 2},
        {"year": 2024, "opened": 1, "planned": 0, "covered": 3, "covered_with_planned": 3},
        {"year": 2025, "opened": 0, "planned": 1, "covered": 3, "covered_with_planned": 4},
    ]
    data = json.loads(run("coverage", "--format", "json", cwd=tmp_path / "p").stdout)
    assert data["tiers"]["counting"] == ["区中心", "街镇站"]
    row = next(r for r in data["by_township"] if r["id"] == cell_code(0, 3))
    assert row["tiers"] == {"区中心": 0, "街镇站": 0, "社区室": 1}
    assert row["covered"] is False


# --------------------------------------------------------------------- distances


def test_distances_match_an_independent_utm_computation(tmp_path: Path):
    stations = [station("A", 0, 0), station("B", 4, 4), station("C", 2, 1)]
    project = load_project(
        grid_project(
            tmp_path / "p",
            stations,
            coverage="""
max_distance_km = 4.0
""",
        )
    )
    plan = project.coverage.plan
    utm = Transformer.from_crs("EPSG:4326", "EPSG:32651", always_xy=True)
    sx, sy = utm.transform([float(s["lon"]) for s in stations], [float(s["lat"]) for s in stations])
    for row in plan.table.to_dict("records"):
        # The squares are convex and symmetric: the point inside is the centre.
        code = int(row["id"][4:]) - 1
        x, y = utm.transform(*cell_centre(code // 5, code % 5))
        metres = np.hypot(np.asarray(sx) - x, np.asarray(sy) - y)
        assert row["distance_km"] == pytest.approx(metres.min() / 1000, rel=2e-3, abs=0.011)
        assert row["nearest_station"] == ["A", "B", "C"][int(np.argmin(metres))]
        assert row["far"] == (metres.min() > 4000)
    assert plan.far  # the grid corners are more than 4 km from every station


def test_covered_township_can_still_be_far(tmp_path: Path):
    # One station in the corner of a big township: covered, but its centre is far away.
    project = grid_project(tmp_path / "p", [], coverage="max_distance_km = 1.0")
    stations = [
        {"id": "X", "name": "角落站", "lon": str(WEST + 0.0005), "lat": str(SOUTH + 0.0005)}
    ]
    with (project / "layers/stations.csv").open("a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, ["id", "name", "lon", "lat", "tier", "status", "opened"]).writerow(
            {"tier": "", "status": "", "opened": "", **stations[0]}
        )
    plan = load_project(project).coverage.plan
    row = plan.table.set_index("id").loc[cell_code(0, 0)]
    assert bool(row["covered"])
    assert bool(row["far"])
    assert row["distance_km"] == pytest.approx(1.35, abs=0.05)


# ------------------------------------------------------------------------ next sites


def test_suggestions_reach_the_most_unserved_townships(tmp_path: Path):
    # Stations cover the left three columns; the two right columns are uncovered. With
    # candidates on the border of columns 3 and 4, one site reaches both neighbours.
    stations = [station(f"S{r}{c}", r, c) for r in range(5) for c in range(3)]
    candidates = tmp_path / "p/layers/candidates.csv"
    project = grid_project(
        tmp_path / "p",
        stations,
        coverage="""
max_distance_km = 2.5
suggestions = 2
""",
        extra="""
[candidates]
file = "layers/candidates.csv"
crs = "wgs84"
[candidates.columns]
id = "id"
name = "name"
lon = "lon"
lat = "lat"
""",
    )
    edge = round(WEST + 4 * STEP + 0.0001, 6)  # just inside column 4
    rows = ["id,name,lon,lat"]
    rows += [f"K{r},候选{r},{edge},{cell_centre(r, 3)[1]}" for r in range(5)]
    rows += [f"M{r},中心{r},{cell_centre(r, 3)[0]},{cell_centre(r, 3)[1]}" for r in range(5)]
    candidates.write_text("\n".join(rows) + "\n", encoding="utf-8")
    plan = load_project(project).coverage.plan
    s = plan.suggestions
    assert s["method"] == "exact"
    assert s["candidates"] == "layer"
    assert s["unserved_townships"] == 10
    # A K site (on the column 3/4 border) reaches both townships of its row (~0.95 km) and
    # of the rows above and below (~2.42 km): two of them reach all 10. An M site (centre of
    # column 3) misses the diagonals (2.9 km), so it reaches at most 4.
    reached = {t for site in s["sites"] for t in site["reaches"]}
    assert len(reached) == 10
    assert [site["id"] for site in s["sites"]] == ["K3", "K0"]  # first optimum, by gain
    assert [len(site["reaches"]) for site in s["sites"]] == [6, 4]
    assert s["covered_after"] == 15 + 2


def test_no_suggestions_when_everything_is_served(tmp_path: Path):
    stations = [station(f"S{r}{c}", r, c) for r in range(5) for c in range(5)]
    plan = load_project(grid_project(tmp_path / "p", stations)).coverage.plan
    assert plan.suggestions["sites"] == []
    assert plan.suggestions["covered_after"] == 25


# ------------------------------------------------------------------------ the demo


def test_demo_json_keeps_the_contract_and_adds_planning(demo: Path):
    result = run("coverage", "--format", "json", cwd=demo)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data)[:6] == CONTRACT_KEYS
    assert (data["townships"], data["covered"], data["coverage"]) == (12, 6, 0.5)
    for key in ("targets", "distances", "by_township", "by_year", "suggestions"):
        assert key in data
    assert "tiers" not in data  # the demo does not publish the station field tier
    assert data["audience"] == "public"
    assert data["targets"]["needed_for_target"] == 5  # 88% of 12 is 11 townships
    assert [y["covered"] for y in data["by_year"]] == [2, 6]  # first batch 2023, second 2024
    assert data["suggestions"]["method"] == "exact"
    assert len(data["suggestions"]["sites"]) == 3
    assert "population" not in data


def test_demo_csv_keeps_its_first_columns(demo: Path):
    text = run("coverage", "--format", "csv", cwd=demo).stdout
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:7] == [
        "id",
        "name",
        "name_en",
        "stations",
        "covered",
        "referral",
        "counselling",
    ]
    assert {"open", "planned", "distance_km", "far"} <= set(rows[0])
    assert "population" not in rows[0]


def test_demo_table_reads_well(demo: Path):
    from mapgen.coverage_text import coverage_report
    from mapgen.project import load_project
    from mapgen.public import public_coverage

    result = run("coverage", cwd=demo)
    assert result.returncode == 0
    # In the report's language: the demo's first language is Chinese.
    out = result.stdout
    assert out.startswith("覆盖：12 个街镇中的 6 个（50%）\n")
    assert "达到 88% 的目标（2026-12-31 前）还需 5 个，达到 100% 还需 6 个" in out
    assert "下一批 3 个选址（精确最优解" in out
    project = load_project(demo)
    out = coverage_report(public_coverage(project), project.categories, "en")
    assert out.startswith("Coverage: 6 of 12 townships (50%)\n")
    assert "need 5 more for the 88% target (by 2026-12-31), 6 more for 100%" in out
    assert "Next 3 sites (exact optimum" in out
    assert "安亭镇" in out.split("Next 3 sites")[1]


# ------------------------------------------------------------------------ privacy

SECRET_PEOPLE = [7319283, 6204157, 5830461]  # 7 digits: no coordinate holds such a run
SECRET_POINTS = [4718923, 3902746]
SECRET_TEXT = "保密小区甲"


def private_project(root: Path, *, points: bool = True) -> Path:
    """Private population twice over: a township column and (optionally) a point layer."""
    population = {
        cell_code(0, 0): SECRET_PEOPLE[0],
        cell_code(2, 2): SECRET_PEOPLE[1],
        cell_code(4, 4): SECRET_PEOPLE[2],
    }
    project = grid_project(
        root,
        [station("S1", 0, 0), station("S2", 2, 2)],
        township_population=population,
        extra=""
        if not points
        else """
[population]
file = "layers/people.csv"
crs = "wgs84"
[population.columns]
count = "人口"
lon = "lon"
lat = "lat"
""",
    )
    lon1, lat1 = cell_centre(1, 3)
    lon2, lat2 = cell_centre(3, 1)
    (project / "layers/people.csv").write_text(
        f"小区,人口,lon,lat\n{SECRET_TEXT},{SECRET_POINTS[0]},{lon1},{lat1}\n"
        f"乙,{SECRET_POINTS[1]},{lon2},{lat2}\n",
        encoding="utf-8",
    )
    return project


def secrets_in(folder: Path) -> set[str]:
    needles = {str(v) for v in SECRET_PEOPLE + SECRET_POINTS} | {
        f"{v:,}" for v in SECRET_PEOPLE + SECRET_POINTS
    }
    needles.add(SECRET_TEXT)
    found = set()
    for path in folder.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            found |= {n for n in needles if n.encode("utf-8") in content}
    return found


@pytest.mark.parametrize("points", [True, False], ids=["point-layer", "township-column"])
def test_public_build_contains_no_private_value(tmp_path: Path, points: bool):
    project = private_project(tmp_path / "p", points=points)
    public = build(project, tmp_path / "public").out
    assert (public / "coverage.html").is_file()
    assert secrets_in(public) == set()
    # The planner build does carry them, so the search above can find what it looks for.
    # (With a point layer, people per township come from the points, not the column.)
    planner = build(project, audience="planner").out
    assert planner.name == "site-planner"
    found = secrets_in(planner)
    assert (str(SECRET_POINTS[0]) if points else str(SECRET_PEOPLE[0])) in found
    assert SECRET_TEXT not in found  # an unmapped column is never read at all
    page = (planner / "coverage.html").read_text(encoding="utf-8")
    assert 'name="robots" content="noindex, nofollow"' in page


def test_public_cli_output_contains_no_private_value(tmp_path: Path):
    project = private_project(tmp_path / "p")
    for fmt in ("table", "csv", "json"):
        out = run("coverage", "--format", fmt, cwd=project).stdout
        assert not any(str(v) in out or f"{v:,}" in out for v in SECRET_PEOPLE + SECRET_POINTS), fmt
    planner = json.loads(
        run("coverage", "--format", "json", "--audience", "planner", cwd=project).stdout
    )
    assert planner["audience"] == "planner"
    assert planner["distances"]["from"] == "population_weighted"
    rows = {r["id"]: r for r in planner["by_township"]}
    assert rows[cell_code(1, 3)]["population"] == SECRET_POINTS[0]
    assert rows[cell_code(1, 3)]["access_per_10k"] is not None
    assert planner["suggestions"]["objective"] == "people"
