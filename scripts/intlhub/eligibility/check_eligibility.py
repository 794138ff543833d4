"""`intlhub check-eligibility`: evaluate an answers file against one call (the latest by default)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intlhub.base.i18n import t
from intlhub.base.problems import HubError
from intlhub.dataset.eligibility_rules import calls_by_date, question_bank
from intlhub.dataset.load_dataset import Dataset
from intlhub.eligibility.evaluate import Verdict, best_outcome, evaluate
from intlhub.eligibility.model import (
    build_model,
    call_facts,
    format_hundredths,
    localise,
    similar_projects,
)
from intlhub.eligibility.read_answers import (
    check_answers,
    format_answer_problems,
    read_answers_file,
)

EXIT_CODES = {"eligible": 0, "not-eligible": 3, "manual-check": 4}
USAGE_ERROR = 2


@dataclass
class EligibilityReport:
    """The text to print, the exit code, and notes for stderr."""

    text: str
    exit_code: int
    notes: list[str] = field(default_factory=list)


def choose_calls(
    dataset: Dataset, requested: str | None, from_file: str | None
) -> tuple[list[str], list[str]]:
    """The calls to check and notes for stderr: --call, else the file's `call:`, else the
    latest call (the one that closes last)."""
    known = calls_by_date(dataset)
    if not known:
        raise HubError(
            "No call has eligibility rules in data/eligibility/",
            "Write data/eligibility/<call-id>.yaml (see docs/dev/eligibility.md).",
        )
    chosen = requested or from_file
    if chosen is None:
        latest = known[-1]
        note = (
            f"Note: no call given; checking the latest call, {latest!r}. "
            f"Choose another with --call ({', '.join(known)})."
        )
        return [latest], [note]
    if chosen not in known:
        where = "--call" if requested else "the answers file's `call:`"
        raise HubError(
            f"Unknown call {chosen!r} in {where}",
            f"Use one of: {', '.join(sorted(known))}.",
            exit_code=USAGE_ERROR if requested else 1,
        )
    return [chosen], []


def format_source(source: dict, lang: str) -> str:
    """'Source: title, section (publisher; date). url' or the example-rule note."""
    if not source:
        return t("elig_example_rule", lang)
    section = f", {source['section']}" if source["section"] else ""
    url = f" {source['url']}" if source["url"] else ""
    return f"{t('source', lang)}: {source['title']}{section} ({source['publisher']}; {source['date']}).{url}"


def merit_standing(verdict: Verdict) -> str:
    """The string key that sets the score against the minimum; moot when not eligible."""
    if verdict.outcome == "not-eligible":
        return "elig_merit_moot"
    return "elig_merit_meets" if verdict.meets_minimum else "elig_merit_below"


def format_verdict(
    dataset: Dataset, call_id: str, verdict: Verdict, lang: str, answers: dict
) -> str:
    """The result for one call as plain text: outcome, reasons with sources, merit lines."""
    texts = localise(dataset, call_id, lang)
    lines = [
        f"{texts['call_title']} ({call_id})",
        f"{t('elig_outcome', lang)}: {t('elig_outcome_' + verdict.outcome, lang).upper()}",
        t("elig_text_" + verdict.outcome, lang),
    ]
    for outcome, heading in (("not-eligible", "elig_reasons"), ("manual-check", "elig_to_check")):
        findings = [f for f in verdict.findings if f.outcome == outcome]
        if findings:
            lines += ["", f"{t(heading, lang)}:"]
        for finding in findings:
            rule = texts["rules"][finding.rule]
            explanation = rule["unknown_explanation"] if finding.unknown else rule["explanation"]
            example = (
                f" [{t('example', lang).upper()}]" if rule["verification"] == "example" else ""
            )
            lines.append(f"  - [{finding.rule}] {rule['title']}{example}: {explanation}")
            reported = f" [{t('reported', lang)}]" if rule["verification"] == "reported" else ""
            lines.append(f"    {format_source(rule['source'], lang)}{reported}")
    merit = texts["merit"]
    example = f" [{t('example', lang).upper()}]" if merit["verification"] == "example" else ""
    total = format_hundredths(verdict.merit_x100, lang)
    meets = merit_standing(verdict)
    lines += [
        "",
        f"{t('elig_merit_title', lang)}{example}: "
        f"{t('elig_merit_total', lang, score=total, max=merit['scale_max'])} — "
        f"{t(meets, lang, minimum=merit['minimum'])}",
        f"  {merit['formula']}",
    ]
    for item in verdict.criteria:
        criterion = merit["criteria"][item.criterion]
        why = criterion["levels"][item.level] if item.level >= 0 else criterion["otherwise"]
        weight = format_hundredths(item.weight_percent, lang)
        lines.append(f"  {item.criterion} {criterion['name']}: {weight} × {item.score} — {why}")
    lines.append(f"  {merit['note']} {t('elig_merit_indicative', lang)}")
    sector = answers.get("sector")
    similar = similar_projects(dataset).get(sector, []) if sector else []
    if similar:
        lines += ["", f"{t('elig_similar', lang)}:"]
        for project in similar:
            mark = (
                f" [{t('example', lang).upper()}]" if project["verification"] == "example" else ""
            )
            lines.append(
                f"  - {project['id']}: {project[f'title_{lang}'] or project['title_pt']}{mark}"
            )
    return "\n".join(lines)


def check_eligibility_answers(
    dataset: Dataset,
    answers_path: Path,
    call_id: str | None,
    lang: str,
    today: dt.date,
    answers: tuple[str | None, dict[str, Any]] | None = None,
) -> EligibilityReport:
    """Check an answers file (or its `answers`, already read) against the chosen calls; a bad
    file raises HubError (exit 1)."""
    from_file, raw = answers or read_answers_file(answers_path)
    calls, notes = choose_calls(dataset, call_id, from_file)
    records = dataset.index("calls")
    bank = question_bank(dataset)
    problems: list[tuple[str, str, str]] = []
    checked = []
    for call in calls:
        model, texts = build_model(dataset, call), localise(dataset, call, lang)
        facts = call_facts(records[call], today)
        answers, found, ignored = check_answers(raw, model, texts, facts, bank)
        problems += [problem for problem in found if problem not in problems]
        notes += [
            f"Note: answer {key!r} is ignored: call {call!r} does not ask that question"
            " (with these answers)."
            for key in ignored
        ]
        checked.append((call, model, answers, facts))
    if problems:
        raise HubError(
            f"Answers file {str(answers_path)!r} has {len(problems)} problem(s)",
            format_answer_problems(answers_path, problems)
            + "\n\nFix these answers; the format is in docs/dev/eligibility.md.",
        )
    blocks, outcomes = [], []
    for call, model, answers, facts in checked:
        verdict = evaluate(model, answers, facts)
        outcomes.append(verdict.outcome)
        blocks.append(format_verdict(dataset, call, verdict, lang, answers))
    outcome = best_outcome(outcomes)
    return EligibilityReport("\n\n".join(blocks), EXIT_CODES[outcome], notes)
