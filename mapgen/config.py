"""``mapgen.toml``: a typed schema where every option documents itself.

Each section is a dataclass; each option is a field whose ``metadata["doc"]`` is its
documentation (``docs/config.md`` is checked against it by the tests). Loading collects
every problem — unknown keys with the closest known one, wrong types, missing files —
and raises one :class:`~mapgen.errors.ConfigError` listing them all.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mapgen.errors import ConfigError

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
    logo: str = option("", "Path of a logo image (PNG, SVG or JPEG), relative to mapgen.toml.")
    basemap: str = option("osm", f"Background map: one of {', '.join(BASEMAPS)}.")
    tianditu_key: str = option(
        "", "Tianditu browser key, needed when basemap is tianditu. It is public in tile URLs."
    )
    base_url: str = option(
        "", "Public address of the site, for permalinks, e.g. https://example.gov.cn/map/."
    )
    colors: Colors = option(factory=Colors, doc="Colours: covered, uncovered, station.")


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
        doc="Station fields published on the map, pages and downloads.",
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
    },
    "candidates": {
        "id": "Candidate site id.",
        "name": "Name in Chinese.",
        "name_en": "Name in English.",
        "lon": "Longitude column.",
        "lat": "Latitude column.",
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


def find_config(project: str | Path) -> Path:
    """The ``mapgen.toml`` of a project folder (or the file itself)."""
    path = Path(project)
    if path.is_dir():
        path = path / CONFIG_NAME
    if not path.is_file():
        raise ConfigError(
            [
                f"{path}: no {CONFIG_NAME} here. Run `mapgen init DIR` to start a new "
                "project, or pass the folder that holds mapgen.toml."
            ]
        )
    return path


def load_config(project: str | Path) -> Config:
    """Read and check ``mapgen.toml``; raise :class:`ConfigError` listing every problem.

    Example::

        >>> config = load_config(".")          # doctest: +SKIP
        >>> config.site.title                   # doctest: +SKIP
        '嘉定区社区精神健康社工站服务地图'
    """
    path = find_config(project)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError([f"{path}: not UTF-8 text. Save it as UTF-8."]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            [f"{path}: not valid TOML ({exc}). Check quotes and brackets on that line."]
        ) from None
    errors: list[str] = []
    config = _build(Config, data, path.name, errors)
    config = dataclasses.replace(config, root=path.parent.resolve())
    errors.extend(_check(config, path.name))
    if errors:
        raise ConfigError(errors)
    return config


def _build(cls: type, data: Any, where: str, errors: list[str]) -> Any:
    if not isinstance(data, dict):
        errors.append(f"{where}: expected a table of options, got {data!r}.")
        return cls()
    fields = {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("internal")}
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in fields:
            errors.append(_unknown_key(where, key, list(fields)))
            continue
        values[key] = _convert(hints[key], value, f"{where} [{key}]", errors)
    return cls(**values)


def _unknown_key(where: str, key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
    hint = f" Did you mean {close[0]!r}?" if close else f" Known keys: {', '.join(known)}."
    return f"{where}: unknown key {key!r}.{hint}"


def _convert(hint: Any, value: Any, where: str, errors: list[str]) -> Any:
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        return _build(typing.cast(type, hint), value, where, errors)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(options[0], value, where, errors)
    if origin is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            errors.append(f'{where}: expected a list of strings like ["a", "b"], got {value!r}.')
            return []
        return value
    if origin is dict:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            errors.append(f"{where}: expected a table of names to strings, got {value!r}.")
            return {}
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            errors.append(f"{where}: expected a whole number, got {value!r}.")
            return 0
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            errors.append(f"{where}: expected a number, got {value!r}.")
            return 0.0
        return float(value)
    if hint is str and not isinstance(value, str):
        errors.append(f'{where}: expected text in quotes, got {value!r}. Write it as "{value}".')
        return ""
    return value


_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


def _check(config: Config, name: str) -> list[str]:
    errors = []
    site = config.site
    if site.basemap not in BASEMAPS:
        errors.append(_choice(name, "site", "basemap", site.basemap, BASEMAPS))
    if site.basemap == "tianditu" and not site.tianditu_key:
        errors.append(
            f"{name} [site]: basemap is tianditu but tianditu_key is empty. "
            "Get a browser key at console.tianditu.gov.cn and set it."
        )
    for lang in site.languages:
        if lang not in ("zh-CN", "en"):
            errors.append(_choice(name, "site", "languages", lang, ("zh-CN", "en")))
    if not site.languages:
        errors.append(f'{name} [site] languages: give at least one, e.g. ["zh-CN"].')
    for key in ("covered", "uncovered", "station"):
        colour = getattr(site.colors, key)
        if not _HEX.match(colour):
            errors.append(
                f'{name} [site.colors] {key}: {colour!r} is not a hex colour like "#2f855a".'
            )
    if site.logo and not config.path(site.logo).is_file():
        errors.append(f"{name} [site] logo: file {site.logo!r} not found next to {name}.")
    if site.base_url and not re.match(r"^https?://[^\s\"'<>`]+$", site.base_url, re.IGNORECASE):
        # It becomes the href of every permalink: only a web address may.
        errors.append(
            f"{name} [site] base_url: {site.base_url!r} is not a web address; "
            'write it as "https://example.gov.cn/map/".'
        )
    for layer_name, fields in LAYER_FIELDS.items():
        layer = config.layer(layer_name)
        if layer_name == "services" and config.services.shape not in ("", *SERVICE_SHAPES):
            errors.append(_choice(name, "services", "shape", config.services.shape, SERVICE_SHAPES))
        if layer_name == "services" and config.services.shape == "long" and not layer.file:
            errors.append(
                f'{name} [services]: shape = "long" needs the table: add file = "layers/…" '
                "(one row per station and service)."
            )
        if not layer.file:
            if layer_name not in OPTIONAL_LAYERS:
                errors.append(f'{name} [{layer_name}] file: required. Add file = "layers/…".')
            continue
        if not config.path(layer.file).exists():
            errors.append(
                f"{name} [{layer_name}] file: {layer.file!r} not found (looked in {config.root})."
            )
        if not _valid_crs(layer.crs):
            errors.append(
                f"{name} [{layer_name}] crs: {layer.crs!r} is not a known coordinate "
                f"system. Use one of {', '.join(DATUMS)} or an EPSG code like "
                '"EPSG:4549".'
            )
        for key in layer.columns:
            if key not in fields:
                errors.append(_unknown_key(f"{name} [{layer_name}.columns]", key, list(fields)))
        # Stations may leave them out: well-known headers (经度/纬度, lng/lat…) are found
        # when the file is read (mapgen.layers), else that reports "coordinates-missing".
        if (
            layer_name in POINT_LAYERS
            and layer_name != "stations"
            and not ({"lon", "lat"} <= set(layer.columns) or "lonlat" in layer.columns)
            and not layer.file.lower().endswith((".geojson", ".json", ".gpkg", ".shp", ".zip"))
        ):
            errors.append(
                f"{name} [{layer_name}.columns]: name the coordinate columns, "
                'e.g. lon = "经度" and lat = "纬度".'
            )
    station_fields = set(LAYER_FIELDS["stations"])
    for key in config.public.station_fields:
        if key not in station_fields:
            errors.append(
                _unknown_key(f"{name} [public] station_fields", key, sorted(station_fields))
            )
    target = config.coverage.target
    if target is not None and not 0 < target <= 1:
        errors.append(
            f"{name} [coverage] target: {target} should be a share between 0 and 1, "
            "e.g. 0.88 for 88%."
        )
    if config.coverage.target_date and not re.match(
        r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$", config.coverage.target_date
    ):
        errors.append(
            f"{name} [coverage] target_date: {config.coverage.target_date!r} is not "
            'a date; write it as "2026-12-31".'
        )
    if config.coverage.max_distance_km <= 0:
        errors.append(f"{name} [coverage] max_distance_km: should be more than 0, e.g. 5.0.")
    if config.coverage.suggestions < 0:
        errors.append(f"{name} [coverage] suggestions: should be 0 or more, e.g. 3.")
    return errors


def _choice(name: str, section: str, key: str, value: str, allowed: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.4)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return f"{name} [{section}] {key}: {value!r} is not one of {', '.join(allowed)}.{hint}"


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
