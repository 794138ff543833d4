"""Frictionless validation of data/datapackage.yaml, reported as Problems."""

from __future__ import annotations

from decimal import InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from intlhub.base.problems import Problem
from intlhub.dataset.check_numbers import check_numbers

if TYPE_CHECKING:  # imported where it is used: slow to import, and ingest validates elsewhere
    import frictionless

# How to fix each Frictionless error type, in the words a data editor needs.
FIXES = {
    "constraint-error": "Change the value so it meets the field's constraint in datapackage.yaml.",
    "type-error": "Write the value in the field's type (dates as YYYY-MM-DD, numbers with '.' decimals).",
    "foreign-key": "Use a value that exists in the referenced resource, or add that record first.",
    "primary-key": "Make the key unique: change or remove the duplicate row.",
    "unique-error": "Make the value unique in this column.",
    "missing-label": "Add the missing column header to the CSV file.",
    "extra-label": "Remove the column or declare it in the resource schema.",
    "incorrect-label": "Rename the header to the field name in the schema (same order).",
    "missing-cell": "Add the missing value (or an empty cell) so every row has all columns.",
    "extra-cell": "Remove the extra value or quote the cell that contains a comma.",
    "blank-row": "Delete the empty row.",
    "duplicate-label": "Give every column a distinct header.",
    "scheme-error": "Check that the file named in 'path' exists.",
    "encoding-error": "Save the file as UTF-8.",
}
DEFAULT_FIX = "See the resource schema in datapackage.yaml."


def problem_from_error(error: frictionless.errors.Error, file_name: str) -> Problem:
    """Translate one Frictionless error into a Problem."""
    row = getattr(error, "row_number", None)
    field = getattr(error, "field_name", None)
    message = error.message
    cell = getattr(error, "cell", None)
    note = getattr(error, "note", "")
    if error.type == "foreign-key":
        cells = getattr(error, "field_cells", None) or []
        reference = getattr(error, "reference_name", "") or "the referenced resource"
        names = getattr(error, "field_names", None) or []
        field = field or (names[0] if names else None)
        message = f"value {', '.join(map(str, cells))!r} is not in {reference!r}"
    elif error.type in ("constraint-error", "type-error") and cell is not None:
        message = (
            f"value {cell!r} does not meet {note}"
            if error.type == "constraint-error"
            else (f"value {cell!r} is not of the field's type ({note})")
        )
    return Problem(
        file=file_name,
        row=row,
        field=field,
        type=error.type,
        message=message,
        fix=FIXES.get(error.type, DEFAULT_FIX),
    )


def check_package(root_path: Path, package_file: str = "datapackage.yaml") -> list[Problem]:
    """Validate the data package with Frictionless; return every problem found."""
    import frictionless

    numbers = check_numbers(root_path, package_file)
    try:
        report = frictionless.Package(str(root_path / package_file)).validate()
    except InvalidOperation:  # 'sNaN' in a field with a minimum: check_numbers names the cell
        return numbers
    except frictionless.FrictionlessException as error:
        return [
            Problem(
                file=package_file,
                row=None,
                field=None,
                type="package-error",
                message=str(error.error.message if hasattr(error, "error") else error),
                fix="Fix the package descriptor so Frictionless can read it.",
            )
        ]
    problems = [problem_from_error(error, package_file) for error in report.errors]
    for task in report.tasks:
        file_name = task.place or task.name
        problems.extend(problem_from_error(error, file_name) for error in task.errors)
    flagged = {(p.file, p.row, p.field) for p in numbers}
    return numbers + [
        p
        for p in problems
        if not (
            p.type in ("constraint-error", "type-error") and (p.file, p.row, p.field) in flagged
        )
    ]
