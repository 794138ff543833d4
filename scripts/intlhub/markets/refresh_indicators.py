"""Refresh market indicators from the World Bank Indicators API v2, keeping the last known values."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import requests

from intlhub import __version__
from intlhub.base.problems import HubError
from intlhub.dataset.load_dataset import load_dataset
from intlhub.dataset.validate import format_problems, validate_changes

DEFAULT_BASE_URL = "https://api.worldbank.org"
DEFAULT_INDICATORS = ("NY.GDP.MKTP.CD", "SP.POP.TOTL")
UNITS = {
    "NY.GDP.MKTP.CD": "USD",
    "SP.POP.TOTL": "persons",
    "NY.GDP.PCAP.CD": "USD",
    "NE.IMP.GNFS.CD": "USD",
}
SOURCE_NAME = "World Bank"
SOURCE_URL = "https://data.worldbank.org/indicator/{indicator}"
USER_AGENT = f"intlhub/{__version__} (World Bank indicator refresh)"
PER_PAGE = 100
MOST_RECENT_VALUES = 10  # years asked for, so a null latest year falls back to the one before
MAX_PAGES = 50
INDICATORS_FILE = "indicators.csv"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class FetchSettings:
    """How to talk to the API."""

    base_url: str = DEFAULT_BASE_URL
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 0.5


@dataclass
class RefreshReport:
    """What a refresh changed and what it could not refresh."""

    updated: list[tuple[str, str, int]] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # market, indicator, reason


class FetchError(Exception):
    """One indicator could not be fetched; the message says why."""


def get_json(
    session: requests.Session, url: str, params: dict[str, Any], settings: FetchSettings
) -> Any:
    """GET a JSON document with a timeout and bounded retries with backoff on transient failures."""
    last_error = ""
    for attempt in range(settings.retries + 1):
        if attempt:
            time.sleep(settings.backoff * 2 ** (attempt - 1))
        try:
            response = session.get(url, params=params, timeout=settings.timeout)
        except requests.Timeout:
            last_error = f"timed out after {settings.timeout:g} s"
            continue
        except requests.RequestException as error:
            last_error = f"request failed ({type(error).__name__})"
            continue
        if response.status_code >= 500 or response.status_code == 429:
            last_error = f"HTTP {response.status_code}"
            continue
        if response.status_code != 200:
            raise FetchError(f"HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError as error:
            raise FetchError("the answer is not valid JSON") from error
    raise FetchError(f"{last_error} ({settings.retries + 1} attempts)")


def api_error(document: Any) -> str | None:
    """Return the API's error text when it reports an error with HTTP 200 (see FINDINGS)."""
    if (
        isinstance(document, list)
        and document
        and isinstance(document[0], dict)
        and "message" in document[0]
    ):
        messages = document[0]["message"] or [{}]
        first = messages[0] if isinstance(messages, list) and messages else {}
        return f"API error {first.get('id', '?')}: {first.get('key', '')} {first.get('value', '')}".strip()
    return None


def fetch_indicator(
    session: requests.Session, codes: Sequence[str], indicator: str, settings: FetchSettings
) -> dict[str, tuple[int, Decimal]]:
    """Return the latest non-null (year, value) per market code, following every page."""
    url = f"{settings.base_url.rstrip('/')}/v2/country/{';'.join(codes)}/indicator/{indicator}"
    latest: dict[str, tuple[int, Decimal]] = {}
    page, pages = 1, 1
    while page <= pages:
        document = get_json(
            session,
            url,
            {"format": "json", "per_page": PER_PAGE, "mrv": MOST_RECENT_VALUES, "page": page},
            settings,
        )
        error = api_error(document)
        if error:
            raise FetchError(error)
        if not (isinstance(document, list) and document and isinstance(document[0], dict)):
            raise FetchError("the answer is not a World Bank page (expected [metadata, rows])")
        try:
            pages = int(document[0].get("pages") or 0)
        except (TypeError, ValueError) as err:
            raise FetchError("the page metadata has no usable 'pages'") from err
        if pages > MAX_PAGES:
            raise FetchError(f"the answer has {pages} pages (more than {MAX_PAGES})")
        rows = document[1] if len(document) > 1 and isinstance(document[1], list) else []
        for row in rows:
            parsed = parse_row(row)
            if parsed and (parsed[0] not in latest or parsed[1] > latest[parsed[0]][0]):
                latest[parsed[0]] = parsed[1:]
        page += 1
    return latest


