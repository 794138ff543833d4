"""`intlhub staff add|list|remove`: the accounts that may sign in to the staff screen."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from intlhub.base.problems import HubError
from intlhub.cli.common import DEFAULT_DATA, add_command
from intlhub.dataset.load_dataset import load_dataset
from intlhub.intake.private.store import PrivatePaths, prepare, resolve_private
from intlhub.service.staff.accounts import (
    add_account,
    check_name,
    check_password,
    read_accounts,
    remove_account,
)


def private_paths(args: argparse.Namespace) -> PrivatePaths:
    """The private folder named by --private, else the default beside --data."""
    data_path = Path(args.data).resolve()
    paths = resolve_private(data_path, load_dataset(data_path), args.private)
    prepare(paths)
    return paths


def read_new_password(from_stdin: bool) -> str:
    """The new password: one line of stdin, or typed twice at a prompt that does not echo it."""
    if from_stdin:
        return check_password(sys.stdin.readline().rstrip("\r\n"))
    try:
        first = check_password(getpass.getpass("New password: "))
        second = getpass.getpass("The same password again: ")
    except EOFError as error:
        raise HubError(
            "No password was typed", "Type it at the prompt, or pass --password-stdin.", 2
        ) from error
    if first != second:
        raise HubError(
            "The two passwords differ", "Run the command again and type the same password twice.", 2
        )
    return first


def command_staff_add(args: argparse.Namespace) -> int:
    """Create a staff account (or set a new password, ending its sessions)."""
    from intlhub.intake.private.store import now

    check_name(args.name)
    password = read_new_password(args.password_stdin)
    paths = private_paths(args)
    existed = args.name in read_accounts(paths.staff)
    add_account(paths.staff, args.name, password, now().isoformat())
    verb = "Changed the password of" if existed else "Added"
    print(f"{verb} staff account {args.name!r} in {str(paths.staff)!r}.")
    return 0


def command_staff_list(args: argparse.Namespace) -> int:
    """Print the staff accounts, one a line: name and creation time (never the hash)."""
    accounts = read_accounts(private_paths(args).staff)
    for account in accounts.values():
        print(f"{account.name}\t{account.created}")
    print(f"{len(accounts)} staff account(s).", file=sys.stderr)
    return 0


def command_staff_remove(args: argparse.Namespace) -> int:
    """Delete a staff account; its sessions end at their next request."""
    remove_account(private_paths(args).staff, args.name)
    print(f"Removed staff account {args.name!r}.")
    return 0


def add_staff_commands(commands) -> None:
    """Register `intlhub staff` and its sub-commands."""
    staff = add_command(
        commands,
        "staff",
        "Manage the accounts of the staff screen (/staff/ of `intlhub serve`).",
        "intlhub staff add ana.silva",
    )
    actions = staff.add_subparsers(dest="action", required=True, metavar="ACTION")

    def add(name: str, help_text: str, example: str) -> argparse.ArgumentParser:
        parser = add_command(actions, name, help_text, example)
        parser.add_argument(
            "--data", default=DEFAULT_DATA, help="data folder (default: %(default)s)"
        )
        parser.add_argument(
            "--private",
            help="private folder (default: $INTLHUB_PRIVATE_DIR, else intake.private_dir in forms.yaml, beside data/)",
        )
        return parser

    added = add(
        "add",
        "Add a staff account, or set a new password for one (its sessions end). The password "
        "is asked twice at a prompt; it needs at least 12 characters.",
        "printf '%s\\n' \"$PASSWORD\" | intlhub staff add ana.silva --password-stdin",
    )
    added.add_argument("name", help="lower-case letters, digits, '.', '_' or '-' (2 to 32)")
    added.add_argument(
        "--password-stdin", action="store_true", help="read the password from one line of stdin"
    )
    added.set_defaults(handler=command_staff_add)
    listed = add("list", "List the staff accounts (names only).", "intlhub staff list")
    listed.set_defaults(handler=command_staff_list)
    removed = add(
        "remove", "Remove a staff account; its sessions end.", "intlhub staff remove ana.silva"
    )
    removed.add_argument("name")
    removed.set_defaults(handler=command_staff_remove)
