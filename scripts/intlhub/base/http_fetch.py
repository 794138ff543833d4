"""One http(s) GET that cannot hang or wander: a total deadline, a size cap, redirects checked
before connecting (same host or listed hosts, never to a private, loopback or link-local address
unless the first URL was one), and secret headers kept for the first origin.

Built on http.client rather than requests: requests' timeout applies per read, so a server that
trickles one byte every few seconds, in the headers or the body, never trips it (FINDINGS). Here
we own the socket, so a watchdog thread can shut it down at the deadline wherever the read is
blocked. Proxies from the environment are not used: a proxy would hide where a redirect goes.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

CHUNK_BYTES = 65536
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# Names of cloud metadata services; their addresses are link-local or shared anyway.
METADATA_HOSTS = {"metadata", "metadata.google.internal", "metadata.goog", "instance-data"}

Resolve = Callable[..., list]
Address = tuple[int, tuple]  # (family, sockaddr) as getaddrinfo gives them


class NetworkError(Exception):
    """A GET failed; `retryable` says whether trying again may help."""

    retryable = True


class DeadlineExceeded(NetworkError):
    """The whole exchange (connect, headers, body, redirects) took longer than the deadline."""


class BodyTooLarge(NetworkError):
    """The body is, or grew, larger than the cap."""

    retryable = False


class RedirectRefused(NetworkError):
    """A redirect pointed somewhere this fetch may not go."""

    retryable = False


@dataclass(frozen=True)
class HttpLimits:
    """How long, how much and where a GET may go."""

    connect_timeout: float = 5.0
    read_timeout: float = 30.0  # one read on the socket
    deadline: float = 120.0  # connect, headers, body and every redirect together
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    allowed_hosts: frozenset[str] = frozenset()  # other hosts a redirect may go to


@dataclass(frozen=True)
class HttpAnswer:
    """The final answer: its URL, status and headers; the body only for a 200."""

    url: str
    status: int
    headers: Message
    body: bytes


def address_kind(address: str) -> str:
    """Return 'public', 'loopback', 'link-local', 'private' or 'reserved' for an IP address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"  # 169.254.169.254: the cloud metadata service
    if ip.is_private and not ip.is_unspecified:
        return "private"  # 10/8, 172.16/12, 192.168/16, fc00::/7
    if ip.is_global and not ip.is_multicast:
        return "public"
    return "reserved"  # 0.0.0.0, multicast, 100.64/10 (another metadata service), documentation


def resolve_url(url: str, resolve: Resolve = socket.getaddrinfo) -> list[Address]:
    """Return the (family, sockaddr) pairs the URL's host resolves to."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        found = resolve(parts.hostname, port, 0, socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise NetworkError(f"cannot resolve {parts.hostname!r} ({error})") from error
    return [(family, sockaddr) for family, _, _, _, sockaddr in found]


def plan_redirect(
    original_url: str,
    location: str,
    allowed_hosts: frozenset[str] | set[str],
    base_url: str | None = None,
    resolve: Resolve = socket.getaddrinfo,
) -> tuple[str, list[Address]]:
    """Return the redirect's URL and the addresses to connect to, or raise RedirectRefused."""
    target_url = urljoin(base_url or original_url, location.strip())
    original, target = urlsplit(original_url), urlsplit(target_url)
    if target.scheme not in ("http", "https") or not target.hostname:
        raise RedirectRefused(f"the redirect to {location!r} is not an http(s) address")
    if original.scheme == "https" and target.scheme == "http":
        raise RedirectRefused(f"the redirect to {target_url!r} drops https")
    if target.username or target.password:
        raise RedirectRefused(f"the redirect to {target_url!r} carries credentials")
    host = target.hostname.lower().rstrip(".")
    listed = {name.lower().rstrip(".") for name in allowed_hosts}
    if host != (original.hostname or "").lower().rstrip(".") and host not in listed:
        raise RedirectRefused(
            f"the redirect goes to another host, {host!r}, not listed in --allow-redirect-host"
        )
    if host in METADATA_HOSTS:
        raise RedirectRefused(f"the redirect goes to {host!r}, a cloud metadata service")
    try:
        addresses = resolve_url(target_url, resolve)
        original_kinds = {address_kind(a[1][0]) for a in resolve_url(original_url, resolve)}
    except NetworkError as error:
        raise RedirectRefused(f"the redirect to {target_url!r}: {error}") from error
    for _, sockaddr in addresses:
        kind = address_kind(sockaddr[0])
        if kind != "public" and kind not in original_kinds:
            raise RedirectRefused(
                f"the redirect to {host!r} resolves to {sockaddr[0]}, a {kind} address"
            )
    return target_url, addresses


