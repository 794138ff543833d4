"""Validation problems as values, and the one error type the CLI translates."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in the data: what, where, and how to fix it."""

    file: str
    row: int | None
    field: str | None
    type: str
    message: str
    fix: str = ""
    severity: str = "error"  # "error" or "warning"

    def sort_key(self) -> tuple:
        """Order problems by file, then row, then field."""
        return (self.file, self.row or 0, self.field or "", self.type, self.message)

    def location(self) -> str:
        """Return "'file', row N, field 'x'" for messages."""
        where = f"{self.file!r}"
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", field {self.field!r}"
        return where


class HubError(Exception):
    """A user-facing error: the CLI prints it as `Error: ...` and exits with `exit_code`."""

    def __init__(self, message: str, fix: str = "", exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.exit_code = exit_code

    def __str__(self) -> str:
        return f"{self.message}\n\n{self.fix}" if self.fix else self.message


def errors_only(problems: list[Problem]) -> list[Problem]:
    """Return the problems whose severity is error."""
    return [p for p in problems if p.severity == "error"]


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Return problems grouped by file and sorted by row and field."""
    return sorted(problems, key=Problem.sort_key)
