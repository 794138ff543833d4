"""Change one field of a queued submission (staff fixing a typo before approving it).

The new value passes the same checks as at intake (the field's reader, then the checks of the
accepted rows), is written to the queue file through the journal, and the edit is audited with
the staff member's name and the field, never the value.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from intlhub.base.problems import HubError
from intlhub.dataset.forms import find_form
from intlhub.dataset.load_dataset import Dataset
from intlhub.intake.check_accepted import AcceptedChecker
from intlhub.intake.private.journal import Transaction, commit
from intlhub.intake.private.store import (
    PrivatePaths,
    audit_entry,
    dump_lines,
    now,
    read_folder,
    run_id,
)
from intlhub.intake.read.fields import FieldReader, Lookups
from intlhub.intake.rejects import Rejection
from intlhub.intake.review import pick

EDIT_ROW = 1  # the one row the accepted-row checks see


class EditRefused(HubError):
    """The new value does not pass the intake's checks; nothing was written."""

    def __init__(self, submission_id: str, field_name: str, problems: list[Rejection]) -> None:
        reasons = "; ".join(p.reason for p in problems)
        fixes = " ".join(dict.fromkeys(p.fix for p in problems if p.fix))
        super().__init__(
            f"Cannot change submission {submission_id!r}, field {field_name!r}: {reasons}",
            fixes or "Correct the value and save it again.",
        )
        self.problems = problems


def checked_value(
    dataset: Dataset, item: dict[str, Any], field_name: str, raw: str, today: dt.date
) -> tuple[str | None, dict[str, Any]]:
    """Read and check a new value as the intake would; return it and the submission with it."""
    form = find_form(dataset, str(item.get("form")))
    form_field = form.field(field_name)
    if form_field is None or form_field.personal:
        raise HubError(
            f"Field {field_name!r} of form {form.name!r} cannot be edited here",
            "Edit one of the form's public fields (contact data is never published).",
        )
    value, issues = FieldReader(form_field, Lookups(dataset, form), "dmy").read(raw)
    if issues:
        problems = [Rejection(EDIT_ROW, field_name, kind, why, fix) for kind, why, fix in issues]
        raise EditRefused(item["id"], field_name, problems)
    values = {**(item.get("values") or {})}
    if value is None:
        values.pop(field_name, None)
    else:
        values[field_name] = value
    candidate = {**item, "values": values}
    if field_name == "id" and value:
        candidate["record_id"] = value  # the submission now fills the record it names
    found = AcceptedChecker(dataset, form, today).check([(EDIT_ROW, candidate)])
    if found.get(EDIT_ROW):
        raise EditRefused(item["id"], field_name, found[EDIT_ROW])
    return value, candidate


def edit_field(
    dataset: Dataset,
    paths: PrivatePaths,
    submission_id: str,
    field_name: str,
    raw: str,
    by: str,
    today: dt.date,
) -> str | None:
    """Check and write a new value of one public field of a queued submission; return it.

    The caller holds the private folder (`store.opened`). Raises EditRefused (with every
    problem) or HubError, and then writes nothing.
    """
    [(path, item)] = pick(paths, [submission_id])
    value, candidate = checked_value(dataset, item, field_name, raw, today)
    stamp = now().isoformat()
    candidate["edited"] = [
        *(item.get("edited") or []),
        {"field": field_name, "by": by, "when": stamp},
    ]
    items = read_folder(paths.queue)[path]
    transaction = Transaction()
    transaction.write(
        path, dump_lines([candidate if i["id"] == submission_id else i for i in items])
    )
    what = f"{item.get('form')} {submission_id}: field {field_name!r}"
    transaction.write(
        paths.audit / f"{run_id('edit')}.jsonl",
        dump_lines([audit_entry("edit", by, what, "", [submission_id])]),
    )
    commit(transaction, paths.journal)
    return value
