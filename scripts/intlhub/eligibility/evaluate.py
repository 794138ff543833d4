"""The eligibility evaluator: conditions in three-valued logic, rules, and the merit pre-score.

This is one of two implementations of the same semantics; the other is the browser's
docs/theme/assets/javascripts/hub-eligibility.js. Any change here must be made there too: the
parity tests (tests/eligibility/cases.yaml and generated rows) run both on the same inputs.

A condition is true, false or UNKNOWN (Kleene logic). A comparison whose answer or fact is
missing is UNKNOWN; `all` is false if any part is false, else UNKNOWN if any part is; `any` is
true if any part is true, else UNKNOWN if any part is; `not` leaves UNKNOWN as it is.
Scores are integers in hundredths (weight percent × score), so both runtimes agree exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from intlhub.dataset.eligibility_rules import COMPARISONS, is_number

OUTCOMES = ("eligible", "manual-check", "not-eligible")  # from best to worst


class Unknown:
    """The third truth value, and the value of a missing answer or fact."""

    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        raise TypeError("UNKNOWN has no truth value; compare it with `is UNKNOWN`")


UNKNOWN = Unknown()
Truth = bool | Unknown


@dataclass(frozen=True)
class Finding:
    """A rule that applies to the answers: its id, what it reports, and whether only as unknown."""

    rule: str
    outcome: str
    unknown: bool


@dataclass(frozen=True)
class CriterionScore:
    """One merit criterion: its weight in percent, its score, and which level gave it (-1: none)."""

    criterion: str
    weight_percent: int
    score: int
    level: int


@dataclass(frozen=True)
class Verdict:
    """The outcome for one call, the rules behind it, and the indicative merit score."""

    outcome: str
    findings: tuple[Finding, ...]
    asked: tuple[str, ...]
    missing: tuple[str, ...]
    merit_x100: int | None
    meets_minimum: bool | None
    criteria: tuple[CriterionScore, ...]

    def as_dict(self) -> dict[str, Any]:
        """The verdict as plain data, in the shape the browser's evaluator returns."""
        merit = None
        if self.merit_x100 is not None:
            merit = {
                "total_x100": self.merit_x100,
                "meets_minimum": self.meets_minimum,
                "criteria": [
                    {
                        "id": c.criterion,
                        "weight_percent": c.weight_percent,
                        "score": c.score,
                        "level": c.level,
                    }
                    for c in self.criteria
                ],
            }
        return {
            "outcome": self.outcome,
            "findings": [
                {"rule": f.rule, "outcome": f.outcome, "unknown": f.unknown} for f in self.findings
            ],
            "asked": list(self.asked),
            "missing": list(self.missing),
            "merit": merit,
        }


