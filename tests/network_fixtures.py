"""Raw loopback servers for network tests: trickled headers or bodies, redirects, huge answers.

Every server binds to 127.0.0.0/8 only (127.0.0.2 and 127.0.0.3 stand in for other hosts), and
stops when its `with` block ends, so no test can send traffic anywhere else or hang.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator

Script = Callable[[socket.socket, bytes], None]  # (connection, request head) -> None


class RawServer:
    """A TCP server on a loopback address that runs `script` on each connection."""

    def __init__(self, host: str, script: Script) -> None:
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        assert host.startswith("127."), "tests talk to loopback only"
        self.listener.bind((host, 0))
        self.listener.listen(8)
        self.listener.settimeout(0.1)
        self.host, self.port = self.listener.getsockname()
        self.script = script
        self.requests: list[bytes] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def url(self, path: str = "/") -> str:
        """The server's address with a path."""
        return f"http://{self.host}:{self.port}{path}"

    def serve(self) -> None:
        """Accept connections until stopped; one thread per connection."""
        while not self.stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                continue
            threading.Thread(target=self.handle, args=(connection,), daemon=True).start()

    def handle(self, connection: socket.socket) -> None:
        """Read the request head, record it, run the script."""
        connection.settimeout(2.0)
        head = b""
        with contextlib.suppress(OSError), connection:
            while b"\r\n\r\n" not in head and len(head) < 65536:
                chunk = connection.recv(4096)
                if not chunk:
                    return
                head += chunk
            self.requests.append(head)
            self.script(connection, head)

    def stop(self) -> None:
        """Stop accepting and close the listener."""
        self.stopped.set()
        self.thread.join(2.0)
        self.listener.close()


@contextlib.contextmanager
def raw_server(script: Script, host: str = "127.0.0.1") -> Iterator[RawServer]:
    """Run a RawServer for the block."""
    server = RawServer(host, script)
    try:
        yield server
    finally:
        server.stop()


def trickle(data: bytes, every: float, stop_after: float = 10.0) -> Script:
    """A script sending data one byte at a time, one byte every `every` seconds."""

    def script(connection: socket.socket, head: bytes) -> None:
        started = time.monotonic()
        for byte in data:
            if time.monotonic() - started > stop_after:
                return
            connection.sendall(bytes([byte]))
            time.sleep(every)

    return script


def answer(
    body: bytes, content_type: str = "text/csv", status: str = "200 OK", extra: str = ""
) -> bytes:
    """A whole HTTP/1.1 answer with Content-Length and Connection: close."""
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n{extra}\r\n"
    )
    return head.encode("latin-1") + body


def send(data: bytes) -> Script:
    """A script sending data at once."""

    def script(connection: socket.socket, head: bytes) -> None:
        connection.sendall(data)

    return script


def redirect(location: str, status: str = "302 Found") -> Script:
    """A script answering with a redirect to location."""
    return send(answer(b"", status=status, extra=f"Location: {location}\r\n"))


def endless_body(content_type: str, prefix: bytes = b"", chunk: bytes = b"0" * 65536) -> Script:
    """A script announcing no length and streaming chunks until the client goes away."""

    def script(connection: socket.socket, head: bytes) -> None:
        connection.sendall(
            f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nConnection: close\r\n\r\n".encode()
            + prefix
        )
        deadline = time.monotonic() + 20.0
        while time.monotonic() < deadline:
            connection.sendall(chunk)

    return script
