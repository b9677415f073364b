"""Text that reaches the site must be inert: no invisible controls that reorder or hide it.

HTML escaping (jinja2's autoescape, :func:`mapgen.render.script_json`) already makes markup
in a cell harmless. What escaping leaves is bidirectional controls: a right-to-left
override (U+202E) in a station's name makes "站点\\u202egnp.exe" display as "站点exe.png",
and can make a phone number or an address read differently from what it is. C0 and C1
control characters have no business in a name either. :func:`clean` removes them all.
"""

from __future__ import annotations

import unicodedata

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
