"""Read an export (CSV, XLSX, JSON or NDJSON; a file, stdin or bytes) into a grid of raw cells."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import sys
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intlhub.base.problems import HubError
from intlhub.base.untrusted import UntrustedValue
from intlhub.base.untrusted_documents import MalformedDocument, load_json
from intlhub.intake.private.store import json_lines

ENCODINGS = ("utf-8-sig", "utf-8", "cp1252")  # charset guessers pick cp1250/big5 for PT files
MAX_INPUT_BYTES = 256 * 1024 * 1024
MAX_CELL_BYTES = 1024 * 1024
MAX_XLSX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_XLSX_RATIO = 200  # a member that expands more than this is a zip bomb
MAX_XLSX_MEMBERS = 10_000
HEADER_SEARCH_ROWS = 30
SNIFF_CHARS = 65536  # the separator is found in the first lines of this much text
DECODE_SLICE = 1 << 20
FORMATS = ("csv", "xlsx", "json")

Row = tuple[int, list[Any]]


@dataclass
class Grid:
    """An export as rows of raw cells; `rows` is an iterator of (row number, cells)."""

    name: str
    format: str
    rows: Iterator[Row]
    encoding: str = ""
    total: int | None = None  # about how many rows, for progress


def input_error(name: str, why: str, fix: str) -> HubError:
    """Build the HubError for an input rejected as a whole."""
    return HubError(f"Cannot read {name!r}: {why}", fix)


def detect_format(name: str, data: bytes) -> str:
    """Tell CSV, XLSX and JSON apart by content first, then by the name's extension."""
    head = data[:8].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if head[:1] in (b"[", b"{"):
        return "json"
    suffix = Path(name.split("?")[0]).suffix.lower().lstrip(".")
    if suffix in ("ndjson", "jsonl"):
        return "json"
    if suffix in ("xlsx", "xlsm"):
        return "xlsx"
    return "csv"


def decode_text(name: str, data: bytes) -> tuple[str, str]:
    """Decode with utf-8-sig, then utf-8, then cp1252; UTF-16 and binary data are refused."""
    encoding = find_encoding(name, data)
    return data.decode(encoding), encoding


def decodes(data: bytes, encoding: str) -> bool:
    """True when the whole of data decodes, checked in slices so no full copy is made."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        if len(data) < len(codecs.BOM_UTF8):
            # utf-8-sig's incremental decoder drops a lone b"\xef" or b"\xef\xbb" at the end
            # (it could start a BOM), while bytes.decode refuses it: decode such data whole.
            data.decode(encoding)
            return True
        for start in range(0, len(data), DECODE_SLICE):
            decoder.decode(data[start : start + DECODE_SLICE])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def find_encoding(name: str, data: bytes) -> str:
    """Return the first of utf-8-sig, utf-8 and cp1252 that decodes data; refuse UTF-16 and binary."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise input_error(
            name,
            "it is encoded as UTF-16",
            "Save it as CSV UTF-8 (or 'CSV (separado por vírgulas)').",
        )
    if b"\x00" in data[:65536]:
        raise input_error(
            name, "it is binary data, not text", "Export the data as CSV, XLSX or JSON."
        )
    for encoding in ENCODINGS:
        if decodes(data, encoding):
            return encoding
    raise input_error(
        name, "its encoding is neither UTF-8 nor Windows-1252", "Save the file as CSV UTF-8."
    )


def sniff_delimiter(text: str) -> str:
    """Find the separator (';', ',' or tab) from the first lines."""
    sample = "\n".join(text[:SNIFF_CHARS].splitlines()[:10])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        return max(";,\t", key=first.count)


def decoded_lines(data: bytes, encoding: str) -> Iterator[str]:
    """Yield the decoded lines of data with their line ends, one at a time.

    The whole text is never held: it takes twice the memory of UTF-8 bytes as soon as one
    character (such as '€') is outside Latin-1. A '\\n' byte is a whole character in UTF-8 and
    cp1252, so decoding line by line gives the same text; only the first line can hold a BOM.
    """
    start, size = 0, len(data)
    first = encoding
    rest = "utf-8" if encoding == "utf-8-sig" else encoding
    while start < size:
        end = data.find(b"\n", start)
        end = size if end == -1 else end + 1
        yield data[start:end].decode(first)
        first = rest
        start = end


