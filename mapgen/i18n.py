"""Interface strings of the site in each language, and picking data text by language.

Data columns come in pairs (``name`` / ``name_en``). A page in English shows the ``_en``
text where given and falls back to Chinese *visibly*: the fallback is marked with
``lang="zh-CN"`` and a "(Chinese)" hint so screen readers and readers know.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("zh-CN", "en")

STRINGS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "language_name": "中文",
        "switch_to": "English",
        "map": "地图",
        "coverage": "覆盖情况",
        "stations": "站点",
        "townships": "街镇",
        "search": "搜索站点、街镇或服务",
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
        "shown": "显示 {shown} / {total} 个站点",
        "no_match": "没有符合条件的站点。请换个关键词或清除筛选。",
        "covered_summary": "{covered} / {total} 个街镇已覆盖 · {share}",
        "covered": "已覆盖",
        "uncovered": "未覆盖",
        "station": "站点",
        "legend": "图例",
        "venue": "服务场所",
        "address": "地址",
        "hours": "开放时间",
        "today": "今天",
        "closed_today": "今天不开放",
        "phone": "电话",
        "township": "所属街镇",
        "type": "场所类型",
        "opened": "启用时间",
        "services": "服务清单",
        "schedule": "时间安排",
        "details": "查看详情",
        "show_on_map": "在地图上显示",
        "directions": "导航",
        "amap": "高德地图",
        "baidu": "百度地图",
        "osm": "OpenStreetMap",
        "permalink": "本页链接",
        "print": "打印",
        "back_to_map": "返回地图",
        "distance": "距离",
        "km": "{value} 公里",
        "m": "{value} 米",
        "no_station_here": "本街镇暂无站点。",
        "nearest_is": "最近的站点是 {name}，距离约 {distance}。",
        "stations_here": "本街镇的站点",
        "services_here": "本街镇提供的服务",
        "downloads": "下载数据",
        "made_with": "由 mapgen 生成",
        "basemap": "底图",
        "tiles_failed": "底图加载失败（可能处于离线或内网环境），站点和边界仍可正常使用。",
        "fallback": "（中文）",
        "skip_to_list": "跳到站点列表",
        "map_label": "站点地图",
        "list_label": "站点列表",
        "station_count": "{count} 个站点",
        "category": "服务类别",
        "all": "全部",
        "unplaced_note": "{count} 个站点暂未标注位置，见下方列表。",
        "skip_to_content": "跳到正文",
        "search_button": "搜索",
        "close": "关闭",
        "notice_label": "说明",
        "filters": "筛选",
        "filters_active": "（已选 {count} 项）",
        "filter_tiers": "按层级筛选",
        "townships_list": "各街镇覆盖情况",
        "you_are_here": "您的位置",
        "pick_hint": "请在地图上点一下您所在的位置。使用键盘时：移动地图让十字对准您的位置，"
        "再按回车键；按 Esc 取消。",
        "pick_cancelled": "已取消选择位置",
        "zoom_in": "放大",
        "list_zoom_in": "视野内有超过 {count} 个站点，放大地图即可列出。",
        "zoom_out": "缩小",
        "layers": "图层",
        "new_tab": "（在新窗口打开）",
        "on_this_page": "本页内容",
        "closed": "不开放",
        "township_map": "街镇地图",
        "nearby_stations": "最近的站点",
    },
    "en": {
        "language_name": "English",
        "switch_to": "中文",
        "map": "Map",
        "coverage": "Coverage",
        "stations": "Stations",
        "townships": "Townships",
        "search": "Search stations, townships or services",
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
        "shown": "Showing {shown} of {total} stations",
        "no_match": "No station matches. Try another word or clear the filters.",
        "covered_summary": "{covered} of {total} townships covered · {share}",
        "covered": "Covered",
        "uncovered": "Not covered",
        "station": "Station",
        "legend": "Legend",
        "venue": "Venue",
        "address": "Address",
        "hours": "Opening hours",
        "today": "Today",
        "closed_today": "Closed today",
        "phone": "Phone",
        "township": "Township",
        "type": "Venue type",
        "opened": "Opened",
        "services": "Service menu",
        "schedule": "Schedule",
        "details": "Details",
        "show_on_map": "Show on map",
        "directions": "Directions",
        "amap": "Amap",
        "baidu": "Baidu Maps",
        "osm": "OpenStreetMap",
        "permalink": "Link to this page",
        "print": "Print",
        "back_to_map": "Back to the map",
        "distance": "Distance",
        "km": "{value} km",
        "m": "{value} m",
        "no_station_here": "No station in this township yet.",
        "nearest_is": "The nearest is {name}, about {distance} away.",
        "stations_here": "Stations in this township",
        "services_here": "Services offered here",
        "downloads": "Download the data",
        "made_with": "Made with mapgen",
        "basemap": "Background map",
        "tiles_failed": "The background map did not load (offline or intranet?). Stations and "
        "boundaries still work.",
        "fallback": " (Chinese)",
        "skip_to_list": "Skip to the station list",
        "map_label": "Map of stations",
        "list_label": "List of stations",
        "station_count": "Stations: {count}",
        "category": "Service category",
        "all": "All",
        "unplaced_note": "{count} stations have no location yet; see the list below.",
        "skip_to_content": "Skip to the content",
        "search_button": "Search",
        "close": "Close",
        "notice_label": "Notice",
        "filters": "Filters",
        "filters_active": " ({count} selected)",
        "filter_tiers": "Filter by tier",
        "townships_list": "Townships and coverage",
        "you_are_here": "You are here",
        "pick_hint": "Tap the map where you are. With a keyboard: move the map until the cross "
        "is on your location, then press Enter; Esc cancels.",
        "pick_cancelled": "Picking a location was cancelled",
        "zoom_in": "Zoom in",
        "list_zoom_in": "More than {count} stations in view: zoom in to list them.",
        "zoom_out": "Zoom out",
        "layers": "Layers",
        "new_tab": " (opens in a new tab)",
        "on_this_page": "On this page",
        "closed": "Closed",
        "township_map": "Map of the township",
        "nearby_stations": "Nearest station",
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


def venue_type(value: str, lang: str) -> str:
    return VENUE_TYPES.get(value, {}).get(lang, value)


def prefix(lang: str, languages: list[str]) -> str:
    """Folder of a language's pages: the first language at the root, others beside it."""
    return "" if lang == languages[0] else ("en/" if lang == "en" else "zh/")


