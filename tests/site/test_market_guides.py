"""Market pages: unwritten sections show no review date; written ones show text, sources, dates."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import DATA_PATH
from intlhub.base.problems import errors_only
from intlhub.dataset.validate import format_problems, validate_data
from intlhub.site.plan_pages import plan_pages
from intlhub.site.render import render_pages

TODAY = dt.date(2026, 12, 3)
LATER = dt.date(2030, 1, 1)


def render(today: dt.date) -> dict[tuple[str, str], str]:
    dataset, problems = validate_data(DATA_PATH, today)
    assert errors_only(problems) == [], format_problems(problems)
    return {
        (spec.lang, spec.uri): text
        for spec, text in render_pages(dataset, plan_pages(dataset, today))
    }


@pytest.fixture(scope="module")
def pages():
    return render(TODAY)


@pytest.fixture(scope="module")
def later_pages():
    return render(LATER)


@pytest.mark.parametrize(
    ("lang", "uri", "reviewed", "not_written"),
    [
        ("pt", "mercados/nl.md", "Última revisão", "Por escrever"),
        ("en", "markets/nl.md", "Last reviewed", "Not yet written"),
    ],
)
def test_an_unwritten_market_page_shows_no_review_date(pages, lang, uri, reviewed, not_written):
    page = pages[(lang, uri)]
    assert 'class="hub-reviewed"' not in page, "no section of NL is written, so none was reviewed"
    fact_row = next(line for line in page.splitlines() if line.startswith(f"| {reviewed} |"))
    assert fact_row == f"| {reviewed} | *{not_written}* |"
    assert "2026" not in fact_row


def test_an_unwritten_market_is_never_due_for_review(later_pages):
    page = later_pages[("pt", "mercados/nl.md")]
    assert "hub-badge--overdue" not in page
    listing = later_pages[("pt", "mercados/index.md")]
    nl_row = next(line for line in listing.splitlines() if "(nl.md)" in line or "/nl.md)" in line)
    assert "hub-badge--overdue" not in nl_row and "*Por escrever*" in nl_row


def test_the_content_status_page_gives_no_date_to_unwritten_sections(pages):
    status = next(
        text for (lang, uri), text in pages.items() if lang == "en" and "content-status" in uri
    )
    nl_rows = [line for line in status.splitlines() if "/nl.md)" in line]
    assert len(nl_rows) == 9
    assert all("| Not yet written | *Not yet written* |" in row for row in nl_rows), nl_rows[0]


@pytest.mark.parametrize(
    ("lang", "uri", "heading", "text", "source_url", "source_date", "reviewed"),
    [
        (
            "pt",
            "mercados/es.md",
            "## Feiras",
            "A Alimentaria, em Barcelona",
            "https://www.finanznachrichten.de/nachrichten-2018-05/",
            "2018-05-16",
            "Última revisão: 3 de dezembro de 2026",
        ),
        (
            "en",
            "markets/es.md",
            "## Trade fairs",
            "Alimentaria in Barcelona",
            "https://www.finanznachrichten.de/nachrichten-2018-05/",
            "2018-05-16",
            "Last reviewed: 3 December 2026",
        ),
        (
            "pt",
            "mercados/fr.md",
            "## Economia",
            "A França é uma das maiores economias",
            "https://www.export.gov/article?series=a0pt0000000PAtnAAG",
            "2018-07-18",
            "Última revisão: 3 de dezembro de 2026",
        ),
        (
            "en",
            "markets/fr.md",
            "## Economy",
            "France is one of the world's largest economies",
            "https://www.export.gov/article?series=a0pt0000000PAtnAAG",
            "2018-07-18",
            "Last reviewed: 3 December 2026",
        ),
        (
            "pt",
            "mercados/de.md",
            "## Distribuição",
            "O retalho alimentar alemão é concentrado",
            "https://www.retailpilot.de/2018/09/10/market-and-consume/",
            "2018-09-10",
            "Última revisão: 3 de dezembro de 2026",
        ),
        (
            "en",
            "markets/de.md",
            "## Distribution",
            "German food retail is concentrated",
            "https://www.retailpilot.de/2018/09/10/market-and-consume/",
            "2018-09-10",
            "Last reviewed: 3 December 2026",
        ),
        (
            "pt",
            "mercados/cn.md",
            "## Condições",
            "o Decreto 248 da China",
            "https://faegredrinker.com/zh/insights/publications/2022/2/",
            "2022-02",
            "Última revisão: 3 de dezembro de 2026",
        ),
        (
            "en",
            "markets/cn.md",
            "## Legal conditions",
            "China's Decree 248 requires",
            "https://faegredrinker.com/zh/insights/publications/2022/2/",
            "2022-02",
            "Last reviewed: 3 December 2026",
        ),
    ],
)
def test_a_written_guide_shows_its_text_sources_dates_and_review_day(
    pages, lang, uri, heading, text, source_url, source_date, reviewed
):
    page = pages[(lang, uri)]
    section = next(part for part in page.split("\n## ") if ("## " + part).startswith(heading))
    assert text in section
    cite = next(
        span for span in section.split('<span class="hub-source">')[1:] if source_url in span
    )
    assert f"; {source_date})." in cite, "each source shows its publication date"
    assert f'<p class="hub-reviewed">{reviewed}</p>' in section
    assert page.count('class="hub-reviewed"') == 7, "7 written sections, 7 review dates"


@pytest.mark.parametrize(("lang", "uri"), [("pt", "mercados/es.md"), ("en", "markets/es.md")])
def test_a_guide_keeps_its_unwritten_sections_undated(pages, lang, uri):
    page = pages[(lang, uri)]
    unwritten = [
        part
        for part in page.split("\n## ")
        if "*Ainda não escrito.*" in part or "*Not yet written.*" in part
    ]
    assert len(unwritten) == 2 and not any("hub-reviewed" in part for part in unwritten)
    guide = page.split("\n## ", 1)[1].split("/es.ics)", 1)[0]
    assert "example" not in guide.lower(), "the example text of ES is replaced by sourced text"


@pytest.mark.parametrize(("lang", "uri"), [("pt", "mercados/es.md"), ("en", "markets/es.md")])
def test_the_facts_table_runs_unbroken_from_the_indicators_to_the_review_dates(pages, lang, uri):
    """A blank line after the indicator rows ended the Markdown table: the review rows showed as text."""
    lines = pages[(lang, uri)].splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("|---"))
    end = next(i for i in range(header, len(lines)) if not lines[i].startswith("|"))
    table = "\n".join(lines[header:end])
    assert "refresh-indicators" in table or "World Bank" in table, (
        "the indicator rows are in the table"
    )
    review_by = "Rever até" if lang == "pt" else "Review by"
    assert f"| {review_by} |" in table, "the review rows belong to the same table"
