"""Counts of people as Chinese tables write them: one parser for every count mapgen reads.

Sensitive counts (``[public] sensitive_fields``) and population (``[population] count``,
``[townships.columns] population``) are read by the same rules, so ``1.2万`` means 12,000
wherever it is typed.
"""

from __future__ import annotations

import math
import re
import unicodedata

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Thousands separators: ASCII and full-width commas (NFKC folds the latter), and spaces.
_SEPARATORS = re.compile(r"[,\s\u00a0\u2009\u202f']")


def parse_count(text: object) -> float | None:
    """A count of people: ``12,345``, ``１２``, ``1.2万``, ``3500人``, ``12,345 人``.

    None for anything else: blank cells, words, negative numbers.

    Example::

        >>> [parse_count(t) for t in ("1.2万", "3,000", "12,345人", "１２", "", "-5", "约300")]
        [12000.0, 3000.0, 12345.0, 12.0, None, None, None]
    """
    value = unicodedata.normalize("NFKC", str(text if text is not None else "")).strip()
    value = _SEPARATORS.sub("", value).removesuffix("人")
    scale = 1.0
    if value.endswith("万"):
        value, scale = value[:-1], 10_000.0
    if not _NUMBER.fullmatch(value):
        return None
    number = round(float(value) * scale, 6)
    return number if math.isfinite(number) else None


def parse_whole_count(text: object) -> float | None:
    """A count that must be a whole number (people served): ``12``, ``1.2万``; not ``2.5``.

    Example::

        >>> parse_whole_count("1.2万"), parse_whole_count("2.5"), parse_whole_count("12.0")
        (12000.0, None, 12.0)
    """
    number = parse_count(text)
    return number if number is not None and number.is_integer() else None
