"""The one way sub-commands are declared: help text, description and an `Example:` epilog."""

from __future__ import annotations

import argparse


def add_command(commands, name: str, help_text: str, example: str) -> argparse.ArgumentParser:
    """Add a sub-command whose -h shows its description and an example."""
    return commands.add_parser(
        name,
        help=help_text,
        description=help_text,
        epilog=f"Example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
