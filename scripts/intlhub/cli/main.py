"""The `intlhub` command: parse arguments, call one function, turn HubError into `Error: ...`."""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from intlhub.base.clock import today
from intlhub.base.problems import HubError, errors_only
from intlhub.cli.bench_commands import add_bench_commands
from intlhub.cli.common import (
    DEFAULT_DATA,
    DEFAULT_SITE,
    add_command,
    find_project_path,
    parse_day,
    progress,
)
from intlhub.cli.intake_commands import add_intake_commands
from intlhub.cli.staff_commands import add_staff_commands
from intlhub.dataset.validate import format_problems, valid_dataset, validate_data
from intlhub.eligibility.check_eligibility import check_eligibility_answers
from intlhub.eligibility.read_answers import read_answers_file
from intlhub.markets.refresh_indicators import (
    DEFAULT_BASE_URL,
    DEFAULT_INDICATORS,
    FetchSettings,
    refresh_indicators,
)


def command_validate(args: argparse.Namespace) -> int:
    """Validate data/ and print every problem; exit 1 on any error."""
    data_path = Path(args.data).resolve()
    _, problems = validate_data(data_path, today(), strict_freshness=args.strict_freshness)
    if problems:
        print(format_problems(problems))
    errors = errors_only(problems)
    warnings = len(problems) - len(errors)
    print(f"{len(errors)} error(s), {warnings} warning(s) in {str(data_path)!r}", file=sys.stderr)
    return 1 if errors else 0


def command_build(args: argparse.Namespace) -> int:
    """Validate, generate and build the site in every language, with its search index."""
    from intlhub.site.build_site import (
        build_site,  # imported here: slow to import, and only build needs it
    )

    started = time.perf_counter()
    data_path = Path(args.data).resolve()
    project_path = find_project_path(Path.cwd())
    progress(f"Validating {str(data_path)!r}…")
    dataset = valid_dataset(data_path, today(), progress)
    report = build_site(
        dataset,
        project_path,
        Path(args.site_dir),
        today(),
        progress,
        full=getattr(args, "full", False),
    )
    timings = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in report.timings.items())
    print(
        f"Built {report.pages} pages into {args.site_dir!r} in {time.perf_counter() - started:.1f} s"
        f" ({report.mode}; {timings})"
    )
    return 0


def command_export(args: argparse.Namespace) -> int:
    """Validate data/ and write the open data files into a folder (no site build)."""
    from intlhub.open_data.export_open_data import (  # slow to import
        export_open_data,
        write_open_data,
    )

    data_path = Path(args.data).resolve()
    dataset = valid_dataset(data_path, today(), progress)
    files = export_open_data(dataset, today())
    out_path = Path(args.out).resolve()
    if args.dry_run:
        for name, data in files.items():
            print(f"{out_path / name}\t{len(data)} bytes")
        progress(f"Dry run: {len(files)} file(s) not written.")
        return 0
    for path in write_open_data(files, out_path):
        print(path)
    progress(f"Wrote {len(files)} open data file(s) into {str(out_path)!r}.")
    return 0


def command_serve(args: argparse.Namespace) -> int:
    """Build (unless --no-build), then run the intake service: the site, its forms' API, staff."""
    from intlhub.service.config import load_config  # imported here: Starlette and uvicorn
    from intlhub.service.run import Listen, listen_url, serve, with_local_origins

    if not args.no_build:
        command_build(args)
    site_path = Path(args.site_dir).resolve()
    if not (site_path / "index.html").is_file():
        raise HubError(
            f"No built site at {str(site_path)!r}", "Run `intlhub build` first, or drop --no-build."
        )
    listen = Listen(args.host, args.port, tuple(args.trusted_proxy), not args.no_access_log)
    config = load_config(
        Path(args.data).resolve(),
        find_project_path(Path.cwd()),
        site_path,
        args.private,
        listen_url(args.host, args.port),
    )
    config = with_local_origins(config, listen, args.allow_origin)
    if args.rate_limit is not None:
        config = dataclasses.replace(config, rate_limit=args.rate_limit)
    progress(
        f"Serving {str(site_path)!r} and its forms at {listen_url(args.host, args.port)}/ "
        f"(submissions go to {str(config.private.root)!r}; Ctrl+C to stop)"
    )
    progress("Allowed origins: " + ", ".join(sorted(config.allowed_origins)))
    try:
        serve(config, listen)
    except KeyboardInterrupt:
        pass
    progress("Stopped.")
    return 0


