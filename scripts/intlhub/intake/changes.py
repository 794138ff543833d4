"""What a queued submission would change in data/: a new record or an update of a published one,
field by field (old → new), and the warnings a reviewer must see before approving it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from intlhub.dataset.forms import Form
from intlhub.dataset.load_dataset import Dataset
from intlhub.intake.merge_records import (
    TableFile,
    is_guidance,
    merge_row,
    read_table_file,
    record_values,
    resolve_defaults,
)

NEW = "new"
UPDATE = "update"  # an update of a published record
REPLACES_PUBLISHED = "replaces-published"


@dataclass(frozen=True)
class FieldChange:
    """One field that approving would change: its value in data/ and after the merge."""

    field: str
    old: str
    new: str


@dataclass
class RecordChanges:
    """What approving one submission would do to the record it fills."""

    submission_id: str
    resource: str
    record_id: str | None
    kind: str  # NEW or UPDATE
    fields: list[FieldChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # codes, e.g. REPLACES_PUBLISHED


class ChangeReader:
    """Compare queued submissions with the published records, reading each table once."""

    def __init__(self, dataset: Dataset, today: dt.date) -> None:
        self.dataset, self.today = dataset, today
        self.tables: dict[str, TableFile] = {}

    def table(self, resource: str) -> TableFile:
        if resource not in self.tables:
            self.tables[resource] = read_table_file(self.dataset, resource)
        return self.tables[resource]

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
        merged = merge_row(existing, mapped, resolve_defaults(form, self.today))
        before = existing or {}
        found.fields = [
            FieldChange(name, before.get(name, ""), merged.get(name, ""))
            for name in table.header
            if before.get(name, "") != merged.get(name, "")
        ]
        if existing is not None:
            found.kind = UPDATE
            found.warnings.append(REPLACES_PUBLISHED)
        return found


def record_changes(
    dataset: Dataset, form: Form, item: Mapping[str, Any], today: dt.date
) -> RecordChanges:
    """The changes one queued submission would make (see ChangeReader for many)."""
    return ChangeReader(dataset, today).changes(form, item)
