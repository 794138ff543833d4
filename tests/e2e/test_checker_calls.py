"""The checker across programmes: which call (the latest by default), the 2030 calls, the score
made moot by a "not eligible" result, and the calls compared on a phone-sized screen."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from checker_steps import checker_uri, load_cases

ASSOCIATION = load_cases()[0]["answers"]


def result_hash(answers: dict) -> str:
    """The fragment the checker reads: yes-no answers as yes/no, then the result step."""
    parts = [
        f"{key}={('yes' if value else 'no') if isinstance(value, bool) else value}"
        for key, value in answers.items()
    ]
    return "#" + "&".join([*parts, "step=result"])


@pytest.mark.parametrize(
    ("lang", "moot", "claim"),
    [
        ("pt", "Sem efeito: com o resultado «não elegível»", "acima do mínimo"),
        ("en", 'Moot: with a "not eligible" result', "At or above the minimum"),
    ],
)
def test_a_not_eligible_result_makes_the_score_moot(page, browser_log, base_url, lang, moot, claim):
    """Issue 14, claim 6: '4,40 em 5 — igual ou acima do mínimo' no longer sits by 'não elegível'."""
    page.clock.set_fixed_time("2016-06-01T12:00:00")
    answers = {**ASSOCIATION, "beneficiary_type": "company"}
    page.goto(base_url + checker_uri("call-1", lang) + result_hash(answers))
    score = page.locator("#hub-checker .hub-checker__score")
    score.wait_for()
    assert (
        page.locator("#hub-checker [data-outcome]").get_attribute("data-outcome") == "not-eligible"
    )
    assert moot in score.inner_text() and claim not in score.inner_text()
    browser_log.assert_clean()


def test_the_2025_call_is_eligible_while_open_and_labels_reported_reasons(
    page, browser_log, base_url
):
    """The eligible path of an Alentejo 2030 call; a reason shows its news item as reported."""
    answers = {
        "beneficiary_type": "business-association",
        "collective": True,
        "universal_access": True,
        "region": "alentejo",
        "erei_sector": "agri-food",
        "eligible_cost_eur": 250000,
        "smes_reached": 40,
        "past_projects": 3,
    }
    page.clock.set_fixed_time("2025-03-01T12:00:00")
    page.goto(base_url + checker_uri("a2030-int-2025", "en") + result_hash(answers))
    panel = page.locator("#hub-checker [data-outcome]")
    panel.wait_for()
    assert panel.get_attribute("data-outcome") == "eligible"
    page.goto(
        base_url
        + checker_uri("a2030-int-2025", "en")
        + result_hash({**answers, "erei_sector": "aeronautics"})
    )
    page.reload()
    reason = page.locator('#hub-checker [data-rule="sector-to-confirm"]')
    reason.wait_for()
    assert "Linhas de Elvas" in reason.inner_text()
    assert "As reported by the cited news item" in reason.inner_text()
    browser_log.assert_clean()


@pytest.mark.parametrize(
    ("uri", "latest"),
    [
        ("elegibilidade/index.html", "elegibilidade/a2030-int-2025.html"),
        ("en/eligibility/index.html", "en/eligibility/a2030-int-2025.html"),
    ],
)
def test_the_checker_asks_which_call_and_starts_with_the_latest(page, base_url, uri, latest):
    """The start button leads to the latest call; every call is offered, grouped by programme."""
    page.goto(base_url + uri)
    start = page.locator("article a.hub-eligibility__start")
    assert urljoin(page.url, start.get_attribute("href")) == base_url + latest
    headings = page.locator("article h4").all_inner_texts()
    assert headings == ["Alentejo 2030", "Alentejo 2020"]
    hrefs = page.locator("article li a[href]").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href'))"
    )
    assert [href.rsplit("/", 1)[-1] for href in hrefs] == [
        "a2030-int-2025.html",
        "a2030-int-2023.html",
        "call-2.html",
        "call-1.html",
    ]


@pytest.mark.parametrize(
    "uri", ["elegibilidade/comparar-concursos.html", "en/eligibility/compare-calls.html"]
)
def test_the_calls_compared_fit_a_phone(page, base_url, uri):
    """2020 against 2030 at 375 px: no table, nothing wider than the screen."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(base_url + uri)
    assert page.locator("article table").count() == 0
    headings = page.locator("article h2").all_inner_texts()
    assert len(headings) == 3 and "Alentejo 2020" in headings[1] and "Alentejo 2030" in headings[1]
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
