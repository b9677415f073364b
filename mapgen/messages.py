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
    >>> render(p, "zh-CN")[0]
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


_CRS_FIX_EN = (
    "Check its coordinates and their coordinate system (crs in mapgen.toml: "
    "wgs84, gcj02 for Amap/Tencent, bd09 for Baidu)."
)
_CRS_FIX_ZH = (
    "请核对坐标及其坐标系（mapgen.toml 中的 crs：wgs84；高德、腾讯为 gcj02；百度为 bd09）。"
)

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    # ------------------------------------------------------------ columns and ids
    "column-missing": _t(
        (
            "column {header!r} (mapped to {name!r} in mapgen.toml) is not in the file",
            "{hint}Columns in the file: {columns}. Fix [{layer}.columns] {name} in mapgen.toml.",
        ),
        (
            "文件中没有“{header}”列（mapgen.toml 中对应 {name}）",
            "{hint_zh}文件中的列：{columns}。请修改 mapgen.toml 的 [{layer}.columns] {name}。",
        ),
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
        (
            "no coordinate columns: mapgen cannot place any station (it looked for headers "
            "经度/纬度, 东经/北纬, lng/lat, lon/lat and x/y)",
            'Name them in mapgen.toml, e.g. [stations.columns] lon = "经度", lat = "纬度", or '
            'lonlat = "坐标" for one column holding both.',
        ),
        (
            "没有坐标列：mapgen 无法在地图上放置任何站点（已查找表头 经度/纬度、东经/北纬、lng/lat、"
            "lon/lat 和 x/y）",
            '请在 mapgen.toml 中指明，例如 [stations.columns] lon = "经度"，lat = "纬度"；'
            '如果一列中同时有经纬度，写 lonlat = "坐标"。',
        ),
    ),
    "coordinate-invalid/not-a-number": _t(
        (
            "{axis} is not a number",
            "Write decimal degrees like 121.2658, or degrees-minutes-seconds like 121°15′57″.",
        ),
        ("{axis_zh}不是数字", "请写成十进制度数（如 121.2658）或度分秒（如 121°15′57″）。"),
    ),
    "coordinate-invalid/out-of-range": _t(
        (
            "{axis} {number} is out of range (−{limit} to {limit})",
            "Check for a misplaced decimal point, or a projected coordinate: then set crs in "
            '[stations] to its EPSG code, e.g. "EPSG:4549".',
        ),
        (
            "{axis_zh} {number} 超出范围（−{limit} 至 {limit}）",
            "请检查小数点位置；如果是投影坐标（单位为米），请在 [stations] 中把 crs 设为其 EPSG "
            '代码，例如 "EPSG:4549"。',
        ),
    ),
    "coordinate-invalid/missing": _t(
        (
            "{axis} is missing",
            "Fill in the {axis}, or clear both cells if the station has no coordinates yet.",
        ),
        ("缺少{axis_zh}", "请填写{axis_zh}；如果站点还没有坐标，请把两个坐标单元格都留空。"),
    ),
    "coordinate-invalid/projected": _t(
        (
            "the coordinates ({x}, {y}) do not convert to a place on Earth in {crs}",
            "Check the numbers and that crs in [stations] is the system they were measured in.",
        ),
        (
            "坐标（{x}，{y}）在 {crs} 中换算不出地球上的位置",
            "请核对数值，并确认 [stations] 的 crs 是测量这些坐标所用的坐标系。",
        ),
    ),
    "crs-projected": _t(
        (
            "the coordinates are in metres (e.g. {x}, {y}), not longitude and latitude; "
            "they look like {guess}",
            'Set crs = "{epsg}" in [stations]{also}.',
        ),
        (
            "坐标以米为单位（如 {x}，{y}），不是经纬度；看起来是{guess_zh}",
            '请在 [stations] 中设置 crs = "{epsg}"{also_zh}。',
        ),
    ),
    "crs-projected/mercator": _t(
        (
            "the coordinates are Mercator metres (e.g. {x}, {y}), as Baidu Maps (BD-09MC, "
            "Baidu Mercator) and web maps write them, not longitude/latitude and not "
            "Gauss-Krüger",
            'Export them from Baidu as BD-09 longitude/latitude and set crs = "bd09" in '
            "[{layer}] (mapgen cannot convert Baidu Mercator metres exactly); if they are Web "
            'Mercator, set crs = "EPSG:3857".',
        ),
        (
            "坐标是墨卡托米制坐标（如 {x}，{y}），即百度地图（BD-09MC，百度墨卡托）或网络地图的写法，"
            "既不是经纬度，也不是高斯-克吕格坐标",
            '请从百度导出 BD-09 经纬度，并在 [{layer}] 中设置 crs = "bd09"（mapgen 无法精确换算百度墨卡托'
            '米制坐标）；如果是 Web 墨卡托，请设置 crs = "EPSG:3857"。',
        ),
    ),
    "crs-missing/mercator": _t(
        (
            "the coordinates are Mercator metres (e.g. {x}, {y}), as Baidu Maps (BD-09MC, "
            "Baidu Mercator) and web maps write them, not longitude/latitude and not "
            "Gauss-Krüger",
            'Export them from Baidu as BD-09 longitude/latitude and set crs = "bd09" in '
            "[{layer}] (mapgen cannot convert Baidu Mercator metres exactly); if they are Web "
            'Mercator, set crs = "EPSG:3857".',
        ),
        (
            "坐标是墨卡托米制坐标（如 {x}，{y}），即百度地图（BD-09MC，百度墨卡托）或网络地图的写法，"
            "既不是经纬度，也不是高斯-克吕格坐标",
            '请从百度导出 BD-09 经纬度，并在 [{layer}] 中设置 crs = "bd09"（mapgen 无法精确换算百度墨卡托'
            '米制坐标）；如果是 Web 墨卡托，请设置 crs = "EPSG:3857"。',
        ),
    ),
    "crs-not-projected": _t(
        (
            "crs is {crs}, a projected system in metres, but the coordinates look like "
            "degrees (e.g. {x}, {y})",
            'Remove the crs line, or set crs = "wgs84" (or "gcj02"/"bd09" for coordinates from '
            "Amap/Baidu) in [stations].",
        ),
        (
            "crs 设为 {crs}（以米为单位的投影坐标系），但坐标看起来是经纬度（如 {x}，{y}）",
            '请删除 crs 这一行，或在 [stations] 中设置 crs = "wgs84"（高德坐标用 "gcj02"，'
            '百度坐标用 "bd09"）。',
        ),
    ),
    "crs-zone-prefix": _t(
        (
            "{count} easting(s) carry the zone number {zone} in front (e.g. {example}), which "
            "{crs} does not expect; mapgen removed it",
            'Nothing to do if the map looks right; or set crs = "{epsg}", the same system '
            "with the zone number.",
        ),
        (
            "{count} 个横坐标前带有带号 {zone}（如 {example}），而 {crs} 不带带号；mapgen 已去掉带号",
            '如果地图显示正确则无需处理；也可以设置 crs = "{epsg}"（带带号的同一坐标系）。',
        ),
    ),
    "crs-zone-added": _t(
        (
            "{count} easting(s) lack the zone number {zone} that {crs} expects in front "
            "(e.g. {example}); mapgen added it",
            'Nothing to do if the map looks right; or set crs = "{epsg}", the same system '
            "without the zone number.",
        ),
        (
            "{count} 个横坐标前缺少 {crs} 要求的带号 {zone}（如 {example}）；mapgen 已补上带号",
            '如果地图显示正确则无需处理；也可以设置 crs = "{epsg}"（不带带号的同一坐标系）。',
        ),
    ),
    "crs-zone-mismatch": _t(
        (
            "the eastings start with zone number {zone} (e.g. {example}), but {crs} is the "
            "zone around {cm}°E",
            'Set crs = "{epsg}" in [stations]: {epsg_name}.',
        ),
        (
            "横坐标以带号 {zone} 开头（如 {example}），但 {crs} 是中央经线 {cm}°E 的投影带",
            '请在 [stations] 中设置 crs = "{epsg}"（{epsg_name}）。',
        ),
    ),
    "coordinates-swapped": _t(
        (
            "longitude and latitude look swapped: as written the point is outside the "
            "district, swapped it lies in {township}; mapgen swapped them",
            "Swap the two cells in the file (longitude is about {lon}, latitude about {lat}).",
        ),
        (
            "经度和纬度似乎填反了：按原样该点在区域之外，互换后位于{township}；mapgen 已互换",
            "请在文件中互换这两个单元格（经度约为 {lon}，纬度约为 {lat}）。",
        ),
    ),
    "coordinates-swapped/projected": _t(
        (
            "easting and northing look swapped: as written the point is outside the district, "
            "swapped it lies in {township}; mapgen swapped them",
            "Swap the two cells in the file (the easting is about {x}, the northing about {y}).",
        ),
        (
            "横坐标（东）和纵坐标（北）似乎填反了：按原样该点在区域之外，互换后位于{township}；"
            "mapgen 已互换",
            "请在文件中互换这两个单元格（东坐标约为 {x}，北坐标约为 {y}）。",
        ),
    ),
    "coordinates-swapped/columns": _t(
        (
            "longitude and latitude are swapped in all {count} rows: as mapped, every point is "
            "outside the district, swapped every one lies in it; mapgen swapped them",
            'In [stations.columns] of mapgen.toml, set lon = "{y_column}" and lat = "{x_column}".',
        ),
        (
            "全部 {count} 行的经度和纬度都填反了：按现有对应关系所有点都在区域之外，互换后全部位于"
            "区域内；mapgen 已互换",
            '请在 mapgen.toml 的 [stations.columns] 中设置 lon = "{y_column}"，'
            'lat = "{x_column}"。',
        ),
    ),
    "coordinates-swapped/columns-projected": _t(
        (
            "easting and northing are swapped in all {count} rows: as mapped, every point is "
            "outside the district, swapped every one lies in it; mapgen swapped them (in "
            "Chinese surveying X is the northing and Y the easting)",
            'In [stations.columns] of mapgen.toml, set lon = "{y_column}" (the easting) and '
            'lat = "{x_column}" (the northing).',
        ),
        (
            "全部 {count} 行的东坐标和北坐标都对应反了：按现有对应关系所有点都在区域之外，"
            "互换后全部位于区域内；mapgen 已互换（我国测量习惯中 X 为纵坐标（北）、Y 为横坐标（东））",
            '请在 mapgen.toml 的 [stations.columns] 中设置 lon = "{y_column}"（东坐标），'
            'lat = "{x_column}"（北坐标）。',
        ),
    ),
    "station-not-placed/blank": _t(
        (
            "station not placed: no coordinates yet",
            "Add its longitude and latitude (copy them from a web map).",
        ),
        ("站点未上图：还没有坐标", "请补充经纬度（可从网络地图上复制）。"),
    ),
    "station-not-placed/placeholder": _t(
        (
            "station not placed: coordinates are {text!r}",
            "Add its longitude and latitude (copy them from a web map).",
        ),
        ("站点未上图：坐标为“{text}”", "请补充经纬度（可从网络地图上复制）。"),
    ),
    "station-not-placed/address": _t(
        (
            "station not placed: it has an address but no coordinates",
            "Look the address up on a web map (Amap, Baidu or Tianditu), copy its longitude and "
            'latitude into the file, and set crs in [stations] to match (Amap: "gcj02", '
            'Baidu: "bd09").',
        ),
        (
            "站点未上图：只有地址，没有坐标",
            "请在网络地图（高德、百度或天地图）上查找该地址，把经纬度复制到文件中，并相应设置 "
            '[stations] 的 crs（高德为 "gcj02"，百度为 "bd09"）。',
        ),
    ),
    "station-not-placed/zero": _t(
        (
            "station not placed: coordinates are 0, 0 (a blank cell exported as zero?)",
            "Add its real longitude and latitude.",
        ),
        ("站点未上图：坐标为 0, 0（可能是空单元格被导出为 0）", "请填写其真实经纬度。"),
    ),
    "station-not-placed/latitude": _t(
        (
            "station not placed: latitude {number} is out of range (−90 to 90)",
            "Check the two coordinate cells: longitude and latitude may be in the wrong "
            "columns, or a decimal point is misplaced.",
        ),
        (
            "站点未上图：纬度 {number} 超出范围（−90 至 90）",
            "请检查两个坐标单元格：经纬度可能放错了列，或小数点位置有误。",
        ),
    ),
    "station-outside": _t(
        (
            "station {station} is outside every township: {km} km from the nearest, {nearest}",
            _CRS_FIX_EN,
        ),
        ("站点 {station} 不在任何街镇内：距最近的{nearest} {km} 公里", _CRS_FIX_ZH),
    ),
    "townships-none": _t(
        (
            "no township boundary could be used, so none of the {count} stations can be placed",
            "Fix the problems with the township file listed above.",
        ),
        ("没有可用的街镇边界，{count} 个站点都无法上图", "请先修正上面列出的街镇文件的问题。"),
    ),
    "datum-mismatch": _t(
        (
            "the stations look like {better_name} coordinates, not {declared_name}: {better} of "
            "{total} lie in their stated township when read as {better_name}, {declared} as "
            "{declared_name}",
            'Set crs = "{better_key}" in [stations]{alternative}.',
        ),
        (
            "站点坐标看起来是 {better_name}，而不是 {declared_name}：按 {better_name} 读取时 "
            "{total} 个站点中有 {better} 个位于其所属街镇内，按 {declared_name} 只有 {declared} 个",
            '请在 [stations] 中设置 crs = "{better_key}"{alternative_zh}。',
        ),
    ),
    "datum-mismatch/townships": _t(
        (
            "the township boundaries look like {better_name} coordinates, not {declared_name}: "
            "{better} of {total} stations lie in their stated township when the boundaries are "
            "read as {better_name}, {declared} as {declared_name}",
            'Set crs = "{better_key}" in [townships]{alternative}.',
        ),
        (
            "街镇边界看起来是 {better_name} 坐标，而不是 {declared_name}：按 {better_name} 读取边界时 "
            "{total} 个站点中有 {better} 个位于其所属街镇内，按 {declared_name} 只有 {declared} 个",
            '请在 [townships] 中设置 crs = "{better_key}"{alternative_zh}。',
        ),
    ),
    "boundaries-datum/bare": _t(
        (
            "the boundaries are bare geometries, as downloaded from a Chinese web map, which "
            "are usually GCJ-02, but crs is {declared}",
            'If they come from DataV.GeoAtlas, Amap or Tencent, set crs = "gcj02" in [townships].',
        ),
        (
            "边界只有几何图形，像是从国内网络地图下载的数据，这类数据通常是 GCJ-02，但 crs 为 {declared}",
            '如果数据来自 DataV.GeoAtlas、高德或腾讯，请在 [townships] 中设置 crs = "gcj02"。',
        ),
    ),
    "boundaries-datum": _t(
        (
            "the boundaries look like Aliyun DataV / web-map data (properties {properties}), "
            "which is GCJ-02, but crs is {declared}",
            'If they come from DataV.GeoAtlas, Amap or Tencent, set crs = "gcj02" in [townships].',
        ),
        (
            "边界数据看起来来自阿里云 DataV 或网络地图（属性 {properties}），这类数据是 GCJ-02，"
            "但 crs 为 {declared}",
            '如果数据来自 DataV.GeoAtlas、高德或腾讯，请在 [townships] 中设置 crs = "gcj02"。',
        ),
    ),
    # ------------------------------------------------------------------- geometry
    "crs-missing": _t(
        (
            "the file has no coordinate system and its coordinates ({x}, {y}) are not "
            "longitude/latitude",
            'Set crs in [townships] to the EPSG code the data uses, e.g. crs = "{epsg}" '
            "({epsg_name}).",
        ),
        (
            "文件没有坐标系信息，其坐标（{x}，{y}）不是经纬度",
            '请在 [townships] 中把 crs 设为数据所用的 EPSG 代码，例如 crs = "{epsg}"'
            "（{epsg_name}）。",
        ),
    ),
    "crs-missing/geographic": _t(
        (
            "the coordinates ({x}, {y}) are not longitude/latitude, though the layer says "
            "{crs}: they are projected (metres)",
            'Set crs in [townships] to the EPSG code the data uses, e.g. crs = "{epsg}" '
            "({epsg_name}).",
        ),
        (
            "坐标（{x}，{y}）不是经纬度（虽然图层声明为 {crs}），而是以米为单位的投影坐标",
            '请在 [townships] 中把 crs 设为数据所用的 EPSG 代码，例如 crs = "{epsg}"'
            "（{epsg_name}）。",
        ),
    ),
    "geometry-empty": _t(
        (
            "feature has no geometry; skipped, so it is neither on the map nor counted",
            "Draw its boundary, or remove the feature.",
        ),
        ("要素没有几何图形；已跳过，不上图也不计入统计", "请绘制其边界，或删除该要素。"),
    ),
    "geometry-lines-skipped": _t(
        (
            "{count} line feature(s) with no code and no name were skipped: drawn boundary "
            "lines, not townships",
            "Nothing to do if they are outlines; to be sure, export only the polygon layer.",
        ),
        (
            "已跳过 {count} 个既无代码也无名称的线要素：它们是画出的边界线，不是街镇",
            "如果它们只是轮廓线则无需处理；稳妥起见，可只导出面图层。",
        ),
    ),
    "geometry-parts-dropped": _t(
        (
            "township's geometry is a collection; {count} part(s) that are not areas ({kinds}) "
            "were dropped and its polygons kept",
            "Nothing to do if the boundary looks right; to be sure, export polygons only.",
        ),
        (
            "街镇的图形是几何集合；已删除其中 {count} 个非面部分（{kinds_zh}），保留多边形",
            "如果边界显示正确则无需处理；稳妥起见，可只导出面要素。",
        ),
    ),
    "geometry-z-dropped": _t(
        (
            "{count} feature(s) had Z (height) values; mapgen dropped them and kept the "
            "boundaries flat",
            "Nothing to do: heights are not used on the map.",
        ),
        (
            "{count} 个要素带有 Z 值（高程）；mapgen 已删除，只保留平面边界",
            "无需处理：地图不使用高程。",
        ),
    ),
    "township-properties-missing": _t(
        (
            "the layer's {count} feature(s) have no properties (bare geometries): there is no "
            "township code ({id}) or name ({name}) to join stations to",
            "Add a code and a name to each feature in QGIS (open the attribute table and add "
            "the fields {id} and {name}), or download the boundaries with their properties; "
            "or set [townships] file to a table of township codes and names, and give each "
            "station its township.",
        ),
        (
            "图层的 {count} 个要素都没有属性（只有几何图形）：没有可与站点对应的街镇代码（{id}）或名称（{name}）",
            "请在 QGIS 中为每个要素补上代码和名称（打开属性表，添加字段 {id} 和 {name}），"
            "或重新下载带属性的边界；也可以把 [townships] 的 file 设为街镇代码和名称的表格，"
            "并为每个站点填写所属街镇。",
        ),
    ),
    "townships-no-boundaries": _t(
        (
            "no boundaries: coverage from the township each station states",
            "Nothing to do if no boundary file is at hand; the map shows stations without "
            "shading. With a boundary file (GeoJSON, shapefile) using the same codes, set "
            "[townships] file to it to shade townships and check each station's point.",
        ),
        (
            "没有边界：覆盖情况按每个站点所填的街镇统计",
            "如果手头没有边界文件则无需处理；地图只显示站点，不着色街镇。如有使用相同代码的边界文件"
            "（GeoJSON、shapefile），请把 [townships] 的 file 设为该文件，以着色街镇并核对站点位置。",
        ),
    ),
    "townships-combined": _t(
        (
            "{count} boundary files read as one layer, features numbered in this order: {files}",
            "Nothing to do if these are the district's files; feature numbers in this report "
            "follow that order.",
        ),
        (
            "已把 {count} 个边界文件合并为一个图层，要素按以下顺序编号：{files_zh}",
            "如果这些正是本区的文件则无需处理；本报告中的要素编号按此顺序。",
        ),
    ),
    "township-duplicate-file": _t(
        (
            "township {value} is in both {first} and {second} with the same name and shape; "
            "read once (feature {number})",
            "Nothing to do; or delete it from one of the files.",
        ),
        (
            "街镇 {value} 同时出现在 {first} 和 {second} 中，名称和形状相同；只读取一次（第 {number} 个要素）",
            "无需处理；也可以从其中一个文件中删除它。",
        ),
    ),
    "geometry-empty/degenerate": _t(
        (
            "township's polygon encloses no area (its ring has fewer than three distinct points, "
            "or folds back on itself)",
            "Draw its boundary again, or remove the feature.",
        ),
        (
            "街镇的边界多边形没有面积（环上不足三个不同的点，或自身折回）",
            "请重新绘制其边界，或删除该要素。",
        ),
    ),
    "geometry-not-polygon": _t(
        (
            "township is a {kind}, not a polygon",
            "Township boundaries must be polygons; export the areas, not their outlines.",
        ),
        ("街镇是{kind}，不是面", "街镇边界必须是面（多边形）；请导出面要素，而不是边界线。"),
    ),
    "geometry-repaired/fixed": _t(
        (
            "township {name} had an invalid polygon (self-intersection or bad ring); "
            "repaired, area changed by {change}",
            "Check the boundary in a GIS (QGIS: Vector › Geometry Tools › Check Validity).",
        ),
        (
            "街镇{name}的边界多边形无效（自相交或环有误）；已修复，面积变化 {change}",
            "请在 GIS 中检查该边界（QGIS：矢量 › 几何工具 › 检查有效性）。",
        ),
    ),
    "geometry-repaired/too-much": _t(
        (
            "township {name} had an invalid polygon (self-intersection or bad ring); "
            "repaired, area changed by {change}",
            "Check the boundary in a GIS (QGIS: Vector › Geometry Tools › Check Validity): "
            "the repair changed it too much to trust.",
        ),
        (
            "街镇{name}的边界多边形无效（自相交或环有误）；修复后面积变化 {change}",
            "请在 GIS 中检查并修正该边界（QGIS：矢量 › 几何工具 › 检查有效性）：自动修复改动太大，"
            "不可信。",
        ),
    ),
    "page-name-collision": _t(
        (
            "id {value!r} would have the same page file as {other!r} (row {first})",
            "Give one of them another id: their pages would overwrite each other.",
        ),
        (
            "编号“{value}”的页面文件名与第 {first} 行的“{other}”相同",
            "请给其中一个换一个编号，否则两个页面会互相覆盖。",
        ),
    ),
    "page-name-case": _t(
        (
            "id {value!r} differs from {other!r} (row {first}) only in upper and lower case; "
            "both pages are named by a code ({name}.html) so that neither overwrites the other "
            "on Windows and macOS",
            "If they are one station, keep one row; otherwise give them ids that differ in more "
            "than case, so their pages keep readable addresses.",
        ),
        (
            "编号“{value}”与第 {first} 行的“{other}”只有大小写不同；为免在 Windows 和 macOS 上"
            "互相覆盖，两个页面都以代码命名（{name}.html）",
            "如果是同一个站点，请只保留一行；否则请使用不只大小写不同的编号，页面地址才易读。",
        ),
    ),
    "township-duplicate": _t(
        (
            "township code repeats another feature",
            "Each township needs its own code; merge or recode them.",
        ),
        ("街镇代码与另一个要素重复", "每个街镇需要各自的代码；请合并或重新编码。"),
    ),
    "township-name-duplicate": _t(
        (
            "township name {name!r} is also used by {other}",
            "Give each township a distinct name (stations name their township by it), or "
            "merge the two features if they are one township.",
        ),
        (
            "街镇名称“{name}”与{other}重复",
            "请给每个街镇不同的名称（站点按名称对应街镇）；如果是同一个街镇，请合并这两个要素。",
        ),
    ),
    "township-no-id": _t(
        ("township has no code", "Fill in the township's statistical code."),
        ("街镇没有代码", "请填写街镇的统计代码。"),
    ),
    "township-overlap": _t(
        (
            "townships {a} and {b} overlap by {area}",
            "Fix the shared border in a GIS (QGIS: Vector › Geometry Tools › Check Validity, "
            "or the Topology Checker); until then a station there counts for the township its "
            "row states, else for the one whose code sorts first.",
        ),
        (
            "街镇{a}与{b}重叠 {area_zh}",
            "请在 GIS 中修正两者的共同边界（QGIS：矢量 › 几何工具 › 检查有效性，或拓扑检查器）；"
            "修正前，重叠处的站点计入其所填街镇，未填写时计入代码较小的街镇。",
        ),
    ),
    "township-topology-unchecked": _t(
        (
            "overlaps and gaps between townships could not be checked: the shapes defeat the "
            "geometry library ({reason})",
            "Check the boundaries in a GIS (QGIS: Vector › Geometry Tools › Check Validity); "
            "the site is built from them as they are.",
        ),
        (
            "无法检查街镇之间的重叠和缝隙：几何库无法处理这些边界（{reason}）",
            "请在 GIS 中检查边界（QGIS：矢量 › 几何工具 › 检查有效性）；网站按现有边界生成。",
        ),
    ),
    "township-gap": _t(
        (
            "a gap of {area} between townships {names}, near {lon}, {lat}",
            "Close the gap in a GIS if the area belongs to one of them; ignore this if it is "
            "outside the district (an enclave of another district, say).",
        ),
        (
            "街镇{names_zh}之间有一处 {area_zh} 的空隙，位置约在 {lon}，{lat}",
            "如果该区域属于其中某个街镇，请在 GIS 中补上；如果它本不属于本区（例如他区飞地），"
            "可忽略。",
        ),
    ),
    # ---------------------------------------------------------------- consistency
    "township-unknown/no-boundaries": _t(
        (
            "station {station} names a township that is not in the township table, so it "
            "counts for none",
            "{hint}Use the township's name or code exactly as in the township table.",
        ),
        (
            "站点 {station} 所填的街镇不在街镇表中，因此不计入任何街镇",
            "{hint_zh}请使用街镇表中街镇的准确名称或代码。",
        ),
    ),
    "township-unstated/column": _t(
        (
            "no station states its township; without boundaries that is the only way to know "
            "which township each station serves",
            "Map the column that holds each station's township (name or code), e.g. "
            '[stations.columns] township = "所属街镇", and fill it in.',
        ),
        (
            "没有任何站点填写所属街镇；没有边界时，只能据此判断每个站点服务哪个街镇",
            "请在 mapgen.toml 中指明存放所属街镇（名称或代码）的列，例如 [stations.columns] "
            'township = "所属街镇"，并填写该列。',
        ),
    ),
    "township-unstated": _t(
        (
            "station {station} states no township; without boundaries that is the only way "
            "to know which township it serves",
            "Fill in its township (name or code, as in the township table).",
        ),
        (
            "站点 {station} 没有填写所属街镇；没有边界时，只能据此判断它服务哪个街镇",
            "请填写其所属街镇（名称或代码，与街镇表一致）。",
        ),
    ),
    "station-border-tie/stated": _t(
        (
            "station {station} lies on the border of (or where they overlap) {townships}; "
            "it counts for {chosen}, the township its row states",
            "Nothing to do if that is right.",
        ),
        (
            "站点 {station} 位于{townships_zh}的交界处（或重叠处）；按其所填街镇计入{chosen}",
            "如果无误则无需处理。",
        ),
    ),
    "station-border-tie/lowest": _t(
        (
            "station {station} lies on the border of (or where they overlap) {townships}; "
            "it counts for {chosen}, whose code sorts first, as its row states none of them",
            "Fill in its township (name or code) to choose.",
        ),
        (
            "站点 {station} 位于{townships_zh}的交界处（或重叠处）；所填街镇不是其中之一，"
            "因此计入代码较小的{chosen}",
            "请填写其所属街镇（名称或代码）以指定。",
        ),
    ),
    "township-unknown": _t(
        (
            "station {station} names a township that does not exist",
            "{hint}Use the township's name or code exactly as in the boundary file.",
        ),
        ("站点 {station} 所填的街镇不存在", "{hint_zh}请使用边界文件中街镇的准确名称或代码。"),
    ),
    "township-mismatch": _t(
        (
            "station {station} says it is in {stated} but its point lies in {actual}, "
            "{km} km from {stated}",
            "Check the coordinates, their coordinate system (crs), or the stated township.",
        ),
        (
            "站点 {station} 填写的街镇是{stated}，但其坐标位于{actual}，距{stated} {km} 公里",
            "请核对坐标、坐标系（crs）或所填街镇。",
        ),
    ),
    "service-unknown-station": _t(
        (
            "service row names station {value!r}, which is not in {stations_file}",
            "{hint}Use the station's id exactly.",
        ),
        ("服务行中的站点“{value}”不在 {stations_file} 中", "{hint_zh}请准确使用站点编号。"),
    ),
    "service-unknown-category": _t(
        ("unknown service category {value!r}", "{hint}Known categories: {known}."),
        ("未知的服务类别“{value}”", "{hint_zh}已知类别：{known}。"),
    ),
    "station-no-services": _t(
        (
            "station {station} has no services listed",
            "Add its service menu rows, or it shows with an empty menu.",
        ),
        ("站点 {station} 没有列出任何服务", "请补充其服务清单，否则该站点的服务清单显示为空。"),
    ),
    "row-lost": _t(
        (
            "{lost} row(s) were read but neither used nor reported (a mapgen bug)",
            "Please report this with the file: those rows are missing from the site.",
        ),
        (
            "有 {lost} 行已读取，但既未使用也未报告（mapgen 的缺陷）",
            "请连同文件一起反馈此问题：这些行没有出现在网站上。",
        ),
    ),
    # --------------------------------------------------------------- safe output
    "text-controls": _t(
        (
            "{count} invisible control character(s) removed from the text (e.g. {names}); "
            "they can make a name display reversed or hide part of it",
            "Nothing to do if the text reads right; otherwise retype the cell.",
        ),
        (
            "已从文本中删除 {count} 个不可见控制字符（如 {names}）；这类字符会让名称反向显示或"
            "隐藏部分内容",
            "如果文字显示正确则无需处理；否则请重新输入该单元格。",
        ),
    ),
    "text-controls/more": _t(
        (
            "invisible control characters were removed from {count} more cells (rows {rows})",
            "Nothing to do if the text reads right; otherwise retype those cells.",
        ),
        (
            "另有 {count} 个单元格中的不可见控制字符已删除（第 {rows} 行）",
            "如果文字显示正确则无需处理；否则请重新输入这些单元格。",
        ),
    ),
    "sensitive-invalid": _t(
        (
            "sensitive count is not a whole number of 0 or more; it is left out of the "
            "township total",
            "Write a count such as 12, or leave the cell empty.",
        ),
        ("敏感人数字段不是非负整数；未计入街镇合计", "请填写人数（如 12），或留空。"),
    ),
    "sensitive-column-missing": _t(
        (
            "sensitive column {header!r} listed in [public] sensitive_fields is not in the file",
            "{hint}Columns in the file: {columns}.",
        ),
        (
            "[public] sensitive_fields 中的敏感列“{header}”不在文件中",
            "{hint_zh}文件中的列：{columns}。",
        ),
    ),
    # -------------------------------------------------------------- publishing
    "demo-text": _t(
        (
            "[site] {key} is still the demo's text, but this project is not the demo",
            "Write your own {key} in [site] of mapgen.toml (or leave it empty) before publishing.",
        ),
        (
            "[site] {key} 仍是示例项目的文字，但本项目不是示例",
            "发布前请在 mapgen.toml 的 [site] 中改写 {key}（或留空）。",
        ),
    ),
    "demo-text/layers": _t(
        (
            "the stations are still the demo's illustrative data, published under this "
            "project's own title",
            "Replace {file_name} (and the other files in layers/) with your own data before "
            "publishing.",
        ),
        (
            "站点仍是示例项目的示意数据，却以本项目的标题发布",
            "发布前请把 {file_name}（以及 layers/ 中的其他文件）换成本地区的数据。",
        ),
    ),
    "poster-no-base-url": _t(
        (
            "[site] base_url is not set, so the poster has no QR codes",
            "Set base_url in [site] of mapgen.toml to the site's public address, "
            "e.g. https://example.gov.cn/map/.",
        ),
        (
            "未设置 [site] base_url，海报上没有二维码",
            "请在 mapgen.toml 的 [site] 中把 base_url 设为网站的公开地址，"
            "例如 https://example.gov.cn/map/。",
        ),
    ),
    "poster-glyphs-missing": _t(
        (
            "the font {font} has no glyph for {chars}: they print as empty boxes",
            "Set [site] font to a font file that has them, e.g. Noto Sans CJK SC.",
        ),
        (
            "字体 {font} 中没有 {chars} 这些字，印出来会是空框",
            "请把 [site] font 设为包含这些字的字体文件，例如 Noto Sans CJK SC。",
        ),
    ),
    "poster-list-cut/long": _t(
        (
            "{total} stations would make too long an image: it lists {shown} and points to "
            "the site for the rest",
            "Use --layout card for one card per station (PDF); the site lists every one.",
        ),
        (
            "{total} 个站点会让长图过长：图中列出 {shown} 个，其余请见网站",
            "请用 --layout card 为每个站点生成一张卡片（PDF）；网站上列有全部站点。",
        ),
    ),
    "poster-logo-unsupported": _t(
        (
            "the logo {logo} is not a PNG or JPEG image, so the poster has no logo",
            "Save the logo as PNG and set [site] logo to it.",
        ),
        (
            "标志 {logo} 不是 PNG 或 JPEG 图片，海报上不放标志",
            "请把标志另存为 PNG，并在 [site] logo 中指向它。",
        ),
    ),
    "poster-list-cut": _t(
        (
            "{total} stations do not fit on one {layout} page: the poster lists {shown} "
            "and points to the site for the rest",
            "Use --layout phone (a long image) or --layout card (one card per station).",
        ),
        (
            "{total} 个站点在一张 {layout} 上放不下：海报列出 {shown} 个，其余请见网站",
            "请用 --layout phone（长图）或 --layout card（每站一张卡片）。",
        ),
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
# The warnings heading when no site was written: it must never say the site was built.
_WARNINGS_NOT_BUILT = {
    "en": {
        True: "Warnings (please check these too)",
        False: "Warnings (they do not stop the site being built; please check these)",
    },
    "zh-CN": {True: "警告（也请核对）", False: "警告（不影响生成网站，请核对）"},
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
        severity,
        file,
        message.format_map(mapping),
        fix=fix.format_map(mapping),
        row=row,
        column=column,
        value=value,
        code=code,
        station=station,
        template=key,
        args=tuple(values.items()),
    )


def render(item: Problem, lang: str = "en", *, strict: bool = False) -> tuple[str, str]:
    """The problem's message and fix in ``lang``; English where there is no template.

    ``strict`` raises instead of falling back when a template cannot be filled (tests).
    """
    lang = _language(lang)
    texts = TEMPLATES.get(item.template)
    if lang == "en" or texts is None or lang not in texts:
        if strict and lang != "en":
            raise KeyError(f"no {lang} template for {item.template or item.code!r}")
        return item.message, item.fix
    mapping: dict[str, Any] = {f: getattr(item, f) for f in _FIELDS}
    mapping = {k: "" if v is None else v for k, v in mapping.items()}
    mapping.update(dict(item.args))
    message, fix = texts[lang]
    try:
        return message.format_map(mapping), fix.format_map(mapping)
    except (KeyError, IndexError, ValueError):
        if strict:
            raise
        return item.message, item.fix


_FEATURE = re.compile(r"^features? (\d+(?:, \d+)*)(?: \((.*)\))?$", re.DOTALL)


def location(item: Problem, lang: str = "en", *, with_file: bool = True) -> str:
    """Where the problem is: file, row (or feature) and column, in ``lang``."""
    zh = _language(lang) == "zh-CN"
    parts = [item.file] if with_file else []
    if item.row is not None:
        if isinstance(item.row, int):
            parts.append(f"第 {item.row} 行" if zh else f"row {item.row}")
        elif zh and (match := _FEATURE.match(item.row)):
            name = f"（{match[2]}）" if match[2] else ""
            parts.append(f"第 {match[1].replace(', ', '、')} 个要素{name}")
        else:
            parts.append(str(item.row))
    if item.column:
        parts.append(f"“{item.column}”列" if zh else f"column {item.column!r}")
    return ("，" if zh else ", ").join(p for p in parts if p)


def describe(item: Problem, lang: str = "en", *, with_file: bool = True) -> str:
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
    return (item.severity, item.file, item.row, item.column, item.value, item.code, item.message)


def format_report(problems: Iterable[Problem], lang: str = "en", *, built: bool = False) -> str:
    """Every problem once, grouped by severity and then by file, in the order found.

    ``built``: the site was written (only then does the warnings heading say so).
    """
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
        title = _SEVERITY_TITLES[lang][severity]
        if severity is Severity.WARNING and not built:
            title = _WARNINGS_NOT_BUILT[lang][any(p.is_error for p in unique)]
        lines.append(f"{title}：{len(group)}" if zh else f"{title}: {len(group)}")
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


# ------------------------------------------------------------------------ readers
_SAVE_AS_UTF8 = 'In Excel or WPS choose "Save as" → "CSV UTF-8 (逗号分隔)"'
_SAVE_AS_UTF8_ZH = "请在 Excel 或 WPS 中选择“另存为”→“CSV UTF-8（逗号分隔）”"
_GIS_FIX = (
    "Open it in QGIS to check it, and export it again as GeoJSON or GeoPackage. A "
    "shapefile needs its .shp, .shx, .dbf and .prj files side by side."
)
_GIS_FIX_ZH = (
    "请在 QGIS 中打开检查，并重新导出为 GeoJSON 或 GeoPackage。shapefile 需要 .shp、"
    ".shx、.dbf 和 .prj 文件放在一起。"
)
_UNREADABLE_FIX = (
    "Open the file in the program that made it and save it again; tables as "
    ".xlsx or CSV UTF-8, maps as GeoJSON or GeoPackage."
)
_UNREADABLE_FIX_ZH = (
    "请用生成该文件的软件打开并重新保存：表格存为 .xlsx 或 CSV UTF-8，"
    "地图存为 GeoJSON 或 GeoPackage。"
)
_NOT_A_POINT_FIX = (
    "Stations must be points: convert the layer to points in QGIS (Vector → "
    "Geometry tools → Centroids), or give coordinates in longitude/latitude "
    "columns of a table."
)
_NOT_A_POINT_FIX_ZH = (
    "站点必须是点：请在 QGIS 中把图层转为点（矢量 → 几何工具 → 质心），"
    "或在表格的经度、纬度列中给出坐标。"
)
_ROW_TOO_LONG_FIX = (
    "A {sep} inside a value (an address, say) splits it into two cells: put "
    'that value in double quotes ("…"), or save the file again from Excel/'
    "WPS, which quotes it for you. Or give the extra column a header."
)
_ROW_TOO_LONG_FIX_ZH = (
    "值（例如地址）中的{sep_zh}会把它分成两个单元格：请给该值加上英文双引号"
    '（"…"），或用 Excel/WPS 重新保存（会自动加引号），'
    "或给多出的列加上表头。"
)
_FORMULA_FIX = (
    "Open the file in Excel or WPS and save it again (that stores the results), "
    "or type the values instead of formulas."
)
_FORMULA_FIX_ZH = (
    "请在 Excel 或 WPS 中打开并重新保存（这样会保存计算结果），或直接填写数值而不是公式。"
)

TEMPLATES.update(
    {
        "file-empty/no-features": _t(
            (
                "the layer has no features",
                "Check that the right file (and layer) is named in mapgen.toml, and that the export "
                "was not filtered to nothing.",
            ),
            (
                "图层中没有要素",
                "请检查 mapgen.toml 中的文件（和图层）是否正确，以及导出时是否被筛选为空。",
            ),
        ),
        "file-type-unknown": _t(
            (
                "mapgen does not read {kind} files",
                "Save the table as .xlsx or .csv (or a point layer as .geojson, .gpkg, .shp or a "
                "zipped shapefile) and name that file in mapgen.toml.",
            ),
            (
                "mapgen 不能读取{kind_zh}文件",
                "请把表格存为 .xlsx 或 .csv（点图层存为 .geojson、.gpkg、.shp 或压缩的 shapefile），"
                "并在 mapgen.toml 中写明该文件。",
            ),
        ),
        "file-type-unknown/boundaries": _t(
            (
                "a {suffix} file has no shapes to draw; boundaries must be a GIS file",
                "Use the boundaries as GeoJSON, GeoPackage or a (zipped) shapefile.",
            ),
            (
                "{suffix} 文件中没有可绘制的图形；边界必须是 GIS 文件",
                "请使用 GeoJSON、GeoPackage 或（压缩的）shapefile 格式的边界。",
            ),
        ),
        "file-type-mismatch": _t(
            (
                "the file is named {suffix} but is an Excel workbook; mapgen read it as a workbook",
                "Rename it to .xlsx (and update mapgen.toml), or save it as {suffix}.",
            ),
            (
                "文件扩展名是 {suffix}，但实际是 Excel 工作簿；mapgen 已按工作簿读取",
                "请把它改名为 .xlsx（并修改 mapgen.toml），或另存为 {suffix}。",
            ),
        ),
        "file-unreadable/folder": _t(
            ("is a folder, not a file", "Name the file inside it in mapgen.toml."),
            ("这是文件夹，不是文件", "请在 mapgen.toml 中写明其中的文件。"),
        ),
        "shapefile-part-missing": _t(
            (
                "the shapefile is incomplete: {parts} is missing",
                "Copy it next to {shp} (a shapefile is the .shp, .shx, .dbf and .prj files "
                "with one name, side by side), or export the layer again as GeoJSON or "
                "GeoPackage, which are single files.",
            ),
            (
                "shapefile 不完整：缺少 {parts_zh}",
                "请把它复制到 {shp} 旁边（shapefile 由同名的 .shp、.shx、.dbf 和 .prj 文件组成，"
                "须放在一起），或把图层重新导出为 GeoJSON 或 GeoPackage（单个文件）。",
            ),
        ),
        "file-missing/glob": _t(
            (
                "no GIS file (.geojson, .json, .gpkg, .shp, .zip) matches this folder or pattern",
                "Check the folder or pattern in [townships] file: paths are relative to the "
                'folder that holds mapgen.toml, e.g. file = "layers/districts/*.geojson".',
            ),
            (
                "没有与该文件夹或通配符匹配的 GIS 文件（.geojson、.json、.gpkg、.shp、.zip）",
                "请检查 [townships] 中 file 的文件夹或通配符：路径相对于 mapgen.toml 所在的文件夹，"
                '例如 file = "layers/districts/*.geojson"。',
            ),
        ),
        "file-missing": _t(
            (
                "file not found",
                "Check the file name in mapgen.toml: paths are relative to the folder that holds "
                "mapgen.toml, and the extension must match (.xlsx, .csv, …).",
            ),
            (
                "找不到文件",
                "请检查 mapgen.toml 中的文件名：路径相对于 mapgen.toml 所在的文件夹，扩展名也必须一致"
                "（.xlsx、.csv……）。",
            ),
        ),
        "file-unreadable/os": _t(
            (
                "cannot be read ({detail})",
                "Close the file in Excel/WPS if it is open, and check that it may be read.",
            ),
            (
                "无法读取（{detail}）",
                "如果文件在 Excel/WPS 中打开着，请先关闭，并检查是否有读取权限。",
            ),
        ),
        "file-changed": _t(
            (
                "the file changed while mapgen was reading it (saved meanwhile?), so what was "
                "read may be half old, half new",
                "Save it, close it, and build again.",
            ),
            (
                "mapgen 读取期间文件被修改了（正在保存？），读到的内容可能新旧混杂",
                "请保存并关闭该文件，然后重新生成。",
            ),
        ),
        "zip-too-large": _t(
            (
                "the zip file would expand to {size}, more than the limit of {limit}; mapgen "
                "did not unpack it (it may be damaged, or a 'zip bomb')",
                "Check where the file comes from. A real dataset this big: unpack it yourself "
                "and name the unpacked file (.shp, .gpkg, .csv) in mapgen.toml.",
            ),
            (
                "该 zip 文件解压后将达 {size}，超过 {limit} 的上限；mapgen 没有解压"
                "（文件可能已损坏，或是“zip 炸弹”）",
                "请核实文件来源。如确为这么大的数据，请自行解压，并在 mapgen.toml 中写明解压后的文件"
                "（.shp、.gpkg、.csv）。",
            ),
        ),
        "zip-too-large/ratio": _t(
            (
                "the zip file would expand {ratio} times, from {packed} to {size}, more than "
                "the limit of {limit} times; mapgen did not unpack it (it may be a 'zip bomb')",
                "Check where the file comes from. A real dataset: unpack it yourself and name "
                "the unpacked file (.shp, .gpkg, .csv) in mapgen.toml.",
            ),
            (
                "该 zip 文件将从 {packed} 解压为 {size}，膨胀 {ratio} 倍，超过 {limit} 倍的上限；"
                "mapgen 没有解压（可能是“zip 炸弹”）",
                "请核实文件来源。如确为真实数据，请自行解压，并在 mapgen.toml 中写明解压后的文件"
                "（.shp、.gpkg、.csv）。",
            ),
        ),
        "file-empty": _t(
            ("the file is empty", "Export the data again; the file has no rows at all."),
            ("文件是空的", "请重新导出数据；该文件一行也没有。"),
        ),
        "file-unreadable": _t(
            ("the file cannot be read: {detail}", _UNREADABLE_FIX),
            ("无法读取文件：{detail_zh}", _UNREADABLE_FIX_ZH),
        ),
        "file-unreadable/gis": _t(
            ("the file cannot be read: {detail}", _GIS_FIX),
            ("无法读取文件：{detail_zh}", _GIS_FIX_ZH),
        ),
        "file-unreadable/shx": _t(
            (
                "the file cannot be read: {detail}",
                "Copy the .shx file next to the .shp (a shapefile needs .shp, .shx, .dbf and .prj "
                "side by side), or export the layer as GeoJSON.",
            ),
            (
                "无法读取文件：{detail_zh}",
                "请把 .shx 文件放到 .shp 旁边（shapefile 需要 .shp、.shx、.dbf 和 .prj 放在一起），"
                "或把图层导出为 GeoJSON。",
            ),
        ),
        "xls-unsupported": _t(
            (
                "this is an old-style Excel 97-2003 workbook{named}, which mapgen does not read",
                'Open it in Excel or WPS and "Save as" Excel Workbook (.xlsx) or CSV UTF-8, then '
                "name the new file in mapgen.toml.",
            ),
            (
                "这是旧版 Excel 97-2003 工作簿{named_zh}，mapgen 不能读取",
                "请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（.xlsx）或 CSV UTF-8，"
                "再在 mapgen.toml 中写明新文件。",
            ),
        ),
        "file-unreadable/not-a-workbook": _t(
            (
                "the file is named like an Excel workbook but is not one (it may be damaged)",
                'Open it in Excel or WPS and "Save as" Excel Workbook (.xlsx).',
            ),
            (
                "文件名像 Excel 工作簿，但内容不是（可能已损坏）",
                "请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（.xlsx）。",
            ),
        ),
        "file-unreadable/text-as-workbook": _t(
            (
                "the file is named like an Excel workbook but is not one (it may be damaged)",
                "It looks like text: if it is a CSV file, rename it to .csv.",
            ),
            (
                "文件名像 Excel 工作簿，但内容不是（可能已损坏）",
                "它看起来是文本：如果是 CSV 文件，请改名为 .csv。",
            ),
        ),
        "file-unreadable/quote": _t(
            (
                'row {row} cannot be split into cells ({detail}); usually a double quote (") opens '
                "a cell and is never closed",
                'Remove the stray " or close it; in Excel/WPS, saving again as CSV fixes the '
                "quoting.",
            ),
            (
                "第 {row} 行无法拆分为单元格（{detail}）；"
                '通常是某个英文双引号（"）开始了一个单元格却没有结束',
                '请删除多余的 " 或补上另一半；在 Excel/WPS 中重新另存为 CSV 也能修正引号。',
            ),
        ),
        "file-unreadable/binary": _t(
            (
                "the file is not a text table (it holds binary data)",
                _SAVE_AS_UTF8 + ", and name that file in mapgen.toml.",
            ),
            (
                "文件不是文本表格（其中有二进制数据）",
                _SAVE_AS_UTF8_ZH + "，并在 mapgen.toml 中写明该文件。",
            ),
        ),
        "file-unreadable/zip": _t(
            (
                "the zip file holds no shapefile (.shp), GeoJSON or GeoPackage",
                "Zip the layer's .shp, .shx, .dbf, .prj and .cpg files together, or name the layer "
                "file itself in mapgen.toml.",
            ),
            (
                "压缩包中没有 shapefile（.shp）、GeoJSON 或 GeoPackage",
                "请把图层的 .shp、.shx、.dbf、.prj 和 .cpg 文件一起压缩，"
                "或在 mapgen.toml 中直接写明图层文件。",
            ),
        ),
        "encoding-unknown/explicit": _t(
            (
                "encoding {explicit!r} set in mapgen.toml is not a known text encoding",
                'Use "{suggestion}", or remove the encoding line so mapgen detects it.',
            ),
            (
                "mapgen.toml 中设置的编码“{explicit}”不是已知的文本编码",
                '请改用 "{suggestion}"，或删除 encoding 这一行，让 mapgen 自动识别。',
            ),
        ),
        "encoding-unknown/shapefile-explicit": _t(
            (
                "encoding {explicit!r} set in mapgen.toml is not a known text encoding",
                'Use "utf-8" or "gb18030", or remove the encoding line.',
            ),
            (
                "mapgen.toml 中设置的编码“{explicit}”不是已知的文本编码",
                '请改用 "utf-8" 或 "gb18030"，或删除 encoding 这一行。',
            ),
        ),
        "encoding-mismatch/explicit": _t(
            (
                "the file is not valid {explicit} text (byte {offset} in row {row} cannot be "
                "decoded); it reads cleanly as {detected}, so mapgen used that",
                'Set encoding = "{detected}" in mapgen.toml, or remove the encoding line.',
            ),
            (
                "文件不是有效的 {explicit} 文本（第 {row} 行的第 {offset} 个字节无法解码）；"
                "按 {detected} 可以正确读取，mapgen 已按此读取",
                '请在 mapgen.toml 中设置 encoding = "{detected}"，或删除 encoding 这一行。',
            ),
        ),
        "encoding-mismatch/explicit-none": _t(
            (
                "the file is not valid {explicit} text (byte {offset} in row {row} cannot be "
                "decoded); no other encoding reads it either",
                _SAVE_AS_UTF8 + ", then remove the encoding line from mapgen.toml.",
            ),
            (
                "文件不是有效的 {explicit} 文本（第 {row} 行的第 {offset} 个字节无法解码）；"
                "其他编码也无法读取",
                _SAVE_AS_UTF8_ZH + "，然后删除 mapgen.toml 中的 encoding 这一行。",
            ),
        ),
        "encoding-unknown/undetected": _t(
            (
                "the file is not UTF-8, UTF-16 or GB18030 text (byte {offset} in row {row} cannot "
                "be decoded)",
                _SAVE_AS_UTF8
                + ', or set encoding = "..." in mapgen.toml if you know the encoding.',
            ),
            (
                "文件不是 UTF-8、UTF-16 或 GB18030 文本（第 {row} 行的第 {offset} 个字节无法解码）",
                _SAVE_AS_UTF8_ZH + '；如果知道编码，也可以在 mapgen.toml 中设置 encoding = "..."。',
            ),
        ),
        "encoding-detected": _t(
            (
                "read as {label}",
                "Nothing to do if the names look right. " + _SAVE_AS_UTF8 + " to avoid the guess, "
                'or set encoding = "{detected}" in mapgen.toml to confirm it.',
            ),
            (
                "已按 {label_zh} 读取",
                "如果名称显示正常则无需处理。"
                + _SAVE_AS_UTF8_ZH
                + "可避免猜测，或在 mapgen.toml 中设置 "
                'encoding = "{detected}" 加以确认。',
            ),
        ),
        "encoding-detected/geojson": _t(
            (
                "GeoJSON must be UTF-8 but this file is {label}; mapgen converted it",
                "Nothing to do if the names look right; exporting the layer again as GeoJSON "
                "(UTF-8) avoids the guess.",
            ),
            (
                "GeoJSON 必须是 UTF-8，但该文件是 {label_zh}；mapgen 已转换",
                "如果名称显示正常则无需处理；把图层重新导出为 GeoJSON（UTF-8）可避免猜测。",
            ),
        ),
        "encoding-detected/no-cpg": _t(
            (
                "the shapefile has no .cpg file; its attributes were read as {label}",
                'Nothing to do if the names look right; add a .cpg file containing "GBK" next to '
                'the .shp, or set encoding = "gb18030" in mapgen.toml, to confirm it.',
            ),
            (
                "shapefile 没有 .cpg 文件；其属性已按 {label_zh} 读取",
                '如果名称显示正常则无需处理；可在 .shp 旁放一个内容为 "GBK" 的 .cpg 文件，或在 '
                'mapgen.toml 中设置 encoding = "gb18030" 加以确认。',
            ),
        ),
        "encoding-mismatch/utf8": _t(
            (
                "read as {explicit} as mapgen.toml says, but the file looks like UTF-8; names may "
                "come out garbled",
                'If the names look wrong, set encoding = "utf-8" or remove the encoding line.',
            ),
            (
                "已按 mapgen.toml 的设置以 {explicit} 读取，但文件看起来是 UTF-8；名称可能出现乱码",
                '如果名称显示不对，请设置 encoding = "utf-8" 或删除 encoding 这一行。',
            ),
        ),
        "encoding-mismatch/shapefile": _t(
            (
                "the attributes are not valid {explicit} ({where} cannot be decoded); they read "
                "cleanly as {detected}, so mapgen used that",
                'Set encoding = "{detected}" in mapgen.toml, or remove the encoding line.',
            ),
            (
                "属性不是有效的 {explicit}（{where_zh}无法解码）；按 {detected} 可以正确读取，mapgen "
                "已按此读取",
                '请在 mapgen.toml 中设置 encoding = "{detected}"，或删除 encoding 这一行。',
            ),
        ),
        "encoding-mismatch/shapefile-none": _t(
            (
                "the attributes are not valid {explicit} ({where} cannot be decoded)",
                "Export the layer again with UTF-8 attributes.",
            ),
            ("属性不是有效的 {explicit}（{where_zh}无法解码）", "请用 UTF-8 属性重新导出该图层。"),
        ),
        "encoding-mismatch/cpg": _t(
            (
                "the .cpg file says {cpg_name} but the attributes are not; they read cleanly as "
                "{detected}, so mapgen used that",
                'Write {detected_upper} into the .cpg file, or set encoding = "{detected}" in '
                "mapgen.toml.",
            ),
            (
                ".cpg 文件写的是 {cpg_name}，但属性并不是；按 {detected} 可以正确读取，mapgen 已按此读取",
                '请把 {detected_upper} 写入 .cpg 文件，或在 mapgen.toml 中设置 encoding = "{detected}"。',
            ),
        ),
        "encoding-unknown/no-cpg": _t(
            (
                "the shapefile has no .cpg file and its attributes are neither UTF-8 nor GB18030; "
                "names may come out garbled",
                'Set encoding = "..." in mapgen.toml, or export the layer again with UTF-8 '
                "attributes.",
            ),
            (
                "shapefile 没有 .cpg 文件，其属性既不是 UTF-8 也不是 GB18030；名称可能出现乱码",
                '请在 mapgen.toml 中设置 encoding = "..."，或用 UTF-8 属性重新导出该图层。',
            ),
        ),
        "title-row-skipped": _t(
            (
                "row {title_row} looks like a title, so row {header_row} was used as the header",
                "Nothing to do if the column names in row {header_row} are the header; otherwise "
                "delete the title row.",
            ),
            (
                "第 {title_row} 行看起来是标题，因此把第 {header_row} 行作为表头",
                "如果第 {header_row} 行就是列名则无需处理；否则请删除标题行。",
            ),
        ),
        "no-rows": _t(
            (
                "the file has a header (row {header_row}) but no data rows",
                "Check that the right file and sheet are named in mapgen.toml.",
            ),
            (
                "文件有表头（第 {header_row} 行），但没有数据行",
                "请检查 mapgen.toml 中的文件和工作表是否正确。",
            ),
        ),
        "no-rows/layer": _t(
            (
                "the layer has no features",
                "Check that the right file and layer are named in mapgen.toml.",
            ),
            ("图层中没有要素", "请检查 mapgen.toml 中的文件和图层是否正确。"),
        ),
        "header-empty": _t(
            (
                "{where} has values but no header; mapgen calls it {header!r}",
                "Type a name for it in {in_row}, {where}.",
            ),
            (
                "{where_zh}有数据但没有表头；mapgen 把它叫作“{header}”",
                "请在{in_row_zh}的{where_zh}填写列名。",
            ),
        ),
        "header-duplicate": _t(
            (
                "{where} repeats the header {header!r} of {original}; mapgen calls it {unique!r} "
                "and uses {original} for {header!r}",
                "Rename one of the two {header!r} columns in {in_row} so every header is different.",
            ),
            (
                "{where_zh}的表头与{original_zh}重复，都是“{header}”；mapgen 把它叫作“{unique}”，"
                "并用{original_zh}作为“{header}”",
                "请在{in_row_zh}把两个“{header}”列中的一个改名，使每个表头各不相同。",
            ),
        ),
        "row-too-long": _t(
            (
                "row {row} has {cells} cells but the header has {width}; the extra cells were "
                "left out",
                _ROW_TOO_LONG_FIX,
            ),
            (
                "第 {row} 行有 {cells} 个单元格，但表头只有 {width} 个；多出的单元格未读取",
                _ROW_TOO_LONG_FIX_ZH,
            ),
        ),
        "row-too-long/more": _t(
            ("{count} more rows are longer than the header (rows {rows})", _ROW_TOO_LONG_FIX),
            ("另有 {count} 行比表头长（第 {rows} 行）", _ROW_TOO_LONG_FIX_ZH),
        ),
        "sheet-unknown": _t(
            (
                'the workbook has no sheet "{sheet}"; its sheets are {listed}.{hint}',
                'Set sheet = "{suggestion}" for this layer in mapgen.toml (the name must match '
                "exactly, spaces included).",
            ),
            (
                "工作簿中没有名为“{sheet}”的工作表；现有工作表为 {listed}。{hint_zh}",
                '请在 mapgen.toml 中为该图层设置 sheet = "{suggestion}"（名称必须完全一致，包括空格）。',
            ),
        ),
        "file-empty/workbook": _t(
            (
                "the workbook has no data (sheets: {listed})",
                "Check that the right file is named in mapgen.toml and that it was saved after the "
                "data was entered.",
            ),
            (
                "工作簿中没有数据（工作表：{listed}）",
                "请检查 mapgen.toml 中的文件是否正确，以及录入数据后是否已保存。",
            ),
        ),
        "sheet-ambiguous": _t(
            (
                "the workbook has {count} sheets with data ({names}); mapgen does not guess which "
                "one to read",
                'Set sheet = "{first}" (or another of them) for this layer in mapgen.toml.',
            ),
            (
                "工作簿中有 {count} 个工作表有数据（{names}）；mapgen 不会猜测该读哪一个",
                '请在 mapgen.toml 中为该图层设置 sheet = "{first}"（或其中另一个）。',
            ),
        ),
        "formula-no-value": _t(
            (
                "cell {ref} holds a formula ({value}) whose result was not saved in the file, so it "
                "reads as empty",
                _FORMULA_FIX,
            ),
            (
                "单元格 {ref} 是公式（{value}），但文件中没有保存其计算结果，因此读为空",
                _FORMULA_FIX_ZH,
            ),
        ),
        "formula-no-value/more": _t(
            ("{count} more formulas have no saved result (rows {rows})", _FORMULA_FIX),
            ("另有 {count} 个公式没有保存计算结果（第 {rows} 行）", _FORMULA_FIX_ZH),
        ),
        "layer-unknown": _t(
            (
                'the file has no layer "{layer}"; its layers are {listed}.{hint}',
                'Set sheet = "{suggestion}" for this layer in mapgen.toml.',
            ),
            (
                "文件中没有名为“{layer}”的图层；现有图层为 {listed}。{hint_zh}",
                '请在 mapgen.toml 中为该图层设置 sheet = "{suggestion}"。',
            ),
        ),
        "layer-ambiguous": _t(
            (
                "the file has {count} layers ({listed}); mapgen does not guess which one to read",
                'Set sheet = "{first}" (or another of them) for this layer in mapgen.toml.',
            ),
            (
                "文件中有 {count} 个图层（{listed}）；mapgen 不会猜测该读哪一个",
                '请在 mapgen.toml 中为该图层设置 sheet = "{first}"（或其中另一个）。',
            ),
        ),
        "no-geometry": _t(
            (
                "the layer has no geometry (it is a plain table)",
                "Name a layer with shapes in mapgen.toml, or export the map layer again.",
            ),
            (
                "图层没有几何图形（只是普通表格）",
                "请在 mapgen.toml 中写明有图形的图层，或重新导出地图图层。",
            ),
        ),
        "ring-unclosed": _t(
            (
                "{count} feature(s) had a polygon ring that does not end where it starts; mapgen "
                "closed the ring",
                "Nothing to do if the boundaries look right; otherwise fix them in QGIS (Vector › "
                "Geometry Tools › Check Validity) and export again.",
            ),
            (
                "{count} 个要素的多边形环没有回到起点；mapgen 已将其闭合",
                "如果边界显示正确则无需处理；"
                "否则请在 QGIS 中修正（矢量 › 几何工具 › 检查有效性）并重新导出。",
            ),
        ),
        "gdal-warning": _t(
            (
                "GDAL reported: {text}",
                "Check the layer in QGIS; if features look wrong, export it again.",
            ),
            ("GDAL 提示：{text}", "请在 QGIS 中检查该图层；如果要素显示不对，请重新导出。"),
        ),
        "not-a-point": _t(
            ("feature {number} is a {kind}, not a point", _NOT_A_POINT_FIX),
            ("第 {number} 个要素是{kind}，不是点", _NOT_A_POINT_FIX_ZH),
        ),
        "not-a-point/more": _t(
            ("{count} more features are not points (rows {rows})", _NOT_A_POINT_FIX),
            ("另有 {count} 个要素不是点（第 {rows} 行）", _NOT_A_POINT_FIX_ZH),
        ),
    }
)


# ------------------------------------------------------------------- mapgen.toml
_LOGO_INSIDE = "Put the logo file in the project folder (beside mapgen.toml) and name it there."
_LOGO_INSIDE_ZH = "请把标志文件放在项目文件夹中（mapgen.toml 旁边），并在那里写出它的文件名。"
_KEYS_FIX = "Paths are relative to the folder that holds mapgen.toml; check the name and folder."
_KEYS_FIX_ZH = "路径相对于 mapgen.toml 所在的文件夹；请检查文件名和文件夹。"

TEMPLATES.update(
    {
        "config-missing": _t(
            (
                "no mapgen.toml here ({folder})",
                "Run `mapgen init DIR` to start a new project, or pass the folder that holds "
                "mapgen.toml.",
            ),
            (
                "这里没有 mapgen.toml（{folder}）",
                "运行 `mapgen init 文件夹` 新建项目，或指定包含 mapgen.toml 的文件夹。",
            ),
        ),
        "config-encoding": _t(
            ("mapgen.toml is not UTF-8 text", "Save it as UTF-8 (Notepad: Save as → UTF-8)."),
            ("mapgen.toml 不是 UTF-8 文本", "请另存为 UTF-8 编码（记事本：另存为 → UTF-8）。"),
        ),
        "config-syntax": _t(
            (
                "line {line}, column {col} is not valid TOML: {reason} ({text})",
                "Check the quotes, brackets and = on that line: text goes in straight double "
                'quotes, e.g. title = "服务地图".',
            ),
            (
                "第 {line} 行第 {col} 列不符合 TOML 格式：{reason_zh}（{text}）",
                '请检查这一行的引号、括号和 =：文字要放在英文半角双引号中，例如 title = "服务地图"。',
            ),
        ),
        "config-syntax/full-width-quotes": _t(
            (
                "line {line}, column {col}: the value is in curly quotes {chars}, which TOML "
                "does not read as quotes",
                "Retype them as straight double quotes (switch the input method to English "
                "punctuation): {example}",
            ),
            (
                "第 {line} 行第 {col} 列：值用了中文引号 {chars}，TOML 不把它们当作引号",
                "请改为英文半角双引号（把输入法切换为英文标点）：{example}",
            ),
        ),
        "config-syntax/full-width": _t(
            (
                "line {line}, column {col}: full-width {chars} where TOML needs {ascii}",
                "Retype them in English punctuation (half-width): {example}",
            ),
            (
                "第 {line} 行第 {col} 列：用了全角的 {chars}，TOML 需要半角的 {ascii}",
                "请改为英文半角标点：{example}",
            ),
        ),
        "config-unknown-key": _t(
            ("{where}: unknown key {name!r}", "{hint}"),
            ("{where_zh}：未知的键“{name}”", "{hint_zh}"),
        ),
        "config-type/options": _t(
            (
                "{where}: expected a table of options, got {got}",
                "Write it as [section] with key = value lines under it.",
            ),
            ("{where_zh}：应为一组选项，实际是 {got}", "请写成 [节]，下面每行一个 键 = 值。"),
        ),
        "config-type/text": _t(
            ("{where}: expected text in quotes, got {got}", 'Write it as "{text}".'),
            ("{where_zh}：应为加引号的文字，实际是 {got}", '请写成 "{text}"。'),
        ),
        "config-type/list": _t(
            ("{where}: expected a list of strings, got {got}", 'Write it like ["a", "b"].'),
            ("{where_zh}：应为文字列表，实际是 {got}", '请写成 ["a", "b"] 的形式。'),
        ),
        "config-type/table": _t(
            (
                "{where}: expected a table of names to strings, got {got}",
                'Write one name = "header" per line.',
            ),
            ("{where_zh}：应为 名称 = 文字 的表，实际是 {got}", '请每行写一个 名称 = "表头"。'),
        ),
        "config-type/int": _t(
            ("{where}: expected a whole number, got {got}", "Write a whole number, e.g. 3."),
            ("{where_zh}：应为整数，实际是 {got}", "请写整数，例如 3。"),
        ),
        "config-type/number": _t(
            ("{where}: expected a number, got {got}", "Write a number, e.g. 5.0."),
            ("{where_zh}：应为数字，实际是 {got}", "请写数字，例如 5.0。"),
        ),
        "config-choice": _t(
            ("{where}: {value!r} is not one of {allowed}", "{hint}Use one of {allowed}."),
            ("{where_zh}：“{value}”不是 {allowed} 之一", "{hint_zh}请使用 {allowed} 之一。"),
        ),
        "config-required/file": _t(
            ("{where}: required", 'Add file = "layers/…" under [{layer}].'),
            ("{where_zh}：必填", '请在 [{layer}] 下添加 file = "layers/…"。'),
        ),
        "config-required/column": _t(
            (
                "{where}: {field!r} is required",
                'Name the column that holds it, e.g. {field} = "…".',
            ),
            ("{where_zh}：必须填写 {field}", '请写明存放它的列，例如 {field} = "…"。'),
        ),
        "config-required/coordinates": _t(
            ("{where}: no coordinate columns", 'Name them, e.g. lon = "经度" and lat = "纬度".'),
            ("{where_zh}：没有坐标列", '请写明坐标列，例如 lon = "经度"，lat = "纬度"。'),
        ),
        "config-required/long-table": _t(
            (
                '{where}: shape = "long" needs the table of services',
                'Add file = "layers/…" under [services] (one row per station and service).',
            ),
            (
                '{where_zh}：shape = "long" 需要服务表',
                '请在 [services] 下添加 file = "layers/…"（每行一个站点的一项服务）。',
            ),
        ),
        "config-required/tianditu": _t(
            (
                "{where}: basemap is tianditu but tianditu_key is empty",
                "Get a browser key at console.tianditu.gov.cn and set tianditu_key.",
            ),
            (
                "{where_zh}：底图为天地图，但 tianditu_key 为空",
                "请在 console.tianditu.gov.cn 申请浏览器端密钥并填入 tianditu_key。",
            ),
        ),
        "config-required/languages": _t(
            ("{where}: no language given", 'Give at least one, e.g. ["zh-CN"].'),
            ("{where_zh}：没有填写语言", '请至少写一种，例如 ["zh-CN"]。'),
        ),
        "config-file-missing": _t(
            ("{where}: {value!r} not found (looked in {root})", _KEYS_FIX),
            ("{where_zh}：找不到“{value}”（在 {root} 中查找）", _KEYS_FIX_ZH),
        ),
        "config-logo/outside": _t(
            ("{where}: {value!r} is outside the project folder", _LOGO_INSIDE),
            ("{where_zh}：“{value}”在项目文件夹之外", _LOGO_INSIDE_ZH),
        ),
        "config-logo/link-outside": _t(
            ("{where}: {value!r} is a link to a file outside the project folder", _LOGO_INSIDE),
            ("{where_zh}：“{value}”是指向项目文件夹之外的链接", _LOGO_INSIDE_ZH),
        ),
        "config-logo/missing": _t(
            ("{where}: {value!r} is not found", _LOGO_INSIDE),
            ("{where_zh}：找不到“{value}”", _LOGO_INSIDE_ZH),
        ),
        "config-logo/unreadable": _t(
            ("{where}: {value!r} cannot be read ({reason})", _LOGO_INSIDE),
            ("{where_zh}：无法读取“{value}”（{reason}）", _LOGO_INSIDE_ZH),
        ),
        "config-logo/not-file": _t(
            ("{where}: {value!r} is not a file", _LOGO_INSIDE),
            ("{where_zh}：“{value}”不是文件", _LOGO_INSIDE_ZH),
        ),
        "config-logo/too-large": _t(
            (
                "{where}: {value!r} is larger than {limit} MiB",
                "A logo is shown small: save it smaller (a PNG of 200 pixels is plenty).",
            ),
            (
                "{where_zh}：“{value}”超过 {limit} MiB",
                "标志显示得很小：请另存为较小的文件（200 像素的 PNG 就足够）。",
            ),
        ),
        "config-logo/dtd": _t(
            (
                "{where}: {value!r} declares a DTD or entities, which mapgen does not read",
                "Export the SVG again without a DOCTYPE (or save it as PNG).",
            ),
            (
                "{where_zh}：“{value}”声明了 DTD 或实体，mapgen 不读取这类内容",
                "请重新导出不带 DOCTYPE 的 SVG（或另存为 PNG）。",
            ),
        ),
        "config-logo/not-image": _t(
            (
                "{where}: {value!r} is not a PNG, JPEG or WebP image, nor an SVG drawing",
                "Use the logo as a .png, .jpg, .webp or .svg file.",
            ),
            (
                "{where_zh}：“{value}”不是 PNG、JPEG、WebP 图片，也不是 SVG 图形",
                "请使用 .png、.jpg、.webp 或 .svg 格式的标志文件。",
            ),
        ),
        "config-logo/no-namespace": _t(
            (
                "{where}: {value!r} is an SVG without its namespace, which browsers do not draw",
                'Add xmlns="http://www.w3.org/2000/svg" to its <svg> element.',
            ),
            (
                "{where_zh}：“{value}”是缺少命名空间的 SVG，浏览器不会显示",
                '请在 <svg> 元素上加上 xmlns="http://www.w3.org/2000/svg"。',
            ),
        ),
        "config-sensitive-mapped": _t(
            (
                "{where}: the column {value!r} is listed in [public] sensitive_fields, so it "
                "cannot also be a station field: it would be published or counted per station",
                "Map {field} to another column, or remove {listed!r} from sensitive_fields.",
            ),
            (
                "{where_zh}：列“{value}”已列在 [public] sensitive_fields 中，不能同时作为站点字段，"
                "否则会按站点发布或统计",
                "请把 {field} 对应到其他列，或从 sensitive_fields 中删去“{listed}”。",
            ),
        ),
        "config-font/outside": _t(
            (
                "{where}: {value!r} is outside the project folder",
                "Copy the font file into the project folder (e.g. fonts/NotoSansCJKsc-Regular.otf) "
                'and write font = "fonts/…".',
            ),
            (
                "{where_zh}：“{value}”在项目文件夹之外",
                '请把字体文件复制到项目文件夹中（如 fonts/NotoSansCJKsc-Regular.otf），并写成 font = "fonts/…"。',
            ),
        ),
        "config-invalid/date": _t(
            ("{where}: {value!r} is not a date", 'Write it as "2024-06-30".'),
            ("{where_zh}：“{value}”不是日期", '请写成 "2024-06-30" 的形式。'),
        ),
        "config-invalid/colour": _t(
            ("{where}: {value!r} is not a hex colour", 'Write it like "#2f855a".'),
            ("{where_zh}：“{value}”不是十六进制颜色", '请写成 "#2f855a" 的形式。'),
        ),
        "config-invalid/base-url": _t(
            (
                "{where}: {value!r} is not a web address",
                'Write it as "https://example.gov.cn/map/".',
            ),
            ("{where_zh}：“{value}”不是网址", '请写成 "https://example.gov.cn/map/" 的形式。'),
        ),
        "config-invalid/crs": _t(
            (
                "{where}: {value!r} is not a known coordinate system",
                'Use one of wgs84, cgcs2000, gcj02, bd09 or an EPSG code like "EPSG:4549".',
            ),
            (
                "{where_zh}：“{value}”不是已知的坐标系",
                '请使用 wgs84、cgcs2000、gcj02、bd09 之一，或 EPSG 代码（如 "EPSG:4549"）。',
            ),
        ),
        "config-invalid/target": _t(
            ("{where}: {value} should be a share between 0 and 1", "Write e.g. 0.88 for 88%."),
            ("{where_zh}：{value} 应为 0 到 1 之间的比例", "例如 88% 写作 0.88。"),
        ),
        "config-invalid/target-date": _t(
            ("{where}: {value!r} is not a date", 'Write it as "2026-12-31".'),
            ("{where_zh}：“{value}”不是日期", '请写成 "2026-12-31" 的形式。'),
        ),
        "config-invalid/max-distance": _t(
            ("{where}: should be more than 0", "Write e.g. 5.0."),
            ("{where_zh}：应大于 0", "例如写 5.0。"),
        ),
        "config-invalid/suggestions": _t(
            ("{where}: should be 0 or more", "Write e.g. 3."),
            ("{where_zh}：应为 0 或更大", "例如写 3。"),
        ),
    }
)


# ------------------------------------------------------------- what the commands say
CLI_TEXTS: dict[str, dict[str, str]] = {
    "built": {
        "en": "Built {files} files ({kib} KiB) in {out}",
        "zh-CN": "已生成 {files} 个文件（{kib} KiB），位于 {out}",
    },
    "coverage": {
        "en": "Coverage: {covered} of {total} townships ({share})",
        "zh-CN": "覆盖：{total} 个街镇中的 {covered} 个（{share}）",
    },
    "report_saved": {"en": "Report saved to {path}", "zh-CN": "报告已保存到 {path}"},
    "serving": {
        "en": "Serving {root} at {url} — press Ctrl+C to stop.",
        "zh-CN": "正在 {url} 预览 {root}，按 Ctrl+C 停止。",
    },
    "stopped": {"en": "Stopped.", "zh-CN": "已停止。"},
    "build_failed": {
        "en": "{errors} error(s) in the input; no site was written — fix the errors above "
        "and run again.",
        "zh-CN": "输入中有 {errors} 个错误，未生成网站。请修正上面的错误后重新运行。",
    },
    "config_failed": {
        "en": "mapgen.toml has problems; nothing was read or written — fix them and run again.",
        "zh-CN": "mapgen.toml 有问题，未读取数据也未生成网站。请修正后重新运行。",
    },
}


def cli_text(key: str, lang: str, **args: Any) -> str:
    """A line a command prints, in the report's language.

    Example::

        >>> cli_text("coverage", "zh-CN", covered=6, total=12, share="50%")
        '覆盖：12 个街镇中的 6 个（50%）'
    """
    return CLI_TEXTS[key][_language(lang)].format(**args)


# ---------------------------------------------------------------- planning layers
TEMPLATES.update(
    {
        "point-not-placed": _t(
            (
                "{layer} point not used: {reason}",
                "Give it a longitude and latitude, or delete the row.",
            ),
            ("{layer} 点未使用：{reason}", "请填写经纬度，或删除该行。"),
        ),
        "population-count-invalid": _t(
            (
                "population point not used: the count is not a number of people",
                "Write a number of people such as 3500, 12,345 or 1.2万.",
            ),
            ("人口点未使用：人数不是数字", "请填写人数，例如 3500、12,345 或 1.2万。"),
        ),
        "population-outside": _t(
            (
                "{count} population point(s) lie outside every township and are not counted",
                "Check their coordinates and crs in [population].",
            ),
            ("有 {count} 个人口点不在任何街镇内，未计入", "请核对 [population] 的坐标和 crs。"),
        ),
        "population-invalid": _t(
            (
                "township population is not a number; counted as 0",
                "Write a whole number of people, e.g. 123456 or 12.3万.",
            ),
            ("街镇人口不是数字；按 0 计", "请填写人数，例如 123456 或 12.3万。"),
        ),
        "candidate-outside": _t(
            (
                "candidate site is outside every township; not considered",
                "Check its coordinates and crs in [candidates].",
            ),
            ("候选点不在任何街镇内；不参与选址", "请核对 [candidates] 的坐标和 crs。"),
        ),
    }
)


# ------------------------------------------------- tables as offices keep them
_RECOGNISED_FIX = (
    "Nothing to do if this is right; otherwise name the column in [{layer}.columns] of mapgen.toml."
)
_RECOGNISED_FIX_ZH = "如果无误则无需处理；否则请在 mapgen.toml 的 [{layer}.columns] 中指明该列。"
_SHAPE_FIX = (
    'Nothing to do if this is right; otherwise set shape = "long", "list" or "matrix" in '
    "[services] of mapgen.toml."
)
_SHAPE_FIX_ZH = (
    '如果无误则无需处理；否则请在 mapgen.toml 的 [services] 中设置 shape = "long"、"list" 或 '
    '"matrix"。'
)

TEMPLATES.update(
    {
        "column-missing/unmapped": _t(
            (
                "no column holds {name} (mapgen looked for the headers {aliases})",
                'Add a column headed "{alias}", or name yours in mapgen.toml: '
                '[{layer}.columns] {name} = "…". Columns in the file: {columns}.',
            ),
            (
                "没有一列是 {name}（mapgen 查找了表头 {aliases}）",
                "请加一列，表头写“{alias}”；或在 mapgen.toml 中指明：[{layer}.columns] {name} = "
                '"…"。文件中的列：{columns}。',
            ),
        ),
        "column-ambiguous": _t(
            (
                "two columns could hold {name}: {both}",
                'Say which in mapgen.toml, e.g. [{layer}.columns] {name} = "{first}", or rename '
                "the other column.",
            ),
            (
                "有两列都可能是 {name}：{both_zh}",
                '请在 mapgen.toml 中指明，例如 [{layer}.columns] {name} = "{first}"，或给另一列改名。',
            ),
        ),
        "column-duplicate": _t(
            (
                "the header {header!r} ({name}) appears twice: {both}",
                "Delete one of the two columns, or rename it, so that it is clear which holds "
                "{name}.",
            ),
            (
                "表头“{header}”（{name}）出现了两次：{both_zh}",
                "请删除其中一列或给它改名，以明确哪一列是 {name}。",
            ),
        ),
        "columns-recognised": _t(
            ("columns recognised by their headers: {pairs}", _RECOGNISED_FIX),
            ("已按表头识别列：{pairs_zh}", _RECOGNISED_FIX_ZH),
        ),
        "spaces-removed": _t(
            (
                "invisible or odd spaces (zero-width, non-breaking, full-width, trailing) "
                "removed from {count} cell(s) (rows {rows})",
                "Nothing to do: names and ids now match as they read.",
            ),
            (
                "已从 {count} 个单元格中删除不可见或异常的空格（零宽、不换行、全角、末尾空格）"
                "（第 {rows} 行）",
                "无需处理：名称和编号现在按所见内容匹配。",
            ),
        ),
        "delimiter-detected": _t(
            (
                "the cells are separated by a {sep}, not a comma; read as such",
                "Nothing to do if the columns look right.",
            ),
            ("单元格以{sep_zh}而非逗号分隔；已按此读取", "如果各列显示正确则无需处理。"),
        ),
        "name-missing": _t(
            (
                "station has no name",
                "Write the station's name in this cell: it is the link text and the title of "
                "its page.",
            ),
            ("站点没有名称", "请在该单元格中填写站点名称：它是站点链接的文字和站点页面的标题。"),
        ),
        "ids-derived": _t(
            (
                "no id column: the {count} station ids are made from the names (e.g. {example})",
                "Nothing to do: an id stays the same when rows are reordered or added, so links "
                "to station pages keep working. Add a column 编号 to choose the ids yourself.",
            ),
            (
                "没有编号列：{count} 个站点的编号由名称生成（如 {example}）",
                "无需处理：调整行的顺序或增加行时编号不变，站点页面的链接仍然有效。如需自定编号，"
                "请加一列“编号”。",
            ),
        ),
        "id-collision": _t(
            (
                "rows {rows} have the same name {name!r}: their ids are told apart as {ids}",
                "Give the stations different names, or add an id column (编号).",
            ),
            (
                "第 {rows} 行的名称都是“{name}”：它们的编号分别为 {ids}",
                "请给这些站点起不同的名称，或加一列“编号”。",
            ),
        ),
        "row-duplicate": _t(
            ("row repeats row {first} exactly; it is read once", "Delete the repeated row."),
            ("该行与第 {first} 行完全相同；只读取一次", "请删除重复的行。"),
        ),
        "id-duplicate/differs": _t(
            (
                "id repeats row {first}, and the rows differ in {columns}",
                "Give each station its own id; if it is one station, keep the right row and "
                "delete the other.",
            ),
            (
                "编号与第 {first} 行重复，且两行在 {columns} 上不同",
                "请给每个站点各自的编号；如果是同一个站点，请保留正确的一行并删除另一行。",
            ),
        ),
        "row-note-skipped": _t(
            (
                "not a station: a note, title or total row ({value}); it is not read",
                "Nothing to do; or move notes below the table onto another sheet.",
            ),
            (
                "不是站点：这是注释、标题或合计行（{value}），不读取",
                "无需处理；也可以把表格下方的说明移到另一个工作表中。",
            ),
        ),
        "formula-no-value/required": _t(
            (
                "cell {ref} ({name}) holds a formula ({value}) whose result was not saved in "
                "the file, so the value is unknown",
                _FORMULA_FIX,
            ),
            (
                "单元格 {ref}（{name}）是公式（{value}），但文件中没有保存其计算结果，数值未知",
                _FORMULA_FIX_ZH,
            ),
        ),
        "decimal-comma": _t(
            (
                "{count} coordinate(s) written with a decimal comma (e.g. {example}) were read "
                "with a decimal point ({number})",
                "Nothing to do if the map looks right; in Excel or WPS a decimal point avoids "
                "the doubt.",
            ),
            (
                "{count} 个坐标用逗号作小数点（如 {example}），已按小数点读取（{number}）",
                "如果地图显示正确则无需处理；在 Excel 或 WPS 中使用小数点可避免歧义。",
            ),
        ),
        "coordinates-converted": _t(
            (
                "{count} coordinate(s) written as {kinds} (e.g. {example}) were converted to "
                "decimal degrees",
                "Nothing to do if the map looks right.",
            ),
            (
                "{count} 个坐标写成了{kinds_zh}（如 {example}），已换算为十进制度数",
                "如果地图显示正确则无需处理。",
            ),
        ),
        "lonlat-in-one-cell": _t(
            (
                "longitude and latitude pasted together into one cell ({value}); read as "
                "longitude {lon}, latitude {lat}",
                "Nothing to do if the map looks right; or put the latitude into column {y_column}.",
            ),
            (
                "经度和纬度粘贴在同一个单元格中（{value}）；已读作经度 {lon}、纬度 {lat}",
                "如果地图显示正确则无需处理；也可以把纬度移到“{y_column}”列。",
            ),
        ),
        "coordinates-shared": _t(
            (
                "station {station} is at exactly the same coordinates as {other} (row {first})",
                "Check both coordinates: two stations rarely share a point. If they share a "
                "building, nothing to do.",
            ),
            (
                "站点 {station} 与第 {first} 行的 {other} 坐标完全相同",
                "请核对两者的坐标：两个站点很少在同一点上。如果它们在同一栋楼里，则无需处理。",
            ),
        ),
        "coordinates-coarse": _t(
            (
                "coordinates with {digits} decimal(s) are only accurate to about {metres}",
                "Copy the coordinates from a web map with 5 or more decimals (about 1 m).",
            ),
            (
                "坐标只有 {digits} 位小数，精度约 {metres_zh}",
                "请从网络地图上复制带 5 位以上小数的坐标（约 1 米）。",
            ),
        ),
        "phone-implausible": _t(
            (
                "phone number with {digits} digit(s) is not a plausible number",
                "Write a mobile number with 11 digits, or a landline with its area code, e.g. "
                "021-59530001; service numbers such as 12345 are fine.",
            ),
            (
                "电话号码有 {digits} 位数字，不像有效号码",
                "手机号为 11 位；固定电话请带区号，如 021-59530001；12345 之类的服务号码可以直接写。",
            ),
        ),
        "row-too-short": _t(
            (
                "row has {cells} cell(s) but the header has {width}: a value is missing, so the "
                "cells after it may have moved left; the row is not read",
                "Open the file in Excel or WPS, check the row and save it again.",
            ),
            (
                "该行有 {cells} 个单元格，而表头有 {width} 个：缺少一个值，后面的单元格可能左移了；"
                "该行未读取",
                "请用 Excel 或 WPS 打开文件，检查该行后重新保存。",
            ),
        ),
        "services-shape/list": _t(
            (
                "services read from column {column}: one cell per station, split on {separators}",
                _SHAPE_FIX,
            ),
            ("从“{column}”列读取服务：每个站点一个单元格，按 {separators_zh} 拆分", _SHAPE_FIX_ZH),
        ),
        "services-shape/matrix": _t(
            (
                "services read as ticks: one column per service ({columns}); ✓ √ 是 有 Y 1 mean "
                "offered",
                _SHAPE_FIX,
            ),
            ("按勾选读取服务：每项服务一列（{columns}）；✓ √ 是 有 Y 1 表示提供", _SHAPE_FIX_ZH),
        ),
        "row-too-short/more": _t(
            (
                "{count} more rows are shorter than the header (rows {rows})",
                "Open the file in Excel or WPS, check those rows and save it again.",
            ),
            (
                "另有 {count} 行比表头短（第 {rows} 行）",
                "请用 Excel 或 WPS 打开文件，检查这些行后重新保存。",
            ),
        ),
        "services-none/list": _t(
            (
                'shape = "list" in [services], but no column lists the services (such as 服务内容)',
                'Name it in mapgen.toml: [stations.columns] services = "…", or remove the shape '
                "line.",
            ),
            (
                '[services] 中 shape = "list"，但没有一列列出服务（如“服务内容”）',
                '请在 mapgen.toml 中指明：[stations.columns] services = "…"，或删除 shape 这一行。',
            ),
        ),
        "services-none/matrix": _t(
            (
                'shape = "matrix" in [services], but no column is headed by a service or '
                "holds ticks (✓, √, 是)",
                "Head one column per service with its name and tick the stations that offer "
                "it, or remove the shape line.",
            ),
            (
                '[services] 中 shape = "matrix"，但没有一列以服务名称为表头或含有勾选（✓、√、是）',
                "请每项服务一列、以服务名称为表头，并在提供该服务的站点处打勾；或删除 shape 这一行。",
            ),
        ),
        "service-tick-unclear": _t(
            (
                "{value!r} is not a tick: read as not offering {category}",
                "Write ✓ (or 是) where the station offers it and leave the cell blank (or 否) "
                "where it does not.",
            ),
            (
                "“{value}”不是勾选符号：按不提供{category}处理",
                "提供的写 ✓（或“是”），不提供的留空（或写“否”）。",
            ),
        ),
        "service-category-guessed": _t(
            (
                "service {value!r} is not a category name; read as the closest, {closest!r}",
                "Write it as {closest!r}, or add {value!r} to the categories table.",
            ),
            (
                "服务“{value}”不是已知类别名称；已按最接近的“{closest}”读取",
                "请写成“{closest}”，或把“{value}”加到类别表中。",
            ),
        ),
        "categories-derived": _t(
            (
                "no categories table: {count} categories made from the service names ({names})",
                "Nothing to do; for English names add a categories table (id, name, name_en) "
                "and name it in [categories] of mapgen.toml.",
            ),
            (
                "没有类别表：已根据服务名称生成 {count} 个类别（{names}）",
                "无需处理；如需英文名称，请添加类别表（id、name、name_en）并在 mapgen.toml 的 "
                "[categories] 中指明。",
            ),
        ),
    }
)
