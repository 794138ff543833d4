"""What a queued submission would change in data/: a new record or an update of a published one,
field by field (old → new), the rows it adds to other resources (a new organisation, results, an
image), and the warnings a reviewer must see before approving it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from intlhub.base import i18n
from intlhub.dataset.forms import Form, read_forms
from intlhub.dataset.load_dataset import Dataset
from intlhub.intake.merge.records import (
    VERIFIED,
    TableFile,
    is_guidance,
    merge_row,
    read_table_file,
    record_values,
    resolve_defaults,
)
from intlhub.intake.merge.related import (
    ORGANISATIONS,
    RESULTS,
    Related,
    image_files,
    plan_related,
    related_resources,
)
from intlhub.intake.read.showcase_kinds import Result, result_text

NEW = "new"
UPDATE = "update"  # an update of a published record
REPLACES_PUBLISHED = "replaces-published"
EXAMPLE_ORGANISATION = "example-organisation"  # it names a fictitious example organisation
NEW_ORGANISATION = "new-organisation"  # approving it creates an organisation
LISTED_ORGANISATION = (
    "organisation-listed"  # its new organisation's NIF is listed: that one is used
)
ORGANISATION_NAME_LISTED = "organisation-name-listed"  # a listed organisation has the same name
WARNINGS = (
    REPLACES_PUBLISHED,
    EXAMPLE_ORGANISATION,
    NEW_ORGANISATION,
    LISTED_ORGANISATION,
    ORGANISATION_NAME_LISTED,
)


def kind_text(kind: str, lang: str = "en") -> str:
    """The words for a kind of change ("update of a published record")."""
    return i18n.t(f"change_{kind}", lang)


def warning_text(code: str, lang: str = "en") -> str:
    """The words for a warning code; an unknown code is shown as it is."""
    key = f"change_warning_{code}"
    return i18n.t(key, lang) if key in i18n.STRINGS else code


@dataclass(frozen=True)
class FieldChange:
    """One field that approving would change: its value in data/ and after the merge."""

    field: str
    old: str
    new: str


@dataclass
class RecordChanges:
    """What approving one submission would do to the record it fills (and to related ones)."""

    submission_id: str
    resource: str
    record_id: str | None
    kind: str  # NEW or UPDATE
    fields: list[FieldChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # codes, e.g. REPLACES_PUBLISHED
    related: list[RecordChanges] = field(default_factory=list)  # rows of other resources

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        """The changes as `intlhub review --json` prints them (warnings with their words)."""
        return {
            "resource": self.resource,
            "record_id": self.record_id,
            "kind": self.kind,
            "kind_text": kind_text(self.kind, lang),
            "fields": [{"field": c.field, "old": c.old, "new": c.new} for c in self.fields],
            "warnings": [{"code": w, "text": warning_text(w, lang)} for w in self.warnings],
            "related": [r.as_dict(lang) for r in self.related],
        }


def compare(
    before: Mapping[str, str], after: Mapping[str, str], names: list[str]
) -> list[FieldChange]:
    """The fields whose value differs, in the given order."""
    return [
        FieldChange(name, before.get(name, ""), after.get(name, ""))
        for name in names
        if before.get(name, "") != after.get(name, "")
    ]


def result_line(row: Mapping[str, str]) -> str:
    """A project-results row as the form's line: names; planned; achieved."""
    result = Result(
        row.get("name_pt", ""),
        row.get("name_en", ""),
        row.get("unit") or "count",
        row.get("planned", ""),
        row.get("achieved", ""),
    )
    return result_text(result)


class ChangeReader:
    """Compare queued submissions with the published records, reading each table once."""

    def __init__(self, dataset: Dataset, today: dt.date) -> None:
        self.dataset, self.today = dataset, today
        self.tables: dict[str, TableFile] = {}
        self.forms = read_forms(dataset)
        self.images = image_files(dataset.root_path)
        self.examples = {
            o["id"] for o in dataset.table(ORGANISATIONS) if o.get("verification") == "example"
        }

    def table(self, resource: str) -> TableFile:
        if resource not in self.tables:
            self.tables[resource] = read_table_file(self.dataset, resource)
        return self.tables[resource]

    def describe(self, item: Mapping[str, Any], lang: str = "en") -> dict[str, Any] | None:
        """The changes of a queued submission as a dict (None for an unknown form)."""
        form = self.forms.get(str(item.get("form")))
        return self.changes(form, item).as_dict(lang) if form else None

    def changes(self, form: Form, item: Mapping[str, Any]) -> RecordChanges:
        """The changes one queued submission would make."""
        values = item.get("values") or {}
        found = RecordChanges(str(item.get("id")), form.resource, item.get("record_id"), NEW)
        if is_guidance(form):
            found.fields = [FieldChange(n, "", str(v)) for n, v in sorted(values.items()) if v]
            return found
        table = self.table(form.resource)
        mapped = record_values(form, values, item.get("record_id"))
        existing = table.rows.get(table.key_of(mapped))
        tables = {resource: self.table(resource) for resource in related_resources(form)}
        related = plan_related(form, values, mapped.get("id", ""), tables, self.images)
        if related.organisation_id:
            mapped["beneficiary_id"] = related.organisation_id
        merged = merge_row(existing, mapped, resolve_defaults(form, self.today))
        found.fields = compare(existing or {}, merged, table.header)
        if existing is not None:
            found.kind = UPDATE
            found.warnings.append(REPLACES_PUBLISHED)
        named = {merged.get("beneficiary_id", "")} | set(merged.get("partner_ids", "").split(";"))
        if named & self.examples:
            found.warnings.append(EXAMPLE_ORGANISATION)
        verified = (existing or {}).get("verification") == VERIFIED
        self.add_related(found, related, tables, verified)
        return found

    def add_related(
        self,
        found: RecordChanges,
        related: Related,
        tables: Mapping[str, TableFile],
        verified: bool,
    ) -> None:
        """Add the rows of other resources a submission makes, and their warnings."""
        submission = found.submission_id
        if related.organisation:
            row = related.organisation
            found.warnings.append(NEW_ORGANISATION)
            found.related.append(
                RecordChanges(
                    submission,
                    ORGANISATIONS,
                    row["id"],
                    NEW,
                    compare({}, row, tables[ORGANISATIONS].header),
                )
            )
        if related.listed_nif:
            found.warnings.append(LISTED_ORGANISATION)
        if related.same_name:
            found.warnings.append(ORGANISATION_NAME_LISTED)
        if related.results is not None:
            project = found.record_id or ""
            before = {
                key[1]: result_line(row)
                for key, row in tables[RESULTS].rows.items()
                if key[0] == project
            }
            after = {row["indicator"]: result_line(row) for row in related.results}
            after = (
                {**before, **{k: v for k, v in after.items() if k not in before}}
                if verified
                else after
            )
            names = sorted(set(before) | set(after))
            results = RecordChanges(submission, RESULTS, project, UPDATE if before else NEW)
            results.fields = compare(before, after, names)
            if results.fields:
                found.related.append(results)
        if related.image:
            row = related.image
            header = [name for name in row if name != "project_id"]
            found.related.append(
                RecordChanges(
                    submission, "project-images", row["path"], NEW, compare({}, row, header)
                )
            )


def record_changes(
    dataset: Dataset, form: Form, item: Mapping[str, Any], today: dt.date
) -> RecordChanges:
    """The changes one queued submission would make (see ChangeReader for many)."""
    return ChangeReader(dataset, today).changes(form, item)
