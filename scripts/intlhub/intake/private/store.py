"""The private folder beside data/: review queue, private store, rejects, audit log, journal.

Layout (every file JSON Lines, one submission or event per line, so staff can edit them):
  queue/<run>.jsonl     submissions waiting for review (public values, contact, raw cells)
  store/<run>.jsonl     decided submissions with their contact data (the private store)
  rejects/<run>.jsonl   rows refused at intake, with their raw cells and the reasons (+ .csv)
  audit/<txn>.jsonl     who did what, when and why (no personal data)
  uploads/<name>        images sent with a submission, re-encoded, until approved or refused
  staff/                staff accounts (argon2 hashes) and the session key of the intake service
  journal/              transactions in progress (see journal.py)
  tmp/                  scratch copies of data/ being validated (removed by the next run if left)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intlhub.base.problems import HubError
from intlhub.dataset.forms import intake_settings
from intlhub.dataset.load_dataset import Dataset
from intlhub.dataset.validate import CANDIDATE_PREFIX
from intlhub.intake.private.journal import locked, recover

PRIVATE_ENV = "INTLHUB_PRIVATE_DIR"
UPLOAD_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|webp)$")  # uploads/<name>, made by the service
USER_ENV = "INTLHUB_USER"
PARTIAL = ".partial"
README = """This folder holds personal data (contact names, e-mails, phones) and unpublished
submissions. It must never be published, committed or copied into data/ or site/.
See README.md, "Form intake", for what each folder holds and how long it is kept.
"""

Submission = dict[str, Any]


@dataclass(frozen=True)
class PrivatePaths:
    """Where each part of the private folder lives."""

    root: Path

    @property
    def queue(self) -> Path:
        return self.root / "queue"

    @property
    def store(self) -> Path:
        return self.root / "store"

    @property
    def rejects(self) -> Path:
        return self.root / "rejects"

    @property
    def audit(self) -> Path:
        return self.root / "audit"

    @property
    def uploads(self) -> Path:
        return self.root / "uploads"

    @property
    def staff(self) -> Path:
        return self.root / "staff"

    @property
    def journal(self) -> Path:
        return self.root / "journal"

    @property
    def lock(self) -> Path:
        return self.root / ".lock"

    @property
    def scratch(self) -> Path:
        """Scratch copies of data/ (approve's validation, the staff preview), beside the rest."""
        return self.root / "tmp"


def resolve_private(data_path: Path, dataset: Dataset | None, option: str | None) -> PrivatePaths:
    """Return the private folder: --private, else $INTLHUB_PRIVATE_DIR, else forms.yaml's setting."""
    configured = (intake_settings(dataset) if dataset else {}).get("private_dir") or "private"
    chosen = option or os.environ.get(PRIVATE_ENV) or str(data_path.parent / configured)
    root = Path(chosen).resolve()
    data_path = data_path.resolve()
    if root == data_path or data_path in root.parents:
        raise HubError(
            f"The private folder {str(root)!r} is inside the data folder",
            "Put it beside data/ (the default is private/), never inside it.",
        )
    return PrivatePaths(root)


def prepare(paths: PrivatePaths) -> None:
    """Create the private folder, readable by its owner only, with a README and a .gitignore."""
    for folder in (
        paths.root,
        paths.queue,
        paths.store,
        paths.rejects,
        paths.audit,
        paths.uploads,
        paths.staff,
    ):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not (paths.root / "README.txt").exists():
        (paths.root / "README.txt").write_text(README, encoding="utf-8")
    paths.lock.touch(exist_ok=True)
    if not (paths.root / ".gitignore").exists():
        (paths.root / ".gitignore").write_text("*\n", encoding="utf-8")


@contextlib.contextmanager
def opened(paths: PrivatePaths, progress=None) -> Iterator[PrivatePaths]:
    """Lock the private folder and recover any run that was killed half-way."""
    prepare(paths)
    with locked(paths.lock):
        for message in recover(paths.journal):
            if progress:
                progress(f"Recovered: {message}")
        for partial in paths.queue.glob(f".*{PARTIAL}"):
            partial.unlink()  # left by a run killed while it was reading its input
        remove_stale_scratch(paths.scratch)
        yield paths


SCRATCH_KEPT = dt.timedelta(hours=1)  # a staff preview runs without the lock: spare a live one


def remove_stale_scratch(scratch_path: Path) -> None:
    """Remove the scratch copies a killed run left: approve's at once (it held the lock), others
    (a staff preview, made without the lock) when they are older than SCRATCH_KEPT."""
    if not scratch_path.is_dir():
        return
    oldest = dt.datetime.now().timestamp() - SCRATCH_KEPT.total_seconds()
    for path in sorted(scratch_path.iterdir()):
        if path.name.startswith(CANDIDATE_PREFIX) or path.lstat().st_mtime < oldest:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def now() -> dt.datetime:
    """The current time in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def run_id(label: str) -> str:
    """A sortable, unique name for one run's files."""
    return f"{now().strftime('%Y%m%dT%H%M%SZ')}-{label}-{secrets.token_hex(3)}"


def who(option: str | None = None) -> str:
    """Who is acting: --by, else $INTLHUB_USER, else the login name."""
    if option:
        return option
    try:
        return os.environ.get(USER_ENV) or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def dump_lines(items: list[dict[str, Any]]) -> bytes:
    """Serialise items as JSON Lines, keys sorted.

    A lone surrogate ("\\ud800", valid JSON, refused by the readers but kept in a raw copy)
    cannot be encoded as UTF-8: such an item is written with ASCII escapes, which read back the same.
    """
    text = "".join(json.dumps(i, ensure_ascii=False, sort_keys=True) + "\n" for i in items)
    try:
        return text.encode()
    except UnicodeEncodeError:
        return "".join(
            json.dumps(i, ensure_ascii=not is_utf8(i), sort_keys=True) + "\n" for i in items
        ).encode()


def is_utf8(item: dict[str, Any]) -> bool:
    """True when an item's JSON text can be encoded as UTF-8 (it holds no lone surrogate)."""
    try:
        json.dumps(item, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return False
    return True


def json_lines(text: str) -> list[str]:
    """Split JSON Lines text on '\n' only: str.splitlines() also splits on U+2028 and other
    separators that json.dumps(ensure_ascii=False) leaves raw inside strings."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def read_lines(path: Path) -> list[dict[str, Any]]:
    """Read a JSON Lines file; a line that is not a JSON object is a HubError naming it."""
    items = []
    for number, line in enumerate(json_lines(path.read_text(encoding="utf-8")), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise HubError(
                f"Cannot read {str(path)!r}, line {number}: {error.msg}",
                "Fix the JSON on that line (each line is one object).",
            ) from error
        if not isinstance(item, dict):
            raise HubError(f"Cannot read {str(path)!r}, line {number}: not an object", "Fix it.")
        items.append(item)
    return items


def read_folder(folder: Path) -> dict[Path, list[Submission]]:
    """Read every JSON Lines file of a folder, in name order."""
    return {path: read_lines(path) for path in sorted(folder.glob("*.jsonl"))}


def index_by_id(files: dict[Path, list[Submission]]) -> dict[str, tuple[Path, Submission]]:
    """Map submission id to (file, submission); a later file wins."""
    return {item["id"]: (path, item) for path, items in files.items() for item in items}


def audit_entry(
    action: str, by: str, what: str, why: str = "", ids: list[str] | None = None
) -> dict:
    """One line of the audit log: who, when, what and why (never personal data)."""
    return {
        "action": action,
        "by": by,
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
        "what": what,
        "why": why,
        "ids": ids or [],
    }


def read_audit(paths: PrivatePaths) -> list[dict[str, Any]]:
    """Return every audit entry, oldest first."""
    entries = [entry for items in read_folder(paths.audit).values() for entry in items]
    return sorted(entries, key=lambda entry: entry.get("when", ""))
