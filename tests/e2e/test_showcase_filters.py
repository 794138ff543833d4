"""The showcase index's filters in Chromium, compared with a Python filter over data/."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from conftest import DATA_PATH
from test_accessibility import describe_violations

from intlhub.dataset.load_dataset import load_dataset

DATASET = load_dataset(DATA_PATH)
INDEX = {"pt": "projetos/index.html", "en": "en/projects/index.html"}
LOADED = "#hub-showcase[data-hub-loaded]"


def facet_values(project) -> dict[str, list[str]]:
    """Each facet's values of a project, read straight from the data tables."""
    beneficiary = DATASET.index("organisations")[project["beneficiary_id"]]
    return {
        "call": [project["call_id"]],
        "market": list(project["markets"]),
        "sector": list(project["sectors"]),
        "nuts3": [project["nuts3"]],
        "status": [project["status"]],
        "kind": [beneficiary["kind"]],
    }


def python_order(projects, sort: str = "date-desc") -> list[str]:
    """Sort as the page promises: by approval date or EU funding, empty values last, ties by id."""
    field = "eu_funding_eur" if sort.startswith("amount") else "approval_date"
    by_id = sorted(projects, key=lambda p: p["id"])
    known = sorted(
        (p for p in by_id if p[field] is not None),
        key=lambda p: p[field],
        reverse=sort.endswith("desc"),
    )
    return [p["id"] for p in known] + [p["id"] for p in by_id if p[field] is None]


def python_filter(**chosen: str) -> list[str]:
    """The ids a filter must show, in the default order."""
    projects = [
        p
        for p in DATASET.table("projects")
        if all(value in facet_values(p)[key] for key, value in chosen.items())
    ]
    return python_order(projects)


def shown_ids(page) -> list[str]:
    return page.locator("#hub-showcase-results > li").evaluate_all(
        "(items) => items.map((li) => li.dataset.id)"
    )


def expected_status(page, count: int) -> str:
    """The count sentence the page should announce, from its own data-results-* texts."""
    key = "zero" if count == 0 else "one" if count == 1 else "many"
    text = page.get_attribute("#hub-showcase", f"data-results-{key}") or ""
    return text.replace("{count}", str(count))


def open_index(page, base_url: str, lang: str = "pt", fragment: str = "") -> None:
    page.goto(base_url + INDEX[lang] + fragment)
    page.wait_for_selector(LOADED, state="attached")


def facet_options(page) -> list[tuple[str, str]]:
    return page.locator("#hub-showcase select:not([name=sort]) option").evaluate_all(
        "(options) => options.filter((o) => o.value)"
        ".map((o) => [o.closest('select').name, o.value])"
    )


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_every_single_facet_value_matches_a_python_filter(page, browser_log, base_url, lang):
    open_index(page, base_url, lang)
    assert page.locator(".hub-showcase-static").first.is_hidden(), "the static list hides"
    assert shown_ids(page) == python_filter()
    options = facet_options(page)
    assert len(options) == 4 + 10 + 6 + 5 + 4 + 5, options
    mismatches = []
    for facet, value in options:
        page.select_option(f"select[name={facet}]", value)
        expected = python_filter(**{facet: value})
        if shown_ids(page) != expected:
            mismatches.append(f"{facet}={value}: page {shown_ids(page)} != python {expected}")
        status = page.locator("#hub-showcase-status").inner_text()
        if status != expected_status(page, len(expected)):
            mismatches.append(f"{facet}={value}: status {status!r}")
        assert f"{facet}={value}" in page.evaluate("location.hash")
        page.select_option(f"select[name={facet}]", "")
    assert not mismatches, "\n".join(mismatches)
    browser_log.assert_clean()


def test_sorting_matches_python(page, base_url):
    open_index(page, base_url)
    for sort in ("date-desc", "date-asc", "amount-desc", "amount-asc"):
        page.select_option("select[name=sort]", sort)
        assert shown_ids(page) == python_order(DATASET.table("projects"), sort), sort


