"""Check accepted submissions as `intlhub validate` will see them once merged into data/.

Foreign keys and the cross-record checks run a chunk of rows at a time beside the other
resources. Small ingests call this in their own process; large ones in the check process
(check_worker), which also writes the queue lines of the rows that pass.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from intlhub.dataset.check_records import check_records, resource_path
from intlhub.dataset.forms import Form, field_specs, resource_schema, rule_problems
from intlhub.dataset.load_dataset import Dataset
from intlhub.intake.check_rows import KeyIndex, foreign_key_checker, record_typer
from intlhub.intake.merge.records import (
    is_guidance,
    merge_row,
    read_table_file,
    record_values,
    resolve_defaults,
)
from intlhub.intake.merge.related import ORGANISATIONS, organisation_for
from intlhub.intake.rejects import Rejection

ROW_OFFSET = 100_000_000  # input rows inside the candidate dataset are numbered from here
# One encoder for every queue line: json.dumps would build a new one per line.
QUEUE_LINE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, check_circular=False)

Submission = Mapping[str, Any]


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Turn the cyclic garbage collector off while rows stream through.

    Each row makes dozens of small dicts and tuples that live until their chunk is counted; the
    collector kept re-scanning them and everything loaded, about a fifth of an ingest's time.
    Rows make no reference cycles (tests/intake/read/test_read_fields.py checks that what is left for the
    collector does not grow with the rows), so reference counting frees them as before.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def queue_line(submission: Submission) -> str:
    """Return a submission as one line of a queue file (sorted keys, text as written)."""
    return QUEUE_LINE.encode(submission) + "\n"


class AcceptedChecker:
    """The checks a chunk of accepted rows must pass, with what they need read once."""

    def __init__(self, dataset: Dataset, form: Form, today: dt.date) -> None:
        self.dataset, self.form, self.today = dataset, form, today
        self.table = None  # the resource's CSV as text rows, read when first needed
        self.defaults = resolve_defaults(form, today)
        self.own_file = resource_path(dataset, form.resource)
        self.keys = KeyIndex(dataset)
        self.check_keys = foreign_key_checker(self.keys, resource_schema(dataset, form.resource))
        self.typed_record = record_typer(field_specs(dataset, form.resource))
        # A new organisation named by a submission: checked as a row of organisations.csv.
        self.organisations = None
        if form.targets_of(ORGANISATIONS):
            self.organisations = read_table_file(dataset, ORGANISATIONS)
            self.typed_organisation = record_typer(field_specs(dataset, ORGANISATIONS))
            self.organisations_file = resource_path(dataset, ORGANISATIONS)
            self.organisation_field = {t: n for n, t in form.targets_of(ORGANISATIONS)}

    def check(self, rows: Sequence[tuple[int, Submission]]) -> dict[int, list[Rejection]]:
        """Return the problems of each row (by row number) that breaks a rule, in check order."""
        if not rows:
            return {}
        if is_guidance(self.form):
            return self.check_markets(rows)
        if self.table is None:
            self.table = read_table_file(self.dataset, self.form.resource)
        form, defaults, existing, key_of = (
            self.form,
            self.defaults,
            self.table.rows,
            self.table.key_of,
        )
        check_keys, typed_record = self.check_keys, self.typed_record
        found: dict[int, list[Rejection]] = {}
        typed, numbers, organisations = [], [], []
        for number, submission in rows:
            for name, kind, reason, fix in rule_problems(form, submission["values"]):
                found.setdefault(number, []).append(Rejection(number, name, kind, reason, fix))
            values = record_values(form, submission["values"], submission["record_id"])
            if self.organisations is not None:
                made, row = self.new_organisation(submission["values"])
                if made:
                    values["beneficiary_id"] = made
                if row:
                    organisations.append((number, row))
            merged = merge_row(existing.get(key_of(values)), values, defaults)
            for broken in check_keys(merged):
                found.setdefault(number, []).append(
                    Rejection(number, broken.field, broken.type, broken.reason, broken.fix)
                )
            typed.append(typed_record(merged))
            numbers.append(ROW_OFFSET + number)
        tables = {**self.dataset.tables, form.resource: tuple(typed)}
        row_numbers = {**self.dataset.row_numbers, form.resource: tuple(numbers)}
        if organisations:
            tables[ORGANISATIONS] = self.dataset.table(ORGANISATIONS) + tuple(
                self.typed_organisation(row) for _, row in organisations
            )
            row_numbers[ORGANISATIONS] = self.dataset.row_numbers.get(ORGANISATIONS, ()) + tuple(
                ROW_OFFSET + number for number, _ in organisations
            )
        candidate = Dataset(
            root_path=self.dataset.root_path,
            descriptor=self.dataset.descriptor,
            tables=tables,
            documents=self.dataset.documents,
            guidance=self.dataset.guidance,
            row_numbers=row_numbers,
        )
        ours = set(numbers)
        for problem in check_records(candidate, self.today):
            if problem.row not in ours or problem.severity != "error":
                continue
            field = problem.field
            if problem.file == self.own_file:
                pass
            elif organisations and problem.file == self.organisations_file:
                field = self.organisation_field.get(field or "", "organisation_name")
            else:
                continue
            number = problem.row - ROW_OFFSET
            found.setdefault(number, []).append(
                Rejection(number, field, problem.type, problem.message, problem.fix)
            )
        return found

    def new_organisation(self, values: Mapping[str, Any]) -> tuple[str | None, dict | None]:
        """(beneficiary id, organisation row to add) for a submission that names a new one.

        Rows made earlier in this run are kept, so two submissions of one NIF share one row; a
        NIF already listed names that organisation, and no row is added.
        """
        made, row, _ = organisation_for(self.form, values, self.organisations)
        if row is not None:
            self.organisations.rows[(made,)] = row
            self.keys.get(ORGANISATIONS, "id").add(made)
        return made, row

    def check_markets(self, rows: Sequence[tuple[int, Submission]]) -> dict[int, list[Rejection]]:
        """A market note must name a market the hub covers."""
        markets = {m["code"] for m in self.dataset.table("markets")}
        found = {}
        for number, submission in rows:
            code = submission["values"].get("market")
            if code not in markets:
                found[number] = [
                    Rejection(
                        number,
                        "market",
                        "foreign-key",
                        f"{code!r} is not in 'markets'",
                        "Choose a market the hub covers.",
                    )
                ]
        return found
