"""`intlhub ingest --form operations`: import the managing authority's list of operations.

The list is an XLSX (or CSV) with bilingual "PT / EN" headers, possibly truncated and below
title rows. Records become `projects` (the operation code is the id) and `organisations`;
they are a staff action, so they skip the review queue, are verified, and are audited.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intlhub.base.problems import HubError
from intlhub.dataset.check_records import EXAMPLE_ID_PREFIXES
from intlhub.dataset.forms import intake_settings
from intlhub.dataset.load_dataset import Dataset
from intlhub.intake.merge.records import read_table_file, slugify, unique_id
from intlhub.intake.private.journal import Transaction, commit
from intlhub.intake.private.store import PrivatePaths, audit_entry, dump_lines, run_id, who
from intlhub.intake.read.fields import read_date, read_number, read_rate
from intlhub.intake.read.normalise import NormaliseError, clean_text, fold, is_empty, parse_code
from intlhub.intake.read.source import Grid, find_header
from intlhub.intake.rejects import Rejection, rejects_csv
from intlhub.intake.review import text_diff, validate_candidate

# The columns of a Portugal 2020 list of operations, by the start of their PT or EN heading.
# `nuts2` and `municipality` are known so that they are not reported as unknown, and so that
# "NUTS II" is never taken for a cut "NUTS III" (issue 12): no reader uses them.
COLUMNS = {
    "id": ["codigo da operacao", "operation code"],
    "title_pt": [
        "nome da operacao",
        "operation name",
        "designacao da operacao",
        "designacao do projeto",
    ],
    "beneficiary": ["nome do beneficiario", "beneficiary name", "beneficiario"],
    "summary_pt": ["resumo", "summary"],
    "start_date": ["data inicio", "data de inicio", "start date"],
    "end_date": ["data fim", "data de fim", "finish date", "end date"],
    "eligible_cost_eur": ["despesas elegiveis totais", "despesa elegivel", "total eligible expend"],
    "eu_cofinancing_rate": [
        "% cofinanciamento",
        "taxa de cofinanciamento",
        "eu funding",
        "union co-financing rate",
    ],
    "nuts2": ["nuts ii", "nuts 2"],
    "nuts3": ["nuts iii", "nuts 3"],
    "municipality": ["concelho", "municipality"],
    "eu_funding_eur": [
        "fundo total aprovado",
        "total aproved fund",
        "total approved fund",
        "fundo aprovado",
    ],
}
REQUIRED = ("id", "title_pt", "beneficiary")
NARRATIVE = ("summary_pt",)
MIN_TRUNCATED = 6  # a truncated heading must keep at least this many characters

Progress = Callable[[str], None]


@dataclass
class ImportReport:
    """What an import of the list of operations did."""

    source: str
    read: int = 0
    filtered_out: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    organisations_created: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    diff: list[str] = field(default_factory=list)
    written: bool = False


@dataclass
class ImportRow:
    """One row of the list, for the rejects file."""

    number: int
    raw: dict[str, str]
    problems: list[Rejection]


def heading_match(part: str) -> str | None:
    """The column a folded heading part names: exactly, else by the longest match, else none.

    A heading may be longer than the known start ("NUTS III (2013)") or cut at the end as published
    ("Total eligible expendi"). The longest match wins, so "NUTS II" is never a cut "NUTS III";
    a cut that fits two columns equally well names neither.
    """
    best: dict[str, int] = {}
    for key, starts in COLUMNS.items():
        for start in starts:
            if part == start:
                return key
            if part.startswith(start):
                length = len(start)
            elif len(part) >= MIN_TRUNCATED and start.startswith(part):
                length = len(part)
            else:
                continue
            best[key] = max(best.get(key, 0), length)
    if not best:
        return None
    longest = max(best.values())
    keys = [key for key, length in best.items() if length == longest]
    return keys[0] if len(keys) == 1 else None


def column_of(cell: Any) -> str | None:
    """Return the column key a heading names (PT part first, then EN), allowing truncation."""
    for part in (fold(part) for part in str(cell or "").split("/") if part.strip()):
        key = heading_match(part)
        if key:
            return key
    return None


def map_headings(header: list[str]) -> tuple[dict[int, str], list[str]]:
    """Map heading cells to column keys; return the map and the unknown headings."""
    mapped: dict[int, str] = {}
    unknown = []
    for index, cell in enumerate(header):
        key = column_of(cell)
        if key and key not in mapped.values():
            mapped[index] = key
        elif str(cell).strip():
            unknown.append(str(cell))
    return mapped, unknown


def parse_filter(text: str | None) -> tuple[str, re.Pattern[str]] | None:
    """Read `COLUMN=REGEX` (COLUMN: a heading's start or a key such as id)."""
    if not text:
        return None
    column, sep, pattern = text.partition("=")
    key = column.strip() if column.strip() in COLUMNS else column_of(column)
    if not sep or not key:
        raise HubError(
            f"Cannot read the row filter {text!r}", "Write it as 'Código da Operação=^ALT20-'.", 2
        )
    try:
        return key, re.compile(pattern)
    except re.error as error:
        raise HubError(
            f"The row filter's pattern {pattern!r} is not valid: {error}",
            "Fix the regular expression.",
            2,
        ) from error


class OperationsImport:
    """One import of a list of operations into a copy of the data files."""

    def __init__(self, dataset: Dataset, today: dt.date, source: str) -> None:
        self.dataset, self.today, self.source = dataset, today, source
        self.projects = read_table_file(dataset, "projects")
        self.organisations = read_table_file(dataset, "organisations")
        self.sources = read_table_file(dataset, "sources")
        settings = intake_settings(dataset).get("operations") or {}
        self.source_id = settings.get("source_id") or "list-of-operations"
        self.by_name = {fold(r["name"]): r["id"] for r in self.organisations.rows.values()}
        regions = [r for r in dataset.table("nuts-regions") if r["level"] == 3]
        self.regions = {fold(r["name"]): r["code"] for r in regions} | {
            fold(r["code"]): r["code"] for r in regions
        }

    def read_row(self, cells: dict[str, Any]) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
        """Normalise one row; return project values and (field, reason, fix) problems."""
        values: dict[str, str] = {}
        problems = []
        readers = {
            "id": lambda v: parse_code(str(v)),
            "title_pt": clean_text,
            "beneficiary": clean_text,
            "summary_pt": clean_text,
            "start_date": lambda v: read_date(v, "dmy"),
            "end_date": lambda v: read_date(v, "dmy"),
            "eligible_cost_eur": read_number,
            "eu_funding_eur": read_number,
            "eu_cofinancing_rate": read_rate,
            "nuts3": self.read_region,
        }
        for key, read in readers.items():
            raw = cells.get(key)
            if is_empty(raw):
                if key in REQUIRED:
                    problems.append(
                        (key, "the value is missing", "Fill it in, or leave the row out.")
                    )
                continue
            try:
                values[key] = read(raw)
            except NormaliseError as error:
                problems.append((key, error.reason, error.fix))
        return values, problems

    def read_region(self, raw: Any) -> str:
        """Return the NUTS 3 code a name or code names (one region only)."""
        found = {
            self.regions.get(fold(part)) for part in re.split(r"[;,]", str(raw)) if part.strip()
        }
        if len(found) != 1 or None in found:
            raise NormaliseError(
                f"{raw!r} is not one NUTS III region of the programme",
                "Use one region name or code, e.g. Alentejo Central.",
            )
        return found.pop()

    def organisation_id(self, name: str, example: bool) -> tuple[str, bool]:
        """Return the id of the beneficiary, creating the organisation if it is new."""
        if fold(name) in self.by_name:
            return self.by_name[fold(name)], False
        base = slugify(name)
        if example and not base.startswith("exemplo-"):
            base = f"exemplo-{base}"
        new_id = unique_id(base, (k[0] for k in self.organisations.rows))
        self.organisations.rows[(new_id,)] = {
            "id": new_id, "name": name, "nif": "", "kind": "other", "nuts3": "", "website": "",
            "public_email": "", "verification": "example" if example else "verified",
            "source_id": "" if example else self.source_id,
        }  # fmt: skip
        self.by_name[fold(name)] = new_id
        return new_id, True

    def apply(self, values: dict[str, str], report: ImportReport) -> None:
        """Create or update one project; empty values never overwrite, narrative stays curated."""
        example = values["id"].startswith(EXAMPLE_ID_PREFIXES)
        beneficiary, created = self.organisation_id(values.pop("beneficiary"), example)
        report.organisations_created += created
        values["beneficiary_id"] = beneficiary
        existing = self.projects.rows.get((values["id"],))
        row = dict(existing) if existing else {"status": "approved"}
        for name, value in values.items():
            if name in NARRATIVE and existing and existing.get(name):
                continue  # curated text is edited in data/, not overwritten by the list
            row[name] = value
        row["verification"] = "example" if example else "verified"
        if existing and {k: v for k, v in row.items() if k != "last_updated"} == {
            k: v for k, v in existing.items() if k != "last_updated"
        }:
            report.unchanged += 1
            return
        row["last_updated"] = self.today.isoformat()
        self.projects.rows[(values["id"],)] = {
            name: row.get(name, "") for name in self.projects.header
        }
        if existing:
            report.updated += 1
        else:
            report.created += 1

    def cite_list(self) -> None:
        """Add the list of operations to sources.csv the first time it is imported."""
        if (self.source_id,) in self.sources.rows:
            return
        authority = self.dataset.index("organisations").get(
            self.dataset.programme.get("managing_authority")
        )
        self.sources.rows[(self.source_id,)] = {
            "id": self.source_id, "title": f"Lista de operações aprovadas ({Path(self.source).name})",
            "publisher": authority["name"] if authority else "Managing authority",
            "url": self.source if "://" in self.source else "", "published": "",
            "accessed": self.today.isoformat(), "note": "Imported with intlhub ingest --form operations.",
        }  # fmt: skip

    def changed_files(self) -> dict[Path, bytes]:
        """Return the data files the import changes."""
        changed = {}
        for table in (self.projects, self.organisations, self.sources):
            data = table.to_bytes()
            if table.path.read_bytes() != data:
                changed[table.path] = data
        return changed


def import_operations(
    grid: Grid,
    dataset: Dataset,
    paths: PrivatePaths,
    today: dt.date,
    options: dict[str, Any],
    progress: Progress,
) -> ImportReport:
    """Import a list of operations: check every row, validate the whole dataset, write or report."""
    report = ImportReport(source=grid.name)
    _, header, rows = find_header(grid.rows, lambda cells: sum(1 for c in cells if column_of(c)))
    columns, report.unknown_columns = map_headings(header)
    missing = [key for key in REQUIRED if key not in columns.values()]
    if missing:
        raise HubError(
            f"Cannot import {grid.name!r}: no column for {', '.join(missing)}",
            "Check the file is the list of operations, with its 'PT / EN' header row.",
        )
    settings = intake_settings(dataset).get("operations") or {}
    configured = settings.get("row_filter")
    row_filter = parse_filter(
        options.get("filter")
        or (f"{configured['column']}={configured['pattern']}" if configured else None)
    )
    work = OperationsImport(dataset, today, grid.name)
    refused: list[ImportRow] = []
    for number, cells in rows:
        if not any(c not in (None, "") for c in cells):
            continue
        report.read += 1
        by_key = {key: cells[i] for i, key in columns.items() if i < len(cells)}
        if row_filter and not row_filter[1].search(str(by_key.get(row_filter[0]) or "")):
            report.filtered_out += 1
            continue
        values, problems = work.read_row(by_key)
        if problems:
            raw = {
                header[i]: str(c)
                for i, c in enumerate(cells)
                if c not in (None, "") and i < len(header)
            }
            refused.append(
                ImportRow(
                    number,
                    raw,
                    [Rejection(number, f, "invalid-value", r, x) for f, r, x in problems],
                )
            )
            continue
        work.apply(values, report)
    report.rejected = len(refused)
    report.rejections = [p for row in refused for p in row.problems]
    if options.get("all_or_nothing") and refused:
        work = OperationsImport(dataset, today, grid.name)
        report.created = report.updated = report.organisations_created = 0
    if report.created or report.updated:
        work.cite_list()
    changed = work.changed_files()
    if changed:
        validate_candidate(dataset, changed, today, paths.scratch)
    report.diff = text_diff(dataset, changed)
    if options.get("dry_run") or not (changed or refused):
        return report
    run = run_id("operations")
    transaction = Transaction()
    for path, data in changed.items():
        transaction.write(path, data)
    if refused:
        transaction.write(
            paths.rejects / f"{run}.jsonl",
            dump_lines(
                [
                    {"row": r.number, "raw": r.raw, "problems": [p.__dict__ for p in r.problems]}
                    for r in refused
                ]
            ),
        )
        transaction.write(paths.rejects / f"{run}.csv", rejects_csv(refused))
    what = f"import of the list of operations {grid.name!r}: {report.created} created, {report.updated} updated, {report.organisations_created} organisation(s) created, {report.rejected} rejected"
    transaction.write(
        paths.audit / f"{run}.jsonl",
        dump_lines([audit_entry("import", who(options.get("by")), what, "staff import")]),
    )
    commit(transaction, paths.journal)
    report.written = True
    return report
