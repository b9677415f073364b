"""One way to write a distance, a share and a count, on every page and in every language.

The same rules live in ``static/format.js`` for what the browser computes (distances from
the reader), and ``tests/test_formats.py`` runs both on one table of values, so a figure
never reads 8.4 on one page and 8.5 on another.

Rules
-----
- **Rounding is half-up on the decimal digits as written**: a value is first written in
  its shortest exact form (``repr`` in Python, ``String()`` in JS, the same digits), then
  rounded, so 8.45 km is "8.5 km" although the binary double is a hair below 8.45.
- **Distances**: under 1 km to the nearest 10 m ("850 m"); under 10 km with one decimal
  ("8.5 km"); from 10 km whole kilometres ("12 km"). The unit is chosen after rounding:
  995 m is "1.0 km", 9.96 km is "10 km".
- **Shares** are whole percent. A share that is not 0 never shows as "0%" and one short of
  all never as "100%": 0.996 is "99%", 0.001 is "1%", so "100%" always means every one.
- **Counts** get thousands separators: "12,345" in both languages.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

UNITS = {
    "zh-CN": {"km": "{value} 公里", "m": "{value} 米"},
    "en": {"km": "{value} km", "m": "{value} m"},
}


def decimal(value: float, digits: int = 0) -> str:
    """``value`` rounded half-up to ``digits`` decimals, as written.

    Example::

        >>> decimal(8.45, 1), decimal(2.5), decimal(-2.5), decimal(0.125, 2)
        ('8.5', '3', '-3', '0.13')
    """
    exact = Decimal(repr(float(value)))
    step = Decimal(1).scaleb(-digits)
    text = f"{exact.quantize(step, rounding=ROUND_HALF_UP):f}"
    return "0" + text[2:] if text.startswith("-0") and not text.strip("-0.") else text


def distance(metres: float, lang: str) -> str:
    """A distance as people say it.

    Example::

        >>> distance(8450, "en"), distance(8450, "zh-CN"), distance(846, "en")
        ('8.5 km', '8.5 公里', '850 m')
        >>> distance(995, "en"), distance(9960, "en"), distance(12345, "zh-CN")
        ('1.0 km', '10 km', '12 公里')
    """
    units = UNITS[lang]
    tens = Decimal(decimal(metres / 10))
    if tens < 100:
        return units["m"].format(value=f"{tens * 10:f}")
    km = decimal(metres / 1000, 1)
    if Decimal(km) >= 10:
        km = decimal(metres / 1000)
    return units["km"].format(value=km)


def km(value: float) -> str:
    """Kilometres in a table column: one decimal, half-up, no unit.

    Example::

        >>> km(8.45), km(0.04)
        ('8.5', '0.0')
    """
    return decimal(value, 1)


def share(value: float) -> str:
    """A share as a whole percent; only all is 100% and only none is 0%.

    Example::

        >>> share(0.5), share(0.875), share(0.285), share(0.996), share(0.001), share(1)
        ('50%', '88%', '29%', '99%', '1%', '100%')
    """
    percent = round(float(decimal(value, 2)) * 100)
    if 0 < value < 1:
        percent = min(99, max(1, percent))
    return f"{percent}%"


def count(value: int) -> str:
    """A count with thousands separators.

    Example::

        >>> count(12345), count(7)
        ('12,345', '7')
    """
    return f"{int(value):,}"
