"""`intlhub ingest`: read an export, normalise and check every row, queue the accepted ones.

Nothing reaches data/ here: accepted submissions go to the review queue in the private folder,
refused rows to its rejects folder, all in one journalled transaction.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intlhub.base.problems import HubError
from intlhub.dataset.forms import Form, find_form
from intlhub.dataset.load_dataset import Dataset
from intlhub.intake.check_accepted import AcceptedChecker, fewer_collections, queue_line
from intlhub.intake.classify_rows import RowClassifier
from intlhub.intake.private.journal import Transaction, commit
from intlhub.intake.private.store import (
    PARTIAL,
    PrivatePaths,
    audit_entry,
    dump_lines,
    index_by_id,
    now,
    read_folder,
    run_id,
    who,
)
from intlhub.intake.read.columns import (
    FORM_NAME,
    HONEYPOT,
    SUBMISSION_ID,
    SUBMITTED_AT,
    header_score,
    map_columns,
)
from intlhub.intake.read.fields import FieldReader, Lookups, as_text
from intlhub.intake.read.source import Grid, find_header
from intlhub.intake.rejects import Rejection, rejects_csv
from intlhub.intake.submissions import IngestOptions, IngestReport, Row, content_hash

if TYPE_CHECKING:
    from intlhub.intake.check_worker import CheckProcess

SUBMISSION_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")
PROGRESS_EVERY = 10_000
CHUNK_ROWS = 5_000  # rows checked together; bounds memory on long files
SENT_CHUNK_ROWS = 2_500  # smaller when sent: a few chunks wait for the check process
AUDIT_IDS = 1_000  # an audit line lists at most this many ids
NO_COLUMN = sys.maxsize  # the column index of a field the export lacks: always past the row's end
UNANSWERED_CHUNKS = 8  # chunks sent before waiting: the check process validates data/ first
TITLES = ("title_pt", "source_title")  # what a dry run shows of a submission

Progress = Callable[[str], None]


def progress_bar(done: int, total: int | None, width: int = 30) -> str:
    """A one-line text progress bar: `[#####-----]  50% 50,000 / 100,000 rows`."""
    if not total:
        return f"… {done:,} rows read"
    share = min(done / total, 1.0)
    filled = int(share * width)
    return f"[{'#' * filled}{'-' * (width - filled)}] {share:4.0%} {done:,} / ~{total:,} rows"


def is_blank(cells: list[Any]) -> bool:
    """True when no cell holds anything but spaces."""
    first = cells[0] if cells else None
    if first.__class__ is str and first.strip():
        return False  # the common case, settled by the first cell
    return not any(cell not in (None, "") and str(cell).strip() for cell in cells)


class Intake:
    """One ingest run over one export."""

    def __init__(
        self,
        dataset: Dataset,
        paths: PrivatePaths,
        options: IngestOptions,
        today: dt.date,
        progress: Progress,
        worker: CheckProcess | None = None,
    ) -> None:
        self.dataset, self.paths, self.options = dataset, paths, options
        self.today, self.progress = today, progress
        self.form: Form = find_form(dataset, options.form)
        self.lookups = Lookups(dataset, self.form)
        self.queue_files = read_folder(paths.queue)
        self.queued = index_by_id(self.queue_files)
        self.decided = index_by_id(read_folder(paths.store))
        self.readers = {
            f.name: FieldReader(f, self.lookups, options.date_order) for f in self.form.fields
        }
        self.personal_names = {f.name for f in self.form.personal_fields}
        # Accepted rows are checked here, or by the check process of a large ingest.
        self.checker = AcceptedChecker(dataset, self.form, today) if worker is None else None
        self.classifier: RowClassifier | None = None  # made in read_all
        self.worker = worker
        self.unsettled: deque[tuple[list[Row], list[Row]]] = deque()  # (chunk, rows sent)
        self.refused: list[Row] = []
        self.run_name = run_id(self.form.name)
        self.partial_path = paths.queue / f".{self.run_name}.jsonl{PARTIAL}"
        self.out: io.TextIOWrapper | None = None  # the queue file, written as rows are accepted
        self.queue_written = False  # a queue file holds accepted rows (here or by the worker)
        self.kept_ids: list[str] = []

    def read_row(self, number: int, cells: list[Any], header: list[str], columns) -> Row:
        """Normalise and check one row on its own."""
        row = Row(number, cells, header)
        problems = row.problems
        width = len(cells)
        if width > len(header) and any(c not in (None, "") for c in cells[len(header) :]):
            problems.append(
                Rejection(
                    number,
                    None,
                    "extra-cells",
                    f"the row has {len(cells)} cells, the header {len(header)}",
                    "Quote cells that contain the separator.",
                )
            )
        meta = {role: cells[i] for i, role in self.meta_plan if i < width}
        if meta.get(HONEYPOT) not in (None, ""):
            problems.append(
                Rejection(
                    number,
                    HONEYPOT,
                    "honeypot",
                    "the hidden anti-spam field is filled in",
                    "Nothing to fix: this looks like an automated submission.",
                )
            )
        if meta.get(FORM_NAME) not in (None, "", self.form.name):
            problems.append(
                Rejection(
                    number,
                    FORM_NAME,
                    "wrong-form",
                    f"the row is a {meta[FORM_NAME]!r} submission",
                    f"Ingest it with --form {meta[FORM_NAME]}.",
                )
            )
        values: dict[str, str] = {}
        personal: dict[str, str] = {}
        for name, index, remembered, read, is_personal in self.plan:
            raw = cells[index] if index < width else None
            found = remembered(raw) if raw.__class__ is str else None
            if found is None:
                found = read(raw)
            value, issues = found
            if issues:
                for kind, reason, fix in issues:
                    problems.append(Rejection(number, name, kind, reason, fix))
            elif value is not None:
                if is_personal:
                    personal[name] = value
                else:
                    values[name] = value
        submission_id = meta.get(SUBMISSION_ID)
        submission_id = None if submission_id in (None, "") else as_text(submission_id).strip()
        if submission_id and not SUBMISSION_ID_PATTERN.match(submission_id):
            problems.append(
                Rejection(
                    number,
                    SUBMISSION_ID,
                    "invalid-value",
                    f"{submission_id[:40]!r} is not a submission id",
                    "Use letters, digits, '.', ':', '_' and '-' (at most 100).",
                )
            )
        if problems:
            return row
        digest = content_hash(self.form.name, values, personal)
        submitted_at = as_text(meta.get(SUBMITTED_AT) or "")
        row.submission, row.change, problem = self.classifier.classify(
            number, values, personal, submission_id, submitted_at, digest
        )
        if problem:
            problems.append(problem)
        return row

    def settle(self, rows: list[Row]) -> None:
        """Check a chunk of rows together (here or in the check process), then count them."""
        self.report.read += len(rows)
        pending = [r for r in rows if r.change in ("new", "update") and not r.problems]
        if self.worker is None:
            self.count(
                rows, pending, self.checker.check([(r.number, r.submission) for r in pending])
            )
            return
        self.worker.check([(r.number, r.submission) for r in pending])
        titles = TITLES if self.options.dry_run else ()
        for row in pending:  # sent: keep only what counting (and a dry run's diff) needs
            sub, values = row.submission, row.submission["values"]
            row.submission = {
                "id": sub["id"],
                "record_id": sub["record_id"],
                "values": {name: values[name] for name in titles if name in values},
            }
        self.unsettled.append((rows, pending))
        self.collect(UNANSWERED_CHUNKS)

    def collect(self, wait_until: int) -> None:
        """Count the chunks the check process has answered, waiting while too many are not."""
        for found in self.worker.results(wait_until):
            self.count(*self.unsettled.popleft(), found)

    def count(self, rows: list[Row], pending: list[Row], found: dict) -> None:
        """Add the problems the checks found, then keep only what the outcome needs."""
        for row in pending:
            row.problems.extend(found.get(row.number, ()))
        report, write = self.report, self.worker is None and not self.options.dry_run
        for row in rows:
            if row.problems:
                self.refused.append(row)
            elif row.change == "unchanged":
                report.unchanged += 1
            else:
                sub = row.submission
                self.kept_ids.append(sub["id"])
                if write:
                    if self.out is None:
                        self.out = self.partial_path.open("w", encoding="utf-8")
                    self.out.write(queue_line(sub))
                if row.change == "new":
                    report.accepted += 1
                else:
                    report.updated += 1
                if self.options.dry_run:
                    title = next(filter(None, map(sub["values"].get, TITLES)), "")
                    report.diff.append(
                        f"{'+' if row.change == 'new' else '~'} {sub['id']} ({row.change}) → {self.form.resource} {sub['record_id'] or ''} {title[:60]!r}"
                    )
        self.queue_written = bool(self.kept_ids) and not self.options.dry_run

    def discard(self) -> None:
        """Drop the queue file being written (a refused or failed run)."""
        if self.out is not None:
            self.out.close()
            self.out = None
        if self.worker is not None:
            self.worker.close()  # it may be writing the file
        self.queue_written = False
        self.partial_path.unlink(missing_ok=True)

    def run(self, grid: Grid) -> IngestReport:
        """Read, check and write; a run that fails leaves no partial file behind."""
        try:
            with fewer_collections():
                return self.read_all(grid)
        except BaseException:
            self.discard()
            raise

    def read_all(self, grid: Grid) -> IngestReport:
        """Read every row, check them, and (unless a dry run) write the queue and the rejects."""
        self.report = report = IngestReport(source=grid.name, form=self.form.name)
        _, header, rows = find_header(grid.rows, header_score(self.form))
        columns = map_columns(self.form, header)
        report.unknown_columns = columns.unknown
        if grid.format != "json":  # in JSON an absent key is an unanswered question
            fields = [self.form.field(name) for name in columns.unfed(self.form)]
            report.missing_fields = [(f.name, f.label.get("pt", f.name)) for f in fields if f]
        index_of = {name: index for index, name in columns.fields.items()}
        self.plan = [
            (name, index_of.get(name, NO_COLUMN), r.memo.get, r.read, name in self.personal_names)
            for name, r in self.readers.items()
        ]
        self.meta_plan = list(columns.meta.items())
        self.received = now().isoformat()
        self.source_name = grid.name if "://" in grid.name else Path(grid.name).name
        taken_ids = {str(r.get("id")) for r in self.dataset.table(self.form.resource)}
        known = (self.queued, self.decided)
        self.classifier = RowClassifier(
            self.form, known, taken_ids, self.received, self.source_name
        )
        if self.worker is not None:
            self.worker.set_queue_file(None if self.options.dry_run else self.partial_path)
        missing = columns.missing(self.form)
        if missing:
            labels = ", ".join(f"{n!r} ({self.form.field(n).label['pt']!r})" for n in missing)
            raise HubError(
                f"Cannot ingest {grid.name!r}: no column for the required field(s) {labels}",
                "Add the columns, named by the field name or its PT or EN label (data/forms.yaml).",
            )
        chunk: list[Row] = []
        chunk_rows = CHUNK_ROWS if self.worker is None else SENT_CHUNK_ROWS
        for number, cells in rows:
            if is_blank(cells):
                continue
            cells = cells if cells.__class__ is list else list(cells)
            chunk.append(self.read_row(number, cells, header, columns))
            if len(chunk) == chunk_rows:
                self.settle(chunk)
                chunk = []
                if report.read % PROGRESS_EVERY == 0:
                    self.progress(progress_bar(report.read, grid.total))
        self.settle(chunk)
        if self.worker is not None:
            self.collect(0)
            self.worker.end()
            self.worker.require_valid()
        return self.finish()

    def finish(self) -> IngestReport:
        """Count the outcome and (unless a dry run) write it."""
        report, refused = self.report, self.refused
        report.rejected = len(refused)
        report.rejections = [p for r in refused for p in r.problems]
        if self.options.all_or_nothing and refused:
            self.discard()
            self.kept_ids = []
            report.accepted = report.updated = 0
        report.queued_ids = self.kept_ids
        if self.out is not None:
            self.out.close()
        if self.options.dry_run or not (self.queue_written or refused):
            return report
        self.write(refused)
        return report

    def write(self, refused: list[Row]) -> None:
        """Queue the accepted rows and keep the refused ones, in one transaction."""
        report, paths = self.report, self.paths
        report.run = self.run_name
        transaction = Transaction()
        if self.queue_written:
            updated = set(self.kept_ids)
            for path, items in self.queue_files.items():
                if any(item["id"] in updated for item in items):
                    left = [item for item in items if item["id"] not in updated]
                    transaction.write(path, dump_lines(left)) if left else transaction.delete(path)
            transaction.write_file(paths.queue / f"{report.run}.jsonl", self.partial_path)
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
            dump_lines(
                [audit_entry("ingest", who(self.options.by), what, "", self.kept_ids[:AUDIT_IDS])]
            ),
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
    worker: CheckProcess | None = None,
) -> IngestReport:
    """Ingest one export into the review queue; see Intake (and check_worker for `worker`)."""
    return Intake(dataset, paths, options, today, progress, worker).run(grid)
