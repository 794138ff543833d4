"""Checks of data/forms.yaml that its JSON Schema cannot express: fields exist, nothing personal leaks."""

from __future__ import annotations

from collections.abc import Iterator

from intlhub.base.problems import Problem
from intlhub.dataset.forms import GUIDANCE, RELATED, ROW_KINDS, Form, field_specs, read_forms
from intlhub.dataset.load_dataset import Dataset

FILE = "forms.yaml"
GENERATED = {"id"}  # a form with id_from generates the record id


def problem(path: str, kind: str, message: str, fix: str) -> Problem:
    """Build a Problem located in forms.yaml."""
    return Problem(FILE, None, path, kind, message, fix)


def check_form(dataset: Dataset, form: Form) -> Iterator[Problem]:
    """One form: its resource and every field it fills exist, and required fields are covered."""
    base = f"forms/{form.name}"
    resource_fields = field_specs(dataset, form.resource)
    if not resource_fields:
        yield problem(
            f"{base}/resource",
            "unknown-resource",
            f"resource {form.resource!r} is not in datapackage.yaml",
            "Use a resource name from datapackage.yaml (or 'guidance' for market notes).",
        )
        return
    allowed = {form.resource, "sources"} if form.resource == GUIDANCE else {form.resource}
    allowed |= set(RELATED.get(form.resource, ()))
    seen: set[str] = set()
    for index, entry in enumerate(form.fields):
        path = f"{base}/fields/{index}"
        if entry.name in seen:
            yield problem(
                path, "duplicate-field", f"field {entry.name!r} is defined twice", "Rename one."
            )
        seen.add(entry.name)
        if entry.personal:
            continue
        if entry.resource not in allowed:
            yield problem(
                f"{path}/maps_to",
                "wrong-resource",
                f"field {entry.name!r} fills {entry.resource!r}, but the form fills {form.resource!r}",
                f"Map it to a field of {form.resource!r}.",
            )
        elif entry.kind in ROW_KINDS or not entry.target:
            if (entry.resource, entry.target) != (ROW_KINDS.get(entry.kind), None):
                yield problem(
                    f"{path}/maps_to",
                    "row-kind",
                    f"field {entry.name!r} of kind {entry.kind!r} maps to {entry.resource!r}"
                    + (f".{entry.target}" if entry.target else ""),
                    "Map a results field to 'project-results' and an image field to "
                    "'project-images' (the resource only); every other kind to resource.field.",
                )
        elif not entry.spec:
            yield problem(
                f"{path}/maps_to",
                "unknown-field",
                f"{entry.resource}.{entry.target} is not a field of the resource",
                "Use a field name from the resource's schema in datapackage.yaml.",
            )
        if entry.choices_from and not field_specs(dataset, entry.choices_from):
            yield problem(
                f"{path}/choices_from",
                "unknown-resource",
                f"choices_from {entry.choices_from!r} is not a resource",
                "Use a resource name from datapackage.yaml.",
            )
    for index, rule in enumerate(form.rules):
        for name in rule.fields:
            if form.field(name) is None:
                yield problem(
                    f"{base}/rules/{index}",
                    "unknown-field",
                    f"rule {rule.kind} names {name!r}, which is not a field of the form",
                    "Use the names of the form's fields.",
                )
    filled = {f.target for f in form.public_fields if f.resource == form.resource}
    filled |= set(form.defaults) | (GENERATED if form.id_from else set())
    for name, spec in resource_fields.items():
        if (spec.get("constraints") or {}).get("required") and name not in filled:
            yield problem(
                f"{base}/fields",
                "required-not-filled",
                f"required field {form.resource}.{name} is filled by no field and no default",
                f"Add a field that maps to {form.resource}.{name}, or a default.",
            )
    for name in form.defaults:
        if name not in resource_fields:
            yield problem(
                f"{base}/defaults/{name}",
                "unknown-field",
                f"default {name!r} is not a field of {form.resource!r}",
                "Remove it or use a field name of the resource.",
            )


def check_personal_names(dataset: Dataset, forms: dict[str, Form]) -> Iterator[Problem]:
    """No resource in data/ has a column named like a personal field of a form."""
    personal = {f.name for form in forms.values() for f in form.personal_fields}
    for entry in dataset.descriptor.get("resources", []):
        for name in sorted(personal & set(field_specs(dataset, entry.get("name", "")))):
            yield Problem(
                entry.get("path", ""),
                None,
                name,
                "personal-field-in-data",
                f"resource {entry.get('name')!r} has a column {name!r}, a personal field of a form",
                "Remove the column: personal data goes only to the private store.",
            )


def check_forms(dataset: Dataset) -> list[Problem]:
    """Run every check of forms.yaml; [] when the file is missing (check_documents reports that)."""
    if not dataset.forms:
        return []
    forms = read_forms(dataset)
    problems = [found for form in forms.values() for found in check_form(dataset, form)]
    return problems + list(check_personal_names(dataset, forms))
