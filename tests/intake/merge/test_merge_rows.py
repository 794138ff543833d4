"""Merging into data/ files held in memory: rows, ids, a new organisation, result rows."""

from helpers import DATA_PATH
from intlhub.dataset.forms import find_form
from intlhub.dataset.load_dataset import load_dataset
from intlhub.intake.merge.records import merge_row, read_table_file, unique_id
from intlhub.intake.merge.related import organisation_for, result_rows


def test_an_empty_value_never_overwrites_and_a_verified_row_only_gains_values():
    existing = {"id": "A", "title_pt": "Velho", "summary_pt": "", "verification": "verified"}
    merged = merge_row(existing, {"title_pt": "Novo", "summary_pt": "Resumo"}, {})
    assert merged["title_pt"] == "Velho" and merged["summary_pt"] == "Resumo"
    self_reported = {**existing, "verification": "self-reported"}
    assert (
        merge_row(self_reported, {"title_pt": "Novo", "summary_pt": ""}, {})["title_pt"] == "Novo"
    )
    assert merge_row(self_reported, {"title_pt": ""}, {})["title_pt"] == "Velho"


def test_unchanged_rows_keep_their_exact_bytes():
    dataset = load_dataset(DATA_PATH)
    table = read_table_file(dataset, "projects")
    assert table.to_bytes() == (DATA_PATH / "projects.csv").read_bytes()


def test_unique_ids_count_up_from_two():
    assert unique_id("assoc", ["assoc", "assoc-2"]) == "assoc-3"
    assert unique_id("nova", []) == "nova"


def test_a_new_organisation_gets_a_fresh_id_and_a_listed_nif_is_reused():
    dataset = load_dataset(DATA_PATH)
    form = find_form(dataset, "showcase")
    organisations = read_table_file(dataset, "organisations")
    made, row, listed = organisation_for(
        form,
        {
            "organisation_name": "Associação Teste do Montado",
            "organisation_kind": "business-association",
        },
        organisations,
    )
    assert (made, listed) == ("associacao-teste-do-montado", False)
    assert row["verification"] == "self-reported" and row["name"] == "Associação Teste do Montado"
    nif_row = organisations.rows[("iapmei",)]
    nif_row["nif"] = "500000000"  # a fictitious NIF, in memory only
    reused, added, listed = organisation_for(
        form, {"organisation_name": "Outro nome", "organisation_nif": nif_row["nif"]}, organisations
    )
    assert (reused, added, listed) == (nif_row["id"], None, True)


def test_result_lines_become_rows_with_slugs_from_the_english_name():
    rows = result_rows("P-1", "Empresas participantes; Participating firms; 30; 34")
    assert [(r["project_id"], r["indicator"], r["planned"], r["achieved"]) for r in rows] == [
        ("P-1", "participating-firms", "30", "34")
    ]
