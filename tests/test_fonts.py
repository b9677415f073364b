"""Fonts: Chinese text must render with real glyphs, not as empty boxes (tofu).

Without a CJK font (Debian's ``fonts-noto-cjk``) every browser test would still pass while
residents would see boxes; these tests fail instead. Each Chinese character of a page is
drawn in the page's own font on a canvas and compared with the box drawn for an
unassigned code point, and with the other characters: real glyphs all differ.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# Draws each character in the font of the element it came from; returns the characters
# that look like the "no glyph" box, and how many distinct images the characters made.
TOFU_CHECK = """
(chars) => {
  const family = getComputedStyle(document.body).fontFamily;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 48;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const draw = (ch) => {
    ctx.clearRect(0, 0, 48, 48);
    ctx.font = "32px " + family;
    ctx.fillStyle = "#000";
    ctx.fillText(ch, 4, 38);
    const pixels = ctx.getImageData(0, 0, 48, 48).data;
    let ink = 0, hash = 0;
    for (let i = 3; i < pixels.length; i += 4) {
      ink += pixels[i];
      hash = (hash * 31 + pixels[i]) | 0;
    }
    return ink + ":" + hash;
  };
  const tofu = new Set(["\\u0378", "\\u0379", "\\uffff"].map(draw));
  const images = chars.map(draw);
  return {
    missing: chars.filter((ch, i) => tofu.has(images[i])),
    distinct: new Set(images).size,
  };
}
"""

CJK_ON_PAGE = """
() => Array.from(new Set(Array.from(document.body.innerText)
  .filter(ch => /\\p{Script=Han}/u.test(ch)))).slice(0, 60)
"""


def test_the_check_itself_sees_boxes(web, demo_server):
    """An unassigned code point is a box: the detector must say so (it can fail)."""
    page = web.open(demo_server.url)
    result = page.evaluate(TOFU_CHECK, ["\u0378", "\u0379"])
    assert result["missing"] == ["\u0378", "\u0379"]


@pytest.mark.parametrize("path", ["", "stations/JD-03.html", "townships/310114102.html"])
def test_chinese_text_renders_with_real_glyphs(web, demo_server, path):
    page = web.open(demo_server.url + path)
    chars = page.evaluate(CJK_ON_PAGE)
    assert len(chars) >= 10, chars
    result = page.evaluate(TOFU_CHECK, chars)
    assert not result["missing"], (
        f"{len(result['missing'])} Chinese characters render as empty boxes "
        f"({''.join(result['missing'][:10])}…): install a CJK font (apt-get install "
        "fonts-noto-cjk)"
    )
    assert result["distinct"] == len(chars), "different characters drew the same image"
