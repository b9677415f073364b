"""``mapgen init DIR --stations FILE``: a working project from an office's own files.

The stations sheet and the boundary file are copied into ``DIR/layers/``; every column
is recognised by its header (:mod:`mapgen.headers`), the way services are given is
detected (:mod:`mapgen.menus`), and a ``mapgen.toml`` is written that states each choice
in a comment. Without a categories table, one is written from the service names found:
ids from their pinyin, colour-blind-safe colours, the Chinese names, English names left
blank for the user. ``mapgen build DIR`` then works with no edits.

Example::

    >>> made = init_project(Path("my-district"), stations=Path("站点.xlsx"),
    ...                     townships=Path("街镇.geojson"), crs="gcj02")   # doctest: +SKIP
    >>> print(made.summary())                                            # doctest: +SKIP
    Recognised in 站点.xlsx: name ← column B '社工站名称', …
"""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mapgen import headers, menus
from mapgen.config import CONFIG_NAME, DATUMS, PublicConfig, _valid_crs
from mapgen.errors import MapgenError
from mapgen.messages import describe
from mapgen.readers import read_boundaries, read_table

# Okabe-Ito, as the site uses when a category has no colour.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
CATEGORIES_FILE = "service_categories.csv"


@dataclass
class Scaffold:
    """What ``init`` recognised and wrote, and what it could not."""

    directory: Path
    recognised: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    service_columns: list[str] = field(default_factory=list)  # ticked, on the stations sheet

    def summary(self) -> str:
        lines = [f"Created {self.directory}."]
        lines += [f"  recognised: {line}" for line in self.recognised]
        lines += [f"  not recognised: {line}" for line in self.missing]
        lines.append(
            f"Check {self.directory / CONFIG_NAME} (each choice is commented), then run: "
            f"mapgen build {self.directory}"
        )
        return "\n".join(lines)


def normal_crs(crs: str) -> str:
    """The ``crs`` value for mapgen.toml: a datum keyword, or an EPSG code.

    >>> normal_crs("GCJ02"), normal_crs("4490"), normal_crs("epsg:4549")
    ('gcj02', 'EPSG:4490', 'EPSG:4549')
    """
    text = crs.strip()
    key = text.lower().replace("-", "")
    if key in DATUMS:
        return key
    if text.isdigit():
        text = f"EPSG:{text}"
    if text.lower().startswith("epsg:"):
        text = "EPSG:" + text[5:]
    if not _valid_crs(text):
        raise MapgenError(
            f"--crs {crs!r} is not a coordinate system mapgen knows: use wgs84, cgcs2000, "
            'gcj02 (Amap, Tencent), bd09 (Baidu) or an EPSG code such as "EPSG:4549".'
        )
    return text


def init_project(
    directory: Path,
    *,
    stations: Path,
    townships: Path | None = None,
    crs: str = "",
    services: Path | None = None,
) -> Scaffold:
    """Write a project in ``directory`` from the user's station sheet and boundaries.

    ``services`` is a table of one row per station and service, when the stations sheet
    does not list them itself.
    """
    crs = normal_crs(crs) if crs else ""
    for path in (stations, townships, services):
        if path is not None and not path.is_file():
            raise MapgenError(f"{path}: no such file.")
    if directory.exists() and any(directory.iterdir()):
        raise MapgenError(f"{directory} is not empty; choose a new folder.")
    result = Scaffold(directory)
    layers = directory / "layers"
    layers.mkdir(parents=True, exist_ok=True)
    station_file = _copy(stations, layers)
    table = read_table(layers / station_file.name, display_name=f"layers/{station_file.name}")
    if not len(table.frame.columns):
        shutil.rmtree(directory)
        raise MapgenError(
            f"{stations} could not be read: "
            + "; ".join(describe(p, "en") for p in table.problems if p.is_error)
        )
    names = list(table.frame.columns)
    letters = dict(table.frame.attrs.get("letters", {}))
    found = headers.find_columns(names, letters, "stations", {}, stations.name)
    station_columns = dict(found.found)
    _note_columns(result, stations.name, station_columns, letters, names, found)
    sections = [_site()]
    sections.append(_townships(result, directory, townships, crs))
    sections.append(_stations(station_file.name, crs, station_columns, letters))
    if services is not None:
        service_section, categories = _long_services(result, services, layers)
    else:
        service_section, categories = _services(result, table.frame, station_columns, layers)
    sections += [service_section, categories, _public(station_columns)]
    used = {*station_columns.values(), *result.service_columns}
    rest = [h for h in names if h not in used]
    if rest:
        result.missing.append(
            f"{stations.name}: columns not used (they stay private): {', '.join(map(repr, rest))}"
        )
    (directory / CONFIG_NAME).write_text("\n".join(s for s in sections if s), encoding="utf-8")
    return result


