"""Shared fixtures: the demo project, built sites, a local server and a real Chromium."""

from __future__ import annotations

import functools
import http.server
import importlib.util
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# Property tests check invariants, not speed (speed lives in bench/): on a busy two-core
# CI machine a per-example deadline only adds flaky failures.
settings.register_profile("mapgen", deadline=None)
settings.load_profile("mapgen")


def load_bench_generator():
    """``bench/generate.py`` as a module (bench/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench/generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def axe_violations(page: object, **options: object) -> list[dict]:
    """Run axe-core in the page. ``evaluate`` goes through the DevTools protocol, which a
    page's Content-Security-Policy does not govern, so the page's CSP stays as shipped."""
    assert AXE.is_file(), "axe-core is missing: run `npm ci` (it is a pinned devDependency)"
    page.evaluate(AXE.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    result = page.evaluate(  # type: ignore[attr-defined]
        "async (options) => (await axe.run(document, options)).violations", options
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [" ".join(n["target"]) for n in v["nodes"]]}
        for v in result
    ]


def copy_demo(target: Path) -> Path:
    """A writable copy of the embedded demo project."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mapgen.toml", target / "mapgen.toml")
    shutil.copytree(ROOT / "layers", target / "layers")
    return target


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "demo")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built once per test session (read-only for tests)."""
    from mapgen import build

    project = copy_demo(tmp_path_factory.mktemp("demo-site"))
    return build(project).out


def build_at(project: Path, out: Path, size: str) -> Path:
    """Build ``project``; with ``size="large"`` through the large-site path whatever its
    size (map data chunked in data/map/ and fetched, townships on canvas tiles), so the
    residents' scenarios run unchanged on both."""
    from mapgen import build
    from mapgen.render import mapdata

    with pytest.MonkeyPatch.context() as patch:
        if size == "large":
            patch.setattr(mapdata, "LARGE_TOWNSHIPS", -1)
        return build(project, out).out


@pytest.fixture(scope="session")
def large_demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built once per session through the large-site path (read-only)."""
    root = tmp_path_factory.mktemp("large-demo-site")
    return build_at(copy_demo(root / "project"), root / "site", "large")


class Server:
    def __init__(self, root: Path) -> None:
        self.root = root
        handler = functools.partial(_Handler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def page(self, path: str) -> str:
        """A station or township page as this site addresses it (see :func:`page_of`)."""
        return page_of(self.root, path)


PAGE = re.compile(r"((?:\.\./)?)((?:en/)?)(stations|townships)/([^/#?]+)\.html(#.*)?")


def page_of(site: Path, path: str) -> str:
    """``stations/JD-03.html`` on a small site; on a large one, whose station and township
    pages are drawn from data, ``stations/index.html?id=JD-03`` (mapgen.pagenames)."""
    match = PAGE.fullmatch(path)
    if not match or not (site / match[2] / match[3] / "index.html").exists():
        return path
    up, lang, kind, name, fragment = match.groups()
    return f"{up}{lang}{kind}/index.html?id={name}{fragment or ''}"


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(root: Path) -> Server:
    return Server(root)


@pytest.fixture(scope="session")
def demo_server(demo_site: Path) -> Iterator[Server]:
    server = Server(demo_site)
    yield server
    server.close()


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium driven by Playwright; a missing browser fails, it does not skip."""
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("MAPGEN_SKIP_BROWSER"):
            pytest.skip("MAPGEN_SKIP_BROWSER is set and chromium is not installed")
        pytest.fail(
            "chromium is not installed: `apt-get install chromium` (browser tests "
            "need it; set MAPGEN_SKIP_BROWSER=1 to skip them knowingly)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


class BrowserPage:
    """A page whose every non-local request is blocked and counted, with errors recorded."""

    def __init__(self, browser: object, **context_options: object) -> None:
        self.context = browser.new_context(**context_options)  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.blocked.append(url)
            route.abort()  # type: ignore[attr-defined]

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    def open(self, url: str) -> object:
        self.page.goto(url)
        self.page.wait_for_function(
            "() => document.documentElement.dataset.ready === 'true'", timeout=15000
        )
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def web(browser: object) -> Iterator[BrowserPage]:
    page = BrowserPage(browser, viewport={"width": 1280, "height": 800}, locale="zh-CN")
    yield page
    page.close()
    assert not page.errors, f"JavaScript errors: {page.errors}"
    assert not page.dialogs, f"unexpected dialogs: {page.dialogs}"


@pytest.fixture
def script_page(browser: object) -> Iterator[object]:
    """A blank page in Chromium with a function ``load(*names)`` that runs files of
    ``mapgen/static/`` in it: for testing a page module on its own, without a site."""
    web = BrowserPage(browser, viewport={"width": 800, "height": 600})
    web.page.set_content("<!doctype html><html><head><meta charset='utf-8'></head></html>")  # type: ignore[attr-defined]

    def load(*names: str) -> object:
        for name in names:
            source = (ROOT / "mapgen" / "static" / name).read_text(encoding="utf-8")
            web.page.add_script_tag(content=source)  # type: ignore[attr-defined]
        return web.page

    yield load
    web.close()
    assert not web.errors, f"JavaScript errors: {web.errors}"
