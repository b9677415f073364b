"""Safe output: private columns never reach the site, and no text field can run code.

The canary test builds a project whose files carry private columns with unique values and
searches every byte of every file of the built site for them. The browser test builds a
project whose every text field is an injection payload and checks, in a real Chromium,
that nothing ran, no element was injected and no link leads to ``javascript:``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from mapgen import build

from .conftest import serve

CLEAN = Path(__file__).resolve().parent / "data" / "inputs" / "clean"


def rows_of(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8-sig"))


def copy_clean(target: Path) -> Path:
    shutil.copytree(CLEAN, target)
    return target


# ------------------------------------------------------------------------- canary

# Per station: (身份证号, 监护人电话, 服务人数, 备注). ST-01 and ST-02 are alone in their
# townships with counts below 10; ST-03 and ST-07 share 马陆镇 (total 91357 + 24680).
CANARIES = {
    "ST-01": ("CANARY-ID-7G2K9", "CANARY-GUARDIAN-4Q8Z", "3", "CANARY-NOTE-甲乙丙"),
    "ST-02": ("CANARY-ID-2M5X1", "CANARY-GUARDIAN-7W3B", "4", "CANARY-NOTE-丁戊己"),
    "ST-03": ("CANARY-ID-9P4R7", "CANARY-GUARDIAN-1V6N", "91357", "CANARY-NOTE-庚辛壬"),
}
PER_STATION_COUNTS = ("91357", "24680")


@pytest.fixture(scope="module")
def canary_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_clean(tmp_path_factory.mktemp("canary") / "project")
    rows = rows_of(project / "stations.csv")
    extra = dict(rows[2], 编号="ST-07", 名称="马陆镇第二社工站")
    rows.append(extra)
    for row in rows:
        identity, guardian, count, note = CANARIES.get(
            row["编号"],
            (
                f"CANARY-ID-{row['编号']}",
                f"CANARY-GUARDIAN-{row['编号']}",
                "24680" if row["编号"] == "ST-07" else "",
                "CANARY-NOTE-其他",
            ),
        )
        row.update(
            {
                "身份证号": identity,
                "监护人电话": guardian,
                "服务人数": count,
                "内部备注": note,
                "场所": "CANARY-VENUE-MAPPED-NOT-PUBLISHED",
            }
        )
    write_rows(project / "stations.csv", rows)
    services = rows_of(project / "services.csv")
    for row in services:
        row["联系人手机"] = "CANARY-SERVICE-CONTACT"
    write_rows(project / "services.csv", services)
    townships = json.loads((project / "townships.geojson").read_text(encoding="utf-8"))
    for feature in townships["features"]:
        feature["properties"]["负责人电话"] = "CANARY-TOWNSHIP-PHONE"
        feature["properties"]["population"] = 8675309
    (project / "townships.geojson").write_text(
        json.dumps(townships, ensure_ascii=False), encoding="utf-8"
    )
    config = (project / "mapgen.toml").read_text(encoding="utf-8")
    config = config.replace("[stations.columns]\n", '[stations.columns]\nvenue = "场所"\n')
    config = config.replace(
        'name_en = "name_en"\n\n[stations]',
        'name_en = "name_en"\npopulation = "population"\n\n[stations]',
    )
    config += 'sensitive_fields = ["服务人数"]\n'
    (project / "mapgen.toml").write_text(config, encoding="utf-8")
    return build(project, project.parent / "site").out


def every_file(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def forms(value: str) -> list[bytes]:
    """A value as it could appear in a file: UTF-8, JSON-escaped, URL-encoded."""
    escaped = json.dumps(value)[1:-1]
    return [value.encode("utf-8"), escaped.encode("ascii"), quote(value).encode("ascii")]


def test_canary_values_never_reach_any_file_of_the_site(canary_site: Path):
    files = every_file(canary_site)
    assert any(name.endswith(".geojson") for name in files)
    secrets = [
        "CANARY",
        "8675309",
        *[v for values in CANARIES.values() for v in values if not v.isdigit()],
    ]
    for name, content in files.items():
        for secret in secrets:
            for form in forms(secret):
                assert form not in content, f"{secret!r} leaked into {name}"
        for number in PER_STATION_COUNTS:
            pattern = rb"(?<![\d.])" + number.encode() + rb"(?![\d.])"
            assert not re.search(pattern, content), f"per-station count {number} in {name}"


def test_sensitive_counts_appear_only_as_township_totals_of_ten_or_more(canary_site: Path):
    townships = json.loads((canary_site / "data/townships.geojson").read_text(encoding="utf-8"))
    counts = {f["properties"]["name"]: f["properties"]["服务人数"] for f in townships["features"]}
    assert counts == {
        "南翔镇": None,
        "江桥镇": None,
        "马陆镇": 91357 + 24680,
        "嘉定镇街道": None,
        "新成路街道": None,
        "菊园新区": None,
    }
    page = (canary_site / "townships/310114103.html").read_text(encoding="utf-8")
    assert "<dt>服务人数</dt><dd>116037</dd>" in page
    small = (canary_site / "townships/310114101.html").read_text(encoding="utf-8")
    assert "<dt>服务人数</dt><dd>&lt; 10</dd>" in small
    stations = json.loads((canary_site / "data/stations.geojson").read_text(encoding="utf-8"))
    assert all(
        set(f["properties"])
        <= {"id", "name", "township", "address", "phone", "hours", "township_id", "services"}
        for f in stations["features"]
    )


def test_the_report_stays_beside_mapgen_toml_not_near_the_site(tmp_path: Path):
    project = copy_clean(tmp_path / "project")
    rows = rows_of(project / "stations.csv")
    rows[0]["经度"], rows[0]["纬度"] = "", ""  # a warning: the site is built, with a report
    write_rows(project / "stations.csv", rows)
    result = build(project, tmp_path / "public")
    assert result.report == project / "site.report.txt"
    assert not list(tmp_path.glob("*report*"))
    assert result.report.read_text(encoding="utf-8").startswith("警告（网站已生成，请核对）：1")
    assert not list((tmp_path / "public").rglob("*report*"))


# ------------------------------------------------- one allow-list for every writer


def _tiered_project(target: Path, *, publish_tier: bool) -> Path:
    """The clean project with tiers, statuses and opening dates that are not published."""
    project = copy_clean(target)
    rows = rows_of(project / "stations.csv")
    for i, row in enumerate(rows):
        row["层级"] = "TIER-CANARY-街镇站" if i % 2 else "TIER-CANARY-村居点"
        row["状态"] = "规划" if i == 0 else "开放"
        row["启用时间"] = "2031-07-19" if i == 0 else "2020"
    write_rows(project / "stations.csv", rows)
    config = (project / "mapgen.toml").read_text(encoding="utf-8")
    config = config.replace(
        "[stations.columns]\n",
        '[stations.columns]\ntier = "层级"\nstatus = "状态"\nopened = "启用时间"\n',
    )
    if publish_tier:
        config = config.replace('station_fields = ["name", ', 'station_fields = ["tier", "name", ')
    config += '\n[coverage]\ntiers = ["TIER-CANARY-街镇站", "TIER-CANARY-村居点"]\n'
    (project / "mapgen.toml").write_text(config, encoding="utf-8")
    return project


def test_unpublished_tier_and_dates_appear_in_no_output_byte(tmp_path: Path):
    from click.testing import CliRunner

    from mapgen.cli import main

    secrets = ["TIER-CANARY", "2031-07"]
    project = _tiered_project(tmp_path / "project", publish_tier=False)
    site = build(project, tmp_path / "site").out
    files = every_file(site)
    assert "coverage.html" in files and "data/coverage.csv" in files
    for name, content in files.items():
        for secret in secrets:
            for form in forms(secret):
                assert form not in content, f"{secret!r} leaked into {name}"
    outputs = {
        fmt: CliRunner().invoke(main, ["coverage", str(project), "--format", fmt])
        for fmt in ("table", "csv", "json")
    }
    for fmt, result in outputs.items():
        assert result.exit_code == 0, result.output
        for secret in secrets:
            assert secret not in result.output, (fmt, secret)
    assert json.loads(outputs["json"].output)["by_year"] == []
    # The same project publishing tier shows it: the canary is wired up.
    published = _tiered_project(tmp_path / "published", publish_tier=True)
    page = (build(published, tmp_path / "published-site").out / "coverage.html").read_bytes()
    assert "TIER-CANARY-街镇站".encode() in page


def test_sensitive_column_mapped_to_tier_is_a_config_error(tmp_path: Path):
    from click.testing import CliRunner

    from mapgen.cli import main

    project = copy_clean(tmp_path / "project")
    rows = rows_of(project / "stations.csv")
    for row in rows:
        row["服务人数"] = "12"
    write_rows(project / "stations.csv", rows)
    config = (project / "mapgen.toml").read_text(encoding="utf-8")
    config = config.replace("[stations.columns]\n", '[stations.columns]\ntier = "服务人数 "\n')
    config += 'sensitive_fields = ["服务人数"]\n'
    (project / "mapgen.toml").write_text(config, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(tmp_path / "site")])
    assert result.exit_code == 2, result.output
    assert "[stations.columns] tier" in result.output
    assert "sensitive_fields" in result.output
    assert not (tmp_path / "site").exists()


def test_report_of_a_public_build_never_quotes_a_sensitive_value(tmp_path: Path):
    from click.testing import CliRunner

    from mapgen.cli import main

    project = copy_clean(tmp_path / "project")
    rows = rows_of(project / "stations.csv")
    for row in rows:
        row["服务人数"] = "12"
    rows[1]["服务人数"] = "CANARY-约十二人"  # not a count: a warning that names the cell
    write_rows(project / "stations.csv", rows)
    config = (project / "mapgen.toml").read_text(encoding="utf-8")
    (project / "mapgen.toml").write_text(
        config + 'sensitive_fields = ["服务人数"]\n', encoding="utf-8"
    )
    result = build(project, tmp_path / "site")
    assert any(p.code == "sensitive-invalid" for p in result.problems)
    report = result.report.read_text(encoding="utf-8")
    assert "服务人数" in report and "第 3 行" in report
    assert "CANARY" not in report
    printed = CliRunner().invoke(main, ["build", str(project), "-o", str(tmp_path / "site")])
    assert printed.exit_code == 0 and "服务人数" in printed.output
    assert "CANARY" not in printed.output
    strict = CliRunner().invoke(main, ["build", str(project), "--strict"])
    assert strict.exit_code == 1 and "服务人数" in strict.output
    assert "CANARY" not in strict.output


# ------------------------------------------------------------------- injections

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror="window.__pwned=2">',
    "</script><script>window.__pwned=3</script>",
    "`${window.__pwned=4}` ${window.__pwned=4}",
    "javascript:window.__pwned=5",
    "data:text/html,<script>window.__pwned=6</script>",
    "<svg onload=window.__pwned=7></svg>",
    '\'><a href="javascript:window.__pwned=8">x</a>',
    "{{7*7}}{% raw %}&lt;b&gt;",
    "\u202eexe.gnp\u202c \u2066isolate\u2069",
    '<iframe src="javascript:window.__pwned=9"></iframe>',
]
EVIL = " ".join(PAYLOADS)


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_clean(tmp_path_factory.mktemp("evil") / "project")
    rows = rows_of(project / "stations.csv")
    for i, row in enumerate(rows):
        payload = PAYLOADS[i % len(PAYLOADS)]
        row.update(
            {
                "名称": f"{payload} 站{i}",
                "地址": EVIL,
                "所属街镇": "",
                "开放时间": f"周一 9:00-17:00 {payload}",
                "场所": EVIL,
                "电话": "javascript:alert(1) 021-5953 0001",
            }
        )
    rows[0]["编号"] = "<b>ST-01</b>"
    write_rows(project / "stations.csv", rows)
    services = rows_of(project / "services.csv")
    services[0]["站点编号"] = "<b>ST-01</b>"
    for row in services:
        row["时间"] = EVIL
    write_rows(project / "services.csv", services)
    categories = rows_of(project / "categories.csv")
    for row in categories:
        row["name"], row["name_en"] = f"{PAYLOADS[1]} 心理咨询", f"{PAYLOADS[0]} Counselling"
    write_rows(project / "categories.csv", categories)
    townships = json.loads((project / "townships.geojson").read_text(encoding="utf-8"))
    for i, feature in enumerate(townships["features"]):
        feature["properties"]["name"] += " " + PAYLOADS[i % len(PAYLOADS)]
        feature["properties"]["name_en"] = PAYLOADS[(i + 3) % len(PAYLOADS)]
    (project / "townships.geojson").write_text(
        json.dumps(townships, ensure_ascii=False), encoding="utf-8"
    )
    config = (project / "mapgen.toml").read_text(encoding="utf-8")
    config = config.replace("[stations.columns]\n", '[stations.columns]\nvenue = "场所"\n')
    config = config.replace('station_fields = ["name", ', 'station_fields = ["venue", "name", ')
    (project / "mapgen.toml").write_text(config, encoding="utf-8")
    result = build(project, project.parent / "site")
    assert {p.code for p in result.problems} >= {"text-controls"}
    return result.out


def test_no_payload_survives_in_the_html_source(evil_site: Path):
    for page in evil_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for raw in (
            "<script>window",
            "<img src=x",
            "<svg onload",
            "<iframe",
            "\u202e",
            "\u2066",
            '<a href="javascript:',
            "</script><script>",
        ):
            assert raw not in html, (page, raw)
    station = next((evil_site / "stations").glob("*.html")).read_text(encoding="utf-8")
    links = re.findall(r'href="(tel:[^"]*)"', station)
    assert links and all(re.fullmatch(r"tel:\+?\d+", link) for link in links), links


PAGE_CHECK = """() => {
  const bad = [];
  if (window.__pwned !== undefined) bad.push('pwned=' + window.__pwned);
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith('on')) bad.push(el.tagName + ' ' + attr.name);
    }
  }
  for (const el of document.querySelectorAll('[href],[src],[action],[formaction]')) {
    for (const name of ['href', 'src', 'action', 'formaction']) {
      const value = (el.getAttribute(name) || '').trim().toLowerCase();
      if (value && !/^(https?:|tel:|#|\\.|[a-z0-9_-]+[/.]|\\?|\\/)/.test(value) && value !== './')
        bad.push(el.tagName + ' ' + name + '=' + value);
      if (/^(javascript|data|vbscript):/.test(value)) bad.push(el.tagName + ' ' + value);
    }
  }
  for (const s of document.querySelectorAll('script')) {
    if (!s.src && s.type !== 'application/json') bad.push('inline script');
  }
  for (const tag of ['iframe', 'svg[onload]', 'img[src="x"]', 'object', 'embed']) {
    if (document.querySelector(tag)) bad.push('element ' + tag);
  }
  if (document.body.innerText.includes('\\u202e')) bad.push('RLO in text');
  return {bad, images: document.images.length, scripts: document.scripts.length};
}"""


@pytest.mark.browser
def test_payloads_are_inert_in_every_page(web, evil_site: Path):
    server = serve(evil_site)
    try:
        station = next((evil_site / "stations").glob("*.html")).name
        township = next((evil_site / "townships").glob("*.html")).name
        for path in (
            "",
            "en/",
            f"stations/{station}",
            f"townships/{township}",
            f"en/stations/{station}",
        ):
            page = web.open(server.url + path)
            result = page.evaluate(PAGE_CHECK)
            assert result["bad"] == [], (path, result)
            assert result["images"] == 0, (path, result)  # no tiles (basemap "none"), no <img>
        page = web.open(server.url)
        scripts_before = page.evaluate("document.scripts.length")
        markers = page.locator(".station-marker")
        assert markers.count() == 6
        for i in range(markers.count()):
            # A click at a marker's centre may land on a neighbour drawn over it; the
            # event goes to the marker itself, as a keyboard user's Enter would.
            markers.nth(i).dispatch_event("click")
            page.locator(".leaflet-popup-content").last.wait_for()
            result = page.evaluate(PAGE_CHECK)
            assert result["bad"] == [], result
            page.keyboard.press("Escape")
        page.locator("path.leaflet-interactive").first.click(force=True)
        search = page.locator("input[type=search]")
        if search.count():
            search.first.fill(PAYLOADS[1])
            search.first.fill("站")
        result = page.evaluate(PAGE_CHECK)
        assert result["bad"] == [], result
        assert page.evaluate("document.scripts.length") == scripts_before
        assert page.evaluate("window.__pwned") is None
    finally:
        server.close()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "//evil.example/",
        'https://example.gov.cn/"onmouseover=alert(1)',
    ],
)
def test_base_url_must_be_a_web_address(tmp_path: Path, url: str):
    from mapgen.config import load_config
    from mapgen.errors import ConfigError

    project = copy_clean(tmp_path / "project")
    config = (project / "mapgen.toml").read_text(encoding="utf-8")
    escaped = url.replace('"', '\\"')
    (project / "mapgen.toml").write_text(
        config.replace("[site]\n", f'[site]\nbase_url = "{escaped}"\n'), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"base_url \(line \d+\): .* is not a web address"):
        load_config(project)