def test_filter_state_lives_in_the_url(page, browser_log, base_url):
    open_index(page, base_url, fragment="#sector=wine&status=completed&sort=amount-asc")
    assert page.input_value("select[name=sector]") == "wine"
    assert page.input_value("select[name=status]") == "completed"
    assert shown_ids(page) == ["EXEMPLO-001"]

    page.select_option("select[name=status]", "")
    assert page.evaluate("location.hash") == "#sector=wine&sort=amount-asc"
    wine = [p for p in DATASET.table("projects") if "wine" in p["sectors"]]
    assert shown_ids(page) == python_order(wine, "amount-asc")

    page.evaluate("location.hash = 'market=BR'")
    page.wait_for_function("document.querySelector('select[name=market]').value === 'BR'")
    assert shown_ids(page) == python_filter(market="BR")
    assert page.input_value("select[name=sector]") == ""

    page.click("button[type=reset]")
    page.wait_for_function("location.hash === ''")
    assert shown_ids(page) == python_filter()
    browser_log.assert_clean()


def test_unknown_values_in_the_url_are_ignored(page, base_url):
    open_index(page, base_url, fragment="#sector=gold&market=DE")
    assert page.input_value("select[name=sector]") == ""
    assert shown_ids(page) == python_filter(market="DE")


def test_without_javascript_the_pages_reach_every_project(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        url, found = base_url + INDEX["pt"], set()
        while url:
            page.goto(url)
            assert page.locator("#hub-showcase").is_hidden()
            hrefs = page.locator(".hub-showcase-static table a[href]").evaluate_all(
                "(links) => links.map((a) => a.getAttribute('href'))"
            )
            found |= {href.rsplit("/", 1)[-1].removesuffix(".html").upper() for href in hrefs}
            following = page.locator("nav.hub-pagination a", has_text="Seguinte")
            url = urljoin(url, following.get_attribute("href")) if following.count() else ""
        assert found == {p["id"] for p in DATASET.table("projects")}
    finally:
        context.close()


def test_filters_work_from_disk(page, browser_log, site_path):
    page.goto((site_path / INDEX["pt"]).as_uri() + "#sector=cork")
    page.wait_for_selector(LOADED, state="attached")
    assert shown_ids(page) == python_filter(sector="cork")
    page.select_option("select[name=kind]", "agency")
    assert shown_ids(page) == python_filter(sector="cork", kind="agency") == []
    assert (
        page.locator("#hub-showcase-status").inner_text()
        == "Nenhum projeto corresponde aos filtros."
    )
    browser_log.assert_clean()


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_project_images_load_with_alt_text(page, browser_log, base_url, lang):
    uri = {"pt": "projetos/exemplo-001.html", "en": "en/projects/exemplo-001.html"}[lang]
    page.goto(base_url + uri, wait_until="load")
    image = page.locator("figure.hub-figure img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('figure.hub-figure img').complete")
    assert image.evaluate("(img) => img.naturalWidth") > 0
    assert "gerada para o exemplo" in (image.get_attribute("alt") or "") or lang == "en"
    assert "generated for the example" in (image.get_attribute("alt") or "") or lang == "pt"
    mailto = page.locator("a[href^='mailto:']").get_attribute("href")
    assert "EXEMPLO-001" in mailto and mailto.startswith(
        "mailto:contacto@intlhub.example.org?subject="
    )
    browser_log.assert_clean()


@pytest.mark.parametrize("uri", ["dados.html", "en/data.html"])
def test_every_link_on_the_data_page_resolves(page, base_url, uri):
    page.goto(base_url + uri)
    hrefs = page.locator("article a[href]").evaluate_all("(links) => links.map((a) => a.href)")
    local = [href for href in hrefs if href.startswith(base_url)]
    assert sum("/open-data/" in href for href in local) >= 10
    broken = [href for href in local if page.request.get(href.split("#")[0]).status != 200]
    assert broken == []


@pytest.mark.parametrize(
    "uri",
    [INDEX["pt"] + "#sector=wine", INDEX["en"], "estatisticas.html", "en/statistics.html"],
)
def test_no_axe_violations_once_scripts_ran(page, base_url, axe_path, uri):
    """The filter form and results (after loading) and the charts' opened tables pass axe."""
    page.goto(base_url + uri, wait_until="load")
    if "#" in uri or uri.endswith("index.html"):
        page.wait_for_selector(LOADED, state="attached")
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    page.add_script_tag(path=str(axe_path))
    violations = page.evaluate("async () => (await axe.run()).violations")
    assert not violations, describe_violations(violations)
