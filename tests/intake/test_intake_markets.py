"""Target markets: a project may name any country; notes and events stay in covered markets."""

from __future__ import annotations

import json

import pytest

from helpers import snapshot
from intake_fixtures import (
    intake_data,
    showcase_row,
    site_submission,
    write_google_forms_csv,
    write_ndjson,
)
from intake_fixtures import (
    run_cli as run,
)


@pytest.fixture
def data_path(tmp_path, monkeypatch):
    return intake_data(tmp_path, monkeypatch)


def test_a_project_may_target_a_country_without_a_guidance_page(data_path, capsys):
    source = write_google_forms_csv(
        data_path.parent / "r.csv", [showcase_row(31, **{"Mercados-alvo": "Alemanha, Áustria"})]
    )
    code, out, err = run(
        capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path)
    )
    assert code == 0, out + err
    code, out, _ = run(capsys, "review", "--json", "--data", str(data_path))
    [item] = json.loads(out)
    assert item["values"]["markets"] == "DE;AT"
    code, out, err = run(capsys, "approve", item["id"], "--data", str(data_path))
    assert code == 0, out + err
    assert "TESTE-0031" in (data_path / "projects.csv").read_text(encoding="utf-8")
    assert run(capsys, "validate", "--data", str(data_path))[0] == 0


def test_what_the_site_form_sends_for_markets_reads_back(data_path, capsys):
    """The form's markets field is typed text: names in PT or EN and ISO codes, ',' or ';'."""
    source = write_ndjson(
        data_path.parent / "s.ndjson",
        [site_submission(32, markets="Austria; PL, Japão")],
    )
    code, out, err = run(
        capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path)
    )
    assert code == 0, out + err
    [item] = json.loads(run(capsys, "review", "--json", "--data", str(data_path))[1])
    assert item["values"]["markets"] == "AT;PL;JP"


@pytest.mark.parametrize(
    ("form", "values", "field"),
    [
        (
            "market-note",
            {"market": "Áustria", "lang": "pt", "section": "economy", "body": "Texto.",
             "source_title": "Fonte", "source_publisher": "Editor"},
            "market",
        ),
        (
            "event",
            {"title_pt": "Feira", "title_en": "Fair", "kind": "trade-fair",
             "market_code": "Áustria", "starts": "14/03/2027", "ends": "15/03/2027"},
            "market_code",
        ),
    ],
)  # fmt: skip
def test_notes_and_events_still_need_a_covered_market(data_path, capsys, form, values, field):
    submission = {
        "form": form,
        "submission_id": f"{form}-20261127-000000000001",
        "lang": "pt",
        "values": {**values, "contact_name": "Pessoa", "contact_email": "p@example.org"},
    }
    source = write_ndjson(data_path.parent / "n.ndjson", [submission])
    before = snapshot(data_path)
    code, out, err = run(capsys, "ingest", str(source), "--form", form, "--data", str(data_path))
    assert code == 1, out + err
    assert f"field '{field}': 'AT'" in out, out + err
    assert snapshot(data_path) == before
