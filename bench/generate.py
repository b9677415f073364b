"""Generate a synthetic mapgen project of a given size, for benchmarking.

    python bench/generate.py CASE OUTDIR [--seed N]

CASE is one of ``district``, ``region``, ``province``, ``national``. OUTDIR receives an
ordinary mapgen project: ``mapgen.toml`` and ``layers/`` with township boundaries, stations,
service menus and service categories, all in WGS84.

Townships are Voronoi cells of random seeds inside an irregular, province-like outline located in
China. Every shared Voronoi edge is made jagged once (a Brownian bridge, like midpoint displacement)
and the same vertex list is used, reversed, by the neighbour, so the townships form an exact
polygonal coverage: no gaps, no overlaps, shared vertices bit-for-bit identical. Each township has
between 200 and 500 vertices. Everything is vectorised with numpy and shapely; the national case
(40,000 townships, 100,000 stations) takes well under a minute.

The data are synthetic: names such as "第123街道", codes, venues and services are made up.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

# Vertices per township ring (not counting the closing repeat). The generator aims inside these
# bounds, which are a little inside the promised 200-500.
MIN_VERTICES = 210
MAX_VERTICES = 490
TARGET_VERTICES = 235


@dataclass(frozen=True)
class Case:
    townships: int
    stations: int
    covered: float  # share of townships with at least one station
    center: tuple[float, float]  # lon, lat of the region's centre
    size: tuple[float, float]  # width (degrees of longitude), height (degrees of latitude)
    cities: int  # denser urban cores: smaller townships, more 街道
    townships_format: str  # "geojson" or "gpkg"


CASES: dict[str, Case] = {
    # About the size of Jiading District, Shanghai.
    "district": Case(12, 6, 0.5, (121.25, 31.35), (0.42, 0.36), 1, "geojson"),
    # A prefecture-level city around Suzhou.
    "region": Case(300, 300, 0.5, (120.6, 31.35), (2.6, 2.1), 2, "gpkg"),
    # A province about the size of Hunan.
    "province": Case(1500, 3000, 0.7, (111.7, 27.6), (8.0, 7.0), 4, "gpkg"),
    # Eastern and central China.
    "national": Case(40000, 100000, 0.8, (112.0, 31.0), (30.0, 20.0), 25, "gpkg"),
}

CATEGORIES = [
    ("referral", "康复治疗转介与关爱帮扶", "Rehabilitation referral and care support"),
    ("counselling", "心理咨询", "Psychological counselling"),
    ("self_help", "心理健康智慧终端自助服务", "Self-service mental-health terminal"),
    ("lecture", "心理健康社区讲堂", "Community mental-health lectures"),
    ("home_visit", "家庭访视与个案服务", "Home visits and case work"),
    ("volunteer", "“复元同行”志愿服务", '"Recovery Together" volunteer programme'),
    ("employment", "就业能力培训转介", "Referral to employment-skills training"),
    ("family_support", "家属支持小组", "Family support groups"),
    ("crisis", "心理危机干预", "Crisis intervention"),
    ("screening", "心理健康筛查", "Mental-health screening"),
    ("peer_support", "朋辈支持", "Peer support"),
    ("rehab_activity", "社区康复活动", "Community rehabilitation activities"),
]

SCHEDULES = [
    "每周三 14:00-16:00",
    "预约制",
    "工作日",
    "开放时间内",
    "每月第二个周五",
    "每月最后一个周六",
    "每季度一次",
    "按个案计划",
    "周二、周四 13:30-16:30",
    "每月一次，另行通知",
    "",
    "",
]

COMMUNITIES = [
    ("桃源", "Taoyuan"),
    ("新华", "Xinhua"),
    ("和平", "Heping"),
    ("幸福", "Xingfu"),
    ("阳光", "Yangguang"),
    ("春晖", "Chunhui"),
    ("东湖", "Donghu"),
    ("西苑", "Xiyuan"),
    ("南山", "Nanshan"),
    ("北园", "Beiyuan"),
    ("金桥", "Jinqiao"),
    ("银河", "Yinhe"),
    ("翠竹", "Cuizhu"),
    ("梅林", "Meilin"),
    ("兰亭", "Lanting"),
    ("清河", "Qinghe"),
    ("长安", "Chang'an"),
    ("永安", "Yong'an"),
    ("康乐", "Kangle"),
    ("安居", "Anju"),
    ("花园", "Huayuan"),
    ("文化", "Wenhua"),
    ("建设", "Jianshe"),
    ("人民", "Renmin"),
    ("光明", "Guangming"),
    ("友谊", "Youyi"),
    ("团结", "Tuanjie"),
    ("胜利", "Shengli"),
    ("前进", "Qianjin"),
    ("红旗", "Hongqi"),
    ("向阳", "Xiangyang"),
    ("朝阳", "Chaoyang"),
    ("滨江", "Binjiang"),
    ("临湖", "Linhu"),
    ("锦绣", "Jinxiu"),
    ("福田", "Futian"),
    ("丰收", "Fengshou"),
    ("龙泉", "Longquan"),
    ("凤凰", "Fenghuang"),
    ("天宁", "Tianning"),
]

# (type, venue pattern in Chinese). {c} is the community, {t} the township.
VENUES = [
    ("community_centre", "{c}社区党群服务中心"),
    ("community_centre", "{c}邻里中心"),
    ("health_centre", "{t}社区卫生服务中心"),
    ("disability_service", "{t}阳光之家"),
    ("disability_service", "{t}残疾人服务社"),
    ("elderly_centre", "{c}社区综合为老服务中心"),
]
VENUE_WEIGHTS = [0.3, 0.15, 0.2, 0.12, 0.08, 0.15]

HOURS = [
    "周一至周五 9:00-17:00",
    "周一至周五 8:30-16:30",
    "周一至周六 9:00-17:00",
    "工作日 9:00-12:00，13:30-17:00",
    "周二至周日 9:00-18:00",
    "每日 8:00-20:00",
]


# --------------------------------------------------------------------------------------------
# Seeds


def _outline_radius(theta: np.ndarray, harmonics: np.ndarray) -> np.ndarray:
    """Relative radius of the irregular outline at angles ``theta`` (close to 1)."""
    k = np.arange(2, 2 + len(harmonics))
    amp, phase = harmonics[:, 0], harmonics[:, 1]
    return 1.0 + (amp[:, None] * np.cos(k[:, None] * theta[None, :] + phase[:, None])).sum(0)


def _inside_outline(xy: np.ndarray, half: np.ndarray, harmonics: np.ndarray) -> np.ndarray:
    u = xy / half
    r = np.hypot(u[:, 0], u[:, 1])
    return r < _outline_radius(np.arctan2(u[:, 1], u[:, 0]), harmonics)


def _density(xy: np.ndarray, cities: np.ndarray, sigma: float) -> np.ndarray:
    d2 = ((xy[:, None, :] - cities[None, :, :]) ** 2).sum(-1)
    return 1.0 + 4.0 * np.exp(-d2 / (2 * sigma**2)).sum(1)


def _sample(
    rng: np.random.Generator,
    n: int,
    lo: np.ndarray,
    hi: np.ndarray,
    accept: Callable[[np.ndarray], np.ndarray],
    dens: Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    """``n`` points in the box [lo, hi] that ``accept`` keeps, with density ``dens`` (<= 5x)."""
    out: list[np.ndarray] = []
    have = 0
    while have < n:
        batch = max(1024, 3 * (n - have))
        xy = lo + rng.random((batch, 2)) * (hi - lo)
        keep = accept(xy) & (rng.random(batch) * 5.0 < dens(xy))
        out.append(xy[keep])
        have += int(keep.sum())
    return np.concatenate(out)[:n]


def _snake_order(xy: np.ndarray, bands: int) -> np.ndarray:
    """Order points in boustrophedon bands so consecutive ids are neighbours (for codes)."""
    y = xy[:, 1]
    band = np.floor((y - y.min()) / (np.ptp(y) + 1e-12) * bands).astype(int)
    x = np.where(band % 2 == 0, xy[:, 0], -xy[:, 0])
    return np.lexsort((x, band))


def make_seeds(case: Case, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, float]:
    """Real seeds (first ``townships`` rows, spatially ordered), dummy seeds around them, and the
    typical township size, in a local frame of degrees of latitude (x scaled by cos(lat))."""
    coslat = math.cos(math.radians(case.center[1]))
    half = np.array([case.size[0] * coslat / 2, case.size[1] / 2])
    harmonics = np.column_stack(
        [rng.uniform(0.02, 0.09, 5) / np.arange(1, 6) ** 0.5, rng.uniform(0, 2 * np.pi, 5)]
    )
    # Urban cores inside the outline.
    cities = _sample(
        rng,
        case.cities,
        -0.7 * half,
        0.7 * half,
        lambda xy: _inside_outline(xy, half, harmonics),
        lambda xy: np.full(len(xy), 5.0),
    )
    sigma = 0.12 * float(half.min())

    def dens(xy: np.ndarray) -> np.ndarray:
        return _density(xy, cities, sigma)

    real = _sample(
        rng,
        case.townships,
        -1.2 * half,
        1.2 * half,
        lambda xy: _inside_outline(xy, half, harmonics),
        dens,
    )
    cell = math.sqrt(math.pi * half[0] * half[1] / case.townships)  # typical township diameter
    margin = 4.0 * cell
    lo, hi = -1.25 * half - margin, 1.25 * half + margin
    # Dummy seeds outside the outline at the density of the outline's rim (background density),
    # several cells deep, so every real cell is closed by dummy cells and never clipped.
    box_area = float(np.prod(hi - lo))
    outline_area = math.pi * half[0] * half[1]
    n_dummy = int(case.townships / outline_area * (box_area - outline_area) * 0.6) + 64
    dummy = _sample(
        rng,
        n_dummy,
        lo,
        hi,
        lambda xy: ~_inside_outline(xy, half, harmonics),
        lambda xy: np.full(len(xy), 5.0),
    )
    order = _snake_order(real, max(1, round(math.sqrt(case.townships) / 4)))
    return real[order], dummy, cell


# --------------------------------------------------------------------------------------------
# Townships


def _lloyd(real: np.ndarray, dummy: np.ndarray, envelope: shapely.Geometry) -> np.ndarray:
    """One Lloyd relaxation step of the real seeds: evens out neighbouring township sizes."""
    allpts = np.vstack([real, dummy])
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(allpts), extend_to=envelope, ordered=True)
    )
    cent = shapely.get_coordinates(shapely.centroid(cells[: len(real)]))
    return 0.5 * real + 0.5 * cent


def voronoi_cells(real: np.ndarray, dummy: np.ndarray) -> np.ndarray:
    """The real seeds' cells, followed by the dummy cells around them (the first ring and a
    few more): the jagging checks the dummy cells too, so that two outline edges of different
    townships that meet at a vertex cannot cross."""
    allpts = np.vstack([real, dummy])
    lo, hi = allpts.min(0), allpts.max(0)
    envelope = shapely.box(*(lo - (hi - lo)), *(hi + (hi - lo)))
    real = _lloyd(real, dummy, envelope)
    allpts = np.vstack([real, dummy])
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(allpts), extend_to=envelope, ordered=True)
    )
    cells, dummies = cells[: len(real)], cells[len(real) :]
    b = shapely.bounds(cells)
    if not (
        (b[:, 0] > lo[0]).all()
        and (b[:, 1] > lo[1]).all()
        and (b[:, 2] < hi[0]).all()
        and (b[:, 3] < hi[1]).all()
    ):
        raise RuntimeError("a township cell reaches the envelope: too few dummy seeds")
    # dummy cells whose bounding box meets a township's: a superset of the first ring
    near = np.unique(shapely.STRtree(dummies).query(cells)[1])
    return np.concatenate([cells, dummies[near]])


def _ring_topology(cells: np.ndarray) -> dict[str, np.ndarray]:
    """Vertex ids and edge ids of every cell ring, shared vertices identified exactly."""
    coords, owner = shapely.get_coordinates(cells, return_index=True)
    last = np.r_[owner[1:] != owner[:-1], True]
    coords, owner = coords[~last], owner[~last]  # drop each ring's closing repeat
    keys = np.ascontiguousarray(coords).view(np.dtype((np.void, 16))).ravel()
    _, first, vid = np.unique(keys, return_index=True, return_inverse=True)
    vxy = coords[first]
    while True:  # drop zero-length edges (identical consecutive vertices)
        nxt = _next_in_ring(owner)
        dup = vid == vid[nxt]
        if not dup.any():
            break
        keep = ~dup
        # keep at least 3 vertices per ring
        vid, owner = vid[keep], owner[keep]
    nxt = _next_in_ring(owner)
    a, b = vid, vid[nxt]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    ekeys = lo.astype(np.int64) * len(vxy) + hi
    ukeys, eid, ecount = np.unique(ekeys, return_inverse=True, return_counts=True)
    if (ecount > 2).any():
        raise RuntimeError("an edge is shared by more than two townships")
    return {
        "vxy": vxy,
        "vid": vid,
        "owner": owner,
        "eid": eid,
        "forward": a < b,
        "estart": vxy[ukeys // len(vxy)],
        "eend": vxy[ukeys % len(vxy)],
    }


def _next_in_ring(owner: np.ndarray) -> np.ndarray:
    idx = np.arange(len(owner))
    nxt = idx + 1
    ring_end = np.r_[owner[1:] != owner[:-1], True]
    starts = np.r_[0, np.flatnonzero(ring_end)[:-1] + 1]
    ring_start_of = starts[np.cumsum(np.r_[0, ring_end[:-1]])]
    nxt[ring_end] = ring_start_of[ring_end]
    return nxt


def _interior_counts(topo: dict[str, np.ndarray], ncells: int, nreal: int) -> np.ndarray:
    """Interior points per edge so every real ring gets MIN..MAX vertices; both sides agree."""
    eid, owner = topo["eid"], topo["owner"]
    length = np.hypot(*(topo["eend"] - topo["estart"]).T)
    perim = np.bincount(owner, weights=length[eid], minlength=ncells)
    corners = np.bincount(owner, minlength=ncells)
    want = np.zeros(len(length))
    share = length[eid] / perim[owner] * (TARGET_VERTICES - corners[owner])
    np.maximum.at(want, eid, share)
    n = np.ceil(want).astype(np.int64)
    for _ in range(200):
        total = np.bincount(owner, weights=n[eid], minlength=ncells) + corners
        low, high = total < MIN_VERTICES, total > MAX_VERTICES
        low[nreal:] = high[nreal:] = False  # dummy cells: any count will do
        if not (low.any() or high.any()):
            return n
        scale = np.ones(ncells)
        scale[low] = (MIN_VERTICES + 5 - corners[low]) / np.maximum(total[low] - corners[low], 1)
        scale[high] = (MAX_VERTICES - 10 - corners[high]) / (total[high] - corners[high])
        # an edge goes up if either side needs more, down only if neither side needs more
        up = np.ones(len(n))
        np.maximum.at(up, eid, scale[owner])
        down = np.ones(len(n))
        np.minimum.at(down, eid, scale[owner])
        needs_up = np.zeros(len(n), bool)
        np.logical_or.at(needs_up, eid, low[owner])
        factor = np.where(needs_up, up, down)
        n = np.where(factor > 1, np.ceil(n * factor), np.floor(n * factor)).astype(np.int64)
        n = np.maximum(n, 0)
    raise RuntimeError("could not give every township 200-500 vertices")


def _bridges(rng: np.random.Generator, n: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For edges with ``n`` interior points: flat arrays of edge id, position t in (0, 1) and a
    unit Brownian bridge value at t, tapered to zero slope at both ends."""
    steps = n + 1
    total = int(steps.sum())
    seg = np.repeat(np.arange(len(n)), steps)
    start = np.cumsum(steps) - steps
    walk = np.cumsum(rng.standard_normal(total))
    walk -= np.repeat(np.r_[0.0, walk[start[1:] - 1]], steps)  # restart per edge
    k = np.arange(total) - start[seg] + 1  # 1..steps
    t = k / steps[seg]
    end = walk[start + steps - 1]
    bridge = (walk - t * end[seg]) / np.sqrt(steps[seg])
    interior = k < steps[seg]  # drop the last step (the end vertex itself)
    seg, t, bridge = seg[interior], t[interior], bridge[interior]
    taper = np.minimum(1.0, np.minimum(t, 1 - t) / 0.2)
    return seg, t, bridge * taper


