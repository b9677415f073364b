"""Benchmark mapgen against the naive folium baseline.

    python bench/run.py [CASES...] [--runs 3] [--out bench/out]
    python bench/run.py --smoke          # district and region once each; CI's smoke check

For each case: generate the project once (cached in OUT/CASE/project), then for each run build
it with ``python -m mapgen build PROJECT -o OUT --quiet`` and with ``bench/baseline_folium.py``,
each as a whole subprocess (wall time, peak RSS, output size), and load each result in headless
Chromium (time until ready at 1x and 4x CPU throttling, zoom-step time at 4x, JS heap, DOM
nodes, gzip bytes of the first view). Prints a markdown table of medians and writes
OUT/results.md and OUT/results.json. See bench/README.md for what each figure means.

Exit status: non-zero when mapgen's build fails or its page never becomes ready (the folium
baseline is allowed to fail: at national scale it is expected to).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import hashlib
import http.server
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
ALL_CASES = ["district", "region", "province", "national"]
TOOLS = ["mapgen", "folium"]
DEFAULT_MAPGEN_CMD = "{python} -m mapgen build {project} -o {out} --quiet"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    # Nothing but loopback resolves: a second fence behind the request router below.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1280, "height": 800}

# Runs one command in its own process group and reports, as JSON in a file: wall time, the
# children's ru_maxrss (the largest single process of the tree), the peak of the summed RSS of
# the whole process group (polled from /proc where there is one), exit status. A fresh wrapper
# per measured command keeps RUSAGE_CHILDREN clean.
WRAPPER = r"""
import json, os, resource, signal, subprocess, sys, time
report, timeout, max_rss, log = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
cmd = sys.argv[5:]
page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
proc_fs = os.path.isdir("/proc/self")

def tree_rss(pgid):
    total = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name, "rb") as f:
                stat = f.read()
            fields = stat[stat.rindex(b")") + 2:].split()
            if int(fields[2]) == pgid:
                total += int(fields[21]) * page
        except (OSError, ValueError, IndexError):
            pass
    return total

status, peak = "ok", 0
with open(log, "wb") as out:
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    while True:
        try:
            child.wait(timeout=0.2)
            break
        except subprocess.TimeoutExpired:
            pass
        if proc_fs:
            peak = max(peak, tree_rss(child.pid))
        over_time = time.perf_counter() - start > timeout
        over_mem = max_rss > 0 and peak > max_rss
        if over_time or over_mem:
            status = "timeout" if over_time else "memory"
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except OSError:
                pass
            child.wait()
            break
    wall = time.perf_counter() - start
maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
maxrss *= 1 if sys.platform == "darwin" else 1024
if status == "ok" and child.returncode != 0:
    status = "failed"
with open(report, "w") as f:
    json.dump({"status": status, "returncode": child.returncode, "wall_s": wall,
               "maxrss_bytes": maxrss, "tree_peak_bytes": peak or None}, f)
