"""forms.yaml: rules between fields, related resources and row kinds are checked."""

from __future__ import annotations

import yaml

from helpers import DATA_PATH, copy_data
from intlhub.dataset.check_forms import check_forms
from intlhub.dataset.forms import find_form, rule_problems
from intlhub.dataset.load_dataset import load_dataset


def test_one_of_and_together_rules():
    form = find_form(load_dataset(DATA_PATH), "showcase")
    new = {"organisation_name": "X", "organisation_nif": "999999990", "organisation_kind": "other"}
    assert rule_problems(form, {"beneficiary_id": "iapmei"}) == []
    assert rule_problems(form, new) == []
    assert [p[:2] for p in rule_problems(form, {**new, "beneficiary_id": "iapmei"})] == [
        ("organisation_name", "choose-one")
    ]
    assert [p[:2] for p in rule_problems(form, {})] == [("beneficiary_id", "choose-one")]
    assert [p[:2] for p in rule_problems(form, {"beneficiary_id": "iapmei", "image": "x"})] == [
        ("image_alt_pt", "required-with"),
        ("image_alt_en", "required-with"),
        ("image_credit", "required-with"),
        ("image_licence", "required-with"),
    ]


def test_broken_rules_and_row_kinds_are_reported(tmp_path):
    data_path = copy_data(tmp_path)
    forms = yaml.safe_load((data_path / "forms.yaml").read_text(encoding="utf-8"))
    showcase = forms["forms"]["showcase"]
    showcase["rules"].append({"together": ["image", "no_such_field"]})
    by_name = {f["name"]: f for f in showcase["fields"]}
    by_name["results"]["maps_to"] = "projects.title_en"
    by_name["image"]["maps_to"] = "project-results"
    by_name["organisation_name"]["maps_to"] = "events.title_pt"
    (data_path / "forms.yaml").write_text(
        yaml.safe_dump(forms, allow_unicode=True), encoding="utf-8"
    )
    index = {f["name"]: i for i, f in enumerate(showcase["fields"])}
    found = {(p.field, p.type) for p in check_forms(load_dataset(data_path))}
    assert found == {
        (f"forms/showcase/fields/{index['results']}/maps_to", "row-kind"),
        (f"forms/showcase/fields/{index['image']}/maps_to", "row-kind"),
        (f"forms/showcase/fields/{index['organisation_name']}/maps_to", "wrong-resource"),
        ("forms/showcase/rules/3", "unknown-field"),
    }
