"""Serve a built site on the loopback address, for local preview."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path


def serve_site(site_path: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve site_path over http until interrupted."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site_path))
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        server.serve_forever()
