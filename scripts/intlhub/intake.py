"""`intlhub ingest`: read an export, normalise and check every row, queue the accepted ones.

Nothing reaches data/ here: accepted submissions go to the review queue in the private folder,
refused rows to its rejects folder, all in one journalled transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .check_records import check_records, resource_path
from .check_rows import KeyIndex, check_foreign_keys, check_value, typed_record
from .forms import GUIDANCE, Form, field_specs, find_form, resource_schema
from .journal import Transaction, commit
from .load_dataset import Dataset
from .merge_records import (
    is_guidance,
    merge_row,
    new_event_id,
    read_table_file,
    record_values,
    resolve_defaults,
)
from .private_store import (
    PrivatePaths,
    audit_entry,
    dump_lines,
    index_by_id,
    now,
    read_folder,
    run_id,
    who,
)
from .problems import HubError
from .read_fields import (
    FORM_NAME,
    HONEYPOT,
    SUBMISSION_ID,
    SUBMITTED_AT,
    Lookups,
    as_text,
    header_score,
    map_columns,
    read_fields,
)
from .read_source import Grid, find_header
from .rejects import Rejection, rejects_csv

SUBMISSION_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")
ROW_OFFSET = 100_000_000  # input rows inside the candidate dataset are numbered from here
PROGRESS_EVERY = 10_000

Progress = Callable[[str], None]


@dataclass
class IngestOptions:
    """What `intlhub ingest` was asked to do."""

    form: str
    date_order: str = "dmy"
    all_or_nothing: bool = False
    dry_run: bool = False
    by: str | None = None


@dataclass
class IngestReport:
    """What an ingest read, accepted, left unchanged, updated and rejected."""

    source: str
    form: str
    read: int = 0
    accepted: int = 0
    unchanged: int = 0
    updated: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    diff: list[str] = field(default_factory=list)
    queued_ids: list[str] = field(default_factory=list)
    written: bool = False
    run: str = ""


@dataclass
class Row:
    """One input row on its way through the checks."""

    number: int
    raw: dict[str, str]
    problems: list[Rejection] = field(default_factory=list)
    submission: dict[str, Any] | None = None
    change: str = ""  # new, update or unchanged


def content_hash(form: str, values: dict[str, str], personal: dict[str, str]) -> str:
    """Hash a submission's normalised content (its identity when it carries no id)."""
    text = json.dumps([form, values, personal], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def queue_id(form: str, submission_id: str | None, digest: str) -> str:
    """Return a submission's id in the queue: its submission id, namespaced by form."""
    if not submission_id:
        return f"{form}-h{digest[:16]}"
    return submission_id if submission_id.startswith(f"{form}-") else f"{form}-{submission_id}"


class Intake:
    """One ingest run over one export."""

    def __init__(
        self,
        dataset: Dataset,
        paths: PrivatePaths,
        options: IngestOptions,
        today: dt.date,
        progress: Progress,
    ) -> None:
        self.dataset, self.paths, self.options = dataset, paths, options
        self.today, self.progress = today, progress
        self.form: Form = find_form(dataset, options.form)
        self.lookups = Lookups(dataset, self.form)
        self.specs = field_specs(dataset, self.form.resource)
        self.queue_files = read_folder(paths.queue)
        self.queued = index_by_id(self.queue_files)
        self.decided = index_by_id(read_folder(paths.store))
        self.seen: dict[str, tuple[int, str]] = {}  # queue id -> (row, hash) in this input
        self.records: dict[str, tuple[int, str]] = {}  # record id -> (row, queue id)
        self.taken_ids = {str(r.get("id")) for r in dataset.table(self.form.resource)}

    def read_row(self, number: int, cells: list[Any], header: list[str], columns) -> Row:
        """Normalise and check one row on its own."""
        raw = {
            header[i] if i < len(header) and header[i] else f"column {i + 1}": as_text(cell)
            for i, cell in enumerate(cells)
            if cell not in (None, "")
        }
        row = Row(number, raw)
        if len(cells) > len(header) and any(c not in (None, "") for c in cells[len(header) :]):
            row.problems.append(
                Rejection(
                    number,
                    None,
                    "extra-cells",
                    f"the row has {len(cells)} cells, the header {len(header)}",
                    "Quote cells that contain the separator.",
                )
            )
        by_field = {name: cells[i] for i, name in columns.fields.items() if i < len(cells)}
        meta = {role: cells[i] for i, role in columns.meta.items() if i < len(cells)}
        if meta.get(HONEYPOT) not in (None, ""):
            row.problems.append(
                Rejection(
                    number,
                    HONEYPOT,
                    "honeypot",
                    "the hidden anti-spam field is filled in",
                    "Nothing to fix: this looks like an automated submission.",
                )
            )
        if meta.get(FORM_NAME) not in (None, "", self.form.name):
            row.problems.append(
                Rejection(
                    number,
                    FORM_NAME,
                    "wrong-form",
                    f"the row is a {meta[FORM_NAME]!r} submission",
                    f"Ingest it with --form {meta[FORM_NAME]}.",
                )
            )
        values, errors = read_fields(self.form, by_field, self.lookups, self.options.date_order)
        for name, error in errors:
            row.problems.append(Rejection(number, name, "invalid-value", error.reason, error.fix))
        for form_field in self.form.public_fields:
            value = values.get(form_field.name)
            if value is None or not form_field.spec or form_field.resource == GUIDANCE:
                continue
            for found in check_value(form_field.name, form_field.spec, value):
                row.problems.append(
                    Rejection(number, form_field.name, found.type, found.reason, found.fix)
                )
        personal = {
            f.name: values.pop(f.name) for f in self.form.personal_fields if f.name in values
        }
        submission_id = meta.get(SUBMISSION_ID)
        submission_id = None if submission_id in (None, "") else as_text(submission_id).strip()
        if submission_id and not SUBMISSION_ID_PATTERN.match(submission_id):
            row.problems.append(
                Rejection(
                    number,
                    SUBMISSION_ID,
                    "invalid-value",
                    f"{submission_id[:40]!r} is not a submission id",
                    "Use letters, digits, '.', ':', '_' and '-' (at most 100).",
                )
            )
        if row.problems:
            return row
        digest = content_hash(self.form.name, values, personal)
        qid = queue_id(self.form.name, submission_id, digest)
        previous = self.queued.get(qid) or self.decided.get(qid)
        record_id = self.record_id(values, previous)
        row.submission = {
            "id": qid,
            "form": self.form.name,
            "submission_id": submission_id,
            "hash": digest,
            "received": now().isoformat(),
            "submitted_at": as_text(meta.get(SUBMITTED_AT) or ""),
            "source": Path(self.report.source).name
            if "://" not in self.report.source
            else self.report.source,
            "row": number,
            "record_id": record_id,
            "values": values,
            "personal": personal,
        }
        self.classify(row, previous)
        return row

    def record_id(self, values: dict[str, str], previous) -> str | None:
        """The record a submission fills: its id field, the id made earlier, or a new one."""
        if "id" in values:
            return values["id"]
        if not self.form.id_from:
            return None
        if previous and previous[1].get("record_id"):
            return previous[1]["record_id"]
        made = new_event_id(self.form, values, self.taken_ids)
        self.taken_ids.add(made)
        return made

    def classify(self, row: Row, previous) -> None:
        """New, update or unchanged; duplicate and conflicting rows of this input are refused."""
        submission = row.submission
        qid, digest, record = submission["id"], submission["hash"], submission["record_id"]
        if qid in self.seen:
            first, first_hash = self.seen[qid]
            if first_hash == digest:
                row.change = "unchanged"
                return
            row.problems.append(
                Rejection(
                    row.number,
                    SUBMISSION_ID,
                    "conflicting-row",
                    f"submission {qid!r} is also on row {first} with different content",
                    "Keep one of the two rows.",
                )
            )
            return
        self.seen[qid] = (row.number, digest)
        if record and record in self.records and self.records[record][1] != qid:
            row.problems.append(
                Rejection(
                    row.number,
                    "id",
                    "conflicting-row",
                    f"record {record!r} is also submitted on row {self.records[record][0]}",
                    "Send one submission per record, or merge the rows.",
                )
            )
            return
        if record:
            self.records[record] = (row.number, qid)
        if previous and previous[1].get("hash") == digest:
            row.change = "unchanged"
        else:
            row.change = "update" if previous else "new"
            submission["change"] = row.change

    def check_together(self, rows: list[Row]) -> None:
        """Run the foreign-key and cross-record checks of `intlhub validate` with the rows added."""
        pending = [r for r in rows if r.change in ("new", "update")]
        if not pending:
            return
        if is_guidance(self.form):
            markets = {m["code"] for m in self.dataset.table("markets")}
            for row in pending:
                code = row.submission["values"].get("market")
                if code not in markets:
                    row.problems.append(
                        Rejection(
                            row.number,
                            "market",
                            "foreign-key",
                            f"{code!r} is not in 'markets'",
                            "Choose a market the hub covers.",
                        )
                    )
            return
        table = read_table_file(self.dataset, self.form.resource)
        defaults = resolve_defaults(self.form, self.today)
        schema = resource_schema(self.dataset, self.form.resource)
        index = KeyIndex(self.dataset)
        records = {table.key_of(r): r for r in table.rows.values()}
        numbers: dict[tuple, int] = {key: i + 2 for i, key in enumerate(sorted(records))}
        by_number: dict[int, Row] = {}
        for row in pending:
            values = record_values(self.form, row.submission["values"], row.submission["record_id"])
            key = table.key_of(values)
            merged = merge_row(records.get(key), values, defaults)
            for found in check_foreign_keys(index, schema, merged):
                row.problems.append(
                    Rejection(row.number, found.field, found.type, found.reason, found.fix)
                )
            records[key] = merged
            numbers[key] = ROW_OFFSET + row.number
            by_number[ROW_OFFSET + row.number] = row
        ordered = sorted(records)
        candidate = Dataset(
            root_path=self.dataset.root_path,
            descriptor=self.dataset.descriptor,
            tables={
                **self.dataset.tables,
                self.form.resource: tuple(typed_record(self.specs, records[k]) for k in ordered),
            },
            documents=self.dataset.documents,
            guidance=self.dataset.guidance,
            row_numbers={
                **self.dataset.row_numbers,
                self.form.resource: tuple(numbers[k] for k in ordered),
            },
        )
        own_file = resource_path(self.dataset, self.form.resource)
        for found in check_records(candidate, self.today):
            row = by_number.get(found.row or 0)
            if row and found.file == own_file and found.severity == "error":
                row.problems.append(
                    Rejection(row.number, found.field, found.type, found.message, found.fix)
                )

    def run(self, grid: Grid) -> IngestReport:
        """Read every row, check them, and (unless a dry run) write the queue and the rejects."""
        self.report = report = IngestReport(source=grid.name, form=self.form.name)
        _, header, rows = find_header(grid.rows, header_score(self.form))
        columns = map_columns(self.form, header)
        report.unknown_columns = columns.unknown
        missing = columns.missing(self.form)
        if missing:
            labels = ", ".join(f"{n!r} ({self.form.field(n).label['pt']!r})" for n in missing)
            raise HubError(
                f"Cannot ingest {grid.name!r}: no column for the required field(s) {labels}",
                "Add the columns, named by the field name or its PT or EN label (data/forms.yaml).",
            )
        read: list[Row] = []
        for number, cells in rows:
            if not any(cell not in (None, "") and str(cell).strip() for cell in cells):
                continue
            read.append(self.read_row(number, list(cells), header, columns))
            if len(read) % PROGRESS_EVERY == 0:
                self.progress(f"… {len(read):,} rows read")
        self.check_together(read)
        return self.finish(read)

    def finish(self, rows: list[Row]) -> IngestReport:
        """Count, describe and write the outcome."""
        report = self.report
        report.read = len(rows)
        refused = [r for r in rows if r.problems]
        kept = [r for r in rows if not r.problems and r.change in ("new", "update")]
        report.rejected = len(refused)
        report.unchanged = sum(1 for r in rows if not r.problems and r.change == "unchanged")
        report.rejections = [p for r in refused for p in r.problems]
        if self.options.all_or_nothing and refused:
            kept = []
        report.accepted = sum(1 for r in kept if r.change == "new")
        report.updated = sum(1 for r in kept if r.change == "update")
        report.queued_ids = [r.submission["id"] for r in kept]
        for row in kept:
            sub = row.submission
            title = sub["values"].get("title_pt") or sub["values"].get("source_title") or ""
            report.diff.append(
                f"{'+' if row.change == 'new' else '~'} {sub['id']} ({row.change}) → {self.form.resource} {sub['record_id'] or ''} {title[:60]!r}"
            )
        if self.options.dry_run or not (kept or refused):
            return report
        self.write(kept, refused)
        return report

    def write(self, kept: list[Row], refused: list[Row]) -> None:
        """Queue the accepted rows and keep the refused ones, in one transaction."""
        report, paths = self.report, self.paths
        report.run = run_id(self.form.name)
        transaction = Transaction()
        if kept:
            updated = {r.submission["id"] for r in kept}
            for path, items in self.queue_files.items():
                if any(item["id"] in updated for item in items):
                    left = [item for item in items if item["id"] not in updated]
                    transaction.write(path, dump_lines(left)) if left else transaction.delete(path)
            transaction.write(
                paths.queue / f"{report.run}.jsonl", dump_lines([r.submission for r in kept])
            )
        if refused:
            lines = [
                {"row": r.number, "raw": r.raw, "problems": [p.__dict__ for p in r.problems]}
                for r in refused
            ]
            transaction.write(paths.rejects / f"{report.run}.jsonl", dump_lines(lines))
            transaction.write(paths.rejects / f"{report.run}.csv", rejects_csv(refused))
        what = f"ingest {report.source!r}: {report.accepted} new, {report.updated} updated, {report.rejected} rejected"
        transaction.write(
            paths.audit / f"{report.run}.jsonl",
            dump_lines([audit_entry("ingest", who(self.options.by), what, "", report.queued_ids)]),
        )
        commit(transaction, paths.journal)
        report.written = True


def ingest_export(
    grid: Grid,
    dataset: Dataset,
    paths: PrivatePaths,
    options: IngestOptions,
    today: dt.date,
    progress: Progress,
) -> IngestReport:
    """Ingest one export into the review queue; see Intake."""
    return Intake(dataset, paths, options, today, progress).run(grid)