"""

# What the page gets before any of its own scripts: records when mapgen's ready flag
# (<html data-ready="true">) appears, and when two animation frames later it is painted.
INIT_SCRIPT = """
(() => {
  const bench = (window.__bench = { errors: [] });
  const isReady = () =>
    document.documentElement && document.documentElement.dataset.ready === "true";
  const mark = () => {
    if (bench.readyAt !== undefined) return;
    bench.readyAt = performance.now();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      bench.paintedAt = performance.now();
    }));
  };
  new MutationObserver(() => { if (isReady()) mark(); }).observe(document, {
    attributes: true, subtree: true, attributeFilter: ["data-ready"],
  });
  bench.poll = () => { if (isReady()) mark(); return bench.paintedAt !== undefined; };
  window.addEventListener("error", (e) => bench.errors.push(String(e.message)));
})();
"""

# The folium page has no ready flag: after the load event, wait until the number of
# .leaflet-interactive elements stops changing for 500 ms and at least 3 double-frames; the
# ready time is when that final count was first seen.
SETTLE_JS = """
async (maxMs) => {
  const t0 = performance.now();
  const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  let prev = -1, firstSeen = 0, stable = 0;
  for (;;) {
    await frames();
    const n = document.querySelectorAll(".leaflet-interactive").length;
    const now = performance.now();
    if (n !== prev) { prev = n; firstSeen = now; stable = 0; }
    else if (++stable >= 3 && now - firstSeen >= 500) break;
    if (now - t0 > maxMs) return { count: prev, readyMs: null };
  }
  return { count: prev, readyMs: firstSeen };
}
"""

FIND_MAP_JS = """
() => {
  if (window.mapgenMap) return "mapgenMap";
  if (!window.L) return null;
  for (const k of Object.keys(window)) {
    if (/^map_[0-9a-f]+$/.test(k) && window[k] instanceof window.L.Map) return k;
  }
  return null;
}
"""

ZOOM_JS = """
async ([name, maxMs]) => {
  const m = window[name];
  const z = m.getZoom();
  const target = z < m.getMaxZoom() ? z + 1 : z - 1;
  const t0 = performance.now();
  const done = new Promise((resolve) => {
    m.once("zoomend", () =>
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0))));
  });
  m.setZoom(target);
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), maxMs));
  return { ms: await Promise.race([done, timeout]), from: z, to: target };
}
"""

COUNTS_JS = """
() => ({
  dom: document.getElementsByTagName("*").length,
  interactive: document.querySelectorAll(".leaflet-interactive").length,
  markers: document.querySelectorAll(".leaflet-marker-icon").length,
})
"""

# jQuery is only used by folium's output as $(html)[0] (popups) and $(document).ready(fn).
# This stand-in does exactly that; set BENCH_JQUERY to a real jquery.min.js to serve that.
JQUERY_STANDIN = b"""/* bench stand-in for jQuery: the subset folium's output calls */
(function () {
  function $(arg) {
    if (typeof arg === "function") { $(document).ready(arg); return; }
    if (typeof arg === "string") {
      var d = document.createElement("div");
      d.innerHTML = arg.trim();
      return Array.prototype.slice.call(d.childNodes);
    }
    var list = [arg];
    list.ready = function (fn) {
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
      else setTimeout(fn);
      return list;
    };
    return list;
  }
  window.jQuery = window.$ = $;
})();
"""


# --------------------------------------------------------------------------------------------
# Small helpers


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def rel(path: Path) -> str:
    """A path for reports: relative to the repository when inside it."""
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(Path(*path.parts[-3:]))  # CASE/logs/FILE, or the like


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


@functools.lru_cache(maxsize=4096)
def _gzip_file(path: str, size: int, mtime: float) -> int:
    return len(gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0))


def gzip_size_of_file(path: Path) -> int:
    st = path.stat()
    return _gzip_file(str(path), st.st_size, st.st_mtime)


def file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


# --------------------------------------------------------------------------------------------
# Projects and builds


def ensure_project(case: str, seed: int, out: Path) -> tuple[Path, dict[str, Any]]:
    """Generate the case's project once; reuse it while the generator and seed are unchanged."""
    project = out / case / "project"
    stamp = project / ".bench-generated.json"
    key = {"case": case, "seed": seed, "generator": file_sha(BENCH / "generate.py")}
    if stamp.is_file():
        saved = json.loads(stamp.read_text(encoding="utf-8"))
        if saved.get("key") == key:
            return project, saved["summary"]
    shutil.rmtree(project, ignore_errors=True)
    log(f"{case}: generating project")
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(BENCH / "generate.py"), case, str(project), "--seed", str(seed)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"bench: generating {case} failed")
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    summary["wall_s"] = round(time.perf_counter() - start, 2)
    stamp.write_text(json.dumps({"key": key, "summary": summary}), encoding="utf-8")
    return project, summary


