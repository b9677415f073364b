"""The change report: what a build changes in the site it replaces, to check before upload.

It compares the published data files of the old site with those of the new one —
``data/stations.geojson``, ``data/services.csv`` and ``data/coverage.json`` — so it needs
nothing but a site folder, whichever mapgen version wrote it: stations added, removed,
moved more than :data:`MOVED_M` metres (geodesic, WGS84) or renamed; services added or
removed; coverage before → after, with the townships that changed. ``mapgen build`` prints
it and writes it beside ``mapgen.toml`` as ``mapgen-changes.txt``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from mapgen.distance import geodesic_m

MOVED_M = 50.0
DATA_FILES = ("data/stations.geojson", "data/services.csv", "data/coverage.json")


@dataclass(frozen=True)
class SiteData:
    """What a site publishes that the change report compares."""

    stations: dict[str, tuple[str, float, float]]  # id → (name, lon, lat) in WGS84
    services: frozenset[tuple[str, str]]  # (station id, category)
    covered: int | None = None
    townships: int | None = None
    uncovered: dict[str, str] = field(default_factory=dict)  # township id → name


@dataclass(frozen=True)
class Changes:
    """The differences between two builds of a site; ``before`` None: no earlier site."""

    first: bool = False
    added: tuple[tuple[str, str], ...] = ()  # (id, name)
    removed: tuple[tuple[str, str], ...] = ()
    moved: tuple[tuple[str, str, float], ...] = ()  # (id, name, metres)
    renamed: tuple[tuple[str, str, str], ...] = ()  # (id, old name, new name)
    services_added: tuple[tuple[str, str], ...] = ()  # (station id, category)
    services_removed: tuple[tuple[str, str], ...] = ()
    coverage: tuple[tuple[int, int] | None, tuple[int, int] | None] = (None, None)
    newly_covered: tuple[str, ...] = ()  # township names
    no_longer_covered: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.moved
            or self.renamed
            or self.services_added
            or self.services_removed
            or self.newly_covered
            or self.no_longer_covered
            or self.coverage[0] != self.coverage[1]
        )

    def text(self, lang: str = "en") -> str:
        """The report as the officer reads it, in "zh-CN" or "en"."""
        s = STRINGS["zh-CN" if lang == "zh-CN" else "en"]
        if self.first:
            return s["first"] + "\n"
        if self.empty:
            return s["none"] + "\n"
        lines = [s["title"]]
        sections: list[tuple[str, Iterable[str]]] = [
            (s["added"], (f"{i} {n}" for i, n in self.added)),
            (s["removed"], (f"{i} {n}" for i, n in self.removed)),
            (s["moved"], (s["moved_by"].format(id=i, name=n, m=m) for i, n, m in self.moved)),
            (s["renamed"], (f"{i} {a} → {b}" for i, a, b in self.renamed)),
            (s["services_added"], (f"{i} {c}" for i, c in self.services_added)),
            (s["services_removed"], (f"{i} {c}" for i, c in self.services_removed)),
        ]
        for heading, items in sections:
            listed = list(items)
            if listed:
                lines.append(s["count"].format(heading=heading, count=len(listed)))
                lines += [f"  - {item}" for item in listed]
        before, after = self.coverage
        line = s["line"]
        if before != after or self.newly_covered or self.no_longer_covered:
            value = f"{_share(before)} → {_share(after)}"
            lines.append(line.format(label=s["coverage"], value=value))
            for key, names in (
                ("newly_covered", self.newly_covered),
                ("no_longer_covered", self.no_longer_covered),
            ):
                if names:
                    lines.append("  " + line.format(label=s[key], value=s["sep"].join(names)))
        else:
            value = _share(after) + s["unchanged"]
            lines.append(line.format(label=s["coverage"], value=value))
        return "\n".join(lines) + "\n"


def _share(value: tuple[int, int] | None) -> str:
    if value is None:
        return "—"
    covered, total = value
    share = f"{covered / total:.0%}" if total else "—"
    return f"{covered}/{total} ({share})"


STRINGS = {
    "en": {
        "first": "Changes: none to report — there was no earlier site in the output folder.",
        "none": "Changes since the site this build replaced: none.",
        "title": "Changes since the site this build replaced (check them before uploading):",
        "added": "Stations added",
        "removed": "Stations removed",
        "moved": "Stations moved more than 50 m",
        "moved_by": "{id} {name}: {m:,.0f} m",
        "renamed": "Stations renamed",
        "services_added": "Services added",
        "services_removed": "Services removed",
        "coverage": "Coverage",
        "unchanged": " (unchanged)",
        "count": "{heading} ({count}):",
        "line": "{label}: {value}",
        "newly_covered": "now covered",
        "no_longer_covered": "no longer covered",
        "sep": ", ",
    },
    "zh-CN": {
        "first": "变更：无可比较——输出文件夹中没有上一次生成的网站。",
        "none": "与被替换的网站相比：没有变化。",
        "title": "与被替换的网站相比的变化（上传前请核对）：",
        "added": "新增站点",
        "removed": "删除站点",
        "moved": "位置移动超过 50 米的站点",
        "moved_by": "{id} {name}：{m:,.0f} 米",
        "renamed": "改名的站点",
        "services_added": "新增服务",
        "services_removed": "删除服务",
        "coverage": "覆盖情况",
        "unchanged": "（未变）",
        "count": "{heading}（{count} 个）：",
        "line": "{label}：{value}",
        "newly_covered": "新覆盖",
        "no_longer_covered": "不再覆盖",
        "sep": "、",
    },
}


def read_site(folder: str | Path) -> SiteData | None:
    """The data of the site in ``folder``; None when there is none (or it is unreadable).

    Example::

        >>> read_site("no-such-folder") is None
        True
    """
    folder = Path(folder)
    try:
        files = {name: (folder / name).read_bytes() for name in DATA_FILES[:2]}
    except OSError:
        return None
    coverage = folder / DATA_FILES[2]
    if coverage.is_file():
        files[DATA_FILES[2]] = coverage.read_bytes()
    return site_data(files)


def site_data(files: dict[str, bytes]) -> SiteData | None:
    """Parse the data files of a site (by their site path); None if they cannot be read."""
    try:
        collection = json.loads(files["data/stations.geojson"])
        stations = {}
        for feature in collection["features"]:
            props = feature["properties"]
            lon, lat = feature["geometry"]["coordinates"][:2]
            stations[str(props["id"])] = (str(props.get("name") or ""), float(lon), float(lat))
        text = files["data/services.csv"].decode("utf-8-sig")
        services = frozenset(
            (row["station"], row["category"]) for row in csv.DictReader(io.StringIO(text))
        )
        covered = townships = None
        uncovered: dict[str, str] = {}
        if "data/coverage.json" in files:
            coverage = json.loads(files["data/coverage.json"])
            covered, townships = int(coverage["covered"]), int(coverage["townships"])
            uncovered = {str(t["id"]): str(t["name"]) for t in coverage.get("uncovered", [])}
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    return SiteData(stations, services, covered, townships, uncovered)


def capture(files: Iterable[Any], into: dict[str, bytes]) -> Iterator[Any]:
    """Pass site files through, keeping the data files the report compares."""
    for file in files:
        if file.path in DATA_FILES:
            into[file.path] = file.content
        yield file


def compare(before: SiteData | None, after: SiteData | None) -> Changes:
    """What changed from ``before`` to ``after``.

    >>> old = SiteData({"A": ("甲", 121.0, 31.0), "B": ("乙", 121.1, 31.0)},
    ...                frozenset({("A", "x")}), 1, 2)
    >>> new = SiteData({"A": ("甲站", 121.001, 31.0), "C": ("丙", 121.2, 31.0)},
    ...                frozenset({("A", "x"), ("C", "y")}), 2, 2)
    >>> c = compare(old, new)
    >>> c.added, c.removed, c.renamed, [(i, round(m)) for i, _, m in c.moved]
    ((('C', '丙'),), (('B', '乙'),), (('A', '甲', '甲站'),), [('A', 96)])
    """
    if before is None or after is None:
        return Changes(first=True)
    old, new = before.stations, after.stations
    common = sorted(set(old) & set(new))
    moved: list[tuple[str, str, float]] = []
    if common:
        metres = geodesic_m(
            np.array([old[i][1] for i in common]),
            np.array([old[i][2] for i in common]),
            np.array([new[i][1] for i in common]),
            np.array([new[i][2] for i in common]),
        )
        moved = [(i, new[i][0], float(m)) for i, m in zip(common, metres, strict=True)]
        moved = [item for item in moved if item[2] > MOVED_M]
    ids = set(new) | set(old)
    names = {i: (new.get(i) or old[i])[0] for i in ids}
    return Changes(
        added=tuple((i, new[i][0]) for i in sorted(set(new) - set(old))),
        removed=tuple((i, old[i][0]) for i in sorted(set(old) - set(new))),
        moved=tuple(moved),
        renamed=tuple((i, old[i][0], new[i][0]) for i in common if old[i][0] != new[i][0]),
        services_added=tuple(
            (f"{s} {names.get(s, '')}".strip(), c)
            for s, c in sorted(after.services - before.services)
        ),
        services_removed=tuple(
            (f"{s} {names.get(s, '')}".strip(), c)
            for s, c in sorted(before.services - after.services)
        ),
        coverage=(_pair(before), _pair(after)),
        newly_covered=tuple(
            before.uncovered[t] for t in sorted(set(before.uncovered) - set(after.uncovered))
        ),
        no_longer_covered=tuple(
            after.uncovered[t] for t in sorted(set(after.uncovered) - set(before.uncovered))
        ),
    )


def _pair(data: SiteData) -> tuple[int, int] | None:
    if data.covered is None or data.townships is None:
        return None
    return data.covered, data.townships


def report_path(root: Path, audience: str = "public") -> Path:
    """Where the report is written: beside mapgen.toml, never inside the published site."""
    return root / (
        "mapgen-changes.txt" if audience == "public" else f"mapgen-changes-{audience}.txt"
    )
