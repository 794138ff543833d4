"""Load data/ into typed, frozen, sorted records. No printing, no validation."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from intlhub.base.problems import HubError
from intlhub.base.yaml_loader import DocumentLoader

PACKAGE_FILE = "datapackage.yaml"
DOCUMENT_FILES = {
    "programme": "programme.yaml",
    "programmes": "programmes.yaml",
    "site": "site.yaml",
    "pages": "pages.yaml",
    "forms": "forms.yaml",
}
ELIGIBILITY_DIR = "eligibility"  # questions.yaml plus one <call-id>.yaml per call
ELIGIBILITY_QUESTIONS = "questions.yaml"

Record = Mapping[str, Any]


@dataclass(frozen=True)
class Dataset:
    """Everything in data/: tables by resource name, YAML documents, and market guidance."""

    root_path: Path
    descriptor: Mapping[str, Any]
    tables: Mapping[str, tuple[Record, ...]]
    documents: Mapping[str, Any]
    guidance: Mapping[tuple[str, str], Any] = field(default_factory=dict)
    row_numbers: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    eligibility: Mapping[str, Any] = field(default_factory=dict)
    indexes: dict[tuple[str, str], Mapping[Any, Record]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )  # filled by index(); the tables never change, so an index is built once

    def table(self, name: str) -> tuple[Record, ...]:
        """Return the records of one resource, sorted by primary key."""
        return self.tables.get(name, ())

    def numbered(self, name: str) -> Iterator[tuple[int, Record]]:
        """Yield (row number as Frictionless counts it, record) for one resource."""
        yield from zip(self.row_numbers.get(name, ()), self.table(name), strict=True)

    def index(self, name: str, key: str = "id") -> Mapping[Any, Record]:
        """Return the records of one resource keyed by `key` (read-only, built once)."""
        if (name, key) not in self.indexes:
            self.indexes[(name, key)] = MappingProxyType(
                {record[key]: record for record in self.table(name)}
            )
        return self.indexes[(name, key)]

    @property
    def programme(self) -> Any:
        """The programme document."""
        return self.documents.get("programme") or {}

    @property
    def programmes(self) -> tuple[Any, ...]:
        """The regional programmes (programmes.yaml), in file order."""
        document = self.documents.get("programmes") or {}
        entries = document.get("programmes") if isinstance(document, dict) else None
        return tuple(e for e in entries or () if isinstance(e, dict))

    @property
    def site(self) -> Any:
        """The site settings document."""
        return self.documents.get("site") or {}

    @property
    def pages(self) -> Any:
        """The content pages document."""
        return self.documents.get("pages") or {}

    @property
    def forms(self) -> Any:
        """The forms and intake settings document."""
        return self.documents.get("forms") or {}


def read_yaml(path: Path) -> Any:
    """Read one YAML file, turning parse errors into a HubError that names the file."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=DocumentLoader)  # noqa: S506 (a SafeLoader)
    except FileNotFoundError as error:
        raise HubError(
            f"File not found {str(path)!r}", "Check --data points at a data folder."
        ) from error
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise HubError(
            f"Cannot read YAML {str(path)!r}: {error}", "Fix the YAML syntax."
        ) from error


def cast_cell(value: str, spec: Mapping[str, Any]) -> Any:
    """Turn one CSV cell into its Table Schema type; None when empty or not castable."""
    if value == "":
        return () if spec.get("separator") else None
    if spec.get("separator"):
        return tuple(part for part in value.split(spec["separator"]) if part)
    kind = spec.get("type", "string")
    try:
        if kind == "integer":
            return int(value)
        if kind == "number":
            return decimal.Decimal(value)
        if kind == "date":
            return dt.date.fromisoformat(value)
    except (ValueError, decimal.InvalidOperation):
        return None
    return value


FIRST_DATA_ROW = 2  # Frictionless counts the header as row 1


def read_table(path: Path, schema: Mapping[str, Any]) -> tuple[tuple[Record, ...], tuple[int, ...]]:
    """Read one CSV resource into records typed by its schema, sorted by primary key.

    Also returns each record's row number, as Frictionless counts rows, for messages.
    """
    specs = {spec["name"]: spec for spec in schema.get("fields", [])}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    numbered = [
        (
            index + FIRST_DATA_ROW,
            MappingProxyType(
                {name: cast_cell(row.get(name) or "", spec) for name, spec in specs.items()}
            ),
        )
        for index, row in enumerate(rows)
    ]
    key = schema.get("primaryKey") or []
    key = [key] if isinstance(key, str) else key
    if key:
        numbered.sort(
            key=lambda item: tuple("" if item[1][k] is None else str(item[1][k]) for k in key)
        )
    return tuple(record for _, record in numbered), tuple(number for number, _ in numbered)


def resolve_schema(resource: Mapping[str, Any], root_path: Path) -> Mapping[str, Any]:
    """Return the resource's schema, reading it when it is a path."""
    schema = resource.get("schema") or {}
    if isinstance(schema, str):
        return read_yaml(root_path / schema) or {}
    return schema


def load_eligibility(root_path: Path) -> Mapping[str, Any]:
    """Read data/eligibility/: {"questions": document, "calls": {file stem: document}}."""
    folder = root_path / ELIGIBILITY_DIR
    if not folder.is_dir():
        return MappingProxyType({})
    questions_path = folder / ELIGIBILITY_QUESTIONS
    calls = {
        path.stem: read_yaml(path)
        for path in sorted(folder.glob("*.yaml"))
        if path.name != ELIGIBILITY_QUESTIONS
    }
    return MappingProxyType(
        {
            "questions": read_yaml(questions_path) if questions_path.is_file() else None,
            "calls": MappingProxyType(calls),
        }
    )


def load_dataset(root_path: Path) -> Dataset:
    """Load data/ (datapackage, tables, documents and market guidance) into a Dataset."""
    root_path = Path(root_path).resolve()
    if not (root_path / PACKAGE_FILE).is_file():
        raise HubError(
            f"No data package at {str(root_path / PACKAGE_FILE)!r}",
            "Pass --data DIR pointing at a folder that holds datapackage.yaml.",
        )
    descriptor = read_yaml(root_path / PACKAGE_FILE) or {}
    tables: dict[str, tuple[Record, ...]] = {}
    row_numbers: dict[str, tuple[int, ...]] = {}
    for resource in descriptor.get("resources", []):
        path = root_path / resource["path"]
        if path.is_file():
            tables[resource["name"]], row_numbers[resource["name"]] = read_table(
                path, resolve_schema(resource, root_path)
            )
    documents = {
        name: read_yaml(root_path / file_name) if (root_path / file_name).is_file() else None
        for name, file_name in DOCUMENT_FILES.items()
    }
    languages = (documents.get("site") or {}).get("languages") or ["pt", "en"]
    guidance: dict[tuple[str, str], Any] = {}
    for market in tables.get("markets", ()):
        for lang in languages:
            uri = market.get(f"guidance_{lang}")
            if uri and (root_path / uri).is_file():
                guidance[(market["code"], lang)] = read_yaml(root_path / uri)
    return Dataset(
        root_path=root_path,
        descriptor=MappingProxyType(descriptor),
        tables=MappingProxyType(tables),
        documents=MappingProxyType(documents),
        guidance=MappingProxyType(guidance),
        row_numbers=MappingProxyType(row_numbers),
        eligibility=load_eligibility(root_path),
    )
