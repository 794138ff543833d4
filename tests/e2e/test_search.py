"""Pagefind search, served over http, finds pages in the language of the search page."""

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

SEARCH_INPUT = "#hub-search input[type=search], #hub-search input[type=text]"
RESULT = "#hub-search .pagefind-ui__result"
# A query for a noun in -ção finds its whole word family (issue 14), with or without accents.
EXPORT_FAMILY = re.compile(r"exporta(ção|ções|r|d)")


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
        # Titles and excerpts fill in after the result list appears; wait for every excerpt.
        page.wait_for_function(
            "(selector) => [...document.querySelectorAll(selector)].every((result) =>"
            " (result.querySelector('.pagefind-ui__result-excerpt')?.innerText || '').trim())",
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
    assert all(EXPORT_FAMILY.search(text.lower()) for text in results), (
        "a result for 'exportacao' mentions no word of its family:\n" + "\n---\n".join(results)
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
    assert all(EXPORT_FAMILY.search(text.lower()) for text in results), "\n---\n".join(results)
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
    results = wait_for_results(page)
    assert all(EXPORT_FAMILY.search(text.lower()) for text in results), "\n---\n".join(results)
    assert page.evaluate("window.hubSeenValues") == ["exportacao"]
    browser_log.assert_clean()


def result_count(page, base_url: str, path: str, query: str) -> int:
    """The number of results the search page reports for a query given as ?q=."""
    page.goto(f"{base_url}{path}?q={quote(query)}")
    message = page.locator("#hub-search .pagefind-ui__message")
    page.wait_for_function(
        "(selector) => /\\d/.test(document.querySelector(selector)?.textContent || '')",
        arg="#hub-search .pagefind-ui__message",
    )
    return int(message.inner_text().split()[0])


def test_portuguese_search_finds_a_word_family_alike(page, browser_log, base_url):
    """'exportação' found 1 page where 'exportar' found 9 and 'exportações' 8 (issue 14): the
    noun and its verb now find the same pages, with or without accents."""
    counts = {
        word: result_count(page, base_url, "pesquisa.html", word)
        for word in ("exportar", "exportação", "exportações", "exportacao")
    }
    assert counts["exportar"] >= 2, counts
    assert set(counts.values()) == {counts["exportar"]}, counts
    browser_log.assert_clean()


@pytest.mark.parametrize(
    ("path", "label"),
    [("pesquisa.html", "Pesquisar no sítio"), ("en/search.html", "Search the site")],
)
def test_the_search_field_is_labelled_in_the_page_language(page, base_url, path, label):
    page.goto(base_url + path)
    page.wait_for_selector(SEARCH_INPUT, state="visible")
    assert page.get_by_label(label, exact=True).count() == 1
    assert page.locator(SEARCH_INPUT).get_attribute("id") == "hub-search-input"
