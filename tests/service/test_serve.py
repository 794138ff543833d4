"""`intlhub serve`: the site and the API from one process; a busy port is one line; the site is
looked up per request."""

import socket
import subprocess
import sys

from starlette.testclient import TestClient

from intlhub.service.app import create_app
from intlhub.service.run import Listen, with_local_origins
from service_fixtures import service_config


def test_a_busy_port_is_a_one_line_error(tmp_path):
    site_path = tmp_path / "site"
    site_path.mkdir()
    (site_path / "index.html").write_text("<p>site</p>", encoding="utf-8")
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    port = busy.getsockname()[1]
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "intlhub.cli",
                "serve",
                "--no-build",
                "--site-dir",
                str(site_path),
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        busy.close()
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [f"Error: Cannot listen on 127.0.0.1:{port}: Address already in use"]
    assert "Traceback" not in result.stderr


def test_the_site_is_served_and_swapped_in_place(tmp_path):
    config = service_config(tmp_path)
    client = TestClient(create_app(config))
    assert client.get("/").status_code == 503  # not built yet: says so
    config.site_path.mkdir()
    (config.site_path / "index.html").write_text("<p>first</p>", encoding="utf-8")
    (config.site_path / "404.html").write_text("<p>not here</p>", encoding="utf-8")
    assert client.get("/").text == "<p>first</p>"
    missing = client.get("/no/such/page.html")
    assert (missing.status_code, missing.text) == (404, "<p>not here</p>")
    config.site_path.rename(tmp_path / "old-site")  # a rebuild swaps site/ by renaming
    config.site_path.mkdir()
    (config.site_path / "index.html").write_text("<p>second</p>", encoding="utf-8")
    assert client.get("/").text == "<p>second</p>"


def test_a_loopback_service_allows_both_names_of_its_address(tmp_path):
    config = with_local_origins(
        service_config(tmp_path), Listen("127.0.0.1", 8123), ["https://x.example/"]
    )
    assert {
        "http://127.0.0.1:8123",
        "http://localhost:8123",
        "https://x.example",
    } <= config.allowed_origins
