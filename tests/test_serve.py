"""``mapgen serve``: the preview server sends the site's files and nothing outside them."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from mapgen.serve import SiteServer


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp_path = tmp_path_factory.mktemp("serve")
    secret = tmp_path / "private"
    secret.mkdir()
    (secret / "id_rsa").write_text("SECRET-KEY", encoding="utf-8")
    (secret / "index.html").write_text("SECRET-INDEX", encoding="utf-8")
    site = tmp_path / "site"
    (site / "stations").mkdir(parents=True)
    (site / "index.html").write_text("<h1>map</h1>", encoding="utf-8")
    (site / "stations/a.html").write_text("station a", encoding="utf-8")
    (site / "key.txt").symlink_to(secret / "id_rsa")
    (site / "photos").symlink_to(secret, target_is_directory=True)
    (site / "up").symlink_to(tmp_path, target_is_directory=True)
    (site / "same.html").symlink_to(site / "stations/a.html")  # stays inside: fine
    (site / "en").mkdir()
    (site / "en/index.html").symlink_to(secret / "index.html")
    server = SiteServer(site, port=0)
    server.start()
    try:
        yield server.url
    finally:
        server.close()


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()


@pytest.mark.parametrize(
    "path",
    [
        "key.txt",
        "photos/id_rsa",
        "photos/",
        "up/private/id_rsa",
        "en/",
        "en/index.html",
        "stations/../key.txt",
        "%2e%2e/private/id_rsa",
    ],
)
def test_serve_refuses_a_symlink_leading_outside_the_site(served: str, path: str):
    status, body = fetch(served + path)
    assert status in (403, 404), (path, status)
    assert b"SECRET" not in body


def test_serve_sends_the_sites_own_files(served: str):
    assert fetch(served) == (200, b"<h1>map</h1>")
    assert fetch(served + "stations/a.html") == (200, b"station a")
    assert fetch(served + "same.html") == (200, b"station a")
