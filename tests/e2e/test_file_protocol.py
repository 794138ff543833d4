"""A copy of site/ opened from disk (file://) still works, except search, which says why."""

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


def find_broken_relative_links(page) -> tuple[list[str], list[Path]]:
    """Resolve every relative link on the page; return (broken hrefs, existing target paths)."""
    hrefs = page.locator("a[href]").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href'))"
    )
    broken, targets = [], []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            continue  # absolute URLs and same-page anchors are not files
        target_path = Path(unquote(urlsplit(urljoin(page.url, href)).path))
        if target_path.is_file():
            targets.append(target_path.resolve())
        else:
            broken.append(f"{href} -> {target_path}")
    return broken, targets


def test_home_page_from_disk(page, browser_log, site_path):
    """The home page renders from disk and its relative links point at existing files."""
    page.goto((site_path / "index.html").as_uri(), wait_until="load")
    assert page.locator("h1").first.inner_text().strip(), "home page has no visible h1"
    broken, targets = find_broken_relative_links(page)
    assert not broken, "relative links from index.html that do not resolve:\n" + "\n".join(broken)
    programme_path = (site_path / "programa.html").resolve()
    assert programme_path in targets, "index.html has no relative link to programa.html"

    page.goto(programme_path.as_uri(), wait_until="load")
    assert page.locator("h1").first.inner_text().strip(), "programa.html has no visible h1"
    browser_log.assert_clean()


def test_search_page_from_disk_explains_it_needs_a_server(page, browser_log, site_path):
    """Over file:// the search page shows its data-file-message instead of Pagefind UI."""
    page.goto((site_path / "pesquisa.html").as_uri(), wait_until="load")
    search_div = page.locator("#hub-search")
    assert search_div.count() == 1, "pesquisa.html has no #hub-search"
    file_message = (search_div.get_attribute("data-file-message") or "").strip()
    assert file_message, "#hub-search has no data-file-message"
    page.wait_for_function(
        "() => document.querySelector('#hub-search').innerText.trim().length > 0"
    )
    assert file_message in search_div.inner_text(), (
        f"#hub-search shows {search_div.inner_text()!r}, expected {file_message!r}"
    )
    assert page.locator("#hub-search input, #hub-search .pagefind-ui").count() == 0, (
        "Pagefind UI loaded over file://"
    )
    browser_log.assert_clean()
