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
    for market in dataset.table("markets"):
        for lang in dataset.site.get("languages") or ["pt", "en"]:
            uri = market.get(f"guidance_{lang}")
            if not uri:
                continue
            document = dataset.guidance.get((market["code"], lang))
            problems.extend(check_document(document, "guidance", uri))
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
