"""The forms of data/forms.yaml as typed values: fields, the resource fields they fill, choices."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

from intlhub.base import i18n
from intlhub.base.problems import HubError
from intlhub.dataset.load_dataset import Dataset, Record, resolve_schema

GUIDANCE = "guidance"
OPERATIONS = "operations"
# The guidance documents are YAML, not a table: these are the fields a market note fills.
GUIDANCE_FIELDS: Mapping[str, Mapping[str, Any]] = MappingProxyType(
    {
        "market": {"name": "market", "type": "string", "constraints": {"required": True}},
        "lang": {"name": "lang", "type": "string", "constraints": {"required": True}},
        "section": {"name": "section", "type": "string", "constraints": {"required": True}},
        "body": {"name": "body", "type": "string", "constraints": {"required": True}},
        "verification": {
            "name": "verification",
            "type": "string",
            "constraints": {"enum": ["verified", "reported", "self-reported", "example"]},
        },
    }
)
REF_KEYS = {"nuts-regions": "code", "markets": "code"}
# Record fields that name a choice, besides its key and label (see choice_texts).
NAME_FIELDS = ("name", "name_pt", "name_en", "title_pt", "title_en")
SHORT_TITLE = re.compile(r"\s+[–—]\s+")  # "2.º concurso – Ações Coletivas …"
# Resources a form may fill besides its own, with the field that links them to its record: the
# showcase form may name a new beneficiary organisation, and add result and image rows.
RELATED = {
    "projects": {
        "organisations": "beneficiary_id",
        "project-results": "project_id",
        "project-images": "project_id",
    }
}
# Kinds whose one value makes whole rows of another resource (maps_to names only the resource).
ROW_KINDS = {"results": "project-results", "image": "project-images"}
ONE_OF, TOGETHER = "one_of", "together"


@dataclass(frozen=True)
class FieldRule:
    """A rule between fields: exactly one of them (one_of), or all or none of them (together)."""

    kind: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class FormField:
    """One field of a form: how it is read, and which resource field it fills (if public)."""

    name: str
    privacy: str
    kind: str
    label: Mapping[str, str]
    help: Mapping[str, str]
    resource: str | None
    target: str | None
    required: bool
    max_length: int | None
    choices_from: str | None
    spec: Mapping[str, Any] = field(default_factory=dict)
    values: tuple[str, ...] = ()  # the form's own list of allowed values (forms.yaml `enum`)

    @property
    def personal(self) -> bool:
        """True when the field holds personal data (private store only)."""
        return self.privacy == "personal"

    @property
    def enum(self) -> tuple[str, ...]:
        """The values the field allows: the form's own list, else the resource field's enum."""
        if self.values:
            return self.values
        return tuple(str(v) for v in (self.spec.get("constraints") or {}).get("enum") or ())

    @property
    def pattern(self) -> str | None:
        """The resource field's pattern constraint, if any."""
        return (self.spec.get("constraints") or {}).get("pattern")


@dataclass(frozen=True)
class Form:
    """One form: the resource it fills, its fields, defaults and how record ids are made."""

    name: str
    resource: str
    slug: Mapping[str, str]
    title: Mapping[str, str]
    intro: Mapping[str, str]
    defaults: Mapping[str, str]
    id_from: tuple[str, ...]
    fields: tuple[FormField, ...]
    rules: tuple[FieldRule, ...] = ()

    def field(self, name: str) -> FormField | None:
        """Return a field by name."""
        return next((f for f in self.fields if f.name == name), None)

    @cached_property
    def public_fields(self) -> tuple[FormField, ...]:
        """Fields that may reach data/."""
        return tuple(f for f in self.fields if not f.personal)

    @cached_property
    def record_targets(self) -> tuple[tuple[str, str], ...]:
        """(form field, resource field) for the public fields that fill the form's resource."""
        return tuple((f.name, f.target) for f in self.public_fields if f.resource == self.resource)

    def targets_of(self, resource: str) -> tuple[tuple[str, str], ...]:
        """(form field, resource field) for the public fields that fill a related resource."""
        return tuple(
            (f.name, f.target) for f in self.public_fields if f.resource == resource and f.target
        )

    @cached_property
    def personal_fields(self) -> tuple[FormField, ...]:
        """Fields kept only in the private store."""
        return tuple(f for f in self.fields if f.personal)


def field_specs(dataset: Dataset, resource: str) -> dict[str, Mapping[str, Any]]:
    """Return a resource's Table Schema fields by name ({} when unknown)."""
    if resource == GUIDANCE:
        return dict(GUIDANCE_FIELDS)
    for entry in dataset.descriptor.get("resources", []):
        if entry.get("name") == resource:
            schema = resolve_schema(entry, dataset.root_path)
            return {spec["name"]: spec for spec in schema.get("fields", [])}
    return {}


