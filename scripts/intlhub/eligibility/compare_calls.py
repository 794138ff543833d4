"""Compare two calls' eligibility documents and call data: what differs, as values (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from intlhub.base import i18n
from intlhub.base.i18n import STRINGS, t
from intlhub.dataset.load_dataset import Record

CALL_FIELDS = ("opens", "closes", "budget_eur", "status")
RULE_FIELDS = ("title", "when", "outcome", "if_unknown", "explanation", "source", "verification")
MERIT_FIELDS = ("verification", "minimum", "scale", "note", "source")
CRITERION_FIELDS = ("name", "weight", "levels", "otherwise")
SYMBOLS = {"equals": "=", "lt": "<", "lte": "≤", "gt": ">", "gte": "≥"}


@dataclass(frozen=True)
class Difference:
    """One thing that differs: where (section, item, field) and its value in each call (None: absent)."""

    section: str
    item: str
    field: str
    first: Any
    second: Any


def rule_value(rule: Mapping[str, Any], field: str) -> Any:
    """A rule's field for comparison; the source and its section count as one field."""
    if field == "source":
        return (rule.get("source"), rule.get("section")) if rule.get("source") else None
    return rule.get(field)


def compare_entries(
    section: str,
    first: list[Mapping[str, Any]],
    second: list[Mapping[str, Any]],
    fields: tuple[str, ...],
    value=lambda entry, field: entry.get(field),
) -> list[Difference]:
    """Match entries by id; report those in one call only, then each differing field."""
    by_id = [{entry["id"]: entry for entry in entries} for entries in (first, second)]
    ids = [entry["id"] for entry in first] + [
        entry["id"] for entry in second if entry["id"] not in by_id[0]
    ]
    differences = []
    for entry_id in ids:
        a, b = by_id[0].get(entry_id), by_id[1].get(entry_id)
        if a is None or b is None:
            differences.append(Difference(section, entry_id, "", a is not None, b is not None))
            continue
        for field in fields:
            if value(a, field) != value(b, field):
                differences.append(
                    Difference(section, entry_id, field, value(a, field), value(b, field))
                )
    return differences


def compare_calls(
    first_call: Record,
    first: Mapping[str, Any],
    second_call: Record,
    second: Mapping[str, Any],
) -> list[Difference]:
    """Every difference between two calls: their data, questions, rules and merit criteria."""
    differences = [
        Difference("facts", field, field, first_call[field], second_call[field])
        for field in CALL_FIELDS
        if first_call[field] != second_call[field]
    ]
    questions = [{"id": q} for q in first["questions"]], [{"id": q} for q in second["questions"]]
    differences += compare_entries("questions", *questions, fields=())
    differences += compare_entries(
        "rules", list(first["rules"]), list(second["rules"]), RULE_FIELDS, rule_value
    )
    merit_a, merit_b = first["merit"], second["merit"]
    for field in MERIT_FIELDS:
        if merit_a.get(field) != merit_b.get(field):
            differences.append(
                Difference("merit", "", field, merit_a.get(field), merit_b.get(field))
            )
    differences += compare_entries(
        "merit", list(merit_a["criteria"]), list(merit_b["criteria"]), CRITERION_FIELDS
    )
    return differences


def describe_value(value: Any, lang: str) -> str:
    """A literal or operand in a condition, as text."""
    if isinstance(value, Mapping):
        return str(value.get("fact") or value.get("answer"))
    if isinstance(value, bool):
        return t("elig_yes" if value else "elig_no", lang).lower()
    return str(value)


