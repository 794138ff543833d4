"""The intake sub-commands of `intlhub`: ingest, review, approve, reject, forget, purge."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from intlhub.base.clock import today
from intlhub.base.problems import HubError
from intlhub.cli.common import DEFAULT_DATA, add_command, progress
from intlhub.dataset.forms import OPERATIONS, intake_settings
from intlhub.dataset.load_dataset import Dataset
from intlhub.intake.changes import kind_text
from intlhub.intake.ingest_source import IngestRequest, ingest_source, open_intake
from intlhub.intake.private.privacy import forget_person, purge_older
from intlhub.intake.private.store import PrivatePaths, opened, who
from intlhub.intake.review import approve_submissions, list_queue, reject_submission
from intlhub.intake.submissions import IngestOptions


def open_dataset(
    args: argparse.Namespace, must_be_valid: bool = True
) -> tuple[Dataset, PrivatePaths]:
    """Load (and check) the dataset named by --data and find the private folder."""
    return open_intake(Path(args.data).resolve(), args.private, today(), must_be_valid)


def print_rejections(source: str, report) -> None:
    """Print every refused row with its field, reason and fix; warn (stderr) of unused columns.

    Unused columns and fields without a column never change the exit code: the rows were read,
    but the warnings are always printed, so a dropped question cannot pass unseen.
    """
    for rejection in report.rejections:
        print(f"rejected: {rejection.describe(source)}")
    for column in report.unknown_columns:
        print(f"warning: unknown column (not used): {column!r}", file=sys.stderr)
    for name, label in getattr(report, "missing_fields", ()):
        print(
            f"warning: no column for the optional field {name!r} ({label!r}): its value is left empty",
            file=sys.stderr,
        )


def command_ingest(args: argparse.Namespace) -> int:
    """Ingest an export into the review queue (or import the list of operations)."""
    request = IngestRequest(
        source=args.source,
        data_path=Path(args.data).resolve(),
        private=args.private,
        options=IngestOptions(
            args.form, args.date_order, args.all_or_nothing, args.dry_run, args.by
        ),
        token_env=args.token_env,
        timeout=args.timeout,
        deadline=args.deadline,
        allowed_hosts=frozenset(args.allow_redirect_host or ()),
        operations_filter=args.filter,
    )
    grid, paths, report = ingest_source(request, today(), progress)
    return print_ingest(args, grid, paths, report)


def print_ingest(args: argparse.Namespace, grid, paths: PrivatePaths, report) -> int:
    """Print what an ingest or the operations import did; return the exit code."""
    if args.form == OPERATIONS:
        summary = (
            f"read {report.read}, created {report.created}, updated {report.updated}, "
            f"unchanged {report.unchanged}, rejected {report.rejected}, filtered out {report.filtered_out}; "
            f"{report.organisations_created} organisation(s) created"
        )
        changes = report.created + report.updated
    else:
        summary = (
            f"read {report.read}, accepted {report.accepted}, unchanged {report.unchanged}, "
            f"updated {report.updated}, rejected {report.rejected}"
        )
        changes = report.accepted + report.updated
    if args.dry_run:
        print("\n".join(report.diff) or "(no change)")
    print_rejections(grid.name, report)
    print(summary)
    if not changes:
        print(f"0 changes: {report.unchanged} row(s) already in place, nothing new to write.")
    elif args.dry_run:
        print("Dry run: nothing was written.")
    elif args.form != OPERATIONS:
        print(f"Queued for review in {str(paths.queue)!r}: run `intlhub review`.")
    if report.rejected:
        print(
            f"Refused rows are kept with their raw values in {str(paths.rejects)!r}.",
            file=sys.stderr,
        )
    return 1 if report.rejected else 0


def shorten(text: str, limit: int = 70) -> str:
    """A value on one line, cut to `limit` characters."""
    flat = " / ".join(str(text).splitlines())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def print_changes(changes: dict | None, indent: str = "    ") -> None:
    """Print what a submission would change: field: old → new, warnings, related rows."""
    if not changes:
        return
    for change in changes["fields"]:
        print(f"{indent}{change['field']}: {shorten(change['old'])} → {shorten(change['new'])}")
    for warning in changes["warnings"]:
        print(f"{indent}warning: {warning['text']}")
    for related in changes["related"]:
        print(f"{indent}+ {related['resource']} {related['record_id']!r} ({related['kind_text']})")
        print_changes({**related, "warnings": [], "related": []}, indent + "    ")


def command_review(args: argparse.Namespace) -> int:
    """List the queued submissions, each with what approving it would change."""
    dataset, paths = open_dataset(args, must_be_valid=False)
    with opened(paths, progress):
        items = list_queue(paths, dataset, today())
    if args.json:
        print(json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    for item in items:
        title = item["values"].get("title_pt") or item["values"].get("source_title") or ""
        flags = f" [{', '.join(item['flags'])}]" if item["flags"] else ""
        kind = (item.get("changes") or {}).get("kind_text", item["change"])
        print(
            f"{item['id']}\t{item['form']}\t{kind}\t{item['received']}\t{item['record_id'] or '-'}\t{title[:60]!r}{flags}"
        )
        print_changes(item.get("changes"))
    print(f"{len(items)} submission(s) waiting for review.", file=sys.stderr)
    return 0


def command_approve(args: argparse.Namespace) -> int:
    """Publish queued submissions into data/ after validating the whole dataset."""
    dataset, paths = open_dataset(args, must_be_valid=False)
    with opened(paths, progress):
        result = approve_submissions(dataset, paths, args.ids, who(args.by), today(), args.dry_run)
    if args.dry_run:
        for changes in result.changes:
            print(
                f"{changes.submission_id}: {changes.resource} {changes.record_id or ''}, "
                f"{kind_text(changes.kind)}"
            )
            print_changes(changes.as_dict())
        print("\n".join(result.diff) or "(no change to data/)")
        print(
            f"Dry run: {len(result.approved)} submission(s) would be approved; nothing was written."
        )
    else:
        print(
            f"Approved {len(result.approved)} submission(s); {len(result.data)} data file(s) changed. Rebuild the site with `intlhub build`."
        )
    return 0


def command_reject(args: argparse.Namespace) -> int:
    """Refuse a queued submission and record why."""
    _, paths = open_dataset(args, must_be_valid=False)
    with opened(paths, progress):
        reject_submission(paths, args.id, args.reason, who(args.by))
    print(f"Rejected {args.id!r}.")
    return 0


def command_forget(args: argparse.Namespace) -> int:
    """Erase one person's contact data from the private folder."""
    _, paths = open_dataset(args, must_be_valid=False)
    with opened(paths, progress):
        erased = forget_person(paths, args.email, who(args.by))
    print(
        f"Erased contact data from {len(erased.submissions)} submission(s) and {erased.rejected_rows} refused row(s)."
    )
    return 0


