"""Give each readable row of an export its place in the review queue: its id, its record, its change.

Rows are classified in input order: the first row of a submission counts, a repeat with the same
content is unchanged, one with other content (or another submission of the same record) is
refused. A large ingest does this in its check process (check_worker), a small one in its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from intlhub.dataset.forms import Form
from intlhub.intake.merge.records import new_event_id
from intlhub.intake.read.columns import SUBMISSION_ID
from intlhub.intake.rejects import Rejection
from intlhub.intake.submissions import queue_id

Previous = (
    tuple[Any, Mapping[str, Any]] | None
)  # (queue file, submission) already queued or decided


class RowClassifier:
    """What one ingest has seen so far, to classify its next row."""

    def __init__(
        self,
        form: Form,
        known: tuple[Mapping[str, Any], Mapping[str, Any]],
        taken_ids: set[str],
        received: str,
        source_name: str,
    ) -> None:
        self.form = form
        self.queued, self.decided = known  # submissions waiting for review, and decided ones
        self.taken_ids = taken_ids  # record ids of the resource, and those made in this run
        self.received, self.source_name = received, source_name
        self.seen: dict[str, tuple[int, str]] = {}  # queue id -> (row, hash) in this input
        self.records: dict[str, tuple[int, str]] = {}  # record id -> (row, queue id)

    def classify(
        self,
        number: int,
        values: dict[str, str],
        personal: dict[str, str],
        submission_id: str | None,
        submitted_at: str,
        digest: str,
    ) -> tuple[dict[str, Any], str, Rejection | None]:
        """Return the row's submission, its change (new, update, unchanged) or why it is refused."""
        form = self.form
        qid = queue_id(form.name, submission_id, digest)
        previous = self.queued.get(qid) or self.decided.get(qid)
        record_id = self.record_id(values, previous)
        submission = {
            "id": qid,
            "form": form.name,
            "submission_id": submission_id,
            "hash": digest,
            "received": self.received,
            "submitted_at": submitted_at,
            "source": self.source_name,
            "row": number,
            "record_id": record_id,
            "values": values,
            "personal": personal,
        }
        change, problem = self.change(number, submission, previous)
        return submission, change, problem

    def record_id(self, values: dict[str, str], previous: Previous) -> str | None:
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

    def change(
        self, number: int, submission: dict[str, Any], previous: Previous
    ) -> tuple[str, Rejection | None]:
        """New, update or unchanged; duplicate and conflicting rows of this input are refused."""
        qid, digest, record = submission["id"], submission["hash"], submission["record_id"]
        if qid in self.seen:
            first, first_hash = self.seen[qid]
            if first_hash == digest:
                return "unchanged", None
            return "", Rejection(
                number,
                SUBMISSION_ID,
                "conflicting-row",
                f"submission {qid!r} is also on row {first} with different content",
                "Keep one of the two rows.",
            )
        self.seen[qid] = (number, digest)
        if record and record in self.records and self.records[record][1] != qid:
            return "", Rejection(
                number,
                "id",
                "conflicting-row",
                f"record {record!r} is also submitted on row {self.records[record][0]}",
                "Send one submission per record, or merge the rows.",
            )
        if record:
            self.records[record] = (number, qid)
        if previous and previous[1].get("hash") == digest:
            return "unchanged", None
        submission["change"] = change = "update" if previous else "new"
        return change, None