def read_csv(name: str, data: bytes) -> Grid:
    """Read CSV bytes: the encoding and separator are found, cells stay text."""
    encoding = find_encoding(name, data)
    head = codecs.getincrementaldecoder(encoding)().decode(data[: 4 * SNIFF_CHARS])
    delimiter = sniff_delimiter(head)
    csv.field_size_limit(MAX_CELL_BYTES)

    def rows() -> Iterator[Row]:
        reader = csv.reader(decoded_lines(data, encoding), delimiter=delimiter)
        start = 1
        try:
            for cells in reader:
                yield start, cells  # a quoted cell may span lines: the row starts here
                start = reader.line_num + 1
        except csv.Error as error:
            raise input_error(
                name,
                f"line {reader.line_num}: {error}",
                "Check the quoting on that line; a cell may be over 1 MB or the file cut short.",
            ) from error

    return Grid(name, "csv", rows(), encoding, data.count(b"\n"))


def check_zip(name: str, data: bytes) -> None:
    """Refuse an XLSX whose members would expand past the limits (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise input_error(
            name, f"it is not a valid XLSX file ({error})", "Save it again as .xlsx."
        ) from error
    total = sum(member.file_size for member in members)
    bombs = [
        m.filename
        for m in members
        if m.file_size > 1_000_000 and m.file_size > MAX_XLSX_RATIO * max(m.compress_size, 1)
    ]
    if len(members) > MAX_XLSX_MEMBERS or total > MAX_XLSX_UNCOMPRESSED or bombs:
        raise input_error(
            name,
            f"it would expand to {total:,} bytes in {len(members)} parts "
            f"(limit {MAX_XLSX_UNCOMPRESSED:,}){'; suspicious parts: ' + ', '.join(bombs[:3]) if bombs else ''}",
            "Export the sheet again, or send it as CSV.",
        )


XLSX_ERRORS = (
    zipfile.BadZipFile,
    KeyError,
    ValueError,  # defusedxml's EntitiesForbidden and DTDForbidden are ValueErrors
    TypeError,
    IndexError,
    OSError,
    EOFError,
    ElementTree.ParseError,
)


def xlsx_reason(error: BaseException) -> str:
    """Say why openpyxl could not read a file, naming an XML entity bomb as such."""
    chain = [error]
    while chain[-1].__cause__ or chain[-1].__context__:
        chain.append(chain[-1].__cause__ or chain[-1].__context__)
        if len(chain) > 5:
            break
    if any(type(e).__name__ in ("EntitiesForbidden", "DTDForbidden") for e in chain):
        return "it declares XML entities (an entity-expansion bomb); defusedxml refused it"
    return f"it is not a readable XLSX file ({type(error).__name__}: {str(error).splitlines()[0]})"


def read_xlsx(name: str, data: bytes) -> Grid:
    """Read the first sheet of an XLSX with openpyxl (read-only; defusedxml guards the XML)."""
    import openpyxl  # imported here: it is slow to import and only XLSX needs it

    check_zip(name, data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except XLSX_ERRORS as error:
        raise input_error(name, xlsx_reason(error), "Save it again as .xlsx.") from error

    def rows() -> Iterator[Row]:
        try:
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(cells)
        except XLSX_ERRORS as error:
            raise input_error(name, xlsx_reason(error), "Save it again as .xlsx.") from error
        finally:
            workbook.close()

    return Grid(name, "xlsx", rows(), total=sheet.max_row)


def flatten_record(item: Any) -> dict[str, Any]:
    """Flatten one JSON record: a site submission's `values` join its meta keys."""
    if not isinstance(item, dict):
        raise ValueError(f"expected an object, found {type(item).__name__}")
    record = {k: v for k, v in item.items() if k != "values"}
    if isinstance(item.get("values"), dict):
        record.update(item["values"])
    return {
        str(k): (";".join(map(str, v)) if isinstance(v, list) else v) for k, v in record.items()
    }


