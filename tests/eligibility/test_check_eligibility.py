"""`intlhub check-eligibility`: outcomes, reasons with sources, exit codes and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from helpers import PROJECT_PATH, copy_data
from intlhub.cli.main import main

EXAMPLE_PATH = PROJECT_PATH / "docs" / "dev" / "eligibility-answers.example.yaml"
EXAMPLE = yaml.safe_load(EXAMPLE_PATH.read_text(encoding="utf-8"))


def write_answers(tmp_path: Path, call: str | None = None, **changes) -> Path:
    """An answers file: the documented example with some answers changed (None removes one)."""
    answers = {**EXAMPLE["answers"], **changes}
    answers = {key: value for key, value in answers.items() if value is not None}
    document = {"answers": answers} | ({"call": call} if call else {})
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["check-eligibility", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_documented_example_is_not_eligible_today_because_the_calls_closed(capsys):
    code, out, err = run(capsys, str(EXAMPLE_PATH), "--lang", "en", "--today", "2026-01-01")
    assert code == 3
    assert "Result: NOT ELIGIBLE" in out
    assert "[calls-ended-2017] Call closed" in out
    assert (
        "Source: Collective Actions internationalization (good-practice description), Resources needed"
        in out
    )
    assert "Indicative merit score [EXAMPLE]: 4.40 out of 5" in out
    assert "A Collective reach: 0.30 × 4 — 20 to 49 SMEs involved." in out
    assert "EXEMPLO-001" in out  # a similar project in the wine sector
    assert err == ""


def test_before_2018_the_unknown_call_dates_need_a_manual_check(capsys):
    code, out, _ = run(capsys, str(EXAMPLE_PATH), "--today", "2016-06-01")
    assert code == 4
    assert "Resultado: PRECISA DE VERIFICAÇÃO MANUAL" in out
    assert "As fontes não indicam as datas de abertura e de encerramento deste concurso" in out
    assert "4,40 em 5" in out


def test_eligible_when_the_call_dates_are_known_and_today_is_within_them(tmp_path, capsys):
    data_path = copy_data(tmp_path)
    calls_path = data_path / "calls.csv"
    calls = calls_path.read_text(encoding="utf-8")
    calls_path.write_text(
        calls.replace(
            "call-1,1.º concurso – Ações Coletivas Internacionalização,Call 1 – Collective Actions Internationalisation,,,",
            "call-1,1.º concurso – Ações Coletivas Internacionalização,Call 1 – Collective Actions Internationalisation,2016-01-04,2016-12-30,",
        ),
        encoding="utf-8",
    )
    args = [str(EXAMPLE_PATH), "--data", str(data_path), "--lang", "en"]
    code, out, _ = run(capsys, *args, "--today", "2016-06-01")
    assert code == 0, out
    assert "Result: ELIGIBLE" in out and "Reasons:" not in out and "To check:" not in out
    code, out, _ = run(capsys, *args, "--today", "2017-02-01")
    assert code == 3
    assert "[outside-call-dates] Call dates: Today is outside this call's application period" in out


@pytest.mark.parametrize(
    ("lang", "verdict", "because", "source"),
    [
        (
            "pt",
            "Resultado: NÃO ELEGÍVEL",
            "Uma empresa não se pode candidatar sozinha.",
            "Fonte: Ações Coletivas – Internacionalização (descrição de boa prática), Description",
        ),
        (
            "en",
            "Result: NOT ELIGIBLE",
            "A company cannot apply on its own.",
            "Source: Collective Actions internationalization (good-practice description), Description",
        ),
    ],
)
def test_a_company_alone_is_told_why_with_the_source(
    tmp_path, capsys, lang, verdict, because, source
):
    answers_path = write_answers(tmp_path, beneficiary_type="company")
    for call in ("call-1", "call-2"):
        args = ["--call", call, "--lang", lang, "--today", "2016-06-01"]
        code, out, _ = run(capsys, str(answers_path), *args)
        assert code == 3
        block = out.split(f"({call})")[1]
        assert verdict in block and "[company-alone]" in block
        assert because in block and source in block


def test_every_problem_of_a_bad_answers_file_is_reported_with_its_fix(tmp_path, capsys):
    answers_path = write_answers(
        tmp_path,
        "call-1",
        beneficiary_type="firm",
        collective="yes",
        grant_rate_percent=120,
        duration_months=18.5,
        start_date="2016-13-01",
        past_projects=None,
        colour="blue",
    )
    code, out, err = run(capsys, str(answers_path))
    assert code == 1 and out == ""
    assert "has 7 problem(s)" in err
    expected = [
        "answer 'beneficiary_type': 'firm' is not one of the options\n    fix: Write one of: business-association,",
        "answer 'collective': 'yes' is not yes or no\n    fix: Write true or false.",
        "answer 'grant_rate_percent': 120 is above the maximum 100\n    fix: Write a number (at least 0, at most 100)",
        "answer 'duration_months': 18.5 is not a whole number",
        "answer 'start_date': '2016-13-01' is not a date\n    fix: Write a date as YYYY-MM-DD",
        "answer 'colour': no question has this id",
        "answer 'past_projects': the answer is missing (Quantas ações coletivas",
    ]
    for text in expected:
        assert text in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("answers: [1, 2]\n", "has no `answers:` mapping"),
        ("answers: {}\nlanguage: pt\n", "unknown top-level key(s): 'language'"),
        ("answers: {a: [\n", "is not valid YAML"),
    ],
)
def test_unreadable_answers_files(tmp_path, capsys, content, message):
    path = tmp_path / "answers.yaml"
    path.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, str(path))
    assert code == 1 and message in err


def test_usage_errors_exit_2(tmp_path, capsys):
    code, _, err = run(capsys, str(EXAMPLE_PATH), "--call", "call-9")
    assert code == 2 and "Unknown call 'call-9' in --call" in err
    assert "a2030-int-2023, a2030-int-2025, call-1, call-2" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["check-eligibility", str(EXAMPLE_PATH), "--today", "yesterday"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["check-eligibility"])
    assert exit_info.value.code == 2


def test_an_answer_to_a_question_not_asked_is_ignored_with_a_note(tmp_path, capsys):
    answers_path = write_answers(tmp_path, "call-1", agency_competences=False)
    code, _, err = run(capsys, str(answers_path), "--today", "2016-06-01")
    assert code == 4
    assert "answer 'agency_competences' is ignored" in err


def test_help_shows_the_exit_codes_and_an_example(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["check-eligibility", "-h"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert "Example:" in out and "3 not eligible" in out and "4 needs a manual check" in out


EXAMPLE_2030_PATH = PROJECT_PATH / "docs" / "dev" / "eligibility-answers-2030.example.yaml"


def test_without_a_call_the_latest_call_is_checked_with_a_note(tmp_path, capsys):
    path = tmp_path / "answers.yaml"
    document = yaml.safe_load(EXAMPLE_2030_PATH.read_text(encoding="utf-8"))
    del document["call"]
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    code, out, err = run(capsys, str(path), "--lang", "en", "--today", "2025-03-01")
    assert code == 0, err
    assert out.startswith(
        "Collective Actions – Internationalisation (Alentejo 2030, "
        "applications until 24 March 2025) (a2030-int-2025)"
    )
    assert "(call-1)" not in out and "(a2030-int-2023)" not in out
    assert "no call given; checking the latest call, 'a2030-int-2025'" in err


@pytest.mark.parametrize(
    ("today", "code", "outcome"),
    [
        ("2025-03-01", 0, "Result: ELIGIBLE"),  # the opening date is not stated: it does not block
        ("2025-03-24", 0, "Result: ELIGIBLE"),
        ("2025-03-25", 3, "Result: NOT ELIGIBLE"),
    ],
)
def test_the_2025_call_is_eligible_only_until_it_closes(capsys, today, code, outcome):
    got, out, _ = run(capsys, str(EXAMPLE_2030_PATH), "--lang", "en", "--today", today)
    assert got == code and outcome in out


def test_a_2030_reason_cites_the_news_item_and_says_it_is_reported(tmp_path, capsys):
    path = tmp_path / "answers.yaml"
    document = yaml.safe_load(EXAMPLE_2030_PATH.read_text(encoding="utf-8"))
    document["answers"]["universal_access"] = False
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    code, out, _ = run(capsys, str(path), "--lang", "en", "--today", "2025-03-01")
    assert code == 3
    assert "[no-universal-access] Universal access: Applicants must ensure universal access" in out
    assert "Linhas de Elvas; 2025-02-05)." in out
    assert "[As reported by the cited news item]" in out


def test_not_eligible_makes_the_merit_score_moot(capsys):
    """Issue 14, claim 6: no 'at or above the minimum' next to 'not eligible'."""
    code, out, _ = run(capsys, str(EXAMPLE_PATH), "--lang", "pt", "--today", "2026-01-01")
    assert code == 3 and "Resultado: NÃO ELEGÍVEL" in out
    assert "4,40 em 5 — Sem efeito: com o resultado «não elegível»" in out
    assert "Igual ou acima do mínimo" not in out
    code, out, _ = run(capsys, str(EXAMPLE_PATH), "--lang", "en", "--today", "2016-06-01")
    assert code == 4 and "4.40 out of 5 — At or above the minimum of 3.00 to be funded." in out


def test_a_2020_answers_file_against_a_2030_call_lists_what_is_missing(capsys):
    code, out, err = run(capsys, str(EXAMPLE_PATH), "--call", "a2030-int-2025")
    assert code == 1 and out == ""
    assert "has 2 problem(s)" in err
    assert "answer 'universal_access': the answer is missing" in err
    assert "answer 'erei_sector': the answer is missing" in err
    assert "fix: Add `erei_sector:` with one of: mineral-resources, cork-montado," in err
    assert "Traceback" not in err


def test_an_unknown_answer_id_names_the_questions_of_the_call(tmp_path, capsys):
    path = tmp_path / "answers.yaml"
    document = yaml.safe_load(EXAMPLE_2030_PATH.read_text(encoding="utf-8"))
    document["answers"]["sectr"] = "wine"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    code, _, err = run(capsys, str(path))
    assert code == 1
    assert "answer 'sectr': no question has this id" in err
    assert (
        "fix: Use the ids this call asks: beneficiary_type, internationalisation_tourism_role,"
        in err
    )


def test_answers_for_every_question_work_against_all_four_calls(tmp_path, capsys):
    """One file answering the questions of both programmes: each call ignores the others' answers."""
    answers = {**EXAMPLE["answers"], **yaml.safe_load(EXAMPLE_2030_PATH.read_text())["answers"]}
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump({"answers": answers}), encoding="utf-8")
    expected = {
        "call-1": ("2016-06-01", 4, "erei_sector"),
        "call-2": ("2016-06-01", 4, "universal_access"),
        "a2030-int-2023": ("2024-01-10", 0, "universal_access"),
        "a2030-int-2025": ("2025-03-01", 0, "grant_rate_percent"),
    }
    for call, (today, code, ignored) in expected.items():
        got, out, err = run(capsys, str(path), "--call", call, "--today", today)
        assert got == code, (call, out, err)
        assert f"answer {ignored!r} is ignored: call {call!r} does not ask that question" in err
