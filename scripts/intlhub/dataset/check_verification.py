"""Real and example records never mix: a real record never points at an example one.

A self-reported or verified project attached to a fictitious example organisation (or call, or
category of intervention) would be counted in the real totals of that organisation's page and of
the statistics, and would present a fiction as a fact. Which fields point where is read from the
foreign keys of datapackage.yaml; list fields (separator) that hold ids are named here, as
Frictionless cannot declare them.

The other direction is allowed: an example project may point at a real call or organisation.
Every total is added up over real or example projects, never both (site/showcase_view.py,
site/programme_stats.py), so an example never enters a real figure, and the shipped examples
do show real calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from intlhub.base.problems import Problem
from intlhub.dataset.load_dataset import Dataset, resolve_schema

EXAMPLE = "example"
VERIFICATION = "verification"
# (resource, list field) -> (referenced resource, its key): ids separated by the field's separator.
LIST_REFERENCES = {("projects", "partner_ids"): ("organisations", "id")}
WORDS = {
    "organisations": "organisation",
    "calls": "call",
    "intervention-categories": "category of intervention",
}


def has_verification(schema: Mapping[str, Any]) -> bool:
    """True when a resource's records say whether they are real or examples."""
    return any(spec.get("name") == VERIFICATION for spec in schema.get("fields") or ())


def references(dataset: Dataset) -> Iterator[tuple[str, str, str, str, str]]:
    """Yield (resource, path, field, referenced resource, its key) between resources that both
    carry a verification field."""
    entries = {e.get("name"): e for e in dataset.descriptor.get("resources", [])}
    schemas = {name: resolve_schema(entry, dataset.root_path) for name, entry in entries.items()}
    checked = {name for name, schema in schemas.items() if has_verification(schema)}
    for name in sorted(checked):
        path = entries[name].get("path", f"{name}.csv")
        for key in schemas[name].get("foreignKeys") or ():
            fields = key.get("fields")
            fields = [fields] if isinstance(fields, str) else list(fields or ())
            reference = key.get("reference") or {}
            targets = reference.get("fields")
            targets = [targets] if isinstance(targets, str) else list(targets or ())
            if len(fields) == 1 and len(targets) == 1 and reference.get("resource") in checked:
                yield name, path, fields[0], reference["resource"], targets[0]
        for (resource, field), (target, key_field) in LIST_REFERENCES.items():
            if resource == name and target in checked:
                yield name, path, field, target, key_field


def check_example_references(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """A record that is not an example never points at an example record."""
    for resource, path, field, target, key in references(dataset):
        examples = {
            str(record[key])
            for record in dataset.table(target)
            if record.get(VERIFICATION) == EXAMPLE
        }
        if not examples:
            continue
        what = WORDS.get(target, f"record of {target!r}")
        for row, record in dataset.numbered(resource):
            if record.get(VERIFICATION) == EXAMPLE:
                continue
            value = record.get(field)
            ids = value if isinstance(value, tuple) else (value,)
            for found in (str(v) for v in ids if v not in (None, "")):
                if found in examples:
                    yield Problem(
                        path,
                        row,
                        field,
                        "example-reference",
                        f"the {record.get(VERIFICATION)} record points at the example {what} "
                        f"{found!r}, a fictitious record: real and example records must not mix",
                        f"Choose a real {what} (or, in a form, give a new organisation's name, NIF "
                        f"and kind); if this record is itself fictitious, mark it verification: "
                        f"example.",
                    )