def json_records(name: str, text: str) -> list[Any]:
    """Return the records of a JSON array, an object holding an array, one submission, or NDJSON.

    JSON is read by base/untrusted_documents: depth, size and count limits, no NaN or Infinity,
    no whole numbers of thousands of digits; any of those refuses the whole input.
    """
    try:
        document = load_json(text, max_bytes=MAX_INPUT_BYTES)
    except MalformedDocument as error:
        lines = [line for line in json_lines(text) if line.strip()]
        try:
            return [load_json(line, max_bytes=MAX_INPUT_BYTES) for line in lines]
        except MalformedDocument:
            raise input_error(
                name,
                f"it is neither JSON nor NDJSON ({error.detail})",
                "Check the file is complete; export it again.",
            ) from error
        except UntrustedValue as hazard:
            raise input_error(name, hazard.reason, hazard.fix) from hazard
    except UntrustedValue as error:
        raise input_error(name, error.reason, error.fix) from error
    if isinstance(document, list):
        return document
    if isinstance(document, dict) and isinstance(document.get("values"), dict):
        return [document]
    if isinstance(document, dict):
        arrays = [v for _, v in sorted(document.items()) if isinstance(v, list)]
        if len(arrays) == 1:
            return arrays[0]
    raise input_error(
        name,
        "the JSON holds no single array of records",
        "Send an array of objects, an object with one array, or one object per line (NDJSON).",
    )


def read_json(name: str, data: bytes) -> Grid:
    """Read JSON or NDJSON records into a grid whose header is the union of their keys."""
    text, encoding = decode_text(name, data)
    records = json_records(name, text)
    flat = []
    for index, item in enumerate(records, start=1):
        try:
            flat.append((index, flatten_record(item)))
        except ValueError as error:
            raise input_error(
                name, f"record {index}: {error}", "Each record must be a JSON object."
            ) from error
    headers: dict[str, None] = {}
    for _, record in flat:
        headers.update(dict.fromkeys(record))
    names = list(headers)

    def rows() -> Iterator[Row]:
        yield 0, names
        for index, record in flat:
            yield index, [record.get(key) for key in names]

    return Grid(name, "json", rows(), encoding, len(flat))


READERS: dict[str, Callable[[str, bytes], Grid]] = {
    "csv": read_csv,
    "xlsx": read_xlsx,
    "json": read_json,
}


def read_bytes(name: str, data: bytes, format: str | None = None) -> Grid:
    """Read an export held in memory."""
    if not data or data.isspace():  # not data.strip(), which would copy the whole input
        raise input_error(name, "it is empty", "Export the data again.")
    return READERS[format or detect_format(name, data)](name, data)


def load_bytes(source: str) -> bytes:
    """Return the bytes of a file path, or of stdin for '-', within the size limit."""
    if source == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    else:
        path = Path(source)
        try:
            if path.stat().st_size > MAX_INPUT_BYTES:
                data = b"x" * (MAX_INPUT_BYTES + 1)
            else:
                data = path.read_bytes()
        except OSError as error:
            raise input_error(source, error.strerror or str(error), "Check the path.") from error
    if len(data) > MAX_INPUT_BYTES:
        raise input_error(
            source, f"it is larger than {MAX_INPUT_BYTES:,} bytes", "Split the export."
        )
    return data


def find_header(
    rows: Iterator[Row], score: Callable[[list[Any]], int]
) -> tuple[int, list[str], Iterator[Row]]:
    """Find the header row, skipping title rows above it; return it and the rows after it.

    `score` counts the cells it recognises; the first row with two, else the best of the first
    rows, is the header.
    """
    seen: list[Row] = []
    for number, cells in rows:
        seen.append((number, cells))
        if score(cells) >= 2 or len(seen) >= HEADER_SEARCH_ROWS:
            break
    candidates = [(score(cells), -i) for i, (_, cells) in enumerate(seen) if any(cells)]
    if not candidates:
        raise HubError("The input has no header row", "Export the data with its column names.")
    best = -max(candidates)[1]
    number, cells = seen[best]
    header = ["" if cell is None else str(cell).strip() for cell in cells]
    return number, header, itertools.chain(seen[best + 1 :], rows)
