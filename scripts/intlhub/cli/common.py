"""What every sub-command shares: how it is declared (help, description and an `Example:`
epilog), the default folders, progress on stderr, dates as arguments, and the project folder."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from intlhub.base.problems import HubError

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


def add_command(commands, name: str, help_text: str, example: str) -> argparse.ArgumentParser:
    """Add a sub-command whose -h shows its description and an example."""
    return commands.add_parser(
        name,
        help=help_text,
        description=help_text,
        epilog=f"Example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def parse_day(value: str) -> dt.date:
    """An argparse type for YYYY-MM-DD dates."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date written YYYY-MM-DD") from error
