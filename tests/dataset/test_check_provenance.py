"""An indicator row says how the hub got it: fetched from the API on a day, or copied (claim 8)."""

from __future__ import annotations

import datetime as dt

from helpers import copy_data
from intlhub.dataset.validate import validate_data

TODAY = dt.date(2026, 11, 27)
GDP_DE = "DE,NY.GDP.MKTP.CD,2023,4456081016706,USD,World Bank and OECD,http://data.worldbank.org/indicator/NY.GDP.MKTP.CD,"


def problems_after(tmp_path, old: str, new: str) -> list[tuple]:
    data_path = copy_data(tmp_path)
    path = data_path / "indicators.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _, problems = validate_data(data_path, TODAY)
    return [(p.file, p.row, p.field, p.type) for p in problems if p.type.startswith("indicator-")]


def test_a_copied_row_may_not_also_claim_a_retrieval_date(tmp_path):
    found = problems_after(
        tmp_path, GDP_DE + ",world-bank-gdp,", GDP_DE + "2026-02-24,world-bank-gdp,"
    )
    assert found == [("indicators.csv", 10, "retrieved", "indicator-provenance")]


def test_a_row_must_say_where_it_came_from(tmp_path):
    found = problems_after(tmp_path, GDP_DE + ",world-bank-gdp,", GDP_DE + ",,")
    assert found == [("indicators.csv", 10, "copied_from", "indicator-provenance")]


def test_the_source_cannot_update_after_the_day_it_was_fetched(tmp_path):
    found = problems_after(
        tmp_path, GDP_DE + ",world-bank-gdp,2026-02-24", GDP_DE + "2026-01-10,,2026-02-24"
    )
    assert found == [("indicators.csv", 10, "source_updated", "indicator-dates")]


def test_copied_from_must_name_a_source(tmp_path):
    data_path = copy_data(tmp_path)
    path = data_path / "indicators.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",world-bank-gdp,", ",datasets-gdp,", 1),
        encoding="utf-8",
    )
    _, problems = validate_data(data_path, TODAY)
    assert [(p.file, p.row, p.type) for p in problems if p.type == "foreign-key"] == [
        ("indicators.csv", 2, "foreign-key")
    ]
