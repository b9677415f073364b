"""The ``mapgen coverage`` terminal report: headline figures, one row per township, next sites.

Plain text that lines up in a terminal with Chinese names (east-asian wide characters
count as two columns).
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pandas as pd

from mapgen import formats
from mapgen.coverage import Coverage
from mapgen.i18n import WORDS, Words, word_values
from mapgen.plan import Plan


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    space = " " * max(0, width - display_width(text))
    return space + text if right else text + space


share = formats.share


# Every line of the report in English and Chinese; ``{…}`` are filled per line.
TEXTS: dict[str, dict[str, str]] = {
    "of": {
        "en": "{covered} of {total} → {share}",
        "zh-CN": "{total} 个中的 {covered} 个 → {share}",
    },
    "need_target": {
        "en": "; need {needed} more for the {target} target{due}, {full} more for 100%",
        "zh-CN": "；达到 {target} 的目标{due}还需 {needed} 个，达到 100% 还需 {full} 个",
    },
    "due": {"en": " (by {date})", "zh-CN": "（{date} 前）"},
    "need_full": {"en": "; need {full} more for 100%", "zh-CN": "；达到 100% 还需 {full} 个"},
    "all_covered": {"en": "; every {unit} is covered", "zh-CN": "；所有{unit}均已覆盖"},
    "coverage": {
        "en": "Coverage: {covered} of {total} {units} ({share})",
        "zh-CN": "覆盖：{total} 个{unit}中的 {covered} 个（{share}）",
    },
    "target": {"en": "Target: {text}", "zh-CN": "目标：{text}"},
    "once_planned": {
        "en": "Once the {planned} planned {stations} open: {covered} of {total} ({share})",
        "zh-CN": "{planned} 个规划{station}开放后：{total} 个中的 {covered} 个（{share}）",
    },
    "by_date": {
        "en": "By {date}, with the {stations} planned by then: {covered} of {total} — {state} "
        "(target {goal})",
        "zh-CN": "到 {date}，计入届时规划开放的{station}：{total} 个中的 {covered} 个——{state}"
        "（目标 {goal} 个）",
    },
    "on_track": {"en": "on track", "zh-CN": "可以达成"},
    "not_on_track": {"en": "not on track", "zh-CN": "无法达成"},
    "all_tiers": {"en": "all tiers", "zh-CN": "所有层级"},
    "no_tier": {"en": "(no tier)", "zh-CN": "（无层级）"},
    "tier": {
        "en": "{name} {open} open + {planned} planned",
        "zh-CN": "{name} 开放 {open} 个 + 规划 {planned} 个",
    },
    "tiers": {"en": "Tiers ({counted} count): ", "zh-CN": "层级（计入：{counted}）："},
    "anchor_population": {
        "en": "the population-weighted centre of",
        "zh-CN": "各{unit}的人口加权中心",
    },
    "anchor_point": {"en": "a point inside", "zh-CN": "各{unit}内的一个代表点"},
    "distance": {
        "en": "Distance: from {anchor} each {unit} to the nearest open {station}; "
        "{far} beyond {km} km",
        "zh-CN": "距离：从{anchor}到最近的开放{station}；{far} 个超过 {km} 公里",
    },
    "distance_none": {
        "en": "Distance: not measured (no boundaries: coverage from stated {units})",
        "zh-CN": "距离：未计算（没有边界：覆盖情况按{station}所填的{unit}统计）",
    },
    "population": {"en": "Population (private): {people}", "zh-CN": "人口（内部）：{people}"},
    "township": {"en": "{Unit}", "zh-CN": "{unit}"},
    "code": {"en": "Code", "zh-CN": "代码"},
    "stations": {"en": "{Stations}", "zh-CN": "{station}"},
    "covered": {"en": "Covered", "zh-CN": "已覆盖"},
    "open": {"en": "Open", "zh-CN": "开放"},
    "planned": {"en": "Planned", "zh-CN": "规划"},
    "km": {"en": "Km", "zh-CN": "公里"},
    "nearest": {"en": "Nearest", "zh-CN": "最近{station}"},
    "far": {"en": "Far", "zh-CN": "偏远"},
    "people": {"en": "People", "zh-CN": "人口"},
    "per_10k": {"en": "Per 10k", "zh-CN": "每万人"},
    "yes": {"en": "yes", "zh-CN": "是"},
    "no": {"en": "NO", "zh-CN": "否"},
    "far_mark": {"en": "FAR", "zh-CN": "偏远"},
    "planned_on": {"en": "planned {date}", "zh-CN": "规划 {date}"},
    "service": {"en": "Service", "zh-CN": "服务"},
    "townships": {"en": "{Units}", "zh-CN": "{unit}数"},
    "share": {"en": "Share", "zh-CN": "比例"},
    "not_on_map": {"en": "Not on the map:", "zh-CN": "未上图："},
    "by_year": {
        "en": "By year ({units} covered at the end of the year):",
        "zh-CN": "按年份（年末已覆盖的{unit}数）：",
    },
    "year": {
        "en": "  {year}: {opened} opened → {covered} {units}",
        "zh-CN": "  {year}：开放 {opened} 个 → {covered} 个{unit}",
    },
    "year_planned": {
        "en": "; {planned} planned → {with_planned} with them",
        "zh-CN": "；规划 {planned} 个 → 计入后 {with_planned} 个",
    },
    "goal_people": {"en": "people", "zh-CN": "人口"},
    "goal_townships": {"en": "unserved {units}", "zh-CN": "未服务{unit}"},
    "exact": {"en": "exact optimum", "zh-CN": "精确最优解"},
    "greedy": {"en": "greedy, ≥ 63% of the optimum", "zh-CN": "贪心法，至少达到最优的 63%"},
    "next_sites": {
        "en": "Next {k} sites ({method}; most {goal} within {km} km, planned {stations} counted "
        "as built):",
        "zh-CN": "下一批 {k} 个选址（{method}；{km} 公里内覆盖最多{goal}，规划{station}按已建计）：",
    },
    "none_needed": {
        "en": "  none needed: every {unit} is served",
        "zh-CN": "  无需新增：所有{unit}均已得到服务",
    },
    "inside": {"en": "a point inside {name}", "zh-CN": "{name}内的一个点"},
    "covers": {"en": " — covers {name}", "zh-CN": "——覆盖{name}"},
    "reaches": {"en": "; reaches {names}", "zh-CN": "；服务 {names}"},
    "people_count": {"en": " ({people} people)", "zh-CN": "（{people} 人）"},
    "with_them": {
        "en": "With them: {covered} of {total} {units} covered ({share}); {far} beyond {km} km",
        "zh-CN": "新增后：{total} 个{unit}中覆盖 {covered} 个（{share}）；{far} 个超过 {km} 公里",
    },
}


def tr(key: str, lang: str = "en", words: Words = WORDS, **args: Any) -> str:
    """One line (or word) of the report in ``lang``, in the project's words.

    Example::

        >>> tr("coverage", "zh-CN", Words(unit="村"), covered=3, total=4, share="75%")
        '覆盖：4 个村中的 3 个（75%）'
    """
    lang = "zh-CN" if lang.lower().startswith("zh") else "en"
    return TEXTS[key][lang].format(**word_values(lang, words), **args)


def target_summary(targets: dict[str, Any], lang: str = "en", words: Words = WORDS) -> str:
    """E.g. ``22 of 25 → 88%; need 3 more for 100%`` or, short of a target,
    ``6 of 12 → 50%; need 5 more for the 88% target (by 2026-12-31), 6 more for 100%``."""
    covered, total = targets["covered"], targets["townships"]
    text = tr("of", lang, words, covered=covered, total=total, share=share(targets["coverage"]))
    full = targets["needed_for_full"]
    target = targets.get("target")
    if target is not None and targets["needed_for_target"] > 0:
        due = (
            tr("due", lang, words, date=targets["target_date"])
            if targets.get("target_date")
            else ""
        )
        text += tr(
            "need_target",
            lang,
            words,
            needed=targets["needed_for_target"],
            target=share(target),
            due=due,
            full=full,
        )
    elif full:
        text += tr("need_full", lang, words, full=full)
    else:
        text += tr("all_covered", lang, words)
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


def coverage_report(
    result: Coverage, categories: pd.DataFrame, lang: str = "en", words: Words = WORDS
) -> str:
    """The whole terminal report of a project's coverage (as :func:`mapgen.public.public_coverage`
    gives it) and its service categories (``id`` and ``name`` columns), in ``lang`` and the
    project's words (:func:`mapgen.render.project_words`: 村, villages …)."""
    plan: Plan | None = result.plan
    lines = [
        tr(
            "coverage",
            lang,
            words,
            covered=result.covered,
            total=result.townships,
            share=share(result.coverage),
        )
    ]
    if plan is not None:
        lines += _headline(plan, lang, words)
    lines.append("")
    lines += _township_rows(result, plan, lang, words)
    if result.by_category:
        names = dict(zip(categories["id"], categories["name"], strict=True))
        rows = [
            [names.get(c, c), str(f["covered"]), share(f["coverage"])]
            for c, f in result.by_category.items()
        ]
        headers = [(tr("service", lang, words), False), (tr("townships", lang, words), True)]
        lines += ["", *_table([*headers, (tr("share", lang, words), True)], rows)]
    if plan is not None:
        lines += _years(plan, lang, words)
        lines += _suggestions(plan, lang, words)
    if result.unplaced:
        lines += ["", tr("not_on_map", lang, words)]
        lines += [f"  {u['station']}: {u['reason']}" for u in result.unplaced]
    return "\n".join(lines)


