"""Issue 14, claims 2 and 9: who publishes the 360Giving file, what amountAwarded is, and the
list of operations' co-financing rate per priority axis (Reg. (EU) 1303/2013 Annex XII)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import yaml

from helpers import DATA_PATH, copy_data
from intlhub.dataset.load_dataset import load_dataset
from intlhub.dataset.validate import validate_data
from intlhub.open_data.export_360giving import giving_json
from intlhub.open_data.export_operations import operations_csv

DAY = dt.date(2026, 11, 27)
AXIS_RATE = (
    "Taxa de cofinanciamento da União por eixo prioritário (%) / "
    "Union co-financing rate, as per priority axis (%)"
)
AXIS = "Eixo prioritário / Priority axis"
OPERATION_RATE = "Taxa de cofinanciamento da operação (%) / Operation co-financing rate (%)"


def operations(data_path: Path) -> list[dict[str, str]]:
    text = operations_csv(load_dataset(data_path), ",").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def edit_yaml(path: Path, change) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")


def test_axis_rate_is_empty_while_the_sources_give_no_axis():
    rows = operations(DATA_PATH)
    assert [(row[AXIS_RATE], row[AXIS]) for row in rows] == [("", "")] * len(rows)
    assert rows[0][OPERATION_RATE] == "85", "each operation's own rate stays beside it"


def test_axis_rate_comes_from_the_axis_of_the_projects_call(tmp_path):
    data_path = copy_data(tmp_path)
    axis = {
        "id": "1",
        "name": {"pt": "Eixo de teste", "en": "Test axis"},
        "eu_cofinancing_rate": 0.8,
        "calls": ["call-1"],
        "source": "reg-1303-2013",
    }
    edit_yaml(data_path / "programme.yaml", lambda d: d.update(priority_axes=[axis]))
    assert [p for p in validate_data(data_path, DAY)[1] if p.severity == "error"] == []
    dataset = load_dataset(data_path)
    calls = {p["id"]: p["call_id"] for p in dataset.table("projects")}
    got = [
        (row["Código da operação / Operation code"], row[AXIS_RATE])
        for row in operations(data_path)
    ]
    assert got == [(id_, "80" if calls[id_] == "call-1" else "") for id_, _ in got]
    assert "1 – Eixo de teste / Test axis" in {row[AXIS] for row in operations(data_path)}


def test_axis_without_source_is_refused(tmp_path):
    data_path = copy_data(tmp_path)
    axis = {"id": "1", "name": {"pt": "Eixo", "en": "Axis"}, "calls": ["call-1"]}
    edit_yaml(data_path / "programme.yaml", lambda d: d.update(priority_axes=[axis]))
    problems = [p for p in validate_data(data_path, DAY)[1] if p.severity == "error"]
    assert [(p.file, p.field, p.type, p.message) for p in problems] == [
        ("programme.yaml", "priority_axes/0", "schema-error", "'source' is a required property")
    ]


def test_amount_awarded_is_the_grant_and_the_publisher_a_site_setting():
    dataset = load_dataset(DATA_PATH)
    package = json.loads(giving_json(dataset, DAY))
    projects = dataset.index("projects")
    for grant in package["grants"]:
        project = projects[grant["id"].removeprefix("360G-intlhub-alentejo-")]
        assert Decimal(str(grant["amountAwarded"])) == project["eu_funding_eur"]
        grant_total = project["eligible_cost_eur"] * project["eu_cofinancing_rate"]
        assert abs(Decimal(str(grant["amountAwarded"])) - grant_total) <= 1
    assert "non-repayable grant awarded to the beneficiary" in package["description"]
    # The managing authority is not assumed to publish this hub's data (no source says so).
    assert package["publisher"] == {
        "name": "Organisation that publishes this site (example)",
        "website": "https://intlhub.example.org/",
    }


def test_publisher_set_by_the_deploying_organisation(tmp_path):
    data_path = copy_data(tmp_path)
    publisher = {
        "name": "Agência X",
        "url": "https://x.example.pt/",
        "verification": "self-reported",
    }
    edit_yaml(data_path / "site.yaml", lambda d: d["open_data"].update(publisher=publisher))
    package = json.loads(giving_json(load_dataset(data_path), DAY))
    assert package["publisher"] == {"name": "Agência X", "website": "https://x.example.pt/"}
