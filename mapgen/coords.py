"""Turn messy spreadsheet cells into coordinates in decimal degrees.

Station lists are typed by hand in Excel or WPS: full-width digits from a Chinese input method,
degree-minute-second strings copied from a survey, hemisphere letters, 东经/北纬 prefixes, or
both numbers in one cell. These functions read such cells and return ``None`` for anything they
cannot read with confidence; they never raise on bad text, so the caller can record a problem
for the row and go on.
"""

from __future__ import annotations

import math
import re
import unicodedata

from mapgen.datum import in_china_box

__all__ = ["looks_swapped", "parse_coordinate", "parse_lonlat_pair"]

# Applied before NFKC, which would turn "º" (ordinal) into "o" and "″" into two primes.
_PRE_NFKC = str.maketrans({"º": "°", "˚": "°", "″": '"', "〃": '"', "‶": '"'})
# Applied after NFKC (which already folds full-width digits, "．", "，", "－", "：", "；").
_POST_NFKC = str.maketrans(
    {
        "−": "-",  # U+2212 minus sign
        "–": "-",
        "—": "-",
        "′": "'",
        "’": "'",
        "‘": "'",
        "´": "'",
        "”": '"',
        "“": '"',
        "、": ",",  # Chinese enumeration comma between two numbers
    }
)

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_UNSIGNED = r"\d+(?:\.\d*)?|\.\d+"
# Degrees with a marker, then optional minutes and seconds. A component's marker may only be
# left out when it is the last one ("121°15'30.5", "31°24.5"), never in the middle.
_DMS = re.compile(
    rf"""(?P<d>{_UNSIGNED})\s*(?:°|度)
    (?:\s*(?P<m>{_UNSIGNED})
        (?:\s*(?:'|分)
            (?:\s*(?P<s>{_UNSIGNED})\s*(?:"|''|秒)?)?
        )?
    )?""",
    re.VERBOSE,
)
# Hemisphere marker -> (sign, axis).
_HEMISPHERE = {
    **dict.fromkeys("东E", (1, "lon")),
    **dict.fromkeys("西W", (-1, "lon")),
    **dict.fromkeys("北N", (1, "lat")),
    **dict.fromkeys("南S", (-1, "lat")),
}
_PREFIX = re.compile(r"^(?P<h>[东西]经|[南北]纬|[东西南北EWNS])\s*[:=]?\s*")
_SUFFIX = re.compile(r"\s*(?P<h>[东西]经|[南北]纬|[东西南北EWNS])$")


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text.translate(_PRE_NFKC)).translate(_POST_NFKC)
    # Excel exports and web pages leave zero-width and no-break spaces behind.
    text = "".join(" " if ch.isspace() or unicodedata.category(ch) == "Cf" else ch for ch in text)
    return text.strip().upper()


def _parse(text: str) -> tuple[float, str | None] | None:
    """Parse one normalised coordinate; return (degrees, "lon"/"lat"/None) or None."""
    if _NUMBER.fullmatch(text):  # the common case, including repr() forms like "1e-05"
        value = float(text)
        return (value, None) if math.isfinite(value) and abs(value) <= 180 else None

    sign, axis = 1, None
    prefix, suffix = _PREFIX.match(text), _SUFFIX.search(text)
    if prefix and suffix:  # "N31.4E" says two different things
        return None
    if prefix or suffix:
        found = prefix or suffix
        assert found is not None
        sign, axis = _HEMISPHERE[found["h"][0]]
        text = text[found.end() :] if prefix else text[: found.start()]

    if text.startswith(("+", "-")):
        sign = -1 if text[0] == "-" else sign  # "-121 W" is still west, not east
        text = text[1:].lstrip()
    if "," in text and "." not in text and text.count(",") == 1:
        text = text.replace(",", ".")  # decimal comma from a European-locale spreadsheet

    if re.fullmatch(rf"(?:{_UNSIGNED})°?", text):
        value = float(text.rstrip("°"))
    elif match := _DMS.fullmatch(text):
        degrees, minutes, seconds = (float(match[k]) if match[k] else None for k in "dms")
        assert degrees is not None
        # Only the last component may have a fraction ("31°24.5'", not "31.5°24'").
        if minutes is not None and (minutes >= 60 or not degrees.is_integer()):
            return None
        if seconds is not None and (seconds >= 60 or not (minutes or 0.0).is_integer()):
            return None
        value = degrees + (minutes or 0.0) / 60 + (seconds or 0.0) / 3600
    else:
        return None
    if not math.isfinite(value) or value > (90 if axis == "lat" else 180):
        return None
    return sign * value, axis