def distance(metres: float, lang: str) -> str:
    """A distance as people say it: "850 m", "1.2 km", "12 km"."""
    strings = STRINGS[lang]
    if metres < 1000:
        return strings["m"].format(value=int(round(metres / 10) * 10))
    value = f"{metres / 1000:.1f}" if metres < 10000 else f"{metres / 1000:.0f}"
    return strings["km"].format(value=value)


# --- The coverage page (planners): its own block, passed to coverage.html as ``c``. ------
COVERAGE_STRINGS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "title": "覆盖情况与规划",
        "intro": "各街镇是否已有开放的站点、距最近站点多远，以及下一批站点建在哪里最有效。",
        "internal": "内部规划版本：含人口等非公开数据，请勿对外发布。",
        "progress": "进展与目标",
        "covered_now": "{covered} / {total} 个街镇已覆盖（{share}）",
        "when_planned": "计划中的 {planned} 个站点启用后：{covered} / {total}（{share}）",
        "target_line": "目标：{date}覆盖 {target}（{goal} 个街镇）。",
        "target_by": "{date}前",
        "sep": "",
        "target_met": "已达到目标。",
        "target_need": "还需 {count} 个街镇。",
        "full_need": "全覆盖还需 {count} 个街镇。",
        "all_covered": "所有街镇均已覆盖。",
        "on_track": "按计划启用时间，到目标日期可覆盖 {count} 个街镇，能够达到目标。",
        "off_track": "按计划启用时间，到目标日期只能覆盖 {count} 个街镇，还差 {short} 个。",
        "progress_label": "覆盖进度：已覆盖 {covered}，计划中 {planned}，目标 {goal}，"
        "共 {total} 个街镇",
        "tiers": "各层级站点",
        "tier": "层级",
        "tier_none": "（未注明）",
        "tier_counts": "计入覆盖",
        "open": "开放",
        "planned": "计划",
        "by_year": "历年覆盖",
        "by_year_label": "各年末已覆盖街镇数",
        "year_opened": "{year} 年：新开 {opened} 个站点，年末覆盖 {covered} 个街镇",
        "year_planned": "{year} 年：计划启用 {planned} 个站点，启用后覆盖 {covered} 个街镇",
        "chart_open": "已覆盖",
        "chart_planned": "计划启用后",
        "chart_target": "目标",
        "map": "未覆盖和距离较远的街镇",
        "map_label": "覆盖情况地图",
        "status_covered": "已覆盖",
        "status_planned": "计划覆盖",
        "status_uncovered": "未覆盖",
        "status_far": "距最近站点超过 {km} 公里",
        "open_station": "开放站点",
        "suggested_site": "建议站点",
        "reach": "建议站点 {km} 公里范围",
        "suggestions": "下一批站点建议",
        "suggestions_intro": "在{candidates}中选出 {k} 处，使 {km} 公里范围内能服务到的"
        "{goal}最多（计划中的站点视为已建成）。",
        "candidates_layer": "{count} 个候选地点",
        "candidates_townships": "尚需站点的 {count} 个街镇内的代表点",
        "goal_townships": "未覆盖或过远的街镇",
        "goal_people": "居民",
        "method_exact": "结果为精确最优解（已比较所有组合）。",
        "method_greedy": "组合过多，采用贪心算法（保证不低于最优解的 63%，通常即为最优）。",
        "site_inside": "{township}内的代表点",
        "site_covers": "使{township}实现覆盖",
        "site_reaches": "{km} 公里内可服务：{townships}",
        "site_people": "约 {people} 人",
        "after": "建成后：{covered} / {total} 个街镇已覆盖（{share}），"
        "{far} 个街镇距最近站点超过 {km} 公里。",
        "none_needed": "所有街镇均已覆盖且在距离范围内，无需新增站点。",
        "table": "各街镇明细",
        "table_caption": "各街镇的站点、覆盖情况和到最近开放站点的距离。点击列标题排序。",
        "table_limited": "街镇较多，这里列出最需关注的 {shown} 个（共 {total} 个）："
        "未覆盖和距离最远的在前。全部街镇见 coverage.csv。",
        "sorted_asc": "已按“{column}”升序排列",
        "sorted_desc": "已按“{column}”降序排列",
        "col_township": "街镇",
        "col_code": "代码",
        "col_open": "开放站点",
        "col_planned": "计划站点",
        "col_status": "覆盖情况",
        "col_distance": "距最近站点（公里）",
        "col_nearest": "最近站点",
        "col_far": "距离过远",
        "col_population": "人口",
        "col_access": "每万人可达站点",
        "planned_on": "计划 {date}",
        "planned_undated": "计划中",
        "yes": "是",
        "no": "否",
        "none": "—",
        "distance_note": "距离按 WGS84 椭球面测量，起点为{anchor}。",
        "anchor_point": "各街镇内的一个代表点",
        "anchor_population": "各街镇的人口加权中心",
        "access_note": "每万人可达站点：两步移动搜索法（2SFCA），{km} 公里范围。",
        "matrix": "各服务类别的覆盖",
        "matrix_caption": "各街镇是否有提供该类服务的开放站点。",
        "matrix_total": "覆盖街镇",
        "offered": "提供",
        "not_offered": "未提供",
        "download": "下载：",
    },
    "en": {
        "title": "Coverage and planning",
        "intro": "Which townships have an open station, how far the nearest one is, and where "
        "the next stations would do the most good.",
        "internal": "Internal planning edition: it contains private data such as population. "
        "Do not publish it.",
        "progress": "Progress and target",
        "covered_now": "{covered} of {total} townships covered ({share})",
        "when_planned": "Once the {planned} planned stations open: {covered} of {total} ({share})",
        "target_line": "Target: {target} of townships ({goal}){date}.",
        "target_by": " by {date}",
        "sep": " ",
        "target_met": "The target is met.",
        "target_need": "{count} more townships needed.",
        "full_need": "{count} more for 100%.",
        "all_covered": "Every township is covered.",
        "on_track": "With the stations planned by then, {count} townships will be covered by the "
        "target date: on track.",
        "off_track": "With the stations planned by then, only {count} townships will be covered "
        "by the target date: {short} short.",
        "progress_label": "Coverage progress: {covered} covered, {planned} planned, target "
        "{goal}, of {total} townships",
        "tiers": "Stations by tier",
        "tier": "Tier",
        "tier_none": "(not given)",
        "tier_counts": "Counts for coverage",
        "open": "Open",
        "planned": "Planned",
        "by_year": "Coverage by year",
        "by_year_label": "Townships covered at the end of each year",
        "year_opened": "{year}: {opened} stations opened, {covered} townships covered at year end",
        "year_planned": "{year}: {planned} stations planned to open, {covered} townships covered "
        "with them",
        "chart_open": "Covered",
        "chart_planned": "Once planned stations open",
        "chart_target": "Target",
        "map": "Uncovered and far townships",
        "map_label": "Map of coverage",
        "status_covered": "Covered",
        "status_planned": "Planned",
        "status_uncovered": "Not covered",
        "status_far": "More than {km} km from the nearest station",
        "open_station": "Open station",
        "suggested_site": "Suggested site",
        "reach": "{km} km around a suggested site",
        "suggestions": "Where the next stations should go",
        "suggestions_intro": "{k} sites chosen from {candidates} to reach the most {goal} "
        "within {km} km (planned stations counted as built).",
        "candidates_layer": "{count} candidate sites",
        "candidates_townships": "points inside the {count} townships that still need a station",
        "goal_townships": "uncovered or far townships",
        "goal_people": "residents",
        "method_exact": "This is the exact optimum: every combination was compared.",
        "method_greedy": "Too many combinations to compare: chosen greedily (at least 63% of the "
        "optimum, usually all of it).",
        "site_inside": "A point inside {township}",
        "site_covers": "covers {township}",
        "site_reaches": "within {km} km: {townships}",
        "site_people": "about {people} people",
        "after": "With them: {covered} of {total} townships covered ({share}); {far} more than "
        "{km} km from the nearest station.",
        "none_needed": "Every township is covered and within reach: no new site is needed.",
        "table": "Township by township",
        "table_caption": "Stations, coverage and distance to the nearest open station in each "
        "township. Select a column heading to sort.",
        "table_limited": "Showing the {shown} townships that most need attention, of {total}: "
        "uncovered and farthest first. coverage.csv lists them all.",
        "sorted_asc": "Sorted by {column}, ascending",
        "sorted_desc": "Sorted by {column}, descending",
        "col_township": "Township",
        "col_code": "Code",
        "col_open": "Open stations",
        "col_planned": "Planned stations",
        "col_status": "Coverage",
        "col_distance": "Nearest station (km)",
        "col_nearest": "Nearest station",
        "col_far": "Far",
        "col_population": "Population",
        "col_access": "Stations per 10,000 people in reach",
        "planned_on": "Planned {date}",
        "planned_undated": "Planned",
        "yes": "Yes",
        "no": "No",
        "none": "—",
        "distance_note": "Distances are measured on the WGS84 ellipsoid from {anchor}.",
        "anchor_point": "a point inside each township",
        "anchor_population": "the population-weighted centre of each township",
        "access_note": "Stations per 10,000 people in reach: two-step floating catchment "
        "(2SFCA), {km} km.",
        "matrix": "Coverage by service",
        "matrix_caption": "Whether a township has an open station offering the service.",
        "matrix_total": "Townships",
        "offered": "offered",
        "not_offered": "not offered",
        "download": "Download:",
    },
}


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
    },
}
