"""Rendered pages speak the page's language and mark text in another one (issue 14, Language)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from intlhub.base.problems import errors_only
from intlhub.dataset.validate import format_problems, validate_data
from intlhub.site.plan_pages import plan_pages
from intlhub.site.render import render_pages

TODAY = dt.date(2026, 11, 27)
DATA_PATH = Path(__file__).resolve().parents[2] / "data"
PARENTHESISED_PLURAL = re.compile(r"\w\((s|es|ões)\)")


@pytest.fixture(scope="module")
def pages() -> dict[tuple[str, str], str]:
    dataset, problems = validate_data(DATA_PATH, TODAY)
    assert errors_only(problems) == [], format_problems(problems)
    specs = plan_pages(dataset, TODAY)
    return {(spec.lang, spec.uri): text for spec, text in render_pages(dataset, specs)}


def row(page: str, label: str) -> str:
    """The value cell of a fact-box row (a Markdown table row)."""
    [line] = [line for line in page.splitlines() if line.startswith(f"| {label} | ")]
    return line.removeprefix(f"| {label} | ").removesuffix(" |")


def test_portuguese_pages_show_no_english_citation(pages):
    english = (
        "good-practice description",
        "via the Interreg Europe Policy Learning Platform",
        "US Department of Commerce",
        "U.S. Department of Agriculture",
        "European Commission",
        "copy published by",
    )
    found = [
        (uri, phrase)
        for (lang, uri), text in pages.items()
        if lang == "pt"
        for phrase in english
        if phrase in text
    ]
    assert found == [], "PT pages cite in English; add the PT wording to data/source-names.csv"


def test_a_source_title_in_another_language_is_marked(pages):
    about = pages[("en", "about.md")]
    assert re.search(
        r'<a href="https://1library\.org/[^"]*" lang="pt">Aviso n\.º 02/SIAC/2016', about
    )
    assert 'lang="pt">Aviso' not in pages[("pt", "sobre.md")]
    # Every source's title has a language now, so a German title on a PT page is marked too.
    assert re.search(
        r'<a href="[^"]*" lang="de">Ausstellerrekord bei Anuga</a>', pages[("pt", "mercados/de.md")]
    )


@pytest.mark.parametrize(
    ("lang", "uri", "capital"),
    [
        ("pt", "mercados/cn.md", '<span lang="zh-Latn-pinyin">Beijing</span>'),
        ("pt", "mercados/de.md", '<span lang="de">Berlin</span>'),
        ("pt", "mercados/gb.md", '<span lang="en">London</span>'),
        ("pt", "mercados/br.md", 'Brasília <span class="hub-source">'),
        ("en", "markets/br.md", '<span lang="pt">Brasília</span>'),
    ],
)
def test_capitals_are_named_in_their_country_s_language_and_marked(pages, lang, uri, capital):
    assert row(pages[(lang, uri)], "Capital").startswith(capital)


@pytest.mark.parametrize(
    ("lang", "uri", "label", "names"),
    [
        ("pt", "mercados/cn.md", "Línguas", "chinês, cantonês, wu, uigur, zhuang"),
        ("pt", "mercados/fr.md", "Línguas", "francês, bretão, córsico, catalão, basco, occitano"),
        ("en", "markets/fr.md", "Languages", "French, Arpitan, Breton, Corsican, Catalan, Basque, Occitan"),
    ],
)  # fmt: skip
def test_language_names_never_show_a_raw_code(pages, lang, uri, label, names):
    assert row(pages[(lang, uri)], label) == names


def test_no_page_writes_a_plural_in_parentheses(pages):
    found = [
        f"{lang}:{uri}: {match.group()}"
        for (lang, uri), text in pages.items()
        for match in PARENTHESISED_PLURAL.finditer(text)
    ]
    assert found == []


def test_a_one_day_event_shows_its_day_once(pages):
    china = pages[("pt", "mercados/cn.md")]
    assert "20 de janeiro de 2027 – 20 de janeiro de 2027" not in china
    assert "20 de janeiro de 2027 (" in china


def test_a_withdrawn_project_reads_com_desistencia(pages):
    texts = "\n".join(text for (lang, _), text in pages.items() if lang == "pt")
    assert "Desistido" not in texts
    assert "Com desistência" in texts
