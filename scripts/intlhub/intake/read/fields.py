"""Turn each raw cell of an export into its field's canonical value, and check it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from intlhub.base.untrusted import (
    MAX_INT_DIGITS,
    MAX_SIGNIFICANT_DIGITS,
    NumberLimits,
    check_date,
    check_decimal,
    date_from_serial,
    date_limits,
    read_decimal,
)
from intlhub.dataset.forms import GUIDANCE, ChoiceTexts, Form, FormField, choice_texts
from intlhub.dataset.load_dataset import Dataset
from intlhub.intake.check_rows import check_value, compiled
from intlhub.intake.read.normalise import (
    NormaliseError,
    clean_text,
    fold,
    format_decimal,
    is_empty,
    parse_boolean,
    parse_choice,
    parse_code,
    parse_countries,
    parse_country,
    parse_date,
    parse_email,
    parse_nif,
    parse_number,
    parse_phone,
    parse_rate,
    parse_url,
    split_list,
)
from intlhub.intake.read.showcase_kinds import READERS

# How a message names the choices of a reference field, by the resource they come from.
CHOICE_NOUNS = {
    "calls": "calls",
    "organisations": "organisations",
    "nuts-regions": "NUTS III regions",
    "sectors": "sectors",
}


class Lookups:
    """Choices of enum and reference fields, folded for matching, built once per run.

    A choice reads back from its code, name or label (dataset.forms.choice_texts). A code names
    one choice; a name that several choices share is kept apart, to refuse it saying which.
    """

    def __init__(self, dataset: Dataset, form: Form) -> None:
        self.tables: dict[str, dict[str, str]] = {}
        self.shared: dict[str, dict[str, list[ChoiceTexts]]] = {}
        for form_field in form.fields:
            if form_field.kind in ("enum", "ref", "ref-list"):
                found = choice_texts(dataset, form_field)
                table = {fold(code): item.value for item in found for code in item.codes}
                named: dict[str, dict[str, ChoiceTexts]] = {}
                for item in found:
                    for name in item.names:
                        named.setdefault(fold(name), {})[item.value] = item
                shared = {}
                for key, items in named.items():
                    if key in table:
                        continue  # a code wins over another choice's name
                    if len(items) == 1:
                        table[key] = next(iter(items))
                    else:
                        shared[key] = sorted(items.values(), key=lambda item: item.value)
                self.tables[form_field.name] = table
                self.shared[form_field.name] = shared

    def choose(self, form_field: FormField, raw: str) -> str:
        """Return the value a raw choice names (code, name, label, or an organisation's NIF)."""
        table = self.tables.get(form_field.name, {})
        if form_field.choices_from == "organisations" and re.fullmatch(
            r"(PT)?[\d .]{9,13}", raw.strip(), re.I
        ):
            return parse_choice(parse_nif(raw), table, "organisation NIF")
        key = fold(raw)
        if key in table:
            return table[key]
        shared = self.shared.get(form_field.name, {}).get(key)
        if shared:
            noun = CHOICE_NOUNS.get(form_field.choices_from or "", f"values of {form_field.name!r}")
            listed = ", ".join(f"{item.value!r} ({item.label})" for item in shared)
            codes = [repr(item.value) for item in shared]
            raise NormaliseError(
                f"{raw!r} matches {len(shared)} {noun}: {listed}",
                f"Write the code: {', '.join(codes[:-1])} or {codes[-1]}.",
            )
        return parse_choice(raw, table, form_field.label.get("en", form_field.name).lower())


def as_text(raw: Any) -> str:
    """Return a raw cell as text (numbers without a trailing '.0')."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def read_date(raw: Any, date_order: str, spec: Mapping[str, Any] | None = None) -> str:
    """Return an ISO date from a date, datetime, Excel serial or text cell, within the field's
    range (its schema's minimum and maximum, else 1990–2100)."""
    earliest, latest = date_limits(spec)
    if isinstance(raw, dt.date):
        return check_date(raw, earliest, latest).isoformat()
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return date_from_serial(raw, earliest, latest).isoformat()
    return check_date(parse_date(str(raw), date_order), earliest, latest).isoformat()


def number_limits(spec: Mapping[str, Any] | None) -> NumberLimits:
    """The digits and magnitude a number field keeps; its minimum and maximum are checked after,
    by check_value, with the schema's own problem type."""
    integer = (spec or {}).get("type") == "integer"
    return NumberLimits(
        integer=integer, max_digits=MAX_INT_DIGITS if integer else MAX_SIGNIFICANT_DIGITS
    )


def read_number(raw: Any, spec: Mapping[str, Any] | None = None) -> str:
    """Return a number cell as canonical text (numeric cells are taken as they are)."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return format_decimal(read_decimal(raw, number_limits(spec)))
    return format_decimal(check_decimal(parse_number(str(raw)), number_limits(spec), raw))


def read_rate(raw: Any) -> str:
    """Return a rate cell as a fraction (a value above 1 is a percentage)."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return format_decimal(parse_rate(format_decimal(read_decimal(raw))))
    return format_decimal(parse_rate(str(raw)))


def read_value(form_field: FormField, raw: Any, lookups: Lookups, date_order: str = "dmy") -> str:
    """Return the canonical text of one non-empty raw cell, or raise NormaliseError."""
    kind = form_field.kind
    if isinstance(raw, dict):
        raise NormaliseError(
            "the value is a JSON object, not a single value",
            "Send each field as text, a number or a list of texts.",
        )
    if kind == "number":
        return read_number(raw, form_field.spec)
    if kind == "rate":
        return read_rate(raw)
    if kind == "date":
        return read_date(raw, date_order, form_field.spec)
    if kind == "boolean" and isinstance(raw, bool):
        return "true" if raw else "false"
    text = as_text(raw)
    if kind == "boolean":
        return "true" if parse_boolean(text) else "false"
    if kind == "code":
        return parse_code(text)
    if kind in ("enum", "ref"):
        return lookups.choose(form_field, text)
    if kind == "country":
        return parse_country(text)
    if kind == "country-list":
        return ";".join(dict.fromkeys(parse_countries(text)))
    if kind == "ref-list":
        if ";" not in text and "\n" not in text:
            try:  # one choice whose name has a comma ("AICEP Portugal Global, E.P.E.")
                return lookups.choose(form_field, text)
            except NormaliseError:
                pass
        return ";".join(
            dict.fromkeys(lookups.choose(form_field, item) for item in split_list(text))
        )
    if kind == "email":
        return parse_email(text)
    if kind == "url":
        return parse_url(text)
    if kind == "phone":
        return parse_phone(text)
    if kind in READERS:  # nif, lines, results, image (intake/read/showcase_kinds.py)
        return READERS[kind](text)
    return clean_text(text, multiline=kind != "text")


Issue = tuple[str, str, str]  # (type, reason, fix)
UNIQUE_KINDS = {"text", "long-text", "code", "email", "phone", "url"}  # values rarely repeat
TEXT_KINDS = {"text", "long-text"}
# What read_value does with a text cell of these kinds, called directly (read_value's own order).
TEXT_PARSERS = {
    "code": parse_code,
    "country": parse_country,
    "email": parse_email,
    "url": parse_url,
    "phone": parse_phone,
    "text": lambda raw: clean_text(raw, multiline=False),
    "long-text": clean_text,
}
PLAIN_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]*")  # an operation code parse_code leaves as it is
MEMO_LIMIT = 50_000
NO_ISSUES: tuple[Issue, ...] = ()


def needs_check(spec: Mapping[str, Any]) -> bool:
    """True when check_value can find a problem: a typed field, or a pattern, enum or bound."""
    constraints = spec.get("constraints") or {}
    return bool(
        spec.get("type", "string") != "string"
        or constraints.get("pattern")
        or constraints.get("enum")
        or constraints.get("minimum") is not None
        or constraints.get("maximum") is not None
    )


def value_checker(name: str, spec: Mapping[str, Any]) -> Callable[[str], tuple[Issue, ...]]:
    """Return a function giving the issues check_value finds in a value, compiled once per field.

    A string field whose only rule is a pattern is matched directly; check_value words the issue.
    """
    constraints = spec.get("constraints") or {}
    only_pattern = (
        spec.get("type", "string") == "string"
        and constraints.get("pattern")
        and not constraints.get("enum")
        and constraints.get("minimum") is None
        and constraints.get("maximum") is None
    )
    matches = compiled(constraints["pattern"]).fullmatch if only_pattern else None

    def check(value: str) -> tuple[Issue, ...]:
        if matches is not None and matches(value):
            return NO_ISSUES
        return tuple((p.type, p.reason, p.fix) for p in check_value(name, spec, value))

    return check


class FieldReader:
    """Normalise and check one field's cells; repeated values are read once (memoised)."""

    def __init__(self, form_field: FormField, lookups: Lookups, date_order: str) -> None:
        self.field, self.lookups, self.date_order = form_field, lookups, date_order
        checked = (
            form_field.spec
            and not form_field.personal
            and form_field.resource != GUIDANCE
            and form_field.kind != "image"  # an upload's name, not yet the path in data/
        )
        self.check = (
            value_checker(form_field.name, form_field.spec)
            if checked and needs_check(form_field.spec)
            else None
        )
        self.memo: dict[Any, tuple[str | None, tuple[Issue, ...]]] = {}
        self.remember = form_field.kind not in UNIQUE_KINDS
        self.plain_text = form_field.kind in TEXT_KINDS
        self.plain_code = form_field.kind == "code"
        self.parse_text = TEXT_PARSERS.get(form_field.kind)
        self.short = form_field.max_length or 100_000

    def read(self, raw: Any) -> tuple[str | None, tuple[Issue, ...]]:
        """Return (canonical value or None when empty, issues)."""
        if raw.__class__ is str:
            key = raw
        elif raw is None or raw.__class__ in (int, float, bool, dt.date, dt.datetime):
            key = (type(raw), raw)
        else:
            return self.read_fresh(raw)  # lists or objects from JSON: not hashable, not memoised
        found = self.memo.get(key)
        if found is None:
            found = self.read_fresh(raw)
            if self.remember and len(self.memo) < MEMO_LIMIT:
                self.memo[key] = found
        return found

    def read_fresh(self, raw: Any) -> tuple[str | None, tuple[Issue, ...]]:
        """Read one cell without the memo."""
        form_field = self.field
        is_text = raw.__class__ is str
        if is_text and 4 < len(raw) <= self.short:
            # The common cases, quickly: a free text or an operation code already in its
            # canonical form; longer than the empty markers, no outer spaces, within max_length.
            if (self.plain_text and raw.isprintable() and clean_text(raw) == raw) or (
                self.plain_code and PLAIN_CODE.fullmatch(raw)
            ):
                issues = self.check(raw) if self.check else NO_ISSUES
                return (None, issues) if issues else (raw, NO_ISSUES)
        if is_empty(raw):
            if form_field.required:
                return None, (("invalid-value", "the value is missing", "Fill it in."),)
            return None, NO_ISSUES
        try:
            if is_text and self.parse_text:
                value = self.parse_text(raw)
            else:
                value = read_value(form_field, raw, self.lookups, self.date_order)
        except NormaliseError as error:
            return None, (("invalid-value", error.reason, error.fix),)
        if form_field.max_length and len(value) > form_field.max_length:
            reason = f"the value has {len(value):,} characters (limit {form_field.max_length:,})"
            return None, (("too-long", reason, "Shorten it."),)
        if value == "":
            return self.read_fresh(None)
        if self.check:
            issues = self.check(value)
            if issues:
                return None, issues
        return value, NO_ISSUES