def build_command(tool: str, project: Path, out: Path, mapgen_cmd: str) -> list[str]:
    if tool == "folium":
        return [sys.executable, str(BENCH / "baseline_folium.py"), str(project), str(out)]
    fields = {"python": sys.executable, "project": str(project), "out": str(out)}
    return [part.format(**fields) for part in shlex.split(mapgen_cmd)]


def measure(cmd: list[str], logfile: Path, timeout: float, max_rss: int) -> dict[str, Any]:
    """Run ``cmd`` through a fresh wrapper process; return its report."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                sys.executable,
                "-c",
                WRAPPER,
                str(report),
                str(timeout),
                str(max_rss),
                str(logfile),
                *cmd,
            ],
            cwd=REPO,
            env=env,
            check=False,
        )
        if not report.is_file():
            return {"status": "failed", "returncode": None}
        return json.loads(report.read_text())


def build(
    tool: str, project: Path, out: Path, logfile: Path, args: argparse.Namespace
) -> dict[str, Any]:
    shutil.rmtree(out, ignore_errors=True)
    logfile.parent.mkdir(parents=True, exist_ok=True)
    cmd = build_command(tool, project, out, args.mapgen_cmd)
    result = measure(cmd, logfile, args.build_timeout, int(args.max_rss_gb * 2**30))
    if result["status"] == "ok" and not (out / "index.html").is_file():
        result["status"] = "no index.html"
    result["output_bytes"] = dir_bytes(out) if out.is_dir() else None
    if result["status"] != "ok":
        tail = logfile.read_text(encoding="utf-8", errors="replace")[-2000:]
        log(f"{tool} build {result['status']}; log tail:\n{tail}")
    return result


# --------------------------------------------------------------------------------------------
# Serving and the CDN mirror for the baseline


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".geojson": "application/geo+json",
        ".json": "application/json",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".pbf": "application/x-protobuf",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the browser hanging up mid-response is normal here


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_Handler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def cdn_mirror() -> dict[str, tuple[bytes, str]]:
    """What folium's CDN links resolve to in the benchmark: Leaflet and Leaflet.markercluster
    from the repository's pinned node_modules (1.9.4 and 1.5.3 instead of folium's 1.9.3 and
    1.1.0), a jQuery stand-in, and empty stand-ins for the purely decorative Bootstrap, Font
    Awesome and awesome-markers files. Keyed by file name."""
    leaflet = REPO / "node_modules" / "leaflet" / "dist"
    cluster = REPO / "node_modules" / "leaflet.markercluster" / "dist"
    files: dict[str, tuple[Path, str]] = {
        "leaflet.js": (leaflet / "leaflet.js", "text/javascript"),
        "leaflet.css": (leaflet / "leaflet.css", "text/css"),
        "leaflet.markercluster.js": (cluster / "leaflet.markercluster.js", "text/javascript"),
        "MarkerCluster.css": (cluster / "MarkerCluster.css", "text/css"),
        "MarkerCluster.Default.css": (cluster / "MarkerCluster.Default.css", "text/css"),
    }
    for name in (
        "marker-icon.png",
        "marker-icon-2x.png",
        "marker-shadow.png",
        "layers.png",
        "layers-2x.png",
    ):
        files[name] = (leaflet / "images" / name, "image/png")
    mirror = {name: (p.read_bytes(), ctype) for name, (p, ctype) in files.items() if p.is_file()}
    jquery = os.environ.get("BENCH_JQUERY")
    mirror["jquery-3.7.1.min.js"] = (
        (Path(jquery).read_bytes() if jquery else JQUERY_STANDIN),
        "text/javascript",
    )
    for name in ("bootstrap.bundle.min.js", "leaflet.awesome-markers.js"):
        mirror[name] = (b"/* bench: decorative asset left out */\n", "text/javascript")
    for name in (
        "bootstrap.min.css",
        "bootstrap-glyphicons.css",
        "all.min.css",
        "leaflet.awesome-markers.css",
        "leaflet.awesome.rotate.min.css",
    ):
        mirror[name] = (b"/* bench: decorative asset left out */\n", "text/css")
    return mirror


# --------------------------------------------------------------------------------------------
# Page metrics


def page_metrics(
    pw: Any,
    tool: str,
    site: Path,
    throttle: float,
    args: argparse.Namespace,
    *,
    zoom: bool,
    detail: bool,
) -> dict[str, Any]:
    """Load ``site``'s index.html once in a fresh browser; return what was measured."""
    timeout_ms = args.page_timeout * 1000
    mirror = cdn_mirror() if tool == "folium" else {}
    result: dict[str, Any] = {"status": "ok", "throttle": throttle}
    with serve(site) as origin:
        local = re.compile(r"^" + re.escape(origin))
        blocked: list[str] = []
        mirrored: dict[str, int] = {}
        finished: list[str] = []
        errors: list[str] = []
        crashed = threading.Event()

        def route(route: Any) -> None:
            url = route.request.url
            name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
            if name in mirror:
                body, ctype = mirror[name]
                mirrored[url] = len(gzip.compress(body, compresslevel=6, mtime=0))
                route.fulfill(
                    status=200,
                    body=body,
                    content_type=ctype,
                    headers={"access-control-allow-origin": "*"},
                )
            else:
                blocked.append(url)
                route.abort()

        browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=VIEWPORT)
            context.route(lambda url: not local.match(url), route)
            context.add_init_script(INIT_SCRIPT)
            page = context.new_page()
            page.on("requestfinished", lambda r: finished.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)[:300]))
            page.on("crash", lambda _p: crashed.set())
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
            start = time.perf_counter()
            try:
                page.goto(origin + "index.html", wait_until="commit", timeout=timeout_ms)
                remaining = max(1000, timeout_ms - (time.perf_counter() - start) * 1000)
                if tool == "mapgen":
                    page.wait_for_function(
                        "() => window.__bench.poll()", timeout=remaining, polling=100
                    )
                    ready_ms = page.evaluate("() => window.__bench.paintedAt")
                else:
                    page.wait_for_function(
                        "() => document.readyState === 'complete'", timeout=remaining, polling=100
                    )
                    remaining = max(1000, timeout_ms - (time.perf_counter() - start) * 1000)
                    settled = page.evaluate(SETTLE_JS, remaining)
                    if settled["readyMs"] is None:
                        raise TimeoutError("never settled")
                    if settled["count"] <= 0:
                        result["status"] = "blank"
                    ready_ms = settled["readyMs"]
                if result["status"] == "ok":
                    result["ready_ms"] = ready_ms
            except Exception as exc:  # timeouts, crashes, a closed page
                if crashed.is_set() or "crash" in str(exc).lower():
                    result["status"] = "crash"
                elif "timeout" in type(exc).__name__.lower() or "Timeout" in str(exc):
                    result["status"] = "timeout"
                else:
                    result["status"] = f"error: {str(exc).splitlines()[0][:120]}"
            if result["status"] == "ok":
                counts = page.evaluate(COUNTS_JS)
                result.update(
                    dom_nodes=counts["dom"],
                    interactive=counts["interactive"],
                    marker_icons=counts["markers"],
                )
                if detail and args.screenshots:
                    shot = args.out / "screenshots" / f"{site.parent.name}-{tool}.png"
                    shot.parent.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(shot))
                if detail:
                    cdp.send("HeapProfiler.collectGarbage")
                    result["heap_bytes"] = cdp.send("Runtime.getHeapUsage")["usedSize"]
                    result["first_view_gzip_bytes"] = _first_view_bytes(
                        site, origin, finished, mirrored
                    )
                    result["requests"] = len(finished)
                if zoom:
                    page.wait_for_timeout(300)
                    name = page.evaluate(FIND_MAP_JS)
                    if name is None:
                        result["zoom_ms"] = "no map"
                    else:
                        z = page.evaluate(ZOOM_JS, [name, timeout_ms])
                        result["zoom_ms"] = z["ms"] if z["ms"] is not None else "timeout"
            result["blocked"] = len(blocked)
            result["blocked_examples"] = sorted(set(blocked))[:5]
            result["page_errors"] = errors[:5]
        finally:
            with contextlib.suppress(Exception):
                browser.close()
    return result


