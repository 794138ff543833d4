"""The built pages lead with the current programme, group calls by programme and state the seed's
figures as the seed does (issue 14: programmes as data; claim fixes 3, 4 and 5)."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
import yaml

from helpers import DATA_PATH, PROJECT_PATH, copy_data
from intlhub.dataset.load_dataset import load_dataset
from intlhub.site.build_site import build_site

TODAY = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def site_path(tmp_path_factory) -> Path:
    data_path = copy_data(tmp_path_factory.mktemp("programmes"))
    path = tmp_path_factory.mktemp("programmes-site") / "site"
    build_site(load_dataset(data_path), PROJECT_PATH, path, TODAY, lambda message: None)
    return path


def text_of(site_path: Path, uri: str) -> str:
    """The article's text: tags removed, entities decoded, spaces collapsed."""
    page = (site_path / uri).read_text(encoding="utf-8")
    article = page[page.index("<article") : page.index("</article>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


def test_home_leads_with_alentejo_2030_and_its_last_call(site_path):
    pt, en = text_of(site_path, "index.html"), text_of(site_path, "en/index.html")
    assert pt.index("Programa atual: Alentejo 2030") < pt.index("Programa anterior")
    assert "Last internationalisation call recorded: Collective Actions – Internationalisation " in en
    last = en[en.index("Last internationalisation call recorded") :]
    assert "24 March 2025" in last[:300] and "Linhas de Elvas" in last[:500]
    assert "a2030-int-2023" not in last[:300] and "15 January 2024" not in last[:120]
    assert "New calls are published at https://www.alentejo.portugal2030.pt/avisos" in en
    assert "2021PT16FFPR005" in en and "15 December 2022" in en
    assert "This programme was continued by Alentejo 2030" in en
    assert "Portugal 2030 (2021–2027 programming period)" not in en, "the example successor is gone"




def test_key_figures_date_only_the_calls_and_budget(site_path):
    en = text_of(site_path, "en/index.html")
    assert "up to the end of 2017; as reported" not in en
    assert (
        "the 2 calls, with the budget of €5,000,000, ran up to the end of 2017. The 27 proposals "
        "and 13 approved projects are counted “until now”, that is, up to the date of the source, "
        "which is undated."
    ) in en
    pt = text_of(site_path, "index.html")
    assert "até à data da fonte, que não está datada" in pt and "Números principais 5 000 000" in pt


def test_calls_are_grouped_by_programme_and_2020_budgets_are_not_split(site_path):
    en = text_of(site_path, "en/calls/index.html")
    new = en.index("Alentejo Regional Programme 2021-2027 (Alentejo 2030)")
    old = en.index("Alentejo Regional Operational Programme 2014-2020 (Alentejo 2020)")
    assert new < en.index("applications until 24 March 2025") < old < en.index("Call 1 –")
    unstated = "not stated in the sources"
    assert f"Call 1 – Collective Actions Internationalisation Closed {unstated} {unstated} {unstated}" in en
    assert (
        "Total budget of the 2 calls: €5,000,000, given in the source as €3,000,000 + €2,000,000; "
        "the source does not say which amount went to which call"
    ) in en
    call = text_of(site_path, "en/calls/call-1.html")
    assert "Budget not stated in the sources" in call and "given in the source as" in call
    assert "Programme Alentejo Regional Operational Programme 2014-2020 (Alentejo 2020)" in call
    assert "Programme Alentejo Regional Programme 2021-2027 (Alentejo 2030)" in text_of(
        site_path, "en/calls/a2030-int-2025.html"
    )


def test_statistics_chart_each_programme_apart(site_path):
    page = (site_path / "en" / "statistics.html").read_text(encoding="utf-8")
    assert 'id="chart-budget-alentejo-2020"' in page and 'id="chart-budget-alentejo-2030"' in page
    assert "€7,800,000" not in page and "€2,800,000" in page, "2020 and 2030 never summed"


def test_how_to_apply_lists_what_the_source_lists(site_path):
    en = text_of(site_path, "en/how-to-apply.html")
    assert "Only business associations" not in en
    assert "non-business entities of the research and innovation system" in en
    assert "invitation" not in en, "step 4 no longer credits 'on invitation' to the wrong source"


def test_region_rule_cites_the_programme_not_the_nuts_regulation():
    for name in ("call-1", "call-2"):
        rules = yaml.safe_load((DATA_PATH / "eligibility" / f"{name}.yaml").read_text("utf-8"))
        region = [r for r in rules["rules"] if r["id"].startswith("region-")]
        assert region and {r["source"] for r in region} == {"a2020-ec-programme"}
        assert "NUTS 2013 classification" in region[0]["explanation"]["en"]
