"""Plan the eligibility pages: the index, one checker per call, and the calls compared (pure)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from intlhub.base.i18n import STRINGS, format_day, t
from intlhub.base.page_urls import html_uri, page_uri, relative_url
from intlhub.dataset.eligibility_rules import (
    call_document,
    calls_by_programme,
    eligibility_calls,
    latest_call,
    question_bank,
)
from intlhub.dataset.load_dataset import Dataset
from intlhub.eligibility.compare_calls import compare_calls, describe_condition, difference_rows
from intlhub.eligibility.evaluate import UNKNOWN, evaluate_condition
from intlhub.eligibility.model import (
    build_model,
    call_data_facts,
    call_facts,
    format_hundredths,
    localise,
    similar_projects,
)

ASSETS = ("assets/javascripts/hub-eligibility.js", "assets/javascripts/hub-checker.js")


def script_json(payload: Any) -> str:
    """JSON that is safe inside <script type="application/json">: no '<', '>' or '&' characters."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def uses_answers(condition: Any) -> bool:
    """Whether a condition reads any answer (else it depends only on facts such as today)."""
    if isinstance(condition, Mapping):
        return "answer" in condition or any(uses_answers(v) for v in condition.values())
    if isinstance(condition, list):
        return any(uses_answers(item) for item in condition)
    return False


def link_from(uri: str, key: str, lang: str, item: str | None = None) -> str:
    """The relative URL from a page to another planned page's HTML file."""
    return relative_url(uri, html_uri(page_uri(key, lang, item=item)))


def checker_payload(dataset: Dataset, call_id: str, lang: str, uri: str) -> dict[str, Any]:
    """Everything the browser needs for one call's checker, embedded in its page."""
    call = dataset.index("calls")[call_id]
    facts = call_data_facts(call)  # without today: the browser uses its own date
    bank = question_bank(dataset)
    similar = {
        sector: [
            {
                "id": project["id"],
                "title": project[f"title_{lang}"] or project["title_pt"],
                "url": link_from(uri, "projects", lang, item=project["id"]),
                "example": project["verification"] == "example",
            }
            for project in projects
        ]
        for sector, projects in similar_projects(dataset).items()
    }
    sector_question = next(
        (
            qid
            for qid in call_document(dataset, call_id)["questions"]
            if bank[qid].get("options_from") == "sectors"
        ),
        None,
    )
    return {
        "lang": lang,
        "model": build_model(dataset, call_id),
        "facts": facts,
        "texts": localise(dataset, call_id, lang),
        "strings": {
            key: texts[lang]
            for key, texts in sorted(STRINGS.items())
            if key.startswith("elig_")
            or key in ("source", "example", "reported", "how-to-apply", "eligibility-compare")
        },
        "links": {
            "how_to_apply": link_from(uri, "how-to-apply", lang),
            "projects": link_from(uri, "projects", lang),
            "compare": link_from(uri, "eligibility-compare", lang),
        },
        "similar": {"question": sector_question, "by_value": similar},
    }


def rule_rows(dataset: Dataset, call_id: str, lang: str, today: dt.date) -> list[dict[str, Any]]:
    """The rules in plain words for the page, with the status today of those that need no answer."""
    facts = call_facts(dataset.index("calls")[call_id], today)
    texts = localise(dataset, call_id, lang)["rules"]
    rows = []
    for rule in call_document(dataset, call_id)["rules"]:
        as_of = ""
        if not uses_answers(rule["when"]):
            truth = evaluate_condition(rule["when"], {}, facts)
            status = (
                "elig_cannot_decide"
                if truth is UNKNOWN
                else ("elig_applies" if truth else "elig_does_not_apply")
            )
            as_of = t("elig_as_of", lang, date=format_day(today, lang), status=t(status, lang))
        unknown = rule.get("if_unknown")
        rows.append(
            {
                **texts[rule["id"]],
                "id": rule["id"],
                "condition": describe_condition(rule["when"], lang).replace("`", ""),
                "outcome": t(f"elig_outcome_{rule['outcome']}", lang),
                "if_unknown": t(
                    "elig_when_unknown", lang, outcome=t(f"elig_outcome_{unknown['outcome']}", lang)
                )
                if unknown
                else "",
                "source_id": rule.get("source"),
                "section": rule.get("section", ""),
                "as_of": as_of,
            }
        )
    return rows


def criterion_rows(dataset: Dataset, call_id: str, lang: str) -> list[dict[str, Any]]:
    """The merit criteria in plain words: weight, and each level's condition and score."""
    texts = localise(dataset, call_id, lang)["merit"]["criteria"]
    rows = []
    for criterion in call_document(dataset, call_id)["merit"]["criteria"]:
        text = texts[criterion["id"]]
        levels = [
            {
                "score": level["score"],
                "condition": describe_condition(level["when"], lang),
                "explanation": explanation,
            }
            for level, explanation in zip(criterion["levels"], text["levels"], strict=True)
        ]
        levels.append(
            {
                "score": criterion["otherwise"]["score"],
                "condition": "",
                "explanation": text["otherwise"],
            }
        )
        rows.append(
            {
                "id": criterion["id"],
                "name": text["name"],
                "weight": format_hundredths(round(criterion["weight"] * 100), lang),
                "levels": levels,
            }
        )
    return rows


