"""Check data/eligibility/: JSON Schema, then what a schema cannot say (ids, types, sources, weights)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from intlhub.base.problems import Problem
from intlhub.dataset.check_documents import check_document
from intlhub.dataset.eligibility_rules import (
    COMPARISONS,
    PLACEHOLDER,
    PLACEHOLDERS,
    is_number,
    question_bank,
)
from intlhub.dataset.load_dataset import ELIGIBILITY_DIR, ELIGIBILITY_QUESTIONS, Dataset

QUESTIONS_FILE = f"{ELIGIBILITY_DIR}/{ELIGIBILITY_QUESTIONS}"
FACT_TYPES = {
    "today": "date",
    "call_opens": "date",
    "call_closes": "date",
    "call_budget_eur": "number",
}

Issue = tuple[str, str, str, str]  # (field path, type, message, fix)


def call_file(stem: str) -> str:
    """The path of a call's document, relative to data/."""
    return f"{ELIGIBILITY_DIR}/{stem}.yaml"


def operand_matches(value: Any, kind: str, types: Mapping[str, str]) -> bool:
    """Whether a literal, fact or answer can be compared with an answer of type `kind`."""
    if isinstance(value, Mapping):
        other = FACT_TYPES.get(value["fact"]) if "fact" in value else types.get(value.get("answer"))
        return other == kind
    if kind == "yes-no":
        return isinstance(value, bool)
    if kind == "number":
        return is_number(value)
    if kind == "date":
        return isinstance(value, str) and is_iso_date(value)
    return isinstance(value, str)


def is_iso_date(value: str) -> bool:
    """True for 'YYYY-MM-DD' strings that name a real day."""
    try:
        return len(value) == 10 and dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def check_condition(
    condition: Mapping[str, Any],
    path: str,
    types: Mapping[str, str],
    options: Mapping[str, set[str]],
) -> Iterator[Issue]:
    """Every answer a condition names is asked, and every operator suits the answer's type."""
    for key in ("all", "any"):
        if key in condition:
            for index, part in enumerate(condition[key]):
                yield from check_condition(part, f"{path}/{key}/{index}", types, options)
            return
    if "not" in condition:
        yield from check_condition(condition["not"], f"{path}/not", types, options)
        return
    if "answer" in condition:
        subject = condition["answer"]
        if subject not in types:
            yield (
                f"{path}/answer",
                "unknown-question",
                f"question {subject!r} is not asked in this call",
                "Add it to `questions` (and to questions.yaml), or correct the id.",
            )
            return
        kind = types[subject]
    else:
        subject, kind = condition["fact"], FACT_TYPES[condition["fact"]]
    for operator in ("equals", "in", *COMPARISONS):
        if operator not in condition:
            continue
        values = condition[operator] if operator == "in" else [condition[operator]]
        if operator in COMPARISONS and kind not in ("number", "date"):
            yield (
                f"{path}/{operator}",
                "condition-type",
                f"{operator!r} orders numbers and dates, but {subject!r} is a {kind} answer",
                "Use `equals` or `in` for yes-no and choice answers.",
            )
            continue
        for value in values:
            if isinstance(value, Mapping) and "answer" in value and value["answer"] not in types:
                yield (
                    f"{path}/{operator}",
                    "unknown-question",
                    f"question {value['answer']!r} is not asked in this call",
                    "Compare with a question the call asks, or with a fact.",
                )
            elif not operand_matches(value, kind, types):
                yield (
                    f"{path}/{operator}",
                    "condition-type",
                    f"{subject!r} is a {kind} answer, but it is compared with {value!r}",
                    f"Compare it with a {kind} value (yes-no: true/false; date: 'YYYY-MM-DD').",
                )
            elif kind == "choice" and subject in options and value not in options[subject]:
                yield (
                    f"{path}/{operator}",
                    "unknown-option",
                    f"{value!r} is not an option of {subject!r}",
                    f"Use one of: {', '.join(sorted(options[subject]))}.",
                )


