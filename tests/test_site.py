"""Building the demo site: files, determinism, atomic replacement, escaping."""

from __future__ import annotations

import hashlib
import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapgen import BuildError, build
from mapgen.render import SiteFile
from mapgen.site import foreign_files, read_manifest, recover, write_site

from .conftest import copy_demo


def digest_tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_demo_site_has_every_page_and_download(demo_site: Path):
    expected = [
        "index.html",
        "en/index.html",
        "stations/JD-01.html",
        "en/stations/JD-06.html",
        "townships/310114001.html",
        "en/townships/310114002.html",
        "data/stations.geojson",
        "data/townships.geojson",
        "data/services.csv",
        "data/coverage.csv",
        "data/coverage.json",
        "assets/vendor/leaflet/leaflet.js",
        "assets/home.js",
    ]
    for path in expected:
        assert (demo_site / path).is_file(), path
    assert len(list((demo_site / "stations").glob("*.html"))) == 6
    assert len(list((demo_site / "townships").glob("*.html"))) == 12


def test_index_says_coverage_and_that_demo_data_is_approximate(demo_site: Path):
    html = (demo_site / "index.html").read_text(encoding="utf-8")
    assert "6 / 12 个街镇已覆盖 · 50%" in html
    assert "街镇边界为近似范围" in html
    english = (demo_site / "en/index.html").read_text(encoding="utf-8")
    assert "6 of 12 townships covered · 50%" in english
    assert "boundaries are approximate" in english


def test_downloads_hold_the_joined_data(demo_site: Path):
    stations = json.loads((demo_site / "data/stations.geojson").read_text(encoding="utf-8"))
    assert len(stations["features"]) == 6
    jiangqiao = next(f for f in stations["features"] if f["properties"]["id"] == "JD-03")
    assert jiangqiao["properties"]["township_id"] == "310114118"
    assert "counselling" in jiangqiao["properties"]["services"]
    coverage = json.loads((demo_site / "data/coverage.json").read_text(encoding="utf-8"))
    assert (coverage["covered"], coverage["townships"]) == (6, 12)


def test_no_cdn_or_remote_script_in_any_page(demo_site: Path):
    for page in demo_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for src in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html):
            assert not src.startswith(("http:", "https:", "//")), (page, src)
        assert "<script>" not in html, f"inline script in {page}"


def test_same_inputs_give_identical_bytes(tmp_path: Path):
    project = copy_demo(tmp_path / "p")
    first = digest_tree(build(project, tmp_path / "one").out)
    second = digest_tree(build(project, tmp_path / "two").out)
    assert first == second
    assert len(first) > 50


def test_a_failed_write_leaves_the_previous_site_untouched(tmp_path: Path):
    project = copy_demo(tmp_path / "p")
    out = build(project).out
    before = digest_tree(out)

    def files_then_failure():
        yield SiteFile("index.html", b"half-written")
        yield SiteFile("stations/x.html", b"more")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_site(files_then_failure(), out)
    assert digest_tree(out) == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".site.")]


def test_input_errors_write_nothing_and_keep_the_old_site(tmp_path: Path):
    project = copy_demo(tmp_path / "p")
    out = build(project).out
    before = digest_tree(out)
    stations = project / "layers/stations_gcj02.csv"
    text = stations.read_text(encoding="utf-8-sig").replace("JD-02,", "JD-01,", 1)
    stations.write_text(text, encoding="utf-8-sig")
    with pytest.raises(BuildError) as caught:
        build(project)
    assert any(p.code == "id-duplicate" and p.row == 3 for p in caught.value.problems)
    assert digest_tree(out) == before


def test_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path: Path):
    from mapgen.errors import MapgenError

    project = copy_demo(tmp_path / "p")
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.docx").write_bytes(b"years of work")
    with pytest.raises(MapgenError, match=r"is not a site mapgen wrote.*thesis\.docx"):
        build(project, precious)
    assert (precious / "thesis.docx").read_bytes() == b"years of work"
    with pytest.raises(MapgenError, match="one of the project's inputs"):
        build(project, project)


