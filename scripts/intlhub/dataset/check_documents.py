"""JSON Schema validation of the YAML documents in data/, reported as Problems."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from intlhub.base.problems import Problem
from intlhub.dataset.load_dataset import DOCUMENT_FILES, Dataset

if TYPE_CHECKING:  # imported where used: slow to import, and many commands never validate
    from jsonschema import Draft202012Validator

SCHEMA_FILES = {
    "programme": "programme.schema.json",
    "programmes": "programmes.schema.json",
    "site": "site.schema.json",
    "pages": "pages.schema.json",
    "guidance": "guidance.schema.json",
    "eligibility-questions": "eligibility-questions.schema.json",
    "eligibility-call": "eligibility-call.schema.json",
    "forms": "forms.schema.json",
}
SHARED_SCHEMA = "common.schema.json"


def read_schema(file_name: str) -> dict[str, Any]:
    """Read one JSON Schema shipped with the package."""
    return json.loads(
        resources.files("intlhub.dataset.schemas").joinpath(file_name).read_text("utf-8")
    )


@cache
def document_validator(kind: str) -> Draft202012Validator:
    """Return a validator for one kind of document, with the shared definitions registered."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schema = read_schema(SCHEMA_FILES[kind])
    shared = read_schema(SHARED_SCHEMA)
    registry = Registry().with_resource(shared["$id"], Resource.from_contents(shared))
    return Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def check_document(document: Any, kind: str, file_name: str) -> list[Problem]:
    """Validate one document against its schema; one Problem per schema error."""
    if document is None:
        return [
            Problem(
                file=file_name,
                row=None,
                field=None,
                type="missing-document",
                message="the document is missing or empty",
                fix=f"Create {file_name} (see the default data/ for an example).",
            )
        ]
    problems = []
    for error in document_validator(kind).iter_errors(document):
        path = "/".join(str(part) for part in error.absolute_path) or None
        problems.append(
            Problem(
                file=file_name,
                row=None,
                field=path,
                type="schema-error",
                message=error.message,
                fix=f"Fix the value to match scripts/intlhub/dataset/schemas/{SCHEMA_FILES[kind]}.",
            )
        )
    return problems


def check_documents(dataset: Dataset) -> list[Problem]:
    """Validate programme, programmes, site, pages and every market guidance document."""
    problems = []
    for kind, file_name in DOCUMENT_FILES.items():
        problems.extend(check_document(dataset.documents.get(kind), kind, file_name))
    for row, market in dataset.numbered("markets"):
        problems.extend(check_market_date(dataset, row, market))
        for lang in dataset.site.get("languages") or ["pt", "en"]:
            uri = market.get(f"guidance_{lang}")
            if not uri:
                continue
            document = dataset.guidance.get((market["code"], lang))
            problems.extend(check_document(document, "guidance", uri))
            problems.extend(check_written_sections(document, uri))
            if document and (document.get("market"), document.get("lang")) != (
                market["code"],
                lang,
            ):
                problems.append(
                    Problem(
                        file=uri,
                        row=None,
                        field="market",
                        type="guidance-mismatch",
                        message=f"document is for {document.get('market')!r}/{document.get('lang')!r}, "
                        f"but markets.csv links it from {market['code']!r}/{lang!r}",
                        fix="Point guidance_<lang> at the right file, or fix 'market' and 'lang'.",
                    )
                )
    return problems


def written_sections(document: Any) -> list[tuple[str, dict[str, Any]]]:
    """The sections of a guidance document whose body is written (example text included)."""
    sections = document.get("sections") if isinstance(document, dict) else None
    if not isinstance(sections, dict):
        return []
    return [
        (key, section)
        for key, section in sorted(sections.items())
        if isinstance(section, dict) and str(section.get("body") or "").strip()
    ]


# What a written section must carry: (field, problem type, what is missing, how to fix it).
WRITTEN_SECTION_NEEDS = [
    (
        "last_reviewed",
        "guidance-undated",
        "has no last_reviewed date",
        "Set last_reviewed to the day the text was written or checked against its sources "
        "(YYYY-MM-DD).",
    ),
    (
        "sources",
        "guidance-unsourced",
        "cites no source",
        "List the ids (sources.csv) of the sources the text is based on, "
        "or empty the body until it can be sourced.",
    ),
]


def check_written_sections(document: Any, file_name: str) -> list[Problem]:
    """A written section has the date it was written or checked, and (unless example) a source."""
    problems = []
    for key, section in written_sections(document):
        for field, kind, missing, fix in WRITTEN_SECTION_NEEDS:
            exempt = field == "sources" and section.get("verification") == "example"
            if not section.get(field) and not exempt:
                problems.append(
                    Problem(
                        file=file_name,
                        row=None,
                        field=f"sections/{key}/{field}",
                        type=kind,
                        message=f"section {key!r} is written but {missing}",
                        fix=fix,
                    )
                )
    return problems


def check_market_date(dataset: Dataset, row: int, market: Any) -> list[Problem]:
    """Warn when a market with a written (non-example) section has no markets.csv review date."""
    written = [
        key
        for lang in dataset.site.get("languages") or ["pt", "en"]
        for key, section in written_sections(dataset.guidance.get((market["code"], lang)))
        if section.get("verification") != "example"
    ]
    if not written or market.get("last_reviewed"):
        return []
    return [
        Problem(
            file="markets.csv",
            row=row,
            field="last_reviewed",
            type="guidance-undated",
            message=f"market {market['code']!r} has written sections ({', '.join(sorted(set(written)))}) "
            "but no last_reviewed date",
            fix="Set last_reviewed to the latest last_reviewed of its sections.",
            # A warning: an approved market note dates its section, not markets.csv.
            severity="warning",
        )
    ]
