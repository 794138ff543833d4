"""Every choice the site's forms show reads back to its value; a text naming two choices is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import DATA_PATH, copy_data
from intlhub.dataset.forms import find_form, read_forms
from intlhub.dataset.load_dataset import load_dataset
from intlhub.intake.read.fields import FieldReader, Lookups
from intlhub.site.plan_forms import form_spec

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA_PATH)


def read(dataset, form_name: str, field: str, raw: str):
    form = find_form(dataset, form_name)
    value, issues = FieldReader(form.field(field), Lookups(dataset, form), "dmy").read(raw)
    return value, [(kind, reason, fix) for kind, reason, fix in issues]


def test_every_choice_the_site_shows_reads_back_to_its_value(dataset):
    """For each form, field with choices and language: the value and the label as plan_forms renders them."""
    checked, wrong = 0, []
    for form in read_forms(dataset).values():
        lookups = Lookups(dataset, form)
        for lang in ("pt", "en"):
            for spec in form_spec(dataset, form, lang)["fields"]:
                reader = FieldReader(form.field(spec["name"]), lookups, "dmy")
                for choice in spec["choices"]:
                    for shown in (choice["value"], choice["label"]):
                        value, issues = reader.read(shown)
                        checked += 1
                        if value != choice["value"]:
                            wrong.append((form.name, spec["name"], lang, shown, value, issues))
    assert wrong == []
    assert checked > 100, "the forms show choices (calls, organisations, regions, enums…)"


@pytest.mark.parametrize(
    ("form", "field", "raw", "value"),
    [
        ("showcase", "nuts3", "Alentejo Central", "PT187"),
        ("showcase", "nuts3", "alentejo central", "PT187"),
        ("showcase", "nuts3", "PT187", "PT187"),
        ("showcase", "nuts3", "Alentejo Central (PT187)", "PT187"),
        ("showcase", "call_id", "2.º concurso", "call-2"),
        ("showcase", "call_id", "Call 2", "call-2"),
        ("showcase", "call_id", "call-2", "call-2"),
        ("showcase", "call_id", "2.º concurso – Ações Coletivas Internacionalização", "call-2"),
        ("showcase", "status", "Concluído", "completed"),
        ("showcase", "status", "Completed", "completed"),
        ("showcase", "beneficiary_id", "exemplo-assoc-vinhos", "exemplo-assoc-vinhos"),
    ],
)
def test_a_choice_reads_by_name_code_or_label(dataset, form, field, raw, value):
    assert read(dataset, form, field, raw) == (value, [])


def test_a_text_that_names_two_choices_is_refused_and_says_which(tmp_path):
    data_path = copy_data(tmp_path)
    calls = data_path / "calls.csv"
    calls.write_text(
        calls.read_text(encoding="utf-8")
        + "call-3,2.º concurso – Ações Coletivas (reaberto),Call 2 – reopened,,,1000000,,,planned,,example,gp-description,\n",
        encoding="utf-8",
    )
    dataset = load_dataset(data_path)
    assert read(dataset, "showcase", "call_id", "2.º concurso") == (
        None,
        [
            (
                "invalid-value",
                "'2.º concurso' matches 2 calls: 'call-2' (2.º concurso – Ações Coletivas "
                "Internacionalização), 'call-3' (2.º concurso – Ações Coletivas (reaberto))",
                "Write the code: 'call-2' or 'call-3'.",
            )
        ],
    )
    assert read(dataset, "showcase", "call_id", "call-3") == ("call-3", [])
    assert read(dataset, "showcase", "call_id", "Call 2 – reopened") == ("call-3", [])