def resource_schema(dataset: Dataset, resource: str) -> Mapping[str, Any]:
    """Return a resource's Table Schema ({} when unknown)."""
    for entry in dataset.descriptor.get("resources", []):
        if entry.get("name") == resource:
            return resolve_schema(entry, dataset.root_path)
    return {}


def build_field(
    dataset: Dataset,
    entry: Mapping[str, Any],
    own: str = "",
    optional: frozenset[str] = frozenset(),
) -> FormField:
    """Turn one field entry of forms.yaml into a FormField, with its resource field's spec.

    A field of the form's own resource (`own`) is required when its schema says so; a field of a
    related resource only when forms.yaml says so (its row is made only when it is filled), and a
    field of a `one_of` rule never on its own (`optional`).
    """
    resource, target = None, None
    maps_to = entry.get("maps_to") or ""
    if "." in maps_to:
        resource, target = maps_to.split(".", 1)
    elif maps_to:
        resource = maps_to  # a row kind: the value makes whole rows of the resource
    spec = field_specs(dataset, resource).get(target, {}) if resource and target else {}
    # A market note's source is its own record (sources.csv), so its required fields stay required.
    own_record = resource == own or (own == GUIDANCE and resource == "sources")
    schema_required = bool((spec.get("constraints") or {}).get("required")) and own_record
    return FormField(
        name=entry["name"],
        privacy=entry.get("privacy", "public"),
        kind=entry.get("kind", "text"),
        label=MappingProxyType(dict(entry.get("label") or {})),
        help=MappingProxyType(dict(entry.get("help") or {})),
        resource=resource,
        target=target,
        required=(bool(entry.get("required")) or schema_required) and entry["name"] not in optional,
        max_length=entry.get("max_length"),
        choices_from=entry.get("choices_from"),
        spec=MappingProxyType(dict(spec)),
        values=tuple(str(v) for v in entry.get("enum") or ()),
    )


def read_rules(entry: Mapping[str, Any]) -> tuple[FieldRule, ...]:
    """The `rules` of a form entry: [{one_of: [...]}, {together: [...]}]."""
    rules = []
    for item in entry.get("rules") or ():
        for kind in (ONE_OF, TOGETHER):
            if isinstance(item, Mapping) and item.get(kind):
                rules.append(FieldRule(kind, tuple(str(name) for name in item[kind])))
    return tuple(rules)


def read_forms(dataset: Dataset) -> dict[str, Form]:
    """Return every form of data/forms.yaml, by name."""
    forms = {}
    for name, entry in sorted((dataset.forms.get("forms") or {}).items()):
        rules = read_rules(entry)
        own = entry.get("resource", "")
        optional = frozenset(n for rule in rules if rule.kind == ONE_OF for n in rule.fields)
        forms[name] = Form(
            name=name,
            resource=entry.get("resource", ""),
            slug=MappingProxyType(dict(entry.get("slug") or {})),
            title=MappingProxyType(dict(entry.get("title") or {})),
            intro=MappingProxyType(dict(entry.get("intro") or {})),
            defaults=MappingProxyType(dict(entry.get("defaults") or {})),
            id_from=tuple(entry.get("id_from") or ()),
            fields=tuple(
                build_field(dataset, item, own, optional) for item in entry.get("fields") or ()
            ),
            rules=rules,
        )
    return forms


def find_form(dataset: Dataset, name: str) -> Form:
    """Return the form called `name`, or a HubError naming the forms that exist."""
    forms = read_forms(dataset)
    if name not in forms:
        known = ", ".join([*forms, OPERATIONS])
        raise HubError(
            f"Unknown form {name!r} in {str(dataset.root_path / 'forms.yaml')!r}",
            f"Use one of: {known}.",
        )
    return forms[name]


def rule_problems(form: Form, values: Mapping[str, Any]) -> list[tuple[str, str, str, str]]:
    """(field, type, reason, fix) for each rule between fields that the values break."""
    found = []

    def label(name: str) -> str:
        entry = form.field(name)
        return f"{name!r} ({entry.label.get('en', name)})" if entry else repr(name)

    for rule in form.rules:
        given = [name for name in rule.fields if values.get(name) not in (None, "")]
        names = " or ".join(label(name) for name in rule.fields)
        if rule.kind == ONE_OF and len(given) != 1:
            found.append(
                (
                    (given or rule.fields)[-1 if given else 0],
                    "choose-one",
                    f"both {' and '.join(label(n) for n in given)} are given"
                    if given
                    else f"none of {names} is given",
                    f"Give exactly one of {names}.",
                )
            )
        elif rule.kind == TOGETHER and given and len(given) != len(rule.fields):
            for name in rule.fields:
                if name not in given:
                    found.append(
                        (
                            name,
                            "required-with",
                            f"the value is missing, and {label(given[0])} is given",
                            f"Fill in {label(name)} too, or leave all of "
                            f"{', '.join(rule.fields)} empty.",
                        )
                    )
    return found


