"""The showcase form page offers what a complete project needs, with a new organisation."""

from __future__ import annotations

from helpers import DATA_PATH
from intlhub.dataset.forms import find_form
from intlhub.dataset.load_dataset import load_dataset
from intlhub.site.plan_forms import form_spec

DATASET = load_dataset(DATA_PATH)


def fields(lang: str) -> dict[str, dict]:
    spec = form_spec(DATASET, find_form(DATASET, "showcase"), lang)
    return {field["name"]: field for field in spec["fields"]}


def test_a_beneficiary_not_listed_can_be_given_as_a_new_organisation():
    pt, en = fields("pt"), fields("en")
    assert not en["beneficiary_id"]["required"]  # either it or a new organisation
    assert "not in the list" in en["beneficiary_id"]["help"]
    for name in ("organisation_name", "organisation_nif", "organisation_kind"):
        assert not en[name]["required"]
        assert en[name]["help"].startswith("Only if your organisation is not in the list")
        assert pt[name]["help"].startswith("Só se a sua organização não estiver na lista")
    assert en["organisation_kind"]["select"]
    assert {c["value"] for c in en["organisation_kind"]["choices"]} == {
        "business-association",
        "public-body",
        "agency",
        "non-profit",
        "other",
    }


def test_lists_and_results_are_typed_one_per_line():
    en = fields("en")
    for name in ("objectives_pt", "objectives_en", "activities_pt", "activities_en", "results"):
        assert en[name]["textarea"], name
        assert not en[name]["required"]
    assert "name in Portuguese; name in English; planned; achieved" in en["results"]["help"]
    assert en["partner_ids"]["multiple"] and en["approval_date"]["kind"] == "date"
    assert [c["value"] for c in en["image_licence"]["choices"]] == [
        "CC-BY-4.0",
        "CC-BY-SA-4.0",
        "CC0-1.0",
    ]
    assert en["image"]["kind"] == "image" and not en["image_alt_en"]["required"]


def test_the_site_offers_no_example_organisation_to_choose():
    from helpers import DATA_PATH

    from intlhub.dataset.forms import choices, find_form
    from intlhub.dataset.load_dataset import load_dataset

    dataset = load_dataset(DATA_PATH)
    examples = {r["id"] for r in dataset.table("organisations") if r["verification"] == "example"}
    assert examples, "the shipped data has example organisations to leave out"
    form = find_form(dataset, "showcase")
    for name in ("beneficiary_id", "partner_ids"):
        offered = {value for value, _ in choices(dataset, form.field(name), "pt")}
        assert offered and not offered & examples
