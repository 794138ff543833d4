"""The `intlhub` command: parse arguments, call one function, turn HubError into `Error: ...`."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .build_site import build_site
from .cli_intake import add_intake_commands
from .clock import today
from .problems import HubError, errors_only
from .serve_site import serve_site
from .validate import format_problems, validate_data

DEFAULT_DATA = "data"
DEFAULT_SITE = "site"


def find_project_path(start: Path) -> Path:
    """Return the nearest folder at or above `start` holding mkdocs.yml."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise HubError(
        f"No mkdocs.yml found at or above {str(start)!r}",
        "Run intlhub from the project folder (the one holding mkdocs.yml and data/).",
    )


def progress(message: str) -> None:
    """Print progress to stderr, so stdout carries only results."""
    print(message, file=sys.stderr, flush=True)


def command_validate(args: argparse.Namespace) -> int:
    """Validate data/ and print every problem; exit 1 on any error."""
    data_path = Path(args.data).resolve()
    _, problems = validate_data(data_path, today())
    if problems:
        print(format_problems(problems))
    errors = errors_only(problems)
    warnings = len(problems) - len(errors)
    print(f"{len(errors)} error(s), {warnings} warning(s) in {str(data_path)!r}", file=sys.stderr)
    return 1 if errors else 0


def validated_dataset(data_path: Path):
    """Validate data/ and return the dataset, or raise HubError listing every error."""
    dataset, problems = validate_data(data_path, today())
    errors = errors_only(problems)
    if errors or dataset is None:
        raise HubError(
            f"Data in {str(data_path)!r} is not valid ({len(errors)} error(s))",
            format_problems(errors) + "\n\nFix these, then run `intlhub validate` to check.",
        )
    warnings = [p for p in problems if p.severity == "warning"]
    if warnings:
        progress(format_problems(warnings))
    return dataset


def command_build(args: argparse.Namespace) -> int:
    """Validate, generate and build the site in every language, with its search index."""
    started = time.perf_counter()
    data_path = Path(args.data).resolve()
    project_path = find_project_path(Path.cwd())
    progress(f"Validating {str(data_path)!r}…")
    dataset = validated_dataset(data_path)
    report = build_site(dataset, project_path, Path(args.site_dir), today(), progress)
    timings = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in report.timings.items())
    print(
        f"Built {report.pages} pages into {args.site_dir!r} in {time.perf_counter() - started:.1f} s ({timings})"
    )
    return 0


def command_serve(args: argparse.Namespace) -> int:
    """Build (unless --no-build) and serve the site on http://127.0.0.1:PORT."""
    if not args.no_build:
        command_build(args)
    site_path = Path(args.site_dir).resolve()
    if not (site_path / "index.html").is_file():
        raise HubError(
            f"No built site at {str(site_path)!r}", "Run `intlhub build` first, or drop --no-build."
        )
    progress(f"Serving {str(site_path)!r} at http://127.0.0.1:{args.port}/ (Ctrl+C to stop)")
    try:
        serve_site(site_path, port=args.port)
    except KeyboardInterrupt:
        progress("Stopped.")
    except OSError as error:
        raise HubError(
            f"Cannot serve on port {args.port}: {error.strerror}", "Pass --port with a free port."
        ) from error
    return 0


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
        return commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=f"Example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    validate = add(
        "validate",
        "Check data/ (schemas and cross-record rules); report every problem.",
        "intlhub validate --data data",
    )
    validate.add_argument("--data", default=DEFAULT_DATA, help="data folder (default: %(default)s)")
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
    build.set_defaults(handler=command_build)

    serve = add(
        "serve",
        "Build the site and serve it at http://127.0.0.1:8000 for preview.",
        "intlhub serve --port 8000",
    )
    serve.add_argument("--data", default=DEFAULT_DATA, help="data folder (default: %(default)s)")
    serve.add_argument(
        "--site-dir", default=DEFAULT_SITE, help="site folder (default: %(default)s)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    serve.add_argument(
        "--no-build", action="store_true", help="serve the existing site without rebuilding"
    )
    serve.set_defaults(handler=command_serve)
    add_intake_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = make_parser().parse_args(argv)
    try:
        return args.handler(args)
    except HubError as error:
        print(f"Error: {error}", file=sys.stderr)
        return error.exit_code


if __name__ == "__main__":
    sys.exit(main())
