"""Map an export's columns to a form's fields (labels, then names) and to the meta columns that
form services add; report the columns nobody knows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from intlhub.base import i18n
from intlhub.dataset.forms import Form
from intlhub.intake.read.normalise import fold

SUBMISSION_ID = "submission_id"
SUBMITTED_AT = "submitted_at"
FORM_NAME = "form"
HONEYPOT = "hub_hp"
IGNORED = "ignored"
# Columns that form services add to their exports (Google Forms, Microsoft Forms, KoboToolbox)
# and the site's own JSON. Matched after fold(): case, accents and spaces do not matter.
META_COLUMNS = {
    SUBMISSION_ID: [
        "submission_id",
        "submission id",
        "id da submissao",
        "id",
        "_uuid",
        "meta/instanceid",
        "instanceid",
        "_submission_id",
        "response id",
        "id da resposta",
    ],
    SUBMITTED_AT: [
        "submitted_at",
        "carimbo de data/hora",
        "timestamp",
        "start time",
        "completion time",
        "hora de inicio",
        "hora de conclusao",
        "_submission_time",
        "submission time",
        "end",
    ],
    FORM_NAME: ["form"],
    HONEYPOT: [HONEYPOT],
    IGNORED: [
        "lang",
        "last modified time",
        "hora da ultima modificacao",
        "_id",
        "_index",
        "_status",
        "_validation_status",
        "_notes",
        "_tags",
        "_version_",
        "__version__",
        "_xform_id_string",
        "_attachments",
        "_geolocation",
        "_submitted_by",
        "start",
        "today",
        "deviceid",
        "meta/rootuuid",
        "formhub/uuid",
        "name",
        "nome",
        "email",
        "e-mail",
    ],
}
# Respondent columns the services add: used for the form's contact fields when it has them.
RESPONDENT_COLUMNS = {
    "contact_email": [
        "email address",
        "endereco de email",
        "endereco de e-mail",
        "email",
        "e-mail",
    ],
    "contact_name": ["name", "nome"],
}
# What forms add around a question's label, matched after fold(): the site's own "(opcional)"
# (t("form_optional"), as form.md.j2 appends it), required marks, a trailing '*', ':' or '?',
# and question numbers ("1. ", "12) ", "Q3 - ", "P4. ").
REQUIRED_MARKS = ("(obrigatorio)", "(obrigatoria)", "(required)")
LABEL_SUFFIX = re.compile(
    r"(?:\s*(?:[*:?]|"
    + "|".join(
        re.escape(mark)
        for mark in sorted(
            {fold(text) for text in i18n.STRINGS["form_optional"].values()} | set(REQUIRED_MARKS)
        )
    )
    + r"))+$"
)
QUESTION_NUMBER = re.compile(r"^(?:[qp] ?)?\d+(?:\.\d+)*(?: ?[.):-]| -)? ")


@dataclass
class ColumnMap:
    """Which column feeds which field; meta columns; columns nobody knows."""

    fields: dict[int, str] = field(default_factory=dict)
    meta: dict[int, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)

    def missing(self, form: Form) -> list[str]:
        """Required fields that no column feeds."""
        fed = set(self.fields.values())
        return [f.name for f in form.fields if f.required and f.name not in fed]

    def unfed(self, form: Form) -> list[str]:
        """Optional fields that no column feeds (their values stay empty)."""
        fed = set(self.fields.values())
        return [f.name for f in form.fields if not f.required and f.name not in fed]


def header_key(cell: Any) -> str:
    """Fold a header cell: case, accents, Kobo group paths, and what forms add to labels ignored.

    "Título em inglês (opcional)", "Título em inglês *" and "Q3 - Título em inglês" all give
    "titulo em ingles" (issue 12, fix 4).
    """
    key = fold(str(cell or ""))
    if "/" in key and not key.startswith("meta/") and key != "carimbo de data/hora":
        key = key.rsplit("/", 1)[-1].strip()
    key = LABEL_SUFFIX.sub("", key)
    return QUESTION_NUMBER.sub("", key, count=1)


def field_aliases(form: Form, labels: bool = True, names: bool = True) -> dict[str, str]:
    """Map each folded PT/EN label and/or field name to its field."""
    aliases = {}
    for form_field in form.fields:
        keys = [
            *(form_field.label.values() if labels else ()),
            *([form_field.name] if names else ()),
        ]
        for key in keys:
            aliases.setdefault(header_key(key), form_field.name)
    return aliases


def map_columns(form: Form, header: list[str]) -> ColumnMap:
    """Map header cells to fields (labels first, then names) and meta columns; report the rest."""
    meta = {header_key(alias): role for role, names in META_COLUMNS.items() for alias in names}
    columns = ColumnMap()
    keys = [header_key(cell) for cell in header]
    for aliases in (field_aliases(form, names=False), field_aliases(form, labels=False)):
        for index, key in enumerate(keys):
            if index not in columns.fields and key in aliases:
                if aliases[key] not in columns.fields.values():
                    columns.fields[index] = aliases[key]
    for index, key in enumerate(keys):
        if not key or index in columns.fields:
            continue
        if key in meta and meta[key] not in columns.meta.values():
            columns.meta[index] = meta[key]
        elif key in meta and meta[key] == IGNORED:
            columns.meta[index] = IGNORED
        else:
            columns.unknown.append(str(header[index]))
    fed = set(columns.fields.values())
    for name, names in RESPONDENT_COLUMNS.items():
        if form.field(name) is None or name in fed:
            continue
        for index, key in enumerate(keys):
            if key in names and columns.meta.get(index) == IGNORED:
                columns.fields[index] = name
                del columns.meta[index]
                break
    return columns


def header_score(form: Form):
    """Return a function counting the cells of a row that are known columns (for find_header)."""
    known = set(field_aliases(form)) | {
        header_key(alias) for names in META_COLUMNS.values() for alias in names
    }
    return lambda cells: sum(1 for cell in cells if cell is not None and header_key(cell) in known)