def _first_view_bytes(
    site: Path, origin: str, finished: list[str], mirrored: dict[str, int]
) -> int:
    """Gzip bytes of every response the page needed until ready: local files from disk, CDN
    stand-ins from the mirror."""
    total = 0
    for url in dict.fromkeys(finished):
        if url in mirrored:
            total += mirrored[url]
        elif url.startswith(origin):
            path = unquote(urlsplit(url).path).lstrip("/") or "index.html"
            file = (site / path).resolve()
            if file.is_dir():
                file = file / "index.html"
            if file.is_file() and site.resolve() in file.parents:
                total += gzip_size_of_file(file)
    return total


# --------------------------------------------------------------------------------------------
# Report

FIGURES: list[tuple[str, str, int]] = [
    # key, label, decimals
    ("build_s", "build time (s)", 2),
    ("build_rss_mb", "build peak RSS, largest process (MB)", 0),
    ("build_tree_rss_mb", "build peak RSS, process tree (MB)", 0),
    ("output_mb", "output size (MB)", 2),
    ("first_view_gzip_kb", "first view, gzip (KB)", 0),
    ("ready_1x_ms", "time to ready, 1x CPU (ms)", 0),
    ("ready_4x_ms", "time to ready, 4x CPU throttle (ms)", 0),
    ("zoom_4x_ms", "zoom step, 4x CPU throttle (ms)", 0),
    ("heap_mb", "JS heap used (MB)", 1),
    ("dom_nodes", "DOM nodes", 0),
    ("blocked", "non-local requests blocked", 0),
]