def texts(node: Any, path: str) -> Iterator[tuple[str, str]]:
    """Yield (path, text) for every pt/en text in a document."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            child = f"{path}/{key}" if path else str(key)
            if key in ("pt", "en") and isinstance(value, str):
                yield child, value
            else:
                yield from texts(value, child)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from texts(item, f"{path}/{index}")


def check_placeholders(document: Any) -> Iterator[Issue]:
    """Texts use only the placeholders the checker fills."""
    for path, text in texts(document, ""):
        for name in PLACEHOLDER.findall(text):
            if name not in PLACEHOLDERS:
                yield (
                    path,
                    "unknown-placeholder",
                    f"{{{name}}} is not a placeholder the checker fills",
                    f"Use one of: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}.",
                )


def duplicates(ids: list[str]) -> list[tuple[int, str]]:
    """(index, id) of every id seen before."""
    seen: set[str] = set()
    found = []
    for index, item in enumerate(ids):
        if item in seen:
            found.append((index, item))
        seen.add(item)
    return found


def check_bank(bank_document: Mapping[str, Any]) -> Iterator[Issue]:
    """Question ids, option values and bounds in questions.yaml."""
    questions = bank_document["questions"]
    for index, question_id in duplicates([q["id"] for q in questions]):
        yield (
            f"questions/{index}/id",
            "duplicate-id",
            f"question {question_id!r} is defined twice",
            "Give each question its own id.",
        )
    for index, question in enumerate(questions):
        values = [option["value"] for option in question.get("options") or []]
        for option_index, value in duplicates(values):
            yield (
                f"questions/{index}/options/{option_index}/value",
                "duplicate-id",
                f"option {value!r} appears twice",
                "Give each option its own value.",
            )
        if question.get("minimum", float("-inf")) > question.get("maximum", float("inf")):
            yield (
                f"questions/{index}/maximum",
                "bounds",
                "maximum is below minimum",
                "Swap or correct the bounds.",
            )
    yield from check_placeholders(bank_document)


def check_merit(merit: Mapping[str, Any], types, options) -> Iterator[Issue]:
    """Weights in hundredths that add up to 1, scores within the scale, conditions well typed."""
    low, high = merit["scale"]["min"], merit["scale"]["max"]
    if low >= high:
        yield (
            "merit/scale",
            "score-scale",
            f"scale {low}–{high} is empty",
            "Set min below max, e.g. 1 and 5.",
        )
    if not low <= merit["minimum"] <= high:
        yield (
            "merit/minimum",
            "score-scale",
            f"minimum {merit['minimum']} is outside the scale {low}–{high}",
            "Put the minimum within the scale.",
        )
    for index, criterion_id in duplicates([c["id"] for c in merit["criteria"]]):
        yield (
            f"merit/criteria/{index}/id",
            "duplicate-id",
            f"criterion {criterion_id!r} appears twice",
            "Give each criterion its own letter.",
        )
    total = 0
    for index, criterion in enumerate(merit["criteria"]):
        where = f"merit/criteria/{index}"
        percent = criterion["weight"] * 100
        if abs(percent - round(percent)) > 1e-9:
            yield (
                f"{where}/weight",
                "weight-precision",
                f"weight {criterion['weight']} has more than two decimals",
                "Write weights as 0.30, 0.25, …",
            )
        total += round(percent)
        scores = [
            (f"{where}/levels/{i}/score", level["score"])
            for i, level in enumerate(criterion["levels"])
        ]
        scores.append((f"{where}/otherwise/score", criterion["otherwise"]["score"]))
        for path, score in scores:
            if not low <= score <= high:
                yield (
                    path,
                    "score-scale",
                    f"score {score} is outside the scale {low}–{high}",
                    "Use a score within the scale.",
                )
        for i, level in enumerate(criterion["levels"]):
            yield from check_condition(level["when"], f"{where}/levels/{i}/when", types, options)
    if total != 100:
        yield (
            "merit/criteria",
            "weights-sum",
            f"the weights add up to {total / 100:g}, not 1",
            "Correct the weights so that they add up to 1 (e.g. 0.30 + 0.30 + 0.20 + 0.20).",
        )


def check_call(
    dataset: Dataset, stem: str, document: Mapping[str, Any], bank: Mapping[str, Any]
) -> Iterator[Issue]:
    """One call's document: its call, its questions, rules, sources and merit criteria."""
    if document["call"] != stem:
        yield (
            "call",
            "file-name",
            f"the document is for {document['call']!r} but the file is {stem}.yaml",
            f"Rename the file to {document['call']}.yaml or correct `call`.",
        )
    if document["call"] not in {call["id"] for call in dataset.table("calls")}:
        yield (
            "call",
            "foreign-key",
            f"call {document['call']!r} is not in calls.csv",
            "Add the call to calls.csv or correct the id.",
        )
    types: dict[str, str] = {}
    options: dict[str, set[str]] = {}
    for index, question_id in enumerate(document["questions"]):
        question = bank.get(question_id)
        if question is None:
            yield (
                f"questions/{index}",
                "unknown-question",
                f"question {question_id!r} is not in {QUESTIONS_FILE}",
                "Add it there, or correct the id.",
            )
            continue
        if question.get("ask_if"):
            for issue in check_condition(question["ask_if"], f"questions/{index}", types, options):
                yield (
                    issue[0],
                    issue[1],
                    f"ask_if of {question_id!r}: {issue[2]}",
                    "An ask_if may use only answers to questions asked before it in this call.",
                )
        types[question_id] = question["type"]
        options[question_id] = {option["value"] for option in question.get("options") or []}
    for index, rule_id in duplicates([rule["id"] for rule in document["rules"]]):
        yield (
            f"rules/{index}/id",
            "duplicate-id",
            f"rule {rule_id!r} appears twice",
            "Give each rule its own id.",
        )
    sources = {source["id"] for source in dataset.table("sources")}
    cited = [(f"rules/{i}", rule) for i, rule in enumerate(document["rules"])] + [
        ("merit", document["merit"])
    ]
    for where, entry in cited:
        if entry.get("source") and entry["source"] not in sources:
            yield (
                f"{where}/source",
                "unknown-source",
                f"source {entry['source']!r} is not in sources.csv",
                "Add the source to sources.csv or correct the id.",
            )
    for index, rule in enumerate(document["rules"]):
        yield from check_condition(rule["when"], f"rules/{index}/when", types, options)
    yield from check_merit(document["merit"], types, options)
    yield from check_placeholders(document)


