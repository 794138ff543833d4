"""Validation: every problem in one run, located by file, row and field, and data/ untouched."""

from __future__ import annotations

import datetime as dt

from helpers import DATA_PATH, copy_data, snapshot
from intlhub.base.problems import errors_only
from intlhub.cli.main import main
from intlhub.dataset.validate import format_problems, validate_data

TODAY = dt.date(2026, 11, 27)


def flatten(problems):
    return [(p.file, p.row, p.field, p.type) for p in problems]


def test_default_data_is_valid():
    _, problems = validate_data(DATA_PATH, TODAY)
    assert errors_only(problems) == [], format_problems(problems)


def test_broken_copy_reports_every_problem(tmp_path):
    data_path = copy_data(tmp_path, "broken")
    _, problems = validate_data(data_path, TODAY)
    assert flatten(problems) == [
        ("calls.csv", None, "budget_eur", "totals-mismatch"),
        ("calls.csv", 2, "proposals_approved", "approvals-exceed-proposals"),
        ("indicators.csv", 4, "source", "constraint-error"),
        ("organisations.csv", 4, "nif", "example-with-nif"),
        ("organisations.csv", 5, "nif", "invalid-nif"),
        ("organisations.csv", 5, "nuts3", "not-nuts3"),
        ("projects.csv", 3, "end_date", "date-order"),
        ("projects.csv", 3, "eu_funding_eur", "funding-mismatch"),
        ("projects.csv", 4, "beneficiary_id", "foreign-key"),
        ("projects.csv", 4, "eu_cofinancing_rate", "constraint-error"),
        ("projects.csv", 4, "markets", "unknown-country"),
        ("projects.csv", 4, "sectors", "foreign-key"),
        ("projects.csv", 5, "id", "example-id"),
    ]
    assert all(p.fix for p in problems), "every problem says how to fix it"


def test_validate_command_exits_1_and_leaves_files_identical(tmp_path, capsys):
    data_path = copy_data(tmp_path, "broken")
    before = snapshot(data_path)
    assert main(["validate", "--data", str(data_path)]) == 1
    out = capsys.readouterr().out
    assert "projects.csv:" in out and "row 4, field 'markets'" in out and "fix:" in out
    assert snapshot(data_path) == before


def test_overdue_review_is_a_warning_not_an_error(tmp_path):
    _, problems = validate_data(DATA_PATH, dt.date(2030, 1, 1))
    assert problems and errors_only(problems) == []
    assert {p.type for p in problems} == {"review-overdue", "indicator-stale"}


def test_calls_must_add_up_to_programme_totals(tmp_path):
    data_path = copy_data(tmp_path)
    calls = (data_path / "calls.csv").read_text(encoding="utf-8")
    calls = calls.replace(
        "call-2,2.º concurso – Ações Coletivas Internacionalização,Call 2 – Collective Actions Internationalisation,,,,",
        "call-2,2.º concurso – Ações Coletivas Internacionalização,Call 2 – Collective Actions Internationalisation,,,6000000,",
    )
    assert ",6000000," in calls  # one call states a budget above the two calls' total
    (data_path / "calls.csv").write_text(calls, encoding="utf-8")
    _, problems = validate_data(data_path, TODAY)
    assert flatten(errors_only(problems)) == [("calls.csv", None, "budget_eur", "totals-mismatch")]


def test_document_schema_errors_name_the_field(tmp_path):
    data_path = copy_data(tmp_path)
    text = (data_path / "programme.yaml").read_text(encoding="utf-8")
    (data_path / "programme.yaml").write_text(
        text.replace("source: caixa-siac-summary\n", "source: nowhere\n", 1), encoding="utf-8"
    )
    _, problems = validate_data(data_path, TODAY)
    assert flatten(errors_only(problems)) == [
        ("programme.yaml", None, "eligible_beneficiaries/0/source", "unknown-source")
    ]


def test_unreadable_yaml_is_reported_not_raised(tmp_path):
    data_path = copy_data(tmp_path)
    (data_path / "site.yaml").write_text("site_name: {pt: [\n", encoding="utf-8")
    _, problems = validate_data(data_path, TODAY)
    assert [p.type for p in problems] == ["load-error"]
    assert "site.yaml" in problems[0].message


def test_missing_data_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["validate", "--data", str(tmp_path / "nowhere")]) == 1
    assert "datapackage.yaml" in capsys.readouterr().out


def test_stale_indicators_warn_and_strict_freshness_makes_them_errors(tmp_path):
    later = dt.date(
        2027, 1, 1
    )  # GDP figures are for 2023: more than 3 years old; reviews not yet due
    _, problems = validate_data(DATA_PATH, later)
    stale = [p for p in problems if p.type == "indicator-stale"]
    assert stale and all(p.severity == "warning" for p in stale)
    assert errors_only(problems) == []
    _, strict = validate_data(DATA_PATH, later, strict_freshness=True)
    assert {p.type for p in errors_only(strict)} == {"indicator-stale"}