def jagged_townships(
    cells: np.ndarray, nreal: int, rng: np.random.Generator, roughness: float = 0.18
) -> tuple[np.ndarray, np.ndarray]:
    """The first ``nreal`` cells as polygons with jagged edges shared exactly between
    neighbours, in the local frame, and the number of ring vertices of each. The other cells
    (dummies around the outline) are jagged and checked too, then dropped."""
    ncells = len(cells)
    topo = _ring_topology(cells)
    n = _interior_counts(topo, ncells, nreal)
    estart, eend = topo["estart"], topo["eend"]
    seg, t, bridge = _bridges(rng, n)
    vec = eend - estart
    length = np.hypot(vec[:, 0], vec[:, 1])
    normal = np.column_stack([-vec[:, 1], vec[:, 0]]) / np.maximum(length, 1e-300)[:, None]
    base = estart[seg] + t[:, None] * vec[seg]
    # Assemble rings: each directed edge occurrence contributes its start vertex and its interior
    # points, reversed when the ring walks the edge backwards.
    eid, fwd, vid, owner = topo["eid"], topo["forward"], topo["vid"], topo["owner"]
    offs = np.cumsum(n) - n
    lens = 1 + n[eid]
    occ = np.repeat(np.arange(len(eid)), lens)
    r = np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens)
    k = r - 1
    nv = len(topo["vxy"])
    e_occ = eid[occ]
    inner = offs[e_occ] + np.where(fwd[occ], k, n[e_occ] - 1 - k)
    table_index = np.where(r == 0, vid[occ], nv + inner)
    ring_of = owner[occ]
    amplitude = np.full(len(n), roughness)
    polys = np.empty(ncells, dtype=object)
    redo = np.ones(ncells, bool)  # cells to (re)build
    for _ in range(12):
        offset = (amplitude[seg] * length[seg] * bridge)[:, None] * normal[seg]
        table = np.vstack([topo["vxy"], base + offset])
        pick = redo[ring_of]
        cells_redo = np.flatnonzero(redo)
        # ring_of is sorted: renumber the picked rings 0..len(cells_redo)-1
        ring_ids = np.searchsorted(cells_redo, ring_of[pick])
        polys[cells_redo] = shapely.polygons(
            shapely.linearrings(table[table_index[pick]], indices=ring_ids)
        )
        bad = np.zeros(ncells, bool)
        bad[cells_redo] = ~shapely.is_valid(polys[cells_redo])
        if not bad.any():
            # Each polygon is valid; now the townships together: no overlaps anywhere.
            invalid = shapely.coverage_invalid_edges(polys[:nreal])
            bad[:nreal] = ~shapely.is_empty(invalid)
        if not bad.any():
            counts = np.bincount(owner, weights=lens, minlength=ncells).astype(int)
            return polys[:nreal], counts[:nreal]
        shrink = np.zeros(len(n), bool)
        shrink[eid[bad[owner]]] = True
        amplitude[shrink] *= 0.5
        redo = np.zeros(ncells, bool)
        redo[owner[shrink[eid]]] = True
    raise RuntimeError("could not make valid jagged townships")