def parse_days(value: str) -> int:
    """Read --older-than: a whole number of days, 0 or more (argparse makes a ValueError exit 2)."""
    days = int(value)
    if days < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is negative: give 0 or more days")
    return days


def command_purge(args: argparse.Namespace) -> int:
    """Apply the retention period to the private folder."""
    dataset, paths = open_dataset(args, must_be_valid=False)
    days = args.older_than  # 0 is a period too: everything decided, whatever its age
    if days is None:
        days = (intake_settings(dataset).get("retention") or {}).get("days")
    if days is None:
        raise HubError(
            "No retention period",
            "Pass --older-than DAYS or set intake.retention.days in forms.yaml.",
            2,
        )
    with opened(paths, progress):
        erased = purge_older(paths, int(days), who(args.by))
    print(
        f"Retention {days} days: erased contact data from {len(erased.submissions)} submission(s), deleted {erased.files_deleted} rejects file(s) and {erased.uploads_deleted} upload(s) of decided submissions."
    )
    return 0


def add_common(parser: argparse.ArgumentParser, by: bool = False) -> None:
    """Add --data and --private (and --by) to a sub-command."""
    parser.add_argument("--data", default=DEFAULT_DATA, help="data folder (default: %(default)s)")
    parser.add_argument(
        "--private",
        help="private folder (default: $INTLHUB_PRIVATE_DIR, else intake.private_dir in forms.yaml, beside data/)",
    )
    if by:
        parser.add_argument(
            "--by",
            help="who is acting, for the audit log (default: $INTLHUB_USER or the login name)",
        )