def intake_settings(dataset: Dataset) -> Mapping[str, Any]:
    """Return the `intake` block of forms.yaml."""
    return dataset.forms.get("intake") or {}


def enum_label(form_field: FormField, value: str, lang: str) -> str:
    """Return the label of an enum value in `lang`."""
    if form_field.target == "section" and value in i18n.GUIDANCE_SECTIONS:
        return i18n.GUIDANCE_SECTIONS[value][lang]
    if form_field.target == "lang" and value in i18n.LANGUAGE_NAMES:
        return i18n.LANGUAGE_NAMES[value]
    return i18n.STRINGS[value][lang] if value in i18n.STRINGS else value


def enum_values(dataset: Dataset, form_field: FormField) -> tuple[str, ...]:
    """Return the allowed values of an enum field (guidance fields have theirs from the site)."""
    if form_field.resource == GUIDANCE and form_field.target == "lang":
        return tuple(dataset.site.get("languages") or ("pt", "en"))
    if form_field.resource == GUIDANCE and form_field.target == "section":
        return tuple(i18n.GUIDANCE_SECTIONS)
    return form_field.enum


def ref_records(dataset: Dataset, resource: str) -> Iterator[tuple[str, Record]]:
    """Return (value, record) of every record a reference field may point at."""
    key = REF_KEYS.get(resource, "id")
    for record in dataset.table(resource):
        if resource == "nuts-regions" and record.get("level") != 3:
            continue
        yield str(record[key]), record


def ref_label(resource: str, value: str, record: Record, lang: str) -> str:
    """Return the label a form shows for one record."""
    if resource == "markets":
        return i18n.country_name(value, lang)
    if resource == "nuts-regions":
        return f"{record['name']} ({value})"
    if resource == "organisations":
        return str(record["name"])
    return str(record.get(f"name_{lang}") or record.get(f"title_{lang}") or value)


def ref_choices(dataset: Dataset, resource: str, lang: str) -> list[tuple[str, str]]:
    """Return (id, label) of every record a reference field may point at.

    Example records are left out: a submission is a real record, which may not point at one
    (dataset/check_verification.py).
    """
    choices = [
        (value, ref_label(resource, value, record, lang))
        for value, record in ref_records(dataset, resource)
        if record.get("verification") != "example"
    ]
    return sorted(choices, key=lambda item: item[1].casefold())


def choices(dataset: Dataset, form_field: FormField, lang: str) -> list[tuple[str, str]]:
    """Return (value, label) of every choice of an enum or reference field."""
    if form_field.kind == "enum":
        return [(v, enum_label(form_field, v, lang)) for v in enum_values(dataset, form_field)]
    if form_field.choices_from:
        return ref_choices(dataset, form_field.choices_from, lang)
    return []


@dataclass(frozen=True)
class ChoiceTexts:
    """Every text that names one choice: `codes` name it alone, `names` may name others too."""

    value: str
    label: str  # how a message shows it (the first language's label)
    codes: tuple[str, ...]
    names: tuple[str, ...]


def short_title(title: str) -> str | None:
    """The part of a title before its dash ("2.º concurso" of "2.º concurso – Ações …")."""
    short = SHORT_TITLE.split(title, maxsplit=1)[0]
    return short if short != title else None


def choice_texts(
    dataset: Dataset, form_field: FormField, langs: Sequence[str] = ("pt", "en")
) -> list[ChoiceTexts]:
    """Return what may name each choice of an enum or reference field (issue 12, fix 8).

    An enum value: the value and its label in each language. A record: its key, every label a
    form shows, and its name and title fields with their short forms ("Alentejo Central" as well as
    "Alentejo Central (PT187)", "2.º concurso" as well as the call's full title); an
    organisation also by its NIF.
    """
    if form_field.kind == "enum":
        return [
            ChoiceTexts(
                value,
                enum_label(form_field, value, langs[0]),
                (value,),
                tuple(enum_label(form_field, value, lang) for lang in langs),
            )
            for value in enum_values(dataset, form_field)
        ]
    resource = form_field.choices_from
    if not resource:
        return []
    found = []
    for value, record in ref_records(dataset, resource):
        names = [ref_label(resource, value, record, lang) for lang in langs]
        for name in NAME_FIELDS:
            text = str(record.get(name) or "")
            names += [text, short_title(text) or ""] if text else []
        nif = str(record.get("nif") or "") if resource == "organisations" else ""
        found.append(
            ChoiceTexts(
                value,
                names[0],
                (value, nif) if nif else (value,),
                tuple(dict.fromkeys(n for n in names if n)),
            )
        )
    return found