def describe_condition(condition: Mapping[str, Any], lang: str, nested: bool = False) -> str:
    """A condition as one readable line, e.g. 'grant_rate_percent > 85' or '(a = sim E b = não)'."""
    for key, word in (("all", "elig_and"), ("any", "elig_or")):
        if key in condition:
            text = f" {t(word, lang)} ".join(
                describe_condition(part, lang, nested=True) for part in condition[key]
            )
            return f"({text})" if nested and len(condition[key]) > 1 else text
    if "not" in condition:
        return f"{t('elig_not', lang)} ({describe_condition(condition['not'], lang)})"
    subject = condition.get("answer") or condition.get("fact")
    if "known" in condition:
        return f"{subject} {t('elig_known' if condition['known'] else 'elig_unknown', lang)}"
    if "in" in condition:
        return f"{subject} ∈ {{{', '.join(describe_value(v, lang) for v in condition['in'])}}}"
    for operator, symbol in SYMBOLS.items():
        if operator in condition:
            return f"{subject} {symbol} {describe_value(condition[operator], lang)}"
    return str(dict(condition))


FACT_LABELS = {"opens": "opens", "closes": "closes", "budget_eur": "budget", "status": "status"}
SECTION_LABELS = {
    "facts": "elig_compare_facts",
    "questions": "elig_compare_questions",
    "rules": "elig_compare_rules",
    "merit": "elig_compare_merit",
}


def describe_levels(criterion_levels: list[Mapping[str, Any]], lang: str) -> str:
    """A criterion's scoring levels on one line: '5: smes_reached ≥ 50; 4: …'."""
    return "; ".join(
        f"{level['score']}: {describe_condition(level['when'], lang)}" for level in criterion_levels
    )


def describe_field(section: str, field: str, value: Any, lang: str) -> str:
    """One side of a difference as text in `lang` (an empty value reads 'not stated')."""
    if value is None or value == "":
        return t("not_stated", lang)
    if section == "facts":
        if field == "budget_eur":
            return i18n.format_eur(value, lang)
        if field in ("opens", "closes"):
            return i18n.format_day(value, lang)
        return t(value, lang)
    if field == "when":
        return describe_condition(value, lang)
    if field == "outcome":
        return t(f"elig_outcome_{value}", lang)
    if field == "if_unknown":
        return t(f"elig_outcome_{value['outcome']}", lang) + ": " + value["explanation"][lang]
    if field == "source":
        source_id, section_name = value if isinstance(value, tuple) else (value, "")
        return f"{source_id}, {section_name}" if section_name else str(source_id)
    if field == "verification":
        return t(value, lang)
    if field == "levels":
        return describe_levels(value, lang)
    if field == "otherwise":
        return f"{value['score']}: {value['explanation'][lang]}"
    if field == "scale":
        return f"{value['min']}–{value['max']}"
    if isinstance(value, Mapping) and lang in value:
        return str(value[lang])
    return str(value)


def difference_rows(
    differences: list[Difference],
    first: Mapping[str, Any],
    second: Mapping[str, Any],
    lang: str,
) -> list[dict[str, str]]:
    """Differences as table rows {section, what, first, second}, in `lang`."""
    titles: dict[tuple[str, str], str] = {}
    for document in (second, first):
        for rule in document["rules"]:
            titles[("rules", rule["id"])] = rule["title"][lang]
        for criterion in document["merit"]["criteria"]:
            titles[("merit", criterion["id"])] = f"{criterion['id']} – {criterion['name'][lang]}"
    rows = []
    for difference in differences:
        label = titles.get((difference.section, difference.item), difference.item)
        if difference.section == "facts":
            what = t(FACT_LABELS[difference.field], lang)
        elif difference.field:
            key = f"elig_field_{difference.field}"
            field_label = t(key, lang) if key in STRINGS else difference.field
            what = f"{label}: {field_label}" if difference.item else field_label
        else:
            what = label
        if difference.field:
            first_text = describe_field(
                difference.section, difference.field, difference.first, lang
            )
            second_text = describe_field(
                difference.section, difference.field, difference.second, lang
            )
        else:
            first_text, second_text = (
                t("elig_compare_only_in", lang) if present else t("elig_compare_absent", lang)
                for present in (difference.first, difference.second)
            )
        rows.append(
            {
                "section": t(SECTION_LABELS[difference.section], lang),
                "what": what,
                "first": first_text,
                "second": second_text,
            }
        )
    return rows
