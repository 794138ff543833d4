"""`intlhub staff add|list|remove`: argon2 hashes in a private file, never printed."""

from __future__ import annotations

import io
import json
import stat

from helpers import copy_data
from intlhub.cli.main import main
from intlhub.service.staff.accounts import verify_password
from intlhub.service.staff.session import KEY_FILE


def run(monkeypatch, capsys, tmp_path, *args: str, stdin: str = "") -> tuple[int, str]:
    """Run `intlhub staff ...` on a copy of data/; return the exit code and all output."""
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    data = ["--data", str(tmp_path / "data"), "--private", str(tmp_path / "private")]
    code = main(["staff", *args, *data])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_staff_add_list_remove(monkeypatch, capsys, tmp_path):
    copy_data(tmp_path)
    password = "a long enough passphrase"
    code, out = run(
        monkeypatch, capsys, tmp_path, "add", "ana.silva", "--password-stdin", stdin=password + "\n"
    )
    assert code == 0 and "Added staff account 'ana.silva'" in out and "$argon2" not in out
    staff_path = tmp_path / "private" / "staff"
    accounts_file = staff_path / "accounts.json"
    assert stat.S_IMODE(accounts_file.stat().st_mode) == 0o600
    text = accounts_file.read_text()
    assert password not in text and json.loads(text)[0]["hash"].startswith("$argon2id$")
    assert verify_password(staff_path, "ana.silva", password) is not None
    assert verify_password(staff_path, "ana.silva", password + "x") is None
    code, out = run(monkeypatch, capsys, tmp_path, "list")
    assert code == 0 and out.startswith("ana.silva\t") and "$argon2" not in out
    code, out = run(monkeypatch, capsys, tmp_path, "remove", "ana.silva")
    assert code == 0 and json.loads(accounts_file.read_text()) == []
    code, out = run(monkeypatch, capsys, tmp_path, "remove", "ana.silva")
    assert code == 1 and "No staff account 'ana.silva'" in out


def test_staff_add_refuses_short_passwords_and_odd_names(monkeypatch, capsys, tmp_path):
    copy_data(tmp_path)
    code, out = run(
        monkeypatch, capsys, tmp_path, "add", "ana", "--password-stdin", stdin="short\n"
    )
    assert code == 2 and "too short (5 characters)" in out and "at least 12" in out
    code, out = run(
        monkeypatch, capsys, tmp_path, "add", "../root", "--password-stdin", stdin="x" * 20
    )
    assert code == 2 and "Staff name '../root' is not allowed" in out
    assert not (tmp_path / "private" / "staff" / "accounts.json").exists()


def test_the_session_key_is_created_private_on_first_sign_in(signed_in):
    key = signed_in.private.staff / KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_bytes()) == 32