def question_rows(dataset: Dataset, call_id: str, lang: str) -> list[dict[str, Any]]:
    """The questions a call asks, with their options and when they are asked."""
    bank = question_bank(dataset)
    texts = localise(dataset, call_id, lang)["questions"]
    rows = []
    for question_id in call_document(dataset, call_id)["questions"]:
        question = bank[question_id]
        text = texts[question_id]
        rows.append(
            {
                "id": question_id,
                "question": text["question"],
                "options": list(text["options"].values()),
                "ask_if": describe_condition(question["ask_if"], lang)
                if question.get("ask_if")
                else "",
            }
        )
    return rows


def programme_name(dataset: Dataset, programme_id: str, lang: str) -> str:
    """A programme's short name from programmes.yaml, else its id in words ('Alentejo 2030')."""
    document = dataset.documents.get("programmes")
    entries = document.get("programmes") if isinstance(document, Mapping) else None
    for entry in entries or ():
        if isinstance(entry, Mapping) and entry.get("id") == programme_id:
            name = (entry.get("short_name") or entry.get("name") or {}).get(lang)
            if name:
                return str(name)
    return " ".join(part.capitalize() for part in programme_id.split("-")) or t("not_stated", lang)


def call_choices(dataset: Dataset, lang: str) -> dict[str, Any]:
    """The calls the checker offers, newest programme and call first, and the latest call."""
    records = dataset.index("calls")
    latest = latest_call(dataset)
    groups = [
        {
            "name": programme_name(dataset, programme, lang),
            "calls": [
                {
                    "record": records[call_id],
                    "latest": call_id == latest,
                    "closes": format_day(records[call_id]["closes"], lang)
                    if records[call_id]["closes"]
                    else "",
                }
                for call_id in reversed(call_ids)
            ],
        }
        for programme, call_ids in reversed(calls_by_programme(dataset))
    ]
    return {"programme_groups": groups, "latest": records[latest] if latest else None}


def compared_pair(dataset: Dataset, a: str, b: str, lang: str) -> dict[str, Any]:
    """Two calls compared, as rows to show in `lang`."""
    records = dataset.index("calls")
    first, second = call_document(dataset, a), call_document(dataset, b)
    differences = compare_calls(records[a], first, records[b], second)
    return {
        "first": records[a],
        "second": records[b],
        "count": len(differences),
        "rules_same": all(d.section == "facts" for d in differences),
        "rows": difference_rows(differences, first, second, lang),
    }


def compared_groups(dataset: Dataset, lang: str) -> list[dict[str, Any]]:
    """Each call compared with the one before it: within each programme, then the last call of
    one programme with the first of the next (e.g. Alentejo 2020 against Alentejo 2030)."""
    groups = []
    previous: tuple[str, str] | None = None  # (programme, its last call)
    for programme, call_ids in calls_by_programme(dataset):
        name = programme_name(dataset, programme, lang)
        if previous:
            groups.append(
                {
                    "title": t(
                        "elig_compare_programmes",
                        lang,
                        first=programme_name(dataset, previous[0], lang),
                        second=name,
                    ),
                    "pairs": [compared_pair(dataset, previous[1], call_ids[0], lang)],
                }
            )
        pairs = [
            compared_pair(dataset, a, b, lang)
            for a, b in zip(call_ids, call_ids[1:], strict=False)
        ]
        if pairs:
            groups.append({"title": name, "pairs": pairs})
        previous = (programme, call_ids[-1])
    return groups


def plan_eligibility(dataset: Dataset, lang: str, today: dt.date) -> list[tuple]:
    """The eligibility pages of one language: (key, uri, template, title, context) each."""
    calls = eligibility_calls(dataset)
    records = dataset.index("calls")
    planned: list[tuple] = [
        (
            "eligibility",
            page_uri("eligibility", lang),
            "eligibility.md.j2",
            t("eligibility", lang),
            call_choices(dataset, lang),
        ),
        (
            "eligibility-compare",
            page_uri("eligibility-compare", lang),
            "compare-calls.md.j2",
            t("eligibility-compare", lang),
            {
                "groups": compared_groups(dataset, lang),
                "programme_groups": call_choices(dataset, lang)["programme_groups"],
            },
        ),
    ]
    for call_id in calls:
        uri = page_uri("eligibility", lang, item=call_id)
        document = call_document(dataset, call_id)
        texts = localise(dataset, call_id, lang)
        planned.append(
            (
                f"eligibility:{call_id}",
                uri,
                "checker.md.j2",
                t("elig_checker_title", lang, call=records[call_id][f"title_{lang}"]),
                {
                    "item": records[call_id],
                    "checker_json": script_json(checker_payload(dataset, call_id, lang, uri)),
                    "scripts": [relative_url(uri, asset) for asset in ASSETS],
                    "rule_rows": rule_rows(dataset, call_id, lang, today),
                    "criterion_rows": criterion_rows(dataset, call_id, lang),
                    "question_rows": question_rows(dataset, call_id, lang),
                    "merit": {
                        **texts["merit"],
                        "source_id": document["merit"].get("source"),
                        "section": document["merit"].get("section", ""),
                    },
                },
            )
        )
    return planned
