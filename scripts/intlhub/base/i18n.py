"""UI strings and locale-aware formatting for the site languages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, wraps
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_name

from intlhub.base.yaml_loader import SafeLoader

LOCALES = {"pt": "pt_PT", "en": "en_GB"}
LANGUAGE_NAMES = {"pt": "Português", "en": "English"}

STRINGS_PATH = Path(__file__).resolve().parent / "strings"
SECTION_FILES = {"guidance-sections.yaml", "indicators.yaml"}


def read_strings(file_name: str) -> dict[str, dict[str, str]]:
    """Read one YAML file of {key: {lang: text}}."""
    with (STRINGS_PATH / file_name).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=SafeLoader) or {}  # noqa: S506 (a safe loader)


def read_all_strings() -> dict[str, dict[str, str]]:
    """Merge the interface strings of every feature; a key defined twice is a bug."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(STRINGS_PATH.glob("*.yaml")):
        if path.name in SECTION_FILES:
            continue
        for key, texts in read_strings(path.name).items():
            if key in merged:
                raise ValueError(
                    f"interface string {key!r} is defined twice (again in {path.name})"
                )
            merged[key] = texts
    return merged


STRINGS = read_all_strings()
GUIDANCE_SECTIONS = read_strings("guidance-sections.yaml")
INDICATOR_NAMES = read_strings("indicators.yaml")


def t(key: str, lang: str, **values: object) -> str:
    """Return the UI string `key` in `lang`, with {placeholders} filled.

    A string that depends on a number is a mapping of CLDR plural categories
    ({one: …, other: …}); the `count` value picks the form by the language's plural rules.
    """
    text = STRINGS[key][lang]
    if isinstance(text, dict):
        text = plural_form(text, values["count"], lang)
    return text.format(**values) if values else text


def plural_form(forms: dict[str, str], count: object, lang: str) -> str:
    """Pick the form of `forms` for `count` by babel's plural rules; 'other' is the fallback."""
    if not isinstance(count, int | float | Decimal):
        raise TypeError(f"the plural count must be a number, not {count!r}")
    return forms.get(locale(lang).plural_form(count), forms["other"])


@cache
def locale(lang: str) -> Locale:
    """Return the babel Locale of a site language."""
    return Locale.parse(LOCALES[lang])


def country_name(code: str, lang: str) -> str:
    """Return a country's or UN region's name in `lang`, from CLDR (babel)."""
    return locale(lang).territories.get(code, code)


def currency_name(code: str, lang: str) -> str:
    """Return a currency's name in `lang` with its ISO code, e.g. 'euro (EUR)'."""
    return f"{get_currency_name(code, locale=locale(lang))} ({code})"


def language_names(codes: Sequence[str], lang: str) -> list[str]:
    """Return the CLDR names in `lang` of BCP 47 codes, once each; a code CLDR cannot name is left out."""
    names = locale(lang).languages
    seen: list[str] = []
    for code in codes:
        name = names.get(code.split("-")[0])
        if name and name not in seen:
            seen.append(name)
    return seen


def cached_by_text(formatter: Callable[[Any, str], str]) -> Callable[[Any, str], str]:
    """Cache a number formatter by the value's type and text (so 1.0, 1 and 1.00 keep apart)."""
    results: dict[tuple[type, str, str], str] = {}

    @wraps(formatter)
    def format_cached(value: Any, lang: str) -> str:
        key = (type(value), str(value), lang)
        if key not in results:
            results[key] = formatter(value, lang)
        return results[key]

    return format_cached


@cached_by_text
def format_eur(amount: Decimal | int | float | None, lang: str) -> str:
    """Format euros without cents, e.g. '3 000 000 €' (pt) or '€3,000,000' (en)."""
    if amount is None:
        return t("not_stated", lang)
    text = format_currency(amount, "EUR", locale=locale(lang))
    if Decimal(amount) % 1 == 0:
        text = text.replace(locale(lang).number_symbols["latn"]["decimal"] + "00", "")
    return text