def redirect_allowed(
    original_url: str,
    location: str,
    allowed_hosts: frozenset[str] | set[str],
    resolve: Resolve = socket.getaddrinfo,
) -> tuple[bool, str]:
    """Decide, without connecting, whether a fetch of original_url may follow `Location: location`."""
    try:
        target_url, addresses = plan_redirect(original_url, location, allowed_hosts, None, resolve)
    except RedirectRefused as error:
        return False, str(error)
    shown = ", ".join(sorted({sockaddr[0] for _, sockaddr in addresses}))
    return True, f"{target_url!r} ({shown})"


class Watchdog:
    """Shut the current socket down at the deadline, wherever a read is blocked."""

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self.sock: socket.socket | None = None
        self.lock = threading.Lock()
        self.timer = threading.Timer(max(seconds, 0.0), self.fire)
        self.timer.daemon = True
        self.timer.start()

    def watch(self, sock: socket.socket) -> None:
        """Make sock the one to shut down (cut at once if the deadline already passed)."""
        with self.lock:
            self.sock = sock
            if self.fired:
                cut(sock)

    def fire(self) -> None:
        """The deadline passed."""
        with self.lock:
            self.fired = True
            if self.sock is not None:
                cut(self.sock)

    def cancel(self) -> None:
        """The exchange ended in time."""
        self.timer.cancel()


def cut(sock: socket.socket) -> None:
    """Shut a socket down from another thread; the blocked read returns at once."""
    try:
        # socket.socket's own shutdown, also for an SSLSocket (whose override drops its state)
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


def connect(
    url: str, addresses: list[Address], limits: HttpLimits, watchdog: Watchdog, remaining: float
) -> http.client.HTTPConnection:
    """Open a connection to one of the checked addresses (TLS for https), never resolving again."""
    parts = urlsplit(url)
    last_error: OSError | None = None
    for family, sockaddr in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        watchdog.watch(sock)
        sock.settimeout(max(min(limits.connect_timeout, remaining), 0.001))
        try:
            sock.connect(sockaddr)
        except OSError as error:
            sock.close()
            last_error = error
            continue
        sock.settimeout(limits.read_timeout)
        if parts.scheme == "https":
            context = ssl.create_default_context()
            sock = context.wrap_socket(
                sock, server_hostname=parts.hostname, do_handshake_on_connect=False
            )
            watchdog.watch(sock)
            sock.do_handshake()
        connection = http.client.HTTPConnection(parts.hostname, parts.port)
        connection.default_port = 443 if parts.scheme == "https" else 80
        connection.sock = sock  # already connected: http.client will not connect again
        return connection
    raise last_error or OSError("no address to connect to")