def parse_row(row: Any) -> tuple[str, int, Decimal] | None:
    """Return (market code, year, value) for one API row, or None when the value is null or bad."""
    try:
        code = str(row["country"]["id"]).upper()
        year = int(row["date"])
        if row.get("value") is None:
            return None
        return code, year, Decimal(str(row["value"]))
    except (KeyError, TypeError, ValueError, InvalidOperation):
        return None


def format_value(value: Decimal) -> str:
    """Write a value as the CSV stores it: whole numbers without decimals."""
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value)


def merge_rows(
    rows: list[dict[str, str]], fetched: dict[tuple[str, str], tuple[int, Decimal]], today: dt.date
) -> list[dict[str, str]]:
    """Add or replace the fetched values in the indicator rows, sorted by primary key."""
    by_key = {(r["market_code"], r["indicator"], r["year"]): r for r in rows}
    for (code, indicator), (year, value) in fetched.items():
        by_key[(code, indicator, str(year))] = {
            "market_code": code,
            "indicator": indicator,
            "year": str(year),
            "value": format_value(value),
            "unit": UNITS.get(indicator, "USD"),
            "source": SOURCE_NAME,
            "source_url": SOURCE_URL.format(indicator=indicator),
            "retrieved": today.isoformat(),
        }
    return [by_key[key] for key in sorted(by_key)]


def write_csv_text(fieldnames: Sequence[str], rows: list[dict[str, str]]) -> str:
    """Return CSV text with '\\n' line endings."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def refresh_indicators(
    data_path: Path,
    today: dt.date,
    settings: FetchSettings,
    markets: Sequence[str] = (),
    indicators: Sequence[str] = DEFAULT_INDICATORS,
    dry_run: bool = False,
    progress: Progress = lambda message: None,
) -> RefreshReport:
    """Fetch the indicators, keep old values where a fetch fails, validate, then write one file atomically."""
    dataset = load_dataset(data_path)
    known = [m["code"] for m in dataset.table("markets")]
    unknown = sorted(set(markets) - set(known))
    if unknown:
        raise HubError(
            f"Unknown market code(s) {unknown!r}",
            f"Use codes listed in markets.csv: {', '.join(known)}.",
        )
    codes = sorted(markets or known)
    report = RefreshReport()
    fetched: dict[tuple[str, str], tuple[int, Decimal]] = {}
    with requests.Session() as session:
        session.headers["User-Agent"] = USER_AGENT
        session.trust_env = False  # only the URL the user asked for; no proxy surprises in tests
        for indicator in indicators:
            progress(f"Fetching {indicator} for {len(codes)} market(s)…")
            try:
                latest = fetch_indicator(session, codes, indicator, settings)
            except FetchError as error:
                report.failed.extend((code, indicator, str(error)) for code in codes)
                continue
            for code in codes:
                if code in latest:
                    fetched[(code, indicator)] = latest[code]
                else:
                    report.failed.append((code, indicator, "no value in the answer"))
    path = data_path / INDICATORS_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fieldnames, rows = list(reader.fieldnames or []), list(reader)
    old_text = path.read_text(encoding="utf-8")
    merged = merge_rows(rows, fetched, today)
    previous = {(r["market_code"], r["indicator"], r["year"]): r["value"] for r in rows}
    for (code, indicator), (year, value) in sorted(fetched.items()):
        if previous.get((code, indicator, str(year))) == format_value(value):
            report.unchanged.append((code, indicator))
        else:
            report.updated.append((code, indicator, year))
    text = write_csv_text(fieldnames, merged)
    if text == old_text or dry_run:
        return report
    errors = validate_changes(data_path, {path: text.encode("utf-8")}, today)
    if errors:
        raise HubError(
            "The refreshed indicators do not validate; nothing was written", format_problems(errors)
        )
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary.write_text(text, encoding="utf-8", newline="")
    os.replace(temporary, path)  # one file: atomic; a half-updated indicators.csv is never seen
    return report
