"""The compiled per-field readers and checkers of intake give what the general functions give."""

from __future__ import annotations

import datetime as dt
import gc
import json
from decimal import Decimal
from pathlib import Path

import pytest

from helpers import DATA_PATH
from intake_fixtures import showcase_row, write_google_forms_csv
from intlhub.dataset.forms import find_form
from intlhub.dataset.load_dataset import cast_cell, load_dataset
from intlhub.intake.check_accepted import fewer_collections, queue_line
from intlhub.intake.check_rows import check_value, record_typer
from intlhub.intake.ingest import IngestOptions, ingest_export, is_blank
from intlhub.intake.private.store import PrivatePaths, opened
from intlhub.intake.read.fields import FieldReader, Lookups, needs_check, value_checker
from intlhub.intake.read.source import read_bytes
from intlhub.intake.submissions import content_hash

TODAY = dt.date(2026, 11, 27)
SPECS = {
    "id": {
        "name": "id",
        "type": "string",
        "constraints": {"required": True, "pattern": "^[A-Z]+$"},
    },
    "title": {"name": "title", "type": "string", "constraints": {"required": True}},
    "markets": {"name": "markets", "type": "string", "separator": ";"},
    "items": {"name": "items", "type": "string", "separator": "|"},
    "count": {"name": "count", "type": "integer", "constraints": {"minimum": 0}},
    "cost": {"name": "cost", "type": "number", "constraints": {"minimum": 0, "maximum": 10}},
    "starts": {"name": "starts", "type": "date"},
    "open": {"name": "open", "type": "boolean"},
    "status": {"name": "status", "type": "string", "constraints": {"enum": ["a", "b"]}},
}


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA_PATH)


def test_record_typer_types_as_load_dataset_does():
    typed = record_typer(SPECS)
    values = {
        "id": "ABC",
        "markets": "DE;;BR",
        "items": "",
        "count": "x",
        "cost": "2.50",
        "starts": "2017-12-31",
        "open": "true",
        "unknown": "dropped",
    }
    record = typed(values)
    assert list(record) == list(SPECS), "every schema field, in schema order"
    assert dict(record) == {
        "id": "ABC",
        "title": None,
        "markets": ("DE", "BR"),
        "items": (),
        "count": None,
        "cost": Decimal("2.50"),
        "starts": dt.date(2017, 12, 31),
        "open": "true",
        "status": None,
    }
    assert dict(record) == {name: cast_cell(values.get(name, ""), s) for name, s in SPECS.items()}
    again = typed({**values, "starts": "2018-01-01"})  # a second record reuses typed values
    assert again["markets"] == ("DE", "BR") and again["starts"] == dt.date(2018, 1, 1)
    assert typed({"starts": "2017-02-30", "cost": "1e"}) == typed({})


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("id", "ABC", ()),
        ("id", "abc", (("constraint-error", "'abc' does not match '^[A-Z]+$'"),)),
        ("count", "3", ()),
        ("count", "-1", (("constraint-error", "'-1' is below the minimum 0"),)),
        ("count", "1.5", (("type-error", "'1.5' is not of type integer"),)),
        ("cost", "11", (("constraint-error", "'11' is above the maximum 10"),)),
        ("starts", "2017-13-01", (("type-error", "'2017-13-01' is not of type date"),)),
        ("status", "c", (("constraint-error", "'c' is not one of a, b"),)),
    ],
)
def test_value_checker_finds_what_check_value_finds(name, value, expected):
    issues = value_checker(name, SPECS[name])(value)
    assert [(kind, reason) for kind, reason, _ in issues] == list(expected)
    assert issues == tuple((p.type, p.reason, p.fix) for p in check_value(name, SPECS[name], value))


def test_only_fields_with_rules_check_value_can_break_are_checked():
    assert [name for name, spec in SPECS.items() if needs_check(spec)] == [
        "id",
        "count",
        "cost",
        "starts",
        "open",
        "status",
    ]


