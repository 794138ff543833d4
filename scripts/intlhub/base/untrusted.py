"""The one reader of untrusted numbers, dates and text: bounded, finite, never a traceback.

Every value read from outside (an export, a request body, an answers file, a queue file staff can
edit, an API answer) goes through here; documents (JSON, YAML) through `untrusted_documents`.
Each reader returns a value or raises `UntrustedValue` (reason, fix), never ValueError,
OverflowError or decimal.InvalidOperation; the caller adds where (file, row, field). The hazards
(issue 13, FINDINGS.md): NaN and Infinity, 1e400, Decimal("1E-999999") (finite, but a million
digits once formatted), Python's 4,300-digit limit on int(), lone surrogates (valid JSON, not
encodable to UTF-8), dates given as NaN, 1e20 or an Excel day far out of range.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

# Numbers: within these unless a field's schema says otherwise.
MAX_NUMBER_CHARS = 64  # the text of one number, before any parsing
MAX_SIGNIFICANT_DIGITS = 30
MAX_MAGNITUDE = Decimal("1e15")  # a thousand million million euros
MIN_EXPONENT = -12  # 0.000000000001: finer than any amount or rate we keep
MAX_INT_DIGITS = 18
# Dates: within these unless a field's schema says otherwise.
EARLIEST_DATE = dt.date(1990, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0, after its 1900 leap-year bug

NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,6})?")
INTEGER = re.compile(r"[+-]?\d+")
SURROGATE = re.compile(r"[\ud800-\udfff]")
CONTROL_ALL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # tab and newline allowed
NUMBER_FIX = "Write the number with digits, e.g. 1234.56."
DATE_FIX = "Write the date as DD/MM/AAAA (e.g. 31/12/2017) or YYYY-MM-DD."


class UntrustedValue(ValueError):
    """A value refused by a reader: why, and how to fix it (the caller says where)."""

    def __init__(self, reason: str, fix: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True)
class NumberLimits:
    """The bounds one number must keep: magnitude, digits, integer or not."""

    minimum: Decimal = -MAX_MAGNITUDE
    maximum: Decimal = MAX_MAGNITUDE
    integer: bool = False
    max_digits: int = MAX_SIGNIFICANT_DIGITS
    min_exponent: int = MIN_EXPONENT

    @classmethod
    def from_schema(cls, spec: Mapping[str, Any] | None) -> NumberLimits:
        """Return the limits of a Frictionless field: its type, and its minimum and maximum."""
        spec = spec or {}
        constraints = spec.get("constraints") or {}
        integer = spec.get("type") == "integer"
        limits = cls(
            integer=integer, max_digits=MAX_INT_DIGITS if integer else MAX_SIGNIFICANT_DIGITS
        )
        low, high = constraints.get("minimum"), constraints.get("maximum")
        return cls(
            minimum=limits.minimum if low is None else max(limits.minimum, Decimal(str(low))),
            maximum=limits.maximum if high is None else min(limits.maximum, Decimal(str(high))),
            integer=integer,
            max_digits=limits.max_digits,
        )


DEFAULT_LIMITS = NumberLimits()
INT_LIMITS = NumberLimits(integer=True, max_digits=MAX_INT_DIGITS)


def shown(raw: object, limit: int = 40) -> str:
    """Quote a value for a message, cut short and with no lone surrogate left in it."""
    text = raw if isinstance(raw, str) else str(raw)
    if len(text) > limit:
        text = f"{text[:limit]}… ({len(text):,} characters)"
    return repr(replace_surrogates(text))


def plain(value: Decimal) -> str:
    """Write a limit as digits with thousands separators (1,000,000,000,000,000, not 1E+15)."""
    return f"{value:,f}"


def check_decimal(
    value: Decimal, limits: NumberLimits = DEFAULT_LIMITS, raw: object = None
) -> Decimal:
    """Return a Decimal that is finite and within the limits, or raise UntrustedValue."""
    what = shown(value if raw is None else raw)
    if not value.is_finite():
        raise UntrustedValue(f"{what} is not a finite number", NUMBER_FIX)
    if value and value.adjusted() > limits.maximum.adjusted() + 1:
        raise UntrustedValue(f"{what} is far too large (limit {plain(limits.maximum)})", NUMBER_FIX)
    if value and value.adjusted() < limits.min_exponent:
        raise UntrustedValue(
            f"{what} is too small to be a real figure (below 1E{limits.min_exponent})",
            "Write the number with at most 12 decimals, or 0.",
        )
    _, digits, exponent = value.as_tuple()
    significant = len(digits)
    while significant > 1 and digits[significant - 1] == 0:
        significant -= 1
    if significant > limits.max_digits:
        raise UntrustedValue(
            f"{what} has {significant} significant digits (limit {limits.max_digits})", NUMBER_FIX
        )
    if limits.integer and exponent < 0 and any(digits[exponent:]):
        raise UntrustedValue(f"{what} is not a whole number", "Write a whole number, e.g. 12.")
    if not limits.minimum <= value <= limits.maximum:
        raise UntrustedValue(
            f"{what} is outside {plain(limits.minimum)} to {plain(limits.maximum)}",
            "Check the figure and its unit.",
        )
    return value


def read_decimal(raw: object, limits: NumberLimits = DEFAULT_LIMITS) -> Decimal:
    """Read a number (plain text such as '-1234.5' or '1e3', an int, a float or a Decimal)."""
    if isinstance(raw, bool) or raw is None:
        raise UntrustedValue(f"{shown(raw)} is not a number", NUMBER_FIX)
    if isinstance(raw, Decimal):
        return check_decimal(raw, limits)
    if isinstance(raw, int):
        return check_decimal(Decimal(read_int_value(raw, limits)), limits)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise UntrustedValue(f"{shown(raw)} is not a finite number", NUMBER_FIX)
        return check_decimal(Decimal(repr(raw)), limits, raw)
    text = str(raw).strip()
    if len(text) > MAX_NUMBER_CHARS:
        raise UntrustedValue(
            f"{shown(text)} is too long to be a number (limit {MAX_NUMBER_CHARS} characters)",
            NUMBER_FIX,
        )
    if not NUMBER.fullmatch(text):
        raise UntrustedValue(f"{shown(text)} is not a number", NUMBER_FIX)
    try:
        value = Decimal(text)
    except InvalidOperation as error:  # the pattern should make this unreachable
        raise UntrustedValue(f"{shown(text)} is not a number", NUMBER_FIX) from error
    return check_decimal(value, limits, text)


def read_int_value(raw: int, limits: NumberLimits) -> int:
    """Check an int's size by its bits, before anything turns it into text (4,300-digit limit)."""
    if raw.bit_length() > limits.max_digits * 3.33 + 4:
        raise UntrustedValue(
            f"a whole number of about {int(raw.bit_length() / 3.32):,} digits is far too large "
            f"(limit {limits.max_digits} digits)",
            NUMBER_FIX,
        )
    return raw