def figures_of(run: dict[str, Any]) -> dict[str, Any]:
    """Flatten one run of one tool into the report's figures (numbers or status strings)."""
    b = run.get("build") or {}
    p1 = run.get("page_1x") or {}
    p4 = run.get("page_4x") or {}
    out: dict[str, Any] = {}
    bstatus = b.get("status", "skipped")
    if bstatus != "ok":
        return {key: f"build {bstatus}" for key, _, _ in FIGURES}
    out["build_s"] = b["wall_s"]
    out["build_rss_mb"] = b["maxrss_bytes"] / 2**20
    out["build_tree_rss_mb"] = (b.get("tree_peak_bytes") or 0) / 2**20 or "n/a"
    out["output_mb"] = b["output_bytes"] / 2**20

    def page(p: dict[str, Any], key: str, scale: float = 1.0) -> Any:
        if not p:
            return "skipped"
        if p.get("status") != "ok":
            return p.get("status")
        value = p.get(key)
        return value / scale if isinstance(value, int | float) else (value or "n/a")

    out["first_view_gzip_kb"] = page(p1, "first_view_gzip_bytes", 1024)
    out["ready_1x_ms"] = page(p1, "ready_ms")
    out["ready_4x_ms"] = page(p4, "ready_ms")
    out["zoom_4x_ms"] = page(p4, "zoom_ms")
    out["heap_mb"] = page(p1, "heap_bytes", 2**20)
    out["dom_nodes"] = page(p1, "dom_nodes")
    out["blocked"] = p1.get("blocked", "n/a") if p1 else "skipped"
    return out


def median_of(values: list[Any]) -> Any:
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if not values:
        return None
    if len(numbers) == len(values):
        return statistics.median(numbers)
    if numbers:
        return {"median": statistics.median(numbers), "failed": len(values) - len(numbers)}
    return max(set(map(str, values)), key=list(map(str, values)).count)


def fmt(value: Any, decimals: int) -> str:
    if value is None:
        return "–"
    if isinstance(value, dict):
        return f"{fmt(value['median'], decimals)} ({value['failed']} failed)"
    if isinstance(value, int | float):
        return f"{value:,.{decimals}f}"
    return str(value)


