"""The field kinds a complete project page needs: NIF, lists, results and uploaded images.

Each reader takes the text of a cell and returns its canonical text, or raises NormaliseError;
reading a canonical text again gives the same text, so staff may edit a queued value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intlhub.intake.private.store import UPLOAD_NAME
from intlhub.intake.read.normalise import (
    NormaliseError,
    clean_text,
    format_decimal,
    parse_nif,
    parse_number,
)

LIST_ITEMS = re.compile(r"\s*[\n|]\s*")  # one item per line; '|' is how data/ joins them
MAX_RESULTS = 50
RESULT_FORMAT = "name in Portuguese; name in English; planned; achieved"
PERCENT, EUR, COUNT = "percent", "eur", "count"
UNIT_MARKS = {PERCENT: "%", EUR: " €", COUNT: ""}
EUR_MARK = re.compile(r"€|\beur(os?)?\b", re.I)


@dataclass(frozen=True)
class Result:
    """One result indicator of a project, as a project-results row needs it."""

    name_pt: str
    name_en: str
    unit: str
    planned: str  # canonical number, or "" when not stated
    achieved: str


def parse_lines(raw: str) -> str:
    """Read a list written one item per line (or joined with '|'); return it joined with '|'."""
    items = [clean_text(item) for item in LIST_ITEMS.split(str(raw))]
    return "|".join(item for item in items if item)


def result_value(raw: str, line: int) -> tuple[str, str]:
    """Read a planned or achieved value: (unit, canonical number, or "" when empty)."""
    text = raw.strip()
    if not text:
        return "", ""
    unit = PERCENT if "%" in text else EUR if EUR_MARK.search(text) else COUNT
    try:
        value = parse_number(text.replace("%", ""))
    except NormaliseError as error:
        raise NormaliseError(f"line {line}: {error.reason}", error.fix) from error
    if value < 0 or (unit == PERCENT and value > 100):
        raise NormaliseError(
            f"line {line}: {raw.strip()!r} is out of range",
            "Write a number of 0 or more (a percentage from 0 to 100).",
        )
    return unit, format_decimal(value)


def read_results(raw: str) -> list[Result]:
    """Read results, one per line: `name in Portuguese; name in English; planned; achieved`."""
    results = []
    for line, text in enumerate(str(raw).replace("\r\n", "\n").split("\n"), start=1):
        if not text.strip():
            continue
        parts = [clean_text(part) for part in text.split(";")]
        parts += [""] * (4 - len(parts))
        if len(parts) > 4 or not parts[0] or not parts[1]:
            raise NormaliseError(
                f"line {line}: {text.strip()[:80]!r} is not '{RESULT_FORMAT}'",
                "Write one result per line, with both names and up to two numbers, separated "
                "by ';', e.g. 'Empresas participantes; Participating firms; 30; 34'.",
            )
        (unit_p, planned), (unit_a, achieved) = (result_value(p, line) for p in parts[2:])
        if unit_p and unit_a and unit_p != unit_a:
            raise NormaliseError(
                f"line {line}: planned and achieved are in different units",
                "Write both as counts, both with % or both with €.",
            )
        results.append(Result(parts[0], parts[1], unit_p or unit_a or COUNT, planned, achieved))
    if len(results) > MAX_RESULTS:
        raise NormaliseError(
            f"{len(results)} results (limit {MAX_RESULTS})", "Keep the main results only."
        )
    return results


def result_text(result: Result) -> str:
    """One result as a line of the form's text (the canonical form read_results reads back)."""
    mark = UNIT_MARKS[result.unit]
    values = [f"{v}{mark}" if v else "" for v in (result.planned, result.achieved)]
    return "; ".join([result.name_pt, result.name_en, *values]).rstrip("; ")


def parse_results(raw: str) -> str:
    """Return results as canonical text, one per line."""
    return "\n".join(result_text(result) for result in read_results(raw))


def parse_upload(raw: str) -> str:
    """Check the name of an image upload; an export cannot carry the image itself."""
    text = str(raw).strip()
    if not UPLOAD_NAME.match(text):
        raise NormaliseError(
            f"{text[:80]!r} is not an image sent through the site's form: an export (CSV, "
            "spreadsheet, JSON) cannot carry an image file",
            "Leave the image column empty. Send the image with the site's form (the intake "
            "service keeps it for review), or add it to data/images/ and project-images.csv.",
        )
    return text


READERS = {"nif": parse_nif, "lines": parse_lines, "results": parse_results, "image": parse_upload}
