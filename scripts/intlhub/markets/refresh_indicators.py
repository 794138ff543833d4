"""Refresh market indicators from the World Bank Indicators API v2, keeping the last known values.

The answers are untrusted: each GET has a total deadline and a size cap (base/http_fetch.py), the
JSON is read with depth and size limits and no NaN or Infinity (base/untrusted_documents.py), and
each value must be a finite number of sane size for its unit (base/untrusted.py), else that
indicator keeps its last known value and is listed as not refreshed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from intlhub import __version__
from intlhub.base.http_fetch import HttpLimits, NetworkError, http_get
from intlhub.base.problems import HubError
from intlhub.base.untrusted import NumberLimits, UntrustedValue, read_decimal, read_int, shown
from intlhub.base.untrusted_documents import load_json
from intlhub.dataset.load_dataset import load_dataset
from intlhub.dataset.validate import format_problems, validate_changes

DEFAULT_BASE_URL = "https://api.worldbank.org"
# What every market page shows, in this order (names: base/strings/indicators.yaml).
DEFAULT_INDICATORS = (
    "NY.GDP.MKTP.CD",
    "SP.POP.TOTL",
    "NE.EXP.GNFS.ZS",
    "NY.GDP.MKTP.KD.ZG",
    "FP.CPI.TOTL.ZG",
)
UNITS = {
    "NY.GDP.MKTP.CD": "USD",
    "SP.POP.TOTL": "persons",
    "NY.GDP.PCAP.CD": "USD",
    "NE.IMP.GNFS.CD": "USD",
    "NE.EXP.GNFS.ZS": "percent",
    "NY.GDP.MKTP.KD.ZG": "percent",
    "FP.CPI.TOTL.ZG": "percent",
}
# What a value may be, per unit: a GDP above 10^15 USD or a population above 10^10 is absurd.
VALUE_LIMITS = {
    "USD": NumberLimits(minimum=Decimal("0.01"), maximum=Decimal("1e15")),
    "persons": NumberLimits(minimum=Decimal(1), maximum=Decimal("1e10"), integer=True),
    "percent": NumberLimits(minimum=Decimal(-1000), maximum=Decimal(1000)),
}
# Tighter bounds where the indicator itself sets them: exports cannot be a negative share of GDP
# (the largest are about 200 %), output or prices cannot fall by more than 100 %, and inflation
# stays within 10^5 % (hyperinflations above that are decades older than the years asked for).
INDICATOR_LIMITS = {
    "NE.EXP.GNFS.ZS": NumberLimits(minimum=Decimal(0), maximum=Decimal(1000)),
    "NY.GDP.MKTP.KD.ZG": NumberLimits(minimum=Decimal(-100), maximum=Decimal(1000)),
    "FP.CPI.TOTL.ZG": NumberLimits(minimum=Decimal(-100), maximum=Decimal(100000)),
}
DECIMALS = {"USD": 2, "persons": 0, "percent": 4}  # what indicators.csv keeps
YEAR_LIMITS = NumberLimits(minimum=Decimal(1950), maximum=Decimal(2100), integer=True)
MARKET_CODE = re.compile(r"[A-Z]{2}")
INDICATOR_ID = re.compile(r"[A-Z][A-Z0-9_.]{1,63}")  # as indicators.csv's schema says
SOURCE_NAME = "World Bank"
SOURCE_URL = "https://data.worldbank.org/indicator/{indicator}"
USER_AGENT = f"intlhub/{__version__} (World Bank indicator refresh)"
PER_PAGE = 100
MOST_RECENT_VALUES = 10  # years asked for, so a null latest year falls back to the one before
MAX_PAGES = 50
MAX_ANSWER_BYTES = 5_000_000  # a page of 100 rows is about 25 KB
INDICATORS_FILE = "indicators.csv"
ISO_DATE = re.compile(r"(19[5-9][0-9]|2[01][0-9][0-9])-[01][0-9]-[0-3][0-9]")

Progress = Callable[[str], None]


@dataclass(frozen=True)
class FetchSettings:
    """How to talk to the API."""

    base_url: str = DEFAULT_BASE_URL
    timeout: float = 10.0  # one read on the socket
    retries: int = 2
    backoff: float = 0.5
    deadline: float = 60.0  # one request: connect, headers, body and redirects together
    max_bytes: int = MAX_ANSWER_BYTES
    allowed_hosts: frozenset[str] = frozenset()  # hosts the API may redirect to, besides its own

    def limits(self) -> HttpLimits:
        """The limits of one request."""
        return HttpLimits(
            connect_timeout=min(self.timeout, 5.0),
            read_timeout=self.timeout,
            deadline=self.deadline,
            max_bytes=self.max_bytes,
            allowed_hosts=self.allowed_hosts,
        )


@dataclass
class RefreshReport:
    """What a refresh changed and what it could not refresh."""

    updated: list[tuple[str, str, int]] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # market, indicator, reason


class FetchError(Exception):
    """One indicator could not be fetched; the message says why."""


def get_json(url: str, params: dict[str, Any], settings: FetchSettings) -> Any:
    """GET a JSON document within the limits, with bounded retries and backoff on transient failures."""
    last_error = ""
    full_url = f"{url}?{urlencode(params)}"
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    for attempt in range(settings.retries + 1):
        if attempt:
            time.sleep(settings.backoff * 2 ** (attempt - 1))
        try:
            answer = http_get(full_url, settings.limits(), headers)
        except NetworkError as error:
            if not error.retryable:
                raise FetchError(str(error)) from error
            last_error = str(error)
            continue
        if answer.status >= 500 or answer.status == 429:
            last_error = f"HTTP {answer.status}"
            continue
        if answer.status != 200:
            raise FetchError(f"HTTP {answer.status}")
        try:
            return load_json(answer.body, max_bytes=settings.max_bytes)
        except UntrustedValue as error:
            raise FetchError(f"the answer was refused: {error.reason}") from error
    raise FetchError(f"{last_error} ({settings.retries + 1} attempts)")


def api_error(document: Any) -> str | None:
    """Return the API's error text when it reports an error with HTTP 200 (see FINDINGS)."""
    if not (
        isinstance(document, list)
        and document
        and isinstance(document[0], dict)
        and "message" in document[0]
    ):
        return None
    messages = document[0]["message"]
    first = messages[0] if isinstance(messages, list) and messages else messages
    if not isinstance(first, dict):
        return f"API error: {shown(first, 80)}"
    parts = [first.get(key, "") for key in ("id", "key", "value")]
    if not all(isinstance(part, str | int) and not isinstance(part, bool) for part in parts):
        return "API error (an unreadable message)"
    text = f"API error {parts[0] or '?'}: {parts[1]} {parts[2]}".strip()
    return text if len(text) <= 200 else f"{text[:200]}…"


