"""The site's forms in Chromium: checks, error summary, check your answers, download; axe in every state."""

from __future__ import annotations

import json

import pytest
from test_accessibility import describe_violations

FORMS = {
    "pt": "participar/partilhar-projeto.html",
    "en": "en/contribute/share-a-project.html",
}
# beneficiary_id is not required on its own: a new organisation may be given instead (the intake
# checks that exactly one is).
REQUIRED = ["id", "title_pt", "status", "contact_name", "contact_email"]


def assert_no_axe_violations(page, axe_path, state: str) -> None:
    """Run axe-core on the page as it is now."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_path))
    violations = page.evaluate("async () => (await axe.run()).violations")
    if violations:
        pytest.fail(
            f"axe-core violations ({state}):\n" + describe_violations(violations), pytrace=False
        )


def fill_showcase(page, **changes: str) -> None:
    """Fill the showcase form with valid answers (fictitious), then apply changes."""
    values = {
        "id": "TESTE-0100",
        "title_pt": "Promoção conjunta <b>teste</b>",
        "summary_pt": "Um resumo simples.",
        "start_date": "01/04/2016",
        "end_date": "31/12/2017",
        "eligible_cost_eur": "400.000,00",
        "eu_cofinancing_rate": "85%",
        "eu_funding_eur": "340.000,00",
        "contact_name": "Pessoa Exemplo Formulário",
        "contact_email": "pessoa.formulario@example.org",
        "contact_phone": "+351 266 000 001",
    }
    values.update(changes)
    for name, value in values.items():
        page.fill(f"#f-{name}", value)
    page.select_option("#f-beneficiary_id", "iapmei")  # a real record: never an example
    page.select_option("#f-status", "completed")
    page.fill("#f-markets", "Alemanha; Áustria")  # any country, typed (issue 12, fix 7)
    page.check("#f-sectors-group input[value='wine']")


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_empty_form_shows_error_summary_and_inline_errors(
    page, browser_log, base_url, axe_path, lang
):
    page.goto(base_url + FORMS[lang])
    page.click("#hub-continue")
    summary = page.locator("#hub-error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "hub-error-summary"
    links = page.locator("#hub-error-summary-list a")
    assert links.count() == len(REQUIRED)
    for name in REQUIRED:
        assert page.locator(f"#f-{name}-error").is_visible(), name
    assert page.get_attribute("#f-id", "aria-invalid") == "true"
    assert page.title().startswith("Erro:" if lang == "pt" else "Error:")
    links.first.click()
    assert page.evaluate("document.activeElement.id") == "f-id"
    assert_no_axe_violations(page, axe_path, f"{lang} error state")
    browser_log.assert_clean()


def test_client_checks_mirror_the_schema(page, base_url):
    page.goto(base_url + FORMS["pt"])
    fill_showcase(
        page,
        id="não é código",
        eligible_cost_eur="abc",
        eu_cofinancing_rate="150%",
        start_date="31/02/2016",
        contact_email="sem-arroba",
    )
    page.click("#hub-continue")
    invalid = page.eval_on_selector_all("[aria-invalid=true]", "nodes => nodes.map(n => n.name)")
    assert sorted(invalid) == sorted(
        ["id", "eligible_cost_eur", "eu_cofinancing_rate", "start_date", "contact_email"]
    )
    fill_showcase(page, end_date="01/01/2016")
    page.click("#hub-continue")
    invalid = page.eval_on_selector_all("[aria-invalid=true]", "nodes => nodes.map(n => n.name)")
    assert invalid == ["end_date"], "the end date must not come before the start date"


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_check_your_answers_then_download(page, browser_log, base_url, axe_path, lang):
    page.goto(base_url + FORMS[lang])
    fill_showcase(page)
    page.keyboard.press("Enter")  # submitting by keyboard from a field
    page.wait_for_selector("#hub-check:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "hub-check-title"
    answers = page.inner_text("#hub-check-list")
    assert "Promoção conjunta <b>teste</b>" in answers, "text is shown literally"
    assert "Alemanha; Áustria" in answers, "the typed markets are shown as typed"
    assert_no_axe_violations(page, axe_path, f"{lang} check your answers")
    page.click("#hub-check-list a >> nth=1")  # Change the title
    assert page.evaluate("document.activeElement.id") == "f-title_pt"
    page.click("#hub-continue")
    page.click("#hub-send")
    with page.expect_download() as info:
        page.click("#hub-download")
    submission = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert submission["form"] == "showcase"
    assert submission["submission_id"].startswith("showcase-")
    assert submission["values"]["contact_email"] == "pessoa.formulario@example.org"
    assert submission["values"]["markets"] == "Alemanha; Áustria"
    assert "hub_hp" not in submission["values"]
    assert_no_axe_violations(page, axe_path, f"{lang} done")
    browser_log.forget_static_host_refusal()  # the e2e server is a static host
    browser_log.assert_clean()