def ratio(a: Any, b: Any) -> str:
    a = a["median"] if isinstance(a, dict) else a
    b = b["median"] if isinstance(b, dict) else b
    if isinstance(a, int | float) and isinstance(b, int | float) and b:
        return f"{a / b:.2f}×"
    return "–"


def report(results: dict[str, Any], tools: list[str]) -> str:
    lines = [
        "| case | figure | "
        + " | ".join(tools)
        + (" | mapgen/folium |" if len(tools) == 2 else ""),
        "|---|---|" + "---:|" * len(tools) + ("---:|" if len(tools) == 2 else ""),
    ]
    if len(tools) != 2:
        lines[0] += " |"
    for case, data in results["cases"].items():
        gen = data["generated"]
        label = (
            f"{case} ({gen['townships']:,} townships, {gen['stations']:,} stations, "
            f"{gen['vertices_total']:,} vertices)"
        )
        for key, name, decimals in FIGURES:
            cells = [fmt(data["medians"].get(tool, {}).get(key), decimals) for tool in tools]
            row = f"| {label} | {name} | " + " | ".join(cells) + " |"
            if len(tools) == 2:
                m = data["medians"].get("mapgen", {}).get(key)
                f = data["medians"].get("folium", {}).get(key)
                row += f" {ratio(m, f)} |"
            lines.append(row)
            label = ""
    lines += [
        "",
        "| case | townships | vertices | stations | services | generated in (s) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for case, data in results["cases"].items():
        gen = data["generated"]
        lines.append(
            f"| {case} | {gen['townships']:,} | {gen['vertices_total']:,} | "
            f"{gen['stations']:,} | {gen['services']:,} | {gen['seconds']['total']:.2f} |"
        )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Main


def run_case(
    pw: Any, case: str, args: argparse.Namespace, tools: list[str]
) -> tuple[dict[str, Any], list[str]]:
    project, summary = ensure_project(case, args.seed, args.out)
    log(
        f"{case}: project ready ({summary['townships']} townships, {summary['stations']} "
        f"stations; generated in {summary['seconds']['total']} s)"
    )
    runs: dict[str, list[dict[str, Any]]] = {tool: [] for tool in tools}
    failures: list[str] = []
    give_up: dict[str, str] = {}  # tool -> why later runs are skipped
    skip_4x: dict[str, str] = {}  # tool -> why later 4x loads are skipped
    for i in range(args.runs):
        for tool in tools:
            if tool in give_up:
                runs[tool].append({"skipped": give_up[tool]})
                continue
            site = args.out / case / tool
            logfile = args.out / case / "logs" / f"{tool}-build-{i + 1}.log"
            log(f"{case} run {i + 1}/{args.runs}: {tool} build")
            b = build(tool, project, site, logfile, args)
            entry: dict[str, Any] = {"build": b}
            if b["status"] != "ok":
                if tool == "mapgen":
                    failures.append(f"{case}: mapgen build {b['status']} (see {rel(logfile)})")
                if b["status"] in ("timeout", "memory"):
                    give_up[tool] = f"build {b['status']} (run {i + 1})"
                runs[tool].append(entry)
                continue
            log(f"{case} run {i + 1}: {tool} build {b['wall_s']:.2f} s; page at 1x")
            p1 = page_metrics(pw, tool, site, 1, args, zoom=False, detail=True)
            entry["page_1x"] = p1
            if p1["status"] == "ok" and tool in skip_4x:
                entry["page_4x"] = {"status": skip_4x[tool]}
            elif p1["status"] == "ok" and not args.no_throttle:
                log(f"{case} run {i + 1}: {tool} ready {p1['ready_ms']:.0f} ms; page at 4x")
                p4 = page_metrics(pw, tool, site, 4, args, zoom=True, detail=False)
                entry["page_4x"] = p4
                if p4["status"] in ("timeout", "crash"):
                    log(f"{case} run {i + 1}: {tool} page at 4x {p4['status']}")
                    skip_4x[tool] = f"{p4['status']} (run {i + 1})"
            elif p1["status"] != "ok":
                log(f"{case} run {i + 1}: {tool} page {p1['status']} {p1.get('page_errors')}")
                if tool == "mapgen":
                    failures.append(f"{case}: mapgen page {p1['status']}")
                if p1["status"] in ("timeout", "crash"):
                    give_up[tool] = f"page {p1['status']} (run {i + 1})"
            runs[tool].append(entry)
    medians: dict[str, dict[str, Any]] = {}
    for tool in tools:
        flat = [figures_of(r) for r in runs[tool] if "skipped" not in r]
        medians[tool] = {key: median_of([f[key] for f in flat]) for key, _, _ in FIGURES}
    return {"generated": summary, "project": rel(project), "runs": runs, "medians": medians}, (
        failures
    )


def environment(args: argparse.Namespace, browser_version: str) -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),  # noqa: UP017
        "commit": commit,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "cpus": os.cpu_count(),
        "chromium": browser_version,
        "runs": args.runs,
        "seed": args.seed,
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "cases", nargs="*", metavar="CASE", help=f"any of {', '.join(ALL_CASES)} (default: all)"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="default bench/out")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--tools", default=",".join(TOOLS), help="comma-separated: mapgen, folium (default both)"
    )
    parser.add_argument(
        "--smoke", action="store_true", help="district and region, one run each, short timeouts"
    )
    parser.add_argument("--page-timeout", type=float, default=120.0, help="seconds")
    parser.add_argument("--build-timeout", type=float, default=1800.0, help="seconds")
    parser.add_argument(
        "--max-rss-gb",
        type=float,
        default=_default_rss_cap(),
        help="kill a build whose process tree grows past this",
    )
    parser.add_argument("--no-throttle", action="store_true", help="skip the 4x CPU loads")
    parser.add_argument(
        "--screenshots",
        action="store_true",
        help="save OUT/screenshots/CASE-TOOL.png of each page when ready",
    )
    parser.add_argument(
        "--chromium",
        default=shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome"),
        help="browser executable (default: chromium on PATH)",
    )
    parser.add_argument(
        "--mapgen-cmd",
        default=DEFAULT_MAPGEN_CMD,
        help="how to build with mapgen; {python}, {project}, {out} are filled in",
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.cases = args.cases or ["district", "region"]
        args.runs = 1
        args.page_timeout = min(args.page_timeout, 45.0)
        args.build_timeout = min(args.build_timeout, 300.0)
    args.cases = args.cases or ALL_CASES
    for case in args.cases:
        if case not in ALL_CASES:
            parser.error(f"unknown case {case!r}; use {', '.join(ALL_CASES)}")
    if args.out is None:
        args.out = BENCH / "out" / ("smoke" if args.smoke else "")
    args.out = args.out.resolve()
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    for tool in args.tools:
        if tool not in TOOLS:
            parser.error(f"unknown tool {tool!r}; use {', '.join(TOOLS)}")
    return args


def _default_rss_cap() -> float:
    """Three quarters of physical memory, in GiB (0 = no cap)."""
    try:
        return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30 * 0.75, 1)
    except (ValueError, OSError, AttributeError):
        return 0.0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"cases": {}}
    failures: list[str] = []
    with sync_playwright() as pw:
        probe = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        version = probe.version
        probe.close()
        results["environment"] = environment(args, version)
        results["tools"] = args.tools
        for case in args.cases:
            results["cases"][case], case_failures = run_case(pw, case, args, args.tools)
            failures += case_failures
            # write as we go: a long national run leaves partial results behind
            (args.out / "results.json").write_text(
                json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8"
            )
    table = report(results, args.tools)
    env = results["environment"]
    header = (
        f"Medians of {args.runs} run(s); commit {env['commit']}, Python {env['python']}, "
        f"Chromium {env['chromium']}, {env['cpus']} CPUs, {env['platform']}, {env['date']}.\n\n"
    )
    (args.out / "results.md").write_text(header + table, encoding="utf-8")
    print(header + table)
    if failures:
        print("mapgen failures:\n- " + "\n- ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