@pytest.mark.parametrize(
    ("field", "raw", "expected"),
    [
        ("id", "ALT20-02-0001", ("ALT20-02-0001", ())),
        ("id", " alt20-02 0001 ", ("ALT20-020001", ())),
        ("id", "ALT20-02-0001\n", ("ALT20-02-0001", ())),
        ("id", "NA", (None, (("invalid-value", "the value is missing"),))),
        ("id", "X1", (None, (("constraint-error", "'X1' does not match '^[A-Z0-9][A-Z0-9-]{2,63}$'"),))),
        ("id", "A" * 65, (None, (("too-long", "the value has 65 characters (limit 64)"),))),
        ("title_pt", "Exportação conjunta", ("Exportação conjunta", ())),
        ("title_pt", "  Exportação\r\nconjunta ", ("Exportação conjunta", ())),
        ("summary_pt", "Uma\r\nduas\tlinhas ", ("Uma\nduas\tlinhas", ())),
        ("title_pt", "n.d.", (None, (("invalid-value", "the value is missing"),))),
        ("title_en", "", (None, ())),
        ("contact_email", "pessoa@example.org", ("pessoa@example.org", ())),
        ("contact_email", "pessoa@", (None, (("invalid-value", "'pessoa@' is not an e-mail address"),))),
        ("summary_pt", {"pt": "nested"}, (None, (("invalid-value", "the value is a JSON object, not a single value"),))),
        ("start_date", 42736, ("2017-01-01", ())),
        ("eligible_cost_eur", 1500.5, ("1500.5", ())),
    ],
)  # fmt: skip
def test_field_reader_reads_each_kind(dataset, field, raw, expected):
    form = find_form(dataset, "showcase")
    reader = FieldReader(form.field(field), Lookups(dataset, form), "dmy")
    value, issues = reader.read(raw)
    assert (value, tuple((kind, reason) for kind, reason, _ in issues)) == expected
    assert reader.read(raw) == (value, issues), "a second read (memoised or not) agrees"


def test_queue_lines_are_sorted_json_with_text_as_written():
    submission = {
        "values": {"title_pt": 'Ação "conjunta"', "id": "TESTE-0001"},
        "row": 2,
        "submission_id": None,
        "change": "new",
    }
    line = queue_line(submission)
    assert line == json.dumps(submission, ensure_ascii=False, sort_keys=True) + "\n"
    assert line == (
        '{"change": "new", "row": 2, "submission_id": null, '
        '"values": {"id": "TESTE-0001", "title_pt": "Ação \\"conjunta\\""}}\n'
    )


@pytest.mark.parametrize(
    ("cells", "blank"),
    [
        ([], True),
        (["", None, "  "], True),
        (["x"], False),
        (["", " ", 0], False),
        ([None, "\t", "a"], False),
    ],
)
def test_blank_rows(cells, blank):
    assert is_blank(cells) is blank


def test_the_collector_is_off_while_rows_stream_and_back_after():
    assert gc.isenabled()
    with fewer_collections():
        assert not gc.isenabled()
    assert gc.isenabled()


def leftover_cycles(tmp_path: Path, rows: int) -> int:
    """Ingest `rows` rows (some refused) with the collector off; return what it then finds."""
    dataset = load_dataset(DATA_PATH)
    answers = [showcase_row(n) for n in range(1, rows + 1)]
    for row in answers[::3]:
        row["Data de início"] = "31/02/2016"  # refused: an exception per row on the way
    source = write_google_forms_csv(tmp_path / f"e{rows}.csv", answers)
    paths = PrivatePaths(tmp_path / f"private{rows}")
    grid = read_bytes(source.name, source.read_bytes())
    gc.collect()
    gc.disable()
    try:
        with opened(paths):
            report = ingest_export(grid, dataset, paths, IngestOptions("showcase"), TODAY, print)
        assert report.read == rows and report.rejected == len(answers[::3])
        del report, grid
        return gc.collect()
    finally:
        gc.enable()


def test_rows_leave_no_reference_cycles(tmp_path):
    # fewer_collections() relies on it: what the collector finds must not grow with the rows
    assert leftover_cycles(tmp_path, 30) == leftover_cycles(tmp_path, 300)


def test_content_hash_is_the_identity_queued_submissions_already_have():
    values = {"title_pt": "Exportação €", "id": "TESTE-0001"}
    personal = {"contact_email": "a@example.org"}
    # digests of the first implementation: re-ingesting an old export must match its queue
    assert content_hash("showcase", values, personal) == (
        "e314735ab8104c967d76c90eef265e3b462746a2bd3f69e6931d0e507c68d02e"
    )
    assert content_hash("showcase", {}, {}) == (
        "9877f886f03e5e1c520003c8fbf3ce3e81cf2dd1dc4548c96cc475614cb3f87c"
    )