def _headline(plan: Plan, lang: str, words: Words) -> list[str]:
    targets = plan.targets
    stations = plan.stations
    lines = [tr("target", lang, words, text=target_summary(targets, lang, words))]
    if stations["planned"]:
        lines.append(
            tr(
                "once_planned",
                lang,
                words,
                planned=stations["planned"],
                covered=targets["covered_when_planned"],
                total=targets["townships"],
                share=share(targets["coverage_when_planned"]),
            )
        )
    if targets.get("target") is not None and "on_track" in targets:
        lines.append(
            tr(
                "by_date",
                lang,
                words,
                date=targets["target_date"],
                covered=targets["covered_by_target_date"],
                total=targets["townships"],
                state=tr("on_track" if targets["on_track"] else "not_on_track", lang, words),
                goal=targets["target_townships"],
            )
        )
    if plan.tiers:
        counted = (
            ", ".join(plan.counting_tiers) if plan.counting_tiers else tr("all_tiers", lang, words)
        )
        parts = [
            tr(
                "tier",
                lang,
                words,
                name=name or tr("no_tier", lang, words),
                open=t["open"],
                planned=t["planned"],
            )
            for name, t in plan.tiers.items()
        ]
        lines.append(tr("tiers", lang, words, counted=counted) + "; ".join(parts))
    if plan.anchor == "none":
        lines.append(tr("distance_none", lang, words))
    else:
        anchor = tr(
            "anchor_population" if plan.anchor == "population_weighted" else "anchor_point",
            lang,
            words,
        )
        lines.append(
            tr(
                "distance",
                lang,
                words,
                anchor=anchor,
                far=len(plan.far),
                km=f"{plan.max_distance_km:g}",
            )
        )
    if plan.population is not None:
        lines.append(tr("population", lang, words, people=f"{plan.population:,}"))
    return lines


