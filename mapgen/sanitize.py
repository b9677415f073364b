"""Text that reaches the site must be inert: no invisible controls, no spreadsheet formulas.

HTML escaping (jinja2's autoescape, :func:`mapgen.render.script_json`) already makes markup
in a cell harmless. What escaping leaves is bidirectional controls: a right-to-left
override (U+202E) in a station's name makes "站点\\u202egnp.exe" display as "站点exe.png",
and can make a phone number or an address read differently from what it is. C0 and C1
control characters have no business in a name either. :func:`clean` removes them all.

The CSV downloads are opened in Excel or WPS, which run a cell starting with ``=`` as a
formula (``=HYPERLINK(…)`` sends data away, ``=cmd|…`` once ran programs):
:func:`csv_text` writes every CSV with such text cells neutralised.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence

# Bidirectional formatting characters (Unicode UAX #9): embeddings, overrides, isolates
# and the implicit marks.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # LRE RLE PDF LRO RLO
    "\u2066\u2067\u2068\u2069"  # LRI RLI FSI PDI
    "\u200e\u200f\u061c"  # LRM RLM ALM
)
KEEP = frozenset("\t\n\r")


def is_control(ch: str) -> bool:
    """A bidi control, or a C0/C1 control character other than tab and line breaks."""
    return ch in BIDI_CONTROLS or (unicodedata.category(ch) == "Cc" and ch not in KEEP)


def clean(text: str) -> tuple[str, list[str]]:
    """``text`` without control characters, and the names of those removed.

    >>> clean("站点\\u202egnp.exe")
    ('站点gnp.exe', ['U+202E RIGHT-TO-LEFT OVERRIDE'])
    """
    if text.isprintable() and not any(ch in BIDI_CONTROLS for ch in text):
        return text, []
    removed = [ch for ch in text if is_control(ch)]
    if not removed:
        return text, []
    names = [f"U+{ord(ch):04X} {unicodedata.name(ch, 'CONTROL')}" for ch in removed]
    return "".join(ch for ch in text if not is_control(ch)), names


# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and
# carriage return, as the start of one once trimmed); the full-width forms are typed by
# Chinese input methods and Excel accepts them too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def spreadsheet_cell(value: object) -> object:
    """A CSV cell that Excel or WPS shows as text, never runs as a formula.

    Text starting like a formula gets a leading apostrophe, which spreadsheets hide and
    treat as "this is text". Numbers mapgen computed stay numbers; text from the input
    is text, so a cell typed as ``-3.5`` comes back as ``'-3.5``.

    >>> spreadsheet_cell('=HYPERLINK("http://x")'), spreadsheet_cell(-3.5)
    ('\\'=HYPERLINK("http://x")', -3.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text (header first), every cell through :func:`spreadsheet_cell`.

    The one way mapgen writes CSV, for downloads and the terminal alike.

    >>> csv_text([["id", "name"], ["=1+1", 2]])
    "id,name\\r\\n'=1+1,2\\r\\n"
    """
    out = io.StringIO()
    # CRLF, as RFC 4180 and Excel write it: the csv module then also quotes a cell holding
    # a lone CR, which would otherwise end the row there.
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([spreadsheet_cell(cell) for cell in row])
    return out.getvalue()
