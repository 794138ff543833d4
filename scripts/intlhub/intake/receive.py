"""Submissions sent one at a time (the intake service's API): check their shape, then ingest a
batch of them as one export through the same normalise and check code as `intlhub ingest`.

A submission is the JSON the site's forms send: `{form, submission_id, submitted_at, lang,
values: {field: value}}`. Each becomes one row of a grid whose header is the form's field names
and the meta columns, so every rule of the ingest applies unchanged. Rows sent together are
ingested together (one queue file, one transaction): the service groups the requests that
arrive while the previous batch is being written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from intlhub.dataset.forms import Form
from intlhub.dataset.load_dataset import Dataset
from intlhub.intake.ingest import SUBMISSION_ID_PATTERN, ingest_export
from intlhub.intake.private.store import PrivatePaths
from intlhub.intake.read.columns import HONEYPOT, SUBMISSION_ID, SUBMITTED_AT
from intlhub.intake.read.source import Grid
from intlhub.intake.rejects import Rejection
from intlhub.intake.submissions import IngestOptions, queue_id

BY = "intake service"
MAX_TEXT = 100_000  # characters of one value; max_length and the body limit are usually lower
MAX_LIST_ITEMS = 500
ALT_SUFFIXES = ("_alt_pt", "_alt_en")  # an image field X needs X_alt_pt and X_alt_en
SUBMITTED_AT_MAX = 40


@dataclass
class Received:
    """One submission whose shape is right, ready to become a row."""

    form: str
    submission_id: str
    submitted_at: str
    values: dict[str, Any]
    honeypot: bool = False

    @property
    def id(self) -> str:
        """The submission's id in the review queue (the receipt)."""
        return queue_id(self.form, self.submission_id, "")


@dataclass
class Outcome:
    """What became of one submission: queued under `id`, or refused for `problems`."""

    id: str
    problems: list[Rejection] = field(default_factory=list)

    @property
    def queued(self) -> bool:
        return not self.problems


def shape_problem(field_name: str | None, kind: str, reason: str, fix: str) -> Rejection:
    """A problem with the submission's shape (row 1: a submission is one row)."""
    return Rejection(1, field_name, kind, reason, fix)


def cell_of(value: Any) -> tuple[Any, str | None]:
    """A JSON value as the cell the field readers take, or why it cannot be one."""
    if value is None or isinstance(value, bool | int | float):
        return value, None
    if isinstance(value, str):
        return (value, None) if len(value) <= MAX_TEXT else (None, "the value is too long")
    if isinstance(value, list):
        if len(value) > MAX_LIST_ITEMS or not all(isinstance(item, str) for item in value):
            return None, "a list must hold at most 500 texts"
        return ";".join(value), None
    return None, "the value is a JSON object, not a text, a number or a list of texts"


def default_submission_id(form: str, values: dict[str, Any]) -> str:
    """An id made from the content, so resending the same values is still recognised."""
    text = json.dumps([form, values], sort_keys=True, ensure_ascii=True)
    return "api-" + hashlib.sha256(text.encode("ascii")).hexdigest()[:24]


def read_submission(body: Any, form: Form) -> tuple[Received | None, list[Rejection]]:
    """Check a submission's shape against its form; values are checked later by the ingest."""
    if not isinstance(body, dict) or not isinstance(body.get("values"), dict):
        return None, [
            shape_problem(
                None,
                "invalid-body",
                "the body is not a submission object with 'values'",
                'Send {"form": ..., "submission_id": ..., "values": {...}}.',
            )
        ]
    problems: list[Rejection] = []
    if body.get("form") not in (None, form.name):
        problems.append(
            shape_problem(
                "form",
                "wrong-form",
                "the body names another form than the address",
                f"Send it to the address of form {str(body.get('form'))[:40]!r}.",
            )
        )
    names = {f.name for f in form.fields}
    values: dict[str, Any] = {}
    for key, value in body["values"].items():
        if key == HONEYPOT:
            continue
        if key not in names:
            problems.append(
                shape_problem(
                    str(key)[:60], "unknown-field", "not a field of the form", "Leave it out."
                )
            )
            continue
        cell, why = cell_of(value)
        if why:
            problems.append(shape_problem(key, "invalid-value", why, "Send one text per field."))
        else:
            values[key] = cell
    problems += missing_alt_texts(form, values)
    submission_id = body.get("submission_id")
    if submission_id in (None, ""):
        submission_id = default_submission_id(form.name, values)
    elif not isinstance(submission_id, str) or not SUBMISSION_ID_PATTERN.match(submission_id):
        problems.append(
            shape_problem(
                SUBMISSION_ID,
                "invalid-value",
                "the submission id is not letters, digits, '.', ':', '_' and '-' (at most 100)",
                "Let the form make the id, or leave it out.",
            )
        )
    submitted_at = body.get("submitted_at")
    if not isinstance(submitted_at, str) or len(submitted_at) > SUBMITTED_AT_MAX:
        submitted_at = ""
    honeypot = body.get(HONEYPOT) or body["values"].get(HONEYPOT)
    if problems:
        return None, problems
    return Received(form.name, submission_id, submitted_at, values, bool(honeypot)), []


def missing_alt_texts(form: Form, values: dict[str, Any]) -> list[Rejection]:
    """An image needs its text alternative in each language."""
    problems = []
    for image in (f for f in form.fields if f.kind == "image"):
        if values.get(image.name) in (None, ""):
            continue
        for suffix in ALT_SUFFIXES:
            name = image.name + suffix
            if form.field(name) is not None and str(values.get(name) or "").strip() == "":
                problems.append(
                    shape_problem(
                        name,
                        "alt-text-missing",
                        "an image needs a text alternative in each language",
                        "Describe what the image shows.",
                    )
                )
    return problems


def submissions_grid(form: Form, items: list[Received]) -> Grid:
    """The submissions as an export: the meta columns, then one column per field of the form."""
    names = [f.name for f in form.fields]
    header: list[Any] = [SUBMISSION_ID, SUBMITTED_AT, *names]
    rows = [(1, header)]
    for number, item in enumerate(items, start=2):
        cells = [item.submission_id, item.submitted_at, *(item.values.get(n) for n in names)]
        rows.append((number, cells))
    return Grid(f"api:{form.name}", "json", iter(rows), total=len(items))


def receive_batch(
    items: list[Received], form: Form, dataset: Dataset, paths: PrivatePaths, today: dt.date
) -> list[Outcome]:
    """Ingest submissions of one form together; hold the private folder around this call.

    A refused submission is answered, not kept in rejects/: its sender sees why and can fix it.
    A resend of a queued or decided submission with the same values is not queued again.
    """
    outcomes = [Outcome(item.id) for item in items]
    rows = [(i, item) for i, item in enumerate(items) if not item.honeypot]
    if not rows:
        return outcomes  # a robot filled the hidden field: answered as queued, nothing kept
    options = IngestOptions(form=form.name, by=BY, keep_rejects=False)
    grid = submissions_grid(form, [item for _, item in rows])
    report = ingest_export(grid, dataset, paths, options, today, lambda message: None)
    row_of = {number: index for number, (index, _) in enumerate(rows, start=2)}
    for problem in report.rejections:
        outcomes[row_of[problem.row]].problems.append(problem)
    return outcomes
