"""The coverage page for planners: progress, target, chart, map, next sites, tables.

Everything on the page comes from ``Plan.to_json()`` — the same audience-filtered record
as ``data/coverage.json`` — and from the public station records, so the page can show
nothing that the downloads do not. The chart is an SVG drawn here, with no chart library.
"""

from __future__ import annotations

from typing import Any

from mapgen import datum, formats, i18n
from mapgen.coverage import category_column
from mapgen.render.views import SiteData, category_names

CHART_WIDTH, CHART_HEIGHT = 560, 230
# Beyond this many townships the page lists those needing attention first (uncovered, far),
# up to this many, and leaves the full table to data/coverage.csv.
TABLE_LIMIT = 500
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 40, 12, 22, 30


share = formats.share


def coverage_page(site: SiteData, lang: str) -> dict[str, Any]:
    """Template context of ``coverage.html`` in ``lang``."""
    coverage = site.coverage
    assert coverage is not None and coverage.plan is not None
    c = i18n.coverage_strings(lang, site.words)
    record = coverage.to_json()
    plan = coverage.plan
    km = f"{plan.max_distance_km:g}"
    rows = [_row(site, r, lang, c) for r in record["by_township"]]
    shown = rows
    if len(rows) > TABLE_LIMIT:
        shown = sorted(
            rows, key=lambda r: (r["status_rank"], not r["far"], -(r["distance_km"] or 0.0))
        )[:TABLE_LIMIT]
    planner = "population" in record
    return {
        "c": c,
        "km": km,
        "planner": planner,
        "tiers": [
            {
                "name": name or c["tier_none"],
                "counts": name in plan.counting_tiers or not plan.counting_tiers,
                **figures,
            }
            for name, figures in plan.tiers.items()
        ],
        "tier_names": list(plan.tiers),
        "progress": _progress(record["targets"], record["stations"], c),
        "chart": _chart(record["by_year"], record["targets"], c, lang),
        "suggestions": _suggestions(record["suggestions"], rows, plan.townships, km, c, lang),
        "rows": shown,
        "rows_note": None
        if shown is rows
        else c["table_limited"].format(shown=len(shown), total=len(rows)),
        "matrix": _matrix(site, coverage, lang, limited=shown is not rows),
        "anchor": None
        if record["distances"]["from"] == "none"
        else c["anchor_population"]
        if record["distances"]["from"] == "population_weighted"
        else c["anchor_point"],
        "coverage_data": _map_data(site, record, rows, lang),
    }


def _row(site: SiteData, r: dict[str, Any], lang: str, c: dict[str, str]) -> dict[str, Any]:
    if r["covered"]:
        status, rank, text = "covered", 2, c["status_covered"]
    elif r["covered_when_planned"]:
        status, rank = "planned", 1
        text = (
            c["planned_on"].format(date=r["planned_date"])
            if r["planned_date"]
            else c["planned_undated"]
        )
    else:
        status, rank, text = "uncovered", 0, c["status_uncovered"]
    nearest = site.stations[lang].get(r["nearest_station"] or "")
    return {
        **r,
        "tiers": r.get("tiers", {}),
        "slug": site.townships[r["id"]]["slug"],
        "label": i18n.pick(site.townships.get(r["id"], r), "label", lang),
        "status": status,
        "status_rank": rank,
        "status_text": text,
        "nearest": None if nearest is None else {"slug": nearest.slug, "name": nearest.name},
    }


def _progress(
    targets: dict[str, Any], stations: dict[str, int], c: dict[str, str]
) -> dict[str, Any]:
    total = targets["townships"] or 1
    goal = targets.get("target_townships")
    lines = []
    if targets["needed_for_full"] == 0:
        lines.append(c["all_covered"])
    if stations["planned"]:
        lines.append(
            c["when_planned"].format(
                planned=stations["planned"],
                covered=targets["covered_when_planned"],
                total=targets["townships"],
                share=share(targets["coverage_when_planned"]),
            )
        )
    target_line = None
    if targets.get("target") is not None:
        date = (
            c["target_by"].format(date=targets["target_date"]) if targets.get("target_date") else ""
        )
        target_line = c["target_line"].format(target=share(targets["target"]), goal=goal, date=date)
        need = (
            c["target_met"]
            if targets["met"]
            else c["target_need"].format(count=targets["needed_for_target"])
        )
        target_line += c["sep"] + need
        if "on_track" in targets:
            key = "on_track" if targets["on_track"] else "off_track"
            lines.append(
                c[key].format(
                    count=targets["covered_by_target_date"],
                    short=max(0, goal - targets["covered_by_target_date"]),
                )
            )
    if targets["needed_for_full"]:
        lines.append(c["full_need"].format(count=targets["needed_for_full"]))
    width = 400
    return {
        "headline": c["covered_now"].format(
            covered=targets["covered"], total=targets["townships"], share=share(targets["coverage"])
        ),
        "target_line": target_line,
        "lines": lines,
        "label": c["progress_label"].format(
            covered=targets["covered"],
            planned=targets["covered_when_planned"] - targets["covered"],
            goal=goal if goal is not None else "—",
            total=targets["townships"],
        ),
        "width": width,
        "covered_w": round(width * targets["covered"] / total, 1),
        "planned_w": round(width * targets["covered_when_planned"] / total, 1),
        "goal_x": None if goal is None else round(width * goal / total, 1),
    }


