"""Atomic multi-file writes with a journal, recovered on the next run; a lock serialises runs.

`os.replace` is atomic for one file only. A transaction first lists the files it will stage
(`<id>.pending`), writes each new file beside its target, then writes `<id>.commit` (the commit
point) and renames every staged file over its target. A run killed before the commit point
leaves only staged files, which recovery deletes; one killed after it is rolled forward.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from intlhub.base.problems import HubError

LOCK_WAIT_SECONDS = 30.0


@dataclass
class Transaction:
    """The files one run writes or deletes, applied all together or not at all."""

    writes: dict[Path, bytes] = field(default_factory=dict)
    deletes: set[Path] = field(default_factory=set)
    prepared: dict[Path, Path] = field(default_factory=dict)  # target -> file written beside it

    def write_file(self, target_path: Path, prepared_path: Path) -> None:
        """Plan to put an already written file (in the target's folder) in place of the target."""
        self.prepared[target_path] = prepared_path

    def write(self, target_path: Path, data: bytes) -> None:
        """Plan to replace (or create) one file."""
        self.writes[target_path] = data
        self.deletes.discard(target_path)

    def delete(self, target_path: Path) -> None:
        """Plan to delete one file."""
        self.writes.pop(target_path, None)
        self.deletes.add(target_path)

    def __bool__(self) -> bool:
        return bool(self.writes or self.deletes or self.prepared)


def fsync_write(path: Path, data: bytes) -> None:
    """Write a file and flush it to disk before returning."""
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def fsync_folder(path: Path) -> None:
    """Flush a folder's entries (renames) to disk."""
    with contextlib.suppress(OSError):
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def staged_path(target_path: Path, txn_id: str) -> Path:
    """Where a transaction stages the new content of a file: beside it, hidden."""
    return target_path.with_name(f".{target_path.name}.{txn_id}.new")


def commit(transaction: Transaction, journal_path: Path) -> str:
    """Apply a transaction atomically (all files or none, even if killed); return its id."""
    journal_path.mkdir(parents=True, exist_ok=True)
    txn_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    targets = sorted({*transaction.writes, *transaction.prepared})
    pairs = [(str(staged_path(t, txn_id)), str(t)) for t in targets]
    deletes = sorted(str(path) for path in transaction.deletes)
    manifest = json.dumps({"writes": pairs, "deletes": deletes}, indent=1).encode()
    fsync_write(journal_path / f"{txn_id}.pending", manifest)
    fsync_folder(journal_path)
    for staged, target in pairs:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        if Path(target) in transaction.prepared:
            prepared = transaction.prepared[Path(target)]
            with prepared.open("rb") as handle:
                os.fsync(handle.fileno())
            os.replace(prepared, staged)
        else:
            fsync_write(Path(staged), transaction.writes[Path(target)])
    temporary = journal_path / f"{txn_id}.commit.tmp"
    fsync_write(temporary, manifest)
    os.replace(temporary, journal_path / f"{txn_id}.commit")  # the commit point
    fsync_folder(journal_path)
    roll_forward(journal_path / f"{txn_id}.commit")
    return txn_id


def roll_forward(commit_path: Path) -> None:
    """Finish a committed transaction: rename staged files into place, delete, forget it."""
    manifest = json.loads(commit_path.read_text(encoding="utf-8"))
    for staged, target in manifest["writes"]:
        if Path(staged).exists():
            os.replace(staged, target)
    for target in manifest["deletes"]:
        Path(target).unlink(missing_ok=True)
    for folder in {Path(target).parent for _, target in manifest["writes"]}:
        fsync_folder(folder)
    commit_path.with_name(commit_path.name.replace(".commit", ".pending")).unlink(missing_ok=True)
    commit_path.unlink()


def roll_back(pending_path: Path) -> None:
    """Undo a transaction that never reached its commit point: delete its staged files."""
    try:
        manifest = json.loads(pending_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {"writes": []}  # killed while writing the list: nothing was staged yet
    for staged, _ in manifest.get("writes", []):
        Path(staged).unlink(missing_ok=True)
    pending_path.unlink(missing_ok=True)


def recover(journal_path: Path) -> list[str]:
    """Finish or undo every transaction an earlier, killed run left; return what was done."""
    if not journal_path.is_dir():
        return []
    done = []
    for temporary in sorted(journal_path.glob("*.commit.tmp")):
        temporary.unlink()
    for commit_path in sorted(journal_path.glob("*.commit")):
        roll_forward(commit_path)
        done.append(f"completed interrupted run {commit_path.stem}")
    for pending_path in sorted(journal_path.glob("*.pending")):
        roll_back(pending_path)
        done.append(f"undid interrupted run {pending_path.stem}")
    return done


@contextlib.contextmanager
def locked(lock_path: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold an exclusive lock on lock_path; the OS releases it if the process dies."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise HubError(
                        f"Another intlhub run holds the lock {str(lock_path)!r}",
                        "Wait for it to finish, then run the command again.",
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
