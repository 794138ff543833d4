"""Rows refused at intake: the reasons, and a spreadsheet-safe CSV copy for staff."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from intlhub.base.sanitize import escape_spreadsheet_cell


@dataclass
class Rejection:
    """One reason a row was refused: where, why and how to fix it."""

    row: int
    field: str | None
    type: str
    reason: str
    fix: str

    def describe(self, source: str) -> str:
        """Format as `<source>, row N, field 'x': reason` + fix, the project's message shape."""
        where = f"{source!r}, row {self.row}" + (f", field {self.field!r}" if self.field else "")
        return f"{where}: {self.reason} [{self.type}]\n    fix: {self.fix}"


def rejects_csv(rows: list[Any]) -> bytes:
    """Return refused rows as CSV (UTF-8 with BOM, for Excel): reasons first, then raw cells.

    Every cell, and every heading (a column name comes from the submitted file too), passes
    through escape_spreadsheet_cell, so a hostile value cannot run as a formula. Each row's raw
    cells are read once: the work is linear in the number of cells.
    """
    raws = [row.raw for row in rows]
    columns: dict[str, None] = {}
    for raw in raws:
        columns.update(dict.fromkeys(raw))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [escape_spreadsheet_cell(name) for name in ("row", "field", "reason", "fix", *columns)]
    )
    for row, raw in zip(rows, raws, strict=True):
        for problem in row.problems:
            cells = [row.number, problem.field or "", problem.reason, problem.fix]
            cells += [raw.get(name, "") for name in columns]
            writer.writerow([escape_spreadsheet_cell(cell) for cell in cells])
    # A raw cell may hold a lone surrogate (from JSON): kept visible as \ud800, never a crash.
    return ("\ufeff" + out.getvalue()).encode("utf-8", "backslashreplace")
