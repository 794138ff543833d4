"""The rule language of data/eligibility/ and its look-ups: the operators conditions use, the
placeholders texts use, the question bank and each call's document.

`check_eligibility_rules` checks documents against it; intlhub.eligibility evaluates them.
"""

from __future__ import annotations

import datetime as dt
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


def calls_by_date(dataset: Dataset) -> list[str]:
    """The calls with eligibility rules, oldest first: by closing date (unknown first), then id."""
    records = dataset.index("calls")
    return sorted(
        eligibility_calls(dataset),
        key=lambda call_id: (records[call_id]["closes"] or dt.date.min, call_id),
    )


def latest_call(dataset: Dataset) -> str | None:
    """The call with rules that closes last (the checker's default), or None without any."""
    calls = calls_by_date(dataset)
    return calls[-1] if calls else None


def calls_by_programme(dataset: Dataset) -> list[tuple[str, list[str]]]:
    """The calls with rules grouped by their programme (calls.csv `programme`), oldest first."""
    records = dataset.index("calls")
    groups: dict[str, list[str]] = {}
    for call_id in calls_by_date(dataset):
        groups.setdefault(records[call_id]["programme"] or "", []).append(call_id)
    return sorted(groups.items())


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