def read_pages(document: Any) -> int:
    """Return the number of pages the metadata announces, within 0 to MAX_PAGES."""
    raw = document[0].get("pages") or 0
    try:
        pages = read_int(
            raw, NumberLimits(minimum=Decimal(0), maximum=Decimal(10**6), integer=True)
        )
    except UntrustedValue as error:
        raise FetchError(f"the page metadata has no usable 'pages' ({error.reason})") from error
    if pages > MAX_PAGES:
        raise FetchError(f"the answer has {pages} pages (more than {MAX_PAGES})")
    return pages


def read_last_updated(metadata: dict[str, Any]) -> str:
    """The API's `lastupdated` (when the World Bank last updated the source data) as YYYY-MM-DD,
    or "" when it is missing or not a plausible date: it dates the data, it never refuses it."""
    raw = metadata.get("lastupdated")
    if not (isinstance(raw, str) and ISO_DATE.fullmatch(raw)):
        return ""
    try:
        return dt.date.fromisoformat(raw).isoformat()
    except ValueError:
        return ""


@dataclass
class Fetched:
    """One indicator's answer: the latest (year, value) per market, the markets whose answer held
    a refused value (with why), and when the source says it last updated the data."""

    latest: dict[str, tuple[int, Decimal]] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)
    source_updated: str = ""


def fetch_indicator(codes: Sequence[str], indicator: str, settings: FetchSettings) -> Fetched:
    """Return the latest non-null value per market code, following every page."""
    url = f"{settings.base_url.rstrip('/')}/v2/country/{';'.join(codes)}/indicator/{indicator}"
    unit = UNITS.get(indicator, "USD")
    fetched = Fetched()
    latest, refused = fetched.latest, fetched.refused
    page, pages = 1, 1
    while page <= pages:
        params = {"format": "json", "per_page": PER_PAGE, "mrv": MOST_RECENT_VALUES, "page": page}
        document = get_json(url, params, settings)
        error = api_error(document)
        if error:
            raise FetchError(error)
        if not (isinstance(document, list) and document and isinstance(document[0], dict)):
            raise FetchError("the answer is not a World Bank page (expected [metadata, rows])")
        pages = read_pages(document)
        if page == 1:
            fetched.source_updated = read_last_updated(document[0])
        rows = document[1] if len(document) > 1 and isinstance(document[1], list) else []
        for row in rows:
            try:
                parsed = parse_row(row, unit, INDICATOR_LIMITS.get(indicator))
            except UntrustedValue as problem:
                code = row_code(row)
                if code:
                    refused.setdefault(code, problem.reason)
                continue
            if parsed and (parsed[0] not in latest or parsed[1] > latest[parsed[0]][0]):
                latest[parsed[0]] = parsed[1:]
        page += 1
    return fetched


