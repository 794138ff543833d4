"""Fetch an export over http(s): a total deadline, bounded retries with backoff, bearer token,
size cap, redirects only to the same host or listed ones (base/http_fetch.py)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message

from intlhub.base.http_fetch import (
    BodyTooLarge,
    HttpLimits,
    NetworkError,
    RedirectRefused,
    http_get,
)
from intlhub.base.problems import HubError
from intlhub.intake.read.source import MAX_INPUT_BYTES

ALLOWED_TYPES = {
    "text/csv": "csv",
    "application/csv": "csv",
    "text/plain": None,  # a CSV or NDJSON served as text: the content decides
    "application/json": "json",
    "application/x-ndjson": "json",
    "application/ndjson": "json",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
RETRY_STATUSES = {429, 500, 502, 503, 504}
REFUSED_FIX = {
    BodyTooLarge: "Ask for a smaller export (a date range), or download it and split it.",
    RedirectRefused: "Give the final address of the export, or list its host with "
    "--allow-redirect-host if you trust it.",
}


@dataclass(frozen=True)
class FetchSettings:
    """How patient and how trusting a fetch is."""

    connect_timeout: float = 5.0
    read_timeout: float = 30.0  # one read on the socket
    deadline: float = 600.0  # each attempt: connect, headers, body and redirects together
    attempts: int = 3
    backoff: float = 1.0  # seconds before the 2nd attempt; doubles each time
    max_bytes: int = MAX_INPUT_BYTES
    token_env: str | None = None
    allowed_hosts: frozenset[str] = frozenset()  # hosts a redirect may go to, besides the URL's

    def limits(self) -> HttpLimits:
        """The limits of one attempt."""
        return HttpLimits(
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            deadline=self.deadline,
            max_bytes=self.max_bytes,
            allowed_hosts=self.allowed_hosts,
        )


def bearer_headers(token_env: str | None) -> dict[str, str]:
    """Return the Authorization header from the environment variable named by --token-env."""
    if not token_env:
        return {}
    token = os.environ.get(token_env, "")
    if not token:
        raise HubError(
            f"Environment variable {token_env!r} is not set",
            f"Set it to the bearer token, e.g. `export {token_env}=...`, or drop --token-env.",
        )
    return {"Authorization": f"Bearer {token}"}


def check_content_type(headers: Message, url: str) -> str | None:
    """Return the format the content type names; refuse HTML pages and unknown types."""
    content_type = headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in ALLOWED_TYPES:
        raise HubError(
            f"Refused {url!r}: content type {content_type or 'none'!r} is not CSV, JSON or XLSX",
            "Check the URL points at the export itself (not a login or preview page).",
        )
    return ALLOWED_TYPES[content_type]


def fetch_once(url: str, settings: FetchSettings) -> tuple[bytes, str | None]:
    """One GET (and its allowed redirects): raise HubError on a final failure, NetworkError on a
    retryable one."""
    headers = {"Accept": "text/csv, application/json, application/x-ndjson, */*;q=0.1"}
    formats: list[str | None] = []

    def check_type(status: int, response_headers: Message) -> None:
        formats.append(check_content_type(response_headers, url))

    try:
        answer = http_get(
            url, settings.limits(), headers, bearer_headers(settings.token_env), check_type
        )
    except (BodyTooLarge, RedirectRefused) as error:
        raise HubError(f"Refused {url!r}: {error}", REFUSED_FIX[type(error)]) from error
    if answer.status in (401, 403):
        raise HubError(
            f"Refused by {url!r}: HTTP {answer.status} (bad or missing credentials)",
            "Check the token in the variable named by --token-env.",
        )
    if answer.status in RETRY_STATUSES:
        raise NetworkError(f"HTTP {answer.status}")
    if answer.status != 200:
        raise HubError(f"Cannot fetch {url!r}: HTTP {answer.status}", "Check the URL.")
    return answer.body, formats[0]


def fetch_url(
    url: str, settings: FetchSettings, sleep: Callable[[float], None] = time.sleep
) -> tuple[bytes, str | None]:
    """Fetch an export; retry timeouts, dropped connections and 5xx a bounded number of times."""
    if not url.lower().startswith(("http://", "https://")):
        raise HubError(f"Not an http(s) URL: {url!r}", "Use an address starting with https://.")
    last_error: NetworkError | None = None
    for attempt in range(1, settings.attempts + 1):
        try:
            return fetch_once(url, settings)
        except NetworkError as error:
            if not error.retryable:
                raise HubError(f"Cannot fetch {url!r}: {error}", "Check the address.") from error
            last_error = error
        if attempt < settings.attempts:
            sleep(settings.backoff * 2 ** (attempt - 1))
    raise HubError(
        f"Cannot fetch {url!r} after {settings.attempts} attempts: {last_error}",
        "Check the address and the service; try again later.",
    )
