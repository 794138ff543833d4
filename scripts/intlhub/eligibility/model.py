"""Turn data/eligibility/ into what the evaluators read: a language-neutral model per call, facts,
and the texts of one language (questions, explanations, sources) with placeholders filled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from babel.lists import format_list
from babel.numbers import format_decimal

from intlhub.base import i18n
from intlhub.dataset.eligibility_rules import PLACEHOLDER, call_document, question_bank
from intlhub.dataset.load_dataset import Dataset, Record

APPROVED_STATUSES = ("approved", "ongoing", "completed")
SIMILAR_PER_SECTOR = 5


def number(value: Decimal | int | float | None) -> int | float | None:
    """A Decimal from the CSV as a JSON number (int when whole)."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def call_data_facts(call: Record) -> dict[str, Any]:
    """The facts calls.csv gives: the call's dates and budget (None when not stated)."""
    return {
        "call_opens": call["opens"].isoformat() if call["opens"] else None,
        "call_closes": call["closes"].isoformat() if call["closes"] else None,
        "call_budget_eur": number(call["budget_eur"]),
    }


def call_facts(call: Record, today: dt.date) -> dict[str, Any]:
    """What the checker knows without asking: today and the call's dates and budget."""
    return {"today": today.isoformat(), **call_data_facts(call)}


def weight_percent(weight: float) -> int:
    """A weight such as 0.30 as whole percent (30); the data keeps at most two decimals."""
    return round(weight * 100)


def build_model(dataset: Dataset, call_id: str) -> dict[str, Any]:
    """The language-neutral input of both evaluators for one call."""
    document = call_document(dataset, call_id)
    bank = question_bank(dataset)
    questions = []
    for question_id in document["questions"]:
        question = bank[question_id]
        entry: dict[str, Any] = {"id": question_id, "type": question["type"]}
        for key in ("ask_if", "minimum", "maximum", "integer"):
            if key in question:
                entry[key] = question[key]
        if question["type"] == "choice":
            entry["options"] = [option["value"] for option in question["options"]]
        questions.append(entry)
    rules = [
        {
            "id": rule["id"],
            "when": rule["when"],
            "outcome": rule["outcome"],
            "if_unknown_outcome": (rule.get("if_unknown") or {}).get("outcome"),
        }
        for rule in document["rules"]
    ]
    merit = document["merit"]
    return {
        "call": call_id,
        "questions": questions,
        "rules": rules,
        "merit": {
            "scale": dict(merit["scale"]),
            "minimum_x100": round(merit["minimum"] * 100),
            "criteria": [
                {
                    "id": criterion["id"],
                    "weight_percent": weight_percent(criterion["weight"]),
                    "levels": [
                        {"score": level["score"], "when": level["when"]}
                        for level in criterion["levels"]
                    ],
                    "otherwise_score": criterion["otherwise"]["score"],
                }
                for criterion in merit["criteria"]
            ],
        },
    }


def text_values(dataset: Dataset, call: Record, lang: str) -> dict[str, str]:
    """The values that fill {placeholders} in eligibility texts, formatted for `lang`."""
    region_code = dataset.programme.get("region") or ""
    regions = dataset.index("nuts-regions", "code")
    region = regions.get(region_code)
    subregions = [
        f"{row['name']} ({row['code']})"
        for row in dataset.table("nuts-regions")
        if row["level"] == 3 and row["code"].startswith(region_code) and region_code
    ]
    return {
        "call_title": call[f"title_{lang}"],
        "call_budget_eur": i18n.format_eur(call["budget_eur"], lang),
        "call_opens": i18n.format_day(call["opens"], lang),
        "call_closes": i18n.format_day(call["closes"], lang),
        "region": f"{region['name']} ({region_code})" if region else region_code,
        "subregions": format_list(subregions, locale=i18n.LOCALES[lang]) if subregions else "",
    }


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace known {placeholders}; anything else stays as written (validate reports it)."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def format_hundredths(value: int, lang: str) -> str:
    """A score kept in hundredths as text with two decimals: 340 -> '3,40' (pt) or '3.40' (en)."""
    return format_decimal(Decimal(value) / 100, format="0.00", locale=i18n.LOCALES[lang])


