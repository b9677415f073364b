"""``mapgen.toml``: a typed schema where every option documents itself.

Each section is a dataclass; each option is a field whose ``metadata["doc"]`` is its
documentation (``docs/config.md`` is checked against it by the tests). Loading collects
every problem — TOML syntax (with line, column and full-width punctuation spotted),
unknown keys with the closest known one, wrong types, missing files — as
:class:`~mapgen.problems.Problem` records like any input problem, in English and Chinese,
and raises one :class:`~mapgen.errors.ConfigError` listing them all.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
import types
import typing
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mapgen.errors import ConfigError
from mapgen.logo import read_logo
from mapgen.messages import problem
from mapgen.problems import Problem, Severity

CONFIG_NAME = "mapgen.toml"
BASEMAPS = ("osm", "tianditu", "amap", "none")
DATUMS = ("wgs84", "cgcs2000", "gcj02", "bd09")


def option(default: Any = None, doc: str = "", *, factory: Any = None) -> Any:
    """A config field carrying its own documentation."""
    if factory is not None:
        return field(default_factory=factory, metadata={"doc": doc})
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class Colors:
    """Colours of the map, as CSS hex colours."""

    covered: str = option("#2f855a", "Fill of townships that have an open station.")
    uncovered: str = option("#c05621", "Fill of townships without one.")
    station: str = option("#1f4e9c", "Station markers and the site's accent colour.")


@dataclass(frozen=True)
class SiteConfig:
    """What the published site says and looks like."""

    title: str = option("服务地图", "Page title in Chinese, shown on every page.")
    title_en: str = option("Service map", "Page title in English.")
    subtitle: str = option("", "A line under the title in Chinese, e.g. the year.")
    subtitle_en: str = option("", "The subtitle in English.")
    notice: str = option(
        "", "A notice shown on every page in Chinese, e.g. that boundaries are approximate."
    )
    notice_en: str = option("", "The notice in English.")
    languages: list[str] = option(
        factory=lambda: ["zh-CN", "en"],
        doc='Languages of the site; the first is the default. Any of "zh-CN", "en".',
    )
    logo: str = option(
        "",
        "Path of a logo image (PNG, JPEG, WebP or SVG, at most 1 MiB) inside the project "
        "folder, relative to mapgen.toml. Shown in every page's header.",
    )
    basemap: str = option("osm", f"Background map: one of {', '.join(BASEMAPS)}.")
    tianditu_key: str = option(
        "", "Tianditu browser key, needed when basemap is tianditu. It is public in tile URLs."
    )
    base_url: str = option(
        "", "Public address of the site, for permalinks, e.g. https://example.gov.cn/map/."
    )
    colors: Colors = option(factory=Colors, doc="Colours: covered, uncovered, station.")
    unit: str = option(
        "",
        "What the areas are called in Chinese, e.g. 街镇, 乡镇, 村, 区县; empty: from the names.",
    )
    unit_en: str = option("", "The areas' name in English, singular, e.g. township, village.")
    station_word: str = option("", "What a station is called in Chinese, e.g. 社工站; empty: 站点.")
    station_word_en: str = option("", "A station's name in English, singular; empty: station.")
    search_hint: str = option(
        "", "Example in the search box in Chinese, e.g. 如：江桥、心理咨询; empty: from the data."
    )
    search_hint_en: str = option("", "The search box's example in English.")
    font: str = option(
        "",
        "Font file for posters (TTF, OTF or TTC with Chinese characters), inside the "
        "project folder, relative to mapgen.toml. Empty: a Chinese font installed on the "
        "computer.",
    )
    map_approval: str = option(
        "",
        "The map review number (审图号) of the published map, e.g. 沪S(2024)012号; shown "
        "with the map attribution on every page and on posters.",
    )
    icp: str = option(
        "",
        "The site's ICP filing number (ICP备案号), e.g. 沪ICP备12345678号; shown in the footer "
        "and linked to the filing site beian.miit.gov.cn.",
    )
    updated: str = option(
        "",
        "When the data was last updated, e.g. 2024-06-30; shown as 数据更新于 … Empty: the "
        "date of SOURCE_DATE_EPOCH when it is set, else left out (never the build's clock).",
    )
    contact: str = option(
        "", "A contact line for the footer, e.g. the office and its phone number."
    )
    contact_en: str = option("", "The contact line in English.")


@dataclass(frozen=True)
class LayerConfig:
    """Where one input layer is and how its columns are named."""

    file: str = option("", "Path of the file, relative to mapgen.toml.")
    sheet: str = option("", "Excel sheet name, or layer name in a GeoPackage.")
    crs: str = option(
        "",
        "Coordinate system of the layer: wgs84, cgcs2000, gcj02 (Amap, Tencent), bd09 "
        '(Baidu), or any EPSG code such as "EPSG:4549". Empty: what the file declares, '
        "else WGS84.",
    )
    encoding: str = option("", "Text encoding of a CSV or shapefile; detected when empty.")
    columns: dict[str, str] = option(
        factory=dict,
        doc="Map from mapgen's field names to the column headers in the file (any language).",
    )


SERVICE_SHAPES = ("long", "list", "matrix")


@dataclass(frozen=True)
class ServicesConfig(LayerConfig):
    """Where the service menus are and in which of three shapes they are given."""

    shape: str = option(
        "",
        'How services are given: "long" (a table of one row per station and service, in '
        'file), "list" (one cell per station listing them, the stations\' services column) '
        'or "matrix" (one column per service on the stations sheet, ticked ✓). Empty: '
        "detected.",
    )


@dataclass(frozen=True)
class PublicConfig:
    """Which fields may appear in the published site. Everything else stays private."""

    station_fields: list[str] = option(
        factory=lambda: [
            "name",
            "name_en",
            "venue",
            "venue_en",
            "address",
            "address_en",
            "township",
            "type",
            "tier",
            "status",
            "opened",
            "hours",
            "hours_en",
            "phone",
        ],
        doc="Station fields published on the map, pages, downloads and coverage outputs.",
    )
    sensitive_fields: list[str] = option(
        factory=list,
        doc="Station columns that are sensitive counts: only published as township totals, "
        "and totals below 10 are suppressed.",
    )


@dataclass(frozen=True)
class CoverageConfig:
    """How coverage is counted and what the plan aims for."""

    tiers: list[str] = option(
        factory=list,
        doc="Station tiers that make a township covered; empty means every tier counts.",
    )
    target: float | None = option(None, "Target share of covered townships, e.g. 0.88.")
    target_date: str = option("", "Date the target should be met, e.g. 2026-12-31.")
    max_distance_km: float = option(
        5.0, "Townships farther than this from the nearest open station are flagged."
    )
    suggestions: int = option(
        3, "How many next station sites to suggest (maximal covering location); 0 for none."
    )


# Canonical field names per layer: what the pipeline understands.
LAYER_FIELDS: dict[str, dict[str, str]] = {
    "townships": {
        "id": "Township code (unique).",
        "name": "Township name in Chinese.",
        "name_en": "Township name in English.",
        "parent": "The area it belongs to (district, county or city), e.g. 北京市: added to "
        "the name where two townships share it.",
        "parent_en": "The parent area in English.",
        "population": "Resident population (private unless published).",
    },
    "stations": {
        "id": "Station id (unique), used in page addresses.",
        "name": "Station name.",
        "name_en": "Station name in English.",
        "township": "The township the station says it belongs to (name or code).",
        "venue": "The venue that hosts the station.",
        "venue_en": "The venue in English.",
        "address": "Street address.",
        "address_en": "Street address in English.",
        "type": "Venue type, e.g. community_centre.",
        "tier": "Tier: district centre, township station or community room.",
        "status": "open or planned.",
        "opened": "Opening date (YYYY, YYYY-MM or YYYY-MM-DD).",
        "hours": "Opening hours as text.",
        "hours_en": "Opening hours in English.",
        "phone": "Phone number.",
        "lon": "Longitude column.",
        "lat": "Latitude column.",
        "lonlat": 'One column holding "lon,lat".',
        "services": "The services a station offers, listed in one cell (split on 、，；/).",
    },
    "services": {
        "station": "Station id.",
        "category": "Service category: its id, or its name in Chinese or English.",
        "schedule": "When the service is offered, as text.",
        "schedule_en": "The schedule in English.",
    },
    "categories": {
        "id": "Category id.",
        "name": "Name in Chinese.",
        "name_en": "Name in English.",
        "color": "CSS hex colour.",
        "aliases": "Other names of the category, separated by 、 or commas.",
    },
    "population": {
        "count": "People at this point (private: used only with --audience planner).",
        "lon": "Longitude column.",
        "lat": "Latitude column.",
        "lonlat": 'One column holding "lon,lat".',
    },
    "candidates": {
        "id": "Candidate site id.",
        "name": "Name in Chinese.",
        "name_en": "Name in English.",
        "lon": "Longitude column.",
        "lat": "Latitude column.",
        "lonlat": 'One column holding "lon,lat".',
    },
}
# Fields that must be found, by the header named in [LAYER.columns] or else by its usual
# headers (mapgen.headers); a station's id is made from its name when there is none.
REQUIRED_FIELDS = {
    "townships": ("id", "name"),
    "stations": ("name",),
    "services": ("station", "category"),
    "categories": ("name",),
    "population": ("count",),
    "candidates": ("id",),
}
OPTIONAL_LAYERS = ("services", "categories", "population", "candidates")
POINT_LAYERS = ("stations", "population", "candidates")


@dataclass(frozen=True)
class Config:
    """A whole ``mapgen.toml``."""

    site: SiteConfig = option(factory=SiteConfig, doc="What the site says and looks like.")
    townships: LayerConfig = option(factory=LayerConfig, doc="Township boundaries (required).")
    stations: LayerConfig = option(factory=LayerConfig, doc="Station locations (required).")
    services: ServicesConfig = option(
        factory=ServicesConfig,
        doc="Service menus: a table of one row per station and service, or read from the "
        "stations sheet (a list in one cell, or one ticked column per service).",
    )
    categories: LayerConfig = option(
        factory=LayerConfig, doc="Service categories with names and colours."
    )
    population: LayerConfig = option(
        factory=LayerConfig,
        doc="Private population points (or grid cell centres) with a count of people.",
    )
    candidates: LayerConfig = option(
        factory=LayerConfig, doc="Candidate sites for new stations, e.g. community centres."
    )
    public: PublicConfig = option(factory=PublicConfig, doc="What may be published.")
    coverage: CoverageConfig = option(factory=CoverageConfig, doc="Coverage rules and targets.")
    root: Path = field(default=Path(), metadata={"internal": True})

    def path(self, relative: str) -> Path:
        """Resolve a path written in the config against the config's folder."""
        return (self.root / relative).resolve()

    def layer(self, name: str) -> LayerConfig:
        return typing.cast(LayerConfig, getattr(self, name))


