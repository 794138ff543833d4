"""Every open data export at once, made at each build; nothing here reads the clock or network.

The Data Package zip, the list of operations, 360Giving, the feeds, and each resource as CSV and
JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from intlhub.base.write_files import write_if_changed
from intlhub.dataset.load_dataset import Dataset
from intlhub.open_data.export_360giving import FILE_NAME as GIVING_FILE
from intlhub.open_data.export_360giving import giving_json, grant_projects
from intlhub.open_data.export_feeds import feed_file_name, showcase_feed
from intlhub.open_data.export_operations import (
    last_update,
    listed_projects,
    operations_csv,
    operations_xlsx,
)
from intlhub.open_data.export_tables import package_zip, public_resources, resource_files

OPERATIONS_STEM = "list-of-operations"
RESOURCES_DIR = "resources"


@dataclass(frozen=True)
class OpenDataSummary:
    """What the Data page says about the exports."""

    package_file: str
    operations: int
    operation_examples: int
    withdrawn_left_out: int
    grants: int
    grants_incomplete: int
    grants_withdrawn: int
    last_update: dt.date | None
    feeds: dict[str, str]
    resources: tuple[ResourceCount, ...]


@dataclass(frozen=True)
class ResourceCount:
    """A published table and how many rows it has."""

    name: str
    rows: int


def package_file_name(dataset: Dataset) -> str:
    """Return the Data Package zip's file name, from the package's name."""
    return f"{dataset.descriptor.get('name', 'datapackage')}.zip"


def summarise_open_data(dataset: Dataset) -> OpenDataSummary:
    """Count what the exports hold and leave out, for the Data page."""
    listed = listed_projects(dataset)
    included, left_out = grant_projects(dataset)
    languages = list(dataset.site.get("languages") or ["pt", "en"])
    return OpenDataSummary(
        package_file=package_file_name(dataset),
        operations=len(listed),
        operation_examples=sum(1 for p in listed if p["verification"] == "example"),
        withdrawn_left_out=len(dataset.table("projects")) - len(listed),
        grants=len(included),
        grants_incomplete=len(left_out["incomplete"]),
        grants_withdrawn=len(left_out["withdrawn"]),
        last_update=last_update(dataset),
        feeds={lang: feed_file_name(lang) for lang in languages},
        resources=tuple(
            ResourceCount(resource["name"], len(dataset.table(resource["name"])))
            for resource in public_resources(dataset)
        ),
    )


def operations_notes(dataset: Dataset) -> list[tuple[str, str]]:
    """Return the 'about' sheet of the XLSX list: what it is, its date and its licence."""
    updated = last_update(dataset)
    licence = dataset.site.get("licence") or {}
    programme = dataset.programme
    return [
        (
            "Lista de operações / List of operations",
            f"{programme['name']['pt']} / {programme['name']['en']}",
        ),
        (
            "Programa / Programme",
            f"{programme['regional_programme']['pt']} / {programme['regional_programme']['en']}",
        ),
        (
            "Base legal / Legal basis",
            "Regulamento (UE) n.º 1303/2013, artigo 115.º, n.º 2, e anexo XII / "
            "Regulation (EU) No 1303/2013, Article 115(2) and Annex XII",
        ),
        (
            "Data da última atualização / Date of last update",
            updated.isoformat() if updated else "",
        ),
        (
            "Registos de exemplo / Example records",
            "Linhas com 'sim / yes' na coluna de exemplo são fictícias e não são operações reais. / "
            "Rows marked 'sim / yes' in the example column are fictitious, not real operations.",
        ),
        (
            "Operações com desistência / Withdrawn operations",
            "Não constam da lista. / Not listed.",
        ),
        ("Licença / Licence", f"{licence.get('name', '')} {licence.get('url', '')}".strip()),
        ("Sítio / Site", dataset.site.get("site_url", "")),
    ]


def export_open_data(dataset: Dataset, day: dt.date) -> dict[str, bytes]:
    """Return every export as {path under open-data/: bytes}; same data, same bytes."""
    files = {
        package_file_name(dataset): package_zip(dataset, day),
        f"{OPERATIONS_STEM}.csv": operations_csv(dataset, ","),
        f"{OPERATIONS_STEM}-semicolon.csv": operations_csv(dataset, ";"),
        f"{OPERATIONS_STEM}.xlsx": operations_xlsx(dataset, day, operations_notes(dataset)),
    }
    giving = giving_json(dataset, day)
    if giving is not None:
        files[GIVING_FILE] = giving
    for lang in dataset.site.get("languages") or ["pt", "en"]:
        files[feed_file_name(lang)] = showcase_feed(dataset, lang, day)
    for name, data in resource_files(dataset).items():
        files[f"{RESOURCES_DIR}/{name}"] = data
    return dict(sorted(files.items()))


def write_open_data(files: dict[str, bytes], target_path: Path) -> list[Path]:
    """Write the exports into a folder (the site's open-data/) and return their paths."""
    written = []
    for uri, data in files.items():
        path = target_path / uri
        write_if_changed(path, data)
        written.append(path)
    return written
