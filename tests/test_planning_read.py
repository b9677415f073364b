"""Planning layers are read in the read stage through the same readers and checks as
stations, with one count parser shared by sensitive counts and population."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mapgen.counts import parse_count, parse_whole_count
from mapgen.messages import render
from mapgen.problems import Severity
from mapgen.project import load_project
from tests.test_inputs import INPUTS

POPULATION = (
    "经度,纬度,常住人口\n"
    "121°13′12″,31°18′54″,1.2万\n"  # DMS, in 南翔镇
    '31.315000,121.260000,"3,000"\n'  # swapped, in 江桥镇
    '121.300000,31.315000,"12,345人"\n'
    "121.300000,31.345000,约300\n"  # not a count
    "待定,,500\n"  # not placed
)
CANDIDATES = '编号,名称,坐标\nC-1,社区中心,"121.22,31.345"\nC-2,,\n'


def project(tmp_path: Path) -> Path:
    folder = tmp_path / "planning"
    shutil.copytree(INPUTS / "clean", folder)
    (folder / "population.csv").write_text(POPULATION, encoding="utf-8")
    (folder / "candidates.csv").write_text(CANDIDATES, encoding="utf-8")
    config = folder / "mapgen.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\n[population]\nfile = "population.csv"\n'
        + '[population.columns]\ncount = "常住人口"\nlon = "经度"\nlat = "纬度"\n'
        + '\n[candidates]\nfile = "candidates.csv"\n'
        + '[candidates.columns]\nid = "编号"\nname = "名称"\nlonlat = "坐标"\n',
        encoding="utf-8",
    )
    return folder


def test_planning_layers_are_read_in_the_read_stage_like_stations(tmp_path: Path):
    loaded = load_project(project(tmp_path), audience="planner")
    population = loaded.population
    assert population is not None
    assert population["value"].tolist() == [12000.0, 3000.0, 12345.0]
    assert population["lon"].round(4).tolist() == [121.22, 121.26, 121.3]
    found = {(p.file, p.code, p.row) for p in loaded.problems}
    assert ("population.csv", "coordinates-swapped", 3) in found
    assert ("population.csv", "population-count-invalid", 5) in found
    assert ("population.csv", "point-not-placed", 6) in found
    not_placed = next(p for p in loaded.problems if p.code == "point-not-placed" and p.row == 6)
    assert not_placed.message == "population point not used: coordinates are '待定'"
    assert render(not_placed, "zh-CN")[0].startswith("population 点未使用")
    candidates = loaded.candidates
    assert candidates is not None and candidates["id"].tolist() == ["C-1"]
    assert ("candidates.csv", "point-not-placed", 3) in found
    assert loaded.coverage is not None and loaded.coverage.plan is not None
    assert loaded.coverage.plan.population == 27345


def test_the_public_audience_never_reads_population(tmp_path: Path):
    loaded = load_project(project(tmp_path))
    assert loaded.population is None
    assert not any(p.file == "population.csv" for p in loaded.problems)
    assert loaded.candidates is not None


@pytest.mark.parametrize(
    ("text", "count", "whole"),
    [
        ("1.2万", 12000.0, 12000.0),
        ("3,000", 3000.0, 3000.0),
        ("12,345人", 12345.0, 12345.0),
        ("１２", 12.0, 12.0),
        ("12，345", 12345.0, 12345.0),
        ("2.5", 2.5, None),
        ("", None, None),
        ("-5", None, None),
        ("约300", None, None),
    ],
)
def test_one_count_parser_for_sensitive_counts_and_population(text, count, whole):
    assert parse_count(text) == count
    assert parse_whole_count(text) == whole


def test_sensitive_counts_accept_wan(tmp_path: Path):
    from mapgen.public import sensitive_totals

    folder = tmp_path / "sensitive"
    shutil.copytree(INPUTS / "sensitive", folder)
    loaded = load_project(folder)
    assert not [p for p in loaded.problems if p.severity is Severity.ERROR]
    assert sensitive_totals(loaded)  # still read with the shared parser
