"""Posters: QR codes that scan to the right pages, text that is real text, same bytes."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from mapgen import fonts
from mapgen.cli import main
from mapgen.fonts import FontNotFoundError, find_font
from mapgen.poster import make_poster, poster_content
from mapgen.project import load_project

BASE = "https://example.gov.cn/map/"


def with_site(project: Path, **options: str) -> Path:
    """Add options to the demo's [site] table."""
    config = project / "mapgen.toml"
    lines = "".join(f'{key} = "{value}"\n' for key, value in options.items())
    text = config.read_text(encoding="utf-8").replace("[site]\n", "[site]\n" + lines, 1)
    config.write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import copy_demo

    return with_site(copy_demo(tmp_path_factory.mktemp("poster")), base_url=BASE)


@pytest.fixture(scope="module")
def project(published: Path):
    return load_project(published)


def decode(png: Path) -> list[str]:
    import zxingcpp
    from PIL import Image

    with Image.open(png) as image:
        return sorted(code.text for code in zxingcpp.read_barcodes(image))


def test_every_qr_code_on_the_png_names_the_site_or_its_station_page(project, tmp_path):
    out = tmp_path / "poster.png"
    result = make_poster(project, out, layout="a3")
    codes = decode(out)
    station_ids = sorted(project.placed_stations["id"])
    assert codes == sorted([BASE, *(f"{BASE}stations/{sid}.html" for sid in station_ids)])
    assert not result.problems
    from PIL import Image

    with Image.open(out) as image:
        assert max(image.size) >= 2000
        assert not image.info.get("Software")


def test_phone_poster_is_1080_pixels_wide_and_its_station_codes_scan(project, tmp_path):
    from PIL import Image

    out = tmp_path / "phone.png"
    make_poster(project, out, layout="phone")
    with Image.open(out) as image:
        assert image.size[0] == 1080
        assert image.size[1] >= 2000
    codes = decode(out)
    assert len(codes) == len(project.placed_stations) + 1
    # The number printed beside a station and its QR code belong to the same station.
    content, _ = poster_content(project)
    assert [s.url for s in content.stations] == [
        f"{BASE}stations/{s.id}.html" for s in content.stations
    ]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_pdf_text_holds_every_station_name_and_the_font_subset_is_embedded(project, tmp_path):
    out = tmp_path / "poster.pdf"
    make_poster(project, out, layout="a4")
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    for name in project.placed_stations["name"]:
        assert name in text.replace("\n", "")
    assert "6 / 12 个街镇已覆盖" in text
    fonts_listed = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True
    ).stdout
    embedded = [line.split() for line in fonts_listed.splitlines()[2:]]
    assert embedded and all("+" in row[0] for row in embedded)  # subset tags: ABCDEF+Name
    assert all(row[-5:-2] == ["yes", "yes", "yes"] for row in embedded)  # emb, sub, uni
    # The map is drawn, not pasted in as a picture.
    images = subprocess.run(
        ["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True
    ).stdout
    assert len(images.splitlines()) == 2


def test_posters_are_byte_identical_across_runs(project, tmp_path):
    for name in ("a.pdf", "b.pdf", "a.png", "b.png"):
        make_poster(project, tmp_path / name, layout="a4")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    assert b"CreationDate" not in (tmp_path / "a.pdf").read_bytes()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_cards_are_one_a6_page_per_station(project, tmp_path):
    out = tmp_path / "cards.pdf"
    result = make_poster(project, out, layout="card")
    assert result.pages == len(project.placed_stations)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert re.search(rf"Pages:\s+{result.pages}\n", info)
    assert "297.638 x 419.528 pts" in info  # A6
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(out), "-"], capture_output=True, text=True
    ).stdout
    content, _ = poster_content(project)
    assert content.stations[0].name in first


def test_without_base_url_a_clear_warning_and_no_qr_codes(demo, tmp_path):
    out = tmp_path / "poster.png"
    result = CliRunner().invoke(main, ["poster", str(demo), "-o", str(out), "--layout", "phone"])
    assert result.exit_code == 0, result.output
    assert "base_url" in result.output
    assert decode(out) == []


def test_a_private_column_never_reaches_the_poster(demo, tmp_path):
    # The stations file has a 批次 column; publish a phone column, but not in [public].
    stations = demo / "layers/stations_gcj02.csv"
    lines = stations.read_text(encoding="utf-8-sig").splitlines()
    lines = [lines[0] + ",电话", *(line + ",021-5999 0000" for line in lines[1:])]
    stations.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = demo / "mapgen.toml"
    text = config.read_text(encoding="utf-8").replace(
        'hours = "开放时间"', 'hours = "开放时间"\nphone = "电话"'
    )
    config.write_text(text, encoding="utf-8")
    content, _ = poster_content(load_project(demo))
    printed = "".join(d for s in content.stations for d in s.details)
    assert "5999" not in printed and "电话" not in printed
    config.write_text(
        text.replace('"opened", "hours"]', '"opened", "hours", "phone"]'), encoding="utf-8"
    )
    content, _ = poster_content(load_project(demo))
    assert "电话：021-5999 0000" in content.stations[0].details


def test_missing_font_is_a_clear_error_with_how_to_install_one(demo, tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path / "no-fonts"])
    out = tmp_path / "poster.pdf"
    result = CliRunner().invoke(main, ["poster", str(demo), "-o", str(out)])
    assert result.exit_code == 2
    assert "no font with Chinese characters" in result.output
    assert "fonts-noto-cjk" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_configured_font_without_chinese_is_refused(demo, tmp_path):
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.is_file():
        pytest.skip("needs fonts-dejavu")
    shutil.copy(dejavu, demo / "latin.ttf")
    with pytest.raises(FontNotFoundError, match="no Chinese characters"):
        find_font(demo / "latin.ttf")


