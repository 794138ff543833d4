"""Run the intake service with uvicorn: one process, on a socket bound here so that a busy port
is one clear error, stopped cleanly by Ctrl+C (SIGINT) or SIGTERM."""

from __future__ import annotations

import dataclasses
import ipaddress
import socket
from collections.abc import Sequence
from dataclasses import dataclass

import uvicorn

from intlhub.base.problems import HubError
from intlhub.service.app import create_app
from intlhub.service.config import ServiceConfig, origin_of

LOOPBACK_NAMES = {"127.0.0.1": "localhost", "::1": "localhost"}


@dataclass(frozen=True)
class Listen:
    """Where and how the service listens."""

    host: str = "127.0.0.1"
    port: int = 8000
    trusted_proxies: tuple[str, ...] = ()  # peers whose X-Forwarded-For/-Proto are believed
    access_log: bool = True


def listen_url(host: str, port: int) -> str:
    """The URL of the listening address, as a browser on this machine writes it."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def with_local_origins(
    config: ServiceConfig, listen: Listen, extra: Sequence[str]
) -> ServiceConfig:
    """Allow the listening address (and `localhost` for a loopback one) and any extra origins."""
    origins = set(config.allowed_origins) | {origin_of(url) for url in extra}
    origins.add(origin_of(listen_url(listen.host, listen.port)))
    if listen.host in LOOPBACK_NAMES:
        origins.add(origin_of(listen_url(LOOPBACK_NAMES[listen.host], listen.port)))
    return dataclasses.replace(config, allowed_origins=frozenset(origins))


def bind_socket(host: str, port: int) -> socket.socket:
    """Bind the listening socket, or say in one line why it cannot be."""
    try:
        family = socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:
        family = socket.AF_INET  # a host name: IPv4
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise HubError(
            f"Cannot listen on {host}:{port}: {error.strerror}",
            "Pass --port with a free port (or stop what uses it).",
        ) from error
    sock.listen(2048)  # connections wait in the backlog while the service starts up
    sock.set_inheritable(True)
    return sock


def serve(config: ServiceConfig, listen: Listen, sock: socket.socket | None = None) -> None:
    """Serve until interrupted (on `sock` if given, else on listen's address)."""
    sock = sock or bind_socket(listen.host, listen.port)
    settings = uvicorn.Config(
        create_app(config),
        workers=1,
        proxy_headers=bool(listen.trusted_proxies),
        forwarded_allow_ips=list(listen.trusted_proxies) or None,
        server_header=False,
        access_log=listen.access_log,
        log_level="info",
        timeout_graceful_shutdown=10,
    )
    server = uvicorn.Server(settings)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