def to_problems(file_name: str, issues: Iterator[Issue]) -> list[Problem]:
    """Locate issues in a file."""
    return [
        Problem(file_name, None, path, kind, message, fix) for path, kind, message, fix in issues
    ]


def check_eligibility(dataset: Dataset) -> list[Problem]:
    """Validate data/eligibility/ (when present) and return every problem found."""
    eligibility = dataset.eligibility or {}
    if not eligibility:
        return []
    bank_document = eligibility.get("questions")
    problems = check_document(bank_document, "eligibility-questions", QUESTIONS_FILE)
    bank_ok = not problems
    if bank_ok:
        problems += to_problems(QUESTIONS_FILE, check_bank(bank_document))
    bank = question_bank(dataset) if bank_ok else {}
    calls = eligibility.get("calls") or {}
    for stem, document in sorted(calls.items()):
        found = check_document(document, "eligibility-call", call_file(stem))
        if not found and bank_ok:
            found = to_problems(call_file(stem), check_call(dataset, stem, document, bank))
        problems += found
    for row, call in dataset.numbered("calls"):
        if call["id"] not in calls:
            problems.append(
                Problem(
                    "calls.csv",
                    row,
                    "id",
                    "no-eligibility-rules",
                    f"call {call['id']!r} has no {call_file(call['id'])}, so it has no eligibility checker",
                    f"Write {call_file(call['id'])} (copy another call's document and adapt it).",
                    severity="warning",
                )
            )
    return problems
