"""data/forms.yaml: checked by `intlhub validate`; events and market notes go through approve."""

from __future__ import annotations

import json

import yaml

from helpers import DATA_PATH, copy_data
from intlhub.cli.main import main
from intlhub.dataset.check_forms import check_forms
from intlhub.dataset.load_dataset import load_dataset


def flatten(problems):
    return [(p.file, p.field, p.type) for p in problems]


def test_default_forms_are_valid_and_mark_every_field():
    dataset = load_dataset(DATA_PATH)
    assert check_forms(dataset) == []
    for form in dataset.forms["forms"].values():
        for field in form["fields"]:
            assert field["privacy"] in ("public", "personal")
            assert ("maps_to" in field) == (field["privacy"] == "public")


def test_broken_forms_are_reported(tmp_path):
    data_path = copy_data(tmp_path)
    forms = yaml.safe_load((data_path / "forms.yaml").read_text(encoding="utf-8"))
    fields = forms["forms"]["showcase"]["fields"]
    fields[1]["maps_to"] = "projects.no_such_field"
    fields[2]["maps_to"] = "events.title_en"
    forms["forms"]["showcase"]["fields"] = [f for f in fields if f["name"] != "status"]
    (data_path / "forms.yaml").write_text(
        yaml.safe_dump(forms, allow_unicode=True), encoding="utf-8"
    )
    assert flatten(check_forms(load_dataset(data_path))) == [
        ("forms.yaml", "forms/showcase/fields/1/maps_to", "unknown-field"),
        ("forms.yaml", "forms/showcase/fields/2/maps_to", "wrong-resource"),
        ("forms.yaml", "forms/showcase/fields", "required-not-filled"),  # title_pt
        ("forms.yaml", "forms/showcase/fields", "required-not-filled"),  # status
    ]


def run(capsys, *args):
    code = main(list(args))
    return code, capsys.readouterr()


def test_event_and_market_note_are_published_on_approval(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")
    data_path = copy_data(tmp_path)
    event = {"Título em português": "Feira de teste", "Título em inglês": "Test fair", "Tipo de evento": "Feira",
             "Mercado (país)": "Alemanha", "Primeiro dia": "14.03.2027", "Último dia": "16/03/2027",
             "Setores": "Vinho; Cortiça", "Nome da pessoa de contacto": "Pessoa", "E-mail da pessoa de contacto": "p@example.org"}  # fmt: skip
    note = {"market": "de", "lang": "en", "section": "business_culture", "body": "A test note.", "source_title": "Test source",
            "source_publisher": "Test publisher", "source_url": "https://example.org/source", "source_published": "2026",
            "contact_name": "Pessoa", "contact_email": "p@example.org", "submission_id": "nota-1"}  # fmt: skip
    (tmp_path / "event.json").write_text(json.dumps([event]), encoding="utf-8")
    (tmp_path / "note.json").write_text(json.dumps({"results": [note]}), encoding="utf-8")
    assert (
        run(
            capsys,
            "ingest",
            str(tmp_path / "event.json"),
            "--form",
            "event",
            "--data",
            str(data_path),
        )[0]
        == 0
    )
    assert (
        run(
            capsys,
            "ingest",
            str(tmp_path / "note.json"),
            "--form",
            "market-note",
            "--data",
            str(data_path),
        )[0]
        == 0
    )
    code, out = run(capsys, "review", "--json", "--data", str(data_path))
    ids = [item["id"] for item in json.loads(out.out)]
    assert "market-note-nota-1" in ids
    code, out = run(capsys, "approve", *ids, "--data", str(data_path))
    assert code == 0, out.err
    dataset = load_dataset(data_path)
    event_row = dataset.index("events")["feira-de-teste-2027"]
    assert (event_row["kind"], event_row["market_code"], str(event_row["starts"])) == (
        "trade-fair",
        "DE",
        "2027-03-14",
    )
    assert event_row["sectors"] == ("wine", "cork") and event_row["verification"] == "self-reported"
    section = dataset.guidance[("DE", "en")]["sections"]["business_culture"]
    assert section["body"] == "A test note." and section["sources"] == ["test-source"]
    assert dataset.index("sources")["test-source"]["publisher"] == "Test publisher"
    assert main(["validate", "--data", str(data_path)]) == 0
