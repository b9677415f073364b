"""Planning algorithms against hand computations: distances, 2SFCA, the covering problem."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from pyproj import Transformer

from mapgen import distance, sites
from mapgen.planning import needed, normal_date, parse_count, period_end

UTM51 = Transformer.from_crs("EPSG:4326", "EPSG:32651", always_xy=True)


def utm_metres(lon1, lat1, lon2, lat2):
    """Independent check: straight-line metres in UTM zone 51N (scale error < 0.05% here)."""
    x1, y1 = UTM51.transform(lon1, lat1)
    x2, y2 = UTM51.transform(lon2, lat2)
    return np.hypot(np.asarray(x1) - x2, np.asarray(y1) - y2)


def test_nearest_matches_a_utm_computation():
    rng = np.random.default_rng(7)
    a_lon, a_lat = 121.1 + rng.random(40) * 0.4, 31.2 + rng.random(40) * 0.3
    s_lon, s_lat = 121.1 + rng.random(9) * 0.4, 31.2 + rng.random(9) * 0.3
    best, metres = distance.nearest(a_lon, a_lat, s_lon, s_lat)
    matrix = utm_metres(a_lon[:, None], a_lat[:, None], s_lon[None, :], s_lat[None, :])
    assert list(best) == list(np.argmin(matrix, axis=1))
    np.testing.assert_allclose(metres, matrix.min(axis=1), rtol=2e-3, atol=10)


def test_a_known_distance():
    # One minute of latitude at 31°N is about 1848 m (WGS84 meridian arc).
    metres = distance.geodesic_m(121.0, 31.0, 121.0, 31.0 + 1 / 60)
    assert metres == pytest.approx(1848.0, abs=2)


def test_nearest_without_stations_is_nan():
    best, metres = distance.nearest(np.array([121.0]), np.array([31.0]), np.array([]), np.array([]))
    assert best[0] == -1
    assert math.isnan(metres[0])


def test_pairs_within_is_exact_at_the_edge():
    lon, lat = np.array([121.0]), np.array([31.0])
    east = 121.0 + np.array([0.05, 0.0525, 0.06])  # ~4.77, ~5.01, ~5.72 km east
    metres = distance.geodesic_m(121.0, 31.0, east, 31.0)
    _, j, d = distance.pairs_within(lon, lat, east, np.full(3, 31.0), 5000.0)
    assert list(j) == [k for k in range(3) if metres[k] <= 5000]
    assert list(j) == [0]
    np.testing.assert_allclose(d, metres[:1])


def test_two_step_fca_by_hand():
    # Demand a=100 reaches s1 and s2, b=200 reaches s1, c=300 reaches s2; one unit each.
    pair_demand = np.array([0, 0, 1, 2])
    pair_supply = np.array([0, 1, 0, 1])
    score = distance.two_step_fca(
        pair_demand, pair_supply, np.array([100.0, 200.0, 300.0]), np.array([1.0, 1.0])
    )
    # R1 = 1/(100+200), R2 = 1/(100+300); A_a = R1 + R2, A_b = R1, A_c = R2.
    np.testing.assert_allclose(score, [1 / 300 + 1 / 400, 1 / 300, 1 / 400])
    # The supply is shared out exactly: sum of people x score = number of stations.
    assert float(score @ [100, 200, 300]) == pytest.approx(2.0)


def test_two_step_fca_site_with_nobody_in_reach():
    score = distance.two_step_fca(
        np.array([0]), np.array([0]), np.array([50.0]), np.array([1.0, 1.0])
    )
    np.testing.assert_allclose(score, [1 / 50])


def test_weighted_centre_by_hand():
    lon, lat = distance.weighted_centre(
        np.array([121.0, 121.2]), np.array([31.0, 31.0]), np.array([3.0, 1.0])
    )
    assert lon == pytest.approx(121.05, abs=1e-4)
    assert lat == pytest.approx(31.0, abs=1e-3)


# --------------------------------------------------------------------- the covering problem


def pairs(reach: dict[int, set[int]]) -> tuple[np.ndarray, np.ndarray]:
    c = [k for k, units in reach.items() for _ in units]
    u = [x for units in reach.values() for x in sorted(units)]
    return np.array(c, dtype=np.intp), np.array(u, dtype=np.intp)


def brute_force(reach: dict[int, set[int]], weights: np.ndarray, k: int) -> float:
    best = 0.0
    for subset in itertools.combinations(reach, min(k, len(reach))):
        units = set().union(*(reach[c] for c in subset))
        best = max(best, float(sum(weights[u] for u in units)))
    return best


def test_greedy_trap_has_a_known_optimum():
    # A reaches 4 towns; B and C 3 each without overlap. Greedy takes A then one more (5);
    # the optimum is B + C (6).
    reach = {0: {0, 1, 2, 3}, 1: {0, 1, 4}, 2: {2, 3, 5}}
    c, u = pairs(reach)
    weights = np.ones(6)
    exact = sites.maximal_covering(c, u, weights, 3, 2)
    assert exact.method == "exact"
    assert sorted(exact.chosen) == [1, 2]
    assert exact.value == 6
    greedy = sites.maximal_covering(c, u, weights, 3, 2, exact_limit=0)
    assert greedy.method == "greedy"
    assert greedy.chosen[0] == 0
    assert greedy.value == 5
    assert greedy.value >= (1 - 1 / math.e) * exact.value


def test_exact_equals_brute_force_on_random_cases():
    rng = np.random.default_rng(3)
    for _ in range(30):
        n_c, n_u, k = int(rng.integers(2, 8)), int(rng.integers(3, 12)), int(rng.integers(1, 4))
        reach = {
            c: set(rng.choice(n_u, size=int(rng.integers(1, n_u)), replace=False).tolist())
            for c in range(n_c)
        }
        weights = rng.integers(1, 100, n_u).astype(float)
        c, u = pairs(reach)
        exact = sites.maximal_covering(c, u, weights, n_c, k)
        assert exact.value == pytest.approx(brute_force(reach, weights, k))
        assert exact.value == pytest.approx(sites.reached_value(c, u, weights, exact.chosen))
        greedy = sites.maximal_covering(c, u, weights, n_c, k, exact_limit=0)
        assert greedy.value >= (1 - 1 / math.e) * exact.value - 1e-9


def test_ties_go_to_the_farthest_demand_then_the_first_candidate():
    reach = {0: {0}, 1: {1}, 2: {2}}
    c, u = pairs(reach)
    chosen = sites.maximal_covering(c, u, np.ones(3), 3, 1).chosen
    assert chosen == [0]
    chosen = sites.maximal_covering(
        c, u, np.ones(3), 3, 1, tie_weights=np.array([2.0, 9.0, 4.0])
    ).chosen
    assert chosen == [1]


def test_served_demand_and_useless_candidates_are_never_chosen():
    reach = {0: {0}, 1: {1}, 2: {2}}
    c, u = pairs(reach)
    selection = sites.maximal_covering(c, u, np.array([0.0, 5.0, 0.0]), 3, 3)
    assert selection.chosen == [1]
    assert selection.gains == [5.0]


# ------------------------------------------------------------------------ small helpers


@pytest.mark.parametrize(
    ("count", "total", "share", "more"),
    [
        (22, 25, 0.88, 0),  # 0.88 * 25 is 22.000000000000004 in floating point
        (21, 25, 0.88, 1),
        (6, 12, 0.88, 5),
        (22, 25, 1.0, 3),
        (0, 0, 0.5, 0),
    ],
)
def test_townships_needed_for_a_target(count, total, share, more):
    assert needed(count, total, share) == more


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2023-09", "2023-09"),
        ("2024-9-20", "2024-09-20"),
        ("2024年9月", "2024-09"),
        ("2025", "2025"),
        ("2024/09/20 00:00:00", "2024-09-20"),
        ("", ""),
        ("待定", ""),
    ],
)
def test_dates(text, date):
    assert normal_date(text) == date


def test_partial_dates_count_at_their_end():
    assert period_end("2026") == "2026-12-31"
    assert period_end("2026-06") == "2026-06-31"
    assert period_end("2026") > period_end("2026-12-30")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12,345", 12345),
        ("1.2万", 12000),
        ("3500人", 3500),
        ("0", 0),
        ("", None),
        ("-5", None),
    ],
)
def test_people_counts(text, value):
    assert parse_count(text) == value


def test_same_township_pairs_without_a_dense_matrix():
    from mapgen.planning import _same_township

    c, u = _same_township(np.array([2, 0, 2, 5]), np.array([0, 2, 2, 1, 0]))
    assert sorted(zip(c.tolist(), u.tolist(), strict=True)) == [
        (0, 1),
        (0, 2),
        (1, 0),
        (1, 4),
        (2, 1),
        (2, 2),
    ]


def test_points_without_coordinates_pair_with_nothing():
    nan = float("nan")
    best, metres = distance.nearest(
        np.array([nan, 121.0]),
        np.array([nan, 31.0]),
        np.array([121.01, nan]),
        np.array([31.0, nan]),
    )
    assert list(best) == [-1, 0]
    assert math.isnan(metres[0])
    assert metres[1] == pytest.approx(954, abs=2)
    i, j, _ = distance.pairs_within(
        np.array([nan, 121.0]),
        np.array([nan, 31.0]),
        np.array([121.01, nan]),
        np.array([31.0, nan]),
        5000.0,
    )
    assert (list(i), list(j)) == ([1], [0])