def command_refresh_indicators(args: argparse.Namespace) -> int:
    """Fetch World Bank indicators; keep old values on any failure and exit 1 if any failed."""
    settings = FetchSettings(
        base_url=args.base_url,
        timeout=args.timeout,
        retries=args.retries,
        deadline=args.deadline,
        allowed_hosts=frozenset(args.allow_redirect_host or ()),
    )
    report = refresh_indicators(
        Path(args.data).resolve(),
        today(),
        settings,
        markets=args.markets or (),
        indicators=args.indicators or DEFAULT_INDICATORS,
        dry_run=args.dry_run,
        progress=progress,
    )
    for code, indicator, year in report.updated:
        print(f"updated   {code} {indicator} {year}")
    for code, indicator in report.unchanged:
        print(f"unchanged {code} {indicator}")
    for code, indicator, reason in report.failed:
        print(f"NOT refreshed {code} {indicator}: {reason} (kept the last known value)")
    verb = "Would write" if args.dry_run else "Wrote"
    progress(f"{verb} {len(report.updated)} updated value(s); {len(report.failed)} not refreshed.")
    return 1 if report.failed else 0


def command_check_eligibility(args: argparse.Namespace) -> int:
    """Check an answers file; exit 0 eligible, 3 not eligible, 4 needs a manual check."""
    answers = read_answers_file(Path(args.answers))  # refused at once, before data/ is read
    dataset = valid_dataset(Path(args.data).resolve(), today(), progress)
    report = check_eligibility_answers(
        dataset, Path(args.answers), args.call, args.lang, args.today or today(), answers
    )
    for note in report.notes:
        progress(note)
    print(report.text)
    return report.exit_code


