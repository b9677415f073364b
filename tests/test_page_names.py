"""Page file names: one per station and township, on Linux, Windows and macOS alike."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapgen import build, pagenames
from mapgen.errors import BuildError
from mapgen.pagenames import RESERVED, is_portable, page_names, slug

CLEAN = Path(__file__).resolve().parent / "data" / "inputs" / "clean"
PORTABLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def assert_portable(name: str) -> None:
    assert PORTABLE.match(name), name
    assert not name.endswith((".", " ")), name
    assert name.split(".", 1)[0].casefold() not in RESERVED, name
    assert len(name) <= 81, name


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(min_size=1, max_size=12),
            st.sampled_from(["CON", "con", "Nul.txt", "aux", "COM1", "lpt9.x", "a/b", "a_b"]),
            st.from_regex(r"[A-Za-z]{1,3}-0[0-9]\.?", fullmatch=True),
            st.from_regex(r"id-[0-9a-fA-F]{10}", fullmatch=True),
        ),
        unique=True,
        max_size=30,
    )
)
def test_distinct_ids_get_distinct_portable_file_names(ids: list[str]):
    pages = page_names(ids)
    assert pages.collisions == []
    assert set(pages.names) == set(ids)
    folded = [name.casefold() for name in pages.names.values()]
    assert len(set(folded)) == len(ids)
    for name in pages.names.values():
        assert_portable(name)


@pytest.mark.parametrize("identifier", ["JD-01", "310114101", "st_7", "A.1", "ST-01"])
def test_ordinary_ids_keep_their_permalinks(identifier: str):
    assert slug(identifier) == identifier
    assert page_names([identifier, "other"]).names[identifier] == identifier


@pytest.mark.parametrize(
    "identifier", ["CON", "nul", "Aux.html", "com7", "LPT1.txt", "a/b", "../x", "x.", "站点1"]
)
def test_reserved_and_unsafe_ids_are_named_by_digest(identifier: str):
    assert not is_portable(identifier)
    assert re.fullmatch(r"id-[0-9a-f]{10}", slug(identifier))


def test_ids_differing_only_in_case_both_get_digests():
    names = page_names(["JD-01", "jd-01", "JD-02"]).names
    assert names["JD-02"] == "JD-02"
    assert names["JD-01"] != names["jd-01"]
    assert names["JD-01"].casefold() != names["jd-01"].casefold()
    assert all(n.startswith("id-") for k, n in names.items() if k != "JD-02")


def project_with_ids(tmp_path: Path, ids: list[str]) -> Path:
    project = tmp_path / "project"
    shutil.copytree(CLEAN, project)
    stations = list(csv.reader(io.StringIO((project / "stations.csv").read_text("utf-8-sig"))))
    services = list(csv.reader(io.StringIO((project / "services.csv").read_text("utf-8-sig"))))
    renamed = {}
    for row, new in zip(stations[1:], ids, strict=False):
        renamed[row[0]] = new
        row[0] = new
    for row in services[1:]:
        row[0] = renamed.get(row[0], row[0])
    for name, rows in (("stations.csv", stations), ("services.csv", services)):
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        (project / name).write_text(out.getvalue(), encoding="utf-8-sig")
    return project


def test_hostile_ids_each_get_their_own_page(tmp_path: Path):
    ids = ["a/b", "a_b", "CON", "jd-01", "JD-01", "nul.txt"]
    project = project_with_ids(tmp_path, ids)
    result = build(project, tmp_path / "site")
    pages = [p.name for p in (result.out / "stations").iterdir()]
    assert len(pages) == len(ids)
    assert len({p.casefold() for p in pages}) == len(ids)
    for page in pages:
        assert_portable(page.removesuffix(".html"))
    # The home page's list links "stations/<slug>.html" from the map data's station rows.
    index = (result.out / "index.html").read_text(encoding="utf-8")
    manifest = json.loads(re.search(r'id="mapgen-data">(.*?)</script>', index, re.S)[1])
    slugs = {
        row[1]
        for path, chunk in manifest["files"].items()
        if path.startswith("zh-CN/s/")
        for row in chunk["rows"]
    }
    assert slugs == {page.removesuffix(".html") for page in pages}
    case = [p for p in result.problems if p.code == "page-name-case"]
    assert len(case) == 1 and case[0].value == "JD-01" and case[0].row == 6


def test_an_unavoidable_page_name_collision_is_an_error_naming_both_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(pagenames, "_digest_name", lambda identifier: "id-0000000000")
    project = project_with_ids(tmp_path, ["a/b", "c/d"])
    with pytest.raises(BuildError) as caught:
        build(project, tmp_path / "site")
    [problem] = [p for p in caught.value.problems if p.code == "page-name-collision"]
    assert (problem.row, problem.value) == (3, "c/d")
    assert "'a/b' (row 2)" in problem.message
    assert not (tmp_path / "site").exists()
