"""Pagefind search, served over http, finds pages in the language of the search page."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

SEARCH_INPUT = "#hub-search input[type=search], #hub-search input[type=text]"
RESULT = "#hub-search .pagefind-ui__result"


def search(page, query: str) -> list[str]:
    """Type a query into the Pagefind UI like a person and return the result texts."""
    page.wait_for_selector(SEARCH_INPUT, state="visible")
    # FINDINGS: fill() does not fire the input events search UIs listen to; type instead.
    page.click(SEARCH_INPUT)
    page.keyboard.type(query, delay=20)
    return wait_for_results(page)


def wait_for_results(page) -> list[str]:
    """Wait until Pagefind shows results with their text filled in; return the texts."""
    try:
        page.wait_for_selector(RESULT, state="visible")
        # Titles and excerpts fill in after the result list appears.
        page.wait_for_function(
            "(selector) => [...document.querySelectorAll(selector)]"
            ".every((result) => result.innerText.trim().length > 0)",
            arg=RESULT,
        )
    except PlaywrightTimeoutError:
        timed_out = True
    else:
        timed_out = False
    if timed_out:
        shown = page.locator("#hub-search").all_inner_texts()
        pytest.fail(f"no search results on {page.url}; #hub-search shows: {shown!r}")
    return page.locator(RESULT).all_inner_texts()


def test_portuguese_search_ignores_accents(page, browser_log, base_url):
    """'exportacao' typed without accents finds pages that say 'exportação'."""
    page.goto(base_url + "pesquisa.html")
    results = search(page, "exportacao")
    assert results, "no result for 'exportacao' on /pesquisa.html"
    assert any("exportação" in text.lower() for text in results), (
        "no result for 'exportacao' mentions 'exportação':\n" + "\n---\n".join(results)
    )
    browser_log.assert_clean()


def test_english_search_finds_english_pages(page, browser_log, base_url):
    """The English search page finds English pages only."""
    page.goto(base_url + "en/search.html")
    results = search(page, "market")
    assert results, "no result for 'market' on /en/search.html"
    assert any("market" in text.lower() for text in results), "\n---\n".join(results)
    links = page.locator(f"{RESULT} a[href]").evaluate_all("(links) => links.map((a) => a.href)")
    portuguese = [href for href in links if not href.startswith(base_url + "en/")]
    assert not portuguese, f"English search returned pages outside /en/: {portuguese}"
    browser_log.assert_clean()


def test_header_search_form_runs_the_search(page, browser_log, base_url):
    """The header's search form submits to this language's search page, which runs the query."""
    page.goto(base_url + "mercados/es.html")
    page.click("header form[role=search] input[name=q]")
    page.keyboard.type("exportacao")
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + "pesquisa.html?*")
    assert parse_qs(urlsplit(page.url).query).get("q") == ["exportacao"]
    results = wait_for_results(page)
    assert any("exportação" in text.lower() for text in results), "\n---\n".join(results)
    browser_log.assert_clean()


# Every result of a query through Pagefind's own JS API (the UI shows only the first five).
ALL_RESULT_URLS = """async ([bundle, term]) => {
  const pagefind = await import(bundle + "pagefind.js");
  const search = await pagefind.search(term);
  const pages = await Promise.all(search.results.map((result) => result.data()));
  return pages.map((page) => page.url);
}"""


@pytest.mark.parametrize(
    ("search_uri", "bundle_uri", "term", "project_url"),
    [
        # "língua" is in the project's summary; typed without its accent.
        ("pesquisa.html", "pagefind/", "lingua", "/projetos/exemplo-004.html"),
        ("en/search.html", "en/pagefind/", "abroad", "/en/projects/exemplo-001.html"),
    ],
)
def test_a_project_is_found_by_a_word_of_its_summary(
    page, browser_log, base_url, search_uri, bundle_uri, term, project_url
):
    """Item pages keep their content in the index (labels and list pages are left out)."""
    page.goto(base_url + search_uri)
    urls = page.evaluate(ALL_RESULT_URLS, [base_url + bundle_uri, term])
    assert project_url in urls, f"{term!r} on {search_uri} found {urls}"
    browser_log.assert_clean()


def test_the_search_waits_until_typing_pauses(page, browser_log, base_url):
    """Pagefind sees the finished word, not every prefix (whose index chunks it would load)."""
    page.goto(base_url + "pesquisa.html")
    page.wait_for_selector(SEARCH_INPUT, state="visible")
    page.evaluate(
        """(selector) => {
          window.hubSeenValues = [];
          document.querySelector(selector).addEventListener("input", (event) => {
            window.hubSeenValues.push(event.target.value);
          });
        }""",
        SEARCH_INPUT,
    )
    page.click(SEARCH_INPUT)
    page.keyboard.type("exportacao", delay=20)
    assert any("exportação" in text.lower() for text in wait_for_results(page))
    assert page.evaluate("window.hubSeenValues") == ["exportacao"]
    browser_log.assert_clean()