def merit_formula(merit: Mapping[str, Any], lang: str) -> str:
    """The merit formula as written in call notices, e.g. 'MP = 0,30·A + 0,30·B'."""
    terms = [
        f"{format_hundredths(weight_percent(c['weight']), lang)}·{c['id']}"
        for c in merit["criteria"]
    ]
    return "MP = " + " + ".join(terms)


def citation(dataset: Dataset, source_id: str | None, section: str | None, lang: str) -> dict:
    """A rule's source as plain data for the page and the CLI; empty for examples."""
    source = dataset.index("sources").get(source_id) if source_id else None
    if not source:
        return {}
    label = i18n.source_label(
        source, dataset.index("source-names", "source_id").get(source_id), lang
    )
    return {
        "id": source_id,
        "title": label.title,
        "title_lang": label.title_lang or "",
        "url": source["url"] or "",
        "publisher": label.publisher,
        "date": source["published"] or i18n.t("undated", lang),
        "section": section or "",
    }


def localise(dataset: Dataset, call_id: str, lang: str) -> dict[str, Any]:
    """The texts of one call's checker in one language, keyed like the model."""
    document = call_document(dataset, call_id)
    call = dataset.index("calls")[call_id]
    values = text_values(dataset, call, lang)
    bank = question_bank(dataset)
    questions = {}
    for question_id in document["questions"]:
        question = bank[question_id]
        questions[question_id] = {
            "question": fill(question["question"][lang], values),
            "help": fill(question["help"][lang], values),
            "unit": question["unit"][lang] if question.get("unit") else "",
            "options": {
                option["value"]: fill(option["label"][lang], values)
                for option in question.get("options") or []
            },
        }
    rules = {}
    for rule in document["rules"]:
        unknown = rule.get("if_unknown") or {}
        rules[rule["id"]] = {
            "title": fill(rule["title"][lang], values),
            "explanation": fill(rule["explanation"][lang], values),
            "unknown_explanation": fill(unknown["explanation"][lang], values) if unknown else "",
            "verification": rule["verification"],
            "source": citation(dataset, rule.get("source"), rule.get("section"), lang),
        }
    merit = document["merit"]
    criteria = {
        criterion["id"]: {
            "name": fill(criterion["name"][lang], values),
            "levels": [fill(level["explanation"][lang], values) for level in criterion["levels"]],
            "otherwise": fill(criterion["otherwise"]["explanation"][lang], values),
        }
        for criterion in merit["criteria"]
    }
    return {
        "call_title": values["call_title"],
        "questions": questions,
        "rules": rules,
        "merit": {
            "verification": merit["verification"],
            "note": fill(merit["note"][lang], values),
            "formula": merit_formula(merit, lang),
            "minimum": format_hundredths(round(merit["minimum"] * 100), lang),
            "scale_max": str(merit["scale"]["max"]),
            "source": citation(dataset, merit.get("source"), merit.get("section"), lang),
            "criteria": criteria,
        },
    }


def similar_projects(dataset: Dataset) -> dict[str, list[Record]]:
    """Approved projects by sector, newest approval first, a few per sector."""
    by_sector: dict[str, list[Record]] = {}
    approved = [p for p in dataset.table("projects") if p["status"] in APPROVED_STATUSES]
    approved.sort(key=lambda p: (p["approval_date"] or dt.date.min, p["id"]), reverse=True)
    for project in approved:
        for sector in project["sectors"] or ():
            entries = by_sector.setdefault(sector, [])
            if len(entries) < SIMILAR_PER_SECTOR:
                entries.append(project)
    return by_sector
