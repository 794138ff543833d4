"""programmes.yaml: every fact cited, calls and programme.yaml name a programme that exists."""

from __future__ import annotations

import datetime as dt

import yaml

from helpers import DATA_PATH, copy_data
from intlhub.base.problems import errors_only
from intlhub.dataset.load_dataset import load_dataset
from intlhub.dataset.validate import format_problems, validate_data

TODAY = dt.date(2026, 12, 3)
FACTS = ("period", "ec_code", "approved", "total_allocation_eur", "calls_url", "predecessor")
TEXT_FACTS = ("funds", "managing_authority")


def flatten(problems):
    return [(p.file, p.row, p.field, p.type) for p in problems]


def edit_programmes(data_path, change):
    path = data_path / "programmes.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document["programmes"])
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


def test_alentejo_2030_follows_alentejo_2020_with_every_fact_cited():
    dataset = load_dataset(DATA_PATH)
    programmes = {p["id"]: p for p in dataset.programmes}
    assert set(programmes) == {"alentejo-2020", "alentejo-2030"}
    new, old = programmes["alentejo-2030"], programmes["alentejo-2020"]
    assert (new["status"], old["status"]) == ("current", "previous")
    assert new["predecessor"]["value"] == "alentejo-2020"
    assert new["ec_code"]["value"] == "2021PT16FFPR005"
    assert new["approved"]["value"] == "2022-12-15"
    assert new["total_allocation_eur"]["value"] == 1104000000
    assert new["calls_url"]["value"] == "https://www.alentejo.portugal2030.pt/avisos"
    assert "FSE+" in new["funds"]["pt"] and "ESF+" in new["funds"]["en"]
    sources = dataset.index("sources")
    for programme in programmes.values():
        for name in FACTS + TEXT_FACTS:
            if name not in programme:
                continue  # not stated in the sources: the page says so
            fact = programme[name]
            source = sources.get(fact["source"])
            assert source and source["url"], f"{programme['id']}.{name}: cite a source with its URL"
            official = source["publisher"].startswith("European Commission")
            expected = "verified" if official else "reported"
            assert fact["verification"] == expected, (
                f"{programme['id']}.{name}: a news item's fact is 'reported', an official one 'verified'"
            )


def test_the_seed_does_not_assign_the_budget_to_calls():
    dataset = load_dataset(DATA_PATH)
    calls_2020 = [c for c in dataset.table("calls") if c["programme"] == "alentejo-2020"]
    assert [c["budget_eur"] for c in calls_2020] == [None, None]
    totals = dataset.programme["totals"]
    assert (totals["budget_eur"], totals["budget_breakdown_eur"]) == (5000000, [3000000, 2000000])


def test_real_data_and_the_2030_calls_are_valid(tmp_path):
    data_path = copy_data(tmp_path)
    _, problems = validate_data(data_path, TODAY)
    assert errors_only(problems) == [], format_problems(problems)


def test_a_call_of_an_unknown_programme_is_a_foreign_key_error(tmp_path):
    data_path = copy_data(tmp_path)
    calls = data_path / "calls.csv"
    calls.write_text(
        calls.read_text(encoding="utf-8").replace(",alentejo-2030\n", ",alentejo-2040\n", 1)
    )
    _, problems = validate_data(data_path, TODAY)
    errors = errors_only(problems)
    assert flatten(errors) == [("calls.csv", 2, "programme", "foreign-key")]
    assert "'alentejo-2040'" in errors[0].message and "programmes.yaml" in errors[0].fix


def test_programme_links_are_checked(tmp_path):
    data_path = copy_data(tmp_path)

    def break_links(programmes):
        programmes[1]["predecessor"]["value"] = "alentejo-2010"
        programmes[0]["status"] = "current"

    edit_programmes(data_path, break_links)
    text = (data_path / "programme.yaml").read_text(encoding="utf-8")
    (data_path / "programme.yaml").write_text(
        text.replace("programme: alentejo-2020", "programme: alentejo-2000"), encoding="utf-8"
    )
    _, problems = validate_data(data_path, TODAY)
    assert flatten(errors_only(problems)) == [
        ("calls.csv", None, "id", "totals-mismatch"),  # no call is of programme.yaml's programme
        ("programme.yaml", None, "programme", "foreign-key"),
        ("programmes.yaml", None, "programmes", "several-current-programmes"),
        ("programmes.yaml", None, "programmes/1/predecessor", "foreign-key"),
    ]


def test_a_fact_without_source_is_a_schema_error(tmp_path):
    data_path = copy_data(tmp_path)
    edit_programmes(data_path, lambda programmes: programmes[1]["approved"].pop("source"))
    _, problems = validate_data(data_path, TODAY)
    assert flatten(errors_only(problems)) == [
        ("programmes.yaml", None, "programmes/1/approved", "schema-error")
    ]


def test_the_budget_breakdown_must_add_up_to_the_total(tmp_path):
    data_path = copy_data(tmp_path)
    text = (data_path / "programme.yaml").read_text(encoding="utf-8")
    (data_path / "programme.yaml").write_text(
        text.replace("[3000000, 2000000]", "[3000000, 3000000]"), encoding="utf-8"
    )
    _, problems = validate_data(data_path, TODAY)
    assert flatten(errors_only(problems)) == [
        ("programme.yaml", None, "totals/budget_breakdown_eur", "totals-mismatch")
    ]
