"""The search index: what residents may type to find a station, built once at build time.

People type ``江桥``, ``江桥站``, ``江桥社工站``, ``jiangqiao``, ``jq``, ``江橋`` or
``jianqiao`` and mean the same station. The browser cannot convert Chinese to pinyin or
Traditional to Simplified, so every form is written into the index here, and
``static/search.js`` (``window.mapgenSearch.match(index, query)``) only normalises the
query the same way and compares strings. Small and large sites use the same index.

Keys
----
A *key* is a normalised form of a name: NFKC, lower case, accents removed, every run of
characters that is neither a letter nor a digit made one space. Each name gives:

- the whole name (``江桥镇精神健康社工站``);
- its *core*, with the generic words of :data:`GENERIC_ZH` / :data:`GENERIC_EN` taken out
  (``江桥精神健康``). A one-character word (站, 镇, 村 …) is taken out only after at
  least two other characters, so ``江桥镇`` loses its ``镇`` and ``镇江`` keeps it;
- the Traditional and Simplified forms of both (opencc);
- full pinyin and initials of both, one word per part of the core (``jiangqiaojingshenjiankang``,
  ``jqjsjk``), with ``v`` also written ``u`` (``lv`` / ``lu``).

Schema (``search_index()``, JSON)
---------------------------------
::

    {
      "version": 1,
      "lang": "zh-CN" | "en",            # the language of the labels
      "generic": ["社会工作服务站", …],   # generic words, longest first, both scripts
      "generic_en": ["station", …],       # generic English words (whole words)
      "categories": [{"id", "label", "keys": [key, …]}],
      "townships": [{"id", "slug", "label", "keys": [key, …],
                     "stations": [station index, …],
                     "nearest": [station index, metres] | null}],
      "stations": [{"id", "slug", "label", "township": township index | -1,
                    "lon", "lat",                       # WGS84, 6 decimals
                    "name": [key, …], "venue": [key, …],
                    "services": [category index, …]}]
    }

``label`` is the record's display label in ``lang`` (:func:`mapgen.public.display_label`:
the parent area or code added where names repeat). Stations come in the order of
``PublicData.stations`` and townships in the order of ``PublicData.townships``; every
index points into those lists. Only public fields are read, so the index can publish
nothing the pages do not.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from opencc import OpenCC
from pypinyin import Style, lazy_pinyin

from mapgen.public import PublicData

INDEX_VERSION = 1

GENERIC_ZH = (
    "社会工作服务站",
    "社会工作站",
    "社工服务站",
    "社工站",
    "服务站",
    "工作站",
    "服务中心",
    "中心",
    "街道办事处",
    "办事处",
    "街道",
    "居委会",
    "村委会",
    "社区",
    "苏木",
    "嘎查",
    "站",
    "镇",
    "乡",
    "村",
    "里",
    "区",
    "县",
    "市",
)
GENERIC_EN = (
    "station",
    "stations",
    "centre",
    "center",
    "service",
    "services",
    "social",
    "work",
    "worker",
    "workers",
    "office",
    "town",
    "township",
    "subdistrict",
    "sub",
    "district",
    "street",
    "community",
    "village",
    "county",
    "the",
    "of",
    "and",
)

_NOT_WORD = re.compile(r"[^\w]+|_+")
_ASCII = re.compile(r"^[a-z0-9 ]+$")


@functools.cache
def _converter(config: str) -> OpenCC:
    return OpenCC(config)


def to_traditional(text: str) -> str:
    """``江桥镇`` -> ``江橋鎮``."""
    return _converter("s2t").convert(text)


def to_simplified(text: str) -> str:
    """``江橋鎮`` -> ``江桥镇``."""
    return _converter("t2s").convert(text)


@functools.cache
def generic_words() -> tuple[str, ...]:
    """The generic Chinese words in both scripts, longest first (as the matcher needs)."""
    words = set(GENERIC_ZH) | {to_traditional(w) for w in GENERIC_ZH}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def normalise(text: str) -> str:
    """NFKC, lower case, no accents, one space between words.

    Example::

        >>> normalise("  Jiāngqiáo  Town—Station ")
        'jiangqiao town station'
    """
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", bare).lower()).strip()


def core(text: str) -> str:
    """A name without its generic words (the same rule as ``search.js``'s ``core``).

    Example::

        >>> core("江桥镇精神健康社工站"), core("镇江市"), core("Jiangqiao Social Work Station")
        ('江桥 精神健康', '镇江', 'jiangqiao')
    """
    generic = generic_words()
    english = set(GENERIC_EN)
    out: list[str] = []
    for word in normalise(text).split(" "):
        if not word or word in english:
            continue
        part: list[str] = []
        run, i = 0, 0
        while i < len(word):
            found = next((g for g in generic if word.startswith(g, i)), None)
            if found and (len(found) > 1 or run >= 2):
                if part:
                    out.append("".join(part))
                part, run = [], 0
                i += len(found)
                continue
            part.append(word[i])
            run += 1
            i += 1
        if part:
            out.append("".join(part))
    return " ".join(out)


def _pinyin(text: str, style: Style) -> str:
    return " ".join(
        "".join(lazy_pinyin(part, style=style, errors="default"))
        for part in text.split(" ")
        if part
    )


def keys(*names: str) -> list[str]:
    """Every key of some names, without repeats, in a stable order.

    Example::

        >>> keys("江桥镇")
        ['江桥镇', '江桥', '江橋鎮', '江橋', 'jiangqiaozhen', 'jqz', 'jiangqiao', 'jq']
    """
    found: dict[str, None] = {}

    def add(values: Iterable[str]) -> None:
        for value in values:
            if value:
                found.setdefault(value, None)

    for name in names:
        whole = normalise(name)
        if not whole:
            continue
        forms = [whole, core(name)]
        if not _ASCII.match(whole):
            forms += [normalise(to_traditional(f)) for f in forms]
            forms += [normalise(to_simplified(f)) for f in forms]
        add(forms)
        for form in forms[:2] if not _ASCII.match(whole) else []:
            for style in (Style.NORMAL, Style.FIRST_LETTER):
                spelled = _pinyin(form, style)
                add([spelled, spelled.replace("v", "u")])
    return list(found)


def _label(record: dict[str, Any], lang: str) -> str:
    """The display label in ``lang``; on English pages the Chinese one when there is no
    English name."""
    for key in ("label_en", "name_en", "label", "name") if lang == "en" else ("label", "name"):
        if record.get(key):
            return str(record[key])
    return str(record["id"])


def search_index(
    data: PublicData, lang: str, nearest: dict[str, tuple[str, float]] | None = None
) -> dict[str, Any]:
    """The index of a site's stations, townships and service categories (schema above).

    ``nearest`` maps a township id to its nearest open station and the metres
    (:func:`mapgen.public.nearest_open_stations`); townships with stations ignore it.

    Example::

        >>> index = search_index(public_data(project), "zh-CN")   # doctest: +SKIP
        >>> index["stations"][0]["name"][:2]                       # doctest: +SKIP
        ['安亭镇精神健康社工站', '安亭 精神健康']
    """
    nearest = nearest or {}
    station_at = {s["id"]: i for i, s in enumerate(data.stations)}
    township_at = {t["id"]: i for i, t in enumerate(data.townships)}
    category_at = {c["id"]: i for i, c in enumerate(data.categories)}
    in_township: dict[str, list[int]] = {}
    for i, station in enumerate(data.stations):
        in_township.setdefault(station["township_id"], []).append(i)
    stations = [
        {
            "id": s["id"],
            "slug": s["slug"],
            "label": _label(s, lang),
            "township": township_at.get(s["township_id"], -1),
            "lon": round(float(s["lon"]), 6),
            "lat": round(float(s["lat"]), 6),
            "name": keys(s.get("name", ""), s.get("name_en", "")),
            "venue": keys(s.get("venue", ""), s.get("venue_en", "")),
            "services": sorted(
                {category_at[x["category"]] for x in s["services"] if x["category"] in category_at}
            ),
        }
        for s in data.stations
    ]
    townships = []
    for t in data.townships:
        found = nearest.get(t["id"])
        here = in_township.get(t["id"], [])
        townships.append(
            {
                "id": t["id"],
                "slug": t["slug"],
                "label": _label(t, lang),
                "keys": keys(t["name"], t.get("name_en", "")),
                "stations": here,
                "nearest": [station_at[found[0]], round(found[1])]
                if found and not here and found[0] in station_at
                else None,
            }
        )
    categories = [
        {"id": c["id"], "label": _label(c, lang), "keys": keys(c["name"], c.get("name_en", ""))}
        for c in data.categories
    ]
    return {
        "version": INDEX_VERSION,
        "lang": lang,
        "generic": list(generic_words()),
        "generic_en": list(GENERIC_EN),
        "categories": categories,
        "townships": townships,
        "stations": stations,
    }
