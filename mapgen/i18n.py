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
