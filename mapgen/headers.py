"""Which column holds which field: headers as offices write them, in Chinese and English.

A field named in ``[LAYER.columns]`` is looked up by that header; every other field is
found through :data:`ALIASES`, the one table of the headers people use. Headers compare
after :func:`header_key`: Unicode NFKC, case folded, every space (also U+00A0, U+3000 and
zero-width ones) removed, and a bracketed note or unit dropped — ``东经（°）``,
``经度(GCJ02)`` and ``Longitude`` all read as their bare word.

Example::

    >>> header_key(" 东经（°） "), header_key("经度(GCJ02)"), header_key("Longitude")
    ('东经', '经度', 'longitude')
    >>> field_of("所在街道（镇）", "stations")
    'township'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from mapgen.messages import problem
from mapgen.problems import Problem, Severity

# Every field of every layer and the headers that mean it, compared by header_key.
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "stations": {
        "id": ("编号", "站点编号", "站点代码", "站点id", "站点号", "id", "stationid", "station_id"),
        "name": (
            "名称",
            "站点名称",
            "站名",
            "社工站名称",
            "社工站",
            "站点",
            "机构名称",
            "name",
            "stationname",
            "station_name",
            "station",
        ),
        "name_en": ("英文名称", "英文名", "name_en", "nameen", "englishname"),
        "township": (
            "所属街镇",
            "所在街镇",
            "街镇",
            "所属街道",
            "所在街道",
            "街道",
            "所属乡镇",
            "所在乡镇",
            "乡镇",
            "街道/镇",
            "街道/乡镇",
            "township",
            "town",
            "subdistrict",
        ),
        "venue": ("服务场所", "场所", "场所名称", "依托场所", "venue"),
        "venue_en": ("服务场所英文", "venue_en", "venueen"),
        "address": ("地址", "详细地址", "站点地址", "服务地址", "address", "addr"),
        "address_en": ("英文地址", "address_en", "addressen"),
        "type": ("场所类型", "类型", "type"),
        "tier": ("层级", "级别", "站点层级", "tier", "level"),
        "status": ("状态", "运营状态", "建设状态", "status"),
        "opened": ("启用时间", "启用日期", "成立时间", "建成时间", "开放日期", "opened"),
        "hours": ("开放时间", "服务时间", "办公时间", "hours", "openinghours"),
        "hours_en": ("英文开放时间", "hours_en", "hoursen"),
        "phone": ("电话", "联系电话", "服务电话", "咨询电话", "phone", "tel", "telephone"),
        "lon": ("经度", "东经", "lng", "lon", "long", "longitude", "x", "gcj_lon", "bd_lon"),
        "lat": ("纬度", "北纬", "lat", "latitude", "y", "gcj_lat", "bd_lat"),
        "lonlat": ("坐标", "经纬度", "经纬度坐标", "lonlat", "lnglat", "coordinates"),
        "services": (
            "服务内容",
            "服务项目",
            "服务清单",
            "服务类别",
            "提供服务",
            "服务",
            "服务菜单",
            "services",
            "service",
        ),
    },
    "services": {
        "station": ("站点编号", "站点", "站点名称", "编号", "station", "station_id", "stationid"),
        "category": (
            "服务类别",
            "类别",
            "服务项目",
            "服务名称",
            "服务内容",
            "服务",
            "category",
            "service",
        ),
        "schedule": ("时间", "服务时间", "安排", "schedule", "time"),
        "schedule_en": ("英文时间", "schedule_en", "scheduleen"),
    },
    "categories": {
        "id": ("id", "编号", "代码", "类别编号", "code"),
        "name": ("name", "名称", "类别", "类别名称", "服务类别", "服务名称", "服务项目"),
        "name_en": ("name_en", "nameen", "英文名称", "英文名"),
        "color": ("color", "colour", "颜色"),
        "aliases": ("aliases", "别名", "又称"),
    },
    "townships": {
        "id": ("code", "代码", "编码", "区划代码", "统计用区划代码", "街镇代码", "adcode", "id"),
        "name": ("name", "名称", "街镇", "街镇名称", "街道", "乡镇", "乡镇名称", "街道名称"),
        "name_en": ("name_en", "nameen", "英文名称", "英文名"),
        "population": ("population", "人口", "常住人口", "户籍人口"),
    },
    "population": {
        "count": ("count", "人数", "人口", "population"),
        "lon": ("经度", "东经", "lng", "lon", "longitude"),
        "lat": ("纬度", "北纬", "lat", "latitude"),
    },
    "candidates": {
        "id": ("id", "编号", "代码"),
        "name": ("name", "名称", "场所名称"),
        "name_en": ("name_en", "英文名称"),
        "lon": ("经度", "东经", "lng", "lon", "longitude"),
        "lat": ("纬度", "北纬", "lat", "latitude"),
    },
}

_SPACES = re.compile(r"[\s\u00a0\u3000\u200b\u200c\u200d\u2060\ufeff]+")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")
_BRACKETED = re.compile(r"[(\[（【〔{][^)\]）】〕}]*[)\]）】〕}]")
_UNIT = re.compile(r"(?:/°|°|/度|单位[:：].*)$")


def clean_text(text: str) -> str:
    """A cell as a person means it: no invisible or odd spaces, none at either end.

    >>> clean_text("\\u200b南翔镇\\u3000社工站\\u00a0 "), clean_text("Malu\\u00a0 Station")
    ('南翔镇社工站', 'Malu Station')
    """
    if text.isascii() and text.isprintable() and "  " not in text:
        return text.strip()  # the common case, kept fast for large tables
    text = " ".join(_SPACES.sub(" ", unicodedata.normalize("NFKC", text)).split())
    # Chinese is written without spaces: one between two characters is a stray.
    return _CJK_GAP.sub("", text)


def header_key(header: str) -> str:
    """The form headers are compared in (see the module docstring)."""
    text = unicodedata.normalize("NFKC", str(header)).casefold()
    text = _SPACES.sub("", text)
    bare = _UNIT.sub("", _BRACKETED.sub("", text))
    return bare or text


def field_of(header: str, layer: str) -> str | None:
    """The field a header names through the alias table, or None."""
    key = header_key(header)
    for name, aliases in ALIASES.get(layer, {}).items():
        if key in {header_key(a) for a in aliases}:
            return name
    return None


@dataclass
class Columns:
    """The header found for each field, how, and what went wrong."""

    found: dict[str, str] = field(default_factory=dict)  # field → header in the file
    recognised: dict[str, str] = field(default_factory=dict)  # found by alias, not config
    missing: dict[str, str] = field(default_factory=dict)  # field → configured header
    problems: list[Problem] = field(default_factory=list)


def find_columns(
    headers: list[str],
    letters: dict[str, str],
    layer: str,
    configured: dict[str, str],
    file: str,
    *,
    exclude: frozenset[str] = frozenset(),
) -> Columns:
    """Match every field of ``layer`` to a header: configured ones first, then aliases.

    ``letters`` maps a header to its column letter (empty for GIS attribute fields);
    ``exclude`` holds headers never to take for a field (sensitive columns).

    >>> found = find_columns(["站点名称", "东经（°）", "北纬"], {}, "stations", {}, "s.csv")
    >>> found.found
    {'name': '站点名称', 'lon': '东经（°）', 'lat': '北纬'}
    """
    result = Columns()
    by_key: dict[str, list[str]] = {}
    for header in headers:
        by_key.setdefault(header_key(_original(header, headers)), []).append(header)
    for name, header in configured.items():
        exact = [h for h in headers if _plain(h) == _plain(header)]
        candidates = exact or by_key.get(header_key(header), [])
        if candidates:
            result.found[name] = candidates[0]
            if not exact:  # "纬度(GCJ)" for "纬度": say so
                result.recognised[name] = candidates[0]
        else:
            result.missing[name] = header
    claimed = set(result.found.values())
    fields = ALIASES.get(layer, {})
    for name, aliases in fields.items():
        if name in configured or (name == "lonlat" and ({"lon", "lat"} & set(result.found))):
            continue
        if name in ("lon", "lat") and "lonlat" in configured:
            continue
        keys = {header_key(a) for a in aliases}
        candidates = [
            h
            for h in headers
            if h not in claimed and h not in exclude and header_key(_original(h, headers)) in keys
        ]
        if not candidates:
            continue
        originals = list(dict.fromkeys(_original(h, headers) for h in candidates))
        if len(originals) < len(candidates):
            result.problems.append(_duplicate(file, layer, name, candidates, letters))
            continue
        if len(candidates) > 1:
            result.problems.append(_ambiguous(file, layer, name, candidates, letters))
            continue
        result.found[name] = candidates[0]
        result.recognised[name] = candidates[0]
        claimed.add(candidates[0])
    for name, header in list(result.found.items()):
        if name in configured and f"{header}.1" in headers:
            result.problems.append(_duplicate(file, layer, name, [header, f"{header}.1"], letters))
    if "lonlat" in result.recognised and {"lon", "lat"} & set(result.found):
        del result.found["lonlat"], result.recognised["lonlat"]
    for name, header in result.missing.items():
        result.problems.append(
            problem(
                "column-missing",
                Severity.ERROR,
                file,
                column=header,
                header=header,
                name=name,
                layer=layer,
                **suggestion(header, name, layer, headers, set(result.found.values())),
            )
        )
    if result.recognised:
        result.problems.append(
            problem(
                "columns-recognised",
                Severity.FIXED,
                file,
                layer=layer,
                pairs=", ".join(
                    f"{name} ← {_label(h, letters)}" for name, h in result.recognised.items()
                ),
                pairs_zh="，".join(
                    f"{name} ← {_label(h, letters, zh=True)}"
                    for name, h in result.recognised.items()
                ),
            )
        )
    return result


def suggestion(
    header: str, name: str, layer: str, headers: list[str], taken: set[str]
) -> dict[str, str]:
    """ "Did you mean …?" for a configured header not in the file.

    Only a column that may hold ``name``: never one another field uses or whose header
    means another field (the longitude column for a mistyped latitude).
    """
    own = [h for h in headers if field_of(h, layer) == name and h not in taken]
    free = [
        h for h in headers if h not in taken and field_of(h, layer) in (None, name) and h not in own
    ]
    key = header_key(header)
    close = (
        own[:1]
        or [h for h in free if key and key in header_key(h)][:1]
        or difflib.get_close_matches(header, free, n=1, cutoff=0.6)
    )
    return {
        "hint": f"Did you mean {close[0]!r}? " if close else "",
        "hint_zh": f"是不是“{close[0]}”？" if close else "",
        "columns": ", ".join(map(repr, headers)),
    }


def _plain(header: str) -> str:
    return unicodedata.normalize("NFKC", header).strip().casefold().replace(" ", "")


_DUPLICATE_SUFFIX = re.compile(r"^(.*)\.(\d+)$")


def _original(header: str, headers: list[str]) -> str:
    """The header as typed, for the copies a reader renamed "名称.1", "名称.2"."""
    match = _DUPLICATE_SUFFIX.match(header)
    if match and match[1] in headers:
        return match[1]
    return header


def _label(header: str, letters: dict[str, str], *, zh: bool = False) -> str:
    letter = letters.get(header, "")
    match = _DUPLICATE_SUFFIX.match(header)
    shown = match[1] if match and match[1] in letters else header
    if not letter:
        return f"“{shown}”" if zh else repr(shown)
    return f"第 {letter} 列“{shown}”" if zh else f"column {letter} {shown!r}"


def _ambiguous(
    file: str, layer: str, name: str, candidates: list[str], letters: dict[str, str]
) -> Problem:
    return problem(
        "column-ambiguous",
        Severity.ERROR,
        file,
        column=candidates[0],
        layer=layer,
        name=name,
        both=" and ".join(_label(h, letters) for h in candidates),
        both_zh="和".join(_label(h, letters, zh=True) for h in candidates),
        first=candidates[0],
    )


def _duplicate(
    file: str, layer: str, name: str, candidates: list[str], letters: dict[str, str]
) -> Problem:
    header = candidates[0]
    return problem(
        "column-duplicate",
        Severity.ERROR,
        file,
        column=header,
        layer=layer,
        name=name,
        header=header,
        both=" and ".join(_label(h, letters) for h in candidates),
        both_zh="和".join(_label(h, letters, zh=True) for h in candidates),
    )
