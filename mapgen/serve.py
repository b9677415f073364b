"""A preview server for a built site, on 127.0.0.1 only.

It serves the files of one folder and nothing else: a path that resolves outside the
folder — through a symbolic link, say ``photos -> /home/me`` — is answered with
403 Forbidden, never followed.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from http import HTTPStatus
from pathlib import Path
from typing import Any


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` quietly, refusing whatever resolves outside it."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def translate_path(self, path: str) -> str:
        """The file to send, resolved; "" when it lies outside the site folder."""
        candidate = Path(super().translate_path(path))
        root = Path(self.directory).resolve()
        resolved = candidate.resolve()
        if resolved.is_dir():
            # A folder is answered with its index page: that must stay inside too.
            for index in ("index.html", "index.htm"):
                page = candidate / index
                if page.exists() or page.is_symlink():
                    if not page.resolve().is_relative_to(root):
                        return ""
                    break
        return str(resolved) if resolved.is_relative_to(root) else ""

    def send_head(self) -> Any:
        if not self.translate_path(self.path):
            self.send_error(HTTPStatus.FORBIDDEN, "Outside the site folder")
            return None
        return super().send_head()

    def list_directory(self, path: str | os.PathLike[str]) -> Any:
        self.send_error(HTTPStatus.NOT_FOUND, "No listing")
        return None


class SiteServer:
    """A threaded HTTP server for ``root`` on 127.0.0.1.

    ``port`` is tried first; when it is taken, any free port is used (see :attr:`url`).

    Example::

        >>> server = SiteServer(Path("site"), port=0)          # doctest: +SKIP
        >>> server.start(); server.url                          # doctest: +SKIP
        'http://127.0.0.1:43117/'
        >>> server.close()                                      # doctest: +SKIP
    """

    def __init__(self, root: Path, port: int = 8000) -> None:
        self.root = Path(root).resolve()
        handler = functools.partial(SiteHandler, directory=str(self.root))
        try:
            self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError:
            self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def serve_forever(self) -> None:
        """Serve until :meth:`close` is called from another thread, or Ctrl+C."""
        self.httpd.serve_forever()

    def start(self) -> None:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join()
        self.httpd.server_close()
