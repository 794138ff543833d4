"""Every page loads over http, stays on this machine, and links to itself in the other language."""

from urllib.parse import urljoin


def test_page_loads_cleanly(page, browser_log, base_url, site_page):
    """The page answers 200, has the right <html lang>, no console error and no external request."""
    response = page.goto(base_url + site_page.uri, wait_until="load")
    assert response is not None and response.status == 200, f"GET /{site_page.uri} failed"
    html_lang = page.get_attribute("html", "lang") or ""
    assert html_lang.split("-")[0] == site_page.lang, (
        f"/{site_page.uri} has <html lang={html_lang!r}>, expected {site_page.lang!r}"
    )
    assert page.title().strip(), f"/{site_page.uri} has an empty <title>"
    browser_log.assert_clean()


def test_language_link_points_at_same_page(page, base_url, site_page):
    """The header's a[hreflang] link leads to the same page in the other language."""
    page.goto(base_url + site_page.uri)
    selector = f'header a[hreflang="{site_page.other_lang}"]'
    links = page.locator(selector)
    assert links.count() == 1, f"/{site_page.uri}: expected one {selector}, found {links.count()}"
    href = links.first.get_attribute("href") or ""
    assert urljoin(page.url, href) == base_url + site_page.other_uri, (
        f"/{site_page.uri}: language link {href!r} does not lead to /{site_page.other_uri}"
    )


def test_language_switcher_click_round_trip(page, browser_log, base_url):
    """Clicking the switcher on a market page goes to the English market page and back."""
    page.goto(base_url + "mercados/es.html")
    page.click('header a[hreflang="en"]')
    page.wait_for_url(base_url + "en/markets/es.html")
    assert (page.get_attribute("html", "lang") or "").startswith("en")

    page.click('header a[hreflang="pt"]')
    page.wait_for_url(base_url + "mercados/es.html")
    assert (page.get_attribute("html", "lang") or "").startswith("pt")
    browser_log.assert_clean()