def row_code(row: Any) -> str | None:
    """The market code of an API row, or None when it has no readable one."""
    country = row.get("country") if isinstance(row, dict) else None
    code = country.get("id") if isinstance(country, dict) else None
    return code.upper() if isinstance(code, str) and MARKET_CODE.fullmatch(code.upper()) else None


def parse_row(
    row: Any, unit: str = "USD", limits: NumberLimits | None = None
) -> tuple[str, int, Decimal] | None:
    """Return (market code, year, value) for one API row, None when it is not a row of a market
    or its value is null; raise UntrustedValue when its year or value is absurd (outside `limits`,
    by default those of its unit)."""
    code = row_code(row)
    if code is None or row.get("value") is None:
        return None
    try:
        year = read_int(row.get("date"), YEAR_LIMITS)
    except UntrustedValue as error:
        raise UntrustedValue(f"the year {error.reason}", error.fix) from error
    value = row["value"]
    if isinstance(value, float):
        value = repr(value)  # the shortest text of the float, read as that text
    try:
        number = read_decimal(value, limits or VALUE_LIMITS.get(unit, VALUE_LIMITS["USD"]))
    except UntrustedValue as error:
        raise UntrustedValue(f"the value for {year}, {error.reason}", error.fix) from error
    return code, year, number.quantize(Decimal(1).scaleb(-DECIMALS.get(unit, 2)))


def format_value(value: Decimal) -> str:
    """Write a value as the CSV stores it: whole numbers without decimals."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return str(value.normalize())


def merge_rows(
    rows: list[dict[str, str]],
    fetched: dict[tuple[str, str], tuple[int, Decimal]],
    today: dt.date,
    source_updated: dict[str, str] | None = None,
) -> list[dict[str, str]]:
    """Add or replace the fetched values in the indicator rows, sorted by primary key.

    A fetched row says the day it was fetched (`retrieved`) and, apart, the day the World Bank says
    it last updated the data (`source_updated`); it replaces a row copied from a data package."""
    by_key = {(r["market_code"], r["indicator"], r["year"]): r for r in rows}
    # a lastupdated after the day of fetching cannot be true (a skewed clock, or a hostile answer)
    updated = {k: v for k, v in (source_updated or {}).items() if v <= today.isoformat()}
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
            "copied_from": "",
            "source_updated": updated.get(indicator, ""),
        }
    return [by_key[key] for key in sorted(by_key)]


def write_csv_text(fieldnames: Sequence[str], rows: list[dict[str, str]]) -> str:
    """Return CSV text with '\\n' line endings."""
    buffer = io.StringIO()
    # extrasaction: a data/ of an older schema keeps its columns (its own validation decides)
    writer = csv.DictWriter(
        buffer, fieldnames=fieldnames, lineterminator="\n", extrasaction="ignore"
    )
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
    malformed = sorted(i for i in indicators if not INDICATOR_ID.fullmatch(i))
    if malformed:
        raise HubError(
            f"Malformed indicator id(s) {malformed!r}",
            "Use World Bank indicator ids such as NY.GDP.MKTP.CD (capitals, digits, '.' and '_').",
        )
    codes = sorted(markets or known)
    report = RefreshReport()
    fetched: dict[tuple[str, str], tuple[int, Decimal]] = {}
    source_updated: dict[str, str] = {}
    for indicator in indicators:
        progress(f"Fetching {indicator} for {len(codes)} market(s)…")
        try:
            answer = fetch_indicator(codes, indicator, settings)
        except FetchError as error:
            report.failed.extend((code, indicator, str(error)) for code in codes)
            continue
        source_updated[indicator] = answer.source_updated
        for code in codes:
            if code in answer.refused:
                report.failed.append((code, indicator, f"refused: {answer.refused[code]}"))
            elif code in answer.latest:
                fetched[(code, indicator)] = answer.latest[code]
            else:
                report.failed.append((code, indicator, "no value in the answer"))
    path = data_path / INDICATORS_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fieldnames, rows = list(reader.fieldnames or []), list(reader)
    old_text = path.read_text(encoding="utf-8")
    merged = merge_rows(rows, fetched, today, source_updated)
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
