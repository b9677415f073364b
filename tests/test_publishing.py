"""Sharing and printing the site, and the footer a Chinese government site needs."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from mapgen import build
from mapgen.footer import ICP_URL
from mapgen.messages import render

from .conftest import Server, copy_demo

BASE = "https://example.gov.cn/map/"


def with_site(project: Path, **options: str) -> Path:
    config = project / "mapgen.toml"
    lines = "".join(f'{key} = "{value}"\n' for key, value in options.items())
    text = config.read_text(encoding="utf-8").replace("[site]\n", "[site]\n" + lines, 1)
    config.write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = with_site(
        copy_demo(tmp_path_factory.mktemp("published")),
        base_url=BASE,
        map_approval="沪S(2024)012号",
        icp="沪ICP备12345678号-1",
        updated="2024-06-30",
        contact="嘉定区民政局 021-0000 0000",
        contact_en="Jiading Civil Affairs Bureau",
    )
    return build(project).out


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def meta(page: str, name: str, attribute: str = "name") -> str | None:
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', page)
    return html.unescape(found[1]) if found else None


def test_every_page_has_a_meaningful_title_and_description(published):
    titles = set()
    for path in pages(published):
        page = path.read_text(encoding="utf-8")
        title = html.unescape(re.search(r"<title>(.*?)</title>", page, re.S)[1])
        description = meta(page, "description")
        assert title.strip() and description, path
        assert meta(page, "og:title", "property") == title
        assert meta(page, "og:description", "property") == description
        assert len(description) <= 160
        titles.add(title)
    assert len(titles) == len(pages(published))  # each page says what it is
    station = (published / "stations/JD-03.html").read_text(encoding="utf-8")
    description = meta(station, "description")
    assert "江桥镇我嘉·邻里中心（海波路）" in description and "周一至周六" in description
    assert meta(station, "og:url", "property") == BASE + "stations/JD-03.html"
    index = (published / "en/index.html").read_text(encoding="utf-8")
    assert "6 of 12 townships covered" in meta(index, "description")
    assert meta(index, "og:url", "property") == BASE + "en/"


def test_without_base_url_pages_have_no_absolute_url_and_no_qr(demo_site):
    page = (demo_site / "stations/JD-01.html").read_text(encoding="utf-8")
    assert "og:url" not in page and "qr-code" not in page
    assert meta(page, "description")


def test_a_description_from_data_is_escaped(tmp_path):
    project = copy_demo(tmp_path / "p")
    stations = project / "layers/stations_gcj02.csv"
    text = stations.read_text(encoding="utf-8-sig")
    stations.write_text(text.replace("外冈镇社区卫生服务中心", '外冈"><script>x</script>'), "utf-8")
    site = build(project).out
    page = (site / "stations/JD-02.html").read_text(encoding="utf-8")
    head = page.split("</head>")[0]
    assert "<script>x" not in head
    assert "&#34;&gt;&lt;script&gt;x" in head or "&quot;&gt;&lt;script&gt;x" in head


def test_footer_has_review_number_icp_link_date_and_contact(published):
    page = (published / "index.html").read_text(encoding="utf-8")
    footer = page.split('<footer class="site-footer">')[1]
    assert "数据更新于 2024-06-30" in footer
    assert "审图号：沪S(2024)012号" in footer
    assert "联系方式：嘉定区民政局 021-0000 0000" in footer
    assert f'<a class="icp" href="{ICP_URL}"' in footer and "沪ICP备12345678号-1</a>" in footer
    english = (published / "en/index.html").read_text(encoding="utf-8")
    assert "Contact: Jiading Civil Affairs Bureau" in english
    assert "Map approval no. 沪S(2024)012号" in english
    # The review number goes with the map's attribution too.
    assert "审图号：沪S(2024)012号" in page.split('id="mapgen-data"')[1]


def test_the_data_date_never_comes_from_the_clock(demo, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    page = (build(demo).out / "index.html").read_text(encoding="utf-8")
    assert "数据更新于" not in page and 'class="publishing"' not in page
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1719705600")
    page = (build(demo).out / "index.html").read_text(encoding="utf-8")
    assert "数据更新于 2024-06-30" in page


def test_a_date_that_is_not_a_date_is_a_config_error(demo):
    from mapgen.config import load_config
    from mapgen.errors import ConfigError

    with_site(demo, updated="last week")
    with pytest.raises(ConfigError, match="updated"):
        load_config(demo)


def test_tianditu_note_names_the_daily_quota():
    from mapgen.config import SiteConfig
    from mapgen.render.basemaps import basemap_note

    note = basemap_note(SiteConfig(basemap="tianditu", tianditu_key="k"))
    assert "daily" in note and "quota" in note


# --- in Chromium ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def published_server(published: Path):
    server = Server(published)
    yield server
    server.close()


@pytest.mark.browser
def test_share_copies_the_permalink_and_shows_a_qr_code_that_scans(
    browser, published_server, tmp_path
):
    import zxingcpp
    from PIL import Image

    from .conftest import BrowserPage

    web = BrowserPage(browser, viewport={"width": 1000, "height": 900}, locale="zh-CN")
    try:
        web.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = web.open(published_server.url + "stations/JD-03.html")
        panel = page.locator("#share-panel")
        assert not panel.is_visible()
        page.locator(".share-button").click()
        assert panel.is_visible()
        page.locator(".copy-link").click()
        page.wait_for_selector(".copy-status:has-text('链接已复制')")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == BASE + "stations/JD-03.html"
        shot = tmp_path / "qr.png"
        page.locator(".page-qr svg").screenshot(path=str(shot))
        with Image.open(shot) as image:
            codes = [c.text for c in zxingcpp.read_barcodes(image)]
        assert codes == [BASE + "stations/JD-03.html"]
        # Printed: the QR code, not the directions' long URLs.
        page.locator(".share-button").click()
        page.emulate_media(media="print")
        assert page.locator(".page-qr svg").is_visible()
        assert not page.locator("ul.directions").is_visible()
        assert not page.locator(".share-button").is_visible()
        assert not web.errors
    finally:
        web.close()


# --- a new project: neutral texts, a basemap that loads in China, demo leftovers --------
def demo_codes(project: Path) -> list[tuple[str, str]]:
    from mapgen.project import load_project

    return [
        (p.template, dict(p.args).get("key", ""))
        for p in load_project(project).problems
        if p.code == "demo-text"
    ]


def test_init_writes_neutral_texts_and_a_keyless_chinese_basemap(tmp_path):
    from click.testing import CliRunner

    from mapgen.cli import main
    from mapgen.config import load_config

    from .conftest import ROOT

    result = CliRunner().invoke(main, ["init", str(tmp_path / "new")])
    assert result.exit_code == 0, result.output
    config = load_config(tmp_path / "new")
    demo = load_config(ROOT)
    assert config.site.basemap == "amap"
    for key in ("title", "title_en", "subtitle", "subtitle_en", "notice", "notice_en"):
        assert getattr(config.site, key) != getattr(demo.site, key), key
    assert (
        "嘉定"
        not in (tmp_path / "new/mapgen.toml").read_text(encoding="utf-8").split("[townships]")[0]
    )
    # Still the demo's stations, now under a title of its own: the build says so.
    assert demo_codes(tmp_path / "new") == [("demo-text/layers", "")]


def test_build_warns_while_the_demo_title_and_notice_stay_in_another_project(demo):
    from mapgen.project import load_project

    assert demo_codes(demo) == []  # a copy of the demo is the demo
    stations = demo / "layers/stations_gcj02.csv"
    text = stations.read_text(encoding="utf-8-sig")
    stations.write_text(text.replace("外冈镇精神健康社工站", "外冈镇社工站"), encoding="utf-8")
    codes = demo_codes(demo)
    assert [key for _, key in codes] == ["title", "title_en", "notice", "notice_en"]
    warning = next(p for p in load_project(demo).problems if p.code == "demo-text")
    assert not warning.is_error
    assert "demo" in render(warning, "en")[0] and "示例" in render(warning, "zh-CN")[0]
    config = demo / "mapgen.toml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"^(title|title_en|notice|notice_en) = .*$", r'\1 = "本区地图"', text, flags=re.M)
    config.write_text(text, encoding="utf-8")
    assert demo_codes(demo) == []
