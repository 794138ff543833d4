"""Check canonical values against the resource's Table Schema, quickly, one value at a time.

The same rules Frictionless applies to data/ (type, pattern, enum, minimum, maximum, foreign
keys), read from datapackage.yaml; `intlhub approve` then runs the full `intlhub validate`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from types import MappingProxyType
from typing import Any

from .load_dataset import Dataset, cast_cell

FIX_PATTERN = "Change the value so it meets the field's constraint in datapackage.yaml."


@dataclass(frozen=True)
class ValueProblem:
    """Why one value breaks its field's rules, and how to fix it."""

    field: str
    type: str
    reason: str
    fix: str


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    """Compile a schema pattern once."""
    return re.compile(pattern)


def typed(spec: Mapping[str, Any], text: str) -> Any:
    """Return the value in the field's type, or raise ValueError."""
    kind = spec.get("type", "string")
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            return Decimal(text)
        if kind == "date":
            return dt.date.fromisoformat(text)
    except (ValueError, InvalidOperation) as error:
        raise ValueError(f"{text!r} is not of type {kind}") from error
    return text


def check_value(name: str, spec: Mapping[str, Any], text: str) -> Iterator[ValueProblem]:
    """Yield every rule a non-empty canonical value breaks."""
    constraints = spec.get("constraints") or {}
    try:
        value = typed(spec, text)
    except ValueError as error:
        yield ValueProblem(name, "type-error", str(error), "Write the value in the field's type.")
        return
    pattern = constraints.get("pattern")
    if pattern and not compiled(pattern).fullmatch(text):
        yield ValueProblem(
            name, "constraint-error", f"{text!r} does not match {pattern!r}", FIX_PATTERN
        )
    enum = constraints.get("enum")
    if enum and value not in [typed(spec, str(item)) for item in enum]:
        shown = ", ".join(map(str, enum))
        yield ValueProblem(
            name, "constraint-error", f"{text!r} is not one of {shown}", f"Use one of: {shown}."
        )
    for bound, compare, word in (("minimum", "__lt__", "below"), ("maximum", "__gt__", "above")):
        limit = constraints.get(bound)
        if limit is not None and getattr(value, compare)(typed(spec, str(limit))):
            yield ValueProblem(
                name, "constraint-error", f"{text!r} is {word} the {bound} {limit}", FIX_PATTERN
            )


def is_plain(spec: Mapping[str, Any]) -> bool:
    """True for a string field without a separator: its text is its value."""
    return spec.get("type", "string") == "string" and not spec.get("separator")


def typed_record(specs: Mapping[str, Mapping[str, Any]], values: Mapping[str, str]) -> Record:
    """Return a record typed as load_dataset types it (cast_cell), from canonical strings."""
    record = {}
    for name, spec, plain in field_plan(id(specs), specs):
        text = values.get(name) or ""
        record[name] = (text or None) if plain else cast_cell(text, spec)
    return MappingProxyType(record)


PLANS: dict[int, tuple[Mapping[str, Any], list[tuple[str, Mapping[str, Any], bool]]]] = {}


def field_plan(
    key: int, specs: Mapping[str, Mapping[str, Any]]
) -> list[tuple[str, Mapping[str, Any], bool]]:
    """(name, spec, is_plain) per field, worked out once per specs mapping."""
    cached = PLANS.get(key)
    if cached is None or cached[0] is not specs:
        cached = PLANS[key] = (specs, [(n, s, is_plain(s)) for n, s in specs.items()])
    return cached[1]


Record = Mapping[str, Any]


class KeyIndex:
    """The key values of the dataset's resources, collected once for many look-ups."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.keys: dict[tuple[str, str], set[str]] = {}

    def get(self, resource: str, field: str) -> set[str]:
        """Return the string values of one field of a resource."""
        if (resource, field) not in self.keys:
            self.keys[(resource, field)] = {
                str(record[field]) for record in self.dataset.table(resource)
            }
        return self.keys[(resource, field)]


def check_foreign_keys(
    index: KeyIndex, schema: Mapping[str, Any], record: Mapping[str, Any]
) -> Iterator[ValueProblem]:
    """Yield a problem for each foreign key of the schema the record's values do not meet."""
    for key in schema.get("foreignKeys") or []:
        fields = key.get("fields")
        fields = [fields] if isinstance(fields, str) else fields
        reference = key.get("reference") or {}
        target_fields = reference.get("fields")
        target_fields = [target_fields] if isinstance(target_fields, str) else target_fields
        if len(fields) != 1 or not reference.get("resource"):
            continue
        value = record.get(fields[0])
        if value in (None, "", ()):
            continue
        if str(value) not in index.get(reference["resource"], target_fields[0]):
            yield ValueProblem(
                fields[0],
                "foreign-key",
                f"{str(value)!r} is not in {reference['resource']!r}",
                f"Use a value listed in {reference['resource']}, or add it there first.",
            )
