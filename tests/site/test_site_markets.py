"""A project may target a country the hub has no guidance page for (fix 7 of issue 12)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from helpers import copy_data
from intlhub.base.problems import errors_only
from intlhub.dataset.validate import format_problems, validate_data
from intlhub.site.plan_pages import plan_pages
from intlhub.site.programme_stats import compute_statistics
from intlhub.site.render import render_pages
from intlhub.site.showcase_data import build_facets, showcase_payload

TODAY = dt.date(2026, 11, 27)
LINK = re.compile(r'<a href="([^"]*)">([^<]*)</a>')


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """The real data with EXEMPLO-001 also targeting Austria, which has no guidance page."""
    data_path = copy_data(tmp_path_factory.mktemp("at"))
    projects = data_path / "projects.csv"
    text = projects.read_text(encoding="utf-8")
    projects.write_text(text.replace(",BR;DE;US,", ",AT;BR;DE;US,", 1), encoding="utf-8")
    dataset, problems = validate_data(data_path, TODAY)
    assert errors_only(problems) == [], format_problems(problems)
    assert dataset.index("projects")["EXEMPLO-001"]["markets"] == ("AT", "BR", "DE", "US")
    return dataset


@pytest.fixture(scope="module")
def pages(dataset):
    return {
        (spec.lang, spec.uri): text
        for spec, text in render_pages(dataset, plan_pages(dataset, TODAY))
    }


def markets_cell(page: str) -> str:
    return page.split('<th scope="row">', 4)[3].split("</tr>", 1)[0]


@pytest.mark.parametrize(
    ("lang", "uri", "austria", "germany"),
    [
        ("pt", "projetos/exemplo-001.md", "Áustria", "Alemanha"),
        ("en", "projects/exemplo-001.md", "Austria", "Germany"),
    ],
)
def test_the_project_page_names_the_country_and_links_only_covered_markets(
    pages, lang, uri, austria, germany
):
    cell = next(
        line for line in pages[(lang, uri)].splitlines() if germany in line and "<th" in line
    )
    links = dict((name, href) for href, name in LINK.findall(cell))
    assert links[germany].endswith("/de.html")
    assert austria in cell and austria not in links, "no guidance page, so no link"


def test_no_page_links_to_a_market_page_that_does_not_exist(pages):
    assert not [key for key, text in pages.items() if re.search(r"/at\.(html|md)\b", text)]
    assert ("pt", "mercados/at.md") not in pages


def test_lists_counts_and_statistics_count_the_country(dataset, pages):
    stats = compute_statistics(dataset)
    by_market = {t.key: t.projects for t in stats.example.by_market}
    assert by_market["AT"] == 1 and by_market["DE"] == 1 and by_market["BR"] == 2
    market_facet = next(f for f in build_facets(dataset, "pt") if f.key == "market")
    options = {o.value: (o.label, o.count) for o in market_facet.options}
    assert options["AT"] == ("Áustria", 1), "the showcase filter offers every targeted country"
    assert options["DE"] == ("Alemanha", 1) and options["ES"] == ("Espanha", 1)
    assert '"AT"' in showcase_payload(dataset, "pt")
    statistics = next(
        text for (lang, uri), text in pages.items() if lang == "en" and "statistics" in uri
    )
    assert "Austria" in statistics
    markets = pages[("en", "markets/index.md")]
    assert "Austria" not in markets, "the markets list keeps the covered markets"


@pytest.mark.parametrize(
    ("lang", "uri"),
    [("pt", "participar/partilhar-projeto.md"), ("en", "contribute/share-a-project.md")],
)
def test_the_showcase_form_takes_target_markets_as_typed_text(dataset, pages, lang, uri):
    from intlhub.dataset.forms import find_form
    from intlhub.site.plan_forms import form_spec

    spec = form_spec(dataset, find_form(dataset, "showcase"), lang)
    markets = next(f for f in spec["fields"] if f["name"] == "markets")
    assert (markets["multiple"], markets["select"], markets["choices"]) == (False, False, [])
    assert markets["pattern"] is None, "the browser must not check a typed name against ISO codes"
    assert ";" in markets["help"] and "ISO" in markets["help"]
    code = next(f for f in spec["fields"] if f["name"] == "id")
    assert code["pattern"], "a field without choices keeps its pattern"
    page = pages[(lang, uri)]
    assert 'id="f-markets" name="markets"' in page
    assert 'name="markets" value=' not in page, "no checkbox list of the covered markets"
