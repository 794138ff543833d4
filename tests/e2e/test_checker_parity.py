"""The browser and Python evaluators agree: on every case of the table (through the real page,
by mouse and by keyboard), on generated answer sets and on random conditions (page.evaluate)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from functools import cache
from pathlib import Path

import pytest
from checker_steps import answer_all, checker_uri, load_cases, page_data, read_result, see_result

from intlhub.dataset.eligibility_rules import eligibility_calls
from intlhub.dataset.load_dataset import load_dataset
from intlhub.eligibility.evaluate import UNKNOWN, evaluate, evaluate_condition
from intlhub.eligibility.model import build_model, call_facts

DATA_PATH = Path(__file__).resolve().parents[2] / "data"
CASES = load_cases()
DATASET = load_dataset(DATA_PATH)
TODAYS = ["2014-01-01", "2016-01-04", "2016-06-01", "2017-12-31", "2018-01-01", "2026-01-01"]
CALL_DATES = [(None, None), ("2016-01-04", "2016-12-30"), ("2017-03-01", "2017-06-30")]
SEED = 4


@cache
def model_of(call: str) -> dict:
    """A call's evaluator model, built once."""
    return build_model(DATASET, call)


def python_verdict(call: str, answers: dict, facts: dict) -> dict:
    """The Python evaluator's verdict, as plain data."""
    return json.loads(json.dumps(evaluate(model_of(call), answers, facts).as_dict()))


@pytest.mark.parametrize(
    ("index", "case"), list(enumerate(CASES)), ids=[case["name"] for case in CASES]
)
def test_case_through_the_page(page, browser_log, base_url, index, case):
    """Answer every question of a case on the real page; the result matches Python and the table."""
    keyboard = index % 2 == 1  # every other case is answered with the keyboard only
    page.clock.set_fixed_time(f"{case['today']}T12:00:00")
    page.goto(base_url + checker_uri(case["call"], case["lang"]))
    asked = answer_all(page, case["answers"], case["lang"], keyboard=keyboard)
    see_result(page, keyboard=keyboard)
    shown = read_result(page)

    call = DATASET.index("calls")[case["call"]]
    expected = python_verdict(
        case["call"], case["answers"], call_facts(call, dt.date.fromisoformat(case["today"]))
    )
    assert asked == expected["asked"]
    assert shown["outcome"] == expected["outcome"] == case["expected"]["outcome"]
    assert dict(shown["findings"]) == {f["rule"]: f["outcome"] for f in expected["findings"]}
    assert dict(shown["findings"]) == case["expected"]["reasons"]
    assert (
        shown["score"] == expected["merit"]["total_x100"] == round(case["expected"]["score"] * 100)
    )
    browser_log.assert_clean()


def generated_rows(call: str, rng: random.Random) -> list[dict]:
    """Every combination of the yes-no answers, for every option of the first question, with the
    other answers, today and the call's dates drawn at random; one row in five misses answers."""
    model = build_model(DATASET, call)
    questions = model["questions"]
    yes_no = [q["id"] for q in questions if q["type"] == "yes-no"]
    first = questions[0]
    budget = call_facts(DATASET.index("calls")[call], dt.date(2016, 1, 1))["call_budget_eur"]
    numbers = {
        "eligible_cost_eur": [0, 1, 749_999.5, 750_000, 750_001, 9_000_000]
        + ([budget, budget + 1] if budget is not None else []),
        "grant_rate_percent": [0, 50, 84.99, 85, 85.01, 86, 100],
        "duration_months": [1, 12, 23, 24, 25, 120],
        "smes_reached": [0, 4, 5, 9, 10, 19, 20, 49, 50, 500],
        "past_projects": [0, 1, 2, 3, 10],
    }
    rows = []
    for option, flags in itertools.product(
        first["options"], itertools.product([True, False], repeat=len(yes_no))
    ):
        answers = {first["id"]: option, **dict(zip(yes_no, flags, strict=True))}
        for question in questions:
            if question["id"] in answers:
                continue
            if question["type"] == "choice":
                answers[question["id"]] = rng.choice(question["options"])
            elif question["type"] == "date":
                answers[question["id"]] = rng.choice(TODAYS)
            else:
                answers[question["id"]] = rng.choice(numbers[question["id"]])
        if rng.random() < 0.2:
            for key in rng.sample(sorted(answers), rng.randint(1, 3)):
                del answers[key]
        opens, closes = rng.choice(CALL_DATES)
        facts = {
            "today": rng.choice(TODAYS),
            "call_opens": opens,
            "call_closes": closes,
            "call_budget_eur": budget,
        }
        rows.append({"answers": answers, "facts": facts})
    return rows


