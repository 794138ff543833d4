"""What a showcase submission can say: real records only, a new organisation, a complete page."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import snapshot
from intake_fixtures import (
    ingest_ndjson,
    intake_data,
    review_json,
    run_cli,
    showcase_row,
    site_submission,
    write_google_forms_csv,
)


@pytest.fixture
def data_path(tmp_path, monkeypatch) -> Path:
    return intake_data(tmp_path, monkeypatch)


def test_a_real_project_attached_to_an_example_organisation_is_refused_at_intake(data_path, capsys):
    row = showcase_row(
        1, **{"Beneficiário": "Associação Exemplo de Produtores de Vinho (fictícia)"}
    )
    source = write_google_forms_csv(data_path.parent / "r.csv", [row, showcase_row(2)])
    before = snapshot(data_path)
    code, out, _ = run_cli(
        capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path)
    )
    assert code == 1
    assert "accepted 1" in out and "rejected 1" in out
    [line] = [x for x in out.splitlines() if "example-reference" in x]
    assert "row 2" in line and "field 'beneficiary_id'" in line
    assert "'exemplo-assoc-vinhos'" in line and "must not mix" in line
    assert "new organisation" in out  # the fix names the way out
    assert [i["record_id"] for i in review_json(capsys, data_path)] == ["TESTE-0002"]
    assert snapshot(data_path) == before


def test_an_update_of_a_published_record_says_so_and_lists_old_and_new(data_path, capsys):
    ingest_ndjson(capsys, data_path, [site_submission(20, markets="US;BR")])
    [first] = review_json(capsys, data_path)
    assert run_cli(capsys, "approve", first["id"], "--data", str(data_path))[0] == 0
    update = site_submission(21, id="TESTE-0020", title_pt="Título corrigido", markets="US")
    code, _, _ = ingest_ndjson(capsys, data_path, [update])
    assert code == 0
    code, out, _ = run_cli(capsys, "review", "--data", str(data_path))
    assert code == 0
    lines = out.splitlines()
    assert "\tupdate of a published record\t" in lines[0] and "TESTE-0020" in lines[0]
    assert "    title_pt: 'Projeto de teste 20' → 'Título corrigido'" in lines
    assert "    markets: 'US;BR' → 'US'" in lines
    assert "    warning: replaces values of a record that is already published" in lines
    [item] = review_json(capsys, data_path)
    changes = item["changes"]
    assert changes["kind"] == "update" and changes["record_id"] == "TESTE-0020"
    assert {"field": "markets", "old": "US;BR", "new": "US"} in changes["fields"]
    assert [w["code"] for w in changes["warnings"]] == ["replaces-published"]
    code, out, _ = run_cli(capsys, "approve", item["id"], "--dry-run", "--data", str(data_path))
    assert code == 0
    assert f"{item['id']}: projects TESTE-0020, update of a published record" in out
    assert "    markets: 'US;BR' → 'US'" in out.splitlines()


def test_a_new_record_is_new_in_every_view(data_path, capsys):
    ingest_ndjson(capsys, data_path, [site_submission(22)])
    code, out, _ = run_cli(capsys, "review", "--data", str(data_path))
    assert "\tnew record\t" in out.splitlines()[0]
    assert "    title_pt: '' → 'Projeto de teste 22'" in out.splitlines()
    [item] = review_json(capsys, data_path)
    assert item["changes"]["kind"] == "new" and item["changes"]["warnings"] == []


# 999999990 is the generic NIF of a final consumer in Portugal: a valid check digit, no entity.
GENERIC_NIF = "999999990"


def new_organisation(number: int, **values: str) -> dict:
    """A submission whose beneficiary is not listed: it names a new organisation instead."""
    submission = site_submission(
        number,
        organisation_name="Cooperativa Teste do Montado (fictícia)",
        organisation_nif=f"PT {GENERIC_NIF[:3]} {GENERIC_NIF[3:6]} {GENERIC_NIF[6:]}",
        organisation_kind="non-profit",
        **values,
    )
    del submission["values"]["beneficiary_id"]
    return submission


def test_a_new_organisation_is_reviewed_with_the_project_and_created_on_approval(data_path, capsys):
    code, out, _ = ingest_ndjson(capsys, data_path, [new_organisation(30)])
    assert code == 0, out
    code, out, _ = run_cli(capsys, "review", "--data", str(data_path))
    assert "    warning: creates a new (self-reported) organisation" in out
    assert "    + organisations 'cooperativa-teste-do-montado-ficticia' (new record)" in out
    assert "        nif: '' → '999999990'" in out
    [item] = review_json(capsys, data_path)
    assert [w["code"] for w in item["changes"]["warnings"]] == ["new-organisation"]
    beneficiary = next(f for f in item["changes"]["fields"] if f["field"] == "beneficiary_id")
    assert beneficiary["new"] == "cooperativa-teste-do-montado-ficticia"
    code, out, err = run_cli(capsys, "approve", item["id"], "--data", str(data_path))
    assert code == 0, err
    organisations = (data_path / "organisations.csv").read_text()
    assert (
        "cooperativa-teste-do-montado-ficticia,Cooperativa Teste do Montado (fictícia),"
        "999999990,non-profit,,,,self-reported,\n"
    ) in organisations
    projects = (data_path / "projects.csv").read_text()
    assert ",,cooperativa-teste-do-montado-ficticia," in projects
    assert run_cli(capsys, "validate", "--data", str(data_path))[0] == 0


def test_a_listed_nif_uses_that_organisation(data_path, capsys):
    path = data_path / "organisations.csv"
    path.write_text(path.read_text().replace("iapmei,IAPMEI,,", f"iapmei,IAPMEI,{GENERIC_NIF},"))
    code, out, _ = ingest_ndjson(capsys, data_path, [new_organisation(31)])
    assert code == 0, out
    [item] = review_json(capsys, data_path)
    assert [w["code"] for w in item["changes"]["warnings"]] == ["organisation-listed"]
    assert item["changes"]["related"] == []
    before = path.read_bytes()
    assert run_cli(capsys, "approve", item["id"], "--data", str(data_path))[0] == 0
    assert path.read_bytes() == before
    assert "TESTE-0031,Projeto de teste 31,,,,iapmei," in (data_path / "projects.csv").read_text()


@pytest.mark.parametrize(
    ("change", "field", "kind"),
    [
        ({"beneficiary_id": "iapmei"}, "organisation_name", "choose-one"),  # both
        ({"organisation_name": ""}, "beneficiary_id", "choose-one"),  # neither
        ({"organisation_kind": ""}, "organisation_kind", "required-with"),
        ({"organisation_nif": "999999991"}, "organisation_nif", "invalid-value"),
    ],
)
def test_a_new_organisation_is_refused_when_incomplete_or_beside_a_listed_one(
    data_path, capsys, change, field, kind
):
    submission = new_organisation(32)
    submission["values"].update(change)
    submission["values"] = {k: v for k, v in submission["values"].items() if v}
    before = snapshot(data_path)
    code, out, _ = ingest_ndjson(capsys, data_path, [submission])
    assert code == 1, out
    assert f"field {field!r}" in out and f"[{kind}]" in out, out
    assert review_json(capsys, data_path) == [] and snapshot(data_path) == before


def test_an_export_names_a_new_organisation_by_the_form_labels(data_path, capsys):
    row = showcase_row(
        33,
        **{
            "Beneficiário": "",
            "Nova organização: nome": "Cooperativa Teste do Montado (fictícia)",
            "Nova organização: NIF/NIPC": GENERIC_NIF,
            "Nova organização: tipo": "Entidade sem fins lucrativos",
        },
    )
    source = write_google_forms_csv(data_path.parent / "n.csv", [row])
    code, out, _ = run_cli(
        capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path)
    )
    assert code == 0, out
    [item] = review_json(capsys, data_path)
    assert item["values"]["organisation_kind"] == "non-profit"
    assert "beneficiary_id" not in item["values"]


def test_an_example_partner_is_refused_at_intake(data_path, capsys):
    code, out, _ = ingest_ndjson(
        capsys, data_path, [site_submission(34, partner_ids="aicep;exemplo-assoc-pedra")]
    )
    assert code == 1
    assert "field 'partner_ids'" in out and "[example-reference]" in out
    assert "'exemplo-assoc-pedra'" in out
