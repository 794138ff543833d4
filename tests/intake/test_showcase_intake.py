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