def parse_coordinate(text: str | float | None) -> float | None:
    """Read one longitude or latitude from a spreadsheet cell.

    Accepts plain decimals, full-width digits and punctuation (``１２１．２５``), a decimal
    comma, hemisphere letters or Chinese prefixes before or after the number (``E121.25``,
    ``121.25°E``, ``东经121.25``, ``南纬 33.9``), and degree-minute-second forms
    (``121°15'30.5"``, ``121°15′30.5″``, ``121度15分30.5秒``, ``31°24.5'``). West and south
    give negative values. Numbers (e.g. a float cell read by pandas) are accepted as they are.

    Parameters
    ----------
    text
        The cell's content.

    Returns
    -------
    float or None
        Decimal degrees, or None for blank, placeholder ("待定", "-", "N/A"), malformed or
        out-of-range input (beyond ±180, a labelled latitude beyond ±90, minutes or
        seconds ≥ 60).

    Examples
    --------
    >>> parse_coordinate("东经121°15′30.5″")
    121.25847222222222
    >>> parse_coordinate("１２１．２５"), parse_coordinate("33.9S"), parse_coordinate("待定")
    (121.25, -33.9, None)
    """
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, int | float):
        value = float(text)
        return value if math.isfinite(value) and abs(value) <= 180 else None
    if not isinstance(text, str):
        return None
    parsed = _parse(_normalise(text))
    return None if parsed is None else parsed[0]


def parse_lonlat_pair(text: str | None) -> tuple[float, float] | None:
    """Read a "lon,lat" pair from one cell.

    The two numbers may be separated by a comma (also full-width ``，`` or ``、``), a
    semicolon or spaces, and each may use any form :func:`parse_coordinate` accepts; brackets
    around the pair are ignored. The order is taken as written (lon first) unless hemisphere
    labels say otherwise ("N31.4 E121.2"); swapped plain numbers are not guessed here.

    Parameters
    ----------
    text
        The cell's content.

    Returns
    -------
    tuple of float or None
        ``(lon, lat)``, or None when the cell does not hold exactly two readable numbers.

    Examples
    --------
    >>> parse_lonlat_pair("121.2257,31.4144")
    (121.2257, 31.4144)
    >>> parse_lonlat_pair("（１２１．２２５７，３１．４１４４）")
    (121.2257, 31.4144)
    """
    if not isinstance(text, str):
        return None
    text = _normalise(text).strip("()[]{}<> ")
    if "," in text or ";" in text:
        parts = re.split(r"\s*[,;]\s*", text)
        candidates = [(parts[0], parts[1])] if len(parts) == 2 else []
    else:
        # Try every space as the split point; "东经 121.2 北纬 31.4" has exactly one that works.
        gaps = [m.start() for m in re.finditer(r"\s+", text)]
        candidates = [(text[:i].strip(), text[i:].strip()) for i in gaps]

    pairs = []
    for first_text, second_text in candidates:
        first, second = _parse(first_text), _parse(second_text)
        if first is not None and second is not None:
            pairs.append((first, second))
    if len(pairs) != 1:
        return None
    (a, a_axis), (b, b_axis) = pairs[0]
    if a_axis == b_axis and a_axis is not None:  # "E121, E31": both say longitude
        return None
    if a_axis == "lat" or b_axis == "lon":
        a, b = b, a
    return a, b


def looks_swapped(lon: float, lat: float) -> bool:
    """Hint that a lon/lat pair was entered the wrong way round.

    True when the pair cannot be a point in China as given (latitude outside 0–56 or
    longitude below 70) but the swapped pair lies in the China box. It is only a hint: the
    pipeline decides with the district's geometry.

    Parameters
    ----------
    lon, lat
        The values as found in the longitude and latitude columns.

    Returns
    -------
    bool

    Examples
    --------
    >>> looks_swapped(31.4144, 121.2257), looks_swapped(121.2257, 31.4144)
    (True, False)
    """
    impossible = not 0 <= lat <= 56 or lon < 70
    return bool(impossible and in_china_box(lat, lon))
