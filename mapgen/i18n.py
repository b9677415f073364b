"""Interface strings of the site in each language, and picking data text by language.

Data columns come in pairs (``name`` / ``name_en``). A page in English shows the ``_en``
text where given and falls back to Chinese *visibly*: the fallback is marked with
``lang="zh-CN"`` and a "(Chinese)" hint so screen readers and readers know.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from mapgen import formats
from mapgen.hours import describe_schedule

LANGUAGES = ("zh-CN", "en")

STRINGS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "language_name": "中文",
        "internal": "内部规划版本：含人口等非公开数据，请勿对外发布。",
        "internal_label": "内部版本",
        "switch_to": "English",
        "map": "地图",
        "coverage": "覆盖情况",
        "stations": "{station}",
        "townships": "{unit}",
        "search": "搜索{station}、{unit}或服务",
        "search_placeholder": "如：江桥、心理咨询",
        "filter_services": "按服务筛选",
        "filter_types": "按场所类型筛选",
        "clear_filters": "清除筛选",
        "locate": "按离我最近排序",
        "locate_tap": "在地图上点选我的位置",
        "locating": "正在获取位置…",
        "located": "已按与您的距离排序",
        "locate_failed": "无法获取位置，可在地图上点选您的位置",
        "tap_map": "请在地图上点一下您所在的位置",
        "shown": "显示 {shown} / {total} 个{station}",
        "no_match": "没有符合条件的{station}。请换个关键词或清除筛选。",
        "covered_summary": "{covered} / {total} 个{unit}已覆盖 · {share}",
        "covered": "已覆盖",
        "uncovered": "未覆盖",
        "station": "{station}",
        "legend": "图例",
        "venue": "服务场所",
        "address": "地址",
        "hours": "开放时间",
        "today": "今天",
        "closed_today": "今天不开放",
        "phone": "电话",
        "township": "所属{unit}",
        "type": "场所类型",
        "opened": "启用时间",
        "services": "服务清单",
        "schedule": "时间安排",
        "details": "查看详情",
        "show_on_map": "在地图上显示",
        "directions": "导航",
        "amap": "高德地图",
        "tencent": "腾讯地图",
        "baidu": "百度地图",
        "osm": "OpenStreetMap",
        "permalink": "本页链接",
        "page_loading": "正在载入……",
        "page_not_found": "找不到这个页面：地址可能有误，或它已不在地图上。",
        "page_needs_script": "本页由浏览器根据地图数据生成，请启用 JavaScript。",
        "print": "打印",
        "back_to_map": "返回地图",
        "distance": "距离",
        "km": "{value} 公里",
        "m": "{value} 米",
        "no_station_here": "本{unit}暂无{station}。",
        "nearest_is": "最近的{station}是 {name}，距离约 {distance}。",
        "stations_here": "本{unit}的{station}",
        "services_here": "本{unit}提供的服务",
        "downloads": "下载数据",
        "made_with": "由 mapgen 生成",
        "basemap": "底图",
        "tiles_failed": "底图加载失败（可能处于离线或内网环境），{station}和边界仍可正常使用。",
        "tiles_short": "底图未加载",
        "fallback": "（中文）",
        "skip_to_list": "跳到{station}列表",
        "map_label": "{station}地图",
        "list_label": "{station}列表",
        "station_count": "{count} 个{station}",
        "category": "服务类别",
        "all": "全部",
        "unplaced_note": "{count} 个{station}暂未标注位置，见下方列表。",
        "skip_to_content": "跳到正文",
        "search_button": "搜索",
        "close": "关闭",
        "notice_label": "说明",
        "no_boundaries": "没有边界：覆盖情况按每个{station}所填的{unit}统计。",
        "filters": "筛选",
        "filters_active": "（已选 {count} 项）",
        "filter_tiers": "按层级筛选",
        "filter_hours": "按开放时间筛选",
        "filter_open": "现在开放",
        "townships_list": "各{unit}覆盖情况",
        "you_are_here": "您的位置",
        "nearest_heading": "离您最近的{station}",
        "nearest_all": "按距离列出全部{station}",
        "nearest_close": "关闭",
        "pick_hint": "请在地图上点一下您所在的位置。使用键盘时：移动地图让十字对准您的位置，"
        "再按回车键；按 Esc 取消。",
        "pick_cancelled": "已取消选择位置",
        "zoom_in": "放大",
        "list_zoom_in": "视野内有超过 {count} 个{station}，放大地图即可列出。",
        "zoom_out": "缩小",
        "layers": "图层",
        "new_tab": "（在新窗口打开）",
        "on_this_page": "本页内容",
        "closed": "不开放",
        "open_now": "正在开放，{time} 结束",
        "open_all_day": "正在开放（全天）",
        "opens_today": "未开放，今天 {time} 开放",
        "opens_tomorrow": "未开放，明天 {time} 开放",
        "opens_on": "未开放，{day} {time} 开放",
        "township_map": "{unit}地图",
        "nearby_stations": "最近的{station}",
    },
    "en": {
        "language_name": "English",
        "internal": "Internal planning edition: it contains private data such as population. "
        "Do not publish it.",
        "internal_label": "Internal edition",
        "switch_to": "中文",
        "map": "Map",
        "coverage": "Coverage",
        "stations": "{Stations}",
        "townships": "{Units}",
        "search": "Search {stations}, {units} or services",
        "search_placeholder": "e.g. Jiangqiao, counselling",
        "filter_services": "Filter by service",
        "filter_types": "Filter by venue type",
        "clear_filters": "Clear filters",
        "locate": "Sort by distance from me",
        "locate_tap": "Pick my location on the map",
        "locating": "Finding your location…",
        "located": "Sorted by distance from you",
        "locate_failed": "Could not get your location; pick it on the map instead",
        "tap_map": "Tap the map where you are",
        "shown": "Showing {shown} of {total} {stations}",
        "no_match": "No {station} matches. Try another word or clear the filters.",
        "covered_summary": "{covered} of {total} {units} covered · {share}",
        "covered": "Covered",
        "uncovered": "Not covered",
        "station": "{Station}",
        "legend": "Legend",
        "venue": "Venue",
        "address": "Address",
        "hours": "Opening hours",
        "today": "Today",
        "closed_today": "Closed today",
        "phone": "Phone",
        "township": "{Unit}",
        "type": "Venue type",
        "opened": "Opened",
        "services": "Service menu",
        "schedule": "Schedule",
        "details": "Details",
        "show_on_map": "Show on map",
        "directions": "Directions",
        "amap": "Amap",
        "tencent": "Tencent Maps",
        "baidu": "Baidu Maps",
        "osm": "OpenStreetMap",
        "permalink": "Link to this page",
        "page_loading": "Loading…",
        "page_not_found": "This page was not found: the address may be wrong, or what it showed is no longer on the map.",
        "page_needs_script": "This page is drawn by the browser from the map data: please turn on JavaScript.",
        "print": "Print",
        "back_to_map": "Back to the map",
        "distance": "Distance",
        "km": "{value} km",
        "m": "{value} m",
        "no_station_here": "No {station} in this {unit} yet.",
        "nearest_is": "The nearest is {name}, about {distance} away.",
        "stations_here": "{Stations} in this {unit}",
        "services_here": "Services offered here",
        "downloads": "Download the data",
        "made_with": "Made with mapgen",
        "basemap": "Background map",
        "tiles_failed": "The background map did not load (offline or intranet?). {Stations} and "
        "boundaries still work.",
        "tiles_short": "No background map",
        "fallback": " (Chinese)",
        "skip_to_list": "Skip to the {station} list",
        "map_label": "Map of {stations}",
        "list_label": "List of {stations}",
        "station_count": "{Stations}: {count}",
        "category": "Service category",
        "all": "All",
        "unplaced_note": "{count} {stations} have no location yet; see the list below.",
        "skip_to_content": "Skip to the content",
        "search_button": "Search",
        "close": "Close",
        "notice_label": "Notice",
        "no_boundaries": "No boundaries: coverage from the {unit} each {station} states.",
        "filters": "Filters",
        "filters_active": " ({count} selected)",
        "filter_tiers": "Filter by tier",
        "filter_hours": "Filter by opening hours",
        "filter_open": "Open now",
        "townships_list": "{Units} and coverage",
        "you_are_here": "You are here",
        "nearest_heading": "The nearest {station} to you",
        "nearest_all": "All {stations} by distance",
        "nearest_close": "Close",
        "pick_hint": "Tap the map where you are. With a keyboard: move the map until the cross "
        "is on your location, then press Enter; Esc cancels.",
        "pick_cancelled": "Picking a location was cancelled",
        "zoom_in": "Zoom in",
        "list_zoom_in": "More than {count} {stations} in view: zoom in to list them.",
        "zoom_out": "Zoom out",
        "layers": "Layers",
        "new_tab": " (opens in a new tab)",
        "on_this_page": "On this page",
        "closed": "Closed",
        "open_now": "Open now, closes at {time}",
        "open_all_day": "Open now (24 hours)",
        "opens_today": "Closed, opens at {time}",
        "opens_tomorrow": "Closed, opens tomorrow at {time}",
        "opens_on": "Closed, opens {day} at {time}",
        "township_map": "Map of the {unit}",
        "nearby_stations": "Nearest {station}",
    },
}

VENUE_TYPES: dict[str, dict[str, str]] = {
    "community_centre": {"zh-CN": "社区党群服务中心", "en": "Community centre"},
    "health_centre": {"zh-CN": "社区卫生服务中心", "en": "Community health centre"},
    "disability_service": {"zh-CN": "残疾人服务机构", "en": "Disability service"},
}

WEEKDAYS = {
    "zh-CN": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


@dataclass(frozen=True)
class Text:
    """A piece of data text in the page's language, or a marked fallback."""

    text: str
    lang: str
    fallback: bool = False


