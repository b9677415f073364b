"""The ``mapgen coverage`` terminal report: headline figures, one row per township, next sites.

Plain text that lines up in a terminal with Chinese names (east-asian wide characters
count as two columns).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from mapgen.planning import Plan


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    space = " " * max(0, width - display_width(text))
    return space + text if right else text + space


def share(value: float) -> str:
    return f"{value:.0%}"


def target_summary(targets: dict[str, Any]) -> str:
    """E.g. ``22 of 25 → 88%; need 3 more for 100%`` or, short of a target,
    ``6 of 12 → 50%; need 5 more for the 88% target (by 2026-12-31), 6 more for 100%``."""
    covered, total = targets["covered"], targets["townships"]
    text = f"{covered} of {total} → {share(targets['coverage'])}"
    full = targets["needed_for_full"]
    target = targets.get("target")
    if target is not None and targets["needed_for_target"] > 0:
        due = f" (by {targets['target_date']})" if targets.get("target_date") else ""
        text += (
            f"; need {targets['needed_for_target']} more for the {share(target)} "
            f"target{due}, {full} more for 100%"
        )
    elif full:
        text += f"; need {full} more for 100%"
    else:
        text += "; every township is covered"
    return text


def _table(headers: list[tuple[str, bool]], rows: list[list[str]]) -> list[str]:
    """Columns sized to their content; (header, right-aligned) pairs."""
    widths = [
        max([display_width(h)] + [display_width(r[i]) for r in rows])
        for i, (h, _) in enumerate(headers)
    ]
    lines = ["  ".join(pad(h, w, right=r) for (h, r), w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append(
            "  ".join(
                pad(c, w, right=r) for c, (_, r), w in zip(row, headers, widths, strict=True)
            ).rstrip()
        )
    return lines


def coverage_report(project: Any) -> str:
    """The whole terminal report of a loaded project."""
    result = project.coverage
    plan: Plan | None = result.plan
    lines = [f"Coverage: {result.covered} of {result.townships} townships ({result.coverage:.0%})"]
    if plan is not None:
        lines += _headline(plan)
    lines.append("")
    lines += _township_rows(result, plan)
    if result.by_category:
        names = dict(zip(project.categories["id"], project.categories["name"], strict=True))
        rows = [
            [names.get(c, c), str(f["covered"]), share(f["coverage"])]
            for c, f in result.by_category.items()
        ]
        lines += ["", *_table([("Service", False), ("Townships", True), ("Share", True)], rows)]
    if plan is not None:
        lines += _years(plan)
        lines += _suggestions(plan)
    if result.unplaced:
        lines += ["", "Not on the map:"]
        lines += [f"  {u['station']}: {u['reason']}" for u in result.unplaced]
    return "\n".join(lines)


def _headline(plan: Plan) -> list[str]:
    targets = plan.targets
    stations = plan.stations
    lines = [f"Target: {target_summary(targets)}"]
    if stations["planned"]:
        lines.append(
            f"Once the {stations['planned']} planned stations open: "
            f"{targets['covered_when_planned']} of {targets['townships']} "
            f"({share(targets['coverage_when_planned'])})"
        )
    if targets.get("target") is not None and "on_track" in targets:
        state = "on track" if targets["on_track"] else "not on track"
        lines.append(
            f"By {targets['target_date']}, with the stations planned by then: "
            f"{targets['covered_by_target_date']} of {targets['townships']} — {state} "
            f"(target {targets['target_townships']})"
        )
    if plan.tiers:
        counted = ", ".join(plan.counting_tiers) if plan.counting_tiers else "all tiers"
        parts = [
            f"{name or '(no tier)'} {t['open']} open + {t['planned']} planned"
            for name, t in plan.tiers.items()
        ]
        lines.append(f"Tiers ({counted} count): " + "; ".join(parts))
    anchor = (
        "the population-weighted centre of"
        if plan.anchor == "population_weighted"
        else "a point inside"
    )
    if plan.anchor == "none":
        lines.append("Distance: not measured (no boundaries: coverage from stated townships)")
    else:
        lines.append(
            f"Distance: from {anchor} each township to the nearest open station; "
            f"{len(plan.far)} beyond {plan.max_distance_km:g} km"
        )
    if plan.population is not None:
        lines.append(f"Population (private): {plan.population:,}")
    return lines


def _township_rows(result: Any, plan: Plan | None) -> list[str]:
    table = result.table
    if plan is None:
        rows = [
            [r["name"], r["id"], str(r["stations"]), "yes" if r["covered"] else "NO"]
            for r in table.sort_values(["covered", "id"], kind="stable").to_dict("records")
        ]
        return _table(
            [("Township", False), ("Code", False), ("Stations", True), ("Covered", False)], rows
        )
    frame = plan.table.sort_values(
        ["covered", "far", "id"], ascending=[True, False, True], kind="stable"
    )
    planner = plan.audience == "planner" and plan.population is not None
    headers = [("Township", False), ("Code", False), ("Open", True), ("Planned", True)]
    headers += [(name or "(no tier)", True) for name in plan.tiers]
    headers += [("Covered", False), ("Km", True), ("Nearest", False), ("Far", False)]
    if planner:
        headers += [("People", True), ("Per 10k", True)]
    rows = []
    for r in frame.to_dict("records"):
        covered = (
            "yes"
            if r["covered"]
            else f"planned {r['planned_date']}".strip()
            if r["covered_when_planned"]
            else "NO"
        )
        row = [r["name"], r["id"], str(r["open"]), str(r["planned"])]
        row += [str(r[f"tier:{name or '-'}"]) for name in plan.tiers]
        row += [
            covered,
            "" if r["distance_km"] is None else f"{r['distance_km']:.1f}",
            r["nearest_station"],
            "FAR" if r["far"] else "",
        ]
        if planner:
            access = r["access_per_10k"]
            row += [f"{r['population']:,}", "" if access is None else f"{access:.2f}"]
        rows.append(row)
    return _table(headers, rows)


def _years(plan: Plan) -> list[str]:
    if not plan.by_year:
        return []
    lines = ["", "By year (townships covered at the end of the year):"]
    for y in plan.by_year:
        text = f"  {y['year']}: {y['opened']} opened → {y['covered']} townships"
        if y["planned"] or y["covered_with_planned"] != y["covered"]:
            text += f"; {y['planned']} planned → {y['covered_with_planned']} with them"
        lines.append(text)
    return lines


def _suggestions(plan: Plan) -> list[str]:
    s = plan.suggestions
    if not s["k"]:
        return []
    goal = "people" if s["objective"] == "people" else "unserved townships"
    method = "exact optimum" if s["method"] == "exact" else "greedy, ≥ 63% of the optimum"
    lines = [
        "",
        f"Next {s['k']} sites ({method}; most {goal} within "
        f"{plan.max_distance_km:g} km, planned stations counted as built):",
    ]
    if not s["sites"]:
        lines.append("  none needed: every township is served")
        return lines
    names = dict(zip(plan.table["id"], plan.table["name"], strict=True))
    for site in s["sites"]:
        where = (
            f"a point inside {site['township_name']}"
            if s["candidates"] == "township_points"
            else f"{site['name']} ({site['id']}, {site['township_name']})"
        )
        text = f"  {site['rank']}. {where}"
        if site["covers"]:
            text += f" — covers {names[site['covers']]}"
        reached = [names[t] for t in site["reaches"]]
        if reached:
            text += f"; reaches {', '.join(reached)}"
        if "people_reached" in site:
            text += f" ({site['people_reached']:,} people)"
        lines.append(text)
    lines.append(
        f"With them: {s['covered_after']} of {plan.townships} townships covered "
        f"({share(s['coverage_after'])}); {s['far_after']} beyond "
        f"{plan.max_distance_km:g} km"
    )
    return lines
