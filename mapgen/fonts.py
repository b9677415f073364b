"""Finding a font with Chinese characters for posters, without the network.

The configured ``site.font`` wins; else the first CJK font found in the usual font folders
of Linux, macOS and Windows, in the order of :data:`PREFERRED`. Inside a font collection
(``.ttc``) the simplified-Chinese face is chosen, so 骨 and 直 take their mainland shapes.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

from mapgen.errors import MapgenError


class FontNotFoundError(MapgenError):
    """No usable font with Chinese characters: the message says how to install one."""


def font_dirs() -> list[Path]:
    """The folders where Linux, macOS and Windows keep fonts, those of the user first."""
    home = Path.home()
    windows = Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"
    local = Path(os.environ.get("LOCALAPPDATA", home / "AppData/Local")) / "Microsoft/Windows/Fonts"
    return [
        home / ".local/share/fonts",
        home / ".fonts",
        Path("/usr/local/share/fonts"),
        Path("/usr/share/fonts"),
        home / "Library/Fonts",
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
        local,
        windows,
    ]


# File name patterns (lower case), best first: sans-serif faces that read well small.
PREFERRED = (
    "notosanscjksc-regular.otf",
    "notosanscjk-regular.ttc",
    "notosanscjk*-regular.tt[co]",
    "notosanssc-regular.*",
    "sourcehansanssc-regular.otf",
    "sourcehanssanscn-regular.otf",
    "sourcehansans-regular.ttc",
    "sourcehansans*.tt[co]",
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "msyh.ttc",
    "msyh.ttf",
    "simhei.ttf",
    "pingfang.ttc",
    "hiragino sans gb*.ttc",
    "stheiti*.ttc",
    "notoserifcjk*-regular.ttc",
    "simsun.ttc",
)
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
INSTALL_HINT = (
    "Install a font with Chinese characters — Debian/Ubuntu: `sudo apt install "
    "fonts-noto-cjk`; Fedora: `sudo dnf install google-noto-sans-cjk-fonts`; macOS and "
    "Windows have one already — or set [site] font in mapgen.toml to a font file "
    "(e.g. NotoSansCJKsc-Regular.otf) inside the project."
)


@dataclass(frozen=True)
class Font:
    """A font face: the file, the face inside a collection, and the characters it has."""

    path: Path
    face: int
    family: str
    chars: frozenset[int]
    bold: tuple[Path, int] | None = None  # the bold face of the same family, when found

    def missing(self, text: str) -> str:
        """The characters of ``text`` this font cannot draw, each once, in order."""
        seen = dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in self.chars)
        return "".join(seen)


def find_font(configured: Path | None = None, *, dirs: list[Path] | None = None) -> Font:
    """The configured font, else the best CJK font on this computer.

    Raises :class:`FontNotFoundError` saying how to install one.

    Example::

        >>> font = find_font()                      # doctest: +SKIP
        >>> font.family, font.missing("嘉定 A")      # doctest: +SKIP
        ('Noto Sans CJK SC', '')
    """
    if configured is not None:
        font = _load(configured)
        if font is None or ord("中") not in font.chars:
            raise FontNotFoundError(
                f"the font {configured} (site.font in mapgen.toml) cannot be read or has no "
                f"Chinese characters. {INSTALL_HINT}"
            )
        return font
    files = _font_files(dirs if dirs is not None else font_dirs())
    for pattern in PREFERRED:
        for name, path in files:
            if fnmatch.fnmatch(name, pattern):
                font = _load(path)
                if font is not None and ord("中") in font.chars:
                    return font
    raise FontNotFoundError(f"no font with Chinese characters was found. {INSTALL_HINT}")


def _font_files(dirs: list[Path]) -> list[tuple[str, Path]]:
    found = []
    for folder in dirs:
        if not folder.is_dir():
            continue
        for root, _, names in os.walk(folder):
            found += [
                (name.lower(), Path(root) / name)
                for name in names
                if name.lower().endswith(FONT_SUFFIXES)
            ]
    return sorted(found, key=lambda item: (item[0], str(item[1])))


def _load(path: Path) -> Font | None:
    from matplotlib import ft2font

    try:
        first = ft2font.FT2Font(str(path))
        faces = [
            ft2font.FT2Font(str(path), face_index=i) if i else first for i in range(first.num_faces)
        ]
    except (OSError, RuntimeError, ValueError):
        return None
    face = _simplified_chinese_face([f.family_name for f in faces])
    chosen = faces[face]
    bold = _bold_sibling(path, chosen.family_name)
    return Font(path, face, chosen.family_name, frozenset(chosen.get_charmap()), bold)


def _simplified_chinese_face(families: list[str]) -> int:
    """In a collection, the face for mainland Chinese (``SC``, ``CN``, ``GB``), not mono."""
    for i, family in enumerate(families):
        words = family.replace("-", " ").split()
        if "Mono" not in words and any(tag in words for tag in ("SC", "CN", "GB")):
            return i
    return 0


def _bold_sibling(path: Path, family: str) -> tuple[Path, int] | None:
    if "Regular" not in path.name:
        return None
    sibling = path.with_name(path.name.replace("Regular", "Bold"))
    if not sibling.is_file():
        return None
    from matplotlib import ft2font

    try:
        count = ft2font.FT2Font(str(sibling)).num_faces
        for i in range(count):
            if ft2font.FT2Font(str(sibling), face_index=i).family_name == family:
                return sibling, i
    except (OSError, RuntimeError, ValueError):
        return None
    return None
