"""The Python evaluator: three-valued conditions, ask_if, rules and merit arithmetic."""

from __future__ import annotations

import pytest

from intlhub.eligibility.evaluate import (
    UNKNOWN,
    best_outcome,
    evaluate,
    evaluate_condition,
    relevant_answers,
    strict_equal,
)

T, F, U = True, False, UNKNOWN
YES, NO, MISSING = {"answer": "yes"}, {"answer": "no"}, {"answer": "missing"}
ANSWERS = {"yes": True, "no": False, "n": 10, "d": "2016-06-01", "c": "company"}
FACTS = {"today": "2016-06-01", "budget": 3000000, "empty": None}


def truth(name: str) -> dict:
    """A condition that is true, false or unknown."""
    return {
        "T": {"answer": "yes", "equals": True},
        "F": {"answer": "yes", "equals": False},
        "U": {"answer": "missing", "equals": True},
    }[name]


def run(condition: dict):
    return evaluate_condition(condition, ANSWERS, FACTS)


@pytest.mark.parametrize(
    ("left", "right", "all_", "any_"),
    [
        ("T", "T", T, T),
        ("T", "F", F, T),
        ("T", "U", U, T),
        ("F", "F", F, F),
        ("F", "U", F, U),
        ("U", "U", U, U),
    ],
)
def test_kleene_all_and_any(left, right, all_, any_):
    parts = [truth(left), truth(right)]
    assert run({"all": parts}) is all_
    assert run({"any": parts}) is any_
    assert run({"all": list(reversed(parts))}) is all_
    assert run({"any": list(reversed(parts))}) is any_


def test_not_keeps_unknown():
    assert [run({"not": truth(name)}) for name in "TFU"] == [F, T, U]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"answer": "n", "gt": 9}, T),
        ({"answer": "n", "gt": 10}, F),
        ({"answer": "n", "gte": 10}, T),
        ({"answer": "n", "lt": 10}, F),
        ({"answer": "n", "lte": 10.0}, T),
        ({"answer": "n", "equals": 10.0}, T),
        ({"answer": "n", "in": [1, 10]}, T),
        ({"answer": "c", "in": ["a", "company"]}, T),
        ({"answer": "c", "equals": "Company"}, F),
        ({"answer": "d", "lt": {"fact": "today"}}, F),
        ({"answer": "d", "lte": {"fact": "today"}}, T),
        ({"answer": "d", "gt": "2015-12-31"}, T),
        ({"fact": "today", "gt": "2017-12-31"}, F),
        ({"answer": "n", "gt": {"fact": "budget"}}, F),
        ({"answer": "n", "gt": {"fact": "empty"}}, U),
        ({"answer": "n", "gt": {"answer": "missing"}}, U),
        ({"answer": "missing", "gt": 1}, U),
        ({"answer": "missing", "known": False}, T),
        ({"answer": "n", "known": True}, T),
        ({"fact": "empty", "known": True}, F),
        ({"answer": "n", "gt": "2016-01-01"}, U),  # a number and a date do not compare
        ({"answer": "yes", "equals": 1}, F),  # true is not 1, as in JavaScript
        ({"answer": "n", "equals": True}, F),
    ],
)
def test_comparisons(condition, expected):
    assert run(condition) is expected


def test_strict_equal_does_not_mix_bools_and_numbers():
    assert strict_equal(True, True) and strict_equal(1, 1.0) and strict_equal("a", "a")
    assert not strict_equal(True, 1) and not strict_equal(0, False) and not strict_equal("1", 1)


def test_unknown_has_no_truth_value():
    with pytest.raises(TypeError):
        bool(UNKNOWN)


MODEL = {
    "call": "demo",
    "questions": [
        {"id": "kind", "type": "choice", "options": ["a", "b"]},
        {"id": "follow", "type": "yes-no", "ask_if": {"answer": "kind", "equals": "b"}},
        {"id": "size", "type": "number"},
    ],
    "rules": [
        {
            "id": "kind-a",
            "when": {"answer": "kind", "equals": "a"},
            "outcome": "not-eligible",
            "if_unknown_outcome": None,
        },
        {
            "id": "follow-no",
            "when": {"answer": "follow", "equals": False},
            "outcome": "manual-check",
            "if_unknown_outcome": None,
        },
        {
            "id": "size",
            "when": {"answer": "size", "gt": 10},
            "outcome": "manual-check",
            "if_unknown_outcome": "manual-check",
        },
    ],
    "merit": {
        "scale": {"min": 1, "max": 5},
        "minimum_x100": 300,
        "criteria": [
            {
                "id": "A",
                "weight_percent": 60,
                "levels": [{"score": 5, "when": {"answer": "size", "gte": 5}}],
                "otherwise_score": 1,
            },
            {
                "id": "B",
                "weight_percent": 40,
                "levels": [{"score": 4, "when": {"answer": "kind", "equals": "b"}}],
                "otherwise_score": 2,
            },
        ],
    },
}


def test_ask_if_hides_questions_and_drops_their_answers():
    asked, kept = relevant_answers(
        MODEL["questions"], {"kind": "a", "follow": False, "size": 3}, {}
    )
    assert asked == ("kind", "size")
    assert kept == {"kind": "a", "size": 3}
    verdict = evaluate(MODEL, {"kind": "a", "follow": False, "size": 3}, {})
    assert [f.rule for f in verdict.findings] == ["kind-a"]  # the hidden answer never counts


def test_outcome_is_the_worst_finding_and_merit_is_in_hundredths():
    verdict = evaluate(MODEL, {"kind": "b", "follow": False, "size": 12}, {})
    assert verdict.as_dict() == {
        "outcome": "manual-check",
        "findings": [
            {"rule": "follow-no", "outcome": "manual-check", "unknown": False},
            {"rule": "size", "outcome": "manual-check", "unknown": False},
        ],
        "asked": ["kind", "follow", "size"],
        "missing": [],
        "merit": {
            "total_x100": 460,
            "meets_minimum": True,
            "criteria": [
                {"id": "A", "weight_percent": 60, "score": 5, "level": 0},
                {"id": "B", "weight_percent": 40, "score": 4, "level": 0},
            ],
        },
    }


def test_missing_answers_give_unknown_findings_and_no_merit():
    verdict = evaluate(MODEL, {"kind": "b"}, {})
    assert verdict.missing == ("follow", "size")
    assert [(f.rule, f.outcome, f.unknown) for f in verdict.findings] == [
        ("size", "manual-check", True)
    ]
    assert verdict.merit_x100 is None and verdict.outcome == "manual-check"


def test_eligible_when_no_rule_applies_and_below_minimum_is_reported():
    verdict = evaluate(MODEL, {"kind": "b", "follow": True, "size": 1}, {})
    assert verdict.outcome == "eligible" and verdict.findings == ()
    assert (verdict.merit_x100, verdict.meets_minimum) == (60 * 1 + 40 * 4, False)


def test_best_outcome():
    assert best_outcome(["not-eligible", "manual-check"]) == "manual-check"
    assert best_outcome(["not-eligible", "eligible", "manual-check"]) == "eligible"
    assert best_outcome(["not-eligible"]) == "not-eligible"
