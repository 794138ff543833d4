"""The eligibility checker page: accessible at every step in both languages, clear for a company
applying alone, shareable as a link, usable from file:// and without JavaScript."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from checker_steps import (
    CONTINUE,
    answer_all,
    answer_question,
    checker_uri,
    current_question,
    load_cases,
    page_data,
    read_result,
    see_result,
)
from test_accessibility import describe_violations

ASSOCIATION = load_cases()[0]["answers"]
WORDS = {
    "pt": {
        "because": "Uma empresa não se pode candidatar sozinha.",
        "source": "Fonte: Ações Coletivas – Internacionalização (descrição de boa prática), Description",
        "not_eligible": "Resultado: Não elegível",
        "early": "Pelas respostas que já deu, não é elegível",
    },
    "en": {
        "because": "A company cannot apply on its own.",
        "source": "Source: Collective Actions internationalization (good-practice description), Description",
        "not_eligible": "Result: Not eligible",
        "early": "From the answers you have given, you are not eligible",
    },
}


def check_axe(page, axe_path: Path, where: str, whole_page: bool = False) -> None:
    """Run axe-core on the checker (or the whole page) and fail with the violations."""
    page.mouse.move(0, 0)  # a hovered link takes Material's hover colour
    # Scrolling up fades in Material's "back to top" button; judge colours once fades end.
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_path))
    context = "document" if whole_page else "document.querySelector('#hub-checker')"
    violations = page.evaluate(f"async () => (await axe.run({context})).violations")
    if violations:
        pytest.fail(
            f"axe-core violations at {where}:\n" + describe_violations(violations), pytrace=False
        )


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_axe_finds_nothing_at_any_step(page, browser_log, base_url, axe_path, lang):
    """Every question, the error and early-result notices, check answers and both results."""
    page.goto(base_url + checker_uri("call-1", lang))
    data = page_data(page)
    questions = {q["id"]: q for q in data["model"]["questions"]}
    check_axe(page, axe_path, "the first question (call closed notice)", whole_page=True)

    page.locator(CONTINUE).click()
    page.wait_for_selector("#hub-checker .hub-checker__error-summary")
    assert page.evaluate(
        "() => document.activeElement.classList.contains('hub-checker__error-summary')"
    )
    check_axe(page, axe_path, "the error message of an unanswered question")

    answer_question(page, questions["beneficiary_type"], "company", lang, keyboard=False)
    page.wait_for_selector("#hub-checker .hub-checker__notice-title")
    check_axe(page, axe_path, "the early 'not eligible' notice")

    page.locator('#hub-checker .hub-checker__notice a[href$="step=result"]').click()
    page.wait_for_selector("#hub-checker [data-outcome]")
    check_axe(page, axe_path, "a result with unanswered questions", whole_page=True)

    page.goto(base_url + checker_uri("call-1", lang) + "#step=start")
    page.wait_for_selector('#hub-checker[data-step="beneficiary_type"]')
    steps = []
    answer_all(
        page,
        ASSOCIATION,
        lang,
        on_step=lambda step: steps.append(step) or check_axe(page, axe_path, step),
    )
    assert len(steps) == len(ASSOCIATION)
    check_axe(page, axe_path, "check your answers", whole_page=True)

    page.locator('#hub-checker a[href*="step=eligible_cost_eur"]').click()
    page.locator("#hub-checker-input").fill("duzentos")
    page.locator(CONTINUE).click()
    page.wait_for_selector("#hub-checker .hub-checker__error-message")
    check_axe(page, axe_path, "the error message of a number")
    page.locator("#hub-checker-input").fill("250000")
    page.locator(CONTINUE).click()
    page.wait_for_selector('#hub-checker[data-step="check"]')

    see_result(page)
    check_axe(page, axe_path, "the result", whole_page=True)
    browser_log.assert_clean()


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_a_company_alone_is_told_it_is_not_eligible_and_why(page, browser_log, base_url, lang):
    """Right after the first answer, and on the result page, with the reason and its source."""
    words = WORDS[lang]
    page.goto(base_url + checker_uri("call-1", lang))
    questions = {q["id"]: q for q in page_data(page)["model"]["questions"]}
    answer_question(page, questions["beneficiary_type"], "company", lang, keyboard=False)
    notice = page.locator(
        "#hub-checker .hub-checker__notice", has=page.locator(".hub-checker__notice-title")
    )
    notice.wait_for()
    assert words["early"] in notice.inner_text()
    assert words["because"] in notice.inner_text() and words["source"] in notice.inner_text()
    assert page.evaluate(
        "() => document.activeElement.classList.contains('hub-checker__notice-title')"
    )

    notice.locator('a[href$="step=result"]').click()
    page.wait_for_selector("#hub-checker [data-outcome]")
    result = read_result(page)
    assert result["outcome"] == "not-eligible"
    assert ["company-alone", "not-eligible"] in result["findings"]
    reason = page.locator('#hub-checker .hub-checker__findings [data-rule="company-alone"]')
    assert words["because"] in reason.inner_text() and words["source"] in reason.inner_text()
    assert words["not_eligible"] in page.locator("#hub-checker h2").first.inner_text()
    browser_log.assert_clean()


def test_the_result_link_can_be_shared_and_carried_to_the_other_language(
    browser, page, browser_log, base_url
):
    """Opening the result's link elsewhere shows the same result; the language link keeps it."""
    page.clock.set_fixed_time("2016-06-01T12:00:00")
    page.goto(base_url + checker_uri("call-2", "pt"))
    answer_all(page, ASSOCIATION, "pt")
    see_result(page)
    result, url = read_result(page), page.url
    assert page.locator("#hub-checker-share").input_value() == url
    assert urlsplit(url).fragment.endswith("step=result")

    context = browser.new_context(locale="en-GB")
    try:
        other = context.new_page()
        other.clock.set_fixed_time("2016-06-01T12:00:00")
        other.goto(url)
        other.wait_for_selector("#hub-checker [data-outcome]")
        assert read_result(other) == result
    finally:
        context.close()

    page.locator('header a[hreflang="en"]').click()
    page.wait_for_url(base_url + checker_uri("call-2", "en") + "#" + urlsplit(url).fragment)
    page.wait_for_selector("#hub-checker [data-outcome]")
    assert read_result(page) == result
    browser_log.assert_clean()