def header_key(text: str) -> str:
    """A column header as compared: width-folded, trimmed, case-folded, without spaces.

    Example::

        >>> header_key(" Ｓｅｒｖｅｄ People ") == header_key("servedpeople")
        True
    """
    return unicodedata.normalize("NFKC", text).strip().casefold().replace(" ", "")


def find_config(project: str | Path) -> Path:
    """The ``mapgen.toml`` of a project folder (or the file itself)."""
    path = Path(project)
    if path.is_dir():
        path = path / CONFIG_NAME
    if not path.is_file():
        # A folder that does not exist is named as such, not as its parent.
        folder = path.parent if path.suffix == ".toml" else path
        raise ConfigError(
            [problem("config-missing", Severity.ERROR, str(path), folder=str(folder.absolute()))]
        )
    return path


class _Errors(list[Problem]):
    """The problems of one mapgen.toml, each knowing the line of the key it is about."""

    def __init__(self, name: str, text: str) -> None:
        super().__init__()
        self.name = name
        self.lines = text.splitlines()

    def add(
        self, code: str, where: str = "", *, key: str = "", variant: str = "", **args: Any
    ) -> None:
        line = self.line_of(where, key) if where else None
        self.append(
            problem(
                code,
                Severity.ERROR,
                self.name,
                variant=variant,
                where=where + (f" (line {line})" if line else ""),
                where_zh=where + (f"（第 {line} 行）" if line else ""),
                **args,
            )
        )

    def line_of(self, where: str, key: str) -> int | None:
        """The line of ``key`` in the section ``where`` names ("[site.colors] covered")."""
        match = re.match(r"^\[([^\]]+)\]\s*(\S*)", where)
        if match is None:
            return None
        section, key = match[1], key or match[2]
        inside = False
        for number, text in enumerate(self.lines, start=1):
            header = re.match(r"^\s*\[([^\]]+)\]\s*(?:#.*)?$", text)
            if header:
                inside = header[1].strip() == section
                continue
            if inside and key and re.match(rf'^\s*["\']?{re.escape(key)}["\']?\s*=', text):
                return number
        return None