def _copy(source: Path, layers: Path) -> Path:
    target = layers / source.name
    shutil.copy2(source, target)
    # A shapefile is several files: bring its parts along.
    if source.suffix.lower() == ".shp":
        for part in source.parent.glob(source.stem + ".*"):
            if part != source:
                shutil.copy2(part, layers / part.name)
    return target


def _note_columns(
    result: Scaffold,
    file: str,
    columns: dict[str, str],
    letters: dict[str, str],
    names: list[str],
    found: headers.Columns,
) -> None:
    pairs = [f"{name} ← {_where(h, letters)}" for name, h in columns.items()]
    result.recognised.append(f"{file}: " + ", ".join(pairs))
    if "name" not in columns:
        result.missing.append(f"{file}: no column of station names (e.g. 站点名称)")
    if not ({"lon", "lat"} <= set(columns) or "lonlat" in columns):
        result.missing.append(f"{file}: no coordinate columns (e.g. 经度 and 纬度)")
    if "id" not in columns:
        result.recognised.append(f"{file}: no id column; ids are made from the station names")
    for item in found.problems:
        if item.is_error:
            result.missing.append(f"{file}: {item.message}")


def _where(header: str, letters: dict[str, str]) -> str:
    letter = letters.get(header)
    return f"column {letter} {header!r}" if letter else repr(header)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _site() -> str:
    return (
        "# Written by `mapgen init` from your own files. Every choice below was made by\n"
        "# recognising your headers; change any of them, then run `mapgen build`.\n"
        "# See docs/config.md for every key.\n\n"
        "[site]\n"
        'title = "服务地图"          # your map\'s title: change it\n'
        'title_en = "Service map"\n'
        'languages = ["zh-CN", "en"]\n'
        'basemap = "amap"           # loads in mainland China without a key; see docs/basemaps.md\n'
    )


def _townships(result: Scaffold, directory: Path, source: Path | None, crs: str) -> str:
    if source is None:
        result.missing.append(
            "no township boundaries (--townships): add them to layers/ and to [townships]"
        )
        return '[townships]\nfile = ""   # add your township boundaries here\n'
    target = _copy(source, directory / "layers")
    boundaries = read_boundaries(target, display_name=f"layers/{target.name}")
    names = [c for c in boundaries.frame.columns if c != "geometry"]
    found = headers.find_columns(names, {}, "townships", {}, source.name)
    pairs = [f"{name} ← {h!r}" for name, h in found.found.items()]
    result.recognised.append(f"{source.name}: " + ", ".join(pairs))
    for name in ("id", "name"):
        if name not in found.found:
            result.missing.append(f"{source.name}: no township {name} property")
    lines = ["[townships]", f"file = {_quote('layers/' + target.name)}"]
    if crs:
        lines.append(f"crs = {_quote(crs)}   # from --crs")
    lines.append("[townships.columns]")
    for name, header in found.found.items():
        lines.append(f"{name} = {_quote(header)}   # recognised by its name")
    return "\n".join(lines) + "\n"


