"""Small pure functions that turn exported cell values into canonical ones, or say why they can't.

Each returns the canonical value or raises NormaliseError(reason, fix). Canonical forms are those
of the CSV files in data/: dates YYYY-MM-DD, numbers with '.' decimals, rates as fractions,
lists joined with ';', ISO country codes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from babel import Locale
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.pt import nif as pt_nif

from intlhub.base.sanitize import WEB_URL_PATTERN
from intlhub.base.untrusted import (
    MAX_NUMBER_CHARS,
    UntrustedValue,
    check_decimal,
    check_text,
    date_from_serial,
)

EMPTY_MARKERS = frozenset({"", "-", "–", "—", "n.d.", "n.d", "nd", "n/d", "n/a", "na", "s/d"})
TRUE_WORDS = frozenset({"sim", "s", "yes", "y", "true", "verdadeiro", "1", "x", "✓"})
FALSE_WORDS = frozenset({"não", "nao", "n", "no", "false", "falso", "0"})
EXCEL_SERIAL = re.compile(r"^\d{4,5}(\.\d+)?$")
CURRENCY = re.compile(r"(€|eur|euros?)", re.I)
SPACES = re.compile(r"[\s\u00a0\u202f']+")
DATE_PARTS = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})(?:[ T].*)?$")
EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
PHONE = re.compile(r"^\+?[0-9 ().\-]{6,25}$")
URL = re.compile(WEB_URL_PATTERN, re.I)
CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
LIST_SPLIT = re.compile(r"\s*[;\n]\s*")
LINE_BREAKS = re.compile(r"[ ]*[\t\n]+[ \t\n]*")


# A value that cannot be read, with the reason and how to fix it: the one error of the
# untrusted readers (base/untrusted.py), so that a refused number or text is caught as one.
NormaliseError = UntrustedValue


def is_empty(raw: object) -> bool:
    """True for None, blank text and the export markers for 'no data' (`n.d.`, `-`)."""
    if raw is None:
        return True
    text = str(raw).strip()
    return len(text) <= 4 and text.casefold() in EMPTY_MARKERS  # the markers are short


def clean_text(raw: object, multiline: bool = True) -> str:
    """Return text in NFC with line ends as '\\n', without outer spaces.

    Lone surrogates and control characters are refused (NormaliseError). Without `multiline`
    (a short text such as a title), tabs and line breaks become one space.
    """
    text = str(raw)
    if not text.isprintable() or not unicodedata.is_normalized("NFC", text):
        text = check_text(text.replace("\r\n", "\n").replace("\r", "\n"), multiline=True)
        text = unicodedata.normalize("NFC", text)
        if not multiline:
            text = LINE_BREAKS.sub(" ", text)
    return text.strip()


def format_decimal(value: Decimal) -> str:
    """Write a Decimal the way data/ stores numbers: plain digits, '.' decimals, no exponent."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@lru_cache(maxsize=4096)
def parse_number(raw: str) -> Decimal:
    """Read a number as PT and other exports write it: `1.234.567,89 €`, `1 234,5`, `1234.56`."""
    text = SPACES.sub("", CURRENCY.sub("", str(raw))).strip()
    if len(text) > MAX_NUMBER_CHARS:
        raise NormaliseError(
            f"{str(raw)[:20]!r}… ({len(text):,} characters) is too long to be a number",
            "Write digits with ',' or '.' decimals, e.g. 1.234,56.",
        )
    negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
    text = text.strip("-()+")
    if not re.fullmatch(r"[0-9.,]+", text or "x"):
        raise NormaliseError(
            f"{raw!r} is not a number", "Write digits with ',' or '.' decimals, e.g. 1.234,56."
        )
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
    elif commas:
        decimal_mark = "," if commas == 1 else ""
    elif dots == 1:
        whole, _, fraction = text.partition(".")
        # PT exports group thousands with '.': "1.234" is 1234; "0.850" and "12.5" are decimals.
        decimal_mark = "" if len(fraction) == 3 and whole not in ("", "0") else "."
    else:
        decimal_mark = ""
    group_mark = {",": ".", ".": ",", "": ",."}[decimal_mark]
    for mark in group_mark:
        text = text.replace(mark, "")
    if decimal_mark == ",":
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise NormaliseError(
            f"{raw!r} is not a number", "Write digits with ',' or '.' decimals, e.g. 1.234,56."
        ) from error
    return check_decimal(-value if negative else value, raw=raw)


@lru_cache(maxsize=1024)
def parse_rate(raw: str) -> Decimal:
    """Read a rate as a fraction: `85%`, `85`, `0,85` and `0.85` all give 0.85."""
    text = str(raw).strip()
    percent = text.endswith("%")
    value = parse_number(text.rstrip("%").strip())
    if percent or value > 1:
        value = value / 100
    if not Decimal(0) <= value <= Decimal(1):
        raise NormaliseError(
            f"{raw!r} is not a rate between 0% and 100%", "Write a percentage such as 85%."
        )
    return value.normalize() if value != 0 else Decimal(0)


def date_from_excel(serial: object) -> dt.date:
    """Return the date of an Excel serial day number (1990–2100; NaN and 1e20 refused)."""
    return date_from_serial(serial)


def full_year(year: int) -> int:
    """Expand a two-digit year (00–69 → 20xx, 70–99 → 19xx)."""
    if year >= 100:
        return year
    return 2000 + year if year < 70 else 1900 + year


