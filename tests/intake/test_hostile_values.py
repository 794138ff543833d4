"""Issue 13, item 1: hostile values through `intlhub ingest` (CSV, XLSX, JSON) never give a traceback.

Each input is either refused as a whole with one clear error, or its rows are accepted or
rejected with a row/field message; data/ never changes, and the queue and rejects stay readable.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from helpers import snapshot
from intake_fixtures import (
    PT_HEADERS,
    intake_data,
    review_json,
    run_cli,
    showcase_row,
    site_submission,
    write_google_forms_csv,
)


@pytest.fixture
def data_path(tmp_path, monkeypatch):
    return intake_data(tmp_path, monkeypatch)


def ingest(capsys, data_path: Path, source: Path) -> tuple[int, str]:
    """Run `intlhub ingest` on a showcase export; data/ must stay byte-identical."""
    before = snapshot(data_path)
    code, out, err = run_cli(
        capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path)
    )
    assert "Traceback" not in out + err
    assert snapshot(data_path) == before
    return code, out + err


def rejects_text(data_path: Path) -> str:
    """Every rejects file the ingest wrote, decoded as UTF-8 (it must be encodable)."""
    files = sorted((data_path.parent / "private" / "rejects").glob("*"))
    return "".join(path.read_bytes().decode("utf-8") for path in files)


def write_json(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8", errors="surrogatepass")
    return path


def test_json_nested_100000_deep_is_refused_whole(data_path, capsys, tmp_path):
    source = write_json(tmp_path / "deep.json", "[" * 100_000 + "]" * 100_000)
    code, output = ingest(capsys, data_path, source)
    assert code == 1 and output.startswith("Error: Cannot read"), output
    assert "nested more than 64 levels" in output


@pytest.mark.parametrize(
    ("literal", "why"),
    [("NaN", "holds NaN"), ("1e400", "not a finite number"), ("7" * 5000, "5,000 digits")],
)
def test_json_absurd_number_literals_are_refused_whole(data_path, capsys, tmp_path, literal, why):
    record = json.dumps(site_submission(1)).replace('"1.000,50"', literal)
    code, output = ingest(capsys, data_path, write_json(tmp_path / "n.json", f"[{record}]"))
    assert code == 1 and output.startswith("Error: Cannot read"), output
    assert why in output


def test_json_lone_surrogate_in_a_title_rejects_the_row(data_path, capsys, tmp_path):
    good = site_submission(1)
    bad = site_submission(2, title_pt="Projeto \ud800 partido")
    text = json.dumps([good, bad])  # ensure_ascii: the surrogate travels as "\ud800"
    code, output = ingest(capsys, data_path, write_json(tmp_path / "s.json", text))
    assert code == 1, output
    assert "row 2, field 'title_pt'" in output and "lone surrogate" in output, output
    assert [item["values"]["id"] for item in review_json(capsys, data_path)] == ["TESTE-0001"]
    assert "TESTE-0002" in rejects_text(data_path)


@pytest.mark.parametrize("date", [1e20, 3_000_000, -1, 0.5, 200_000])
def test_json_absurd_dates_reject_the_row(data_path, capsys, tmp_path, date):
    record = site_submission(1, start_date="2020-01-01")
    record["values"]["start_date"] = date
    code, output = ingest(capsys, data_path, write_json(tmp_path / "d.json", json.dumps([record])))
    assert code == 1, output
    assert "row 1, field 'start_date'" in output and "not a date" in output, output
    assert review_json(capsys, data_path) == []


@pytest.mark.parametrize(
    ("header", "value", "expected"),
    [
        ("Data de início", "99999", "is not a date"),
        ("Despesa elegível (euros)", "9" * 5000, "too long to be a number"),
        ("Título em português", "Sino \x07 e \x1b", "control character U+0007"),
    ],
)
def test_csv_absurd_values_reject_the_row(data_path, capsys, tmp_path, header, value, expected):
    rows = [showcase_row(1), showcase_row(2, **{header: value})]
    source = write_google_forms_csv(tmp_path / "x.csv", rows)
    code, output = ingest(capsys, data_path, source)
    assert code == 1, output
    assert "row 3" in output and expected in output, output
    assert [item["values"]["id"] for item in review_json(capsys, data_path)] == ["TESTE-0001"]


@pytest.mark.parametrize(
    ("header", "value", "expected"),
    [
        ("Data de início", 1e20, "not a date"),
        ("Data de início", 3_000_000, "not a date"),
        ("Data de início", 10, "not a date"),
        ("Despesa elegível (euros)", 1e300, "far too large"),
        ("Despesa elegível (euros)", "9" * 5000, "too long to be a number"),
    ],
    ids=["date-1e20", "date-3e6", "date-1900", "cost-1e300", "cost-5000-digits"],
)
def test_xlsx_absurd_cells_reject_the_row(data_path, capsys, tmp_path, header, value, expected):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(PT_HEADERS)
    for row in (showcase_row(1), showcase_row(2)):
        sheet.append([row[h] for h in PT_HEADERS])
    sheet.cell(row=3, column=PT_HEADERS.index(header) + 1).value = value
    workbook.save(tmp_path / "x.xlsx")
    code, output = ingest(capsys, data_path, tmp_path / "x.xlsx")
    assert code == 1, output
    assert "row 3" in output and expected in output, output
    assert [item["values"]["id"] for item in review_json(capsys, data_path)] == ["TESTE-0001"]
