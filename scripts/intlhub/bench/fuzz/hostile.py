"""Hostile values and the files that carry them: CSV, XLSX, JSON, NDJSON and YAML bytes.

Builders are plain functions of a recipe (what Hypothesis draws), so a huge input costs one
drawn number, not a huge drawn structure.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Sequence
from typing import Any

import openpyxl

# Texts that broke, or could break, a reader: issue 13's list and the usual suspects.
HOSTILE_TEXTS: tuple[str, ...] = (
    "\ud800",
    "a\udfffb",
    "a\x00b",
    "\x1b[31mred",
    "\x7f\x85\u2028",
    '=HYPERLINK("http://127.0.0.2/","x")',
    "@SUM(1+1)",
    "+1+1",
    "-1+1",
    "[x](javascript:alert(1))",
    "https://example.org/a)[x](javascript:alert(1))",
    "JaVaScRiPt:alert(1)",
    "{{ 7*7 }}",
    "{% raw %}",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\u202eevil",
    "\ufeff",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "sNaN",
    "1e400",
    "-1e400",
    "1E-999999",
    "1E+999999",
    "1e20",
    "9" * 5000,
    "-" + "9" * 5000,
    "0." + "0" * 5000 + "1",
    "1.7976931348623157e308",
    "0x1F",
    "1_000",
    "١٢٣",
    "-0",
    "99999999999999999999",
    "99/99/9999",
    "31/02/2020",
    "00/00/0000",
    "01/01/0001",
    "31/12/9999",
    "9999-99-99",
    "1e20/1/1",
    "2958466",
    "-1",
    "",
    " ",
    "\t",
    "\r\n\r\n",
    '"',
    '""',
    ";",
    "x" * 100_000,
    "é" * 5000,
    "😀" * 1000,
)

# JSON texts (not Python values): literals a strict JSON reader refuses, or that are absurd.
HOSTILE_JSON: tuple[str, ...] = (
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1E-999999",
    "1E+999999",
    "9" * 5000,
    "9" * 10_000,
    '"\\ud800"',
    '"\\udfff\\ud800"',
    '"a\\u0000b"',
    "null",
    "true",
    "false",
    "0",
    "-0.0",
    "[]",
    "{}",
    '["a", 1]',
    '{"a": {"b": [1]}}',
    '"' + "x" * 100_000 + '"',
)

FORMATS = ("csv", "xlsx", "json", "ndjson")
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-32", "broken")
DELIMITERS = (",", ";", "\t", "|")


def json_literal(value: Any) -> str:
    """A Python value as JSON text (keeps lone surrogates as escapes)."""
    return json.dumps(value, ensure_ascii=True)


def encode_text(text: str, encoding: str) -> bytes:
    """Encode a CSV text; 'broken' mixes UTF-8 with invalid bytes."""
    if encoding == "broken":
        return text.encode("utf-8", "surrogatepass") + b"\xff\xfe\x80\xc3"
    return text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")


def csv_bytes(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    encoding: str = "utf-8",
    delimiter: str = ",",
    quoting: int = csv.QUOTE_MINIMAL,
) -> bytes:
    """Rows as CSV bytes in an encoding and with a delimiter."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return encode_text(out.getvalue(), encoding)


def json_rows_text(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], literal: str
) -> list[str]:
    """Each row as a JSON object text; the cell whose value is `JSON:<text>` is spliced raw."""
    texts = []
    for row in rows:
        parts = []
        for header, value in zip(headers, row, strict=False):
            if isinstance(value, str) and value.startswith("JSON:"):
                body = value[5:]
            elif isinstance(value, str) and value == "LITERAL":
                body = literal
            else:
                body = json_literal(value)
            parts.append(f"{json_literal(header)}: {body}")
        texts.append("{" + ", ".join(parts) + "}")
    return texts


def json_bytes(headers, rows, literal: str = "null", shape: str = "list") -> bytes:
    """A JSON export (a list of objects, or a wrong shape)."""
    objects = json_rows_text(headers, rows, literal)
    if shape == "object":
        return ("{" + ", ".join(f'"{i}": {o}' for i, o in enumerate(objects)) + "}").encode()
    if shape == "wrapped":
        return ('{"rows": [' + ", ".join(objects) + "]}").encode()
    if shape == "lists":
        return json.dumps([list(headers)] + [[str(v) for v in r] for r in rows]).encode(
            "utf-8", "surrogatepass"
        )
    if shape == "scalar":
        return literal.encode()
    return ("[" + ", ".join(objects) + "]").encode("utf-8", "surrogatepass")


def ndjson_bytes(headers, rows, literal: str = "null", junk: str = "") -> bytes:
    """An NDJSON export; `junk` is one extra line (blank, truncated, a list…)."""
    lines = json_rows_text(headers, rows, literal)
    if junk:
        lines.insert(len(lines) // 2, junk)
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def deep_json(depth: int, kind: str = "list") -> bytes:
    """A JSON document nested `depth` deep."""
    if kind == "object":
        return ('{"a": ' * depth + "1" + "}" * depth).encode()
    return ("[" * depth + "1" + "]" * depth).encode()


XLSX_ODD_CELLS: tuple[Any, ...] = (
    float("nan"),
    float("inf"),
    1e308,
    -1e-308,
    10**30,
    True,
    dt.datetime(1900, 1, 1),
    dt.datetime(9999, 12, 31, 23, 59, 59),
    dt.date(1, 1, 1),
    dt.time(25 % 24, 0),
    "=1/0",
    '=HYPERLINK("http://127.0.0.2/")',
    "#DIV/0!",
)


def xlsx_bytes(
    headers, rows, odd: Sequence[tuple[int, int, Any, str]] = (), sheets: int = 1
) -> bytes:
    """An XLSX made by openpyxl; `odd` puts (row, column, value, number_format) cells in place."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for extra in range(sheets - 1):
        workbook.create_sheet(f"Folha{extra + 2}")
    sheet.append([clean_for_xlsx(h) for h in headers])
    for row in rows:
        sheet.append([clean_for_xlsx(v) for v in row])
    for row_number, column, value, number_format in odd:
        cell = sheet.cell(row=row_number, column=column)
        try:
            cell.value = value
        except (ValueError, TypeError):
            cell.value = repr(value)
        if number_format:
            cell.number_format = number_format
    out = io.BytesIO()
    try:
        workbook.save(out)
    except (ValueError, TypeError, OverflowError):
        return b"PK\x03\x04 openpyxl could not save this workbook"
    return out.getvalue()


def clean_for_xlsx(value: Any) -> Any:
    """openpyxl refuses control characters and lone surrogates in cells: replace them."""
    if not isinstance(value, str):
        return value
    text = value.encode("utf-8", "replace").decode("utf-8")
    return "".join(c if c >= " " or c in "\t\n\r" else "?" for c in text)


def broken_zip(kind: str) -> bytes:
    """Files that claim to be XLSX: garbage, a truncated zip, a zip without a workbook."""
    if kind == "garbage":
        return b"\x00\x01not a zip at all" * 10
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if kind == "bomb":
            archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * 20_000_000 + b"/>")
        elif kind == "entities":
            archive.writestr(
                "xl/workbook.xml",
                '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
                '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><workbook>&c;</workbook>',
            )
    data = out.getvalue()
    return data[: len(data) // 2] if kind == "truncated" else data
