"""Planning figures on top of coverage: tiers, plans, targets, distances, next sites.

* **Stations that count** are placed stations of the tiers in ``[coverage] tiers`` (all
  tiers when empty). *Open* ones cover their township; *planned* ones (``status``
  planned, 规划, 筹建, 在建…) cover it once they open, on their ``opened`` date. A planned
  date given as a year or a month counts at its end (``2026`` is by ``2026-12-31``).
* **Distance** of a township: from its *anchor* to the nearest open station that counts,
  geodesic on the WGS84 ellipsoid (:mod:`mapgen.distance`). The anchor is the
  population-weighted centre of the ``[population]`` points inside the township when the
  planner audience has them, else a point guaranteed inside it (``point_on_surface``).
  A township beyond ``[coverage] max_distance_km`` is *far*, covered or not.
* **Next sites** (:mod:`mapgen.sites`): planned stations are taken as built; a township is
  *unserved* when it still has no station or its anchor is beyond the distance. A candidate
  reaches a demand unit (a township's anchor, or a population point) within the distance,
  and always reaches the units of the uncovered township it stands in (a station there
  covers it). Candidates come from ``[candidates]``, or are the anchors of the unserved
  townships. ``k = [coverage] suggestions``.

Audiences: the **public** audience never reads population (the township ``population``
column or the ``[population]`` layer), so nothing computed here for it can carry those
values. The **planner** audience adds population, people reached and accessibility
(2SFCA: open stations per 10,000 people within the distance).
"""

from __future__ import annotations

import math
import re
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from mapgen import distance, sites
from mapgen.config import Config
from mapgen.counts import parse_count
from mapgen.coverage import Coverage, is_open
from mapgen.join import assign_townships
from mapgen.messages import problem
from mapgen.plan import Plan, tier_column
from mapgen.problems import Problem, Severity

AUDIENCES = ("public", "planner")
PER_PEOPLE = 10_000  # accessibility is stations per this many people
_DATE = re.compile(r"^\s*(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2}))?)?")


# --------------------------------------------------------------------------- dates