def test_station_name_with_markup_is_inert(tmp_path: Path):
    project = copy_demo(tmp_path / "p")
    stations = project / "layers/stations_gcj02.csv"
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    text = stations.read_text(encoding="utf-8-sig").replace(
        "江桥镇精神健康社工站", payload.replace('"', '""').join('""'), 1
    )
    stations.write_text(text, encoding="utf-8-sig")
    out = build(project).out
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html
        assert "<img src=x" not in html
    station = (out / "stations/JD-03.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in station
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in index


def test_without_javascript_the_home_page_links_every_township(demo_site: Path):
    index = (demo_site / "index.html").read_text(encoding="utf-8")
    noscript = index.split("<noscript>")[1].split("</noscript>")[0]
    assert len(re.findall(r'href="townships/[^"]+\.html"', noscript)) == 12


# ------------------------------------------------- crash-safe swap (issue 13, item 7)

# Runs a build in a child process with one step of the swap replaced, so that the child
# dies (os._exit, no clean-up) exactly there, or is slowed so it can be killed or raced.
CHILD = """
import os, sys, time
from pathlib import Path
import mapgen.site as site

project, moment, flag = sys.argv[1], sys.argv[2], Path(sys.argv[3])
if moment == "between-renames":
    site._exchange = lambda first, second: False  # the two-rename fallback
    real_rename, calls = site._rename, []
    def rename(source, target):
        calls.append(source)
        if len(calls) == 2:  # out -> .site.old-*, then die before staging -> out
            os._exit(9)
        real_rename(source, target)
    site._rename = rename
elif moment == "after-exchange":
    real_exchange = site._exchange
    def exchange(first, second):
        assert real_exchange(first, second)
        os._exit(9)  # before the old site, now in .site.building-*, is removed
    site._exchange = exchange
else:  # "writing": pause after some files; the test kills the child or races it
    def logged(name, real):
        def step(*args):
            with open(flag.with_name("steps"), "a") as log:
                log.write(name + "\\n")
            return real(*args)
        return step
    site.recover = logged("recover", site.recover)  # the first step under the lock
    site._swap = logged("swap", site._swap)  # the last
    real_render = site.render_site
    def render(loaded):
        for number, file in enumerate(real_render(loaded)):
            if number == 20:
                flag.write_text("writing")
                time.sleep(60 if moment == "writing" else 3)
            yield file
    site.render_site = render
site.build(project)
"""


def run_child(project: Path, moment: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(project), moment, str(project / "flag")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site."))


def changed_demo(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A demo project with a built site, then an input edit so the next site differs."""
    project = copy_demo(tmp_path / "p")
    out = build(project).out
    config = project / "mapgen.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('subtitle = "2024', 'subtitle = "2025'),
        encoding="utf-8",
    )
    return project, out, digest_tree(out)


def assert_whole_site(out: Path) -> None:
    manifest = read_manifest(out)
    assert manifest is not None and isinstance(manifest["files"], list)
    assert foreign_files(out, manifest) == []
    assert len(manifest["files"]) > 50
    assert all((out / f["path"]).is_file() for f in manifest["files"])


def test_crash_between_the_two_renames_is_recovered_by_the_next_build(tmp_path: Path):
    project, out, before = changed_demo(tmp_path)
    child = run_child(project, "between-renames")
    assert child.wait(timeout=120) == 9
    assert not out.exists()  # the moment the issue describes: the old site stranded
    assert [name.split("-")[0] for name in leftovers(project)] == [".site.building", ".site.old"]
    recover(out)
    assert digest_tree(out) == before
    assert leftovers(project) == []
    build(project)
    assert_whole_site(out)
    assert digest_tree(out) != before


def test_crash_right_after_the_exchange_leaves_the_new_site_and_no_leftovers(tmp_path: Path):
    project, out, before = changed_demo(tmp_path)
    child = run_child(project, "after-exchange")
    assert child.wait(timeout=120) == 9
    assert_whole_site(out)
    assert digest_tree(out) != before
    assert [name.split("-")[0] for name in leftovers(project)] == [".site.building"]
    build(project)
    assert_whole_site(out)
    assert leftovers(project) == []


def test_build_killed_while_writing_keeps_the_old_site_and_the_next_build_cleans_up(
    tmp_path: Path,
):
    project, out, before = changed_demo(tmp_path)
    child = run_child(project, "writing")
    try:
        for _ in range(1200):
            if (project / "flag").exists() or child.poll() is not None:
                break
            time.sleep(0.05)
        assert (project / "flag").exists()
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert digest_tree(out) == before
    assert [name.split("-")[0] for name in leftovers(project)] == [".site.building"]
    mine = project / ".site.building-mine"  # not mapgen's: never touched
    mine.mkdir()
    (mine / "notes.txt").write_text("mine", encoding="utf-8")
    build(project)
    assert_whole_site(out)
    assert leftovers(project) == [".site.building-mine"]
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_two_builds_at_once_both_finish_one_after_the_other(tmp_path: Path):
    project, out, _ = changed_demo(tmp_path)
    children = [run_child(project, "slow"), run_child(project, "slow")]
    for child in children:
        assert child.wait(timeout=180) == 0
    steps = (project / "steps").read_text(encoding="utf-8").split()
    assert steps == ["recover", "swap", "recover", "swap"]  # never interleaved
    assert_whole_site(out)
    assert leftovers(project) == []


def test_a_page_edited_by_hand_keeping_its_size_is_still_refused(tmp_path: Path):
    from mapgen.errors import OutputError

    project = copy_demo(tmp_path / "p")
    out = build(project).out
    page = out / "stations/JD-01.html"
    content = bytearray(page.read_bytes())
    content[-2] = ord("!") if content[-2] != ord("!") else ord("?")
    page.write_bytes(bytes(content))
    with pytest.raises(OutputError, match=r"stations/JD-01\.html \(changed\)"):
        build(project)
    assert page.read_bytes() == bytes(content)


NAME = st.text(alphabet="abcXYZ019._-", min_size=1, max_size=6).filter(
    lambda n: n not in (".", "..") and not n.startswith(".")
)
RELATIVE = st.lists(NAME, min_size=1, max_size=3).map("/".join)


@settings(max_examples=40, deadline=None)
@given(ours=st.sets(RELATIVE, min_size=1, max_size=6), added=st.sets(RELATIVE, max_size=4))
def test_every_added_file_is_named_and_nothing_else(
    tmp_path_factory: pytest.TempPathFactory, ours: set[str], added: set[str]
):
    def clashes(path: str, others: set[str]) -> bool:
        return any(
            o == path or o.startswith(path + "/") or path.startswith(o + "/") for o in others
        )

    ours = {p for p in ours if not clashes(p, ours - {p})}
    added = {p for p in added if not clashes(p, ours | (added - {p}))}
    out = tmp_path_factory.mktemp("prop") / "site"
    write_site([SiteFile(p, p.encode()) for p in sorted(ours)], out)
    manifest = read_manifest(out)
    assert manifest is not None and foreign_files(out, manifest) == []
    for path in added:
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text("mine", encoding="utf-8")
    named = foreign_files(out, manifest)
    for path in added:  # each added file is named, itself or as a folder holding it
        assert any(path == n or (n.endswith("/") and path.startswith(n)) for n in named), named
    for name in named:  # and nothing mapgen wrote is
        assert not any(p == name or (name.endswith("/") and p.startswith(name)) for p in ours)