def test_generated_rows_agree(page, browser_log, base_url):
    """Thousands of answer sets through the page's own evaluator and through Python."""
    rng = random.Random(SEED)
    total = 0
    outcomes = set()
    for call in eligibility_calls(DATASET):
        page.goto(base_url + checker_uri(call, "en"))
        model = page_data(page)["model"]
        assert model == json.loads(json.dumps(build_model(DATASET, call))), "embedded model"
        rows = generated_rows(call, rng)
        in_browser = page.evaluate(
            "([model, rows]) => rows.map((r) => HubEligibility.evaluate(model, r.answers, r.facts))",
            [model, rows],
        )
        mismatches = []
        for row, shown in zip(rows, in_browser, strict=True):
            expected = python_verdict(call, row["answers"], row["facts"])
            outcomes.add(expected["outcome"])
            if shown != expected:
                mismatches.append((row, shown, expected))
        assert not mismatches, (
            f"{len(mismatches)} of {len(rows)} rows differ; first: {mismatches[0]}"
        )
        total += len(rows)
    assert total >= 1500
    assert outcomes == {"eligible", "manual-check", "not-eligible"}
    print(f"\n{total} generated rows agree")
    browser_log.assert_clean()


def random_operand(rng: random.Random):
    """A literal, answer or fact to compare with."""
    return rng.choice(
        [
            rng.choice([0, 1, 2.5, 3, -1]),
            rng.choice(["2016-01-01", "2017-12-31", "a", "b"]),
            rng.choice([True, False]),
            {"answer": rng.choice("nmdsbx")},
            {"fact": rng.choice(["today", "budget", "nothing"])},
        ]
    )


def random_condition(rng: random.Random, depth: int = 0) -> dict:
    """A random condition of the language, including ill-typed and missing comparisons."""
    if depth < 3 and rng.random() < 0.45:
        kind = rng.choice(["all", "any", "not"])
        if kind == "not":
            return {"not": random_condition(rng, depth + 1)}
        return {kind: [random_condition(rng, depth + 1) for _ in range(rng.randint(1, 3))]}
    subject = (
        {"answer": rng.choice("nmdsbx")}
        if rng.random() < 0.8
        else {"fact": rng.choice(["today", "budget", "nothing"])}
    )
    operator = rng.choice(["equals", "in", "lt", "lte", "gt", "gte", "known"])
    if operator == "known":
        return {**subject, "known": rng.choice([True, False])}
    if operator == "in":
        return {**subject, "in": [rng.choice([0, 1, 3, "a", "b", True]) for _ in range(2)]}
    value = random_operand(rng)
    if operator == "equals" and isinstance(value, dict):
        value = rng.choice([1, "a", True])
    return {**subject, operator: value}


def random_answers(rng: random.Random) -> dict:
    """Answers of every type, some missing."""
    pool = {
        "n": [0, 1, 2.5, 3, -1],
        "m": [1, 3, 100],
        "d": ["2016-01-01", "2016-06-01", "2017-12-31"],
        "s": ["a", "b", "c"],
        "b": [True, False],
    }
    return {key: rng.choice(values) for key, values in pool.items() if rng.random() < 0.85}


def test_random_conditions_agree(page, browser_log, base_url):
    """Random conditions and answers: the same true, false or unknown in both runtimes."""
    rng = random.Random(SEED)
    rows = [
        {
            "condition": random_condition(rng),
            "answers": random_answers(rng),
            "facts": {"today": rng.choice(TODAYS), "budget": 3, "nothing": None},
        }
        for _ in range(3000)
    ]
    page.goto(base_url + checker_uri("call-1", "pt"))
    in_browser = page.evaluate(
        """(rows) => rows.map((r) => {
            const value = HubEligibility.evaluateCondition(r.condition, r.answers, r.facts);
            return value === HubEligibility.UNKNOWN ? null : value;
        })""",
        rows,
    )
    in_python = [
        None
        if (v := evaluate_condition(r["condition"], r["answers"], r["facts"])) is UNKNOWN
        else v
        for r in rows
    ]
    mismatches = [
        (row, b, p) for row, b, p in zip(rows, in_browser, in_python, strict=True) if b != p
    ]
    assert not mismatches, f"{len(mismatches)} conditions differ; first: {mismatches[0]}"
    assert {True, False, None} <= set(in_python)
    browser_log.assert_clean()
