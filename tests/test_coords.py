"""Tests for mapgen.coords: reading coordinates from hand-typed spreadsheet cells."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mapgen.coords import looks_swapped, parse_coordinate, parse_lonlat_pair

DMS_121 = 121 + 15 / 60 + 30.5 / 3600  # 121°15'30.5"
DM_31 = 31 + 24.5 / 60  # 31°24.5'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # plain decimals and whitespace
        ("121.25", 121.25),
        ("  121.25\t", 121.25),
        ("-31.5", -31.5),
        ("+31.5", 31.5),
        ("121", 121.0),
        ("121.", 121.0),
        ("1e-05", 1e-05),
        ("\u00a0121.25\u200b", 121.25),  # no-break and zero-width space from a web copy
        # full-width digits and punctuation from a Chinese input method
        ("１２１．２５", 121.25),
        ("－３１．５", -31.5),
        ("１２１，２５", 121.25),  # full-width decimal comma
        ("121,25", 121.25),  # decimal comma
        ("−31.5", -31.5),  # U+2212 minus sign
        # hemisphere letters and Chinese prefixes
        ("121.25E", 121.25),
        ("E121.25", 121.25),
        ("e 121.25", 121.25),
        ("121.25 W", -121.25),
        ("W121.25", -121.25),
        ("31.5N", 31.5),
        ("33.9S", -33.9),
        ("121.25°E", 121.25),
        ("121.25°", 121.25),
        ("东经121.25", 121.25),
        ("东经：121.25", 121.25),
        ("西经 121.25", -121.25),
        ("北纬31.5", 31.5),
        ("南纬 33.9", -33.9),
        ("-121.25 W", -121.25),  # a redundant minus does not flip west back to east
        # degree-minute-second
        ("121°15'30.5\"", DMS_121),
        ("121°15′30.5″", DMS_121),
        ("121°15’30.5”", DMS_121),
        ("121°15'30.5''", DMS_121),
        ("121度15分30.5秒", DMS_121),
        ("121° 15' 30.5\" E", DMS_121),
        ("东经121°15′30.5″", DMS_121),
        ("121°15'30.5\"W", -DMS_121),
        ("121°15'30.5", DMS_121),  # last marker left out
        ("１２１°１５′３０．５″", DMS_121),
        ("31°24.5'", DM_31),
        ("31°24.5′N", DM_31),
        ("31º24.5'", DM_31),  # ordinal indicator typed for the degree sign
        ("北纬31度24.5分", DM_31),
        ("31°24'S", -(31 + 24 / 60)),
        ("-31°24.5'", -DM_31),
        ("121°", 121.0),
        ("121度", 121.0),
        # nothing to read
        ("", None),
        ("   ", None),
        ("待定", None),
        ("-", None),
        ("N/A", None),
        ("n/a", None),
        ("无", None),
        ("nan", None),
        ("inf", None),
        ("abc", None),
        ("see note", None),
        ("121.2.5", None),
        ("121.2257,31.4144", None),  # a pair is not one coordinate
        ("121.2257 31.4144", None),
        # out of range or malformed
        ("181", None),
        ("-180.5", None),
        ("1e5", None),
        ("北纬 95", None),  # a latitude beyond 90
        ("121°60'", None),
        ("121°15'60\"", None),
        ("121.5°15'", None),  # fractional degrees followed by minutes
        ("121°15.5'30\"", None),
        ("N31.5E", None),  # two hemispheres
        ("121.25 E W", None),
        ("121 15 30", None),  # unmarked DMS is ambiguous
    ],
)
def test_parse_coordinate(text, expected):
    result = parse_coordinate(text)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(121.25, 121.25), (31, 31.0), (float("nan"), None), (200.0, None), (None, None), (True, None)],
)
def test_parse_coordinate_accepts_numeric_cells(value, expected):
    assert parse_coordinate(value) == expected


@given(st.text())
def test_parse_coordinate_never_raises(text):
    result = parse_coordinate(text)
    assert result is None or (isinstance(result, float) and math.isfinite(result))


@given(st.floats(-180, 180))
def test_parse_coordinate_round_trips_repr(value):
    assert parse_coordinate(repr(value)) == value
    assert parse_coordinate(f" {value!r} ") == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("121.2257,31.4144", (121.2257, 31.4144)),
        ("121.2257, 31.4144", (121.2257, 31.4144)),
        ("121.2257，31.4144", (121.2257, 31.4144)),
        ("121.2257、31.4144", (121.2257, 31.4144)),
        ("121.2257 31.4144", (121.2257, 31.4144)),
        ("121.2257   31.4144", (121.2257, 31.4144)),
        ("121.2257;31.4144", (121.2257, 31.4144)),
        ("121.2257；31.4144", (121.2257, 31.4144)),
        ("(121.2257, 31.4144)", (121.2257, 31.4144)),
        ("（１２１．２２５７，３１．４１４４）", (121.2257, 31.4144)),
        (" 121.2257 , 31.4144 ", (121.2257, 31.4144)),
        ("东经 121.2257 北纬 31.4144", (121.2257, 31.4144)),
        ("121°15'30.5\"E, 31°24.5'N", (DMS_121, DM_31)),
        ("121°15'30.5\" 31°24.5'", (DMS_121, DM_31)),
        # hemisphere labels say latitude comes first: that is reading, not guessing
        ("N31.4144 E121.2257", (121.2257, 31.4144)),
        ("北纬31.4144，东经121.2257", (121.2257, 31.4144)),
        # plain numbers in the wrong order are returned as written
        ("31.4144,121.2257", (31.4144, 121.2257)),
        # nothing to read
        ("", None),
        ("121.2257", None),
        ("121.2257,", None),
        ("121.2257,31.4144,5", None),
        ("121.2257 31.4144 5", None),
        ("待定", None),
        ("abc,def", None),
        ("E121.2257 E31.4144", None),
    ],
)
def test_parse_lonlat_pair(text, expected):
    result = parse_lonlat_pair(text)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected, abs=1e-12)


@given(st.text())
def test_parse_lonlat_pair_never_raises(text):
    parse_lonlat_pair(text)


@pytest.mark.parametrize(
    ("lon", "lat", "expected"),
    [
        (31.4144, 121.2257, True),  # Shanghai typed lat-first
        (22.54, 113.91, True),  # Shenzhen typed lat-first
        (121.2257, 31.4144, False),
        (87.61, 43.82, False),  # Urumqi is fine as given
        (31.4, 31.4, False),  # impossible either way
        (-121.2, 31.4, False),
        (2.35, 48.86, False),  # Paris: not China whichever way round
        (float("nan"), 31.4, False),
    ],
)
def test_looks_swapped(lon, lat, expected):
    assert looks_swapped(lon, lat) is expected
