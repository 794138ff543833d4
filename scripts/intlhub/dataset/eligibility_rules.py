"""The rule language of data/eligibility/ and its look-ups: the operators conditions use, the
placeholders texts use, the question bank and each call's document.

`check_eligibility_rules` checks documents against it; intlhub.eligibility evaluates them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from intlhub.dataset.load_dataset import Dataset

COMPARISONS = ("lt", "lte", "gt", "gte")
OPERATORS = ("equals", "in", *COMPARISONS, "known")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
PLACEHOLDERS = (
    "call_title",
    "call_budget_eur",
    "call_opens",
    "call_closes",
    "region",
    "subregions",
)


def is_number(value: Any) -> bool:
    """True for int and float, never for bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def eligibility_calls(dataset: Dataset) -> list[str]:
    """The ids of the calls that have an eligibility document and a row in calls.csv, sorted."""
    documents = (dataset.eligibility or {}).get("calls") or {}
    known = {call["id"] for call in dataset.table("calls")}
    return sorted(
        stem
        for stem, document in documents.items()
        if isinstance(document, Mapping) and document.get("call") == stem and stem in known
    )


def call_document(dataset: Dataset, call_id: str) -> Mapping[str, Any]:
    """The eligibility document of one call."""
    return dataset.eligibility["calls"][call_id]


def question_bank(dataset: Dataset) -> dict[str, dict[str, Any]]:
    """Every question by id, with `options_from` expanded into options."""
    document = (dataset.eligibility or {}).get("questions") or {}
    bank = {}
    for question in document.get("questions") or []:
        expanded = dict(question)
        if question.get("options_from") == "sectors":
            expanded["options"] = [
                {"value": row["id"], "label": {"pt": row["name_pt"], "en": row["name_en"]}}
                for row in dataset.table("sectors")
            ] + ([question["other_option"]] if question.get("other_option") else [])
        bank[question["id"]] = expanded
    return bank
