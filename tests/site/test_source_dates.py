"""Claim 8 of issue 14: a date on the site says what it is. A value copied from a data package is
not "obtido em" the package's last-update date, and a source is not "consulted" on a day nobody
read it."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from helpers import DATA_PATH
from intlhub.dataset.validate import valid_dataset
from intlhub.site.plan_pages import plan_pages
from intlhub.site.render import render_pages

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def pages():
    dataset = valid_dataset(DATA_PATH, TODAY, lambda message: None)
    return {(s.lang, s.uri): text for s, text in render_pages(dataset, plan_pages(dataset, TODAY))}


def line_with(page: str, text: str) -> str:
    return next(line for line in page.splitlines() if text in line)


@pytest.mark.parametrize(
    ("lang", "uri", "label", "copied", "not_retrieved"),
    [
        (
            "pt",
            "mercados/de.md",
            "| PIB (USD correntes) |",
            'copiado do pacote de dados <a href="https://github.com/datasets/gdp">datasets/gdp</a>'
            " (dados atualizados na fonte em 24 de fevereiro de 2026).",
            "| Inflação, preços no consumidor (% anual) | *ainda não obtido — execute "
            "`intlhub refresh-indicators`* |",
        ),
        (
            "en",
            "markets/de.md",
            "| GDP (current US$) |",
            'copied from the data package <a href="https://github.com/datasets/gdp">datasets/gdp</a>'
            " (data last updated at the source on 24 February 2026).",
            "| Inflation, consumer prices (annual %) | *not yet retrieved — run "
            "`intlhub refresh-indicators`* |",
        ),
    ],
)
def test_a_copied_gdp_is_dated_by_its_package_not_as_retrieved(
    pages, lang, uri, label, copied, not_retrieved
):
    page = pages[(lang, uri)]
    assert copied in line_with(page, label)
    assert not re.search(r"(obtido em|retrieved) 24", page), "2026-02-24 is no retrieval date"
    assert not_retrieved in page.splitlines(), "no value was fetched: none is made up"


def test_the_about_page_says_what_each_source_date_is(pages):
    page = pages[("pt", "sobre.md")]
    assert "| Fonte | Editor | Publicação | Lida pelo hub em | Nota |" in page
    assert "«Lida pelo hub em» é o dia em que alguém a trabalhar neste hub leu a fonte" in page
    gdp = line_with(page, "https://github.com/datasets/gdp")
    assert "| 2026-02-24 | não registado |" in gdp
    assert "Copy of datasets/gdp at commit 822019c" in gdp
    table = page.split("| Lida pelo hub em |", 1)[1]
    assert "27 de novembro de 2026" not in table, "nobody read a source on that day"
    good_practice = line_with(table, "interregeurope.eu/policylearning/good-practices/item/1297/")
    assert "| 3 de dezembro de 2026 |" in good_practice
    assert "Não datada; os números são «até agora»" in good_practice  # note_pt, not the English note


def test_the_content_status_page_says_how_each_indicator_was_obtained(pages):
    page = pages[("en", "content-status.md")]
    assert (
        "| Germany | GDP (current US$) | 2023 | copied from the data package "
        '<a href="https://github.com/datasets/gdp">datasets/gdp</a>'
    ) in page
    assert (
        "| Germany | GDP growth (annual %) |  | *not yet retrieved — run "
        "`intlhub refresh-indicators`* |"
    ) in page