def pick(record: dict[str, str], key: str, lang: str) -> Text:
    """``record[key + "_en"]`` on English pages when given, else ``record[key]`` marked."""
    base = str(record.get(key) or "")
    if lang == "en":
        english = str(record.get(f"{key}_en") or "")
        if english:
            return Text(english, "en")
        return Text(base, "zh-CN", fallback=bool(base))
    return Text(base, "zh-CN")


def pick_schedule(service: dict[str, str], lang: str) -> Text:
    """A service's schedule; on English pages without ``schedule_en``, written out in
    English from the Chinese (:func:`hours.describe_schedule`) where it is understood.

    Example::

        >>> pick_schedule({"schedule": "周二、周四 13:30-16:30"}, "en")
        Text(text='Tue, Thu 13:30-16:30', lang='en', fallback=False)
    """
    text = pick(service, "schedule", lang)
    if text.fallback and (english := describe_schedule(service.get("schedule") or "")):
        return Text(english, "en")
    return text


def venue_type(value: str, lang: str) -> str:
    return VENUE_TYPES.get(value, {}).get(lang, value)


def prefix(lang: str, languages: list[str]) -> str:
    """Folder of a language's pages: the first language at the root, others beside it."""
    return "" if lang == languages[0] else ("en/" if lang == "en" else "zh/")


