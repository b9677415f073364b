"""The logo is the one file mapgen publishes as it finds it: only from the project, only
an image, and an SVG only as a drawing that can run nothing."""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mapgen import build
from mapgen.cli import main
from mapgen.errors import ConfigError
from mapgen.logo import MAX_BYTES, clean_svg

from .conftest import serve

CLEAN = Path(__file__).resolve().parent / "data" / "inputs" / "clean"
# A 1x1 PNG followed by a unique marker: a file that passes as an image, so only where
# it lives can keep it out of the site.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
SECRET = b"SECRET-KEY-9f3b2c7e1d"

EVIL_SVG = b"""<?xml version="1.0"?>
<?xml-stylesheet href="https://evil.example/s.css"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="40" height="40" onload="window.__pwned = 'onload'" xml:base="https://evil.example/">
  <svg:script xmlns:svg="http://www.w3.org/2000/svg">window.__pwned = 'prefixed'</svg:script>
  <SCRIPT>window.__pwned = 'upper'</SCRIPT>
  <script>window.__pwned = 'script'; alert('script')</script>
  <script xlink:href="https://evil.example/x.js"/>
  <foreignObject width="40" height="40"><div xmlns="http://www.w3.org/1999/xhtml"
     onclick="alert(1)"><iframe src="javascript:alert(2)"/></div></foreignObject>
  <style>@import url(https://evil.example/x.css); rect { fill: url(https://evil.example/t) }</style>
  <image href="https://evil.example/track.png" width="1" height="1"/>
  <image xlink:href="data:image/svg+xml;base64,PHN2Zy8+" width="1" height="1"/>
  <use href="https://evil.example/sprites.svg#logo"/>
  <a href="javascript:alert(3)"><text y="20">click</text></a>
  <set attributeName="href" to="javascript:alert(4)"/>
  <animate attributeName="onclick" values="alert(5)"/>
  <rect width="40" height="40" fill="url(#g)" style="background: url(https://evil.example/s)"
        onmouseover="alert(6)" ONCLICK="alert(7)"/>
  <linearGradient id="g"><stop offset="0" stop-color="#1f4e9c"/></linearGradient>
  <circle r="5" cx="20" cy="20" fill="#fff"/>
</svg>"""


def project_with_logo(tmp_path: Path, logo: str) -> Path:
    project = tmp_path / "project"
    shutil.copytree(CLEAN, project)
    config = (project / "mapgen.toml").read_text(encoding="utf-8")
    config = config.replace('basemap = "none"\n', f'basemap = "none"\nlogo = "{logo}"\n')
    (project / "mapgen.toml").write_text(config, encoding="utf-8")
    return project


def every_byte(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_a_png_logo_is_published_and_shown_in_every_header(tmp_path: Path):
    project = project_with_logo(tmp_path, "logo.png")
    (project / "logo.png").write_bytes(PNG)
    site = build(project, tmp_path / "site").out
    assert (site / "assets/logo.png").read_bytes() == PNG
    for page in ("index.html", "en/index.html", "coverage.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert 'class="logo" src="' in html and "assets/logo.png?v=" in html, page
    assert 'alt="测试区服务地图"' in (site / "index.html").read_text(encoding="utf-8")
    assert 'alt="Test district service map"' in (site / "en/index.html").read_text("utf-8")


def outside_paths(tmp_path: Path, project: Path) -> dict[str, str]:
    """Ways of naming a file outside the project; each is a valid PNG with the secret."""
    secret = tmp_path / "private" / "id_rsa.png"
    secret.parent.mkdir()
    secret.write_bytes(PNG + SECRET)
    (project / "link.png").symlink_to(secret)
    (project / "assets").mkdir()
    (project / "assets" / "shared").symlink_to(secret.parent, target_is_directory=True)
    return {
        "absolute": str(secret),
        "dotdot": os.path.relpath(secret, project),
        "etc-passwd": "../../../../../../../../etc/passwd",
        "proc-environ": "/proc/self/environ",
        "symlink-file": "link.png",
        "symlink-folder": "assets/shared/id_rsa.png",
    }


@pytest.mark.parametrize(
    "how",
    ["absolute", "dotdot", "etc-passwd", "proc-environ", "symlink-file", "symlink-folder"],
)
def test_logo_outside_the_project_is_refused_and_its_bytes_reach_no_file(tmp_path: Path, how: str):
    project = project_with_logo(tmp_path, "PLACEHOLDER")
    logo = outside_paths(tmp_path, project)[how]
    config = (project / "mapgen.toml").read_text(encoding="utf-8")
    (project / "mapgen.toml").write_text(config.replace("PLACEHOLDER", logo), encoding="utf-8")
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(site), "-q"])
    assert result.exit_code == 2, result.output
    # The demo's first language is Chinese, so the report is too.
    assert "[site] logo" in result.output and "项目文件夹之外" in result.output
    assert not site.exists()
    # A site already there keeps no trace of it either.
    config = (project / "mapgen.toml").read_text(encoding="utf-8")
    (project / "mapgen.toml").write_text(config.replace(logo, ""), encoding="utf-8")
    assert CliRunner().invoke(main, ["build", str(project), "-o", str(site), "-q"]).exit_code == 0
    (project / "mapgen.toml").write_text(config, encoding="utf-8")
    assert CliRunner().invoke(main, ["build", str(project), "-o", str(site), "-q"]).exit_code == 2
    everything = every_byte(site)
    assert SECRET not in everything
    assert b"PATH=" not in everything and b"root:x:0:0" not in everything


