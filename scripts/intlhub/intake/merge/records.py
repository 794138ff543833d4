"""Merge accepted values into data/ files held in memory: CSV tables and guidance documents.

Unchanged rows keep their exact text; rows stay sorted by primary key; an empty value never
overwrites a filled one.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from intlhub.dataset.forms import GUIDANCE, Form
from intlhub.dataset.load_dataset import Dataset, read_yaml
from intlhub.intake.read.normalise import fold

VERIFIED = "verified"
TODAY = "today"


@dataclass
class TableFile:
    """One CSV resource as text rows: header, rows by key, and the file it came from."""

    path: Path
    header: list[str]
    key: list[str]
    rows: dict[tuple[str, ...], dict[str, str]] = field(default_factory=dict)
    original: dict[tuple[str, ...], tuple[dict[str, str], str]] = field(default_factory=dict)
    header_text: str = ""

    def key_of(self, row: Mapping[str, str]) -> tuple[str, ...]:
        """Return a row's primary key."""
        return tuple(row.get(name, "") for name in self.key)

    def to_bytes(self) -> bytes:
        """Serialise as data/ stores CSV: rows sorted by key; untouched rows keep their text."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        if self.header_text:
            out.write(self.header_text)
        else:
            writer.writerow(self.header)
        for key in sorted(self.rows):
            before = self.original.get(key)
            if before and before[0] == self.rows[key]:
                out.write(before[1])
            else:
                writer.writerow([self.rows[key].get(name, "") for name in self.header])
        return out.getvalue().encode("utf-8")


def read_table_file(dataset: Dataset, resource: str) -> TableFile:
    """Read one resource's CSV as text rows, remembering each row's exact text."""
    entry = next(r for r in dataset.descriptor["resources"] if r["name"] == resource)
    schema = entry.get("schema") or {}
    path = dataset.root_path / entry["path"]
    header = [spec["name"] for spec in schema.get("fields", [])]
    key = schema.get("primaryKey") or [header[0]]
    table = TableFile(path, header, [key] if isinstance(key, str) else list(key))
    if not path.is_file():
        return table
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text, newline=""))
    columns = next(reader, None)
    if columns != header:  # columns in another order: read by name, rewrite every row
        for row in csv.DictReader(io.StringIO(text, newline="")):
            clean = {name: row.get(name) or "" for name in header}
            table.rows[table.key_of(clean)] = clean
        return table
    table.header_text = "".join(lines[: reader.line_num])
    start = reader.line_num
    for cells in reader:
        row = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}
        raw = "".join(lines[start : reader.line_num])
        start = reader.line_num
        table.rows[table.key_of(row)] = row
        if raw.endswith("\n"):
            table.original[table.key_of(row)] = (dict(row), raw)
    return table


def slugify(text: str, limit: int = 48) -> str:
    """Return a lower-case ASCII slug of a text."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:limit].strip("-")
    return slug or "item"


def unique_id(base: str, taken: Iterable[str]) -> str:
    """Return base, or base-2, base-3… so that it is not in taken."""
    taken = set(taken)
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def resolve_defaults(form: Form, today: dt.date) -> dict[str, str]:
    """Return the form's defaults with 'today' replaced by the date."""
    return {k: today.isoformat() if v == TODAY else v for k, v in form.defaults.items()}


def merge_row(
    existing: Mapping[str, str] | None, values: Mapping[str, str], defaults: Mapping[str, str]
) -> dict[str, str]:
    """Merge new values into a row: empty values never overwrite; verified rows only gain values.

    A record the managing authority verified keeps every value it has: a self-reported
    submission may only fill its empty fields.
    """
    if existing is None:
        return {**defaults, **values}
    merged = dict(existing)
    verified = existing.get("verification") == VERIFIED
    for name, value in values.items():
        if value and (not verified or not merged.get(name)):
            merged[name] = value
    if merged != dict(existing):
        merged.update({k: v for k, v in defaults.items() if not verified or k == "last_updated"})
    return merged


def record_values(form: Form, values: Mapping[str, str], record_id: str | None) -> dict[str, str]:
    """Return the resource fields a submission fills (public fields only, by target name)."""
    mapped = {target: values[name] for name, target in form.record_targets if name in values}
    if record_id and "id" not in mapped:
        mapped["id"] = record_id
    return mapped


def new_event_id(form: Form, values: Mapping[str, str], taken: Iterable[str]) -> str:
    """Make an event id from the fields named in id_from: a slug of the title, then the year."""
    parts = [values.get(name, "") for name in form.id_from]
    text = " ".join(p[:4] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", p) else p for p in parts)
    return unique_id(slugify(text, 60), taken)


def leading_comments(path: Path) -> str:
    """Return the comment lines at the top of a YAML file, to keep them when rewriting it."""
    if not path.is_file():
        return ""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line + "\n")
    return "".join(lines)


def dump_guidance(path: Path, document: Any) -> bytes:
    """Serialise a guidance document, keeping its leading comments."""
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    return (leading_comments(path) + text).encode("utf-8")


def merge_market_note(
    dataset: Dataset,
    values: Mapping[str, str],
    sources: TableFile,
    documents: dict[Path, Any],
    today: dt.date,
) -> str:
    """Add a market note to its guidance section and its source to sources.csv; return the source id."""
    url = values.get("source_url", "")
    existing = next((r for r in sources.rows.values() if url and r.get("url") == url), None)
    if existing:
        source_id = existing["id"]
    else:
        source_id = unique_id(slugify(values.get("source_title", "")), (k[0] for k in sources.rows))
        sources.rows[(source_id,)] = {
            "id": source_id,
            "title": values.get("source_title", ""),
            "publisher": values.get("source_publisher", ""),
            "url": url,
            "published": values.get("source_published", ""),
            "accessed": today.isoformat(),
            "note": "Self-reported through the market-note form.",
        }
    market = next(m for m in dataset.table("markets") if m["code"] == values["market"])
    path = dataset.root_path / market[f"guidance_{values['lang']}"]
    if path not in documents:
        documents[path] = copy.deepcopy(read_yaml(path))
    sections = documents[path].setdefault("sections", {})
    section = sections.setdefault(
        values["section"], {"last_reviewed": today.isoformat(), "body": "", "sources": []}
    )
    section["body"] = "\n\n".join(p for p in (section.get("body", "").strip(), values["body"]) if p)
    if source_id not in section.setdefault("sources", []):
        section["sources"].append(source_id)
    section["last_reviewed"] = today.isoformat()
    section["verification"] = "self-reported"
    return source_id


def is_guidance(form: Form) -> bool:
    """True for forms that fill market guidance rather than a table."""
    return form.resource == GUIDANCE
