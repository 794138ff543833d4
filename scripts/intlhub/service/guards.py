"""What the API checks before it reads a submission: the origin, the client's rate, the body's size.

Origin: a browser sends `Origin` with every cross-origin POST (and with same-origin fetch POSTs),
so a request whose Origin is not an allowed one is refused. A request without Origin comes from
a program (curl, a script, a form service's webhook), not from a page of another site: it is
accepted unless the browser's `Sec-Fetch-Site` says it is cross-site. The API uses no cookies,
so such a request can do nothing a program could not do anyway; the rate limit bounds it.

Rate: a sliding window per client address. Behind a reverse proxy the address is the proxy's
unless uvicorn is told to trust it (`intlhub serve --trusted-proxy`, uvicorn's
`forwarded_allow_ips`): then it takes the client from X-Forwarded-For, and only then.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import AsyncIterator

from intlhub.service.config import origin_of


class TooLarge(Exception):
    """The body is over the limit (it was not read to its end)."""


def origin_allowed(headers, allowed: frozenset[str]) -> bool:
    """True for an allowed Origin, or none from a request no browser marked cross-site."""
    origin = headers.get("origin")
    if origin is None:
        return headers.get("sec-fetch-site", "") != "cross-site"
    if origin == "null":
        return False
    try:
        return origin_of(origin) in allowed
    except ValueError:  # a port that is not a number
        return False


class RateLimiter:
    """At most `limit` requests per client address in any `window` seconds."""

    def __init__(self, limit: int, window: float, clock=time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self.seen: dict[str, deque[float]] = {}
        self.lock = threading.Lock()
        self.checked = 0

    def retry_after(self, client: str) -> int:
        """0 when the client may send now (the request is counted), else seconds to wait."""
        if self.limit <= 0:
            return 0
        now = self.clock()
        with self.lock:
            self.checked += 1
            if self.checked % 1000 == 0:
                self.forget_idle(now)
            times = self.seen.setdefault(client, deque())
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) >= self.limit:
                return max(1, math.ceil(times[0] + self.window - now))
            times.append(now)
            return 0

    def forget_idle(self, now: float) -> None:
        """Drop clients with no request in the window, so the table does not grow forever."""
        for client in [c for c, t in self.seen.items() if not t or t[-1] <= now - self.window]:
            del self.seen[client]


async def read_body(stream: AsyncIterator[bytes], declared: str | None, limit: int) -> bytes:
    """The whole body, or TooLarge as soon as Content-Length or the bytes read pass `limit`.

    Counting what arrives matters: a chunked body has no Content-Length.
    """
    if declared is not None:
        try:
            if int(declared) > limit:
                raise TooLarge
        except ValueError:
            pass  # uvicorn refuses a malformed Content-Length before it gets here
    chunks, size = [], 0
    async for chunk in stream:
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)
