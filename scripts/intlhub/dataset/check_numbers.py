"""Every number cell of data/ read as untrusted before Frictionless sees it (issue 13).

Frictionless takes 'NaN', 'Infinity' and '1E-999999' as numbers, and 'sNaN' makes its minimum
check raise decimal.InvalidOperation; a value such as Decimal('1E-999999') then breaks the build
("Exceeds the limit (4300 digits)"). Here each cell that Python would read as a number must be
finite, within 10^15 and of sane precision (base/untrusted.py). What is not a number at all, and
the schema's own minimum and maximum, stay Frictionless's type and constraint errors.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from intlhub.base.problems import Problem
from intlhub.base.untrusted import NumberLimits, UntrustedValue, read_decimal
from intlhub.base.yaml_loader import SafeLoader

NUMBER_TYPES = ("number", "integer")


def number_fields(resource: dict[str, Any]) -> dict[str, NumberLimits]:
    """The number and integer fields of a resource, with the limits of their type."""
    schema = resource.get("schema")
    fields = schema.get("fields", []) if isinstance(schema, dict) else []
    return {
        spec["name"]: NumberLimits.from_schema({"type": spec["type"]})
        for spec in fields
        if isinstance(spec, dict) and spec.get("type") in NUMBER_TYPES and "name" in spec
    }


def parses_as_decimal(cell: str) -> bool:
    """True when Decimal() reads the cell, as Frictionless does: 'NaN' and '1E-999999' too."""
    try:
        Decimal(cell)
    except InvalidOperation:
        return False
    return True


def check_resource_numbers(
    csv_path: Path, file_name: str, limits: dict[str, NumberLimits]
) -> Iterator[Problem]:
    """Yield a problem for each number cell of one CSV that is not a sane finite number."""
    with csv_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        columns = [(index, name) for index, name in enumerate(header) if name in limits]
        for row_number, cells in enumerate(reader, start=2):  # Frictionless counts the header
            for index, name in columns:
                cell = cells[index].strip() if index < len(cells) else ""
                if not cell or not parses_as_decimal(cell):
                    continue  # empty, or not a number at all: Frictionless says so
                try:
                    read_decimal(cell, limits[name])
                except UntrustedValue as error:
                    yield Problem(
                        file_name, row_number, name, "number-error", error.reason, error.fix
                    )


def check_numbers(root_path: Path, package_file: str = "datapackage.yaml") -> list[Problem]:
    """Return a problem for every number cell of the package's CSV files that is not sane."""
    try:
        text = (root_path / package_file).read_text(encoding="utf-8")
        descriptor = yaml.load(text, Loader=SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # check_package reports an unreadable descriptor
    problems: list[Problem] = []
    resources = descriptor.get("resources", []) if isinstance(descriptor, dict) else []
    for resource in resources:
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            continue
        limits = number_fields(resource)
        csv_path = root_path / resource["path"]
        if limits and csv_path.suffix == ".csv" and csv_path.is_file():
            try:
                problems += check_resource_numbers(csv_path, resource["path"], limits)
            except (OSError, UnicodeDecodeError, csv.Error):
                continue  # Frictionless reports the unreadable file
    return problems