def test_change_links_lead_back_to_check_your_answers(page, browser_log, base_url):
    """Changing the applicant to a public agency asks the follow-up, then returns to the summary."""
    page.goto(base_url + checker_uri("call-1", "en"))
    answer_all(page, ASSOCIATION, "en")
    questions = {q["id"]: q for q in page_data(page)["model"]["questions"]}
    page.locator('#hub-checker a[href$="step=beneficiary_type"]').click()
    answer_question(page, questions["beneficiary_type"], "public-agency", "en", keyboard=True)
    page.wait_for_selector('#hub-checker[data-step="agency_competences"]')
    answer_question(page, questions["agency_competences"], True, "en", keyboard=True)
    page.wait_for_selector('#hub-checker[data-step="check"]')
    assert page.locator('#hub-checker [data-answer="agency_competences"]').inner_text() == "Yes"
    page.go_back()
    page.wait_for_selector('#hub-checker[data-step="agency_competences"]')
    assert current_question(page) == "agency_competences"
    browser_log.assert_clean()


def test_the_checker_works_from_disk(page, browser_log, site_path):
    """From a file:// copy: a shared result opens, and the questions can be answered."""
    url = (site_path / checker_uri("call-1", "en")).as_uri()
    page.goto(url + "#beneficiary_type=company&step=result")
    page.wait_for_selector("#hub-checker [data-outcome]")
    assert read_result(page)["outcome"] == "not-eligible"
    page.locator("#hub-checker .hub-checker__restart a").last.click()
    page.wait_for_selector('#hub-checker[data-step="beneficiary_type"]')
    questions = {q["id"]: q for q in page_data(page)["model"]["questions"]}
    answer_question(
        page, questions["beneficiary_type"], "business-association", "en", keyboard=False
    )
    page.wait_for_selector('#hub-checker[data-step="collective"]')
    browser_log.assert_clean()


def test_without_javascript_the_rules_are_listed(browser, base_url):
    """The page explains that the checker needs JavaScript and still lists every rule."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + checker_uri("call-1", "pt"))
        text = page.locator("article").inner_text()
        assert "O verificador interativo precisa de JavaScript" in text
        assert "Empresa a candidatar-se sozinha" in text and "beneficiary_type = company" in text
        assert "MP = 0,30·A + 0,30·B + 0,20·C + 0,20·D" in text
    finally:
        context.close()


@pytest.mark.parametrize(
    ("uri", "target"),
    [
        ("index.html", "elegibilidade/index.html"),
        ("programa.html", "elegibilidade/index.html"),
        ("concursos/call-1.html", "elegibilidade/call-1.html"),
        ("en/index.html", "en/eligibility/index.html"),
        ("en/programme.html", "en/eligibility/index.html"),
        ("en/calls/call-2.html", "en/eligibility/call-2.html"),
    ],
)
def test_entry_points_link_to_the_checker(page, base_url, uri, target):
    """The home page, the programme page and each call page link to the checker."""
    page.goto(base_url + uri)
    hrefs = page.locator("article a[href]").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href'))"
    )
    assert base_url + target in {urljoin(page.url, href) for href in hrefs}


def test_result_links_lead_to_how_to_apply_and_similar_projects(page, base_url, site_path):
    """The result's links resolve: how to apply, the projects list and each similar project."""
    page.goto(base_url + checker_uri("call-1", "pt") + "#sector=wine&step=result")
    page.wait_for_selector("#hub-checker [data-outcome]")
    hrefs = page.locator("#hub-checker a[href]").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href'))"
    )
    files = {
        urlsplit(urljoin(page.url, href)).path.removeprefix("/")
        for href in hrefs
        if not href.startswith(("#", "http"))
    }
    assert {"como-candidatar.html", "projetos/index.html", "projetos/exemplo-001.html"} <= files
    for file in files:
        assert (site_path / file).is_file(), f"the result links to a missing page: {file}"
