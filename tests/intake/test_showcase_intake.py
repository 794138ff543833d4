"""What a showcase submission can say: real records only, a new organisation, a complete page."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import snapshot
from intake_fixtures import (
    intake_data_path,
    review_json,
    run_cli,
    showcase_row,
    site_submission,
    write_google_forms_csv,
    write_ndjson,
)


@pytest.fixture
def data_path(tmp_path, monkeypatch) -> Path:
    return intake_data_path(tmp_path, monkeypatch)


run = run_cli
queue = review_json


def ingest(capsys, data_path: Path, submissions: list[dict]) -> tuple[int, str, str]:
    source = write_ndjson(data_path.parent / "in.ndjson", submissions)
    return run(capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path))


def test_a_real_project_attached_to_an_example_organisation_is_refused_at_intake(data_path, capsys):
    row = showcase_row(
        1, **{"Beneficiário": "Associação Exemplo de Produtores de Vinho (fictícia)"}
    )
    source = write_google_forms_csv(data_path.parent / "r.csv", [row, showcase_row(2)])
    before = snapshot(data_path)
    code, out, _ = run(
        capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path)
    )
    assert code == 1
    assert "accepted 1" in out and "rejected 1" in out
    [line] = [x for x in out.splitlines() if "example-reference" in x]
    assert "row 2" in line and "field 'beneficiary_id'" in line
    assert "'exemplo-assoc-vinhos'" in line and "must not mix" in line
    assert "new organisation" in out  # the fix names the way out
    assert [i["record_id"] for i in queue(capsys, data_path)] == ["TESTE-0002"]
    assert snapshot(data_path) == before


def test_an_update_of_a_published_record_says_so_and_lists_old_and_new(data_path, capsys):
    ingest(capsys, data_path, [site_submission(20, markets="US;BR")])
    [first] = queue(capsys, data_path)
    assert run(capsys, "approve", first["id"], "--data", str(data_path))[0] == 0
    update = site_submission(21, id="TESTE-0020", title_pt="Título corrigido", markets="US")
    code, _, _ = ingest(capsys, data_path, [update])
    assert code == 0
    code, out, _ = run(capsys, "review", "--data", str(data_path))
    assert code == 0
    lines = out.splitlines()
    assert "\tupdate of a published record\t" in lines[0] and "TESTE-0020" in lines[0]
    assert "    title_pt: 'Projeto de teste 20' → 'Título corrigido'" in lines
    assert "    markets: 'US;BR' → 'US'" in lines
    assert "    warning: replaces values of a record that is already published" in lines
    [item] = queue(capsys, data_path)
    changes = item["changes"]
    assert changes["kind"] == "update" and changes["record_id"] == "TESTE-0020"
    assert {"field": "markets", "old": "US;BR", "new": "US"} in changes["fields"]
    assert [w["code"] for w in changes["warnings"]] == ["replaces-published"]
    code, out, _ = run(capsys, "approve", item["id"], "--dry-run", "--data", str(data_path))
    assert code == 0
    assert f"{item['id']}: projects TESTE-0020, update of a published record" in out
    assert "    markets: 'US;BR' → 'US'" in out.splitlines()


def test_a_new_record_is_new_in_every_view(data_path, capsys):
    ingest(capsys, data_path, [site_submission(22)])
    code, out, _ = run(capsys, "review", "--data", str(data_path))
    assert "\tnew record\t" in out.splitlines()[0]
    assert "    title_pt: '' → 'Projeto de teste 22'" in out.splitlines()
    [item] = queue(capsys, data_path)
    assert item["changes"]["kind"] == "new" and item["changes"]["warnings"] == []