def _township_rows(result: Any, plan: Plan | None, lang: str, words: Words) -> list[str]:
    table = result.table
    yes, no = tr("yes", lang, words), tr("no", lang, words)
    if plan is None:
        rows = [
            [r["name"], r["id"], str(r["stations"]), yes if r["covered"] else no]
            for r in table.sort_values(["covered", "id"], kind="stable").to_dict("records")
        ]
        return _table(
            [
                (tr("township", lang, words), False),
                (tr("code", lang, words), False),
                (tr("stations", lang, words), True),
                (tr("covered", lang, words), False),
            ],
            rows,
        )
    frame = plan.table.sort_values(
        ["covered", "far", "id"], ascending=[True, False, True], kind="stable"
    )
    planner = plan.audience == "planner" and plan.population is not None
    headers = [
        (tr("township", lang, words), False),
        (tr("code", lang, words), False),
        (tr("open", lang, words), True),
        (tr("planned", lang, words), True),
    ]
    headers += [(name or tr("no_tier", lang, words), True) for name in plan.tiers]
    headers += [
        (tr("covered", lang, words), False),
        (tr("km", lang, words), True),
        (tr("nearest", lang, words), False),
        (tr("far", lang, words), False),
    ]
    if planner:
        headers += [(tr("people", lang, words), True), (tr("per_10k", lang, words), True)]
    rows = []
    for r in frame.to_dict("records"):
        covered = (
            yes
            if r["covered"]
            else tr("planned_on", lang, words, date=r["planned_date"]).strip()
            if r["covered_when_planned"]
            else no
        )
        row = [r["name"], r["id"], str(r["open"]), str(r["planned"])]
        row += [str(r[f"tier:{name or '-'}"]) for name in plan.tiers]
        row += [
            covered,
            "" if r["distance_km"] is None else formats.km(r["distance_km"]),
            r["nearest_station"],
            tr("far_mark", lang, words) if r["far"] else "",
        ]
        if planner:
            access = r["access_per_10k"]
            row += [f"{r['population']:,}", "" if access is None else f"{access:.2f}"]
        rows.append(row)
    return _table(headers, rows)


