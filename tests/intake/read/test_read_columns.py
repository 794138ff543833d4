"""Export headings map to form fields whatever a form service adds around the site's labels."""

from __future__ import annotations

import json

import pytest

from helpers import DATA_PATH
from intake_fixtures import intake_data, showcase_row, write_google_forms_csv, write_xlsx
from intlhub.base import i18n
from intlhub.cli.main import main
from intlhub.dataset.forms import read_forms
from intlhub.dataset.load_dataset import load_dataset
from intlhub.intake.read.columns import map_columns

# What form services and people add around a question's label (fix 4 of issue 12).
DECORATIONS = [
    "{} (opcional)",
    "{} (optional)",
    "{} (Opcional)",
    "{} *",
    "{}*",
    "{} (obrigatório)",
    "{} (required)",
    "{}:",
    "{} ?",
    "{} (obrigatório) *",
    "1. {}",
    "12) {}",
    "Q3 - {}",
    "P4. {}",
]


@pytest.fixture(scope="module")
def forms():
    return read_forms(load_dataset(DATA_PATH))


@pytest.fixture
def data_path(tmp_path, monkeypatch):
    return intake_data(tmp_path, monkeypatch)


def test_every_label_maps_with_what_services_add(forms):
    missed = []
    for form in forms.values():
        for form_field in form.fields:
            for lang, label in form_field.label.items():
                shown = f"{label} {i18n.t('form_optional', lang)}"  # as form.md.j2 shows it
                for heading in [shown, *(d.format(label) for d in DECORATIONS)]:
                    columns = map_columns(form, [heading])
                    if columns.fields != {0: form_field.name}:
                        missed.append((form.name, heading, columns.unknown))
    assert missed == []


def test_a_heading_that_only_looks_decorated_stays_unknown(forms):
    columns = map_columns(forms["showcase"], ["Título em português (rascunho)", "Setores extra"])
    assert (columns.fields, columns.unknown) == (
        {},
        ["Título em português (rascunho)", "Setores extra"],
    )


def test_fields_without_a_column_are_listed(forms):
    form = forms["showcase"]
    header = [
        "Código da operação *",
        "Título em português",
        "Beneficiário",
        "Estado",
        "Nome",
        "Email",
    ]
    columns = map_columns(form, header)
    assert columns.missing(form) == []
    unfed = columns.unfed(form)
    assert "title_en" in unfed and "contact_phone" in unfed
    assert not {
        "id",
        "title_pt",
        "beneficiary_id",
        "status",
        "contact_name",
        "contact_email",
    } & set(unfed)


def queued(capsys, data_path):
    assert main(["review", "--json", "--data", str(data_path)]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_labels_copied_from_the_site_are_read_and_unused_columns_warned(data_path, capsys, kind):
    row = showcase_row(21)
    row = {
        ("Título em inglês (opcional)" if k == "Título em inglês" else f"{k} *"): v
        for k, v in row.items()
        if k != "Resumo em português"
    }
    row["Pergunta extra"] = "x"
    path = data_path.parent / f"respostas.{kind}"
    source = write_google_forms_csv(path, [row]) if kind == "csv" else write_xlsx(path, [row])
    code = main(["ingest", str(source), "--form", "showcase", "--data", str(data_path)])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "accepted 1" in out
    assert "warning: unknown column (not used): 'Pergunta extra'" in err
    assert (
        "warning: no column for the optional field 'summary_pt' ('Resumo em português'): "
        "its value is left empty"
    ) in err
    assert "'title_en'" not in err and "Pergunta extra" not in out
    [item] = queued(capsys, data_path)
    assert item["values"]["title_en"] == "Joint wine promotion no. 21"
    assert item["values"]["eu_funding_eur"] == "340000"


def test_site_submissions_leave_unanswered_fields_out_without_warnings(data_path, capsys):
    """In JSON an absent key is an unanswered question, not a missing column."""
    from intake_fixtures import site_submission, write_ndjson

    source = write_ndjson(data_path.parent / "s.ndjson", [site_submission(22)])
    code = main(["ingest", str(source), "--form", "showcase", "--data", str(data_path)])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "no column" not in err
