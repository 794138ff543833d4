"""Market guides for the United Kingdom, the United States, Brazil and Angola (issue 14, item 3).

Each market needs at least six written sections in both languages; a written section cites sources
that exist with an address, is dated, and its market page shows the text beside its sources.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from helpers import DATA_PATH
from intlhub.base.i18n import GUIDANCE_SECTIONS, source_label
from intlhub.base.sanitize import escape_html, escape_markdown
from intlhub.dataset.load_dataset import load_dataset
from intlhub.site.plan_pages import plan_pages
from intlhub.site.render import render_pages

MARKETS = ("GB", "US", "BR", "AO")
LANGS = ("pt", "en")
TODAY = dt.date(2026, 12, 3)  # the day these guides were written and their sources read
DATASET = load_dataset(DATA_PATH)
SOURCES = DATASET.index("sources")
SOURCE_NAMES = DATASET.index("source-names", "source_id")
CITE = re.compile(
    r'<span class="hub-source">[^:<]+: <a href="([^"]+)"(?: lang="[^"]+")?>([^<]+)</a> \(([^<]*); ([^;<]*)\)\.</span>'
)
REVIEWED = {"pt": "Última revisão: 3 de dezembro de 2026", "en": "Last reviewed: 3 December 2026"}
UNDATED = {"pt": "não datada", "en": "undated"}


def written_sections(code: str, lang: str) -> dict[str, dict]:
    """Return the sections of one market's guidance that have a body."""
    return {k: s for k, s in DATASET.guidance[(code, lang)]["sections"].items() if s["body"]}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("code", MARKETS)
def test_each_market_has_six_written_sections_of_sensible_length(code, lang):
    sections = written_sections(code, lang)
    assert len(sections) >= 6, (
        f"Write at least 6 sections in data/markets/{code.lower()}.{lang}.yaml."
    )
    for key, section in sections.items():
        words = len(section["body"].split())
        assert 60 <= words <= 180, f"{code}/{lang}/{key} has {words} words: keep it to 60–180."
        assert section.get("verification") != "example", f"{code}/{lang}/{key} must be real text."
    other = "en" if lang == "pt" else "pt"
    assert set(sections) == set(written_sections(code, other)), (
        "Write the same sections in both languages."
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("code", MARKETS)
def test_each_written_section_is_dated_and_cites_sources_with_an_address(code, lang):
    sections = written_sections(code, lang)
    assert len(sections) >= 6, f"Write the sections of data/markets/{code.lower()}.{lang}.yaml."
    for key, section in DATASET.guidance[(code, lang)]["sections"].items():
        if key not in sections:
            assert str(section["last_reviewed"]) != TODAY.isoformat(), (
                f"{code}/{lang}/{key} is unwritten."
            )
    for key, section in sections.items():
        where = f"{code}/{lang}/{key}"
        assert str(section["last_reviewed"]) == TODAY.isoformat(), (
            f"Date {where} when it was written."
        )
        assert section["sources"], f"Cite at least one source for {where}."
        for source_id in section["sources"]:
            source = SOURCES.get(source_id)
            assert source, f"Add {source_id!r}, cited by {where}, to sources.csv."
            assert source["url"].startswith("https://") or source["url"].startswith("http://"), (
                f"Give {source_id!r} the address where it can be read."
            )
            assert source["accessed"] == TODAY, f"Set the day {source_id!r} was read."
            assert source_id.startswith(("mkt-gb-", "mkt-us-", "mkt-br-", "mkt-ao-")), source_id


@pytest.mark.parametrize("code", MARKETS)
def test_the_market_row_is_dated_the_day_its_guide_was_written(code):
    market = DATASET.index("markets", key="code")[code]
    assert market["last_reviewed"] == TODAY, f"Set last_reviewed of {code} in markets.csv."


@pytest.fixture(scope="module")
def market_pages():
    specs = [
        spec
        for spec in plan_pages(DATASET, TODAY)
        if spec.key in {f"markets:{code}" for code in MARKETS}
    ]
    return {
        (spec.lang, spec.key.split(":")[1]): text for spec, text in render_pages(DATASET, specs)
    }


def section_text(page: str, heading: str) -> str:
    """Return the part of a rendered market page under one '## ' heading."""
    start = page.index(f"\n## {heading}\n")
    end = page.find("\n## ", start + 1)
    return page[start:end]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("code", MARKETS)
def test_the_market_page_shows_each_section_with_its_dated_sources(market_pages, code, lang):
    page = market_pages[(lang, code)]
    sections = written_sections(code, lang)
    assert len(sections) >= 6, f"{code}/{lang}: the page has fewer than 6 written sections."
    for key, section in sections.items():
        part = section_text(page, GUIDANCE_SECTIONS[key][lang])
        assert escape_markdown(section["body"]) in part, (
            f"{code}/{lang}/{key}: the text is missing."
        )
        assert REVIEWED[lang] in part
        cited = CITE.findall(part)
        assert len(cited) == len(section["sources"]), part
        for (_href, title, publisher, date), source_id in zip(
            cited, section["sources"], strict=True
        ):
            label = source_label(SOURCES[source_id], SOURCE_NAMES.get(source_id), lang)
            assert (title, publisher) == (escape_html(label.title), escape_html(label.publisher))
            source = SOURCES[source_id]
            assert date == (source["published"] or UNDATED[lang])