def load_config(project: str | Path) -> Config:
    """Read and check ``mapgen.toml``; raise :class:`ConfigError` listing every problem.

    Example::

        >>> config = load_config(".")          # doctest: +SKIP
        >>> config.site.title                   # doctest: +SKIP
        '嘉定区社区精神健康社工站服务地图'
    """
    path = find_config(project)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError([problem("config-encoding", Severity.ERROR, path.name)]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([syntax_problem(path.name, text, exc)], _language_of(text)) from None
    errors = _Errors(path.name, text)
    config = _build(Config, data, "", errors)
    config = dataclasses.replace(config, root=path.parent.resolve())
    _check(config, errors)
    if errors:
        raise ConfigError(list(errors), _language_of(text, config))
    return config


def _language_of(text: str, config: Config | None = None) -> str:
    """The report's language: the site's first language, read even from a broken file."""
    if config is not None and config.site.languages:
        first = config.site.languages[0]
    else:
        match = re.search(r'^\s*languages\s*=\s*\[\s*["\']([^"\']+)', text, re.MULTILINE)
        first = match[1] if match else "zh-CN"
    return "en" if first.lower().startswith("en") else "zh-CN"


# Punctuation a Chinese input method types where TOML needs ASCII.
_FULL_WIDTH = {
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "：": "=",
    "＝": "=",
    "，": ",",
    "［": "[",
    "］": "]",
}
# Quoted text, also when the closing quote is missing (then it runs to the line's end).
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"?|\'[^\']*\'?')
_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_REASONS = {
    "Invalid value": (
        "the value is not written as TOML expects (text needs double quotes)",
        "值的写法不符合 TOML 要求（文字需要加英文双引号）",
    ),
    "Expected '=' after a key in a key/value pair": (
        "a key must be followed by =",
        "键的后面必须是 =",
    ),
    "Invalid statement": (
        "this line is neither a [section] nor a key = value",
        "这一行既不是 [节] 也不是 键 = 值",
    ),
    "Unclosed array": ("a [ list ] is not closed", "列表的 [ ] 没有闭合"),
    "Unterminated string": ("a text value has no closing quote", "文字缺少结尾的引号"),
    "Illegal character '\\n'": ("a text value has no closing quote", "文字缺少结尾的引号"),
    "Illegal character in string": (
        "a text value has no closing quote on this line",
        "这一行的文字缺少结尾的引号",
    ),
    "Cannot overwrite a value": ("this key is given twice", "这个键写了两次"),
    "Cannot declare": ("this [section] is given twice", "这个 [节] 写了两次"),
    "Expected ']' at the end of a table declaration": (
        "a [section] header is not closed with ]",
        "[节] 标题缺少 ]",
    ),
}


def syntax_problem(name: str, text: str, exc: Exception) -> Problem:
    """A TOML syntax error in plain words: the line and column, and full-width quotes,
    colons and equals signs spotted (Chinese input methods type them) with the fix."""
    message = str(exc)
    at = _AT.search(message)
    line, column = (int(at[1]), int(at[2])) if at else (1, 1)
    reason = _AT.sub("", message).strip()
    lines = text.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    outside = _QUOTED.sub("", source)
    # A value that opens with a curly quote is never inside straight quotes.
    wrong = [ch for ch in dict.fromkeys(outside) if ch in _FULL_WIDTH]
    if wrong:
        fixed = "".join(_FULL_WIDTH.get(ch, ch) if ch in wrong else ch for ch in source)
        fixed = re.sub(r'"\s*=\s*"', '" = "', fixed) if "：" in wrong else fixed
        quotes = all(ch in "“”‘’" for ch in wrong)
        return problem(
            "config-syntax",
            Severity.ERROR,
            name,
            variant="full-width-quotes" if quotes else "full-width",
            line=line,
            col=column,
            chars=" ".join(wrong),
            ascii=" ".join(dict.fromkeys(_FULL_WIDTH[ch] for ch in wrong)),
            example=fixed.strip(),
        )
    key = next((k for k in _REASONS if reason.startswith(k)), None)
    english, chinese = _REASONS[key] if key else (reason, reason)
    return problem(
        "config-syntax",
        Severity.ERROR,
        name,
        line=line,
        col=column,
        reason=english,
        reason_zh=chinese,
        text=source.strip(),
    )


def _build(cls: type, data: Any, where: str, errors: _Errors) -> Any:
    if not isinstance(data, dict):
        errors.add("config-type", where, variant="options", got=repr(data))
        return cls()
    fields = {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("internal")}
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in fields:
            _unknown_key(errors, where, key, list(fields))
            continue
        inner = (
            f"[{key}]"
            if not where
            else f"{where[:-1]}.{key}]"
            if _is_section(hints[key])
            else f"{where} {key}"
        )
        values[key] = _convert(hints[key], value, inner, errors)
    return cls(**values)


def _is_section(hint: Any) -> bool:
    return dataclasses.is_dataclass(hint) or typing.get_origin(hint) is dict


def _unknown_key(errors: _Errors, where: str, key: str, known: list[str]) -> None:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
    errors.add(
        "config-unknown-key",
        where or "mapgen.toml",
        key=key,
        name=key,
        hint=f"Did you mean {close[0]!r}?" if close else f"Known keys: {', '.join(known)}.",
        hint_zh=f"是不是“{close[0]}”？" if close else f"可用的键：{', '.join(known)}。",
    )


def _convert(hint: Any, value: Any, where: str, errors: _Errors) -> Any:
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        return _build(typing.cast(type, hint), value, where, errors)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(options[0], value, where, errors)
    if origin is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            errors.add("config-type", where, variant="list", got=repr(value))
            return []
        return value
    if origin is dict:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            errors.add("config-type", where, variant="table", got=repr(value))
            return {}
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            errors.add("config-type", where, variant="int", got=repr(value))
            return 0
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            errors.add("config-type", where, variant="number", got=repr(value))
            return 0.0
        return float(value)
    if hint is str and not isinstance(value, str):
        errors.add("config-type", where, variant="text", got=repr(value), text=str(value))
        return ""
    return value


_GLOB = re.compile(r"[*?\[]")
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


def _check(config: Config, errors: _Errors) -> None:
    site = config.site
    if site.basemap not in BASEMAPS:
        _choice(errors, "[site] basemap", site.basemap, BASEMAPS)
    if site.basemap == "tianditu" and not site.tianditu_key:
        errors.add("config-required", "[site] basemap", variant="tianditu")
    for lang in site.languages:
        if lang not in ("zh-CN", "en"):
            _choice(errors, "[site] languages", lang, ("zh-CN", "en"))
    if not site.languages:
        errors.add("config-required", "[site] languages", variant="languages")
    for key in ("covered", "uncovered", "station"):
        colour = getattr(site.colors, key)
        if not _HEX.match(colour):
            errors.add("config-invalid", f"[site.colors] {key}", variant="colour", value=colour)
    if site.logo:
        try:
            read_logo(config.root, site.logo)  # inside the project, an image, small
        except ConfigError as exc:
            errors.extend(exc.problems)
    if site.font and not config.path(site.font).resolve().is_relative_to(config.root.resolve()):
        errors.add("config-font", "[site] font", variant="outside", value=site.font)
    elif site.font and not config.path(site.font).is_file():
        errors.add("config-file-missing", "[site] font", value=site.font, root=str(config.root))
    if site.updated and not re.match(r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$", site.updated):
        errors.add("config-invalid", "[site] updated", variant="date", value=site.updated)
    if site.base_url and not re.match(r"^https?://[^\s\"'<>`]+$", site.base_url, re.IGNORECASE):
        # It becomes the href of every permalink: only a web address may.
        errors.add("config-invalid", "[site] base_url", variant="base-url", value=site.base_url)
    for layer_name, fields in LAYER_FIELDS.items():
        layer = config.layer(layer_name)
        if layer_name == "services" and config.services.shape not in ("", *SERVICE_SHAPES):
            _choice(errors, "[services] shape", config.services.shape, SERVICE_SHAPES)
        if layer_name == "services" and config.services.shape == "long" and not layer.file:
            errors.add("config-required", "[services] file", variant="long-table")
        if not layer.file:
            if layer_name not in OPTIONAL_LAYERS:
                errors.add(
                    "config-required", f"[{layer_name}] file", variant="file", layer=layer_name
                )
            continue
        if _GLOB.search(layer.file):
            pass  # a glob of per-district files: reported when read if it matches none
        elif not config.path(layer.file).exists():
            errors.add(
                "config-file-missing",
                f"[{layer_name}] file",
                value=layer.file,
                root=str(config.root),
            )
        if not _valid_crs(layer.crs):
            errors.add("config-invalid", f"[{layer_name}] crs", variant="crs", value=layer.crs)
        for key in layer.columns:
            if key not in fields:
                _unknown_key(errors, f"[{layer_name}.columns]", key, list(fields))
        # Stations may leave them out: well-known headers (经度/纬度, lng/lat…) are found
        # when the file is read (mapgen.layers), else that reports "coordinates-missing".
        if (
            layer_name in POINT_LAYERS
            and layer_name != "stations"
            and not ({"lon", "lat"} <= set(layer.columns) or "lonlat" in layer.columns)
            and not layer.file.lower().endswith((".geojson", ".json", ".gpkg", ".shp", ".zip"))
        ):
            errors.add("config-required", f"[{layer_name}.columns]", variant="coordinates")
    sensitive = {header_key(h): h for h in config.public.sensitive_fields}
    for field_name, header in config.stations.columns.items():
        if header_key(header) in sensitive:
            errors.add(
                "config-sensitive-mapped",
                f"[stations.columns] {field_name}",
                value=header,
                field=field_name,
                listed=sensitive[header_key(header)],
            )
    station_fields = set(LAYER_FIELDS["stations"])
    for key in config.public.station_fields:
        if key not in station_fields:
            _unknown_key(errors, "[public] station_fields", key, sorted(station_fields))
    target = config.coverage.target
    if target is not None and not 0 < target <= 1:
        errors.add("config-invalid", "[coverage] target", variant="target", value=f"{target:g}")
    if config.coverage.target_date and not re.match(
        r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$", config.coverage.target_date
    ):
        errors.add(
            "config-invalid",
            "[coverage] target_date",
            variant="target-date",
            value=config.coverage.target_date,
        )
    if config.coverage.max_distance_km <= 0:
        errors.add("config-invalid", "[coverage] max_distance_km", variant="max-distance")
    if config.coverage.suggestions < 0:
        errors.add("config-invalid", "[coverage] suggestions", variant="suggestions")


def _choice(errors: _Errors, where: str, value: str, allowed: tuple[str, ...]) -> None:
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.4)
    errors.add(
        "config-choice",
        where,
        value=value,
        allowed=", ".join(allowed),
        hint=f"Did you mean {close[0]!r}? " if close else "",
        hint_zh=f"是不是“{close[0]}”？" if close else "",
    )


def _valid_crs(crs: str) -> bool:
    if not crs or crs.lower() in DATUMS:
        return True
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        CRS.from_user_input(crs)
    except CRSError:
        return False
    return True


def iter_options(cls: type = Config, prefix: str = "") -> typing.Iterator[tuple[str, str]]:
    """Every documented option as ``("section.key", doc)``, for the docs and their test."""
    for f in dataclasses.fields(cls):
        if f.metadata.get("internal"):
            continue
        name = f"{prefix}{f.name}"
        hint = typing.get_type_hints(cls)[f.name]
        if isinstance(hint, type) and issubclass(hint, LayerConfig):
            yield name, f.metadata["doc"]
            yield from iter_options(hint, f"{name}.")
        elif dataclasses.is_dataclass(hint):
            yield from iter_options(typing.cast(type, hint), f"{name}.")
        else:
            yield name, f.metadata["doc"]
