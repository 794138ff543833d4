"""Loopback HTTP servers for the fuzz harness: a fake World Bank API and hostile behaviours.

They listen on 127.0.0.1 (and 127.0.0.2 as the "other host" a redirect points at) on free ports,
and never forward anything anywhere. Each behaviour ends by itself within BEHAVIOUR_SECONDS.
"""

from __future__ import annotations

import gzip
import http.server
import socket
import threading
import time
from collections.abc import Callable

BEHAVIOUR_SECONDS = 90  # a trickle stops after this: longer than the 60-s hang threshold


class Server(http.server.ThreadingHTTPServer):
    """A threading server that does not block shutdown on hung handlers."""

    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up mid-answer is expected here: stay quiet."""


class AnswerHandler(http.server.BaseHTTPRequestHandler):
    """Answers every GET with `server.answer` (status, headers, body) and counts the hits."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.server.hits.append(self.path)
        status, headers, body = self.server.answer(self.path)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, format: str, *args) -> None:
        pass


def start_server(answer: Callable, host: str = "127.0.0.1", handler=AnswerHandler) -> Server:
    """Start a server on a free port of `host`, in a daemon thread."""
    server = Server((host, 0), handler)
    server.answer = answer
    server.hits = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def url_of(server: Server) -> str:
    """The server's base URL."""
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"


class BehaviourHandler(http.server.BaseHTTPRequestHandler):
    """One hostile HTTP behaviour per server, named by `server.behaviour`."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802
        self.server.hits.append(self.path)
        behaviour = self.server.behaviour
        body = self.server.body_for(self.path)
        try:
            getattr(self, "send_" + behaviour.replace("-", "_"))(body)
        except OSError:
            pass  # the client gave up: that is the point

    def log_message(self, format: str, *args) -> None:
        pass

    def head(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def send_trickle_body(self, body: bytes) -> None:
        self.head(
            200,
            {"Content-Type": self.server.content_type, "Content-Length": str(len(body) + 10_000)},
        )
        ends = time.monotonic() + BEHAVIOUR_SECONDS
        for byte in body + b"x" * 10_000:
            if time.monotonic() > ends:
                break
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(1.0)

    def send_trickle_headers(self, body: bytes) -> None:
        ends = time.monotonic() + BEHAVIOUR_SECONDS
        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
        while time.monotonic() < ends:
            self.wfile.write(b"X-Slow: y\r\n")
            self.wfile.flush()
            time.sleep(1.0)

    def send_truncate(self, body: bytes) -> None:
        self.head(
            200,
            {"Content-Type": self.server.content_type, "Content-Length": str(len(body) * 2 + 100)},
        )
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)

    def send_oversize(self, body: bytes) -> None:
        size = 400 * 1024 * 1024
        self.head(200, {"Content-Type": self.server.content_type, "Content-Length": str(size)})
        chunk = b"x," * 32768
        ends = time.monotonic() + BEHAVIOUR_SECONDS
        sent = 0
        while sent < size and time.monotonic() < ends:
            self.wfile.write(chunk)
            sent += len(chunk)

    def send_redirect_other_host(self, body: bytes) -> None:
        self.head(302, {"Location": self.server.other_url + self.path, "Content-Length": "0"})

    def send_redirect_loop(self, body: bytes) -> None:
        self.head(
            302,
            {
                "Location": self.path + ("&" if "?" in self.path else "?") + "r=1",
                "Content-Length": "0",
            },
        )

    def send_gzip_bomb(self, body: bytes) -> None:
        bomb = self.server.gzip_bomb
        self.head(
            200,
            {
                "Content-Type": self.server.content_type,
                "Content-Encoding": "gzip",
                "Content-Length": str(len(bomb)),
            },
        )
        self.wfile.write(bomb)

    def send_wrong_type(self, body: bytes) -> None:
        html = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
        self.head(
            200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(html))}
        )
        self.wfile.write(html)

    def send_plain(self, body: bytes) -> None:
        self.head(200, {"Content-Type": self.server.content_type, "Content-Length": str(len(body))})
        self.wfile.write(body)


BEHAVIOURS = (
    "trickle-body",
    "trickle-headers",
    "truncate",
    "oversize",
    "redirect-other-host",
    "redirect-loop",
    "gzip-bomb",
    "wrong-type",
)


def gzip_bomb(megabytes: int = 1024) -> bytes:
    """About 1 MB of gzip that expands to `megabytes` MB of zeros."""
    out = gzip.compress(b"\0" * (1024 * 1024), compresslevel=9)
    return out * megabytes  # concatenated gzip members: a reader must stop at its limit


def start_behaviour(
    behaviour: str, body_for: Callable[[str], bytes], content_type: str, host: str = "127.0.0.1"
) -> Server:
    """Start a server with one behaviour; a redirect to another host points at 127.0.0.2."""
    server = Server((host, 0), BehaviourHandler)
    server.behaviour, server.body_for, server.content_type, server.hits = (
        behaviour,
        body_for,
        content_type,
        [],
    )
    server.gzip_bomb = gzip_bomb() if behaviour == "gzip-bomb" else b""
    server.other = None
    if behaviour == "redirect-other-host":
        server.other = start_behaviour("plain", body_for, content_type, host="127.0.0.2")
        server.other_url = url_of(server.other)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def stop(server: Server) -> None:
    """Stop a server (and its other host)."""
    server.shutdown()
    server.server_close()
    if getattr(server, "other", None) is not None:
        stop(server.other)
