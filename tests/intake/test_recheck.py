"""Issue 13, item 8: approve re-checks a queued submission fully, as the intake checked it.

The queue file lives in private/ and can be edited; an edited field must be refused with a clear
message naming it (not StopIteration or KeyError), and data/ must not change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import snapshot
from intake_fixtures import intake_data, review_json, run_cli, site_submission, write_ndjson

NOTE = {
    "market": "BR",
    "lang": "pt",
    "section": "economy",
    "body": "O mercado cresce.",
    "source_title": "Relatório anual",
    "source_publisher": "Editora Exemplo",
    "source_url": "https://example.org/relatorio",
    "contact_name": "Pessoa Exemplo",
    "contact_email": "pessoa@example.org",
}


@pytest.fixture
def data_path(tmp_path, monkeypatch):
    return intake_data(tmp_path, monkeypatch)


def queue(capsys, data_path: Path, submission: dict[str, Any]) -> dict[str, Any]:
    """Ingest one submission and return it as queued."""
    source = write_ndjson(data_path.parent / "in.ndjson", [submission])
    code, out, err = run_cli(
        capsys, "ingest", str(source), "--form", submission["form"], "--data", str(data_path)
    )
    assert code == 0, out + err
    [item] = review_json(capsys, data_path)
    return item


def edit_queue(data_path: Path, item_id: str, change) -> None:
    """Edit the queued item in its file in private/queue, as someone with the folder could."""
    [path] = sorted((data_path.parent / "private" / "queue").glob("*.jsonl"))
    items = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    for item in items:
        if item["id"] == item_id:
            change(item)
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), "utf-8")


def approve_refused(capsys, data_path: Path, item_id: str) -> str:
    """Approve must exit 1 with a message, write nothing, and keep the item queued."""
    before = snapshot(data_path)
    code, out, err = run_cli(capsys, "approve", item_id, "--data", str(data_path))
    assert code == 1, out + err
    assert "Traceback" not in out + err
    assert err.startswith("Error: Queued submission(s) no longer pass the checks"), err
    assert snapshot(data_path) == before
    assert [item["id"] for item in review_json(capsys, data_path)] == [item_id]
    return err


def note_submission() -> dict[str, Any]:
    return {
        "form": "market-note",
        "submission_id": "market-note-20261127-000000000001",
        "lang": "pt",
        "values": dict(NOTE),
    }


def test_a_queued_note_approves_when_untouched(data_path, capsys):
    """The control: the re-check does not refuse what the intake itself queued."""
    item = queue(capsys, data_path, note_submission())
    code, out, err = run_cli(capsys, "approve", item["id"], "--data", str(data_path))
    assert code == 0, out + err


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("market", "XX", "field 'market': 'XX' is not a country name or ISO code"),
        ("market", "ZW", "field 'market': 'ZW' is not in 'markets'"),
        ("lang", "xx", "field 'lang': 'xx' is not a known"),
        ("section", "gossip", "field 'section': 'gossip' is not a known"),
        ("body", ["not", "text"], "field 'body' must be text, found list"),
        ("source_url", "javascript:alert(1)", "field 'source_url': 'javascript:alert(1)'"),
        ("source_title", "Título\x07", "field 'source_title': the text holds the control"),
    ],
)
def test_an_edited_market_note_is_refused_naming_the_field(
    data_path, capsys, field, value, expected
):
    item = queue(capsys, data_path, note_submission())
    edit_queue(data_path, item["id"], lambda queued: queued["values"].update({field: value}))
    err = approve_refused(capsys, data_path, item["id"])
    assert f"{item['id']}: {expected}" in err, err


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda q: q["values"].update(status=3), "field 'status' must be text, found int"),
        (lambda q: q["values"].update(beneficiary_id="nobody"), "field 'beneficiary_id'"),
        (lambda q: q["values"].update(eligible_cost_eur="1e400"), "field 'eligible_cost_eur'"),
        (lambda q: q["values"].update(eligible_cost_eur="1.000,50"), "is not as the intake"),
        (lambda q: q["values"].update(contact_email="x@example.org"), "not a public field"),
        (lambda q: q.update(values=["x"]), "'values' must be an object"),
        (lambda q: q.update(record_id=7), "'record_id' must be text, found int"),
    ],
    ids=[
        "non-text",
        "unknown-beneficiary",
        "cost-1e400",
        "not-canonical",
        "personal-in-values",
        "values-not-object",
        "record-id-int",
    ],
)
def test_an_edited_showcase_item_is_refused_naming_the_field(data_path, capsys, change, expected):
    item = queue(capsys, data_path, site_submission(1))
    edit_queue(data_path, item["id"], change)
    err = approve_refused(capsys, data_path, item["id"])
    assert f"{item['id']}: " in err and expected in err, err
