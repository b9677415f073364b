"""One formatter: mapgen/formats.py and static/format.js write every figure alike."""

from __future__ import annotations

import random

import pytest

from mapgen import formats

EDGES = [0, 4, 5, 994.9, 995, 999.4, 1000, 8449.9, 8450, 8450.000001, 9949, 9950, 9960,
         10_000, 10_499, 10_500, 123_456.5, 1.5e6, 0.05, 1e-7, 2.675, 1.005, 5e-324]  # fmt: skip
SHARES = [0, 1, 0.5, 0.875, 0.285, 0.995, 0.996, 0.9999, 0.004, 0.005, 0.001, 1 / 3, 2 / 3]


def test_the_same_845_km_reads_8_5_km_in_both_languages():
    assert formats.distance(8450, "en") == "8.5 km"
    assert formats.distance(8450, "zh-CN") == "8.5 公里"
    assert formats.km(8.45) == "8.5"


def test_units_change_after_rounding():
    assert formats.distance(994, "en") == "990 m"
    assert formats.distance(995, "en") == "1.0 km"
    assert formats.distance(9949, "en") == "9.9 km"
    assert formats.distance(9950, "en") == "10 km"


@pytest.mark.parametrize(
    ("value", "text"), [(0, "0%"), (1, "100%"), (0.9999, "99%"), (0.00001, "1%"), (0.285, "29%")]
)
def test_only_all_is_100_percent_and_only_none_is_0(value, text):
    assert formats.share(value) == text


def test_decimal_is_half_up_on_written_digits_both_signs():
    assert [formats.decimal(v, 2) for v in (1.005, 2.675, -1.005, -0.001)] == [
        "1.01",
        "2.68",
        "-1.01",
        "0.00",
    ]


@pytest.mark.browser
def test_python_and_javascript_write_every_value_alike(script_page):
    page = script_page("format.js")
    rng = random.Random(11)
    metres = EDGES + [rng.uniform(0, 50_000) for _ in range(1500)]
    metres += [round(rng.uniform(0, 30_000), rng.choice([0, 1, 2])) for _ in range(1500)]
    shares = SHARES + [rng.random() for _ in range(500)] + [k / 200 for k in range(201)]
    counts = [0, 7, 999, 1000, 12345, 1_234_567, -4321]
    expected = {
        "distance_en": [formats.distance(m, "en") for m in metres],
        "distance_zh": [formats.distance(m, "zh-CN") for m in metres],
        "km": [formats.km(m / 1000) for m in metres],
        "decimal2": [formats.decimal(m / 1000, 2) for m in metres],
        "share": [formats.share(s) for s in shares],
        "count": [formats.count(c) for c in counts],
    }
    actual = page.evaluate(
        """([metres, shares, counts]) => {
            const f = window.mapgenFormat;
            return {
                distance_en: metres.map(m => f.distance(m, "en")),
                distance_zh: metres.map(m => f.distance(m, "zh-CN")),
                km: metres.map(m => f.km(m / 1000)),
                decimal2: metres.map(m => f.decimal(m / 1000, 2)),
                share: shares.map(s => f.share(s)),
                count: counts.map(c => f.count(c)),
            };
        }""",
        [metres, shares, counts],
    )
    for key, values in expected.items():
        differ = [
            (i, values[i], actual[key][i])
            for i in range(len(values))
            if values[i] != actual[key][i]
        ]
        assert not differ, f"{key}: Python and JS differ at {differ[:5]}"
