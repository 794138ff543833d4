"""Ingest into the review queue: real export shapes, idempotency, updates, rejects, review decisions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import PROJECT_PATH, snapshot
from intake_fixtures import (
    intake_data,
    showcase_row,
    site_submission,
    write_excel_csv,
    write_google_forms_csv,
    write_ndjson,
    write_xlsx,
)
from intake_fixtures import (
    run_cli as run,
)
from intlhub.cli.main import main
from intlhub.intake.private.store import PrivatePaths, read_audit


@pytest.fixture
def data_path(tmp_path, monkeypatch) -> Path:
    return intake_data(tmp_path, monkeypatch)


def queue(capsys, data_path: Path) -> list[dict]:
    code, out, _ = run(capsys, "review", "--json", "--data", str(data_path))
    assert code == 0
    return json.loads(out)


def private(data_path: Path) -> PrivatePaths:
    return PrivatePaths(data_path.parent / "private")


def test_google_forms_csv_with_pt_labels_lands_in_the_queue(data_path, capsys):
    source = write_google_forms_csv(
        data_path.parent / "respostas.csv", [showcase_row(1), showcase_row(2)]
    )
    before = snapshot(data_path)
    code, out, _ = run(
        capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path)
    )
    assert code == 0, out
    assert "read 2, accepted 2, unchanged 0, updated 0, rejected 0" in out
    items = queue(capsys, data_path)
    assert [(i["form"], i["record_id"], i["change"]) for i in items] == [
        ("showcase", "TESTE-0001", "new"),
        ("showcase", "TESTE-0002", "new"),
    ]
    values = items[0]["values"]
    assert values["eligible_cost_eur"] == "400000" and values["eu_cofinancing_rate"] == "0.85"
    assert values["markets"] == "DE;BR" and values["status"] == "completed"
    assert values["beneficiary_id"] == "iapmei" and values["nuts3"] == "PT184"
    assert "contact_email" not in values and items[0]["has_contact"]
    assert snapshot(data_path) == before, "ingest never writes data/"


def test_excel_cp1252_semicolon_csv(data_path, capsys):
    row = showcase_row(
        3,
        **{
            "Título em português": "Exportação de cortiça",
            "Despesa elegível (euros)": "1.234.567,89",
            "Financiamento da UE (euros)": "1.049.382,71",
        },
    )
    source = write_excel_csv(data_path.parent / "excel.csv", [row])
    assert "Exportação".encode("cp1252") in source.read_bytes()
    code, out, _ = run(
        capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path), "--dry-run"
    )
    assert code == 0 and "'Exportação de cortiça'" in out and "Dry run" in out
    assert not (data_path.parent / "private" / "queue").exists() or not list(
        private(data_path).queue.glob("*")
    )


def test_xlsx_with_title_rows_and_real_dates(data_path, capsys):
    source = write_xlsx(data_path.parent / "respostas.xlsx", [showcase_row(4)], title_rows=3)
    code, out, _ = run(
        capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path)
    )
    assert code == 0, out
    values = queue(capsys, data_path)[0]["values"]
    assert values["start_date"] == "2016-04-01" and values["eligible_cost_eur"] == "400000"


def test_ndjson_from_the_site_form_and_reingest_adds_nothing(data_path, capsys):
    source = write_ndjson(
        data_path.parent / "site.ndjson", [site_submission(5), site_submission(6)]
    )
    assert (
        run(capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path))[0] == 0
    )
    ids = [i["id"] for i in queue(capsys, data_path)]
    assert ids == ["showcase-20261127-000000000005", "showcase-20261127-000000000006"]
    files = snapshot(data_path.parent / "private" / "queue")
    code, out, _ = run(
        capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path)
    )
    assert code == 0 and "accepted 0, unchanged 2, updated 0" in out and "0 changes" in out
    assert snapshot(data_path.parent / "private" / "queue") == files


def test_same_id_with_changed_content_is_an_update(data_path, capsys):
    first = write_ndjson(data_path.parent / "a.ndjson", [site_submission(7)])
    run(capsys, "ingest", str(first), "--form", "showcase", "--data", str(data_path))
    second = write_ndjson(
        data_path.parent / "b.ndjson", [site_submission(7, title_pt="Título corrigido")]
    )
    code, out, _ = run(
        capsys, "ingest", str(second), "--form", "showcase", "--data", str(data_path)
    )
    assert code == 0 and "accepted 0, unchanged 0, updated 1" in out
    items = queue(capsys, data_path)
    assert [(i["change"], i["values"]["title_pt"]) for i in items] == [
        ("update", "Título corrigido")
    ]


def test_exact_duplicates_without_id_are_caught_by_their_hash(data_path, capsys):
    source = write_google_forms_csv(
        data_path.parent / "dup.csv", [showcase_row(8), showcase_row(8)]
    )
    code, out, _ = run(
        capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path)
    )
    assert "read 2, accepted 1, unchanged 1" in out and code == 0


def test_conflicting_rows_are_rejected_with_row_field_reason_fix(data_path, capsys):
    rows = [
        showcase_row(9),
        showcase_row(9, **{"Título em português": "Outro título"}),
        showcase_row(10, **{"Data de início": "31/02/2016", "Mercados-alvo": "Marte"}),
    ]
    source = write_google_forms_csv(data_path.parent / "bad.csv", rows)
    code, out, err = run(
        capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path)
    )
    assert code == 1
    assert "read 3, accepted 1, unchanged 0, updated 0, rejected 2" in out
    assert (
        "row 3, field 'id': record 'TESTE-0009' is also submitted on row 2 [conflicting-row]" in out
    )
    assert "row 4, field 'start_date': '31/02/2016' is not a valid date" in out
    assert "row 4, field 'markets': 'Marte' is not a country name" in out
    assert "fix:" in out and "rejects" in err
    rejects = sorted(private(data_path).rejects.glob("*.jsonl"))
    lines = [json.loads(line) for line in rejects[0].read_text().splitlines()]
    assert [line["row"] for line in lines] == [3, 4]
    assert lines[1]["raw"]["Data de início"] == "31/02/2016"


def test_all_or_nothing_queues_nothing_when_a_row_fails(data_path, capsys):
    rows = [showcase_row(11), showcase_row(12, **{"Estado": "talvez"})]
    source = write_google_forms_csv(data_path.parent / "aon.csv", rows)
    code, out, _ = run(
        capsys,
        "ingest",
        str(source),
        "--form",
        "showcase",
        "--data",
        str(data_path),
        "--all-or-nothing",
    )
    assert code == 1 and "accepted 0" in out and "rejected 1" in out
    assert queue(capsys, data_path) == []


def test_cross_record_checks_run_at_intake(data_path, capsys):
    rows = [
        showcase_row(13, **{"Financiamento da UE (euros)": "1,00", "Data de fim": "01/01/2015"})
    ]
    source = write_google_forms_csv(data_path.parent / "x.csv", rows)
    code, out, _ = run(
        capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path)
    )
    assert code == 1
    assert "[funding-mismatch]" in out and "[date-order]" in out


def test_unknown_columns_are_reported_and_missing_ones_refuse_the_input(data_path, capsys):
    row = {**showcase_row(14), "Pergunta extra": "x"}
    source = write_google_forms_csv(data_path.parent / "u.csv", [row])
    code, _, err = run(
        capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path)
    )
    assert code == 0 and "warning: unknown column (not used): 'Pergunta extra'" in err
    before = snapshot(data_path.parent)
    partial = write_google_forms_csv(
        data_path.parent / "p.csv", [{"Título em português": "Só o título"}]
    )
    before = snapshot(data_path.parent)
    code, _, err = run(
        capsys, "ingest", str(partial), "--form", "showcase", "--data", str(data_path)
    )
    assert code == 1 and "no column for the required field(s) 'id'" in err
    assert snapshot(data_path.parent) == before


def test_approve_publishes_validated_data_without_contact_details(data_path, capsys):
    source = write_ndjson(
        data_path.parent / "s.ndjson", [site_submission(15, summary_pt="Resumo.")]
    )
    run(capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path))
    [item] = queue(capsys, data_path)
    code, out, _ = run(capsys, "approve", item["id"], "--data", str(data_path), "--dry-run")
    assert code == 0 and "+TESTE-0015,Projeto de teste 15" in out
    assert "TESTE-0015" not in (data_path / "projects.csv").read_text()
    code, out, _ = run(capsys, "approve", item["id"], "--data", str(data_path))
    assert code == 0, out
    projects = (data_path / "projects.csv").read_text()
    assert "TESTE-0015,Projeto de teste 15,,Resumo.,,iapmei" in projects
    assert "self-reported,2026-11-27" in projects
    assert "pessoa15@example.org" not in "".join(p.read_text() for p in data_path.rglob("*.*"))
    assert run(capsys, "validate", "--data", str(data_path))[0] == 0
    assert queue(capsys, data_path) == []
    stored = [
        json.loads(x)
        for p in private(data_path).store.glob("*.jsonl")
        for x in p.read_text().splitlines()
    ]
    assert stored[0]["personal"]["contact_email"] == "pessoa15@example.org"
    assert stored[0]["decision"] == "approved" and stored[0]["decided_by"] == "tester"
    audit = read_audit(private(data_path))
    assert [(a["action"], a["by"]) for a in audit] == [("ingest", "tester"), ("approved", "tester")]


def test_approve_revalidates_an_edited_queue_file(data_path, capsys):
    source = write_ndjson(data_path.parent / "e.ndjson", [site_submission(16)])
    run(capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path))
    [item] = queue(capsys, data_path)
    path = Path(item["file"])
    path.write_text(path.read_text().replace('"iapmei"', '"nao-existe"'))
    before = snapshot(data_path)
    code, _, err = run(capsys, "approve", item["id"], "--data", str(data_path))
    assert (
        code == 1
        and "no longer pass the checks" in err
        and "field 'beneficiary_id': 'nao-existe' is not a known beneficiary" in err
    )
    assert snapshot(data_path) == before
    path.write_text(
        path.read_text().replace('"eligible_cost_eur": "1000.5"', '"eligible_cost_eur": "mil"')
    )
    code, _, err = run(capsys, "approve", item["id"], "--data", str(data_path))
    assert code == 1 and "field 'eligible_cost_eur': 'mil' is not a number" in err


def test_reject_forget_and_purge(data_path, capsys):
    source = write_ndjson(data_path.parent / "r.ndjson", [site_submission(17), site_submission(18)])
    run(capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path))
    first, second = [i["id"] for i in queue(capsys, data_path)]
    with pytest.raises(SystemExit):
        main(["reject", first, "--data", str(data_path)])  # --reason is required
    code, _, _ = run(
        capsys, "reject", first, "--reason", "Duplicado de outro registo", "--data", str(data_path)
    )
    assert code == 0 and [i["id"] for i in queue(capsys, data_path)] == [second]
    audit = read_audit(private(data_path))
    assert audit[-1]["action"] == "rejected" and audit[-1]["why"] == "Duplicado de outro registo"
    code, out, _ = run(capsys, "forget", "PESSOA17@example.org", "--data", str(data_path))
    assert code == 0 and "1 submission(s)" in out
    every = "".join(p.read_text() for p in (data_path.parent / "private").rglob("*.jsonl"))
    assert "pessoa17@example.org" not in every and "pessoa18@example.org" in every
    code, out, _ = run(capsys, "purge", "--older-than", "0", "--data", str(data_path))
    assert code == 0
    assert read_audit(private(data_path))[-1]["action"] in ("purge", "forget")


def test_private_folder_is_git_ignored_and_never_inside_data(data_path, capsys):
    assert "/private/" in (PROJECT_PATH / ".gitignore").read_text()
    code, _, err = run(
        capsys, "review", "--data", str(data_path), "--private", str(data_path / "p")
    )
    assert code == 1 and "inside the data folder" in err
