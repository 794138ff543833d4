"""The real data/: complete, sourced, and honest about examples. Failures say how to fix them."""

from __future__ import annotations

import csv
import subprocess
import sys

from helpers import DATA_PATH
from intlhub.dataset.load_dataset import load_dataset

DATASET = load_dataset(DATA_PATH)


def test_frictionless_cli_passes():
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "datapackage.yaml"],
        cwd=DATA_PATH,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_csv_rows_are_sorted_by_primary_key():
    for resource in DATASET.descriptor["resources"]:
        key = resource["schema"]["primaryKey"]
        with (DATA_PATH / resource["path"]).open(encoding="utf-8") as handle:
            keys = [tuple(row[k] for k in key) for row in csv.DictReader(handle)]
        assert keys == sorted(keys), f"Sort {resource['path']} by {key} so diffs stay readable."


def test_programme_totals_match_the_seed():
    totals = DATASET.programme["totals"]
    assert (totals["calls"], totals["budget_eur"], totals["proposals"], totals["approved"]) == (
        2,
        5_000_000,
        27,
        13,
    )
    assert totals["budget_breakdown_eur"] == [3_000_000, 2_000_000], "The seed says 5 M (3 + 2)."
    own = DATASET.programme["programme"]
    for call in DATASET.table("calls"):
        if call["programme"] != own:
            continue  # the Alentejo 2030 calls have their own cited budgets
        assert call["budget_eur"] is None, (
            "The seed does not say which call had EUR 3 M and which EUR 2 M: leave it empty."
        )
        assert call["proposals_received"] is None, (
            "The seed does not split proposals by call: leave it empty."
        )


def test_required_counts():
    assert len(DATASET.table("markets")) >= 8, "Ship at least 8 markets."
    examples = [p for p in DATASET.table("projects") if p["verification"] == "example"]
    assert len(examples) >= 6, "Ship at least 6 example showcase projects."


def test_every_indicator_has_source_year_and_date():
    for row in DATASET.table("indicators"):
        assert row["source"] and row["source_url"] and row["year"], (
            f"Indicator {row['market_code']} {row['indicator']} needs source, source_url and year."
        )
        assert row["retrieved"] or row["copied_from"], (
            f"Indicator {row['market_code']} {row['indicator']}: say when it was fetched from the "
            "API (retrieved) or which data package copy it came from (copied_from)."
        )
    for market in DATASET.table("markets"):
        found = {
            row["indicator"]
            for row in DATASET.table("indicators")
            if row["market_code"] == market["code"]
        }
        assert {"NY.GDP.MKTP.CD", "SP.POP.TOTL"} <= found, (
            f"Add World Bank GDP and population for {market['code']}."
        )


def test_a_copy_of_reference_data_is_not_dated_as_consulted():
    """Claim 8 of issue 14: nobody consulted the World Bank or ISO on the day the copies were made."""
    copies = {row["copied_from"] for row in DATASET.table("indicators") if row["copied_from"]}
    copies |= {row["source_id"] for row in DATASET.table("country-facts")}
    assert copies == {"world-bank-gdp", "world-bank-population", "country-codes"}
    for source in DATASET.table("sources"):
        if source["id"] in copies:
            assert source["accessed"] is None and "at commit" in source["note"], (
                f"Source {source['id']!r} is a copy kept in the project: leave accessed empty and "
                "say in note which copy it is ('Copy of <dataset> at commit <sha>')."
            )


def test_examples_are_fictitious_and_real_records_are_sourced():
    for resource in ("projects", "organisations", "events"):
        for record in DATASET.table(resource):
            if record["verification"] == "example":
                assert str(record["id"]).lower().startswith("exemplo-"), (
                    f"Give example {record['id']} an EXEMPLO- id."
                )
    for organisation in DATASET.table("organisations"):
        if organisation["verification"] == "example":
            assert not organisation["nif"], "Example organisations carry no NIF."
        else:
            assert organisation["source_id"], f"Cite the source that names {organisation['id']}."
    for call in DATASET.table("calls"):
        assert call["source_id"], f"Cite the source of call {call['id']}'s figures."


def test_every_market_has_guidance_in_both_languages():
    for market in DATASET.table("markets"):
        for lang in ("pt", "en"):
            guidance = DATASET.guidance.get((market["code"], lang))
            assert guidance, f"Create data/{market[f'guidance_{lang}']}."
            for key, section in guidance["sections"].items():
                if section["body"] and section.get("verification") != "example":
                    assert section["sources"], (
                        f"Cite a source for {market['code']}/{lang}/{key} or empty its body."
                    )