@lru_cache(maxsize=4096)
def parse_date(raw: str, order: str = "dmy") -> dt.date:
    """Read a date: DD/MM/YYYY, DD.MM.YYYY, ISO, an Excel serial; `order='mdy'` for US exports."""
    text = str(raw).strip()
    fix = "Write the date as DD/MM/AAAA (e.g. 31/12/2017) or YYYY-MM-DD."
    if EXCEL_SERIAL.match(text):
        try:
            return date_from_serial(text)
        except UntrustedValue:
            pass  # not a day number of 1990–2100: perhaps a year, refused below
    match = DATE_PARTS.match(text)
    if not match:
        raise NormaliseError(f"{raw!r} is not a date", fix)
    first, second, third = match.groups()
    try:
        if len(first) == 4:
            return dt.date(int(first), int(second), int(third))
        day, month = (second, first) if order == "mdy" else (first, second)
        return dt.date(full_year(int(third)), int(month), int(day))
    except ValueError as error:
        raise NormaliseError(f"{raw!r} is not a valid date ({error})", fix) from error


def parse_boolean(raw: str) -> bool:
    """Read sim/não, yes/no, true/false, 1/0."""
    word = str(raw).strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise NormaliseError(f"{raw!r} is not yes or no", "Write sim or não (yes or no).")


def fold(text: str) -> str:
    """Casefold and drop accents and extra spaces, for matching names."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@cache
def country_names() -> dict[str, str]:
    """Map folded country names (pt-PT, pt, en) and codes to ISO 3166-1 alpha-2 codes."""
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        names[fold(country.alpha_2)] = country.alpha_2
        names[fold(country.alpha_3)] = country.alpha_2
        names.setdefault(fold(country.name), country.alpha_2)
        if hasattr(country, "common_name"):
            names.setdefault(fold(country.common_name), country.alpha_2)
    for locale_name in ("en", "pt", "pt_PT"):
        for code, name in Locale.parse(locale_name).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(fold(name), code)
    return names


@lru_cache(maxsize=1024)
def parse_country(raw: str) -> str:
    """Turn a country name in PT or EN (or an ISO code) into its ISO alpha-2 code, via babel."""
    code = country_names().get(fold(raw))
    if code is None:
        raise NormaliseError(
            f"{raw!r} is not a country name or ISO code", "Write the country's name, e.g. Alemanha."
        )
    return code


def parse_countries(raw: str) -> list[str]:
    """Read a list of countries separated by ';', new lines or ',' (names, PT or EN, or codes).

    A part between ';' is first read whole, so a name with a comma ("Korea, Republic of") stays
    one country; else its ','-separated pieces are read.
    """
    codes = []
    for part in LIST_SPLIT.split(str(raw).strip()):
        if is_empty(part):
            continue
        code = country_names().get(fold(part))
        if code is None:
            codes += [
                parse_country(piece.strip()) for piece in part.split(",") if not is_empty(piece)
            ]
        else:
            codes.append(code)
    return codes


def parse_nif(raw: str) -> str:
    """Check a Portuguese NIF/NIPC (python-stdnum) and return its 9 digits."""
    try:
        return pt_nif.validate(str(raw))
    except StdnumValidationError as error:
        raise NormaliseError(
            f"{raw!r} is not a valid NIF ({error})",
            "Copy the 9-digit NIF again; its last digit is a check digit.",
        ) from error


def parse_email(raw: str) -> str:
    """Check the shape of an e-mail address."""
    text = clean_text(raw)
    if not EMAIL.match(text):
        raise NormaliseError(f"{raw!r} is not an e-mail address", "Write it as name@example.pt.")
    return text


def parse_phone(raw: str) -> str:
    """Check the shape of a phone number (digits, spaces, '+', '-', brackets)."""
    text = clean_text(raw)
    if not PHONE.match(text):
        raise NormaliseError(
            f"{raw!r} is not a phone number", "Write digits only, e.g. +351 266 000 000."
        )
    return text


def parse_url(raw: str) -> str:
    """Check that a link is an http(s) address (never javascript: or data:); lower-case its scheme."""
    text = clean_text(raw)
    if not URL.match(text):
        raise NormaliseError(
            f"{raw!r} is not a web address",
            "Write the full address, starting with https://, without spaces, quotes or brackets.",
        )
    scheme, rest = text.split(":", 1)
    return scheme.lower() + ":" + rest


def parse_code(raw: str) -> str:
    """Read an operation code: upper case, no spaces."""
    text = clean_text(raw).upper().replace(" ", "")
    if not CODE.match(text):
        raise NormaliseError(
            f"{raw!r} is not an operation code", "Use letters, digits and '-', e.g. ALT20-02-0001."
        )
    return text


def split_list(raw: str) -> list[str]:
    """Split a multi-choice cell: ';' or new lines, else ',' (Google Forms joins with ', ')."""
    text = str(raw).strip()
    parts = LIST_SPLIT.split(text) if (";" in text or "\n" in text) else text.split(",")
    return [part.strip() for part in parts if not is_empty(part)]


def parse_choice(raw: str, choices: dict[str, str], what: str) -> str:
    """Return the value whose id or label (folded) matches `raw`."""
    value = choices.get(fold(raw))
    if value is None:
        shown = ", ".join(sorted(set(choices.values()))[:12])
        raise NormaliseError(f"{raw!r} is not a known {what}", f"Use one of: {shown}.")
    return value