def normal_date(text: object) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` from a date cell; "" when there is none."""
    match = _DATE.match(str(text or ""))
    if not match:
        return ""
    year, month, day = match.groups()
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    return "-".join(parts)


def period_end(date: str) -> str:
    """A comparable end of the period a partial date names: 2026 → 2026-12-31."""
    if not date:
        return ""
    parts = date.split("-")
    return "-".join(parts + ["12", "31"][len(parts) - 1 :])


# --------------------------------------------------------------------------- counts


# --------------------------------------------------------------------------- points


def _in_townships(points: gpd.GeoDataFrame, townships: gpd.GeoDataFrame) -> np.ndarray:
    """Township id of each point ("" outside all); border ties to the lower code."""
    return assign_townships(points, townships).to_numpy(dtype=object)


# --------------------------------------------------------------------------- the plan


def compute_plan(
    config: Config,
    townships: gpd.GeoDataFrame,
    stations: gpd.GeoDataFrame,
    coverage: Coverage,
    *,
    audience: str = "public",
    population: gpd.GeoDataFrame | None = None,
    candidates: gpd.GeoDataFrame | None = None,
) -> Plan:
    """Every planning figure for ``audience`` ("public" or "planner").

    ``population`` and ``candidates`` are the point layers the read stage read
    (:func:`mapgen.layers.read_points`); population is used by the planner audience only.

    Example::

        >>> plan = compute_plan(project.config, project.townships, project.stations,
        ...                     project.coverage)                       # doctest: +SKIP
        >>> plan.targets["needed_for_full"]                             # doctest: +SKIP
        6
    """
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}, not {audience!r}")
    settings = config.coverage
    problems: list[Problem] = []
    ids = townships["id"].to_numpy(dtype=object)
    n = len(ids)
    placed = stations[stations["township_id"] != ""]
    counting = placed[placed["tier"].isin(settings.tiers)] if settings.tiers else placed
    opened = is_open(counting["status"])
    open_st, planned_st = counting[opened.to_numpy()], counting[~opened.to_numpy()]

    table = coverage.table[["id", "name", "name_en", "covered"]].copy()
    table["open"] = table["id"].map(open_st.groupby("township_id").size()).fillna(0).astype(int)
    table["planned"] = (
        table["id"].map(planned_st.groupby("township_id").size()).fillna(0).astype(int)
    )
    planned_dates = planned_st.assign(date=planned_st["opened"].map(normal_date))
    planned_dates = planned_dates[planned_dates["date"] != ""]
    first_dates = planned_dates.groupby("township_id")["date"].min().to_dict()
    table["planned_date"] = [first_dates.get(code, "") for code in table["id"]]
    table["covered_when_planned"] = (table["open"] + table["planned"]) > 0

    tiers = _tiers(placed, table)

    # Anchors, population (planner only).
    population_points = None
    people = None
    if audience == "planner":
        population_points, people, more = _population(config, townships, population)
        problems += more
    anchors, anchor_kind = _anchors(townships, population_points)
    a_lon, a_lat = lonlat(anchors)

    # Distance from each anchor to the nearest open counting station.
    s_lon = open_st["lon"].to_numpy(dtype=float)
    s_lat = open_st["lat"].to_numpy(dtype=float)
    best, metres = distance.nearest(a_lon, a_lat, s_lon, s_lat)
    limit_m = settings.max_distance_km * 1000.0
    table["distance_km"] = [
        None if not np.isfinite(m) else round(float(m) / 1000, 2) for m in metres
    ]
    station_ids = open_st["id"].to_numpy(dtype=object)
    table["nearest_station"] = [station_ids[b] if b >= 0 else "" for b in best]
    # Without boundaries (a table of townships) there is no point to measure from: unknown.
    table["far"] = np.isfinite(a_lon) & ~(np.isfinite(metres) & (metres <= limit_m))

    if people is not None:
        table["population"] = [round(float(p)) for p in people]
        table["access_per_10k"] = _access(
            ids, population_points, people, a_lon, a_lat, s_lon, s_lat, limit_m
        )

    suggestions, more = _suggest(
        config, townships, table, counting, anchors, population_points, people, audience, candidates
    )
    problems += more
    return Plan(
        audience=audience,
        townships=n,
        table=table.reset_index(drop=True),
        tiers=tiers,
        counting_tiers=list(settings.tiers),
        stations={
            "open": len(open_st),
            "planned": len(planned_st),
            "planned_undated": int(len(planned_st) - len(planned_dates)),
        },
        targets=_targets(table, planned_dates, settings.target, settings.target_date),
        by_year=_by_year(table, open_st, planned_st),
        max_distance_km=settings.max_distance_km,
        anchor=anchor_kind if np.isfinite(a_lon).any() or not n else "none",
        suggestions=suggestions,
        population=None if people is None else round(float(np.sum(people))),
        problems=problems,
    )


def _tiers(placed: pd.DataFrame, table: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Per tier value seen in the data: open and planned stations, townships with an open one."""
    tier = placed["tier"].fillna("").astype(str).str.strip()
    if not (tier != "").any():
        return {}
    opened = is_open(placed["status"]).to_numpy()
    out: dict[str, dict[str, int]] = {}
    for name in dict.fromkeys(tier):  # first-seen order, as in the file
        mask = (tier == name).to_numpy()
        open_here = placed[mask & opened].groupby("township_id").size()
        table[tier_column(name)] = table["id"].map(open_here).fillna(0).astype(int)
        out[name] = {
            "open": int((mask & opened).sum()),
            "planned": int((mask & ~opened).sum()),
            "townships": int((table[tier_column(name)] > 0).sum()),
        }
    return out


def needed(count: int, total: int, share: float) -> int:
    """How many more townships bring ``count`` of ``total`` to ``share`` (0 when there)."""
    goal = math.ceil(round(share * total, 9))
    return max(0, goal - count)


def _targets(
    table: pd.DataFrame,
    planned_dates: pd.DataFrame,
    target: float | None,
    target_date: str,
) -> dict[str, Any]:
    total = len(table)
    covered = int(table["covered"].sum())
    after = int(table["covered_when_planned"].sum())
    share = lambda c: round(c / total, 4) if total else 0.0  # noqa: E731
    out: dict[str, Any] = {
        "townships": total,
        "covered": covered,
        "coverage": share(covered),
        "covered_when_planned": after,
        "coverage_when_planned": share(after),
        "needed_for_full": total - covered,
        "needed_for_full_when_planned": total - after,
        "target": target,
        "target_date": target_date or None,
    }
    if target is not None:
        goal = math.ceil(round(target * total, 9))
        out.update(
            target_townships=goal,
            needed_for_target=needed(covered, total, target),
            needed_for_target_when_planned=needed(after, total, target),
            met=covered >= goal,
        )
        if target_date:
            due = planned_dates[
                planned_dates["date"].map(period_end)
                <= period_end(normal_date(target_date) or target_date)
            ]
            by_date = set(table.loc[table["covered"], "id"]) | set(due["township_id"])
            out["covered_by_target_date"] = len(by_date)
            out["on_track"] = len(by_date) >= goal
    return out


def _by_year(
    table: pd.DataFrame, open_st: pd.DataFrame, planned_st: pd.DataFrame
) -> list[dict[str, int]]:
    """Townships covered at the end of each year, from opening and planned dates."""

    def years(frame: pd.DataFrame) -> np.ndarray:
        text = [normal_date(v)[:4] for v in frame["opened"]]
        return np.array([float(y) if y else np.nan for y in text], dtype=float)

    open_years, planned_years = years(open_st), years(planned_st)
    known = np.concatenate([open_years, planned_years])
    known = known[np.isfinite(known)]
    if not known.size:
        return []
    undated_open = set(open_st.loc[np.isnan(open_years), "township_id"])
    rows = []
    for year in range(int(known.min()), int(known.max()) + 1):
        open_by = set(open_st.loc[open_years <= year, "township_id"])
        due = set(planned_st.loc[planned_years <= year, "township_id"])
        covered = open_by | undated_open
        rows.append(
            {
                "year": year,
                "opened": int((open_years == year).sum()),
                "planned": int((planned_years == year).sum()),
                "covered": len(covered),
                "covered_with_planned": len(covered | due),
            }
        )
    return rows


def _population(
    config: Config, townships: gpd.GeoDataFrame, points: gpd.GeoDataFrame | None
) -> tuple[gpd.GeoDataFrame | None, np.ndarray | None, list[Problem]]:
    """Population points in townships, and people per township (planner audience only)."""
    problems: list[Problem] = []
    if points is not None:
        points = points.copy()
        points["township_id"] = _in_townships(points, townships)
        outside = int((points["township_id"] == "").sum())
        if outside and townships.geometry.notna().any():
            problems.append(
                problem(
                    "population-outside", Severity.WARNING, config.population.file, count=outside
                )
            )
        points = points[points["township_id"] != ""]
        per = points.groupby("township_id")["value"].sum()
        return points, townships["id"].map(per).fillna(0.0).to_numpy(dtype=float), problems
    if "population" in config.townships.columns:
        values = [parse_count(v) for v in townships["population"]]
        for row, value, raw in zip(townships.index, values, townships["population"], strict=True):
            if value is None:
                problems.append(
                    problem(
                        "population-invalid",
                        Severity.WARNING,
                        config.townships.file,
                        row=f"feature {row}",
                        column=config.townships.columns["population"],
                        value=str(raw),
                    )
                )
        return None, np.array([v or 0.0 for v in values], dtype=float), problems
    return None, None, problems


def lonlat(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates of shapely points; NaN for empty or missing ones."""
    points = np.asarray(points, dtype=object)
    usable = ~(shapely.is_missing(points) | shapely.is_empty(points))
    lon, lat = np.full(points.size, np.nan), np.full(points.size, np.nan)
    lon[usable], lat[usable] = shapely.get_x(points[usable]), shapely.get_y(points[usable])
    return lon, lat


def _anchors(
    townships: gpd.GeoDataFrame, points: gpd.GeoDataFrame | None
) -> tuple[np.ndarray, str]:
    anchors = shapely.point_on_surface(townships.geometry.values)
    if points is None or points.empty:
        return anchors, "point_on_surface"
    anchors = anchors.copy()
    for position, code in enumerate(townships["id"]):
        inside = points[points["township_id"] == code]
        weight = inside["value"].to_numpy(dtype=float)
        if weight.sum() > 0:
            anchors[position] = shapely.Point(
                *distance.weighted_centre(
                    inside["lon"].to_numpy(), inside["lat"].to_numpy(), weight
                )
            )
    return anchors, "population_weighted"


def _demand(
    townships: gpd.GeoDataFrame,
    anchors: np.ndarray,
    points: gpd.GeoDataFrame | None,
    population: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, str]:
    """Demand units: (lon, lat, weight, township position, objective)."""
    positions = np.arange(len(townships))
    if points is not None and not points.empty:
        index = {code: i for i, code in enumerate(townships["id"])}
        where = points["township_id"].map(index).to_numpy(dtype=np.intp)
        return (
            points["lon"].to_numpy(float),
            points["lat"].to_numpy(float),
            points["value"].to_numpy(float),
            where,
            "people",
        )
    lon, lat = lonlat(anchors)
    if population is not None:
        return lon, lat, population.astype(float), positions, "people"
    return lon, lat, np.ones(len(townships)), positions, "townships"


def _access(
    codes: np.ndarray,
    points: gpd.GeoDataFrame | None,
    population: np.ndarray,
    a_lon: np.ndarray,
    a_lat: np.ndarray,
    s_lon: np.ndarray,
    s_lat: np.ndarray,
    limit_m: float,
) -> list[float | None]:
    """2SFCA per township: open stations per 10,000 people in reach, people-weighted."""
    if points is not None and not points.empty:
        lon, lat = points["lon"].to_numpy(float), points["lat"].to_numpy(float)
        weight = points["value"].to_numpy(float)
        township = points["township_id"].to_numpy(dtype=object)
    else:
        lon, lat, weight = a_lon, a_lat, population
        township = None
    i, j, _ = distance.pairs_within(lon, lat, s_lon, s_lat, limit_m)
    score = distance.two_step_fca(i, j, weight, np.ones(s_lon.size)) * PER_PEOPLE
    if township is None:
        per_township = score
    else:
        frame = pd.DataFrame({"t": township, "w": weight, "ws": weight * score})
        sums = frame.groupby("t")[["w", "ws"]].sum()
        ratio = (sums["ws"] / sums["w"].where(sums["w"] > 0)).to_dict()
        per_township = np.array([ratio.get(code, np.nan) for code in codes])
    return [
        None
        if population[k] <= 0 or not np.isfinite(per_township[k])
        else round(float(per_township[k]), 3)
        for k in range(len(population))
    ]


def _same_township(
    c_township: np.ndarray, unit_township: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every (candidate, unit) pair in the same township, without a dense matrix."""
    order = np.argsort(unit_township, kind="stable")
    ordered = unit_township[order]
    starts = np.searchsorted(ordered, c_township, side="left")
    counts = np.searchsorted(ordered, c_township, side="right") - starts
    pair_c = np.repeat(np.arange(c_township.size, dtype=np.intp), counts)
    offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    return pair_c, order[np.repeat(starts, counts) + offsets].astype(np.intp)


def _suggest(
    config: Config,
    townships: gpd.GeoDataFrame,
    table: pd.DataFrame,
    counting: pd.DataFrame,
    anchors: np.ndarray,
    points: gpd.GeoDataFrame | None,
    population: np.ndarray | None,
    audience: str,
    candidates: gpd.GeoDataFrame | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    settings = config.coverage
    limit_m = settings.max_distance_km * 1000.0
    problems: list[Problem] = []
    names = table["name"].to_numpy(dtype=object)
    codes = table["id"].to_numpy(dtype=object)
    covered = table["covered_when_planned"].to_numpy(dtype=bool)
    # Base: open and planned stations that count; planned ones are taken as built.
    b_lon, b_lat = counting["lon"].to_numpy(float), counting["lat"].to_numpy(float)
    u_lon, u_lat, weight, unit_township, objective = _demand(townships, anchors, points, population)
    _, to_base = distance.nearest(u_lon, u_lat, b_lon, b_lat)
    unserved = ~covered[unit_township] | (
        np.isfinite(u_lon) & ~(np.isfinite(to_base) & (to_base <= limit_m))
    )
    weight = np.where(unserved, weight, 0.0)
    target_rows = np.unique(unit_township[unserved])

    # Candidates.
    if candidates is not None:
        cand = candidates.copy()
        cand["township_id"] = _in_townships(cand, townships)
        lost = cand[cand["township_id"] == ""]
        for row, ident in zip(lost.index, lost["id"], strict=True):
            problems.append(
                problem(
                    "candidate-outside",
                    Severity.WARNING,
                    config.candidates.file,
                    row=row,
                    column=config.candidates.columns.get("id"),
                    value=str(ident),
                )
            )
        cand = cand[cand["township_id"] != ""]
        index = {code: i for i, code in enumerate(codes)}
        c_ids = [str(v).strip() or f"row {r}" for r, v in zip(cand.index, cand["id"], strict=True)]
        c_names = [str(nm).strip() or c_ids[k] for k, nm in enumerate(cand["name"])]
        c_names_en = [str(v).strip() for v in cand["name_en"]]
        c_lon, c_lat = cand["lon"].to_numpy(float), cand["lat"].to_numpy(float)
        c_township = cand["township_id"].map(index).to_numpy(dtype=np.intp)
        source = "layer"
    else:
        a_lon, a_lat = lonlat(anchors)
        c_township = target_rows[np.isfinite(a_lon[target_rows])].astype(np.intp)
        c_ids = [str(codes[t]) for t in c_township]
        c_names = [str(names[t]) for t in c_township]
        c_names_en = [str(table["name_en"].iloc[t]) for t in c_township]
        c_lon, c_lat = a_lon[c_township], a_lat[c_township]
        source = "township_points"

    # Reach: within the distance, or standing in the unit's uncovered township.
    i, j, _ = distance.pairs_within(c_lon, c_lat, u_lon, u_lat, limit_m)
    same_c, same_u = _same_township(c_township, unit_township)
    keep = ~covered[unit_township[same_u]]
    pair_c = np.concatenate([i, same_c[keep]])
    pair_u = np.concatenate([j, same_u[keep]])
    if pair_c.size:
        both = np.unique(np.stack([pair_c, pair_u], axis=1), axis=0)
        pair_c, pair_u = both[:, 0], both[:, 1]
    k = max(0, settings.suggestions)
    # Ties go to reaching the farthest-off demand (unit weight x km to a station, capped).
    urgency = weight * np.minimum(np.nan_to_num(to_base, nan=1e7), 1e7) / 1000.0
    selection = sites.maximal_covering(pair_c, pair_u, weight, c_lon.size, k, tie_weights=urgency)

    done = np.zeros(weight.size, dtype=bool)
    covered_after = covered.copy()
    chosen = []
    for rank, c in enumerate(selection.chosen, start=1):
        units = np.unique(pair_u[pair_c == c])
        new_units = units[~done[units] & (weight[units] > 0)]
        done[units] = True
        t = int(c_township[c])
        newly_covered = None if covered_after[t] else str(codes[t])
        covered_after[t] = True
        reached = sorted({str(codes[unit_township[u]]) for u in new_units}, key=list(codes).index)
        site = {
            "rank": rank,
            "id": c_ids[c],
            "name": c_names[c],
            "name_en": c_names_en[c],
            "lon": round(float(c_lon[c]), 6),
            "lat": round(float(c_lat[c]), 6),
            "township_id": str(codes[t]),
            "township_name": str(names[t]),
            "covers": newly_covered,
            "reaches": reached,
        }
        if objective == "people":
            site["people_reached"] = round(float(weight[new_units].sum()))
        chosen.append(site)
    # Distances once the chosen sites are built, for the "far" count after.
    all_lon = np.concatenate([b_lon, c_lon[selection.chosen]])
    all_lat = np.concatenate([b_lat, c_lat[selection.chosen]])
    _, after_m = distance.nearest(*lonlat(anchors), all_lon, all_lat)
    total = len(codes)
    result: dict[str, Any] = {
        "k": k,
        "method": selection.method,
        "objective": objective,
        "candidates": source,
        "candidate_count": int(c_lon.size),
        "unserved_townships": len(target_rows),
        "sites": chosen,
        "covered_after": int(covered_after.sum()),
        "coverage_after": round(float(covered_after.sum()) / total, 4) if total else 0.0,
        "far_after": int((~(np.isfinite(after_m) & (after_m <= limit_m))).sum()),
    }
    if objective == "people":
        result["people_unserved"] = round(float(weight.sum()))
        result["people_reached"] = round(selection.value)
    if audience == "public" and objective == "people":  # cannot happen; belt and braces
        raise AssertionError("public plans never weigh people")
    return result, problems