def make_parser() -> argparse.ArgumentParser:
    """Build the argument parser with one sub-command per action."""
    parser = argparse.ArgumentParser(
        prog="intlhub",
        description="Internationalisation hub: validate data/ and build the bilingual static site.",
        epilog="Example:\n  intlhub validate && intlhub build && intlhub serve --no-build",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str, example: str) -> argparse.ArgumentParser:
        return add_command(commands, name, help_text, example)

    validate = add(
        "validate",
        "Check data/ (schemas and cross-record rules); report every problem.",
        "intlhub validate --data data",
    )
    validate.add_argument("--data", default=DEFAULT_DATA, help="data folder (default: %(default)s)")
    validate.add_argument(
        "--strict-freshness",
        action="store_true",
        help="treat overdue market reviews and stale indicators as errors",
    )
    validate.set_defaults(handler=command_validate)

    build = add(
        "build",
        "Validate data/, generate the pages and build the site with its search index.",
        "SOURCE_DATE_EPOCH=1795737600 intlhub build --data data --site-dir site",
    )
    build.add_argument("--data", default=DEFAULT_DATA, help="data folder (default: %(default)s)")
    build.add_argument(
        "--site-dir", default=DEFAULT_SITE, help="output folder (default: %(default)s)"
    )
    build.add_argument(
        "--full",
        action="store_true",
        help="build from scratch (default: rebuild only what changed since the last build, "
        "when the code and settings are the same)",
    )
    build.set_defaults(handler=command_build)

    export = add(
        "export",
        "Write the open data (Data Package zip, list of operations, 360Giving, feeds, tables).",
        "SOURCE_DATE_EPOCH=1795737600 intlhub export --out /tmp/open-data",
    )
    export.add_argument("--data", default=DEFAULT_DATA, help="data folder (default: %(default)s)")
    export.add_argument("--out", default="open-data", help="output folder (default: %(default)s)")
    export.add_argument(
        "--dry-run", action="store_true", help="list the files and sizes without writing"
    )
    export.set_defaults(handler=command_export)

    serve = add(
        "serve",
        "Build the site, then run the intake service at http://127.0.0.1:8000: the site, "
        "POST /api/submissions/<form> for its forms (into the private review queue) and the "
        "staff screen. One process; see docs/dev/deployment.md for TLS and a reverse proxy.",
        "intlhub serve --no-build --port 8000 --private /srv/intlhub/private",
    )
    serve.add_argument("--data", default=DEFAULT_DATA, help="data folder (default: %(default)s)")
    serve.add_argument(
        "--site-dir", default=DEFAULT_SITE, help="site folder (default: %(default)s)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    serve.add_argument(
        "--no-build", action="store_true", help="serve the existing site without rebuilding"
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    serve.add_argument(
        "--private",
        help="private folder for submissions (default: forms.yaml's private_dir beside data/, "
        "or $INTLHUB_PRIVATE_DIR)",
    )
    serve.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="IP",
        help="a reverse proxy whose X-Forwarded-For/-Proto headers are believed (repeatable; "
        "e.g. 127.0.0.1 for nginx on this machine); without it they are ignored",
    )
    serve.add_argument(
        "--allow-origin",
        action="append",
        default=[],
        metavar="URL",
        help="another origin whose pages may post the forms (site.yaml's site_url and the "
        "listening address always may)",
    )
    serve.add_argument(
        "--rate-limit",
        type=int,
        metavar="N",
        help="submissions one client address may send in 10 minutes (default: 20; 0: no limit)",
    )
    serve.add_argument(
        "--no-access-log", action="store_true", help="do not log each request on stderr"
    )
    serve.set_defaults(handler=command_serve)
    refresh = add(
        "refresh-indicators",
        "Fetch market indicators from the World Bank API into data/indicators.csv (the only network use).",
        "intlhub refresh-indicators --markets ES FR --indicators NY.GDP.MKTP.CD SP.POP.TOTL --dry-run",
    )
    refresh.add_argument("--data", default=DEFAULT_DATA, help="data folder (default: %(default)s)")
    refresh.add_argument(
        "--markets", nargs="+", metavar="CODE", help="market codes (default: every market)"
    )
    refresh.add_argument(
        "--indicators",
        nargs="+",
        metavar="ID",
        help=f"indicator ids (default: {' '.join(DEFAULT_INDICATORS)})",
    )
    refresh.add_argument(
        "--base-url", default=DEFAULT_BASE_URL, help="API base URL (default: %(default)s)"
    )
    refresh.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        help="seconds one read may wait (default: %(default)s)",
    )
    refresh.add_argument(
        "--deadline",
        type=float,
        default=60.0,
        help="seconds one request may take in all, connect to last byte (default: %(default)s)",
    )
    refresh.add_argument(
        "--allow-redirect-host",
        action="append",
        metavar="HOST",
        help="a host the API may redirect to, besides its own (repeat for more; default: none)",
    )
    refresh.add_argument(
        "--retries", type=int, default=2, help="retries on timeouts and 5xx (default: %(default)s)"
    )
    refresh.add_argument("--dry-run", action="store_true", help="fetch and report, write nothing")
    refresh.set_defaults(handler=command_refresh_indicators)
    add_bench_commands(commands)
    check = add(
        "check-eligibility",
        "Say whether an applicant and project are eligible for a call, why (with sources), "
        "and their indicative merit score. Exit codes: 0 eligible, 3 not eligible, "
        "4 needs a manual check, 1 bad answers file, 2 usage.",
        "intlhub check-eligibility docs/dev/eligibility-answers.example.yaml --call call-1 --lang en",
    )
    check.add_argument(
        "answers", metavar="ANSWERS.yaml", help="answers file (docs/dev/eligibility.md)"
    )
    check.add_argument(
        "--call", help="call id (default: the file's `call:`, else the latest call by closing date)"
    )
    check.add_argument(
        "--lang", choices=["pt", "en"], default="pt", help="language (default: %(default)s)"
    )
    check.add_argument(
        "--today",
        type=parse_day,
        help="check as of this date, YYYY-MM-DD (default: today, or SOURCE_DATE_EPOCH)",
    )
    check.add_argument("--data", default=DEFAULT_DATA, help="data folder (default: %(default)s)")
    check.set_defaults(handler=command_check_eligibility)
    add_intake_commands(commands)
    add_staff_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = make_parser().parse_args(argv)
    try:
        return args.handler(args)
    except HubError as error:
        print(f"Error: {error}", file=sys.stderr)
        return error.exit_code
