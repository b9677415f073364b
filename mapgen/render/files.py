"""The unit of output: one file of the site, rendered in memory."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteFile:
    """A file of the site: its path (relative, forward slashes) and its bytes.

    Example::

        >>> SiteFile("index.html", b"<!doctype html>").path
        'index.html'
    """

    path: str
    content: bytes
