"""Open data: each resource as CSV and JSON, and the whole Data Package as a reproducible zip."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from intlhub.base.sanitize import escape_spreadsheet_cell
from intlhub.dataset.load_dataset import Dataset, resolve_schema

OPEN_DATA_DIR = "open-data"  # where the exports live, under the site root (all languages share it)
ZIP_FILE_MODE = 0o644 << 16  # rw-r--r--, so unzipped files do not depend on the builder's umask


def json_number(value: Decimal | None) -> int | float | None:
    """Return a Decimal as a JSON number (an int when whole)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def image_paths(dataset: Dataset) -> list[str]:
    """Return the data/-relative paths of every project image, sorted and without repeats."""
    return sorted({image["path"] for image in dataset.table("project-images") if image["path"]})


def is_personal(spec: Mapping[str, Any]) -> bool:
    """Tell whether a field or resource is marked `personal: true` (never published)."""
    return spec.get("personal") is True


def public_resources(dataset: Dataset) -> list[dict[str, Any]]:
    """Return the package's resources as published: personal resources and fields removed."""
    published = []
    for resource in dataset.descriptor.get("resources", []):
        if is_personal(resource):
            continue
        schema = dict(resolve_schema(resource, dataset.root_path))
        fields = [dict(spec) for spec in schema.get("fields", []) if not is_personal(spec)]
        kept = {spec["name"] for spec in fields}
        schema["fields"] = fields
        if "foreignKeys" in schema:
            schema["foreignKeys"] = [
                key for key in schema["foreignKeys"] if set(as_list(key["fields"])) <= kept
            ]
        published.append({**resource, "schema": schema})
    names = {resource["name"] for resource in published}
    for resource in published:
        keys = resource["schema"].get("foreignKeys")
        if keys is not None:
            resource["schema"]["foreignKeys"] = [
                key for key in keys if key["reference"].get("resource", "") in names | {""}
            ]
    return published


def as_list(value: str | list[str]) -> list[str]:
    """Return a Table Schema key (a name or a list of names) as a list."""
    return [value] if isinstance(value, str) else list(value)


def field_names(resource: Mapping[str, Any]) -> list[str]:
    """Return the published field names of a resource, in schema order."""
    return [spec["name"] for spec in resource["schema"]["fields"]]


def read_raw_rows(dataset: Dataset, resource: Mapping[str, Any]) -> list[dict[str, str]]:
    """Read a resource's CSV as text cells, exactly as stored in data/."""
    with (dataset.root_path / resource["path"]).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def csv_bytes(
    header: Iterable[str], rows: Iterable[Iterable[Any]], delimiter: str = ",", bom: bool = False
) -> bytes:
    """Write rows as CSV (RFC 4180 line ends) with every text cell made formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([escape_spreadsheet_cell(cell) for cell in header])
    for row in rows:
        writer.writerow(
            [
                cell if isinstance(cell, int | float) else escape_spreadsheet_cell(cell)
                for cell in row
            ]
        )
    return ("\ufeff" if bom else "").encode("utf-8") + buffer.getvalue().encode("utf-8")


def resource_csv(dataset: Dataset, resource: Mapping[str, Any]) -> bytes:
    """Return one published resource as CSV (UTF-8, no BOM, as in the Data Package)."""
    names = field_names(resource)
    rows = read_raw_rows(dataset, resource)
    return csv_bytes(names, ([row.get(name) or "" for name in names] for row in rows))


def json_value(value: Any) -> Any:
    """Return a loaded cell as a JSON value: dates as ISO text, lists as arrays."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    if hasattr(value, "as_tuple"):  # Decimal
        return json_number(value)
    return value


def json_array(items: Iterable[Any]) -> str:
    """Return a JSON array with one item per line: readable, diffable and fast.

    json's C encoder only runs without `indent`, so each item is encoded on its own.
    """
    lines = [json.dumps(item, ensure_ascii=False) for item in items]
    return "[\n" + ",\n".join(lines) + "\n]" if lines else "[]"


def resource_json(dataset: Dataset, resource: Mapping[str, Any]) -> bytes:
    """Return one published resource as a JSON array of typed records."""
    names = field_names(resource)
    records = (
        {name: json_value(record.get(name)) for name in names}
        for record in dataset.table(resource["name"])
    )
    return (json_array(records) + "\n").encode("utf-8")


def package_descriptor(dataset: Dataset) -> dict[str, Any]:
    """Return the published datapackage.json: the descriptor without personal data."""
    descriptor = {key: value for key, value in dataset.descriptor.items() if key != "resources"}
    descriptor["resources"] = public_resources(dataset)
    return descriptor


def zip_bytes(entries: Iterable[tuple[str, bytes]], day: dt.date) -> bytes:
    """Write a zip whose bytes depend only on its entries and `day` (every timestamp)."""
    buffer = io.BytesIO()
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = ZIP_FILE_MODE
            info.create_system = 3  # Unix, whatever system builds it
            archive.writestr(
                info, data, compresslevel=6
            )  # zlib's default: 9 is ~3x slower, ~1% smaller
    return buffer.getvalue()


def package_zip(dataset: Dataset, day: dt.date) -> bytes:
    """Return the Data Package as a zip: datapackage.json, the CSVs and the project images."""
    descriptor = package_descriptor(dataset)
    entries = {
        "datapackage.json": (
            json.dumps(descriptor, ensure_ascii=False, indent=2, default=str) + "\n"
        ).encode("utf-8")
    }
    for resource in descriptor["resources"]:
        entries[resource["path"]] = resource_csv(dataset, resource)
    for uri in image_paths(dataset):
        entries[uri] = (dataset.root_path / uri).read_bytes()
    return zip_bytes(sorted(entries.items()), day)


def resource_files(dataset: Dataset) -> dict[str, bytes]:
    """Return every published resource as `<name>.csv` and `<name>.json`."""
    files = {}
    for resource in public_resources(dataset):
        files[f"{resource['name']}.csv"] = resource_csv(dataset, resource)
        files[f"{resource['name']}.json"] = resource_json(dataset, resource)
    return files
