"""Real and example records never mix: `intlhub validate` refuses a real record pointing at an example."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from helpers import copy_data
from intlhub.dataset.validate import validate_data

TODAY = dt.date(2026, 11, 27)


def flatten(problems):
    return [(p.file, p.row, p.field, p.type) for p in problems if p.severity == "error"]


def add_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writerows(rows)


def project(code: str, **values: str) -> dict[str, str]:
    return {
        "id": code,
        "title_pt": f"Projeto {code}",
        "beneficiary_id": "iapmei",
        "status": "approved",
        "verification": "self-reported",
        "last_updated": "2026-11-27",
        **values,
    }


def test_a_real_project_may_not_point_at_an_example_organisation_or_call(tmp_path):
    data_path = copy_data(tmp_path)
    add_rows(
        data_path / "calls.csv",
        [
            {
                "id": "exemplo-call",
                "title_pt": "Concurso exemplo",
                "title_en": "Example call",
                "status": "closed",
                "verification": "example",
                "source_id": "gp-description",
            }
        ],
    )
    add_rows(
        data_path / "projects.csv",
        [
            project("TESTE-0001", beneficiary_id="exemplo-assoc-vinhos"),
            project("TESTE-0002", partner_ids="aicep;exemplo-assoc-pedra"),
            project("TESTE-0003", call_id="exemplo-call"),
            project("TESTE-0004", beneficiary_id="ccdr-alentejo", partner_ids="aicep"),
        ],
    )
    _, problems = validate_data(data_path, TODAY)
    found = [p for p in problems if p.type == "example-reference"]
    # rows 2-7 are the shipped examples; the projects above are rows 8-11, sorted by id
    assert flatten(found) == [
        ("projects.csv", 8, "beneficiary_id", "example-reference"),
        ("projects.csv", 9, "partner_ids", "example-reference"),
        ("projects.csv", 10, "call_id", "example-reference"),
    ]
    assert "'exemplo-assoc-vinhos'" in found[0].message and "must not mix" in found[0].message
    assert "example call 'exemplo-call'" not in found[0].message
    assert "call 'exemplo-call'" in found[2].message
    assert all("mark it verification: example" in p.fix for p in found)


def test_an_example_project_may_point_at_real_records(tmp_path):
    """The shipped examples show real calls: examples never enter a real total, so it is allowed."""
    data_path = copy_data(tmp_path)
    add_rows(
        data_path / "projects.csv",
        [
            project(
                "EXEMPLO-900",
                beneficiary_id="aicep",
                partner_ids="exemplo-assoc-pedra;iapmei",
                call_id="call-1",
                verification="example",
            )
        ],
    )
    _, problems = validate_data(data_path, TODAY)
    assert flatten(problems) == []