def distance(metres: float, lang: str) -> str:
    """A distance as people say it: "850 m", "8.5 km", "12 km" (:func:`formats.distance`)."""
    return formats.distance(metres, lang)


# --- The coverage page (planners): its own block, passed to coverage.html as ``c``. ------
COVERAGE_STRINGS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "title": "覆盖情况与规划",
        "intro": "各{unit}是否已有开放的{station}、距最近{station}多远，以及下一批{station}建在哪里最有效。",
        "progress": "进展与目标",
        "covered_now": "{covered} / {total} 个{unit}已覆盖（{share}）",
        "when_planned": "计划中的 {planned} 个{station}启用后：{covered} / {total}（{share}）",
        "target_line": "目标：{date}覆盖 {target}（{goal} 个{unit}）。",
        "target_by": "{date}前",
        "sep": "",
        "target_met": "已达到目标。",
        "target_need": "还需 {count} 个{unit}。",
        "full_need": "全覆盖还需 {count} 个{unit}。",
        "all_covered": "所有{unit}均已覆盖。",
        "on_track": "按计划启用时间，到目标日期可覆盖 {count} 个{unit}，能够达到目标。",
        "off_track": "按计划启用时间，到目标日期只能覆盖 {count} 个{unit}，还差 {short} 个。",
        "progress_label": "覆盖进度：已覆盖 {covered}，计划中 {planned}，目标 {goal}，"
        "共 {total} 个{unit}",
        "tiers": "各层级{station}",
        "tier": "层级",
        "tier_none": "（未注明）",
        "tier_counts": "计入覆盖",
        "open": "开放",
        "planned": "计划",
        "by_year": "历年覆盖",
        "by_year_label": "各年末已覆盖{unit}数",
        "year_opened": "{year} 年：新开 {opened} 个{station}，年末覆盖 {covered} 个{unit}",
        "year_planned": "{year} 年：计划启用 {planned} 个{station}，启用后覆盖 {covered} 个{unit}",
        "chart_open": "已覆盖",
        "chart_planned": "计划启用后",
        "chart_target": "目标",
        "map": "未覆盖和距离较远的{unit}",
        "map_label": "覆盖情况地图",
        "status_covered": "已覆盖",
        "status_planned": "计划覆盖",
        "status_uncovered": "未覆盖",
        "status_far": "距最近{station}超过 {km} 公里",
        "open_station": "开放{station}",
        "suggested_site": "建议{station}",
        "reach": "建议{station} {km} 公里范围",
        "suggestions": "下一批{station}建议",
        "suggestions_intro": "在{candidates}中选出 {k} 处，使 {km} 公里范围内能服务到的"
        "{goal}最多（计划中的{station}视为已建成）。",
        "candidates_layer": "{count} 个候选地点",
        "candidates_townships": "尚需{station}的 {count} 个{unit}内的代表点",
        "goal_townships": "未覆盖或过远的{unit}",
        "goal_people": "居民",
        "method_exact": "结果为精确最优解（已比较所有组合）。",
        "method_greedy": "组合过多，采用贪心算法（保证不低于最优解的 63%，通常即为最优）。",
        "site_inside": "{township}内的代表点",
        "site_covers": "使{township}实现覆盖",
        "site_reaches": "{km} 公里内可服务：{townships}",
        "site_people": "约 {people} 人",
        "after": "建成后：{covered} / {total} 个{unit}已覆盖（{share}），"
        "{far} 个{unit}距最近{station}超过 {km} 公里。",
        "none_needed": "所有{unit}均已覆盖且在距离范围内，无需新增{station}。",
        "table": "各{unit}明细",
        "table_caption": "各{unit}的{station}、覆盖情况和到最近开放{station}的距离。点击列标题排序。",
        "table_limited": "{unit}较多，这里列出最需关注的 {shown} 个（共 {total} 个）："
        "未覆盖和距离最远的在前。全部{unit}见 coverage.csv。",
        "sorted_asc": "已按“{column}”升序排列",
        "sorted_desc": "已按“{column}”降序排列",
        "col_township": "{unit}",
        "col_code": "代码",
        "col_open": "开放{station}",
        "col_planned": "计划{station}",
        "col_status": "覆盖情况",
        "col_distance": "距最近{station}（公里）",
        "col_nearest": "最近{station}",
        "col_far": "距离过远",
        "col_population": "人口",
        "col_access": "每万人可达{station}",
        "planned_on": "计划 {date}",
        "planned_undated": "计划中",
        "yes": "是",
        "no": "否",
        "none": "—",
        "distance_note": "距离按 WGS84 椭球面测量，起点为{anchor}。",
        "distance_none": "没有{unit}边界，因此不计算{unit}到{station}的距离。",
        "anchor_point": "各{unit}内的一个代表点",
        "anchor_population": "各{unit}的人口加权中心",
        "access_note": "每万人可达{station}：两步移动搜索法（2SFCA），{km} 公里范围。",
        "matrix": "各服务类别的覆盖",
        "matrix_caption": "各{unit}是否有提供该类服务的开放{station}。",
        "matrix_total": "覆盖{unit}",
        "offered": "提供",
        "not_offered": "未提供",
        "download": "下载：",
    },
    "en": {
        "title": "Coverage and planning",
        "intro": "Which {units} have an open {station}, how far the nearest one is, and where "
        "the next {stations} would do the most good.",
        "progress": "Progress and target",
        "covered_now": "{covered} of {total} {units} covered ({share})",
        "when_planned": "Once the {planned} planned {stations} open: {covered} of {total} ({share})",
        "target_line": "Target: {target} of {units} ({goal}){date}.",
        "target_by": " by {date}",
        "sep": " ",
        "target_met": "The target is met.",
        "target_need": "{count} more {units} needed.",
        "full_need": "{count} more for 100%.",
        "all_covered": "Every {unit} is covered.",
        "on_track": "With the {stations} planned by then, {count} {units} will be covered by the "
        "target date: on track.",
        "off_track": "With the {stations} planned by then, only {count} {units} will be covered "
        "by the target date: {short} short.",
        "progress_label": "Coverage progress: {covered} covered, {planned} planned, target "
        "{goal}, of {total} {units}",
        "tiers": "{Stations} by tier",
        "tier": "Tier",
        "tier_none": "(not given)",
        "tier_counts": "Counts for coverage",
        "open": "Open",
        "planned": "Planned",
        "by_year": "Coverage by year",
        "by_year_label": "{Units} covered at the end of each year",
        "year_opened": "{year}: {opened} {stations} opened, {covered} {units} covered at year end",
        "year_planned": "{year}: {planned} {stations} planned to open, {covered} {units} covered "
        "with them",
        "chart_open": "Covered",
        "chart_planned": "Once planned {stations} open",
        "chart_target": "Target",
        "map": "Uncovered and far {units}",
        "map_label": "Map of coverage",
        "status_covered": "Covered",
        "status_planned": "Planned",
        "status_uncovered": "Not covered",
        "status_far": "More than {km} km from the nearest {station}",
        "open_station": "Open {station}",
        "suggested_site": "Suggested site",
        "reach": "{km} km around a suggested site",
        "suggestions": "Where the next {stations} should go",
        "suggestions_intro": "{k} sites chosen from {candidates} to reach the most {goal} "
        "within {km} km (planned {stations} counted as built).",
        "candidates_layer": "{count} candidate sites",
        "candidates_townships": "points inside the {count} {units} that still need a {station}",
        "goal_townships": "uncovered or far {units}",
        "goal_people": "residents",
        "method_exact": "This is the exact optimum: every combination was compared.",
        "method_greedy": "Too many combinations to compare: chosen greedily (at least 63% of the "
        "optimum, usually all of it).",
        "site_inside": "A point inside {township}",
        "site_covers": "covers {township}",
        "site_reaches": "within {km} km: {townships}",
        "site_people": "about {people} people",
        "after": "With them: {covered} of {total} {units} covered ({share}); {far} more than "
        "{km} km from the nearest {station}.",
        "none_needed": "Every {unit} is covered and within reach: no new site is needed.",
        "table": "{Unit} by {unit}",
        "table_caption": "{Stations}, coverage and distance to the nearest open {station} in each "
        "{unit}. Select a column heading to sort.",
        "table_limited": "Showing the {shown} {units} that most need attention, of {total}: "
        "uncovered and farthest first. coverage.csv lists them all.",
        "sorted_asc": "Sorted by {column}, ascending",
        "sorted_desc": "Sorted by {column}, descending",
        "col_township": "{Unit}",
        "col_code": "Code",
        "col_open": "Open {stations}",
        "col_planned": "Planned {stations}",
        "col_status": "Coverage",
        "col_distance": "Nearest {station} (km)",
        "col_nearest": "Nearest {station}",
        "col_far": "Far",
        "col_population": "Population",
        "col_access": "{Stations} per 10,000 people in reach",
        "planned_on": "Planned {date}",
        "planned_undated": "Planned",
        "yes": "Yes",
        "no": "No",
        "none": "—",
        "distance_note": "Distances are measured on the WGS84 ellipsoid from {anchor}.",
        "distance_none": "Without {unit} boundaries, distances from {units} are not measured.",
        "anchor_point": "a point inside each {unit}",
        "anchor_population": "the population-weighted centre of each {unit}",
        "access_note": "{Stations} per 10,000 people in reach: two-step floating catchment "
        "(2SFCA), {km} km.",
        "matrix": "Coverage by service",
        "matrix_caption": "Whether a {unit} has an open {station} offering the service.",
        "matrix_total": "{Units}",
        "offered": "offered",
        "not_offered": "not offered",
        "download": "Download:",
    },
}


