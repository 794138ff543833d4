"""The review queue: list, approve (through the full validation) and reject submissions."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intlhub.base.clock import today as clock_today
from intlhub.base.problems import HubError
from intlhub.base.untrusted import shown
from intlhub.dataset.forms import GUIDANCE, read_forms
from intlhub.dataset.load_dataset import Dataset
from intlhub.dataset.validate import format_problems, validate_changes
from intlhub.intake.changes import ChangeReader, RecordChanges
from intlhub.intake.merge.records import (
    VERIFIED,
    TableFile,
    dump_guidance,
    merge_market_note,
    merge_row,
    read_table_file,
    record_values,
    resolve_defaults,
)
from intlhub.intake.merge.related import (
    apply_related,
    image_files,
    plan_related,
    read_upload,
    related_resources,
)
from intlhub.intake.private.journal import Transaction, commit
from intlhub.intake.private.privacy import uploads_of
from intlhub.intake.private.store import (
    PrivatePaths,
    audit_entry,
    dump_lines,
    now,
    read_folder,
    run_id,
)
from intlhub.intake.recheck import recheck_submission

TEXT_SUFFIXES = {".csv", ".yaml", ".yml"}
MARKUP = re.compile(r"<\s*[a-z/!?]|javascript:|\bon[a-z]+\s*=|^[=+\-@\t\r]", re.I | re.M)


def queue_items(paths: PrivatePaths) -> list[tuple[Path, dict[str, Any]]]:
    """Every queued submission with the file it sits in, oldest first."""
    items = [(path, item) for path, items in read_folder(paths.queue).items() for item in items]
    return sorted(items, key=lambda pair: (pair[1].get("received", ""), pair[1]["id"]))


def describe_item(
    path: Path, item: dict[str, Any], reader: ChangeReader | None = None
) -> dict[str, Any]:
    """A queued submission as `intlhub review --json` shows it (no contact data).

    With a reader, `changes` says what approving it would change in data/: a new record or an
    update of a published one, each field old → new, and warnings (see intake/changes.py).
    """
    values = item.get("values") or {}
    flags = []
    if not isinstance(values, dict):  # an edited queue file: approve says what is wrong
        values, flags = {}, ["malformed"]
    if any(MARKUP.search(str(v)) for v in values.values()):
        flags.append("contains-markup")
    described = {
        "id": item["id"],
        "form": item.get("form"),
        "change": item.get("change", "new"),
        "received": item.get("received"),
        "record_id": item.get("record_id"),
        "file": str(path),
        "has_contact": bool(item.get("personal")),
        "flags": flags,
        "values": values,
    }
    if reader is not None:
        described["changes"] = None if "malformed" in flags else reader.describe(item)
    return described


def list_queue(
    paths: PrivatePaths, dataset: Dataset | None = None, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Describe every queued submission (with what it would change, given the dataset)."""
    reader = ChangeReader(dataset, today or clock_today()) if dataset is not None else None
    return [describe_item(path, item, reader) for path, item in queue_items(paths)]


@dataclass
class Decision:
    """What an approval changes: data files, queue files, and the lines for the store."""

    data: dict[Path, bytes] = field(default_factory=dict)
    diff: list[str] = field(default_factory=list)
    approved: list[str] = field(default_factory=list)
    changes: list[RecordChanges] = field(default_factory=list)  # per submission, before merging


def merge_all(
    dataset: Dataset, items: list[dict[str, Any]], today: dt.date, uploads: Path
) -> dict[Path, bytes]:
    """Merge approved submissions into copies of the data files; return the changed files.

    Besides its record, a submission may add a new organisation, results and an image (read
    from `uploads`, copied under data/images/): see merge.related.
    """
    forms = read_forms(dataset)
    tables: dict[str, TableFile] = {}
    documents: dict[Path, Any] = {}
    images: dict[Path, bytes] = {}
    taken = image_files(dataset.root_path)

    def table(resource: str) -> TableFile:
        if resource not in tables:
            tables[resource] = read_table_file(dataset, resource)
        return tables[resource]

    for item in items:
        form = forms[item["form"]]
        values = item.get("values") or {}
        if form.resource == GUIDANCE:
            merge_market_note(dataset, values, table("sources"), documents, today)
            continue
        own = table(form.resource)
        mapped = record_values(form, values, item.get("record_id"))
        key = own.key_of(mapped)
        existing = own.rows.get(key)
        related_tables = {resource: table(resource) for resource in related_resources(form)}
        related = plan_related(form, values, mapped.get("id", ""), related_tables, taken)
        if related.organisation_id:
            mapped["beneficiary_id"] = related.organisation_id
        own.rows[key] = merge_row(existing, mapped, resolve_defaults(form, today))
        apply_related(related, related_tables, (existing or {}).get("verification") == VERIFIED)
        if related.image and related.upload:
            images[dataset.root_path / related.image["path"]] = read_upload(
                uploads, related.upload, item["id"]
            )
    changed = {}
    for resource_table in tables.values():
        data = resource_table.to_bytes()
        if not resource_table.path.is_file() or resource_table.path.read_bytes() != data:
            changed[resource_table.path] = data
    for path, document in documents.items():
        changed[path] = dump_guidance(path, document)
    return {**changed, **images}


