"""Staff sessions: a signed cookie (HMAC-SHA256, key in private/staff/session.key) and the CSRF
tokens bound to it.

The cookie holds the account name, the account's session epoch (so removing the account ends
the session), a random session id and its expiry. Every POST carries a token derived from the
session id; the sign-in form's token is derived from a random pre-session cookie instead.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from intlhub.service.staff.accounts import read_accounts, write_private_file

KEY_FILE = "session.key"
SESSION_COOKIE = "hub_staff"
PRE_SESSION_COOKIE = "hub_staff_signin"
COOKIE_PATH = "/staff/"
SESSION_SECONDS = 8 * 3600
PRE_SESSION_SECONDS = 3600
KEY_LOCK = threading.Lock()


@dataclass(frozen=True)
class Session:
    """A signed-in staff member."""

    name: str
    epoch: str
    session_id: str
    expires: int


def session_key(staff_path: Path) -> bytes:
    """The signing key, created (random, 0600) on first use."""
    path = staff_path / KEY_FILE
    with KEY_LOCK:
        if not path.is_file():
            write_private_file(path, secrets.token_bytes(32))
        return path.read_bytes()


def b64(data: bytes) -> str:
    """URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unb64(text: str) -> bytes:
    """Decode b64(); raises ValueError on anything else."""
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error as error:
        raise ValueError(str(error)) from error


def mac(key: bytes, purpose: str, value: str) -> str:
    """An HMAC-SHA256 of `value` for one purpose (a session token is not a CSRF token)."""
    return b64(hmac.new(key, f"{purpose}|{value}".encode(), hashlib.sha256).digest())


def signed(key: bytes, payload: dict) -> str:
    """A cookie value: the payload as JSON, and its MAC."""
    body = b64(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode())
    return f"{body}.{mac(key, 'session', body)}"


def unsigned(key: bytes, value: str) -> dict | None:
    """The payload of a cookie value whose MAC is right, else None."""
    body, _, tag = (value or "").partition(".")
    if not body or not hmac.compare_digest(tag, mac(key, "session", body)):
        return None
    try:
        payload = json.loads(unb64(body))
    except ValueError:
        return None
    return payload if isinstance(payload, dict) else None


class Sessions:
    """Issue and check the cookies and tokens of one service (one private/staff/ folder)."""

    def __init__(self, staff_path: Path, clock=time.time) -> None:
        self.staff_path, self.clock = staff_path, clock
        self.ended: dict[str, int] = {}  # session ids signed out, until they would expire
        self.lock = threading.Lock()

    @property
    def key(self) -> bytes:
        return session_key(self.staff_path)

    def start(self, name: str, epoch: str) -> tuple[Session, str]:
        """A new session for an account and its cookie value."""
        session = Session(
            name, epoch, secrets.token_urlsafe(16), int(self.clock()) + SESSION_SECONDS
        )
        payload = {"n": name, "e": epoch, "s": session.session_id, "x": session.expires}
        return session, signed(self.key, payload)

    def read(self, value: str | None) -> Session | None:
        """The session a cookie names, if signed, unexpired, not ended and its account exists."""
        payload = unsigned(self.key, value or "")
        if payload is None:
            return None
        try:
            session = Session(
                str(payload["n"]), str(payload["e"]), str(payload["s"]), int(payload["x"])
            )
        except (KeyError, TypeError, ValueError):
            return None
        if session.expires <= self.clock() or session.session_id in self.ended:
            return None
        account = read_accounts(self.staff_path).get(session.name)
        if account is None or not hmac.compare_digest(account.session_epoch, session.epoch):
            return None
        return session

    def end(self, session: Session) -> None:
        """Sign out: the cookie is refused from now on, even if a copy of it is kept."""
        now = self.clock()
        with self.lock:
            self.ended = {sid: until for sid, until in self.ended.items() if until > now}
            self.ended[session.session_id] = session.expires

    def csrf_token(self, session: Session) -> str:
        """The token every POST of this session must carry."""
        return mac(self.key, "csrf", session.session_id)

    def new_pre_session(self) -> str:
        """A random value for the sign-in form's cookie."""
        return secrets.token_urlsafe(16)

    def sign_in_token(self, pre_session: str) -> str:
        """The token the sign-in form carries, bound to its pre-session cookie."""
        return mac(self.key, "sign-in", pre_session)

    def valid_token(self, expected: str, given: str | None) -> bool:
        """Compare a form's token with the expected one in constant time."""
        return bool(given) and hmac.compare_digest(expected.encode(), str(given).encode())


def cookie_settings(secure: bool, max_age: int) -> dict:
    """The attributes every staff cookie has."""
    return {
        "max_age": max_age,
        "path": COOKIE_PATH,
        "httponly": True,
        "samesite": "strict",
        "secure": secure,
    }