def add_intake_commands(commands) -> None:
    """Register the intake sub-commands on the `intlhub` parser."""

    def add(name: str, help_text: str, example: str) -> argparse.ArgumentParser:
        return add_command(commands, name, help_text, example)

    ingest = add(
        "ingest",
        "Read an export (CSV, XLSX, JSON/NDJSON, '-' or an http(s) URL) into the review queue; --form operations imports the list of operations into data/.",
        "intlhub ingest respostas.csv --form showcase --dry-run",
    )
    ingest.add_argument("source", help="a file, '-' for stdin, or an http(s) URL")
    ingest.add_argument(
        "--form", required=True, help="form name in data/forms.yaml, or 'operations'"
    )
    add_common(ingest, by=True)
    ingest.add_argument(
        "--dry-run", action="store_true", help="print what would change and write nothing"
    )
    ingest.add_argument(
        "--all-or-nothing", action="store_true", help="write nothing if any row is rejected"
    )
    ingest.add_argument(
        "--date-order",
        choices=["dmy", "mdy"],
        default="dmy",
        help="day-first (default) or US month-first dates",
    )
    ingest.add_argument(
        "--token-env", help="environment variable holding a bearer token for URL sources"
    )
    ingest.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="seconds one read of a URL may wait (default: %(default)s)",
    )
    ingest.add_argument(
        "--deadline",
        type=float,
        default=600.0,
        help="seconds a URL fetch may take in all, connect to last byte (default: %(default)s)",
    )
    ingest.add_argument(
        "--allow-redirect-host",
        action="append",
        metavar="HOST",
        help="a host a URL may redirect to, besides its own (repeat for more; default: none)",
    )
    ingest.add_argument(
        "--filter", help="operations only: keep rows whose COLUMN matches REGEX, as 'COLUMN=REGEX'"
    )
    ingest.set_defaults(handler=command_ingest)

    review = add(
        "review",
        "List the submissions waiting in the review queue: each says whether it is a new record or an update of a published one, and lists the fields it changes (old → new) and its warnings.",
        "intlhub review --json",
    )
    add_common(review)
    review.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list (id, form, values, and `changes`: kind, fields old → new, warnings)",
    )
    review.set_defaults(handler=command_review)

    approve = add(
        "approve",
        "Publish queued submissions into data/ (the whole dataset is validated first).",
        "intlhub approve showcase-20261127-1a2b3c4d5e6f",
    )
    approve.add_argument("ids", nargs="+", metavar="ID", help="queued submission ids")
    add_common(approve, by=True)
    approve.add_argument(
        "--dry-run",
        action="store_true",
        help="print what each submission changes (old → new, warnings) and the diff of data/; write nothing",
    )
    approve.set_defaults(handler=command_approve)

    reject = add(
        "reject",
        "Refuse a queued submission, recording why.",
        "intlhub reject event-h0a1b2c3d4e5f6a7b --reason 'Duplicate of an existing event'",
    )
    reject.add_argument("id", metavar="ID")
    reject.add_argument(
        "--reason", required=True, help="why it is refused (recorded in the audit log)"
    )
    add_common(reject, by=True)
    reject.set_defaults(handler=command_reject)

    forget = add(
        "forget",
        "Erase one person's contact data from the private folder.",
        "intlhub forget ana@example.org",
    )
    forget.add_argument("email")
    add_common(forget, by=True)
    forget.set_defaults(handler=command_forget)

    purge = add(
        "purge",
        "Erase contact data decided longer ago than the retention period.",
        "intlhub purge --older-than 365",
    )
    purge.add_argument(
        "--older-than",
        type=parse_days,
        metavar="DAYS",
        help="0 or more; 0 erases everything decided (default: intake.retention.days in forms.yaml)",
    )
    add_common(purge, by=True)
    purge.set_defaults(handler=command_purge)