def test_logo_swapped_for_a_link_after_the_config_check_is_refused_when_read(tmp_path: Path):
    from mapgen.project import load_project
    from mapgen.render import render_site

    project = project_with_logo(tmp_path, "logo.png")
    (project / "logo.png").write_bytes(PNG)
    loaded = load_project(project)
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG + SECRET)
    (project / "logo.png").unlink()
    (project / "logo.png").symlink_to(secret)
    with pytest.raises(ConfigError, match=r"\[site\] logo"):
        list(render_site(loaded))


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"just some text, named logo.png\n", "not a PNG, JPEG or WebP image"),
        (b"<html><script>alert(1)</script></html>", "not a PNG, JPEG or WebP image"),
        (PNG + b"\0" * MAX_BYTES, "larger than 1 MiB"),
        (b"", "not a PNG, JPEG or WebP image"),
    ],
    ids=["text", "html", "oversize", "empty"],
)
def test_a_logo_that_is_not_a_small_image_is_refused(tmp_path: Path, content: bytes, says: str):
    project = project_with_logo(tmp_path, "logo.png")
    (project / "logo.png").write_bytes(content)
    with pytest.raises(ConfigError, match=r"\[site\] logo") as caught:
        build(project, tmp_path / "site")
    assert says in str(caught.value)
    assert not (tmp_path / "site").exists()


def test_a_logo_that_is_a_folder_or_missing_is_refused(tmp_path: Path):
    project = project_with_logo(tmp_path, "logo")
    with pytest.raises(ConfigError, match="not found"):
        build(project, tmp_path / "site")
    (project / "logo").mkdir()
    with pytest.raises(ConfigError, match=r"\[site\] logo"):
        build(project, tmp_path / "site")


def test_svg_logo_keeps_its_drawing_and_loses_everything_that_could_run_or_fetch():
    cleaned = clean_svg(EVIL_SVG).decode("utf-8")
    for gone in (
        "script",
        "onload",
        "onmouseover",
        "ONCLICK",
        "foreignObject",
        "iframe",
        "javascript",
        "evil.example",
        "@import",
        "svg+xml",
        "<set",
        "<animate",
        "<a ",
        "SCRIPT",
        "stylesheet",
        "xml:base",
    ):
        assert gone not in cleaned, gone
    assert '<circle r="5" cx="20" cy="20" fill="#fff" />' in cleaned
    assert 'fill="url(#g)"' in cleaned and 'id="g"' in cleaned


@pytest.mark.parametrize(
    "svg",
    [
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
        b'<svg xmlns="http://www.w3.org/2000/svg"/>',
    ],
    ids=["entity-expansion", "external-entity", "doctype"],
)
def test_svg_logo_with_a_dtd_or_entities_is_refused(svg: bytes):
    with pytest.raises(ConfigError, match=r"\[site\] logo.*DTD or entities"):
        clean_svg(svg)


def test_svg_without_its_namespace_is_refused_with_the_fix():
    with pytest.raises(ConfigError, match="xmlns"):
        clean_svg(b"<svg><rect width='1' height='1'/></svg>")


@pytest.mark.browser
def test_svg_logo_with_script_opened_directly_in_chromium_runs_nothing(web, tmp_path: Path):
    project = project_with_logo(tmp_path, "logo.svg")
    (project / "logo.svg").write_bytes(EVIL_SVG)
    site = build(project, tmp_path / "site").out
    server = serve(site)
    try:
        page = web.open(server.url)
        logo = page.locator("img.logo")
        assert logo.get_attribute("alt") == "测试区服务地图"
        assert page.evaluate("document.querySelector('img.logo').naturalWidth") > 0
        page.goto(server.url + "assets/logo.svg")
        page.mouse.move(20, 20)
        page.mouse.click(20, 20)
        page.wait_for_timeout(200)
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate("document.querySelectorAll('script, foreignObject').length") == 0
        assert page.evaluate("document.documentElement.localName") == "svg"
        assert not web.blocked  # nothing fetched from elsewhere
    finally:
        server.close()


def test_a_link_that_stays_inside_the_project_is_fine(tmp_path: Path):
    project = project_with_logo(tmp_path, "logo.png")
    (project / "brand").mkdir()
    (project / "brand" / "mark.png").write_bytes(PNG)
    (project / "logo.png").symlink_to(Path("brand") / "mark.png")
    site = build(project, tmp_path / "site").out
    assert (site / "assets/logo.png").read_bytes() == PNG
