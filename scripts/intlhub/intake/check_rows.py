"""Check canonical values against the resource's Table Schema, quickly, one value at a time.

The same rules Frictionless applies to data/ (type, pattern, enum, minimum, maximum, foreign
keys), read from datapackage.yaml; `intlhub approve` then runs the full `intlhub validate`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from types import MappingProxyType
from typing import Any

from intlhub.dataset.load_dataset import Dataset

TYPED_MEMO_LIMIT = 10_000  # distinct texts remembered per field
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


Record = Mapping[str, Any]


def cast_function(spec: Mapping[str, Any]) -> Callable[[str], Any] | None:
    """Return cast_cell(text, spec) as a function of a non-empty text; None for plain strings."""
    separator = spec.get("separator")
    if separator:
        return lambda text: tuple(part for part in text.split(separator) if part)
    parse = {"integer": int, "number": Decimal, "date": dt.date.fromisoformat}.get(
        spec.get("type", "string")
    )
    if parse is None:
        return None

    def cast(text: str) -> Any:
        try:
            return parse(text)
        except (ValueError, InvalidOperation):
            return None

    return cast


def record_typer(specs: Mapping[str, Mapping[str, Any]]) -> Callable[[Mapping[str, str]], Record]:
    """Return a function typing canonical strings as load_dataset types a record (cast_cell).

    Typed values are immutable (tuples, Decimals, dates), so each field's are made once per text.
    """
    empty = {name: () if spec.get("separator") else None for name, spec in specs.items()}
    casts = {name: cast_function(spec) for name, spec in specs.items()}
    made: dict[str, dict[str, Any]] = {name: {} for name, cast in casts.items() if cast}

    def typed(values: Mapping[str, str]) -> Record:
        record = empty.copy()  # every field, in schema order; only filled ones change below
        for name, text in values.items():
            if not text or name not in record:
                continue
            known = made.get(name)
            if known is None:
                record[name] = text
            else:
                value = known.get(text, known)
                if value is known:
                    value = known[text] = casts[name](text)
                    if len(known) > TYPED_MEMO_LIMIT:
                        known.clear()
                record[name] = value
        return MappingProxyType(record)

    return typed


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


def foreign_key_checker(
    index: KeyIndex, schema: Mapping[str, Any]
) -> Callable[[Mapping[str, Any]], list[ValueProblem]]:
    """Return a function listing the foreign keys of the schema that a record's values break.

    The schema is read once; each referenced key set is collected when first needed.
    """
    keys = []
    for key in schema.get("foreignKeys") or []:
        fields = key.get("fields")
        fields = [fields] if isinstance(fields, str) else fields
        reference = key.get("reference") or {}
        target_fields = reference.get("fields")
        target_fields = [target_fields] if isinstance(target_fields, str) else target_fields
        if len(fields) != 1 or not reference.get("resource"):
            continue
        keys.append((fields[0], reference["resource"], target_fields[0]))

    def check(record: Mapping[str, Any]) -> list[ValueProblem]:
        found = []
        for field, resource, target in keys:
            value = record.get(field)
            if value in (None, "", ()) or str(value) in index.get(resource, target):
                continue
            found.append(
                ValueProblem(
                    field,
                    "foreign-key",
                    f"{str(value)!r} is not in {resource!r}",
                    f"Use a value listed in {resource}, or add it there first.",
                )
            )
        return found

    return check
