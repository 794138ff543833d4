"""Check a queued submission again before approval, as fully as the intake checked it.

The queue file lives in private/ and staff (or anyone with the folder) can edit it, so approve
trusts nothing in it: the item's shape, every value through its field's reader (the same
normalisers and checks as `intlhub ingest`), then the accepted-rows checks (rules between
fields, foreign keys, the market of a market note, the cross-record rules). A value the reader
would write differently is refused too: merging writes the queued text as it is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from intlhub.base.untrusted import shown
from intlhub.dataset.forms import Form
from intlhub.dataset.load_dataset import Dataset
from intlhub.intake.check_accepted import AcceptedChecker
from intlhub.intake.read.fields import FieldReader, Lookups

RECHECK_ROW = 1  # the one row the accepted-row checks see
TEXT_KEYS = ("id", "form", "change", "received", "record_id", "submission_id", "submitted_at")


def shape_problems(item: dict[str, Any], form: Form) -> list[str]:
    """What is wrong with the item itself: its keys' types, unknown or misplaced fields."""
    problems = []
    for key in TEXT_KEYS:
        if item.get(key) is not None and not isinstance(item[key], str):
            problems.append(f"{key!r} must be text, found {type(item[key]).__name__}")
    if item.get("change", "new") not in ("new", "update"):
        problems.append(f"'change' is {shown(item.get('change'))}, not 'new' or 'update'")
    for key, kind in (("values", "public"), ("personal", "personal")):
        part = item.get(key) or {}
        if not isinstance(part, dict):
            problems.append(f"{key!r} must be an object of field: text")
            continue
        for name in sorted(map(str, part)):
            form_field = form.field(name)
            if form_field is None:
                problems.append(f"field {shown(name)} is not a field of form {form.name!r}")
            elif form_field.personal != (kind == "personal"):
                problems.append(f"field {name!r} is not a {kind} field: it cannot be in {key!r}")
    return problems


def value_problems(dataset: Dataset, form: Form, item: dict[str, Any]) -> list[str]:
    """Every value read again by its field's reader; it must come back unchanged."""
    lookups = Lookups(dataset, form)
    problems = []
    for form_field in form.fields:
        part = (item.get("personal") if form_field.personal else item.get("values")) or {}
        value = part.get(form_field.name)
        if value in (None, ""):
            if form_field.required:
                problems.append(f"field {form_field.name!r} is required")
            continue
        if not isinstance(value, str):
            problems.append(
                f"field {form_field.name!r} must be text, found {type(value).__name__} "
                f"{shown(value)}"
            )
            continue
        canonical, issues = FieldReader(form_field, lookups, "dmy").read(value)
        for _, reason, _ in issues:
            problems.append(f"field {form_field.name!r}: {reason}")
        if not issues and canonical != value:
            problems.append(
                f"field {form_field.name!r}: {shown(value)} is not as the intake writes it "
                f"({shown(canonical)})"
            )
    return problems


def recheck_submission(
    dataset: Dataset, form: Form, item: dict[str, Any], today: dt.date
) -> list[str]:
    """Return why a queued submission may not be approved as it is (empty when it may)."""
    where = str(item.get("id"))
    problems = shape_problems(item, form)
    if not problems:
        problems = value_problems(dataset, form, item)
    if not problems:
        submission = {"values": item.get("values") or {}, "record_id": item.get("record_id")}
        found = AcceptedChecker(dataset, form, today).check([(RECHECK_ROW, submission)])
        problems = [
            (f"field {p.field!r}: " if p.field else "") + p.reason
            for p in found.get(RECHECK_ROW, [])
        ]
    return [f"{where}: {problem}" for problem in problems]