def to_lonlat(xy: np.ndarray, case: Case) -> np.ndarray:
    coslat = math.cos(math.radians(case.center[1]))
    return np.column_stack([xy[:, 0] / coslat + case.center[0], xy[:, 1] + case.center[1]])


def township_table(case: Case, polys: np.ndarray, urban: np.ndarray) -> gpd.GeoDataFrame:
    n = len(polys)
    i = np.arange(n)
    prov = 11 + i // 12000
    city = (i // 600) % 20 + 1
    county = (i // 30) % 20 + 1
    town = i % 30 + 1
    codes = [
        f"{p:02d}{c:02d}{d:02d}{t:03d}" for p, c, d, t in zip(prov, city, county, town, strict=True)
    ]
    kind = np.where(urban > 1.5, 0, np.where(urban > 0.75, 1, 2))
    zh = np.array(["街道", "镇", "乡"])[kind]
    en = np.array(["Subdistrict", "Town", "Township"])[kind]
    return gpd.GeoDataFrame(
        {
            "code": codes,
            "name": [f"第{k + 1}{s}" for k, s in zip(i, zh, strict=True)],
            "name_en": [f"{s} {k + 1}" for k, s in zip(i, en, strict=True)],
        },
        geometry=polys,
        crs="EPSG:4326",
    )


# --------------------------------------------------------------------------------------------
# Stations and services


def points_in_polygons(
    rng: np.random.Generator, polys: np.ndarray, which: np.ndarray, decimals: int = 6
) -> np.ndarray:
    """One uniform random point inside ``polys[which[i]]`` for every i, rounded to ``decimals``
    (and still inside after rounding). Vectorised rejection sampling in each bounding box."""
    shapely.prepare(polys)
    bounds = shapely.bounds(polys)[which]
    out = np.full((len(which), 2), np.nan)
    todo = np.arange(len(which))
    while len(todo):
        b = bounds[todo]
        xy = b[:, :2] + rng.random((len(todo), 2)) * (b[:, 2:] - b[:, :2])
        xy = np.round(xy, decimals)
        ok = shapely.contains_xy(polys[which[todo]], xy[:, 0], xy[:, 1])
        out[todo[ok]] = xy[ok]
        todo = todo[~ok]
    return out


def station_tables(
    case: Case, rng: np.random.Generator, towns: gpd.GeoDataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    nt, ns = len(towns), case.stations
    covered_n = min(nt, ns, max(1, round(case.covered * nt)))
    covered = np.sort(rng.choice(nt, covered_n, replace=False))
    extra = (
        rng.multinomial(ns - covered_n, np.full(covered_n, 1 / covered_n)) if ns > covered_n else 0
    )
    per_town = 1 + np.asarray(extra)
    town_of = np.repeat(covered, per_town)
    # the k-th station of a township gets the k-th community of a shuffled list
    rank = np.arange(ns) - np.repeat(np.cumsum(per_town) - per_town, per_town)
    shift = rng.integers(0, len(COMMUNITIES), nt)
    comm = (shift[town_of] + rank * 7) % len(COMMUNITIES)  # 7 is coprime with 40
    xy = points_in_polygons(rng, towns.geometry.values, town_of)
    tname = towns["name"].to_numpy()[town_of]
    tname_en = towns["name_en"].to_numpy()[town_of]
    venue_kind = rng.choice(len(VENUES), ns, p=VENUE_WEIGHTS)
    days = rng.integers(
        0, (np.datetime64("2026-01-01") - np.datetime64("2023-01-01")).item().days, ns
    )
    dates = (np.datetime64("2023-01-01") + days).astype(str)
    month_only = rng.random(ns) < 0.3
    opened = np.where(month_only, np.char.ljust(dates.astype("U10"), 7).astype("U7"), dates)
    czh = [c[0] for c in COMMUNITIES]
    cen = [c[1] for c in COMMUNITIES]
    stations = pd.DataFrame(
        {
            "站点编号": [f"ST-{i + 1:06d}" for i in range(ns)],
            "站点名称": [
                f"{t}{czh[c]}社区精神健康社工站" for t, c in zip(tname, comm, strict=True)
            ],
            "name_en": [
                f"{cen[c]} Community Mental-Health Social-Work Station, {t}"
                for t, c in zip(tname_en, comm, strict=True)
            ],
            "所属街镇": tname,
            "服务场所": [
                VENUES[v][1].format(c=czh[c], t=t)
                for v, c, t in zip(venue_kind, comm, tname, strict=True)
            ],
            "场所类型": [VENUES[v][0] for v in venue_kind],
            "经度": xy[:, 0],
            "纬度": xy[:, 1],
            "启用时间": opened,
            "开放时间": np.array(HOURS)[rng.integers(0, len(HOURS), ns)],
        }
    )
    # 3-10 distinct categories per station: the first k of a random permutation of 12.
    ncat = len(CATEGORIES)
    k = rng.integers(3, 11, ns)
    perm = np.argsort(rng.random((ns, ncat)), axis=1)
    take = np.arange(ncat)[None, :] < k[:, None]
    station_idx = np.broadcast_to(np.arange(ns)[:, None], (ns, ncat))[take]
    cat_idx = perm[take]
    services = pd.DataFrame(
        {
            "station_id": stations["站点编号"].to_numpy()[station_idx],
            "category": np.array([c[0] for c in CATEGORIES])[cat_idx],
            "schedule": np.array(SCHEDULES)[rng.integers(0, len(SCHEDULES), len(cat_idx))],
        }
    )
    return stations, services


# --------------------------------------------------------------------------------------------
# Project


def config_text(case_name: str, towns_file: str) -> str:
    return f'''# Synthetic benchmark project "{case_name}" made by bench/generate.py: not real data.

[site]
title = "基准测试：{case_name}"
title_en = "Benchmark: {case_name}"
subtitle = "合成数据"
subtitle_en = "synthetic data"
notice = "合成数据，仅用于性能测试。"
notice_en = "Synthetic data for performance testing only."
languages = ["zh-CN", "en"]
basemap = "none"

[townships]
file = "{towns_file}"
crs = "wgs84"
[townships.columns]
id = "code"
name = "name"
name_en = "name_en"

[stations]
file = "layers/stations.csv"
crs = "wgs84"
[stations.columns]
id = "站点编号"
name = "站点名称"
name_en = "name_en"
township = "所属街镇"
venue = "服务场所"
type = "场所类型"
lon = "经度"
lat = "纬度"
opened = "启用时间"
hours = "开放时间"

[services]
file = "layers/service_menus.csv"
[services.columns]
station = "station_id"
category = "category"
schedule = "schedule"

[categories]
file = "layers/service_categories.csv"
[categories.columns]
id = "id"
name = "name"
name_en = "name_en"

[public]
station_fields = ["name", "name_en", "township", "venue", "type", "opened", "hours"]
'''


def generate(case_name: str, outdir: str | Path, seed: int = 0) -> dict[str, object]:
    """Write the project for ``case_name`` into ``outdir``; return a summary with timings."""
    case = CASES[case_name]
    out = Path(outdir)
    layers = out / "layers"
    layers.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng([seed, list(CASES).index(case_name)])
    timings: dict[str, float] = {}
    t0 = time.perf_counter()

    real, dummy, _cell = make_seeds(case, rng)
    cells = voronoi_cells(real, dummy)
    local, nverts = jagged_townships(cells, case.townships, rng)
    coords = shapely.get_coordinates(local)
    polys = shapely.set_coordinates(local.copy(), to_lonlat(coords, case))
    polys = shapely.orient_polygons(polys, exterior_cw=False)
    timings["townships"] = time.perf_counter() - t0

    area = shapely.area(local)
    urban = np.median(area) / area  # small townships are urban: 街道
    towns = township_table(case, polys, urban)

    t1 = time.perf_counter()
    stations, services = station_tables(case, rng, towns)
    timings["stations"] = time.perf_counter() - t1

    t2 = time.perf_counter()
    if case.townships_format == "geojson":
        towns_file = "layers/townships.geojson"
        towns.to_file(out / towns_file, driver="GeoJSON", engine="pyogrio")
    else:
        towns_file = "layers/townships.gpkg"
        target = out / towns_file
        target.unlink(missing_ok=True)
        towns.to_file(target, driver="GPKG", layer="townships", engine="pyogrio")
    stations.to_csv(layers / "stations.csv", index=False, encoding="utf-8-sig", float_format="%.6f")
    services.to_csv(layers / "service_menus.csv", index=False, encoding="utf-8")
    pd.DataFrame(CATEGORIES, columns=["id", "name", "name_en"]).to_csv(
        layers / "service_categories.csv", index=False, encoding="utf-8"
    )
    (out / "mapgen.toml").write_text(config_text(case_name, towns_file), encoding="utf-8")
    timings["write"] = time.perf_counter() - t2
    timings["total"] = time.perf_counter() - t0
    return {
        "case": case_name,
        "seed": seed,
        "townships": len(towns),
        "stations": len(stations),
        "services": len(services),
        "covered_townships": int(stations["所属街镇"].nunique()),
        "vertices_min": int(nverts.min()),
        "vertices_max": int(nverts.max()),
        "vertices_total": int(nverts.sum()),
        "seconds": {k: round(v, 3) for k, v in timings.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("case", choices=list(CASES))
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    summary = generate(args.case, args.outdir, args.seed)
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
