"""Gauss-Krüger projections as Chinese survey data uses them: zones, zone numbers in
front of the easting, and the EPSG code for each.

A Gauss-Krüger easting is 500 000 m at the zone's central meridian. Many surveys write
the zone number in front of it (zone 40: 40 500 000), and EPSG has a code for each
variant: "CGCS2000 / 3-degree Gauss-Kruger zone 40" (EPSG:4528, with the number) and
"CGCS2000 / 3-degree Gauss-Kruger CM 120E" (EPSG:4549, without). Files often carry the
one and declare the other. A northing in China has 7 digits (2–6 million metres), an
easting 6 without the zone number and 8 with it, so the number of digits tells them apart.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np
from pyproj import CRS
from pyproj.exceptions import CRSError

_NAME = re.compile(
    r"^(?P<base>.+) / (?:(?P<three>3)-degree )?Gauss-Kruger "
    r"(?:zone (?P<zone>\d+)|CM (?P<cm>\d+)E)$"
)
PREFIX_MIN = 1e7  # an easting this large carries a zone number (8 digits)
NORTHING_MIN = 1e6  # 7 digits: a northing (or a prefixed easting without its last digit)


@dataclass(frozen=True)
class Zone:
    """One Gauss-Krüger zone of one geodetic datum, with or without the zone prefix."""

    base: str  # the geodetic datum as EPSG names it: "CGCS2000", "Xian 1980", "Beijing 1954"
    width: int  # 3 or 6 degrees
    cm: int  # central meridian in degrees east
    prefixed: bool  # the easting carries the zone number in front

    @property
    def number(self) -> int:
        return self.cm // 3 if self.width == 3 else (self.cm + 3) // 6

    @property
    def offset(self) -> float:
        """What the zone number adds to an easting."""
        return self.number * 1e6

    def name(self, prefixed: bool | None = None) -> str:
        prefixed = self.prefixed if prefixed is None else prefixed
        kind = "3-degree Gauss-Kruger" if self.width == 3 else "Gauss-Kruger"
        where = f"zone {self.number}" if prefixed else f"CM {self.cm}E"
        return f"{self.base} / {kind} {where}"

    def epsg(self, prefixed: bool | None = None) -> str | None:
        """The EPSG code of this zone (or its twin with/without the prefix), if EPSG has one."""
        return _codes().get(self.name(prefixed))


@functools.lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    from pyproj.database import query_crs_info
    from pyproj.enums import PJType

    return {
        info.name: f"EPSG:{info.code}"
        for info in query_crs_info(auth_name="EPSG", pj_types=[PJType.PROJECTED_CRS])
        if "Gauss-Kruger" in info.name
    }


@functools.lru_cache(maxsize=64)
def zone_of(crs: str) -> Zone | None:
    """The Gauss-Krüger zone a CRS (``"EPSG:4549"``…) is, or None for anything else."""
    try:
        name = CRS.from_user_input(crs).name
    except CRSError:
        return None
    match = _NAME.match(name or "")
    if match is None:
        return None
    width = 3 if match["three"] else 6
    if match["cm"]:
        return Zone(match["base"], width, int(match["cm"]), prefixed=False)
    number = int(match["zone"])
    cm = number * 3 if width == 3 else number * 6 - 3
    return Zone(match["base"], width, cm, prefixed=True)


def zone_of_prefix(number: int, base: str = "CGCS2000") -> Zone | None:
    """The zone an easting's prefix names: 25–45 are 3-degree zones, 13–23 6-degree ones."""
    if 25 <= number <= 45:
        return Zone(base, 3, number * 3, prefixed=True)
    if 13 <= number <= 23:
        return Zone(base, 6, number * 6 - 3, prefixed=True)
    return None


def zone_near(lon: float, base: str = "CGCS2000") -> Zone:
    """The 3-degree zone (without prefix) whose central meridian is nearest ``lon``."""
    return Zone(base, 3, int(3 * round(lon / 3)), prefixed=False)


def prefix_of(value: float) -> int | None:
    """The zone number in front of an 8-digit easting, else None."""
    if not np.isfinite(value) or value < PREFIX_MIN or value >= 1e8:
        return None
    return int(value // 1e6)


@dataclass
class Eastings:
    """Eastings after matching them to a zone's prefix convention."""

    values: np.ndarray
    added: np.ndarray  # the zone number was added in front
    removed: np.ndarray  # the zone number was taken off
    foreign: dict[int, float]  # a prefix of another zone -> an example value


def match_prefix(values: np.ndarray, zone: Zone) -> Eastings:
    """Remove (or add) the zone number in front of eastings so they fit ``zone``.

    Values with 7 digits are northings and stay as they are; an 8-digit easting whose
    prefix names another zone is left alone and listed in ``foreign``.
    """
    values = np.asarray(values, dtype=float)
    out = values.copy()
    with np.errstate(invalid="ignore"):
        big = np.isfinite(values) & (values >= PREFIX_MIN) & (values < 1e8)
        prefixes = np.where(big, values // 1e6, -1)
        small = np.isfinite(values) & (np.abs(values) < NORTHING_MIN)
    ours = big & (prefixes == zone.number)
    foreign = {
        int(p): float(values[big & (prefixes == p)][0]) for p in np.unique(prefixes[big & ~ours])
    }
    removed = np.zeros(len(values), dtype=bool)
    added = np.zeros(len(values), dtype=bool)
    if zone.prefixed:
        added = small & (values > 0)
        out[added] += zone.offset
    else:
        removed = ours
        out[removed] -= zone.offset
    return Eastings(out, added, removed, foreign)