# --- the project's words: what its places and stations are called -------------------------
@dataclass(frozen=True)
class Words:
    """What a project calls its areas and stations, and its search box's example.

    The interface strings above hold ``{unit}``/``{units}``/``{Unit}``/``{Units}`` and
    ``{station}``/``{stations}``/``{Station}``/``{Stations}``; :func:`strings` fills them.
    """

    unit: str = "街镇"
    unit_en: str = "township"
    units_en: str = "townships"
    station: str = "站点"
    station_en: str = "station"
    stations_en: str = "stations"
    search_hint: str = "如：江桥、心理咨询"
    search_hint_en: str = "e.g. Jiangqiao, counselling"


WORDS = Words()

# Township name endings -> the unit's name, in Chinese and English. The first rule whose
# endings cover at least UNIT_SHARE of the names wins; mixed 街道 and 镇 is 街镇.
UNIT_RULES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("街道",), "街道", "subdistrict"),
    (("镇", "乡", "苏木"), "乡镇", "township"),
    (("街道", "镇", "乡", "苏木", "地区", "开发区", "工业区", "新区", "园区"), "街镇", "township"),
    (("村", "嘎查"), "村", "village"),
    (("社区", "居委会"), "社区", "community"),
    (("里",), "村里", "village"),
    (("村", "社区", "居委会", "村委会", "嘎查", "里"), "村居", "village"),
    (("区", "县", "市", "旗"), "区县", "county"),
)
UNIT_SHARE = 0.8