def read_body(response: http.client.HTTPResponse, limits: HttpLimits, deadline_at: float) -> bytes:
    """Read the body in chunks, refusing it past max_bytes and stopping at the deadline."""
    declared = response.getheader("Content-Length", "")
    if declared.isdigit() and len(declared) < 20 and int(declared) > limits.max_bytes:
        raise BodyTooLarge(f"the body is {int(declared):,} bytes (limit {limits.max_bytes:,})")
    body = bytearray()
    while chunk := response.read1(CHUNK_BYTES):
        body.extend(chunk)
        if len(body) > limits.max_bytes:
            raise BodyTooLarge(f"the body passed {limits.max_bytes:,} bytes")
        if time.monotonic() > deadline_at:
            raise DeadlineExceeded(f"took longer than {limits.deadline:g} s")
    if response.length:  # read1 ends quietly when the server closes before Content-Length
        raise http.client.IncompleteRead(bytes(body), response.length)
    return bytes(body)


@dataclass(frozen=True)
class Request:
    """What to send: the URL, its headers, the headers only its origin may see."""

    url: str
    headers: Mapping[str, str]
    secret_headers: Mapping[str, str]

    def headers_for(self, url: str) -> dict[str, str]:
        """The headers to send to url: the secret ones only on the first URL's origin."""
        first, here = urlsplit(self.url), urlsplit(url)
        sent = dict(self.headers)
        if (here.scheme, here.hostname, here.port) == (first.scheme, first.hostname, first.port):
            sent.update(self.secret_headers)
        return sent


def http_get(
    url: str,
    limits: HttpLimits,
    headers: Mapping[str, str] | None = None,
    secret_headers: Mapping[str, str] | None = None,
    before_body: Callable[[int, Message], None] | None = None,
    resolve: Resolve = socket.getaddrinfo,
) -> HttpAnswer:
    """GET url within the limits; secret_headers go only to the first URL's origin.

    before_body may raise to refuse an answer from its status and headers before its body is read.
    """
    request = Request(url, headers or {}, secret_headers or {})
    deadline_at = time.monotonic() + limits.deadline
    watchdog = Watchdog(limits.deadline)
    try:
        return follow(request, limits, (deadline_at, watchdog), before_body, resolve)
    except (OSError, http.client.HTTPException) as error:
        if watchdog.fired or time.monotonic() > deadline_at:
            raise DeadlineExceeded(f"took longer than {limits.deadline:g} s") from error
        if isinstance(error, socket.timeout):
            raise NetworkError(f"timed out after {limits.read_timeout:g} s") from error
        if isinstance(error, ssl.SSLCertVerificationError):
            failure = NetworkError(f"the TLS certificate was refused ({error.verify_message})")
            failure.retryable = False
            raise failure from error
        if isinstance(error, http.client.IncompleteRead):
            raise NetworkError("the body was cut short") from error
        raise NetworkError(f"request failed ({type(error).__name__})") from error
    finally:
        watchdog.cancel()


def follow(
    request: Request,
    limits: HttpLimits,
    clock: tuple[float, Watchdog],
    before_body: Callable[[int, Message], None] | None,
    resolve: Resolve,
) -> HttpAnswer:
    """Make the GET and the redirects it is allowed, each one checked before connecting."""
    deadline_at, watchdog = clock
    current, addresses = request.url, resolve_url(request.url, resolve)
    hops = 0
    while True:
        parts = urlsplit(current)
        remaining = deadline_at - time.monotonic()
        connection = connect(current, addresses, limits, watchdog, remaining)
        try:
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.request("GET", path, headers=request.headers_for(current))
            response = connection.getresponse()
            if response.status in REDIRECT_STATUSES:
                location = response.getheader("Location")
                if not location:
                    raise RedirectRefused(f"HTTP {response.status} without a Location header")
                hops += 1
                if hops > limits.max_redirects:
                    raise RedirectRefused(f"more than {limits.max_redirects} redirects")
                current, addresses = plan_redirect(
                    request.url, location, limits.allowed_hosts, current, resolve
                )
                continue
            if response.status != 200:
                return HttpAnswer(current, response.status, response.msg, b"")
            if before_body:
                before_body(response.status, response.msg)
            body = read_body(response, limits, deadline_at)
            return HttpAnswer(current, response.status, response.msg, body)
        finally:
            connection.close()
