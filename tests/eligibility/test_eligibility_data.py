"""data/eligibility/: validation problems, the calls compared, the pages planned, the docs."""

from __future__ import annotations

import datetime as dt
import json
import re

import yaml

from helpers import DATA_PATH, PROJECT_PATH, copy_data
from intlhub.base.yaml_loader import DocumentLoader
from intlhub.dataset.eligibility_rules import OPERATORS, call_document
from intlhub.dataset.load_dataset import load_dataset
from intlhub.dataset.validate import validate_data
from intlhub.eligibility.compare_calls import (
    compare_calls,
    describe_condition,
    difference_rows,
)
from intlhub.eligibility.model import build_model
from intlhub.site.plan_pages import plan_pages
from intlhub.site.render import render_pages

TODAY = dt.date(2026, 1, 1)
DATASET = load_dataset(DATA_PATH)


def flatten(problems):
    return [(p.file, p.field, p.type) for p in problems]


def edit_yaml(path, change):
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=DocumentLoader)  # noqa: S506
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_default_eligibility_data_is_valid():
    _, problems = validate_data(DATA_PATH, TODAY)
    assert [p for p in problems if p.file.startswith("eligibility/")] == []


def test_semantic_problems_are_all_reported_with_their_place(tmp_path):
    data_path = copy_data(tmp_path)

    def break_call(doc):
        rules = doc["rules"]
        rules[0]["when"] = {"answer": "beneficiary_type", "equals": "firm"}
        rules[1]["explanation"]["pt"] += " {budget}"
        rules[2]["id"] = "company-alone"
        rules[3]["when"] = {"answer": "collective", "gt": 1}
        rules[4]["when"] = {"all": [{"answer": "colour", "equals": "red"}]}
        rules[7]["source"] = "nowhere"
        rules[11]["when"] = {"answer": "start_date", "lt": 5}
        doc["merit"]["criteria"][0]["weight"] = 0.35
        doc["merit"]["criteria"][1]["levels"][0]["score"] = 7

    edit_yaml(data_path / "eligibility" / "call-2.yaml", break_call)
    _, problems = validate_data(data_path, TODAY)
    assert flatten(problems) == [
        ("eligibility/call-2.yaml", "merit/criteria", "weights-sum"),
        ("eligibility/call-2.yaml", "merit/criteria/1/levels/0/score", "score-scale"),
        ("eligibility/call-2.yaml", "rules/0/when/equals", "unknown-option"),
        ("eligibility/call-2.yaml", "rules/1/explanation/pt", "unknown-placeholder"),
        ("eligibility/call-2.yaml", "rules/11/when/lt", "condition-type"),
        ("eligibility/call-2.yaml", "rules/2/id", "duplicate-id"),
        ("eligibility/call-2.yaml", "rules/3/when/gt", "condition-type"),
        ("eligibility/call-2.yaml", "rules/4/when/all/0/answer", "unknown-question"),
        ("eligibility/call-2.yaml", "rules/7/source", "unknown-source"),
    ]
    assert all(p.fix for p in problems)
    by_field = {p.field: p for p in problems}
    assert (
        by_field["rules/0/when/equals"].message == "'firm' is not an option of 'beneficiary_type'"
    )
    assert "the weights add up to 1.05, not 1" in by_field["merit/criteria"].message


def test_schema_errors_name_the_field(tmp_path):
    data_path = copy_data(tmp_path)

    def break_call(doc):
        doc["rules"][10]["outcome"] = "not-eligible"  # an example rule may only ask for a check
        doc["rules"][0]["when"] = {"answer": "beneficiary_type", "equal": "company"}
        del doc["rules"][1]["section"]

    edit_yaml(data_path / "eligibility" / "call-1.yaml", break_call)
    _, problems = validate_data(data_path, TODAY)
    assert flatten(problems) == [
        ("eligibility/call-1.yaml", "rules/0/when", "schema-error"),
        ("eligibility/call-1.yaml", "rules/1", "schema-error"),
        ("eligibility/call-1.yaml", "rules/10/outcome", "schema-error"),
    ]


def test_file_name_call_id_and_duplicate_questions(tmp_path):
    data_path = copy_data(tmp_path)
    folder = data_path / "eligibility"
    (folder / "call-2.yaml").rename(folder / "call-9.yaml")
    edit_yaml(
        folder / "questions.yaml", lambda doc: doc["questions"].append(dict(doc["questions"][2]))
    )
    _, problems = validate_data(data_path, TODAY)
    assert flatten(problems) == [
        ("calls.csv", "id", "no-eligibility-rules"),
        ("eligibility/call-9.yaml", "call", "file-name"),
        ("eligibility/questions.yaml", "questions/21/id", "duplicate-id"),
    ]
    assert [p.severity for p in problems] == ["warning", "error", "error"]
    edit_yaml(folder / "questions.yaml", lambda doc: doc["questions"].pop())
    _, problems = validate_data(data_path, TODAY)
    assert flatten(problems) == [
        ("calls.csv", "id", "no-eligibility-rules"),
        ("eligibility/call-9.yaml", "call", "file-name"),
    ]