def _stations(file: str, crs: str, columns: dict[str, str], letters: dict[str, str]) -> str:
    lines = ["[stations]", f"file = {_quote('layers/' + file)}"]
    if crs:
        lines.append(f"crs = {_quote(crs)}   # from --crs")
    lines.append("[stations.columns]")
    if "id" not in columns:
        lines.append("# no id column: ids are made from the names, and stay when rows move")
    for name, header in columns.items():
        where = f"column {letters[header]}" if header in letters else "recognised"
        lines.append(f"{name} = {_quote(header)}   # {where}")
    return "\n".join(lines) + "\n"


def _services(
    result: Scaffold, frame: pd.DataFrame, columns: dict[str, str], layers: Path
) -> tuple[str, str]:
    """The [services] and [categories] sections, and the categories table they need."""
    ids = pd.Series([f"row {r}" for r in frame.index], index=frame.index)
    if "services" in columns:
        menu, _ = menus.from_list(ids, frame[columns["services"]], columns["services"], "")
        shape = "list"
        comment = f"one cell per station lists its services: column {columns['services']!r}"
    else:
        ticked = menus.tick_columns(frame, set(columns.values()), [])
        if not ticked:
            result.missing.append(
                "no services: neither a column listing them (服务内容) nor ticked columns"
            )
            return "", ""
        menu, _ = menus.from_matrix(ids, frame, ticked, "")
        result.service_columns = ticked
        shape = "matrix"
        comment = "one ticked column per service: " + ", ".join(ticked)
    result.recognised.append(f"services as {shape!r}: {comment}")
    services = (
        f"[services]\nshape = {_quote(shape)}   # {comment}\n"
        '# or a table of one row per station and service: file = "…", shape = "long"\n'
    )
    return services, _categories(result, menu, layers)


def _long_services(result: Scaffold, source: Path, layers: Path) -> tuple[str, str]:
    target = _copy(source, layers)
    table = read_table(target, display_name=f"layers/{target.name}")
    names = list(table.frame.columns)
    letters = dict(table.frame.attrs.get("letters", {}))
    found = headers.find_columns(names, letters, "services", {}, source.name)
    pairs = [f"{name} ← {_where(h, letters)}" for name, h in found.found.items()]
    result.recognised.append(f"{source.name}: services as 'long': " + ", ".join(pairs))
    for name in ("station", "category"):
        if name not in found.found:
            result.missing.append(f"{source.name}: no {name} column")
    lines = ["[services]", f"file = {_quote('layers/' + target.name)}", 'shape = "long"']
    lines.append("[services.columns]")
    for name, header in found.found.items():
        lines.append(f"{name} = {_quote(header)}   # {_where(header, letters)}")
    if "category" not in found.found:
        return "\n".join(lines) + "\n", ""
    menu = pd.DataFrame(
        {
            "station": table.frame[found.found.get("station", found.found["category"])],
            "category": table.frame[found.found["category"]],
        }
    )
    return "\n".join(lines) + "\n", _categories(result, menu, layers)


def _categories(result: Scaffold, menu: pd.DataFrame, layers: Path) -> str:
    """A categories table made from the service names, and its [categories] section."""
    _, categories, _ = menus.resolve(menu, pd.DataFrame(), "", None)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["id", "name", "name_en", "color"])
    for number, record in enumerate(categories.to_dict("records")):
        writer.writerow([record["id"], record["name"], "", PALETTE[number % len(PALETTE)]])
    (layers / CATEGORIES_FILE).write_text(out.getvalue(), encoding="utf-8-sig")
    result.recognised.append(
        f"{len(categories)} service categories, written to layers/{CATEGORIES_FILE} "
        "(add English names in its name_en column): " + "、".join(categories["name"])
    )
    return (
        "[categories]\n"
        f'file = "layers/{CATEGORIES_FILE}"   # made from the service names: fill in name_en\n'
        "[categories.columns]\n"
        'id = "id"\nname = "name"\nname_en = "name_en"\ncolor = "color"\n'
    )


def _public(columns: dict[str, str]) -> str:
    published = [f for f in PublicConfig().station_fields if f in columns]
    fields = ", ".join(_quote(f) for f in published)
    return (
        "[public]\n"
        "# Only these fields are published; delete any you want to keep private.\n"
        f"station_fields = [{fields}]\n"
    )
