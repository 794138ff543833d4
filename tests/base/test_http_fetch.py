"""http_get: the total deadline (trickled headers and bodies), the size cap, and redirects decided
before connecting. The redirect rules are tested on the decision function with a fake resolver;
the rest on raw servers bound to 127.0.0.1-3 only."""

from __future__ import annotations

import socket
import time

import pytest

from intlhub.base.http_fetch import (
    BodyTooLarge,
    DeadlineExceeded,
    HttpLimits,
    RedirectRefused,
    http_get,
    redirect_allowed,
)
from network_fixtures import answer, endless_body, raw_server, redirect, send, trickle

NAMES = {
    "example.org": "93.184.215.14",
    "cdn.example.net": "151.101.1.1",
    "rebind.example.org": "10.0.0.5",
    "home.example.org": "192.168.1.20",
    "ula.example.org": "fd00:ec2::254",
    "mapped.example.org": "::ffff:169.254.169.254",
    "intranet.example.org": "10.1.2.3",
}


def fake_resolve(host, port, family=0, type=0):
    """getaddrinfo without DNS: the names above, IP literals as themselves."""
    address = NAMES.get(host.lower().rstrip("."), host)
    kind = socket.AF_INET6 if ":" in address else socket.AF_INET
    return [(kind, socket.SOCK_STREAM, 6, "", (address, port))]


def decide(original, location, allowed=()):
    return redirect_allowed(original, location, set(allowed), resolve=fake_resolve)


@pytest.mark.parametrize(
    "original, location, allowed, reason",
    [
        (
            "http://example.org/x",
            "http://169.254.169.254/latest/meta-data/",
            ["169.254.169.254"],
            "resolves to 169.254.169.254, a link-local address",
        ),
        (
            "http://example.org/x",
            "http://169.254.169.254/latest/meta-data/",
            [],
            "another host, '169.254.169.254', not listed in --allow-redirect-host",
        ),
        (
            "http://127.0.0.1:8000/x",
            "http://169.254.169.254/",
            ["169.254.169.254"],
            "a link-local address",
        ),
        ("http://example.org/", "http://10.0.0.1/", ["10.0.0.1"], "10.0.0.1, a private address"),
        (
            "http://example.org/",
            "http://192.168.0.1:8080/admin",
            ["192.168.0.1"],
            "a private address",
        ),
        ("https://example.org/", "https://[fc00::1]/", ["fc00::1"], "fc00::1, a private address"),
        (
            "https://example.org/",
            "https://ula.example.org/",
            ["ula.example.org"],
            "fd00:ec2::254, a private address",
        ),
        (
            "https://example.org/",
            "https://rebind.example.org/",
            ["rebind.example.org"],
            "10.0.0.5, a private address",
        ),
        (
            "https://example.org/",
            "https://mapped.example.org/",
            ["mapped.example.org"],
            "a link-local address",
        ),
        (
            "http://example.org/",
            "http://metadata.google.internal/computeMetadata/v1/",
            ["metadata.google.internal"],
            "a cloud metadata service",
        ),
        ("http://example.org/", "http://[::1]:8080/", ["::1"], "::1, a loopback address"),
        ("http://example.org/", "http://0.0.0.0/", ["0.0.0.0"], "a reserved address"),
        ("https://example.org/", "http://example.org/plain", [], "drops https"),
        ("http://example.org/", "file:///etc/passwd", [], "not an http(s) address"),
        ("http://example.org/", "javascript:alert(1)", [], "not an http(s) address"),
        ("http://example.org/", "http://user:pw@example.org/", [], "carries credentials"),
        ("http://example.org/", "http://cdn.example.net/f.csv", [], "not listed"),
    ],
)
def test_a_redirect_is_refused_before_connecting(original, location, allowed, reason):
    allowed_now, why = decide(original, location, allowed)
    assert allowed_now is False and reason in why


@pytest.mark.parametrize(
    "original, location, allowed",
    [
        ("http://example.org/a", "/b", []),
        ("http://example.org/a", "https://EXAMPLE.org./b", []),
        ("https://example.org/a", "https://cdn.example.net/f.csv", ["CDN.example.net"]),
        ("http://10.0.0.9/a", "http://intranet.example.org/f.csv", ["intranet.example.org"]),
        ("http://127.0.0.1:80/a", "http://127.0.0.2:81/b", ["127.0.0.2"]),
    ],
)
def test_a_redirect_to_the_same_or_a_listed_host_is_allowed(original, location, allowed):
    allowed_now, why = decide(original, location, allowed)
    assert allowed_now is True, why


def limits(**changes):
    values = {"connect_timeout": 1.0, "read_timeout": 5.0, "deadline": 1.0, "max_bytes": 100_000}
    return HttpLimits(**{**values, **changes})


def test_trickled_headers_are_cut_at_the_deadline():
    head = answer(b"a,b\n1,2\n") * 20  # far longer than the deadline allows at 10 bytes a second
    with raw_server(trickle(head, every=0.1)) as server:
        started = time.monotonic()
        with pytest.raises(DeadlineExceeded, match="took longer than 1 s"):
            http_get(server.url("/export.csv"), limits())
        assert time.monotonic() - started < 2.0


def test_a_trickled_body_is_cut_at_the_deadline():
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: 5000\r\n\r\n"

    def script(connection, request):
        connection.sendall(head)
        trickle(b"x" * 5000, every=0.1)(connection, request)

    with raw_server(script) as server:
        started = time.monotonic()
        with pytest.raises(DeadlineExceeded):
            http_get(server.url(), limits())
        assert time.monotonic() - started < 2.0


def test_an_endless_body_is_refused_at_the_cap():
    with raw_server(endless_body("text/csv")) as server:
        started = time.monotonic()
        with pytest.raises(BodyTooLarge, match="passed 1,000,000 bytes"):
            http_get(server.url(), limits(max_bytes=1_000_000, deadline=10.0))
        assert time.monotonic() - started < 3.0


def test_a_declared_300_mb_body_is_refused_before_reading():
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: 300000000\r\n\r\n"
    with raw_server(send(head + b"x" * 1000)) as server:
        with pytest.raises(BodyTooLarge, match="300,000,000 bytes"):
            http_get(server.url(), limits())


def test_a_redirect_to_an_unlisted_host_is_not_followed():
    with raw_server(send(answer(b"secret")), host="127.0.0.2") as other:
        with raw_server(redirect(other.url("/data.csv"))) as first:
            with pytest.raises(RedirectRefused, match="'127.0.0.2', not listed"):
                http_get(first.url(), limits())
    assert len(first.requests) == 1 and other.requests == []


def test_a_listed_host_gets_no_token_and_the_same_host_keeps_it():
    with raw_server(send(answer(b"a,b\n")), host="127.0.0.3") as other:
        with raw_server(redirect(other.url("/data.csv"))) as first:
            settings = limits(allowed_hosts=frozenset({"127.0.0.3"}))
            secret = {"Authorization": "Bearer s3cret"}
            result = http_get(first.url("/start"), settings, secret_headers=secret)
    assert result.body == b"a,b\n" and result.url == other.url("/data.csv")
    assert b"Bearer s3cret" in first.requests[0]
    assert b"s3cret" not in other.requests[0]


def test_redirects_are_bounded():
    def loop(connection, head):
        redirect("/again")(connection, head)

    with raw_server(loop) as server:
        with pytest.raises(RedirectRefused, match="more than 2 redirects"):
            http_get(server.url(), limits(max_redirects=2))
    assert len(server.requests) == 3
