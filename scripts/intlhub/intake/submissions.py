"""The values an ingest run works with: options, report, rows, and a submission's identity."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from intlhub.intake.read.fields import as_text
from intlhub.intake.rejects import Rejection


@dataclass
class IngestOptions:
    """What `intlhub ingest` was asked to do."""

    form: str
    date_order: str = "dmy"
    all_or_nothing: bool = False
    dry_run: bool = False
    by: str | None = None
    keep_rejects: bool = True  # False: refused rows are reported, not written to rejects/


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
    missing_fields: list[tuple[str, str]] = field(default_factory=list)  # (name, PT label)
    diff: list[str] = field(default_factory=list)
    queued_ids: list[str] = field(default_factory=list)
    written: bool = False
    run: str = ""


@dataclass(slots=True)
class Row:
    """One input row on its way through the checks."""

    number: int
    cells: list[Any]
    header: list[str]
    problems: list[Rejection] = field(default_factory=list)
    submission: dict[str, Any] | None = None
    change: str = ""  # new, update or unchanged
    built_raw: dict[str, str] | None = field(default=None, repr=False)

    @property
    def raw(self) -> dict[str, str]:
        """The row's non-empty cells by header, as text (kept for refused rows).

        Built once per row: the rejects file reads it per column, and a row may have 60,000.
        """
        if self.built_raw is None:
            header, width = self.header, len(self.header)
            self.built_raw = {
                header[i] if i < width and header[i] else f"column {i + 1}": as_text(c)
                for i, c in enumerate(self.cells)
                if c not in (None, "")
            }
        return self.built_raw


PAIR = "\x1e"  # between a field's name and its value in what content_hash hashes


def content_hash(form: str, values: dict[str, str], personal: dict[str, str]) -> str:
    """Hash a submission's normalised content (its identity when it carries no id).

    Canonical values never hold control characters (clean_text drops them), so the separators
    \x1e and \x1f cannot be forged.
    """
    parts = [form]
    parts += map(PAIR.join, sorted(values.items()))
    parts += ["~" + k + "\x1e" + v for k, v in sorted(personal.items())]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def queue_id(form: str, submission_id: str | None, digest: str) -> str:
    """Return a submission's id in the queue: its submission id, namespaced by form."""
    if not submission_id:
        return f"{form}-h{digest[:16]}"
    return submission_id if submission_id.startswith(f"{form}-") else f"{form}-{submission_id}"