def _years(plan: Plan, lang: str, words: Words) -> list[str]:
    if not plan.by_year:
        return []
    lines = ["", tr("by_year", lang, words)]
    for y in plan.by_year:
        text = tr("year", lang, words, year=y["year"], opened=y["opened"], covered=y["covered"])
        if y["planned"] or y["covered_with_planned"] != y["covered"]:
            text += tr(
                "year_planned",
                lang,
                words,
                planned=y["planned"],
                with_planned=y["covered_with_planned"],
            )
        lines.append(text)
    return lines


def _suggestions(plan: Plan, lang: str, words: Words) -> list[str]:
    s = plan.suggestions
    if not s["k"]:
        return []
    goal = tr("goal_people" if s["objective"] == "people" else "goal_townships", lang, words)
    method = tr("exact" if s["method"] == "exact" else "greedy", lang, words)
    km = f"{plan.max_distance_km:g}"
    lines = ["", tr("next_sites", lang, words, k=s["k"], method=method, goal=goal, km=km)]
    if not s["sites"]:
        lines.append(tr("none_needed", lang, words))
        return lines
    names = dict(zip(plan.table["id"], plan.table["name"], strict=True))
    separator = "、" if lang.lower().startswith("zh") else ", "
    for site in s["sites"]:
        where = (
            tr("inside", lang, words, name=site["township_name"])
            if s["candidates"] == "township_points"
            else f"{site['name']} ({site['id']}, {site['township_name']})"
        )
        text = f"  {site['rank']}. {where}"
        if site["covers"]:
            text += tr("covers", lang, words, name=names[site["covers"]])
        reached = [names[t] for t in site["reaches"]]
        if reached:
            text += tr("reaches", lang, words, names=separator.join(reached))
        if "people_reached" in site:
            text += tr("people_count", lang, words, people=f"{site['people_reached']:,}")
        lines.append(text)
    lines.append(
        tr(
            "with_them",
            lang,
            words,
            covered=s["covered_after"],
            total=plan.townships,
            share=share(s["coverage_after"]),
            far=s["far_after"],
            km=km,
        )
    )
    return lines