def plural(word: str) -> str:
    """An English noun's plural, for the project's own words.

    Example::

        >>> plural("township"), plural("county"), plural("centre"), plural("")
        ('townships', 'counties', 'centres', '')
    """
    if not word or word.endswith("s"):
        return word
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    return word + "s"


def unit_from_names(names: list[str]) -> tuple[str, str]:
    """The unit's name in Chinese and English, from how the area names end.

    Example::

        >>> unit_from_names(["江桥镇", "真新街道"]), unit_from_names(["城北村", "南村", "东村"])
        (('街镇', 'township'), ('村', 'village'))
        >>> unit_from_names(["嘉定区", "宝山区", "崇明县"]), unit_from_names([])
        (('区县', 'county'), ('街镇', 'township'))
    """
    names = [n.strip() for n in names if n and n.strip()]
    for endings, unit, unit_en in UNIT_RULES:
        if names and sum(n.endswith(endings) for n in names) >= UNIT_SHARE * len(names):
            return unit, unit_en
    return WORDS.unit, WORDS.unit_en


def site_words(
    configured: dict[str, str],
    names: list[str],
    *,
    example_area: tuple[str, str] = ("", ""),
    example_service: tuple[str, str] = ("", ""),
) -> Words:
    """The project's words: as configured in ``[site]``, else derived from the data.

    ``configured`` holds the ``[site]`` keys ``unit``, ``unit_en``, ``station_word``,
    ``station_word_en``, ``search_hint``, ``search_hint_en`` (empty: derive). ``names``
    are the area names; the search hint's example is an area and a service, each as
    (Chinese, English).

    Example::

        >>> words = site_words({}, ["城北村", "南村"], example_area=("城北村", "Chengbei"),
        ...                    example_service=("心理咨询", "Counselling"))
        >>> words.unit, words.units_en, words.search_hint, words.search_hint_en
        ('村', 'villages', '如：城北、心理咨询', 'e.g. Chengbei, counselling')
    """
    from mapgen.search import core  # the search box's own idea of a name's core

    unit, unit_en = unit_from_names(names)
    unit = configured.get("unit") or unit
    unit_en = (configured.get("unit_en") or unit_en).strip()
    station = configured.get("station_word") or WORDS.station
    station_en = (configured.get("station_word_en") or WORDS.station_en).strip()
    area, area_en = example_area
    service, service_en = example_service
    hint = WORDS.search_hint
    hint_en = WORDS.search_hint_en
    if area or service:
        short = core(area) or area
        hint = "如：" + "、".join(x for x in (short, service) if x)
        area_word = (core(area_en) or area_en).title() if area_en else ""
        hint_en = "e.g. " + ", ".join(x for x in (area_word, service_en.lower()) if x)
    return Words(
        unit=unit,
        unit_en=unit_en,
        units_en=plural(unit_en),
        station=station,
        station_en=station_en,
        stations_en=plural(station_en),
        search_hint=configured.get("search_hint") or hint,
        search_hint_en=configured.get("search_hint_en") or hint_en,
    )