def strict_equal(left: Any, right: Any) -> bool:
    """Equality without Python's bool/int mixing (True == 1), as JavaScript's === behaves."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if is_number(left) and is_number(right):
        return left == right
    if isinstance(left, str) and isinstance(right, str):
        return left == right
    return False


def compare(operator: str, left: Any, right: Any) -> Truth:
    """Order two numbers or two ISO date strings; other pairs are UNKNOWN."""
    comparable = (is_number(left) and is_number(right)) or (
        isinstance(left, str) and isinstance(right, str)
    )
    if not comparable:
        return UNKNOWN
    if operator == "lt":
        return left < right
    if operator == "lte":
        return left <= right
    if operator == "gt":
        return left > right
    return left >= right


def resolve(node: Any, answers: Mapping[str, Any], facts: Mapping[str, Any]) -> Any:
    """The value of a subject or operand: an answer, a fact or a literal; UNKNOWN when missing."""
    if isinstance(node, Mapping):
        if "answer" in node:
            value = answers.get(node["answer"])
        else:
            value = facts.get(node["fact"])
        return UNKNOWN if value is None else value
    return node


def evaluate_condition(
    condition: Mapping[str, Any], answers: Mapping[str, Any], facts: Mapping[str, Any]
) -> Truth:
    """Evaluate one condition to True, False or UNKNOWN."""
    if "all" in condition:
        parts = [evaluate_condition(part, answers, facts) for part in condition["all"]]
        if any(part is False for part in parts):
            return False
        return UNKNOWN if any(part is UNKNOWN for part in parts) else True
    if "any" in condition:
        parts = [evaluate_condition(part, answers, facts) for part in condition["any"]]
        if any(part is True for part in parts):
            return True
        return UNKNOWN if any(part is UNKNOWN for part in parts) else False
    if "not" in condition:
        inner = evaluate_condition(condition["not"], answers, facts)
        return UNKNOWN if inner is UNKNOWN else not inner
    subject = (
        {"answer": condition["answer"]} if "answer" in condition else {"fact": condition["fact"]}
    )
    left = resolve(subject, answers, facts)
    if "known" in condition:
        return (left is not UNKNOWN) == condition["known"]
    if left is UNKNOWN:
        return UNKNOWN
    if "equals" in condition:
        return strict_equal(left, condition["equals"])
    if "in" in condition:
        return any(strict_equal(left, item) for item in condition["in"])
    for operator in COMPARISONS:
        if operator in condition:
            right = resolve(condition[operator], answers, facts)
            return UNKNOWN if right is UNKNOWN else compare(operator, left, right)
    raise ValueError(f"condition has no operator: {dict(condition)!r}")


def relevant_answers(
    questions: Sequence[Mapping[str, Any]], answers: Mapping[str, Any], facts: Mapping[str, Any]
) -> tuple[tuple[str, ...], dict[str, Any]]:
    """The questions asked, in order (each `ask_if` sees only earlier asked answers), and their answers.

    Answers to questions that are not asked are dropped, so a hidden answer never counts.
    """
    asked: list[str] = []
    kept: dict[str, Any] = {}
    for question in questions:
        ask_if = question.get("ask_if")
        if ask_if is not None and evaluate_condition(ask_if, kept, facts) is not True:
            continue
        asked.append(question["id"])
        if answers.get(question["id"]) is not None:
            kept[question["id"]] = answers[question["id"]]
    return tuple(asked), kept


def score_merit(
    merit: Mapping[str, Any], answers: Mapping[str, Any], facts: Mapping[str, Any]
) -> tuple[int, bool, tuple[CriterionScore, ...]]:
    """Score each criterion (first level that holds, else `otherwise`) and add up in hundredths."""
    scores = []
    for criterion in merit["criteria"]:
        score, level = criterion["otherwise_score"], -1
        for index, candidate in enumerate(criterion["levels"]):
            if evaluate_condition(candidate["when"], answers, facts) is True:
                score, level = candidate["score"], index
                break
        scores.append(CriterionScore(criterion["id"], criterion["weight_percent"], score, level))
    total = sum(item.weight_percent * item.score for item in scores)
    return total, total >= merit["minimum_x100"], tuple(scores)


def evaluate(
    model: Mapping[str, Any], answers: Mapping[str, Any], facts: Mapping[str, Any]
) -> Verdict:
    """Apply a call's rules and merit criteria to a set of answers."""
    asked, kept = relevant_answers(model["questions"], answers, facts)
    findings = []
    for rule in model["rules"]:
        truth = evaluate_condition(rule["when"], kept, facts)
        if truth is True:
            findings.append(Finding(rule["id"], rule["outcome"], False))
        elif truth is UNKNOWN and rule.get("if_unknown_outcome"):
            findings.append(Finding(rule["id"], rule["if_unknown_outcome"], True))
    outcome = "eligible"
    for finding in findings:
        if OUTCOMES.index(finding.outcome) > OUTCOMES.index(outcome):
            outcome = finding.outcome
    missing = tuple(question_id for question_id in asked if question_id not in kept)
    merit_x100 = meets = None
    criteria: tuple[CriterionScore, ...] = ()
    if not missing:
        merit_x100, meets, criteria = score_merit(model["merit"], kept, facts)
    return Verdict(outcome, tuple(findings), asked, missing, merit_x100, meets, criteria)


def best_outcome(outcomes: Sequence[str]) -> str:
    """The most favourable of several outcomes (eligible beats manual-check beats not-eligible)."""
    return min(outcomes, key=OUTCOMES.index)
