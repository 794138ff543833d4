"""A large ingest shares its work with a check process; the outcome is the one of a single process.

The size threshold is lowered here so that small exports take the two-process path, and the
chunks sent to the check process are made small so that many of them wait for answers.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

import intlhub.intake.ingest
import intlhub.intake.ingest_source
from helpers import copy_data, snapshot
from intake_fixtures import showcase_row, write_google_forms_csv
from intlhub.cli.main import main
from intlhub.dataset.load_dataset import load_dataset
from intlhub.intake.check_worker import CheckProcess, CheckProcessError
from intlhub.intake.ingest import IngestOptions, ingest_export
from intlhub.intake.private.store import PrivatePaths, opened
from intlhub.intake.read.source import read_bytes

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def environment(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")  # 2026-11-27
    monkeypatch.setenv("INTLHUB_USER", "tester")
    monkeypatch.delenv("INTLHUB_PRIVATE_DIR", raising=False)
    monkeypatch.setattr(intlhub.intake.ingest, "SENT_CHUNK_ROWS", 3)


def export_rows() -> list[dict[str, str]]:
    """Good rows, and rows each check refuses: in one row, across rows, or against data/."""
    rows = [showcase_row(n) for n in range(1, 15)]
    rows[2]["Data de início"] = "31/02/2016"  # invalid-value, found while reading
    rows[4]["Financiamento da UE (euros)"] = "1,00 €"  # funding-mismatch, cross-record
    rows[6]["Data de fim"] = "01/01/2015"  # date-order, cross-record
    rows[7]["Beneficiário"] = "Associação Inexistente"  # invalid-value: not an organisation
    rows[9] = dict(rows[8])  # the same answer twice: unchanged
    rows[10]["Código da operação"] = rows[11]["Código da operação"]  # conflicting-row
    rows[12]["Título em português"] = "n.d."  # a required value missing
    return rows


def ingest(capsys, data_path: Path, source: Path, parallel: bool, *options: str):
    """Run `intlhub ingest`; return its exit code, output and private files, run ids removed."""
    threshold = intlhub.intake.ingest_source.PARALLEL_MIN_BYTES
    intlhub.intake.ingest_source.PARALLEL_MIN_BYTES = 0 if parallel else 1 << 60
    try:
        code = main(
            ["ingest", str(source), "--form", "showcase", "--data", str(data_path), *options]
        )
    finally:
        intlhub.intake.ingest_source.PARALLEL_MIN_BYTES = threshold
    out, err = capsys.readouterr()
    private = data_path.parent / "private"
    unrun = re.compile(r"\d{8}T\d{6}Z-[a-z]+-[0-9a-f]+")

    def same(text: str) -> str:
        return unrun.sub("RUN", text).replace(str(data_path.parent), "WORK")

    files = sorted(  # every private file so far: (folder, kind, text without times)
        (
            path.parent.name,
            path.suffix,
            same(re.sub(r'"(received|when)": "[^"]*"', r'"\1": "-"', path.read_text("utf-8"))),
        )
        for path in private.rglob("*")
        if path.suffix in (".jsonl", ".csv")
    )
    return code, same(out), same(err), files


@pytest.mark.parametrize("options", [(), ("--dry-run",), ("--all-or-nothing",)])
def test_two_processes_give_the_outcome_of_one(tmp_path, capsys, options):
    outcomes = []
    source = write_google_forms_csv(tmp_path / "export.csv", export_rows())
    for parallel in (False, True):
        data_path = copy_data(tmp_path / str(parallel))
        before = snapshot(data_path)
        first = ingest(capsys, data_path, source, parallel, *options)
        again = ingest(capsys, data_path, source, parallel, *options)
        assert snapshot(data_path) == before, "ingest never writes data/"
        outcomes.append((first, again))
    assert outcomes[0] == outcomes[1]
    (code, out, _, files), (_, again_out, _, _) = outcomes[1]
    assert code == 1
    rejected = re.findall(r"row (\d+)(?:, field '(\w+)')?: .* \[([a-z-]+)\]", out)
    assert rejected == [
        ("4", "start_date", "invalid-value"),
        ("6", "eu_funding_eur", "funding-mismatch"),
        ("8", "end_date", "date-order"),
        ("9", "beneficiary_id", "invalid-value"),
        ("13", "id", "conflicting-row"),
        ("14", "title_pt", "invalid-value"),
    ]
    if options == ("--dry-run",):
        assert "read 14, accepted 7, unchanged 1, updated 0, rejected 6" in out
        assert files == []
    elif options == ("--all-or-nothing",):
        assert "read 14, accepted 0, unchanged 1, updated 0, rejected 6" in out
        assert [folder for folder, _, _ in files] == ["audit", "rejects", "rejects"]
    else:
        assert "read 14, accepted 7, unchanged 1, updated 0, rejected 6" in out
        assert "read 14, accepted 0, unchanged 8, updated 0, rejected 6" in again_out
        [queue_text] = [text for folder, _, text in files if folder == "queue"]
        queued = [json.loads(line) for line in queue_text.splitlines()]
        assert [(q["row"], q["record_id"], q["change"]) for q in queued] == [
            (2, "TESTE-0001", "new"),
            (3, "TESTE-0002", "new"),
            (5, "TESTE-0004", "new"),
            (7, "TESTE-0006", "new"),
            (10, "TESTE-0009", "new"),
            (12, "TESTE-0012", "new"),
            (15, "TESTE-0014", "new"),
        ]


def test_invalid_data_is_reported_as_when_checked_first(tmp_path, capsys):
    data_path = copy_data(tmp_path)
    projects = data_path / "projects.csv"
    lines = projects.read_text("utf-8").splitlines(keepends=True)
    projects.write_text(
        lines[0] + "not an id" + lines[1][lines[1].index(",") :] + "".join(lines[2:]), "utf-8"
    )
    source = write_google_forms_csv(tmp_path / "export.csv", export_rows())
    missing_column = tmp_path / "no-title.csv"
    missing_column.write_text("Código da operação\nTESTE-0001\n", "utf-8")
    before = snapshot(data_path)
    for path in (source, missing_column):
        one = ingest(capsys, data_path, path, parallel=False)
        two = ingest(capsys, data_path, path, parallel=True)
        assert one[0] == two[0] == 1
        assert two[2] == one[2] and two[2].startswith("Error: Data in 'WORK/data' is not valid")
        assert "error [constraint-error] row 2, field 'id'" in two[2]
        assert two[3] == [], "nothing is queued, refused or audited"
    assert snapshot(data_path) == before


def test_a_check_process_that_fails_stops_the_ingest(tmp_path, capfd):
    data_path = copy_data(tmp_path)
    dataset = load_dataset(data_path)
    paths = PrivatePaths(tmp_path / "private")
    grid = read_bytes(
        "export.csv", write_google_forms_csv(tmp_path / "e.csv", export_rows()).read_bytes()
    )
    # The check process validates data/ (valid), then cannot find this form: it stops.
    with CheckProcess(data_path.resolve(), "no-such-form", TODAY) as worker, opened(paths):
        with pytest.raises(CheckProcessError, match="The check process stopped"):
            ingest_export(grid, dataset, paths, IngestOptions("showcase"), TODAY, print, worker)
    assert "Unknown form 'no-such-form'" in capfd.readouterr().err
    assert not list(paths.queue.iterdir()), "no queue file, not even a partial one"


def test_only_large_local_files_take_two_processes(tmp_path):
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    small.write_bytes(b"x" * 10)
    large.write_bytes(b"x" * intlhub.intake.ingest_source.PARALLEL_MIN_BYTES)
    assert [
        intlhub.intake.ingest_source.is_large_file(source)
        for source in (
            str(small),
            str(large),
            str(tmp_path / "missing.csv"),
            "-",
            "https://x/e.csv",
        )
    ] == [False, True, False, False, False]


def test_progress_waits_for_the_verdict_on_data():
    class Worker:
        verdict = None

    worker, seen = Worker(), []
    shown = intlhub.intake.ingest_source.ProgressAfterVerdict(worker, seen.append)
    shown("10% read")
    assert seen == [], "nothing is shown before data/ is known to be valid"
    worker.verdict = ([], True)
    shown("20% read")
    assert seen == ["10% read", "20% read"]