def word_values(lang: str, words: Words = WORDS) -> dict[str, str]:
    """The project's words as ``{unit}``, ``{Units}``, ``{station}`` … fill them in ``lang``.

    Example::

        >>> word_values("en", Words(unit_en="village", units_en="villages"))["Units"]
        'Villages'
        >>> word_values("zh-CN", Words(unit="村"))["unit"]
        '村'
    """
    if lang == "en":
        pairs = {
            "unit": words.unit_en,
            "units": words.units_en,
            "station": words.station_en,
            "stations": words.stations_en,
        }
        for key, value in list(pairs.items()):
            pairs[key.capitalize()] = value[:1].upper() + value[1:]
        return pairs
    return {"unit": words.unit, "station": words.station}


def _fill(text: str, lang: str, words: Words) -> str:
    for key, value in word_values(lang, words).items():
        text = text.replace("{" + key + "}", value)
    return text


@functools.lru_cache(maxsize=64)
def strings(lang: str, words: Words = WORDS) -> dict[str, str]:
    """The interface strings of ``lang`` in the project's words.

    Example::

        >>> strings("en", Words(unit_en="village", units_en="villages"))["covered_summary"]
        '{covered} of {total} villages covered · {share}'
    """
    filled = {key: _fill(value, lang, words) for key, value in STRINGS[lang].items()}
    filled["search_placeholder"] = words.search_hint_en if lang == "en" else words.search_hint
    return filled