def read_int(raw: object, limits: NumberLimits = INT_LIMITS) -> int:
    """Read a whole number; digits are counted before int() ever sees them."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        read_int_value(raw, limits)
        check_decimal(Decimal(raw), limits)
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        if len(text) > limits.max_digits + 1 and INTEGER.fullmatch(text):
            raise UntrustedValue(
                f"{shown(text)} has {len(text.lstrip('+-')):,} digits (limit {limits.max_digits})",
                NUMBER_FIX,
            )
    integer_limits = NumberLimits(
        limits.minimum, limits.maximum, True, limits.max_digits, limits.min_exponent
    )
    return int(read_decimal(raw, integer_limits))


def check_date(
    value: dt.date, earliest: dt.date = EARLIEST_DATE, latest: dt.date = LATEST_DATE
) -> dt.date:
    """Return a date within earliest..latest, or raise UntrustedValue."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not earliest <= value <= latest:
        raise UntrustedValue(
            f"{value.isoformat()!r} is outside {earliest.isoformat()} to {latest.isoformat()}",
            "Check the year.",
        )
    return value


def date_limits(spec: Mapping[str, Any] | None) -> tuple[dt.date, dt.date]:
    """Return a date field's earliest and latest dates: its schema's, else 1990–2100."""
    constraints = (spec or {}).get("constraints") or {}
    earliest, latest = EARLIEST_DATE, LATEST_DATE
    try:
        if constraints.get("minimum"):
            earliest = dt.date.fromisoformat(str(constraints["minimum"]))
        if constraints.get("maximum"):
            latest = dt.date.fromisoformat(str(constraints["maximum"]))
    except ValueError:
        pass  # a schema's own problem: check_package reports it
    return earliest, latest


def date_from_serial(
    serial: object, earliest: dt.date = EARLIEST_DATE, latest: dt.date = LATEST_DATE
) -> dt.date:
    """Return the date of an Excel serial day number, refusing NaN, 1e20 and out-of-range days."""
    if isinstance(serial, bool) or not isinstance(serial, int | float | Decimal | str):
        raise UntrustedValue(f"{shown(serial)} is not a date", DATE_FIX)
    try:
        number = read_decimal(serial)
    except UntrustedValue as error:
        raise UntrustedValue(f"{shown(serial)} is not a date ({error.reason})", DATE_FIX) from error
    first = (earliest - EXCEL_EPOCH).days
    last = (latest - EXCEL_EPOCH).days
    if not first <= number < last + 1:
        raise UntrustedValue(
            f"{shown(serial)} is not a date between {earliest.isoformat()} and "
            f"{latest.isoformat()} (as an Excel day number)",
            DATE_FIX,
        )
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def replace_surrogates(text: str) -> str:
    """Return text with each lone surrogate replaced by U+FFFD, so that it can be encoded."""
    return SURROGATE.sub("\ufffd", text) if SURROGATE.search(text) else text


def check_text(text: str, multiline: bool = False) -> str:
    """Return text without lone surrogates or control characters (tab and newline if multiline)."""
    surrogate = SURROGATE.search(text)
    if surrogate:
        raise UntrustedValue(
            f"the text holds a lone surrogate (U+{ord(surrogate.group()):04X}) at character "
            f"{surrogate.start() + 1}, which is not a character",
            "Type that part again; it often comes from a broken emoji or a bad copy.",
        )
    control = (CONTROL_MULTILINE if multiline else CONTROL_ALL).search(text)
    if control:
        allowed = "" if multiline else "; new lines and tabs are not allowed here either"
        raise UntrustedValue(
            f"the text holds the control character U+{ord(control.group()):04X} at character "
            f"{control.start() + 1}{allowed}",
            "Remove it; retype the text if it was copied from another program.",
        )
    return text
