"""``mapgen serve --watch``: edits show in the open page; errors show over it."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from mapgen.preview import Preview


@pytest.fixture
def preview(demo: Path):
    messages: list[str] = []
    live = Preview(demo, echo=messages.append)
    assert live.rebuild()
    server = live.server(0)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    stop = threading.Event()
    watcher = threading.Thread(target=live.watch, args=(stop,), daemon=True)
    watcher.start()
    live.url = url  # type: ignore[attr-defined]
    live.messages = messages  # type: ignore[attr-defined]
    yield live
    stop.set()
    server.shutdown()
    server.server_close()
    watcher.join(timeout=5)


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_the_published_build_has_no_live_reload(demo_site):
    for page in demo_site.rglob("*"):
        if page.is_file():
            assert b"__mapgen__" not in page.read_bytes(), page


def test_preview_pages_carry_the_reload_script_and_refuse_symlinks(preview, tmp_path):
    status, page = fetch(preview.url)
    assert status == 200 and '<script src="/__mapgen__/live.js"></script></body>' in page
    secret = tmp_path / "secret.txt"
    secret.write_text("private", encoding="utf-8")
    (preview.out / "leak.txt").symlink_to(secret)
    assert fetch(preview.url + "leak.txt")[0] == 404
    assert fetch(preview.url + "../secret.txt")[0] == 404
    assert fetch(preview.url + "__mapgen__/status.json")[1].startswith('{"version": 1')


@pytest.mark.browser
def test_editing_a_station_name_shows_in_the_open_page_and_errors_over_it(web, preview, demo):
    page = web.open(preview.url + "stations/JD-02.html")
    assert "外冈镇精神健康社工站" in page.locator("h1").inner_text()
    stations = demo / "layers/stations_gcj02.csv"
    text = stations.read_text(encoding="utf-8-sig")
    stations.write_text(text.replace("外冈镇精神健康社工站", "外冈镇心理服务站"), encoding="utf-8")
    page.wait_for_function(
        "() => document.querySelector('h1').textContent.includes('外冈镇心理服务站')",
        timeout=30000,
    )
    # A broken edit: the errors show over the page, the last good site stays served.
    config = demo / "mapgen.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('id = "站点编号"', 'id = "站点编号X"'),
        encoding="utf-8",
    )
    panel = page.locator(".mapgen-live-error")
    panel.wait_for(timeout=30000)
    assert "站点编号X" in panel.inner_text()
    assert "外冈镇心理服务站" in page.locator("h1").inner_text()
    assert fetch(preview.url + "stations/JD-02.html")[0] == 200
    assert any("站点编号X" in m for m in preview.messages)  # and in the terminal