def test_cjk_font_is_found_and_the_simplified_chinese_face_chosen():
    font = find_font()
    assert font.missing("嘉定区社工站 Jiading") == ""
    assert font.family.endswith(("SC", "CN", "GB")) or "SC" not in font.family


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "poster.svg"], ".png or a .pdf"),
        (["-o", "cards.png", "--layout", "card"], "cards.pdf"),
    ],
)
def test_a_poster_asked_in_a_format_it_does_not_have_is_a_clear_error(
    demo, tmp_path, args, message
):
    result = CliRunner().invoke(main, ["poster", str(demo), *args])
    assert result.exit_code == 2
    assert message in result.output


def test_the_data_date_comes_from_source_date_epoch_never_the_clock(project, monkeypatch):
    content, _ = poster_content(project)
    assert not any("数据更新于" in line for line in content.footer_lines)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1719705600")
    content, _ = poster_content(project)
    assert "数据更新于 2024-06-30" in content.footer_lines


def many_stations(project: Path, count: int) -> None:
    """The demo's stations repeated ``count`` times in all, a little apart, new ids."""
    path = project / "layers/stations_gcj02.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    rows = [line.split(",") for line in lines[1:]]
    out = [lines[0]]
    for n in range(count):
        row = [*rows[n % len(rows)]]
        row[0], row[1] = f"S-{n:03d}", f"{row[1]}{n:03d}"
        row[7] = f"{float(row[7]) + 0.0003 * (n // len(rows)):.6f}"
        out.append(",".join(row))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_a_list_too_long_for_the_page_is_cut_with_a_note_and_a_warning(demo, tmp_path):
    with_site(demo, base_url=BASE)
    many_stations(demo, 48)
    project = load_project(demo)
    out = tmp_path / "poster.pdf"
    result = make_poster(project, out, layout="a4")
    cut = [p for p in result.problems if p.code == "poster-list-cut"]
    assert len(cut) == 1
    shown = int(dict(cut[0].args)["shown"])
    assert 10 < shown < 48
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert f"另有 {48 - shown} 个站点，请见网站。" in text
    # The long image has room for every one.
    phone = make_poster(project, tmp_path / "phone.pdf", layout="phone")
    assert not [p for p in phone.problems if p.code == "poster-list-cut"]


def test_a_png_logo_is_drawn_and_an_svg_logo_is_a_warning(demo, tmp_path):
    from PIL import Image

    Image.new("RGB", (40, 20), "#1f4e9c").save(demo / "logo.png")
    (demo / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", "utf-8")
    with_site(demo, logo="logo.png")
    plain = make_poster(load_project(demo), tmp_path / "a.png", layout="phone")
    assert not [p for p in plain.problems if p.code == "poster-logo-unsupported"]
    config = demo / "mapgen.toml"
    config.write_text(config.read_text("utf-8").replace("logo.png", "logo.svg"), "utf-8")
    svg = make_poster(load_project(demo), tmp_path / "b.png", layout="phone")
    assert [p.code for p in svg.problems if p.code == "poster-logo-unsupported"]
    assert (tmp_path / "a.png").read_bytes() != (tmp_path / "b.png").read_bytes()


def test_characters_the_font_lacks_are_named():
    from mapgen.fonts import Font

    font = Font(Path("x.ttf"), 0, "X", frozenset(map(ord, "ab")))
    assert font.missing("a b c a d c") == "cd"


def test_a_configured_font_outside_the_project_is_a_config_error(demo):
    from mapgen.config import load_config
    from mapgen.errors import ConfigError

    with_site(demo, font="/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    with pytest.raises(ConfigError, match="outside the project folder"):
        load_config(demo)


def test_a_configured_font_inside_the_project_is_used(demo, tmp_path, monkeypatch):
    installed = find_font()
    monkeypatch.setattr(fonts, "font_dirs", list)  # nothing installed to fall back on
    (demo / "fonts").mkdir()
    shutil.copy(installed.path, demo / "fonts" / installed.path.name)
    with_site(demo, font=f"fonts/{installed.path.name}")
    project = load_project(demo)
    result = make_poster(project, tmp_path / "p.pdf", layout="card")
    assert result.pages == len(project.placed_stations)


def test_a_phone_image_of_one_station_is_still_2000_pixels_long(demo, tmp_path):
    from PIL import Image

    many_stations(demo, 1)
    out = tmp_path / "one.png"
    make_poster(load_project(demo), out, layout="phone")
    with Image.open(out) as image:
        assert image.size[0] == 1080 and image.size[1] >= 2000


@pytest.mark.parametrize(
    "text",
    [
        "Jiading Community Mental-Health Social-Work Station Map",
        "服务清单：康复治疗转介与关爱帮扶、心理咨询、心理健康智慧终端自助服务、“复元同行”志愿服务",
        "Self-service terminal, “Recovery Together” volunteer programme (Jiading)",
    ],
)
def test_lines_break_where_a_reader_expects(text):
    from mapgen.poster import LAYOUTS, NO_LINE_END, NO_LINE_START, Sheet

    sheet = Sheet(LAYOUTS["phone"], find_font())
    for kind, width in (("title", 2.4), ("body", 1.6)):
        lines = sheet.wrap(text, kind, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert all(sheet.em(line) * sheet.size(kind) / 72 <= width * 1.08 for line in lines)
        assert not any(line[0] in NO_LINE_START for line in lines[1:])
        assert not any(line[-1] in NO_LINE_END for line in lines)
        if "Recovery" in text or text.isascii():  # Latin words break at spaces or after "-"
            assert " ".join(lines).replace("- ", "-").split() == text.split()
