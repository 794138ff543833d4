"""Personal data in the private folder: erase one person's data, and apply the retention period."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intlhub.intake.private.journal import Transaction, commit
from intlhub.intake.private.store import (
    UPLOAD_NAME,
    PrivatePaths,
    audit_entry,
    dump_lines,
    now,
    read_folder,
    run_id,
)
from intlhub.intake.rejects import Rejection, rejects_csv

IMAGE_FIELD = "image"  # the value that names an upload (the intake service's contract)


@dataclass
class Erased:
    """What a forget or purge run erased."""

    submissions: list[str]
    rejected_rows: int
    files_deleted: int
    uploads_deleted: int = 0


@dataclass
class RejectedRow:
    """A refused row read back from a rejects file, for rewriting its CSV copy."""

    number: int
    raw: dict[str, str]
    problems: list[Rejection]


def uploads_of(items: Iterable[tuple[Path, dict[str, Any]]]) -> set[str]:
    """The upload names (files in private/uploads/) that submissions' image fields hold."""
    names = {str((item.get("values") or {}).get(IMAGE_FIELD, "")) for _, item in items}
    return {name for name in names if UPLOAD_NAME.match(name)}


def rewrite_rejects(transaction: Transaction, path: Path, lines: list[dict[str, Any]]) -> None:
    """Write a rejects file (and its CSV copy) with only the given lines, or delete both."""
    csv_path = path.with_suffix(".csv")
    if not lines:
        transaction.delete(path)
        transaction.delete(csv_path)
        return
    transaction.write(path, dump_lines(lines))
    rows = [
        RejectedRow(
            line.get("row", 0),
            line.get("raw") or {},
            [Rejection(**p) for p in line.get("problems", [])],
        )
        for line in lines
    ]
    transaction.write(csv_path, rejects_csv(rows))


def erase_personal(item: dict[str, Any], stamp: str, why: str) -> dict[str, Any]:
    """Return a submission without its contact data."""
    return {**item, "personal": {}, "erased": stamp, "erased_why": why}


def forget_person(paths: PrivatePaths, email: str, by: str) -> Erased:
    """Erase every contact record and refused row that holds this e-mail address."""
    wanted = email.strip().casefold()
    stamp = now().isoformat()
    transaction = Transaction()
    erased: list[str] = []
    for folder in (paths.queue, paths.store):
        for path, items in read_folder(folder).items():
            hits = [
                i
                for i in items
                if str((i.get("personal") or {}).get("contact_email", "")).casefold() == wanted
            ]
            if hits:
                erased += [i["id"] for i in hits]
                ids = {i["id"] for i in hits}
                transaction.write(
                    path,
                    dump_lines(
                        [erase_personal(i, stamp, "forget") if i["id"] in ids else i for i in items]
                    ),
                )
    removed = 0
    for path, lines in read_folder(paths.rejects).items():
        kept = [
            line
            for line in lines
            if wanted not in json.dumps(line.get("raw"), ensure_ascii=False).casefold()
        ]
        if len(kept) != len(lines):
            removed += len(lines) - len(kept)
            rewrite_rejects(transaction, path, kept)
    if erased or removed:
        what = f"erased contact data of {len(erased)} submission(s) and {removed} refused row(s)"
        transaction.write(
            paths.audit / f"{run_id('forget')}.jsonl",
            dump_lines([audit_entry("forget", by, what, "data subject's request", erased)]),
        )
        commit(transaction, paths.journal)
    return Erased(erased, removed, 0)


def run_time(path: Path) -> dt.datetime | None:
    """Return when a run wrote a file, from its name (YYYYMMDDTHHMMSSZ-...)."""
    try:
        return dt.datetime.strptime(path.name[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def purge_older(paths: PrivatePaths, days: int, by: str) -> Erased:
    """Erase contact data decided `days` or more ago, and refused rows as old (0: all of them)."""
    cutoff = now() - dt.timedelta(days=days)
    stamp = now().isoformat()
    transaction = Transaction()
    erased: list[str] = []
    for path, items in read_folder(paths.store).items():
        old = {
            i["id"]
            for i in items
            if i.get("personal") and dt.datetime.fromisoformat(i.get("decided") or stamp) <= cutoff
        }
        if old:
            erased += sorted(old)
            transaction.write(
                path,
                dump_lines(
                    [erase_personal(i, stamp, "retention") if i["id"] in old else i for i in items]
                ),
            )
    deleted = 0
    for path in sorted(paths.rejects.glob("*")):
        written = run_time(path)
        if written and written <= cutoff:
            transaction.delete(path)
            deleted += 1
    # An image is published (copied into data/) or refused when its submission is decided; an
    # upload still there (a run killed half-way, a file put back) is removed whatever its age.
    decided = [(path, item) for path, items in read_folder(paths.store).items() for item in items]
    uploads = sorted(n for n in uploads_of(decided) if (paths.uploads / n).is_file())
    for name in uploads:
        transaction.delete(paths.uploads / name)
    if erased or deleted or uploads:
        what = f"retention of {days} days: erased contact data of {len(erased)} submission(s), deleted {deleted} rejects file(s) and {len(uploads)} upload(s) of decided submissions"
        transaction.write(
            paths.audit / f"{run_id('purge')}.jsonl",
            dump_lines([audit_entry("purge", by, what, "retention period", erased)]),
        )
        commit(transaction, paths.journal)
    return Erased(erased, 0, deleted, len(uploads))
