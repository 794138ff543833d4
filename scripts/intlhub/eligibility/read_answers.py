"""Read an answers file for `intlhub check-eligibility` and check every answer against the questions."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from intlhub.base.problems import HubError
from intlhub.base.untrusted import UntrustedValue
from intlhub.base.untrusted_documents import load_yaml
from intlhub.base.yaml_loader import DocumentLoader
from intlhub.dataset.eligibility_rules import is_number
from intlhub.eligibility.evaluate import relevant_answers

TOP_LEVEL_KEYS = ("call", "answers")
EXAMPLE_FILE = "docs/dev/eligibility-answers.example.yaml"
MAX_ANSWERS_BYTES = 256 * 1024  # the documented example is under 2 KB
MAX_ANSWERS_VALUES = 10_000


def load_answers_document(answers_path: Path) -> Any:
    """Read an answers file as untrusted YAML: a file of at most 256 KB, no anchors, aliases or
    merges, at most 10,000 values, no NaN or endless numbers (base/untrusted_documents)."""
    where = f"Answers file {str(answers_path)!r}"
    try:
        if not answers_path.is_file():
            if answers_path.exists():
                raise HubError(f"{where} is not a file", "Give the path of a .yaml answers file.")
            raise HubError(f"{where} not found", "Check the path.")
        size = answers_path.stat().st_size
        if size > MAX_ANSWERS_BYTES:
            raise HubError(
                f"{where} is refused: it has {size:,} bytes (limit {MAX_ANSWERS_BYTES:,})",
                f"An answers file holds one line per answer; see {EXAMPLE_FILE}.",
            )
        with answers_path.open("rb") as handle:
            data = handle.read(MAX_ANSWERS_BYTES + 1)  # the file may have grown since
    except OSError as error:
        raise HubError(
            f"{where} cannot be read: {error.strerror or error}", "Check the path."
        ) from error
    try:
        return load_yaml(
            data, DocumentLoader, max_bytes=MAX_ANSWERS_BYTES, max_items=MAX_ANSWERS_VALUES
        )
    except UntrustedValue as error:
        raise HubError(f"{where} is refused: {error.reason}", error.fix) from error


def read_answers_file(answers_path: Path) -> tuple[str | None, dict[str, Any]]:
    """Return (call id or None, raw answers) from a YAML answers file; a bad file is a HubError."""
    where = f"Answers file {str(answers_path)!r}"
    document = load_answers_document(answers_path)
    if not isinstance(document, Mapping) or not isinstance(document.get("answers"), Mapping):
        raise HubError(
            f"{where} has no `answers:` mapping",
            f"Write `answers:` followed by one `question_id: value` line per answer; see {EXAMPLE_FILE}.",
        )
    unknown = sorted(str(key) for key in document if key not in TOP_LEVEL_KEYS)
    if unknown:
        raise HubError(
            f"{where} has unknown top-level key(s): {', '.join(map(repr, unknown))}",
            "Use only `call:` (optional) and `answers:`.",
        )
    call = document.get("call")
    if call is not None and not isinstance(call, str):
        raise HubError(
            f"{where}, field 'call': {call!r} is not a call id", "Write e.g. `call: call-1`."
        )
    return call, {str(key): value for key, value in document["answers"].items()}


def allowed_values(question: Mapping[str, Any]) -> str:
    """What a question accepts, for the fix part of a message."""
    kind = question["type"]
    if kind == "yes-no":
        return "true or false"
    if kind == "choice":
        return "one of: " + ", ".join(question["options"])
    if kind == "date":
        return "a date as YYYY-MM-DD, e.g. 2016-09-01"
    bounds = []
    if "minimum" in question:
        bounds.append(f"at least {question['minimum']:g}")
    if "maximum" in question:
        bounds.append(f"at most {question['maximum']:g}")
    whole = "a whole number" if question.get("integer") else "a number"
    return whole + (f" ({', '.join(bounds)})" if bounds else "") + ", without quotes or separators"


def check_value(question: Mapping[str, Any], value: Any) -> tuple[Any, str | None]:
    """Normalise one answer; return (value, None) or (None, why it is wrong)."""
    kind = question["type"]
    if kind == "yes-no":
        return (value, None) if isinstance(value, bool) else (None, f"{value!r} is not yes or no")
    if kind == "choice":
        if isinstance(value, str) and value in question["options"]:
            return value, None
        return None, f"{value!r} is not one of the options"
    if kind == "date":
        if isinstance(value, str):
            try:
                if len(value) == 10 and dt.date.fromisoformat(value).isoformat() == value:
                    return value, None
            except ValueError:
                pass
        return None, f"{value!r} is not a date"
    if not is_number(value) or not math.isfinite(value):
        return None, f"{value!r} is not a number"
    if question.get("integer") and value != int(value):
        return None, f"{value!r} is not a whole number"
    if "minimum" in question and value < question["minimum"]:
        return None, f"{value!r} is below the minimum {question['minimum']:g}"
    if "maximum" in question and value > question["maximum"]:
        return None, f"{value!r} is above the maximum {question['maximum']:g}"
    return value, None


def check_answers(
    raw: Mapping[str, Any],
    model: Mapping[str, Any],
    texts: Mapping[str, Any],
    facts: Mapping[str, Any],
    bank: Collection[str] = (),
) -> tuple[dict[str, Any], list[tuple[str, str, str]], list[str]]:
    """Check raw answers for one call; `bank` holds the ids of every call's questions.

    Returns (answers to evaluate, problems as (answer id, why, fix), ignored answer ids): an
    answer to a question that only other calls ask is ignored, an unknown id is a problem.
    """
    questions = {question["id"]: question for question in model["questions"]}
    problems: list[tuple[str, str, str]] = []
    answers: dict[str, Any] = {}
    other_calls: list[str] = []
    for key, value in raw.items():
        question = questions.get(key)
        if question is None and key in bank:
            other_calls.append(key)
            continue
        if question is None:
            problems.append(
                (
                    key,
                    "no question has this id",
                    f"Use the ids this call asks: {', '.join(questions)} "
                    "(see docs/dev/eligibility.md).",
                )
            )
            continue
        checked, why = check_value(question, value)
        if why:
            problems.append((key, why, f"Write {allowed_values(question)}."))
        else:
            answers[key] = checked
    asked, kept = relevant_answers(model["questions"], answers, facts)
    for question_id in asked:
        if question_id not in kept and question_id not in {p[0] for p in problems}:
            question = questions[question_id]
            problems.append(
                (
                    question_id,
                    f"the answer is missing ({texts['questions'][question_id]['question']})",
                    f"Add `{question_id}:` with {allowed_values(question)}.",
                )
            )
    ignored = sorted([key for key in answers if key not in asked] + other_calls)
    return kept, problems, ignored


def format_answer_problems(answers_path: Path, problems: Sequence[tuple[str, str, str]]) -> str:
    """One block per problem: where, why, and the fix."""
    lines = []
    for answer_id, why, fix in problems:
        lines.append(f"  answer {answer_id!r}: {why}\n    fix: {fix}")
    return f"Answers file {str(answers_path)!r}:\n" + "\n".join(lines)