@cached_by_text
def format_number(value: Decimal | int | float | None, lang: str) -> str:
    """Format a number with the language's grouping."""
    if value is None:
        return t("not_stated", lang)
    return format_decimal(value, locale=locale(lang), decimal_quantization=False)


def format_usd_large(value: Decimal | int | float, lang: str) -> str:
    """Format a large US dollar figure in thousand millions, e.g. '1 580,7 mil milhões USD'."""
    billions = Decimal(value) / Decimal(1_000_000_000)
    number = format_decimal(billions, format="#,##0.0", locale=locale(lang))
    return f"{number} mil milhões USD" if lang == "pt" else f"US${number} billion"


@cached_by_text
def format_rate(rate: Decimal | float | None, lang: str) -> str:
    """Format a fraction as a percentage, e.g. 0.85 → '85%'."""
    if rate is None:
        return t("not_stated", lang)
    return format_percent(rate, locale=locale(lang), decimal_quantization=False)


@cached_by_text
def format_percent_points(value: Decimal | int | float | None, lang: str) -> str:
    """Format a value already in percent (2.5 means 2.5 %) with one decimal, e.g. '-2,4%'."""
    if value is None:
        return t("not_stated", lang)
    return format_percent(Decimal(value) / 100, format="#,##0.0%", locale=locale(lang))


def format_month(value: str | None, lang: str) -> str:
    """Format 'YYYY-MM' as a month, e.g. 'janeiro de 2014'; pass other values through."""
    if not value:
        return t("not_stated", lang)
    try:
        day = dt.date.fromisoformat(f"{value}-01") if len(value) == 7 else None
    except ValueError:
        day = None
    pattern = "MMMM 'de' y" if lang == "pt" else "MMMM y"
    return format_date(day, format=pattern, locale=locale(lang)) if day else value


@cache
def format_day(day: dt.date | str | None, lang: str) -> str:
    """Format a date in the language's long form, e.g. '27 de novembro de 2026'."""
    if not day:
        return t("not_stated", lang)
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return format_date(day, format="long", locale=locale(lang))


def format_day_range(starts: dt.date | str | None, ends: dt.date | str | None, lang: str) -> str:
    """Format a date range; a range of one day is that day alone ('3 de maio de 2026')."""
    if not ends or starts == ends:
        return format_day(starts, lang)
    return f"{format_day(starts, lang)} – {format_day(ends, lang)}"


@dataclass(frozen=True)
class SourceLabel:
    """A source's title and publisher as one page shows them; title_lang is set when it differs."""

    title: str
    title_lang: str | None
    publisher: str
    note: str = ""  # sources.csv's note (English), or its Portuguese wording on PT pages
    note_lang: str | None = None  # "en" when the note shown is not in the page's language


def same_language(tag: str, lang: str) -> bool:
    """Whether a BCP 47 tag is in the page language (pt-PT and pt-BR are both pt)."""
    return tag.split("-")[0].lower() == lang


def source_label(
    source: Mapping[str, Any], names: Mapping[str, Any] | None, lang: str
) -> SourceLabel:
    """Return a source's title and publisher as pages in `lang` show them.

    sources.csv gives the title in its own language and the publisher in English;
    its row in source-names.csv (`names`) gives the title's language and the Portuguese wording.
    """
    note = source.get("note") or ""
    note_pt = names.get("note_pt") if names else None
    if lang == "pt" and note_pt:
        note, note_lang = note_pt, None
    else:
        note_lang = "en" if note and lang != "en" else None
    if names is None:  # no row: the language of the title is unknown, so it is not marked
        return SourceLabel(source["title"], None, source["publisher"], note, note_lang)
    if lang == "pt" and names["title_pt"]:
        title, title_lang = names["title_pt"], None
    else:
        title, title_lang = source["title"], names["title_lang"]
    publisher = names["publisher_pt"] if lang == "pt" and names["publisher_pt"] else None
    return SourceLabel(
        title,
        title_lang if title_lang and not same_language(title_lang, lang) else None,
        publisher or source["publisher"],
        note,
        note_lang,
    )
