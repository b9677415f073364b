"""``mapgen serve --watch``: a live preview while the officer edits the spreadsheet.

The project is rebuilt when ``mapgen.toml``, a layer file or a template changes (a burst
of saves is one rebuild), open pages reload themselves, and the last good site stays
served while the input has errors: the errors show in the terminal and over the page.

Reloading is the preview server's own: it adds ``/__mapgen__/live.js`` to every HTML page
it serves and answers ``/__mapgen__/status.json``. Nothing of it is in the built site.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mapgen.config import find_config, load_config
from mapgen.errors import BuildError, ConfigError, MapgenError
from mapgen.messages import format_report, report_language
from mapgen.site import build, default_output

LIVE_PREFIX = "/__mapgen__/"
LIVE_FILES = {
    "live.js": "application/javascript; charset=utf-8",
    "live.css": "text/css; charset=utf-8",
}
LIVE_DIR = Path(__file__).resolve().parent / "live"
DEBOUNCE_MS = 300


@dataclass
class Status:
    """What the open pages poll: a version that changes with each good build, and the
    problems of the latest build (its errors when it failed)."""

    version: int = 0
    ok: bool = True
    report: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def as_json(self) -> bytes:
        with self.lock:
            data = {"version": self.version, "ok": self.ok, "report": self.report}
        return json.dumps(data, ensure_ascii=False).encode("utf-8")


class Preview:
    """Builds a project into ``out`` and rebuilds it when its inputs change.

    Example::

        >>> preview = Preview("my-district")        # doctest: +SKIP
        >>> preview.rebuild(), preview.status.version   # doctest: +SKIP
        (True, 1)
    """

    def __init__(
        self,
        project: str | Path,
        out: str | Path | None = None,
        *,
        echo: Callable[[str], None] = print,
    ) -> None:
        self.project = Path(project)
        self.config_path = find_config(self.project)
        self.out = Path(out) if out is not None else default_output(self.project)
        self.echo = echo
        self.status = Status()
        self._building = threading.Lock()

    def rebuild(self) -> bool:
        """Build once; on bad input keep the last good site and record why. True if built."""
        with self._building:
            try:
                result = build(self.project, self.out)
            except ConfigError as exc:
                return self._failed("mapgen.toml has problems:\n  - " + "\n  - ".join(exc.messages))
            except BuildError as exc:
                return self._failed(format_report(exc.problems, exc.lang))
            except (MapgenError, OSError) as exc:
                return self._failed(f"mapgen: {exc}")
            report = ""
            if result.problems:
                report = format_report(result.problems, report_language(result.project.config))
            with self.status.lock:
                self.status.version += 1
                self.status.ok = True
                self.status.report = report
            changes = (
                result.changes.text(report_language(result.project.config))
                if result.changes
                else ""
            )
            self.echo(report + changes + f"Built {result.files} files in {result.out}")
            return True

    def _failed(self, report: str) -> bool:
        with self.status.lock:
            self.status.ok = False
            self.status.report = report
        self.echo(report + "上次成功生成的网站仍在预览中。The last good site is still served.")
        return False

    def watched(self) -> list[Path]:
        """``mapgen.toml``, every layer file (with a shapefile's sidecars, through its
        folder) and the project's templates folder."""
        paths = {self.config_path.resolve()}
        try:
            config = load_config(self.config_path)
        except ConfigError:
            return sorted(paths)
        for name in ("townships", "stations", "services", "categories", "candidates"):
            layer = config.layer(name).file
            if layer:
                paths.add(config.path(layer))
        return sorted(paths)

    def _relevant(self, path: Path, watched: list[Path]) -> bool:
        templates = self.config_path.parent.resolve() / "templates"
        return (
            path in watched
            or path.is_relative_to(templates)
            # A shapefile's sidecars (.dbf, .prj, .cpg) change with it.
            or any(path.parent == p.parent and path.stem == p.stem for p in watched)
        )

    def watch(self, stop: threading.Event) -> None:
        """Rebuild on every change to a watched file until ``stop`` is set."""
        import watchfiles

        site = self.out.resolve()

        def not_the_site(_: Any, name: str) -> bool:
            path = Path(name)
            return not (
                path.is_relative_to(site)
                or any(part.startswith(f".{site.name}.") for part in path.parts)
                or path.name == f"{site.name}.report.txt"
            )

        root = self.config_path.parent.resolve()
        # Layers may live outside the project folder (file = "../shared/…"): watch there too.
        folders = sorted({root} | {p.parent for p in self.watched() if not p.is_relative_to(root)})
        for changes in watchfiles.watch(
            *folders,
            stop_event=stop,
            debounce=DEBOUNCE_MS,
            step=50,
            watch_filter=not_the_site,
            raise_interrupt=False,
        ):
            watched = self.watched()
            changed = sorted({Path(p).resolve() for _, p in changes})
            names = sorted({p.name for p in changed if self._relevant(p, watched)})
            if names:
                self.echo(f"Changed: {', '.join(names)} — rebuilding…")
                self.rebuild()

    def server(self, port: int = 0) -> http.server.ThreadingHTTPServer:
        """An HTTP server on 127.0.0.1 for the site, with the live-reload endpoints."""
        handler = functools.partial(PreviewHandler, preview=self)
        try:
            return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError:
            return http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder; adds the reload script to HTML; answers the status."""

    def __init__(self, *args: Any, preview: Preview, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, directory=str(preview.out.resolve()), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path.startswith(LIVE_PREFIX):
            self._live(path.removeprefix(LIVE_PREFIX))
            return
        target = Path(self.translate_path(path))
        if target.is_dir():
            target = target / "index.html"
        root = self.preview.out.resolve()
        if not _inside(target, root):
            self.send_error(404)
            return
        if target.suffix == ".html" and target.is_file():
            self._send(with_live_script(target.read_bytes()), "text/html; charset=utf-8")
            return
        super().do_GET()

    def _live(self, name: str) -> None:
        if name == "status.json":
            self._send(self.preview.status.as_json(), "application/json; charset=utf-8")
        elif name in LIVE_FILES:
            self._send((LIVE_DIR / name).read_bytes(), LIVE_FILES[name])
        else:
            self.send_error(404)

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def _inside(target: Path, root: Path) -> bool:
    """Only files inside the site, and no symbolic link out of it."""
    try:
        return target.resolve().is_relative_to(root) and not any(
            p.is_symlink() for p in (target, *target.parents) if p.is_relative_to(root)
        )
    except OSError:
        return False


def with_live_script(page: bytes) -> bytes:
    """The page with the preview's reload script and style (same origin: the page's CSP
    allows them).

    >>> with_live_script(b"<head></head><body></body>").decode()
    '<head><link rel="stylesheet" href="/__mapgen__/live.css"></head><body><script src="/__mapgen__/live.js"></script></body>'
    """
    page = page.replace(
        b"</head>", f'<link rel="stylesheet" href="{LIVE_PREFIX}live.css"></head>'.encode(), 1
    )
    head, sep, tail = page.rpartition(b"</body>")
    if not sep:
        return page
    return head + f'<script src="{LIVE_PREFIX}live.js"></script>'.encode() + sep + tail


def serve_preview(
    project: str | Path,
    out: str | Path | None = None,
    *,
    port: int = 8000,
    open_browser: bool = False,
    echo: Callable[[str], None] = print,
) -> None:
    """Build, serve on 127.0.0.1 and rebuild on changes until Ctrl+C."""
    preview = Preview(project, out, echo=echo)
    if not preview.rebuild() and not (preview.out / "index.html").is_file():
        raise MapgenError("the project has errors and there is no earlier site to show.")
    server = preview.server(port)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    echo(f"Serving {preview.out} at {url}, rebuilding on changes — press Ctrl+C to stop.")
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    watcher.start()
    if open_browser:
        import webbrowser

        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        echo("Stopped.")
    finally:
        stop.set()
        server.server_close()
        watcher.join(timeout=2)