def test_the_real_2020_calls_do_not_differ():
    """The seed gives the two calls' budget only as a total (5 M, "3 + 2"), so none is per call."""
    calls = DATASET.index("calls")
    differences = compare_calls(
        calls["call-1"],
        call_document(DATASET, "call-1"),
        calls["call-2"],
        call_document(DATASET, "call-2"),
    )
    assert differences == []


def test_compare_reports_rules_questions_and_criteria_that_change():
    calls = DATASET.index("calls")
    first = call_document(DATASET, "call-1")
    second = json.loads(json.dumps(call_document(DATASET, "call-2")))
    second["questions"].remove("past_projects")
    second["rules"] = [r for r in second["rules"] if r["id"] != "start-before-today"]
    second["rules"][7]["when"] = {"answer": "grant_rate_percent", "gt": 80}
    second["merit"]["minimum"] = 3.5
    second["merit"]["criteria"][2]["weight"] = 0.25
    second["merit"]["criteria"][3]["weight"] = 0.15
    differences = compare_calls(calls["call-1"], first, calls["call-1"], second)
    assert [(d.section, d.item, d.field) for d in differences] == [
        ("questions", "past_projects", ""),
        ("rules", "rate-above-maximum", "when"),
        ("rules", "start-before-today", ""),
        ("merit", "", "minimum"),
        ("merit", "C", "weight"),
        ("merit", "D", "weight"),
    ]
    rows = difference_rows(differences, first, second, "en")
    assert rows[1] == {
        "section": "Rules",
        "what": "Grant rate: condition",
        "first": "grant_rate_percent > 85",
        "second": "grant_rate_percent > 80",
    }
    assert rows[2]["first"] == "only in this call" and rows[2]["second"] == "not present"


def test_conditions_read_as_one_line():
    condition = {
        "any": [
            {"all": [{"answer": "a", "equals": True}, {"answer": "b", "in": ["x", "y"]}]},
            {"not": {"fact": "today", "gte": "2017-12-31"}},
        ]
    }
    assert (
        describe_condition(condition, "pt") == "(a = sim E b ∈ {x, y}) OU NÃO (today ≥ 2017-12-31)"
    )
    assert describe_condition({"answer": "a", "known": False}, "en") == "a is not answered"


def test_checker_pages_are_planned_in_both_languages_with_safe_embedded_rules():
    specs = {(s.lang, s.key): s for s in plan_pages(DATASET, TODAY)}
    for lang, uri in (("pt", "elegibilidade/call-1.md"), ("en", "eligibility/call-1.md")):
        spec = specs[(lang, "eligibility:call-1")]
        assert spec.uri == uri
        payload_text = spec.context["checker_json"]
        assert "<" not in payload_text and ">" not in payload_text and "&" not in payload_text
        payload = json.loads(payload_text)
        assert payload["model"] == json.loads(json.dumps(build_model(DATASET, "call-1")))
        assert payload["lang"] == lang and "today" not in payload["facts"]
        assert payload["links"]["how_to_apply"] in (
            "../como-candidatar.html",
            "../how-to-apply.html",
        )
    assert specs[("pt", "eligibility-compare")].uri == "elegibilidade/comparar-concursos.md"
    assert specs[("en", "eligibility")].uri == "eligibility/index.md"


def test_checker_page_lists_every_rule_and_labels_examples():
    spec = next(
        s for s in plan_pages(DATASET, TODAY) if s.key == "eligibility:call-1" and s.lang == "en"
    )
    _, text = next(render_pages(DATASET, [spec]))
    for rule in call_document(DATASET, "call-1")["rules"]:
        assert rule["title"]["en"] in text
    assert (
        text.count('hub-badge--example">Example<') == 3
    )  # two example rules and the merit heading
    assert "On 1 January 2026, when this page was published: applies" in text


def test_every_question_operator_and_fact_is_documented():
    docs = (PROJECT_PATH / "docs" / "dev" / "eligibility.md").read_text(encoding="utf-8")
    questions = yaml.safe_load(
        (DATA_PATH / "eligibility" / "questions.yaml").read_text(encoding="utf-8")
    )
    missing = [q["id"] for q in questions["questions"] if f"`{q['id']}`" not in docs]
    missing += [op for op in OPERATORS if not re.search(rf"\b{op}\b", docs)]
    missing += [
        fact
        for fact in ("today", "call_opens", "call_closes", "call_budget_eur")
        if f"`{fact}`" not in docs
    ]
    assert not missing, f"Document these in docs/dev/eligibility.md: {missing}"
