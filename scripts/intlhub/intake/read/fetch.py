"""Fetch an export over http(s): timeouts, bounded retries with backoff, bearer token, size cap."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests

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
CHUNK_BYTES = 65536


@dataclass(frozen=True)
class FetchSettings:
    """How patient and how trusting a fetch is."""

    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    attempts: int = 3
    backoff: float = 1.0  # seconds before the 2nd attempt; doubles each time
    max_bytes: int = MAX_INPUT_BYTES
    token_env: str | None = None


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


def read_capped(response: requests.Response, url: str, max_bytes: int) -> bytes:
    """Read the body, refusing it as soon as it passes max_bytes."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise HubError(
            f"Refused {url!r}: the body is {int(declared):,} bytes (limit {max_bytes:,})",
            "Ask for a smaller export (a date range), or download it and split it.",
        )
    body = bytearray()
    for chunk in response.iter_content(CHUNK_BYTES):
        body.extend(chunk)
        if len(body) > max_bytes:
            raise HubError(
                f"Refused {url!r}: the body passed {max_bytes:,} bytes",
                "Ask for a smaller export (a date range), or download it and split it.",
            )
    return bytes(body)


def check_content_type(response: requests.Response, url: str) -> str | None:
    """Return the format the content type names; refuse HTML pages and unknown types."""
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in ALLOWED_TYPES:
        raise HubError(
            f"Refused {url!r}: content type {content_type or 'none'!r} is not CSV, JSON or XLSX",
            "Check the URL points at the export itself (not a login or preview page).",
        )
    return ALLOWED_TYPES[content_type]


def fetch_once(
    session: requests.Session, url: str, settings: FetchSettings
) -> tuple[bytes, str | None]:
    """One GET: raise HubError on a final failure, requests errors on a retryable one."""
    headers = {"Accept": "text/csv, application/json, application/x-ndjson, */*;q=0.1"}
    headers.update(bearer_headers(settings.token_env))
    timeout = (settings.connect_timeout, settings.read_timeout)
    with session.get(url, headers=headers, timeout=timeout, stream=True) as response:
        if response.status_code in (401, 403):
            raise HubError(
                f"Refused by {url!r}: HTTP {response.status_code} (bad or missing credentials)",
                "Check the token in the variable named by --token-env.",
            )
        if response.status_code in RETRY_STATUSES:
            raise requests.HTTPError(f"HTTP {response.status_code}", response=response)
        if response.status_code != 200:
            raise HubError(f"Cannot fetch {url!r}: HTTP {response.status_code}", "Check the URL.")
        format = check_content_type(response, url)
        return read_capped(response, url, settings.max_bytes), format


def fetch_url(
    url: str, settings: FetchSettings, sleep: Callable[[float], None] = time.sleep
) -> tuple[bytes, str | None]:
    """Fetch an export; retry timeouts, dropped connections and 5xx a bounded number of times."""
    if not url.lower().startswith(("http://", "https://")):
        raise HubError(f"Not an http(s) URL: {url!r}", "Use an address starting with https://.")
    last_error: Exception | None = None
    with requests.Session() as session:
        for attempt in range(1, settings.attempts + 1):
            try:
                return fetch_once(session, url, settings)
            except (requests.ConnectionError, requests.Timeout, requests.HTTPError) as error:
                last_error = error
            except requests.RequestException as error:  # truncated body, bad chunking
                last_error = error
            if attempt < settings.attempts:
                sleep(settings.backoff * 2 ** (attempt - 1))
    raise HubError(
        f"Cannot fetch {url!r} after {settings.attempts} attempts: {last_error}",
        "Check the address and the service; try again later.",
    )