def validate_candidate(
    dataset: Dataset, changed: dict[Path, bytes], today: dt.date, scratch_path: Path | None = None
) -> None:
    """Validate the whole dataset with the changes applied, in a copy; raise on any error."""
    errors = validate_changes(dataset.root_path, changed, today, scratch_path)
    if errors:
        raise HubError(
            f"The dataset would not be valid after this change ({len(errors)} error(s)); nothing was written",
            format_problems(errors)
            + "\n\nEdit the submission's file in the queue (or reject it), then approve again.",
        )


def text_diff(dataset: Dataset, changed: dict[Path, bytes]) -> list[str]:
    """Unified diffs of the changed data files (a line for each image)."""
    lines = []
    for path, data in sorted(changed.items()):
        name = str(path.relative_to(dataset.root_path))
        if path.suffix.lower() not in TEXT_SUFFIXES:
            lines.append(f"Binary file b/{name}: {len(data):,} bytes (new image)")
            continue
        before = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
        lines += difflib.unified_diff(
            before, data.decode("utf-8").splitlines(), f"a/{name}", f"b/{name}", lineterm=""
        )
    return lines


def decide(
    paths: PrivatePaths,
    picked: list[tuple[Path, dict[str, Any]]],
    decision: str,
    by: str,
    why: str,
    data: dict[Path, bytes],
) -> str:
    """Move decided submissions from the queue to the store, audit it, write data; one transaction."""
    run = run_id(decision)
    transaction = Transaction()
    for path, content in data.items():
        transaction.write(path, content)
    for name in sorted(uploads_of(picked)):  # published (copied into data/) or refused
        transaction.delete(paths.uploads / name)
    ids = {item["id"] for _, item in picked}
    for path in {path for path, _ in picked}:
        left = [i for i in read_folder(paths.queue)[path] if i["id"] not in ids]
        transaction.write(path, dump_lines(left)) if left else transaction.delete(path)
    stamp = now().isoformat()
    stored = [
        {**item, "decision": decision, "decided": stamp, "decided_by": by, "reason": why}
        for _, item in picked
    ]
    transaction.write(paths.store / f"{run}.jsonl", dump_lines(stored))
    entries = [
        audit_entry(
            decision,
            by,
            f"{item['form']} {item['id']} → {item.get('record_id') or ''}".strip(),
            why,
            [item["id"]],
        )
        for _, item in picked
    ]
    transaction.write(paths.audit / f"{run}.jsonl", dump_lines(entries))
    commit(transaction, paths.journal)
    return run


def pick(paths: PrivatePaths, ids: list[str]) -> list[tuple[Path, dict[str, Any]]]:
    """Return the queued submissions with these ids; an unknown id is a HubError naming it."""
    queued = {item["id"]: (path, item) for path, item in queue_items(paths)}
    unknown = [i for i in ids if i not in queued]
    if unknown:
        raise HubError(
            f"Not in the review queue: {', '.join(map(repr, unknown))}",
            "Run `intlhub review` to list the queued ids.",
        )
    return [queued[i] for i in dict.fromkeys(ids)]


def approve_submissions(
    dataset: Dataset, paths: PrivatePaths, ids: list[str], by: str, today: dt.date, dry_run: bool
) -> Decision:
    """Publish queued submissions: check again, merge, validate the whole dataset, then write."""
    picked = pick(paths, ids)
    forms = read_forms(dataset)
    problems = []
    for _, item in picked:
        if not isinstance(item.get("form"), str) or item["form"] not in forms:
            problems.append(f"{item['id']}: unknown form {shown(item.get('form'))}")
        else:  # the queue file may have been edited: every field, as the intake checks it
            problems += recheck_submission(dataset, forms[item["form"]], item, today)
    if problems:
        raise HubError(
            "Queued submission(s) no longer pass the checks; nothing was written",
            "\n".join(problems) + "\n\nFix the submission's file in the queue, then approve again.",
        )
    reader = ChangeReader(dataset, today)
    changes = [reader.changes(forms[item["form"]], item) for _, item in picked]
    changed = merge_all(dataset, [item for _, item in picked], today, paths.uploads)
    validate_candidate(dataset, changed, today, paths.scratch)
    approved = [item["id"] for _, item in picked]
    result = Decision(changed, text_diff(dataset, changed), approved, changes)
    if not dry_run:
        decide(paths, picked, "approved", by, "", changed)
    return result


def reject_submission(paths: PrivatePaths, submission_id: str, reason: str, by: str) -> None:
    """Refuse a queued submission, recording why; it moves to the private store."""
    if not reason.strip():
        raise HubError("A rejection needs a reason", "Pass --reason 'why it was refused'.", 2)
    decide(paths, pick(paths, [submission_id]), "rejected", by, reason.strip(), {})
