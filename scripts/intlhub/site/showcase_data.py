"""The showcase index's filter data: facets, one JSON record per project, and filter links."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from intlhub.open_data.export_tables import image_paths, json_number
from intlhub.base.i18n import country_name, format_day, format_eur, t
from intlhub.dataset.load_dataset import Dataset, Record
from intlhub.base.page_urls import html_uri, page_uri, relative_url
from intlhub.base.write_files import write_if_changed, write_text

# The filters of the showcase index, in the order the form shows them. The keys are the URL
# fragment's parameter names (projetos/index.html#sector=wine): a stable, documented interface.
FACETS = ("call", "market", "sector", "nuts3", "status", "kind")
SORTS = ("date-desc", "date-asc", "amount-desc", "amount-asc")
DATA_FILE = "showcase.json"
SCRIPT_FILE = "showcase.js"  # the same data as a script: file:// pages cannot fetch JSON
SCRIPT_GLOBAL = "hubShowcaseData"


@dataclass(frozen=True)
class Option:
    """One value of a facet, its label in the page language and how many projects have it."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    """One filter of the showcase index and its options."""

    key: str
    options: tuple[Option, ...]


def enum_values(dataset: Dataset, resource: str, field_name: str) -> list[str]:
    """Return the enum a field declares in datapackage.yaml (in declared order)."""
    for entry in dataset.descriptor.get("resources", []):
        if entry.get("name") == resource:
            for spec in entry.get("schema", {}).get("fields", []):
                if spec.get("name") == field_name:
                    return list(spec.get("constraints", {}).get("enum", []))
    return []


def project_values(project: Record, organisations: Mapping[str, Record]) -> dict[str, list[str]]:
    """Return each facet's values for one project (a project may target several markets)."""
    beneficiary = organisations.get(project["beneficiary_id"]) or {}
    return {
        "call": [project["call_id"]] if project["call_id"] else [],
        "market": list(project["markets"] or ()),
        "sector": list(project["sectors"] or ()),
        "nuts3": [project["nuts3"]] if project["nuts3"] else [],
        "status": [project["status"]],
        "kind": [beneficiary["kind"]] if beneficiary.get("kind") else [],
    }


def targeted_countries(dataset: Dataset) -> set[str]:
    """The covered markets and every other country a project targets (issue 12, fix 7)."""
    codes = {market["code"] for market in dataset.table("markets")}
    return codes.union(*(project["markets"] or () for project in dataset.table("projects")))


def facet_choices(dataset: Dataset, lang: str) -> dict[str, list[tuple[str, str]]]:
    """Return every possible (value, label) of each facet, from the reference tables."""
    return {
        "call": [(c["id"], c[f"title_{lang}"]) for c in dataset.table("calls")],
        "market": sorted(
            ((code, country_name(code, lang)) for code in targeted_countries(dataset)),
            key=lambda item: item[1].casefold(),
        ),
        "sector": sorted(
            ((s["id"], s[f"name_{lang}"]) for s in dataset.table("sectors")),
            key=lambda item: item[1].casefold(),
        ),
        "nuts3": [
            (r["code"], f"{r['name']} ({r['code']})")
            for r in dataset.table("nuts-regions")
            if r["level"] == 3
        ],
        "status": [(v, t(v, lang)) for v in enum_values(dataset, "projects", "status")],
        "kind": [(v, t(v, lang)) for v in enum_values(dataset, "organisations", "kind")],
    }


def build_facets(dataset: Dataset, lang: str) -> list[Facet]:
    """Return the filters with every possible value and its project count."""
    organisations = dataset.index("organisations")
    counts = {key: Counter() for key in FACETS}
    for project in dataset.table("projects"):
        for key, values in project_values(project, organisations).items():
            counts[key].update(set(values))
    choices = facet_choices(dataset, lang)
    return [
        Facet(
            key,
            tuple(Option(value, label, counts[key][value]) for value, label in choices[key]),
        )
        for key in FACETS
    ]


def showcase_records(dataset: Dataset, lang: str) -> list[dict[str, Any]]:
    """Return one filterable record per project, with texts and links in `lang`."""
    organisations = dataset.index("organisations")
    calls = dataset.index("calls")
    index_uri = page_uri("projects", lang)
    records = []
    for project in dataset.table("projects"):
        beneficiary = organisations.get(project["beneficiary_id"]) or {}
        call = calls.get(project["call_id"]) if project["call_id"] else None
        records.append(
            {
                "id": project["id"],
                "title": project[f"title_{lang}"] or project["title_pt"],
                "url": relative_url(
                    index_uri, html_uri(page_uri("projects", lang, item=project["id"]))
                ),
                "beneficiary": beneficiary.get("name", project["beneficiary_id"]),
                "call_title": call[f"title_{lang}"] if call else "",
                "status_text": t(project["status"], lang),
                "date": project["approval_date"].isoformat() if project["approval_date"] else None,
                "date_text": format_day(project["approval_date"], lang),
                "amount": json_number(project["eu_funding_eur"]),
                "amount_text": format_eur(project["eu_funding_eur"], lang),
                "example": project["verification"] == "example",
                **project_values(project, organisations),
            }
        )
    return records


def showcase_payload(dataset: Dataset, lang: str) -> str:
    """Return the filter data of one language as compact, stable JSON text."""
    payload = {"lang": lang, "facets": list(FACETS), "projects": showcase_records(dataset, lang)}
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def showcase_link(from_uri: str, lang: str, **filters: str) -> str:
    """Return the relative URL of the showcase index filtered by facet values (e.g. sector='wine').

    Use it in raw HTML `<a href>`: MkDocs would reject the fragment as an unknown anchor.
    """
    unknown = sorted(set(filters) - set(FACETS) - {"sort"})
    if unknown:
        raise ValueError(f"unknown showcase filter(s) {unknown}; use {list(FACETS)} or 'sort'")
    target = html_uri(page_uri("projects", lang))
    fragment = urlencode([(key, filters[key]) for key in (*FACETS, "sort") if filters.get(key)])
    return relative_url(from_uri, target) + (f"#{fragment}" if fragment else "")


def write_showcase_files(
    dataset: Dataset, generated_path: Path, languages: Sequence[str]
) -> list[Path]:
    """Write each language's filter data beside its showcase index, and copy the images.

    Images go into the default language's docs folder, so they exist once at the site root.
    """
    written = []
    for lang in languages:
        folder = generated_path / lang / posix_parent(page_uri("projects", lang))
        folder.mkdir(parents=True, exist_ok=True)
        text = showcase_payload(dataset, lang)
        written.append(write_text(folder / DATA_FILE, text + "\n"))
        script = f"window.{SCRIPT_GLOBAL} = {text};\n"
        written.append(write_text(folder / SCRIPT_FILE, script))
    for uri in image_paths(dataset):
        target = generated_path / languages[0] / uri
        write_if_changed(target, (dataset.root_path / uri).read_bytes())
        written.append(target)
    return written


def posix_parent(uri: str) -> str:
    """Return the folder part of a '/'-separated URI ('' at the top)."""
    return uri.rsplit("/", 1)[0] if "/" in uri else ""
