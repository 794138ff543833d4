"""Staff accounts of the intake service: names and argon2 password hashes in private/staff/.

accounts.json is readable by its owner only and replaced atomically. Each account carries a
random `session_epoch`: a session names it, so removing (or re-adding) an account ends every
session it had.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from intlhub.base.problems import HubError

ACCOUNTS_FILE = "accounts.json"
NAME_PATTERN = re.compile(r"[a-z][a-z0-9._-]{1,31}")
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # argon2 hashes any length; a bound keeps a sign-in cheap
HASHER = PasswordHasher()


@cache
def dummy_hash() -> str:
    """A hash verified when the name is unknown, so a wrong name costs as much as a wrong password."""
    return HASHER.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Account:
    """One staff member: the name the audit log shows, and the password hash."""

    name: str
    password_hash: str
    session_epoch: str
    created: str


def accounts_path(staff_path: Path) -> Path:
    """Where the accounts live inside private/staff/."""
    return staff_path / ACCOUNTS_FILE


def write_private_file(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only, replacing the old one atomically."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_accounts(staff_path: Path) -> dict[str, Account]:
    """Every account, by name ({} before the first `intlhub staff add`)."""
    path = accounts_path(staff_path)
    if not path.is_file():
        return {}
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        return {
            entry["name"]: Account(
                entry["name"], entry["hash"], entry["session_epoch"], entry["created"]
            )
            for entry in entries
        }
    except (ValueError, KeyError, TypeError) as error:
        raise HubError(
            f"Cannot read the staff accounts {str(path)!r}: {error}",
            "Restore the file from a backup, or delete it and add the accounts again "
            "with `intlhub staff add NAME`.",
        ) from error


def write_accounts(staff_path: Path, accounts: dict[str, Account]) -> None:
    """Write every account, sorted by name."""
    entries = [
        {
            "name": a.name,
            "hash": a.password_hash,
            "session_epoch": a.session_epoch,
            "created": a.created,
        }
        for _, a in sorted(accounts.items())
    ]
    data = (json.dumps(entries, indent=1, sort_keys=True) + "\n").encode()
    write_private_file(accounts_path(staff_path), data)


def check_name(name: str) -> str:
    """Return a valid account name, or raise a HubError saying which names are allowed."""
    if not NAME_PATTERN.fullmatch(name or ""):
        raise HubError(
            f"Staff name {name!r} is not allowed",
            "Use 2 to 32 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter (e.g. 'ana.silva').",
            2,
        )
    return name


def check_password(password: str) -> str:
    """Return the password if it is long enough, or raise a HubError."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise HubError(
            f"The password is too short ({len(password)} characters)",
            f"Use at least {MIN_PASSWORD_LENGTH} characters; a few unrelated words are easy to type.",
            2,
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise HubError(
            f"The password is too long ({len(password)} characters)",
            f"Use at most {MAX_PASSWORD_LENGTH} characters.",
            2,
        )
    return password


def add_account(staff_path: Path, name: str, password: str, created: str) -> Account:
    """Create an account, or give an existing one a new password (ending its sessions)."""
    check_name(name)
    check_password(password)
    accounts = read_accounts(staff_path)
    account = Account(name, HASHER.hash(password), secrets.token_hex(8), created)
    accounts[name] = account
    write_accounts(staff_path, accounts)
    return account


def remove_account(staff_path: Path, name: str) -> None:
    """Delete an account; its sessions end with it."""
    accounts = read_accounts(staff_path)
    if name not in accounts:
        raise HubError(
            f"No staff account {name!r} in {str(accounts_path(staff_path))!r}",
            "Run `intlhub staff list` to see the accounts.",
        )
    del accounts[name]
    write_accounts(staff_path, accounts)


def verify_password(staff_path: Path, name: str, password: str) -> Account | None:
    """Return the account if the password is right; an unknown name costs the same time."""
    account = read_accounts(staff_path).get(name)
    password = password[:MAX_PASSWORD_LENGTH]
    try:
        HASHER.verify(account.password_hash if account else dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    return account
