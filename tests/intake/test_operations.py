"""Importing the managing authority's list of operations (fictitious example operations only)."""

from __future__ import annotations

import pytest

from helpers import FIXTURES_PATH, copy_data, snapshot
from intake_fixtures import operation, write_operations_xlsx
from intlhub.cli.main import main
from intlhub.dataset.load_dataset import load_dataset
from intlhub.intake.import_operations import COLUMNS, column_of
from intlhub.intake.private.store import PrivatePaths, read_audit

FILTER = "Código da Operação=^EXEMPLO-OP-"


@pytest.fixture
def data_path(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")
    monkeypatch.setenv("INTLHUB_USER", "staff")
    return copy_data(tmp_path)


def ingest(capsys, data_path, path, *extra):
    code = main(["ingest", str(path), "--form", "operations", "--data", str(data_path), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_imports_validates_and_a_second_import_changes_nothing(data_path, capsys, tmp_path):
    rows = [operation(1), operation(2), operation(3, measure="OUTRA")]
    source = write_operations_xlsx(tmp_path / "lista.xlsx", rows)
    code, out, _ = ingest(capsys, data_path, source, "--filter", FILTER)
    assert code == 0, out
    assert "read 3, created 2, updated 0, unchanged 0, rejected 0, filtered out 1" in out
    dataset = load_dataset(data_path)
    projects = dataset.index("projects")
    first = projects["EXEMPLO-OP-0001"]
    assert first["title_pt"] == "Operação exemplo 1 (fictícia)"
    assert str(first["start_date"]) == "2016-04-01" and str(first["end_date"]) == "2017-12-31"
    assert first["eligible_cost_eur"] == 100000 and str(first["eu_cofinancing_rate"]) == "0.85"
    assert first["nuts3"] == "PT187" and first["beneficiary_id"] == "exemplo-assoc-pedra"
    assert first["title_en"] is None and first["call_id"] is None and first["markets"] == ()
    assert first["verification"] == "example", "EXEMPLO- codes never pass as verified"
    new_org = dataset.index("organisations")["exemplo-entidade-exemplo-2-ficticia"]
    assert new_org["nif"] is None and new_org["verification"] == "example"
    assert main(["validate", "--data", str(data_path)]) == 0
    capsys.readouterr()
    before = snapshot(data_path)
    code, out, _ = ingest(capsys, data_path, source, "--filter", FILTER)
    assert code == 0 and "created 0, updated 0, unchanged 2" in out and "0 changes" in out
    assert snapshot(data_path) == before
    audit = read_audit(PrivatePaths(data_path.parent / "private"))
    assert [(a["action"], a["by"]) for a in audit] == [("import", "staff")]
    assert not list((data_path.parent / "private" / "queue").glob("*.jsonl")), (
        "imports skip the queue"
    )


def test_curated_summary_is_kept_and_empty_cells_never_overwrite(data_path, capsys, tmp_path):
    source = write_operations_xlsx(tmp_path / "a.xlsx", [operation(1)])
    ingest(capsys, data_path, source)
    projects = data_path / "projects.csv"
    projects.write_text(
        projects.read_text().replace("Resumo fictício da operação 1.", "Resumo curado pela equipa.")
    )
    update = write_operations_xlsx(
        tmp_path / "b.xlsx",
        [operation(1, summary="Outro resumo.", cost=200000.0, fund=170000.0, nuts="n.d.")],
    )
    code, out, _ = ingest(capsys, data_path, update)
    assert code == 0 and "updated 1" in out
    project = load_dataset(data_path).index("projects")["EXEMPLO-OP-0001"]
    assert project["summary_pt"] == "Resumo curado pela equipa."
    assert project["eligible_cost_eur"] == 200000 and project["nuts3"] == "PT187"


def test_bad_rows_are_reported_and_a_list_that_breaks_the_data_changes_nothing(
    data_path, capsys, tmp_path
):
    source = write_operations_xlsx(
        tmp_path / "c.xlsx", [operation(1, start="31.02.2016"), operation(2)]
    )
    code, out, _ = ingest(capsys, data_path, source)
    assert code == 1 and "created 1" in out and "rejected 1" in out
    assert "row 5, field 'start_date': '31.02.2016' is not a valid date" in out
    before = snapshot(data_path)
    broken = write_operations_xlsx(tmp_path / "d.xlsx", [operation(4, fund=1.0)])
    code, _, err = ingest(capsys, data_path, broken)
    assert code == 1 and "funding-mismatch" in err and "nothing was written" in err
    assert snapshot(data_path) == before


def test_a_file_that_is_not_the_list_is_refused_whole(data_path, capsys, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    before = snapshot(data_path)
    code, _, err = ingest(capsys, data_path, other)
    assert code == 1 and "no column for id" in err
    assert snapshot(data_path) == before


def test_real_operations_are_verified_and_cite_the_list(data_path, capsys, tmp_path):
    """Codes without the EXEMPLO- prefix (here clearly fictitious TESTE- codes) are verified."""
    rows = [
        operation(1, measure="X", code="TESTE-OP-0001", beneficiary="Entidade de Teste (fictícia)")
    ]
    source = write_operations_xlsx(tmp_path / "lista-teste.xlsx", rows)
    code, out, _ = ingest(capsys, data_path, source)
    assert code == 0, out
    dataset = load_dataset(data_path)
    assert dataset.index("projects")["TESTE-OP-0001"]["verification"] == "verified"
    organisation = dataset.index("organisations")["entidade-de-teste-ficticia"]
    assert (organisation["verification"], organisation["source_id"]) == (
        "verified",
        "list-of-operations",
    )
    assert (
        dataset.index("sources")["list-of-operations"]["title"]
        == "Lista de operações aprovadas (lista-teste.xlsx)"
    )


NUTS_LIST = FIXTURES_PATH / "operations" / "lista-operacoes-nuts.csv"


def nuts_list_as_xlsx(path):
    """The fixture list's cells in an XLSX, as the programmes also publish it."""
    import csv

    import openpyxl

    workbook = openpyxl.Workbook()
    with NUTS_LIST.open(encoding="utf-8", newline="") as lines:
        for cells in csv.reader(lines, delimiter=";"):
            workbook.active.append(cells)
    workbook.save(path)
    return path


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_list_with_both_nuts_columns_imports(data_path, capsys, tmp_path, kind):
    """Fix 1 of issue 12: "NUTS II / NUTS 2" is not a truncated "NUTS III / NUTS 3"."""
    source = NUTS_LIST if kind == "csv" else nuts_list_as_xlsx(tmp_path / "lista.xlsx")
    code, out, err = ingest(capsys, data_path, source)
    assert code == 0, out + err
    assert "read 2, created 2, updated 0, unchanged 0, rejected 0" in out
    projects = load_dataset(data_path).index("projects")
    assert [projects[f"EXEMPLO-NUTS-000{n}"]["nuts3"] for n in (1, 2)] == ["PT187", "PT184"]
    assert (
        projects["EXEMPLO-NUTS-0001"]["title_pt"] == "Operação exemplo com NUTS II e III (fictícia)"
    )
    assert "'NIF / VAT Number'" in out + err, "an unused column is still reported"
    assert "NUTS II" not in out + err, "the NUTS II column is known, not reported as unknown"


def test_every_known_heading_maps_to_its_own_column_never_to_a_longer_one():
    """Exact first, then the longest known prefix: a shorter heading is never a truncated one."""
    for key, starts in COLUMNS.items():
        for start in starts:
            assert column_of(start) == key, start
            assert column_of(f"{start.upper()} (EUR) / x") == key, start
    assert column_of("NUTS II / NUTS 2") == "nuts2"
    assert column_of("NUTS III / NUTS 3") == "nuts3"
    assert column_of("NUTS III (2013)") == "nuts3", "the longest prefix wins"
    assert column_of("Despesas Elegíveis Totais (EUR) / Total eligible expendi") == (
        "eligible_cost_eur"
    ), "a heading cut at the end still maps"
    assert column_of("NUTS I") is None, "a cut that fits two columns maps to neither"
