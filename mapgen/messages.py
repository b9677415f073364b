"""What each kind of problem says, in English and Chinese, and the report that lists them.

Every message lives here as a template keyed by the problem's ``code`` (or
``code/variant`` where one kind of problem has several wordings), with an English and a
Chinese text for *what is wrong* and *how to fix it*. Stages make problems with
:func:`problem`, which fills the English text at once and keeps the arguments, so the
report can be written in the site's first language later::

    >>> p = problem("station-outside", Severity.ERROR, "stations.csv", row=7,
    ...             station="JD-07", km="3.2", nearest="南翔镇")
    >>> p.message
    'station JD-07 is outside every township: 3.2 km from the nearest, 南翔镇'
    >>> p.text("zh-CN")[0]
    '站点 JD-07 不在任何街镇内：距最近的南翔镇 3.2 公里'

Problems made without a template (plain :class:`~mapgen.problems.Problem`) are reported
in English in every language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from mapgen.problems import Problem, Severity

# Placeholders every template may use besides its own arguments.
_FIELDS = ("file", "row", "column", "value", "station")


def _t(en: tuple[str, str], zh: tuple[str, str]) -> dict[str, tuple[str, str]]:
    return {"en": en, "zh-CN": zh}


_CRS_FIX_EN = ('Check its coordinates and their coordinate system (crs in mapgen.toml: '
               'wgs84, gcj02 for Amap/Tencent, bd09 for Baidu).')
_CRS_FIX_ZH = ("请核对坐标及其坐标系（mapgen.toml 中的 crs：wgs84；高德、腾讯为 gcj02；"
               "百度为 bd09）。")

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    # ------------------------------------------------------------ columns and ids
    "column-missing": _t(
        ("column {header!r} (mapped to {name!r} in mapgen.toml) is not in the file",
         "{hint}Columns in the file: {columns}. Fix [{layer}.columns] {name} in mapgen.toml."),
        ("文件中没有“{header}”列（mapgen.toml 中对应 {name}）",
         "{hint_zh}文件中的列：{columns}。请修改 mapgen.toml 的 [{layer}.columns] {name}。"),
    ),
    "id-missing": _t(
        ("station has no id", "Give every station a unique id, e.g. JD-07."),
        ("站点没有编号", "请给每个站点一个唯一编号，例如 JD-07。"),
    ),
    "id-duplicate": _t(
        ("id repeats row {first}", "Give each station its own id."),
        ("编号与第 {first} 行重复", "请给每个站点各自的编号。"),
    ),
    # ----------------------------------------------------------------- coordinates
    "coordinates-missing": _t(
        ("no coordinate columns: mapgen cannot place any station (it looked for headers "
         "经度/纬度, 东经/北纬, lng/lat, lon/lat and x/y)",
         'Name them in mapgen.toml, e.g. [stations.columns] lon = "经度", lat = "纬度", or '
         'lonlat = "坐标" for one column holding both.'),
        ("没有坐标列：mapgen 无法在地图上放置任何站点（已查找表头 经度/纬度、东经/北纬、lng/lat、"
         "lon/lat 和 x/y）",
         '请在 mapgen.toml 中指明，例如 [stations.columns] lon = "经度"，lat = "纬度"；'
         '如果一列中同时有经纬度，写 lonlat = "坐标"。'),
    ),
    "coordinate-invalid/not-a-number": _t(
        ("{axis} is not a number",
         "Write decimal degrees like 121.2658, or degrees-minutes-seconds like 121°15′57″."),
        ("{axis_zh}不是数字",
         "请写成十进制度数（如 121.2658）或度分秒（如 121°15′57″）。"),
    ),
    "coordinate-invalid/out-of-range": _t(
        ("{axis} {number} is out of range (−{limit} to {limit})",
         "Check for a misplaced decimal point, or a projected coordinate: then set crs in "
         '[stations] to its EPSG code, e.g. "EPSG:4549".'),
        ("{axis_zh} {number} 超出范围（−{limit} 至 {limit}）",
         "请检查小数点位置；如果是投影坐标（单位为米），请在 [stations] 中把 crs 设为其 EPSG "
         '代码，例如 "EPSG:4549"。'),
    ),
    "coordinate-invalid/missing": _t(
        ("{axis} is missing",
         "Fill in the {axis}, or clear both cells if the station has no coordinates yet."),
        ("缺少{axis_zh}", "请填写{axis_zh}；如果站点还没有坐标，请把两个坐标单元格都留空。"),
    ),
    "coordinate-invalid/projected": _t(
        ("the coordinates ({x}, {y}) do not convert to a place on Earth in {crs}",
         "Check the numbers and that crs in [stations] is the system they were measured in."),
        ("坐标（{x}，{y}）在 {crs} 中换算不出地球上的位置",
         "请核对数值，并确认 [stations] 的 crs 是测量这些坐标所用的坐标系。"),
    ),
    "crs-projected": _t(
        ("the coordinates are in metres (e.g. {x}, {y}), not longitude and latitude; "
         "they look like {guess}",
         'Set crs = "{epsg}" in [stations]{also}.'),
        ("坐标以米为单位（如 {x}，{y}），不是经纬度；看起来是{guess_zh}",
         '请在 [stations] 中设置 crs = "{epsg}"{also_zh}。'),
    ),
    "crs-not-projected": _t(
        ("crs is {crs}, a projected system in metres, but the coordinates look like "
         "degrees (e.g. {x}, {y})",
         'Remove the crs line, or set crs = "wgs84" (or "gcj02"/"bd09" for coordinates from '
         "Amap/Baidu) in [stations]."),
        ("crs 设为 {crs}（以米为单位的投影坐标系），但坐标看起来是经纬度（如 {x}，{y}）",
         '请删除 crs 这一行，或在 [stations] 中设置 crs = "wgs84"（高德坐标用 "gcj02"，'
         '百度坐标用 "bd09"）。'),
    ),
    "crs-zone-prefix": _t(
        ("{count} easting(s) carry the zone number {zone} in front (e.g. {example}), which "
         "{crs} does not expect; mapgen removed it",
         'Nothing to do if the map looks right; or set crs = "{epsg}", the same system '
         "with the zone number."),
        ("{count} 个横坐标前带有带号 {zone}（如 {example}），而 {crs} 不带带号；mapgen 已去掉带号",
         '如果地图显示正确则无需处理；也可以设置 crs = "{epsg}"（带带号的同一坐标系）。'),
    ),
    "crs-zone-added": _t(
        ("{count} easting(s) lack the zone number {zone} that {crs} expects in front "
         "(e.g. {example}); mapgen added it",
         'Nothing to do if the map looks right; or set crs = "{epsg}", the same system '
         "without the zone number."),
        ("{count} 个横坐标前缺少 {crs} 要求的带号 {zone}（如 {example}）；mapgen 已补上带号",
         '如果地图显示正确则无需处理；也可以设置 crs = "{epsg}"（不带带号的同一坐标系）。'),
    ),
    "crs-zone-mismatch": _t(
        ("the eastings start with zone number {zone} (e.g. {example}), but {crs} is the "
         "zone around {cm}°E",
         'Set crs = "{epsg}" in [stations]: {epsg_name}.'),
        ("横坐标以带号 {zone} 开头（如 {example}），但 {crs} 是中央经线 {cm}°E 的投影带",
         '请在 [stations] 中设置 crs = "{epsg}"（{epsg_name}）。'),
    ),
    "coordinates-swapped": _t(
        ("longitude and latitude look swapped: as written the point is outside the "
         "district, swapped it lies in {township}; mapgen swapped them",
         "Swap the two cells in the file (longitude is about {lon}, latitude about {lat})."),
        ("经度和纬度似乎填反了：按原样该点在区域之外，互换后位于{township}；mapgen 已互换",
         "请在文件中互换这两个单元格（经度约为 {lon}，纬度约为 {lat}）。"),
    ),
    "coordinates-swapped/projected": _t(
        ("easting and northing look swapped: as written the point is outside the district, "
         "swapped it lies in {township}; mapgen swapped them",
         "Swap the two cells in the file (the easting is about {x}, the northing about {y})."),
        ("横坐标（东）和纵坐标（北）似乎填反了：按原样该点在区域之外，互换后位于{township}；"
         "mapgen 已互换", "请在文件中互换这两个单元格（东坐标约为 {x}，北坐标约为 {y}）。"),
    ),
    "coordinates-swapped/columns": _t(
        ("longitude and latitude are swapped in all {count} rows: as mapped, every point is "
         "outside the district, swapped every one lies in it; mapgen swapped them",
         'In [stations.columns] of mapgen.toml, set lon = "{y_column}" and '
         'lat = "{x_column}".'),
        ("全部 {count} 行的经度和纬度都填反了：按现有对应关系所有点都在区域之外，互换后全部位于"
         "区域内；mapgen 已互换",
         '请在 mapgen.toml 的 [stations.columns] 中设置 lon = "{y_column}"，'
         'lat = "{x_column}"。'),
    ),
    "coordinates-swapped/columns-projected": _t(
        ("easting and northing are swapped in all {count} rows: as mapped, every point is "
         "outside the district, swapped every one lies in it; mapgen swapped them (in "
         "Chinese surveying X is the northing and Y the easting)",
         'In [stations.columns] of mapgen.toml, set lon = "{y_column}" (the easting) and '
         'lat = "{x_column}" (the northing).'),
        ("全部 {count} 行的东坐标和北坐标都对应反了：按现有对应关系所有点都在区域之外，"
         "互换后全部位于区域内；mapgen 已互换（我国测量习惯中 X 为纵坐标（北）、Y 为横坐标（东））",
         '请在 mapgen.toml 的 [stations.columns] 中设置 lon = "{y_column}"（东坐标），'
         'lat = "{x_column}"（北坐标）。'),
    ),
    "station-not-placed/blank": _t(
        ("station not placed: no coordinates yet",
         "Add its longitude and latitude (copy them from a web map)."),
        ("站点未上图：还没有坐标", "请补充经纬度（可从网络地图上复制）。"),
    ),
    "station-not-placed/placeholder": _t(
        ("station not placed: coordinates are {text!r}",
         "Add its longitude and latitude (copy them from a web map)."),
        ("站点未上图：坐标为“{text}”", "请补充经纬度（可从网络地图上复制）。"),
    ),
    "station-not-placed/address": _t(
        ("station not placed: it has an address but no coordinates",
         "Look the address up on a web map (Amap, Baidu or Tianditu), copy its longitude and "
         'latitude into the file, and set crs in [stations] to match (Amap: "gcj02", '
         'Baidu: "bd09").'),
        ("站点未上图：只有地址，没有坐标",
         "请在网络地图（高德、百度或天地图）上查找该地址，把经纬度复制到文件中，并相应设置 "
         '[stations] 的 crs（高德为 "gcj02"，百度为 "bd09"）。'),
    ),
    "station-not-placed/zero": _t(
        ("station not placed: coordinates are 0, 0 (a blank cell exported as zero?)",
         "Add its real longitude and latitude."),
        ("站点未上图：坐标为 0, 0（可能是空单元格被导出为 0）", "请填写其真实经纬度。"),
    ),
    "station-not-placed/latitude": _t(
        ("station not placed: latitude {number} is out of range (−90 to 90)",
         "Check the two coordinate cells: longitude and latitude may be in the wrong "
         "columns, or a decimal point is misplaced."),
        ("站点未上图：纬度 {number} 超出范围（−90 至 90）",
         "请检查两个坐标单元格：经纬度可能放错了列，或小数点位置有误。"),
    ),
    "station-outside": _t(
        ("station {station} is outside every township: {km} km from the nearest, {nearest}",
         _CRS_FIX_EN),
        ("站点 {station} 不在任何街镇内：距最近的{nearest} {km} 公里", _CRS_FIX_ZH),
    ),
    "datum-mismatch": _t(
        ("the stations look like {better_name} coordinates, not {declared_name}: {better} of "
         "{total} lie in their stated township when read as {better_name}, {declared} as "
         "{declared_name}",
         'Set crs = "{better_key}" in [stations]{alternative}.'),
        ("站点坐标看起来是 {better_name}，而不是 {declared_name}：按 {better_name} 读取时 "
         "{total} 个站点中有 {better} 个位于其所属街镇内，按 {declared_name} 只有 {declared} 个",
         '请在 [stations] 中设置 crs = "{better_key}"{alternative_zh}。'),
    ),
    "boundaries-datum": _t(
        ("the boundaries look like Aliyun DataV / web-map data (properties {properties}), "
         "which is GCJ-02, but crs is {declared}",
         'If they come from DataV.GeoAtlas, Amap or Tencent, set crs = "gcj02" in '
         "[townships]."),
        ("边界数据看起来来自阿里云 DataV 或网络地图（属性 {properties}），这类数据是 GCJ-02，"
         "但 crs 为 {declared}",
         '如果数据来自 DataV.GeoAtlas、高德或腾讯，请在 [townships] 中设置 crs = "gcj02"。'),
    ),
    # ------------------------------------------------------------------- geometry
    "crs-missing": _t(
        ("the file has no coordinate system and its coordinates ({x}, {y}) are not "
         "longitude/latitude",
         'Set crs in [townships] to the EPSG code the data uses, e.g. crs = "{epsg}" '
         "({epsg_name})."),
        ("文件没有坐标系信息，其坐标（{x}，{y}）不是经纬度",
         '请在 [townships] 中把 crs 设为数据所用的 EPSG 代码，例如 crs = "{epsg}"'
         "（{epsg_name}）。"),
    ),
    "crs-missing/geographic": _t(
        ("the coordinates ({x}, {y}) are not longitude/latitude, though the layer says "
         "{crs}: they are projected (metres)",
         'Set crs in [townships] to the EPSG code the data uses, e.g. crs = "{epsg}" '
         "({epsg_name})."),
        ("坐标（{x}，{y}）不是经纬度（虽然图层声明为 {crs}），而是以米为单位的投影坐标",
         '请在 [townships] 中把 crs 设为数据所用的 EPSG 代码，例如 crs = "{epsg}"'
         "（{epsg_name}）。"),
    ),
    "geometry-empty": _t(
        ("township has no geometry", "Draw its boundary or remove the feature."),
        ("街镇没有边界图形", "请绘制其边界，或删除该要素。"),
    ),
    "geometry-not-polygon": _t(
        ("township is a {kind}, not a polygon",
         "Township boundaries must be polygons; export the areas, not their outlines."),
        ("街镇是{kind}，不是面", "街镇边界必须是面（多边形）；请导出面要素，而不是边界线。"),
    ),
    "geometry-repaired/fixed": _t(
        ("township {name} had an invalid polygon (self-intersection or bad ring); "
         "repaired, area changed by {change}",
         "Check the boundary in a GIS (QGIS: Vector › Geometry Tools › Check Validity)."),
        ("街镇{name}的边界多边形无效（自相交或环有误）；已修复，面积变化 {change}",
         "请在 GIS 中检查该边界（QGIS：矢量 › 几何工具 › 检查有效性）。"),
    ),
    "geometry-repaired/too-much": _t(
        ("township {name} had an invalid polygon (self-intersection or bad ring); "
         "repaired, area changed by {change}",
         "Check the boundary in a GIS (QGIS: Vector › Geometry Tools › Check Validity): "
         "the repair changed it too much to trust."),
        ("街镇{name}的边界多边形无效（自相交或环有误）；修复后面积变化 {change}",
         "请在 GIS 中检查并修正该边界（QGIS：矢量 › 几何工具 › 检查有效性）：自动修复改动太大，"
         "不可信。"),
    ),
    "township-duplicate": _t(
        ("township code repeats another feature",
         "Each township needs its own code; merge or recode them."),
        ("街镇代码与另一个要素重复", "每个街镇需要各自的代码；请合并或重新编码。"),
    ),
    "township-name-duplicate": _t(
        ("township name {name!r} is also used by {other}",
         "Give each township a distinct name (stations name their township by it), or "
         "merge the two features if they are one township."),
        ("街镇名称“{name}”与{other}重复",
         "请给每个街镇不同的名称（站点按名称对应街镇）；如果是同一个街镇，请合并这两个要素。"),
    ),
    "township-no-id": _t(
        ("township has no code", "Fill in the township's statistical code."),
        ("街镇没有代码", "请填写街镇的统计代码。"),
    ),
    "township-overlap": _t(
        ("townships {a} and {b} overlap by {area}",
         "Fix the shared border in a GIS (QGIS: Vector › Geometry Tools › Check Validity, "
         "or the Topology Checker); until then stations there count for the township whose "
         "code sorts first."),
        ("街镇{a}与{b}重叠 {area_zh}",
         "请在 GIS 中修正两者的共同边界（QGIS：矢量 › 几何工具 › 检查有效性，或拓扑检查器）；"
         "修正前，重叠处的站点计入代码较小的街镇。"),
    ),
    "township-gap": _t(
        ("a gap of {area} between townships {names}, near {lon}, {lat}",
         "Close the gap in a GIS if the area belongs to one of them; ignore this if it is "
         "outside the district (an enclave of another district, say)."),
        ("街镇{names_zh}之间有一处 {area_zh} 的空隙，位置约在 {lon}，{lat}",
         "如果该区域属于其中某个街镇，请在 GIS 中补上；如果它本不属于本区（例如他区飞地），"
         "可忽略。"),
    ),
    # ---------------------------------------------------------------- consistency
    "township-unknown": _t(
        ("station {station} names a township that does not exist",
         "{hint}Use the township's name or code exactly as in the boundary file."),
        ("站点 {station} 所填的街镇不存在", "{hint_zh}请使用边界文件中街镇的准确名称或代码。"),
    ),
    "township-mismatch": _t(
        ("station {station} says it is in {stated} but its point lies in {actual}, "
         "{km} km from {stated}",
         "Check the coordinates, their coordinate system (crs), or the stated township."),
        ("站点 {station} 填写的街镇是{stated}，但其坐标位于{actual}，距{stated} {km} 公里",
         "请核对坐标、坐标系（crs）或所填街镇。"),
    ),
    "service-unknown-station": _t(
        ("service row names station {value!r}, which is not in {stations_file}",
         "{hint}Use the station's id exactly."),
        ("服务行中的站点“{value}”不在 {stations_file} 中", "{hint_zh}请准确使用站点编号。"),
    ),
    "service-unknown-category": _t(
        ("unknown service category {value!r}", "{hint}Known categories: {known}."),
        ("未知的服务类别“{value}”", "{hint_zh}已知类别：{known}。"),
    ),
    "station-no-services": _t(
        ("station {station} has no services listed",
         "Add its service menu rows, or it shows with an empty menu."),
        ("站点 {station} 没有列出任何服务", "请补充其服务清单，否则该站点的服务清单显示为空。"),
    ),
    "row-lost": _t(
        ("{lost} row(s) were read but neither used nor reported (a mapgen bug)",
         "Please report this with the file: those rows are missing from the site."),
        ("有 {lost} 行已读取，但既未使用也未报告（mapgen 的缺陷）",
         "请连同文件一起反馈此问题：这些行没有出现在网站上。"),
    ),
    # --------------------------------------------------------------- safe output
    "text-controls": _t(
        ("{count} invisible control character(s) removed from the text (e.g. {names}); "
         "they can make a name display reversed or hide part of it",
         "Nothing to do if the text reads right; otherwise retype the cell."),
        ("已从文本中删除 {count} 个不可见控制字符（如 {names}）；这类字符会让名称反向显示或"
         "隐藏部分内容", "如果文字显示正确则无需处理；否则请重新输入该单元格。"),
    ),
    "text-controls/more": _t(
        ("invisible control characters were removed from {count} more cells (rows {rows})",
         "Nothing to do if the text reads right; otherwise retype those cells."),
        ("另有 {count} 个单元格中的不可见控制字符已删除（第 {rows} 行）",
         "如果文字显示正确则无需处理；否则请重新输入这些单元格。"),
    ),
    "sensitive-invalid": _t(
        ("sensitive count is not a whole number of 0 or more; it is left out of the "
         "township total", "Write a count such as 12, or leave the cell empty."),
        ("敏感人数字段不是非负整数；未计入街镇合计", "请填写人数（如 12），或留空。"),
    ),
    "sensitive-column-missing": _t(
        ("sensitive column {header!r} listed in [public] sensitive_fields is not in the file",
         "{hint}Columns in the file: {columns}."),
        ("[public] sensitive_fields 中的敏感列“{header}”不在文件中",
         "{hint_zh}文件中的列：{columns}。"),
    ),
    "sensitive-published": _t(
        ("column {header!r} is listed as sensitive but is also the station field {name!r} in "
         "[public] station_fields; it is not published per station",
         "Remove {name!r} from [public] station_fields, or the column from sensitive_fields."),
        ("列“{header}”被列为敏感字段，同时又是 [public] station_fields 中的站点字段 {name}；"
         "不会按站点发布",
         "请从 [public] station_fields 中删除 {name}，或从 sensitive_fields 中删除该列。"),
    ),
}

_SEVERITY_TITLES = {
    "en": {
        Severity.ERROR: "Errors (nothing is published until these are fixed)",
        Severity.WARNING: "Warnings (the site is built; please check these)",
        Severity.FIXED: "Fixed automatically (please confirm)",
    },
    "zh-CN": {
        Severity.ERROR: "错误（修正之前不会发布任何内容）",
        Severity.WARNING: "警告（网站已生成，请核对）",
        Severity.FIXED: "已自动修正（请确认）",
    },
}


def report_language(config: Any) -> str:
    """The language reports are written in: the site's first language."""
    languages = list(getattr(config.site, "languages", []) or ["en"])
    return _language(languages[0])


