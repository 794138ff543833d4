"""The projects as a 360Giving Data Standard (1.4) grants file."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from intlhub.base.i18n import country_name
from intlhub.base.page_urls import html_uri, page_uri, site_prefix
from intlhub.dataset.load_dataset import Dataset, Record
from intlhub.open_data.export_tables import OPEN_DATA_DIR, json_array, json_number

SCHEMA_VERSION = "1.4"
FILE_NAME = "360giving.json"


def grant_id_prefix(dataset: Dataset) -> str:
    """Return the 360Giving id prefix from site.yaml (or one made from the package name)."""
    settings = dataset.site.get("open_data") or {}
    return settings.get("grant_id_prefix") or f"360G-{dataset.descriptor.get('name', 'intlhub')}"


def timestamp(day: dt.date) -> str:
    """Return midnight UTC of a day in RFC 3339 date-time form."""
    return f"{day.isoformat()}T00:00:00Z"


def grant_projects(dataset: Dataset) -> tuple[list[Record], dict[str, list[Record]]]:
    """Split the projects into grants and those left out, by reason.

    "incomplete": no approval date or no EU funding amount (both required by the standard);
    "withdrawn": no longer a grant.
    """
    included: list[Record] = []
    left_out: dict[str, list[Record]] = {"incomplete": [], "withdrawn": []}
    for project in dataset.table("projects"):
        if not project["approval_date"] or project["eu_funding_eur"] is None:
            left_out["incomplete"].append(project)
        elif project["status"] == "withdrawn":
            left_out["withdrawn"].append(project)
        else:
            included.append(project)
    return included, left_out


def page_url(dataset: Dataset, key: str, item: str | None, lang: str = "en") -> str:
    """Return the absolute URL of a page of the site in `lang` (English when it exists)."""
    languages = list(dataset.site.get("languages") or ["pt", "en"])
    lang = lang if lang in languages else languages[0]
    uri = html_uri(page_uri(key, lang, item=item))
    return dataset.site["site_url"] + site_prefix(lang, languages) + uri


def organisation_entry(dataset: Dataset, organisation: Record, prefix: str) -> dict[str, Any]:
    """Return a 360Giving Organization for one of our organisations."""
    entry: dict[str, Any] = {
        "id": f"{prefix}-ORG-{organisation['id']}",
        "name": organisation["name"],
        "addressCountry": "PT",
    }
    if organisation.get("website"):
        entry["url"] = organisation["website"]
    return entry


def grant(dataset: Dataset, project: Record, prefix: str) -> dict[str, Any]:
    """Return the 360Giving grant of one project."""
    organisations = dataset.index("organisations")
    funder = organisations[dataset.programme["managing_authority"]]
    recipient = organisations[project["beneficiary_id"]]
    title = project["title_en"] or project["title_pt"]
    entry: dict[str, Any] = {
        "id": f"{prefix}-{project['id']}",
        "title": title,
        "description": project["summary_en"] or project["summary_pt"] or title,
        "currency": "EUR",
        "amountAwarded": json_number(project["eu_funding_eur"]),
        "awardDate": project["approval_date"].isoformat(),
        "url": page_url(dataset, "projects", project["id"]),
        "recipientOrganization": [organisation_entry(dataset, recipient, prefix)],
        "fundingOrganization": [organisation_entry(dataset, funder, prefix)],
        "dateModified": timestamp(project["last_updated"]),
    }
    if project["start_date"] or project["end_date"]:
        dates = {}
        if project["start_date"]:
            dates["startDate"] = project["start_date"].isoformat()
        if project["end_date"]:
            dates["endDate"] = project["end_date"].isoformat()
        entry["plannedDates"] = [dates]
    region = dataset.index("nuts-regions", "code").get(project["nuts3"])
    if region:
        entry["beneficiaryLocation"] = [
            {
                "id": region["code"],
                "name": f"{region['name']} (NUTS 2013 {region['code']})",
                "countryCode": "PT",
            }
        ]
    call = dataset.index("calls").get(project["call_id"])
    if call:
        entry["grantProgramme"] = [
            {
                "code": call["id"],
                "title": call["title_en"],
                "url": page_url(dataset, "calls", call["id"]),
            }
        ]
    entry["classifications"] = [
        {"vocabulary": "intlhub:sector", "code": code, "title": sector_name(dataset, code)}
        for code in project["sectors"] or ()
    ] + [
        {
            "vocabulary": "intlhub:target-market (ISO 3166-1)",
            "code": code,
            "title": country_name(code, "en"),
        }
        for code in project["markets"] or ()
    ]
    if project["verification"] == "example":
        entry["verification"] = "example"  # an additional field: the grant is fictitious
    return entry


def sector_name(dataset: Dataset, code: str) -> str:
    """Return a sector's English name."""
    sector = dataset.index("sectors").get(code)
    return sector["name_en"] if sector else code


def giving_publisher(dataset: Dataset) -> dict[str, Any]:
    """Return the file's publisher: the deploying organisation set in site.yaml (open_data.publisher).

    No source names who publishes this hub's data, so the managing authority is never assumed;
    an example publisher is marked as such in its name.
    """
    settings = (dataset.site.get("open_data") or {}).get("publisher") or {}
    name = settings.get("name") or "Publisher not set (data/site.yaml, open_data.publisher)"
    if settings.get("verification", "example") == "example" and "example" not in name.lower():
        name += " (example)"
    publisher: dict[str, Any] = {"name": name}
    if settings.get("url"):
        publisher["website"] = settings["url"]
    return publisher


def giving_package(dataset: Dataset, day: dt.date) -> dict[str, Any] | None:
    """Return the 360Giving package, or None when no project can be a grant (one is required)."""
    included, _ = grant_projects(dataset)
    if not included:
        return None
    prefix = grant_id_prefix(dataset)
    licence = dataset.site.get("licence") or {}
    package: dict[str, Any] = {
        "title": f"{dataset.programme['name']['en']} – grants ({dataset.programme['regional_programme']['en']})",
        "description": (
            "Projects funded by the programme, one grant each. amountAwarded is the non-repayable "
            "grant awarded to the beneficiary (eu_funding_eur: the eligible expenditure times the "
            "EU co-financing rate); the beneficiary's own share of the expenditure is not part of "
            "it. Grants marked verification: example are fictitious examples."
        ),
        "version": SCHEMA_VERSION,
        "modified": timestamp(day),
        "publisher": giving_publisher(dataset),
        "downloadURL": f"{dataset.site['site_url']}{OPEN_DATA_DIR}/{FILE_NAME}",
        "accessURL": page_url(dataset, "data", None),
        "grants": [grant(dataset, project, prefix) for project in included],
    }
    if licence.get("url"):
        package["license"] = licence["url"]
    return package


def giving_json(dataset: Dataset, day: dt.date) -> bytes | None:
    """Return the 360Giving file's bytes, or None when it would hold no grant."""
    package = giving_package(dataset, day)
    if package is None:
        return None
    grants = package.pop("grants")
    head = json.dumps(package, ensure_ascii=False, indent=1)
    text = head[:-2] + ',\n "grants": ' + json_array(grants) + "\n}\n"
    return text.encode("utf-8")
