"""Every case of tests/eligibility/cases.yaml through the Python evaluator and the CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from helpers import DATA_PATH
from intlhub.base.yaml_loader import DocumentLoader
from intlhub.dataset.load_dataset import load_dataset
from intlhub.eligibility.evaluate import evaluate
from intlhub.eligibility.model import build_model, call_facts

CASES_PATH = Path(__file__).resolve().parent / "cases.yaml"
CASES = yaml.load(CASES_PATH.read_text(encoding="utf-8"), Loader=DocumentLoader)  # noqa: S506
DATASET = load_dataset(DATA_PATH)


def test_the_table_covers_every_rule_and_outcome():
    fired = {rule for case in CASES for rule in case["expected"]["reasons"]}
    rules = {rule["id"] for doc in DATASET.eligibility["calls"].values() for rule in doc["rules"]}
    assert fired == rules, f"Add cases for the rules no case triggers: {sorted(rules - fired)}"
    outcomes = {case["expected"]["outcome"] for case in CASES}
    assert outcomes == {"eligible", "not-eligible", "manual-check"}
    assert {case["lang"] for case in CASES} == {"pt", "en"}
    assert {case["call"] for case in CASES} == set(DATASET.eligibility["calls"])


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(case):
    model = build_model(DATASET, case["call"])
    call = DATASET.index("calls")[case["call"]]
    facts = call_facts(call, dt.date.fromisoformat(case["today"]))
    verdict = evaluate(model, case["answers"], facts)
    expected = case["expected"]
    assert verdict.outcome == expected["outcome"]
    assert {f.rule: f.outcome for f in verdict.findings} == expected["reasons"]
    assert list(expected["reasons"]) == [f.rule for f in verdict.findings], "reasons in rule order"
    assert verdict.merit_x100 == round(expected["score"] * 100)
    assert verdict.missing == ()
