"""File names of station and township pages: one per id, on every file system.

A page is ``stations/<name>.html``. The name is the id itself when that is safe, so the
permalink of ``JD-01`` stays ``stations/JD-01.html``; otherwise it is ``id-`` and a
digest of the id. "Safe" means a file name that works the same on Linux, Windows and
macOS and in a URL: ASCII letters, digits, ``.``, ``_`` and ``-``, starting with a letter
or digit, not ending in a dot, and not a name Windows reserves for a device (``CON``,
``PRN``, ``AUX``, ``NUL``, ``COM1``-``COM9``, ``LPT1``-``LPT9``, with any extension).

Windows and macOS do not tell ``JD-01`` from ``jd-01``: when two ids differ only in
case, both pages are named by digest, so neither overwrites the other. Two different ids
whose digests agree (one chance in 10¹², but possible) cannot be told apart at all:
:func:`page_names` returns them as a collision for the caller to report with both rows.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$")
DIGEST_NAME = re.compile(r"^id-[0-9a-f]{10}$", re.IGNORECASE)
RESERVED = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"com{n}" for n in range(1, 10)]
    + [f"lpt{n}" for n in range(1, 10)]
)


def _digest_name(identifier: str) -> str:
    return "id-" + hashlib.sha1(identifier.encode("utf-8")).hexdigest()[:10]


def is_portable(identifier: str) -> bool:
    """Whether an id can be its own file name on every system and in a URL.

    >>> [is_portable(i) for i in ("JD-01", "a/b", "CON", "nul.txt", "v1.", "id-0123456789")]
    [True, False, False, False, False, False]
    """
    return (
        bool(SAFE_ID.match(identifier))
        and not identifier.endswith(".")
        and identifier.split(".", 1)[0].casefold() not in RESERVED
        # Names of this shape belong to digests: an id may not take one.
        and not DIGEST_NAME.match(identifier)
    )


def slug(identifier: str) -> str:
    """The file name of one id on its own: the id when portable, else its digest.

    Prefer :func:`page_names`, which also keeps ids differing only in case apart.

    >>> slug("JD-01"), slug("嘉定-01"), slug("a/b") != slug("a_b")
    ('JD-01', 'id-2bf176d19c', True)
    """
    return identifier if is_portable(identifier) else _digest_name(identifier)


@dataclass(frozen=True)
class PageNames:
    """File names (without ``.html``) for a set of distinct ids.

    ``collisions`` lists pairs of ids that would still share a name; for those, the
    second id of each pair is missing from ``names``.
    """

    names: dict[str, str]
    collisions: list[tuple[str, str]]


def page_names(ids: Iterable[str]) -> PageNames:
    """A file name for every id, distinct even where case does not count.

    >>> page_names(["JD-01", "JD-02", "jd-02"]).names
    {'JD-01': 'JD-01', 'JD-02': 'id-b1fa03cae4', 'jd-02': 'id-e221e4554f'}
    """
    unique = list(dict.fromkeys(ids))
    by_folded: dict[str, list[str]] = {}
    for identifier in unique:
        by_folded.setdefault(slug(identifier).casefold(), []).append(identifier)
    names: dict[str, str] = {}
    taken: dict[str, str] = {}  # folded name -> id that has it
    collisions: list[tuple[str, str]] = []
    for identifier in unique:
        name = slug(identifier)
        if len(by_folded[name.casefold()]) > 1:
            name = _digest_name(identifier)
        folded = name.casefold()
        if folded in taken:
            collisions.append((taken[folded], identifier))
            continue
        taken[folded] = identifier
        names[identifier] = name
    return PageNames(names, collisions)


def page_path(kind: str, name: str, *, drawn: bool = False) -> str:
    """The address of a station's or township's page inside its language folder.

    ``kind`` is ``stations`` or ``townships`` and ``name`` the page name (:func:`slug`).
    On a large site the pages are drawn in the browser from data (``drawn``): one page per
    kind, the record named in the query (see :mod:`mapgen.render.pagedata`).

    >>> page_path("stations", "JD-01"), page_path("stations", "JD-01", drawn=True)
    ('stations/JD-01.html', 'stations/index.html?id=JD-01')
    """
    return f"{kind}/index.html?id={name}" if drawn else f"{kind}/{name}.html"
