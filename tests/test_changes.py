"""The change report: one station added, one moved, one removed, against the old site."""

from __future__ import annotations

from pathlib import Path

from mapgen import build
from mapgen.changes import compare, read_site

HEADER = "站点编号,站点名称,name_en,所属街镇,服务场所,场所类型,经度,纬度,启用时间,批次,开放时间"


def edit_stations(project: Path) -> None:
    """JD-06 removed, JD-01 moved about 190 m, JD-02 by about 10 m (not a move), JD-07 added."""
    path = project / "layers/stations_gcj02.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == HEADER
    rows = [line.split(",") for line in lines[1:]]
    rows = [row for row in rows if row[0] != "JD-06"]
    for row in rows:
        if row[0] == "JD-01":
            row[7] = f"{float(row[7]) + 0.0017:.6f}"
        if row[0] == "JD-02":
            row[6] = f"{float(row[6]) + 0.0001:.6f}"
    jd03 = next(row for row in rows if row[0] == "JD-03")
    new = [*jd03]
    new[0], new[1], new[2] = "JD-07", "江桥镇第二社工站", "Jiangqiao Station 2"
    new[7] = f"{float(jd03[7]) + 0.004:.6f}"
    rows.append(new)
    path.write_text("\n".join([HEADER, *(",".join(r) for r in rows)]) + "\n", encoding="utf-8")


def test_change_report_lists_added_moved_removed_and_coverage(demo):
    first = build(demo)
    assert first.changes is not None and first.changes.first
    report = demo / "mapgen-changes.txt"
    assert "没有上一次生成的网站" in report.read_text(encoding="utf-8")
    old_names = {f: n for f, (n, _, _) in read_site(first.out).stations.items()}

    edit_stations(demo)
    result = build(demo)
    changes = result.changes
    assert changes.added == (("JD-07", "江桥镇第二社工站"),)
    assert changes.removed == (("JD-06", old_names["JD-06"]),)
    assert [(i, round(m, -1)) for i, _, m in changes.moved] == [("JD-01", 190.0)]
    assert changes.renamed == ()
    assert {c for _, c in changes.services_removed} and all(
        s.startswith("JD-06") for s, _ in changes.services_removed
    )
    assert changes.coverage[0] == (6, 12)
    text = report.read_text(encoding="utf-8")
    assert text == changes.text("zh-CN")
    assert "新增站点（1 个）：\n  - JD-07 江桥镇第二社工站" in text
    assert f"删除站点（1 个）：\n  - JD-06 {old_names['JD-06']}" in text
    assert "位置移动超过 50 米的站点（1 个）：\n  - JD-01" in text
    assert "JD-02" not in text.split("删除服务")[0]  # moved 10 m: not reported
    assert not (result.out / "mapgen-changes.txt").exists()  # never published
    english = changes.text("en")
    assert "Stations added (1):" in english and "Coverage: 6/12 (50%) → " in english

    again = build(demo)
    assert again.changes.empty
    assert report.read_text(encoding="utf-8") == "与被替换的网站相比：没有变化。\n"


def test_coverage_change_names_the_townships(demo):
    build(demo)
    path = demo / "layers/stations_gcj02.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    # JD-02 is the only station of 外冈镇: without it the township is no longer covered.
    kept = [line for line in lines if not line.startswith("JD-02,")]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    changes = build(demo).changes
    assert changes.coverage == ((6, 12), (5, 12))
    assert changes.no_longer_covered == ("外冈镇",)
    assert "不再覆盖：外冈镇" in changes.text("zh-CN")


def test_an_unreadable_old_site_is_treated_as_none(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data/stations.geojson").write_text("{not json", encoding="utf-8")
    (tmp_path / "data/services.csv").write_text("station,category\n", encoding="utf-8")
    assert read_site(tmp_path) is None
    assert compare(None, None).first