@functools.lru_cache(maxsize=64)
def coverage_strings(lang: str, words: Words = WORDS) -> dict[str, str]:
    """The coverage page's strings of ``lang`` in the project's words."""
    return {key: _fill(value, lang, words) for key, value in COVERAGE_STRINGS[lang].items()}


# --- Posters and the footer's publishing lines (mapgen.poster, mapgen.footer). ----------
PUBLISHING_STRINGS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "scan_site": "扫码打开服务地图",
        "scan_station": "扫码查看",
        "stations_heading": "站点一览（{count} 个）",
        "more_on_site": "另有 {count} 个站点，请见网站。",
        "map_source": "根据本项目的街镇边界和站点数据绘制，无底图",
        "map_approval": "审图号：{value}",
        "updated": "数据更新于 {date}",
        "icp": "{value}",
        "contact": "联系方式：{value}",
        "north": "北",
        "km": "{value} 公里",
        "label": "{label}：{value}",
        "list_sep": "、",
        "station_card": "社工站",
        "share": "分享",
        "copy_link": "复制链接",
        "copied": "链接已复制",
        "qr_label": "本页二维码",
        "scan_page": "扫码打开本页",
        "township_stations": "{name}的站点：{names}",
        "township_none": "{name}暂无站点",
        "open_full_site": "打开完整地图",
        "new_tab": "（在新窗口打开）",
        "gesture_touch": "请用双指移动地图",
        "gesture_scroll": "按住 Ctrl 键并滚动鼠标滚轮可缩放地图",
        "gesture_scroll_mac": "按住 ⌘ 键并滚动鼠标滚轮可缩放地图",
    },
    "en": {
        "scan_site": "Scan to open the map",
        "scan_station": "Scan for details",
        "stations_heading": "Stations ({count})",
        "more_on_site": "{count} more stations on the website.",
        "map_source": "Drawn from this project's township boundaries and stations; no basemap",
        "map_approval": "Map approval no. {value}",
        "updated": "Data updated {date}",
        "icp": "{value}",
        "contact": "Contact: {value}",
        "north": "N",
        "km": "{value} km",
        "label": "{label}: {value}",
        "list_sep": ", ",
        "station_card": "Social-work station",
        "share": "Share",
        "copy_link": "Copy link",
        "copied": "Link copied",
        "qr_label": "QR code of this page",
        "scan_page": "Scan to open this page",
        "township_stations": "Stations in {name}: {names}",
        "township_none": "{name} has no station yet",
        "open_full_site": "Open the full map",
        "new_tab": " (opens in a new tab)",
        "gesture_touch": "Use two fingers to move the map",
        "gesture_scroll": "Use Ctrl + scroll to zoom the map",
        "gesture_scroll_mac": "Use ⌘ + scroll to zoom the map",
    },
}