def _language(lang: str) -> str:
    return "zh-CN" if lang.lower().startswith("zh") else "en"


def _as_text(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def problem(
    code: str,
    severity: Severity,
    file: str,
    *,
    variant: str = "",
    row: int | str | None = None,
    column: str | None = None,
    value: str | None = None,
    station: str | None = None,
    **args: Any,
) -> Problem:
    """A problem whose English text comes from :data:`TEMPLATES` (``code`` or
    ``code/variant``), with ``args`` kept for the Chinese report."""
    key = f"{code}/{variant}" if variant else code
    if isinstance(row, np.integer):
        row = int(row)
    fields = {"file": file, "row": row, "column": column, "value": value, "station": station}
    values = {k: _as_text(v) for k, v in args.items()}
    message, fix = TEMPLATES[key]["en"]
    mapping = {**{k: "" if v is None else v for k, v in fields.items()}, **values}
    return Problem(
        severity, file, message.format_map(mapping), fix=fix.format_map(mapping), row=row,
        column=column, value=value, code=code, station=station, template=key,
        args=tuple(values.items()),
    )


def render(item: Problem, lang: str) -> tuple[str, str]:
    """The problem's message and fix in ``lang``; English where there is no template."""
    lang = _language(lang)
    texts = TEMPLATES.get(item.template)
    if lang == "en" or texts is None or lang not in texts:
        return item.message, item.fix
    mapping: dict[str, Any] = {f: getattr(item, f) for f in _FIELDS}
    mapping = {k: "" if v is None else v for k, v in mapping.items()}
    mapping.update(dict(item.args))
    message, fix = texts[lang]
    try:
        return message.format_map(mapping), fix.format_map(mapping)
    except (KeyError, IndexError, ValueError):
        return item.message, item.fix


_FEATURE = re.compile(r"^feature (\d+)(?: \((.*)\))?$", re.DOTALL)


def location(item: Problem, lang: str, *, with_file: bool = True) -> str:
    """Where the problem is: file, row (or feature) and column, in ``lang``."""
    zh = _language(lang) == "zh-CN"
    parts = [item.file] if with_file else []
    if item.row is not None:
        if isinstance(item.row, int):
            parts.append(f"第 {item.row} 行" if zh else f"row {item.row}")
        elif zh and (match := _FEATURE.match(item.row)):
            name = f"（{match[2]}）" if match[2] else ""
            parts.append(f"第 {match[1]} 个要素{name}")
        else:
            parts.append(str(item.row))
    if item.column:
        parts.append(f"“{item.column}”列" if zh else f"column {item.column!r}")
    return ("，" if zh else ", ").join(p for p in parts if p)


def describe(item: Problem, lang: str, *, with_file: bool = True) -> str:
    """One problem as text: where, what, the value, and the fix on the next line."""
    zh = _language(lang) == "zh-CN"
    message, fix = render(item, lang)
    where = location(item, lang, with_file=with_file)
    text = f"{where}：{message}" if zh and where else f"{where}: {message}" if where else message
    if item.value is not None:
        text += f"（值：“{item.value}”）" if zh else f" (value: {item.value!r})"
    if fix:
        text += f"\n    修改方法：{fix}" if zh else f"\n    fix: {fix}"
    return text


def _key(item: Problem) -> tuple[Any, ...]:
    return (item.severity, item.file, item.row, item.column, item.value, item.code,
            item.message)


def format_report(problems: Iterable[Problem], lang: str = "en") -> str:
    """Every problem once, grouped by severity and then by file, in the order found."""
    lang = _language(lang)
    zh = lang == "zh-CN"
    unique = list({_key(p): p for p in problems}.values())
    if not unique:
        return "未发现问题。\n" if zh else "No problems found.\n"
    lines: list[str] = []
    for severity in Severity:
        group = [p for p in unique if p.severity is severity]
        if not group:
            continue
        lines.append(f"{_SEVERITY_TITLES[lang][severity]}：{len(group)}" if zh
                     else f"{_SEVERITY_TITLES[lang][severity]}: {len(group)}")
        files = list(dict.fromkeys(p.file for p in group))
        for file in files:
            lines.append(f"  {file or 'mapgen.toml'}")
            for item in (p for p in group if p.file == file):
                text = describe(item, lang, with_file=False)
                lines.append("    - " + text.replace("\n", "\n    "))
        lines.append("")
    return "\n".join(lines)


def counts(problems: Iterable[Problem]) -> Mapping[Severity, int]:
    """How many problems of each severity, each counted once."""
    unique = {_key(p): p for p in problems}.values()
    return {s: sum(1 for p in unique if p.severity is s) for s in Severity}