def _chart(
    by_year: list[dict[str, int]], targets: dict[str, Any], c: dict[str, str], lang: str
) -> dict[str, Any] | None:
    """Bars of townships covered at each year's end; planned ones as a lighter bar behind."""
    if not by_year:
        return None
    total = max(1, targets["townships"])
    plot_w = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    plot_h = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    slot = plot_w / len(by_year)
    bar = min(56.0, slot * 0.6)

    def y(value: float) -> float:
        return round(CHART_TOP + plot_h * (1 - value / total), 1)

    bars, descriptions = [], []
    for i, row in enumerate(by_year):
        x = round(CHART_LEFT + slot * i + (slot - bar) / 2, 1)
        planned = row["covered_with_planned"] > row["covered"] or row["planned"]
        bars.append(
            {
                "x": x,
                "width": round(bar, 1),
                "cx": round(x + bar / 2, 1),
                "year": row["year"],
                "y": y(row["covered"]),
                "height": round(y(0) - y(row["covered"]), 1),
                "value": row["covered"],
                "planned": bool(planned),
                "py": y(row["covered_with_planned"]),
                "pheight": round(y(0) - y(row["covered_with_planned"]), 1),
                "pvalue": row["covered_with_planned"],
            }
        )
        descriptions.append(
            c["year_planned"].format(**{**row, "covered": row["covered_with_planned"]})
            if planned and not row["opened"]
            else c["year_opened"].format(**row)
        )
    goal = targets.get("target_townships")
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "bars": bars,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_RIGHT,
        "base": y(0),
        "top": y(total),
        "total": total,
        "goal": goal,
        "goal_y": None if goal is None else y(goal),
        "description": "；".join(descriptions) if lang == "zh-CN" else "; ".join(descriptions),
        "has_planned": any(b["planned"] for b in bars),
    }


def _suggestions(
    s: dict[str, Any], rows: list[dict[str, Any]], total: int, km: str, c: dict[str, str], lang: str
) -> dict[str, Any]:
    labels = {r["id"]: r["label"] for r in rows}
    candidates = (
        c["candidates_layer"] if s["candidates"] == "layer" else c["candidates_townships"]
    ).format(count=s["candidate_count"])
    sites = []
    for site in s["sites"]:
        township = labels[site["township_id"]]
        sites.append(
            {
                **site,
                "inside": s["candidates"] == "township_points",
                "township": township,
                "label": i18n.pick(site, "name", "en")
                if lang == "en"
                else i18n.Text(site["name"], "zh-CN"),
                "covers_label": labels.get(site["covers"] or ""),
                "reaches_labels": [labels[t] for t in site["reaches"]],
            }
        )
    return {
        **s,
        "sites": sites,
        "intro": c["suggestions_intro"].format(
            k=s["k"],
            candidates=candidates,
            km=km,
            goal=c["goal_people"] if s["objective"] == "people" else c["goal_townships"],
        ),
        "method_text": c["method_exact"] if s["method"] == "exact" else c["method_greedy"],
        "after": c["after"].format(
            covered=s["covered_after"],
            total=total,
            share=share(s["coverage_after"]),
            far=s["far_after"],
            km=km,
        ),
    }


def _matrix(site: SiteData, coverage: Any, lang: str, *, limited: bool) -> dict[str, Any]:
    """Township x service; only the totals when there are too many townships to list."""
    categories = [
        c for c in category_names(site.categories, lang) if c["id"] in coverage.by_category
    ]
    rows = []
    for row in [] if limited else coverage.table.to_dict("records"):
        rows.append(
            {
                "label": i18n.pick(site.townships.get(row["id"], row), "label", lang),
                "slug": site.townships[row["id"]]["slug"],
                "cells": [bool(row[category_column(c["id"])]) for c in categories],
            }
        )
    totals = [coverage.by_category[c["id"]] for c in categories]
    return {"categories": categories, "rows": rows, "totals": totals, "total": coverage.townships}


def _js_text(key: str, text: i18n.Text) -> dict[str, Any]:
    """Data text for coverage.js: the text, and whether it is a marked Chinese fallback."""
    return {key: text.text, f"{key}_fallback": text.fallback}


def _map_data(
    site: SiteData, record: dict[str, Any], rows: list[dict[str, Any]], lang: str
) -> dict[str, Any]:
    """What coverage.js draws: township status, open stations, suggested sites."""
    shift = site.datum
    large = not site.townships_geojson  # drawn in chunks elsewhere: keep this page light
    points = []
    for ident in [] if large else site.counted_stations:
        view = site.stations[lang].get(ident)
        if view is None:
            continue
        lon, lat = view.gcj02 if shift == "gcj02" else (view.lon, view.lat)
        points.append({"lon": lon, "lat": lat, **_js_text("name", view.name), "slug": view.slug})
    sites = []
    for suggested in record["suggestions"]["sites"]:
        lon, lat = suggested["lon"], suggested["lat"]
        if shift != "wgs84":
            x, y = datum.from_wgs84(lon, lat, shift)
            lon, lat = round(float(x), 6), round(float(y), 6)
        sites.append({"rank": suggested["rank"], "lon": lon, "lat": lat})
    return {
        **site.map_common[lang],
        "c": i18n.coverage_strings(lang, site.words),
        "fallback": i18n.strings(lang, site.words)["fallback"],
        "km": record["distances"]["max_distance_km"],
        "townships": site.townships_geojson,
        "status": {}
        if large
        else {
            r["id"]: {
                "status": r["status"],
                "far": r["far"],
                **_js_text("label", r["label"]),
                "text": r["status_text"],
            }
            for r in rows
        },
        "stations": points,
        "sites": sites,
    }
