"""Drive the eligibility checker page like a person: by mouse or by keyboard."""

from __future__ import annotations

from pathlib import Path

import yaml

from intlhub.base.yaml_loader import DocumentLoader

CASES_PATH = Path(__file__).resolve().parents[1] / "eligibility" / "cases.yaml"
CHECKER_URIS = {"pt": "elegibilidade/{call}.html", "en": "en/eligibility/{call}.html"}
CONTINUE = "#hub-checker .hub-checker__continue"
MAX_TABS = 250


def load_cases() -> list[dict]:
    """The test table, tests/eligibility/cases.yaml."""
    return yaml.load(CASES_PATH.read_text(encoding="utf-8"), Loader=DocumentLoader)  # noqa: S506


def checker_uri(call: str, lang: str) -> str:
    """The checker page of a call, relative to the site root."""
    return CHECKER_URIS[lang].format(call=call)


def page_data(page) -> dict:
    """The rules, texts and links the page embeds."""
    return page.evaluate(
        "() => JSON.parse(document.getElementById('hub-checker-data').textContent)"
    )


def current_question(page) -> str | None:
    """The id of the question on screen, or None on another step."""
    return page.evaluate(
        "() => { const f = document.querySelector('#hub-checker form[data-question]');"
        " return f ? f.dataset.question : null; }"
    )


def typed_number(value: float | int, lang: str) -> str:
    """A number as a person types it: '250 000' in Portuguese, '250,000' in English."""
    text = f"{value:,}".replace(",", " " if lang == "pt" else ",")
    return text.replace(".", ",") if lang == "pt" and isinstance(value, float) else text


def tab_to(page, selector: str) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(MAX_TABS):
        if page.evaluate(
            "(s) => !!document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector!r}")


def answer_question(page, question: dict, value, lang: str, keyboard: bool) -> None:
    """Answer the question on screen and continue."""
    kind = question["type"]
    if kind in ("yes-no", "choice"):
        wanted = ("yes" if value else "no") if kind == "yes-no" else value
        values = ["yes", "no"] if kind == "yes-no" else question["options"]
        if not keyboard:
            page.locator(f'#hub-checker input[name=answer][value="{wanted}"]').click()
            page.locator(CONTINUE).click()
            return
        tab_to(page, "#hub-checker input[name=answer]")
        focused = page.evaluate("() => document.activeElement.value")
        steps = values.index(wanted) - values.index(focused)
        checked = page.evaluate("() => document.activeElement.checked")
        if steps == 0 and not checked:
            page.keyboard.press("Space")
        for _ in range(abs(steps)):
            page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
        tab_to(page, CONTINUE)
        page.keyboard.press("Enter")
        return
    field = page.locator("#hub-checker-input")
    text = str(value) if kind == "date" else typed_number(value, lang)
    if not keyboard:
        field.click()
        field.fill(text)
        page.locator(CONTINUE).click()
        return
    tab_to(page, "#hub-checker-input")
    if kind == "date":
        field.fill(text)  # the date field's typing order follows the browser's own locale
    else:
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
    page.keyboard.press("Enter")


def answer_all(page, answers: dict, lang: str, keyboard: bool = False, on_step=None) -> list[str]:
    """Answer every question the page asks, until "check your answers"; return the ids asked."""
    questions = {q["id"]: q for q in page_data(page)["model"]["questions"]}
    asked = []
    for _ in range(len(questions) + 1):
        question_id = current_question(page)
        if question_id is None:
            break
        if on_step:
            on_step(f"question {question_id}")
        asked.append(question_id)
        answer_question(page, questions[question_id], answers[question_id], lang, keyboard)
        page.wait_for_function(
            "(id) => document.querySelector('#hub-checker').getAttribute('data-step') !== id",
            arg=question_id,
            polling=10,
        )
    assert page.locator("#hub-checker").get_attribute("data-step") == "check"
    return asked


def see_result(page, keyboard: bool = False) -> None:
    """From "check your answers", open the result."""
    if keyboard:
        tab_to(page, "#hub-checker .hub-checker__see-result")
        page.keyboard.press("Enter")
    else:
        page.locator("#hub-checker .hub-checker__see-result").click()
    page.wait_for_selector("#hub-checker [data-outcome]")


def read_result(page) -> dict:
    """The result on screen: outcome, reasons {rule: outcome} in order, and score in hundredths."""
    outcome = page.locator("#hub-checker [data-outcome]").get_attribute("data-outcome")
    findings = page.locator("#hub-checker .hub-checker__findings [data-rule]").evaluate_all(
        "(items) => items.map((li) => [li.dataset.rule, li.dataset.finding])"
    )
    score = page.locator("#hub-checker .hub-checker__score")
    return {
        "outcome": outcome,
        "findings": findings,
        "score": int(score.get_attribute("data-score")) if score.count() else None,
    }
