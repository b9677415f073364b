"""The site's logo (``[site] logo``): the one file mapgen copies from the project as is.

Whatever it names is published, so it must be a file of the project and an image, and
nothing more:

* it resolves inside the project folder (the one holding ``mapgen.toml``), with no link
  leading out: ``/proc/self/environ``, ``../../../etc/passwd`` or a ``logo.png`` that is
  a symbolic link to a private key are refused, and so is anything but a regular file;
* it is at most :data:`MAX_BYTES`;
* its bytes are a PNG, JPEG or WebP image — the name does not count — or an SVG
  drawing. An SVG is a document that can carry scripts, which run in the site's origin
  when the file itself is opened (a page's Content-Security-Policy does not cover it),
  so it is parsed without any DTD or entity and written anew from an allow-list:
  drawing elements and presentation attributes only; no ``<script>``, no ``on…``
  handlers, no ``<foreignObject>``, no animation, and references (``href``, ``url()``)
  only to ``#fragments`` of the drawing itself or to embedded PNG/JPEG/WebP/GIF data.

Anything else is a :class:`~mapgen.errors.ConfigError` naming ``[site] logo``. The logo
is shown in every page's header, so reviewing the site shows what was published.
"""

from __future__ import annotations

import os
import re
import stat
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mapgen.errors import ConfigError

MAX_BYTES = 1024 * 1024
KEY = "mapgen.toml [site] logo"

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

# What a logo is drawn with. Not here, so removed with everything inside: script,
# foreignObject, a (links), animate/set (they can rewrite an href), iframe, metadata…
_DRAWING = """svg g defs symbol use title desc path rect circle ellipse line polyline polygon
    text tspan textPath linearGradient radialGradient stop pattern clipPath mask marker
    image style filter feBlend feColorMatrix feComponentTransfer feComposite feDropShadow
    feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feMerge feMergeNode feMorphology
    feOffset switch"""
ELEMENTS = frozenset(_DRAWING.split())
# Where a reference may point: a fragment of this drawing, or an embedded bitmap.
SAFE_REFERENCE = re.compile(r"^\s*(#|data:image/(png|jpeg|webp|gif)[;,])", re.IGNORECASE)
URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)
# CSS that can fetch or run something without a plain url() (escapes could hide one).
UNSAFE_CSS = re.compile(
    r"@import|\\|image-set|image\(|src\(|cross-fade|element\(|expression|javascript:"
    r"|behavior|-moz-binding",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Logo:
    """The logo as published: ``assets/logo.<suffix>`` with these bytes."""

    suffix: str  # "png", "jpg", "webp" or "svg", from the content
    content: bytes

    @property
    def path(self) -> str:
        return f"assets/logo.{self.suffix}"


def read_logo(root: Path, value: str) -> Logo:
    """Read, check and (for SVG) clean the logo; raise :class:`ConfigError` if unsafe.

    Example::

        >>> read_logo(Path("my-district"), "logo.png").path       # doctest: +SKIP
        'assets/logo.png'
    """
    root = root.resolve()
    data = _read_inside(root, value)
    kind = image_kind(data)
    if kind is not None:
        return Logo(kind, data)
    return Logo("svg", clean_svg(data, value))


def image_kind(data: bytes) -> str | None:
    """``png``, ``jpg`` or ``webp`` when the bytes are that image, else None.

    >>> image_kind(b"\\x89PNG\\r\\n\\x1a\\n..."), image_kind(b"not an image")
    ('png', None)
    """
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def _error(value: str, variant: str, **args: Any) -> ConfigError:
    """A ``[site] logo`` problem (``config-logo/<variant>`` in :mod:`mapgen.messages`)."""
    from mapgen.messages import problem
    from mapgen.problems import Severity

    return ConfigError(
        [
            problem(
                "config-logo",
                Severity.ERROR,
                "mapgen.toml",
                variant=variant,
                where="[site] logo",
                where_zh="[site] logo",
                value=value,
                **args,
            )
        ]
    )


def _read_inside(root: Path, value: str) -> bytes:
    path = (root / value).resolve()
    if not path.is_relative_to(root):
        link = (root / value).absolute()
        linked = Path(os.path.normpath(link)).is_relative_to(root)
        raise _error(value, "link-outside" if linked else "outside")
    try:
        # No link at the last step, no waiting on a pipe; then the opened file itself
        # must be a regular file inside the project, whatever changed since resolve().
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
    except FileNotFoundError:
        raise _error(value, "missing") from None
    except OSError as exc:
        raise _error(value, "unreadable", reason=exc.strerror or "") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _error(value, "not-file")
    with os.fdopen(fd, "rb") as file:
        opened = Path(f"/proc/self/fd/{fd}")
        if opened.is_symlink() and not opened.readlink().is_relative_to(root):
            raise _error(value, "outside")
        data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _error(value, "too-large", limit=MAX_BYTES // 1024 // 1024)
    return data


def clean_svg(data: bytes, value: str = "logo.svg") -> bytes:
    """An SVG drawing rewritten from the allow-list above; raise if it is not one.

    >>> clean_svg(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    ...           b'<script>alert(2)</script><rect width="4" height="4"/></svg>')
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4" /></svg>'
    """
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise _error(value, "dtd") from None
    except (ET.ParseError, ValueError):
        raise _error(value, "not-image") from None
    if root.tag != f"{{{SVG}}}svg":
        if root.tag == "svg":
            raise _error(value, "no-namespace")
        raise _error(value, "not-image")
    _clean(root)
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    return ET.tostring(root, encoding="unicode").encode("utf-8")


def _clean(element: ET.Element) -> None:
    for name in list(element.attrib):
        if not _safe_attribute(name, element.attrib[name]):
            del element.attrib[name]
    if element.tag == f"{{{SVG}}}style" and not _safe_css(element.text or ""):
        element.text = ""
    for child in list(element):
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag.startswith(f"{{{SVG}}}") or tag.split("}", 1)[1] not in ELEMENTS:
            element.remove(child)
        else:
            _clean(child)


def _safe_attribute(name: str, value: str) -> bool:
    namespace, _, local = name[1:].partition("}") if name.startswith("{") else ("", "", name)
    if namespace not in ("", XLINK, XML) or local.lower().startswith("on"):
        return False
    if namespace == XML and local not in ("space", "lang"):
        return False  # xml:base would change where relative references point
    if local == "href":
        return bool(SAFE_REFERENCE.match(value))
    return _safe_css(value)


def _safe_css(text: str) -> bool:
    """No imports, scripts or references outside the drawing (in a style or any value)."""
    if UNSAFE_CSS.search(text):
        return False
    return all(SAFE_REFERENCE.match(ref or "#") for ref in URL.findall(text))
