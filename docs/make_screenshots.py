"""Redraw the README's screenshots of the demo: ``python docs/make_screenshots.py``.

Builds the embedded demo into a temporary folder, serves it on 127.0.0.1 and photographs
the home page and the coverage page in Debian's chromium. Tiles from outside are blocked,
as in an intranet, so the pictures show what every reader sees at least: boundaries,
stations and text in real Chinese glyphs (install ``fonts-noto-cjk`` first).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from mapgen.resources import demo_project
from mapgen.site import build

IMAGES = Path(__file__).resolve().parent / "images"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "demo"
        shutil.copytree(demo_project() / "layers", project / "layers")
        shutil.copy2(demo_project() / "mapgen.toml", project / "mapgen.toml")
        site = build(project).out
        handler = functools.partial(_QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=shutil.which("chromium"), headless=True, args=ARGS
                )
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.route(
                    "**/*",
                    lambda route: (
                        route.continue_() if route.request.url.startswith(base) else route.abort()
                    ),
                )
                for name, path in (("demo.png", "index.html"), ("coverage.png", "coverage.html")):
                    page.goto(base + path)
                    page.wait_for_selector("html[data-ready='true']", timeout=30_000)
                    page.wait_for_timeout(500)  # let the map finish drawing
                    page.screenshot(path=str(IMAGES / name), full_page=name == "coverage.png")
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
