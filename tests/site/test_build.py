"""The built site, read as files: reproducible, offline, labelled, complete in both languages."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import DATA_PATH, PROJECT_PATH, snapshot
from intlhub.dataset.load_dataset import load_dataset
from intlhub.site.build_site import build_site

TODAY = dt.date(2026, 11, 27)


class LoadedResources(HTMLParser):
    """Collect the URLs a page loads (not the links it offers)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.lang = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang", "")
        if tag in (
            "script",
            "img",
            "iframe",
            "audio",
            "video",
            "source",
            "embed",
        ) and attributes.get("src"):
            self.urls.append(attributes["src"])
        if tag == "link" and attributes.get("rel") in (
            "stylesheet",
            "icon",
            "preload",
            "modulepreload",
            "manifest",
        ):
            self.urls.append(attributes.get("href", ""))


def loaded_urls(path: Path) -> tuple[str, list[str]]:
    parser = LoadedResources()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.lang, parser.urls


@pytest.fixture(scope="module")
def site_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("build") / "site"
    build_site(load_dataset(DATA_PATH), PROJECT_PATH, path, TODAY, lambda message: None)
    return path


def test_two_builds_are_byte_identical(site_path, tmp_path):
    again = tmp_path / "site"
    build_site(load_dataset(DATA_PATH), PROJECT_PATH, again, TODAY, lambda message: None)
    assert snapshot(again) == snapshot(site_path)


def test_no_page_loads_anything_from_another_host(site_path):
    pages = sorted(site_path.rglob("*.html"))
    assert len(pages) > 60
    for page in pages:
        _, urls = loaded_urls(page)
        external = [url for url in urls if re.match(r"^(https?:)?//", url)]
        assert external == [], f"{page.relative_to(site_path)} loads {external}"
    for css in site_path.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css


def test_languages_and_search_index(site_path):
    assert loaded_urls(site_path / "index.html")[0].startswith("pt")
    assert loaded_urls(site_path / "en" / "index.html")[0] == "en"
    assert (site_path / "pagefind" / "pagefind-entry.json").is_file()
    assert not list(site_path.rglob("search_index.json")), "Material's own search must stay off."


def test_every_record_has_a_page_in_both_languages(site_path):
    dataset = load_dataset(DATA_PATH)
    for project in dataset.table("projects"):
        for folder in ("projetos", "en/projects"):
            page = site_path / folder / f"{project['id'].lower()}.html"
            text = page.read_text(encoding="utf-8")
            if project["verification"] == "example":
                assert "hub-badge--example" in text, f"{page} must carry the example label"
    for organisation in dataset.table("organisations"):
        assert (site_path / "organizacoes" / f"{organisation['id']}.html").is_file()
        assert (site_path / "en" / "organisations" / f"{organisation['id']}.html").is_file()
    for market in dataset.table("markets"):
        text = (site_path / "en" / "markets" / f"{market['code'].lower()}.html").read_text(
            encoding="utf-8"
        )
        assert "NY.GDP.MKTP.CD" in text and "SP.POP.TOTL" in text, "fact box cites the indicator"
        assert "Not yet written." in text


def test_home_shows_reported_figures_with_their_source(site_path):
    text = (site_path / "en" / "index.html").read_text(encoding="utf-8")
    assert "27" in text and "13" in text and "€5,000,000" in text
    assert "According to the good-practice description (undated)" in text
    assert "No call is open." in text
    assert "Current programme: Alentejo 2030" in text  # leads, even before its calls are recorded
    assert "New calls are published at" in text and "alentejo.portugal2030.pt/avisos" in text
    pt = (site_path / "index.html").read_text(encoding="utf-8")
    assert "Não há concursos abertos." in pt and "Pesquisar" in pt and "Buscar" not in pt


def test_every_project_and_beneficiary_has_a_provenance_box(site_path):
    dataset = load_dataset(DATA_PATH)
    pages = [
        (folder, project["id"].lower(), project["id"])
        for project in dataset.table("projects")
        for folder in ("projetos", "en/projects")
    ]
    pages += [
        (folder, organisation["id"], organisation["id"])
        for organisation in dataset.table("organisations")
        for folder in ("organizacoes", "en/organisations")
    ]
    for folder, slug, record_id in pages:
        text = (site_path / folder / f"{slug}.html").read_text(encoding="utf-8")
        assert 'class="hub-factbox hub-provenance"' in text, f"{folder}/{slug}: provenance box"
        assert f'%20{record_id}"' in text, f"{folder}/{slug}: report link names {record_id}"


def test_open_data_is_built_once_and_linked_from_both_data_pages(site_path):
    open_data = site_path / "open-data"
    names = {str(p.relative_to(open_data)) for p in open_data.rglob("*") if p.is_file()}
    assert {
        "intlhub-alentejo-collective-actions.zip",
        "list-of-operations.csv",
        "list-of-operations-semicolon.csv",
        "list-of-operations.xlsx",
        "360giving.json",
        "showcases-pt.atom",
        "showcases-en.atom",
        "resources/projects.csv",
        "resources/projects.json",
    } <= names
    assert not (site_path / "en" / "open-data").exists()
    for page, prefix in (("dados.html", "open-data/"), ("en/data.html", "../open-data/")):
        text = (site_path / page).read_text(encoding="utf-8")
        for name in sorted(names):
            assert f'href="{prefix}{name}"' in text, f"{page} must link {name}"
    assert (site_path / "images/projects/exemplo-001.svg").is_file()
    assert (site_path / "projetos/showcase.json").is_file()
    assert (site_path / "en/projects/showcase.js").is_file()


@pytest.mark.parametrize(
    ("uri", "lang", "title"),
    [("404.html", "pt-PT", "Página não encontrada"), ("en/404.html", "en", "Page not found")],
)
def test_the_not_found_page_is_in_its_language_and_loads_from_the_site_root(
    site_path, uri, lang, title
):
    """A PT 404 at the root, an EN one under /en/ (issue 14); every asset it loads is a path from
    the site root that exists, so the page keeps its styles at any depth it is served at."""
    path = site_path / uri
    page_lang, urls = loaded_urls(path)
    assert page_lang == lang
    assert f">{title}</h1>" in path.read_text(encoding="utf-8")
    assert urls and all(url.startswith("/") for url in urls), urls
    missing = [url for url in urls if not (site_path / url.lstrip("/").split("?")[0]).is_file()]
    assert missing == []


@pytest.mark.parametrize(
    ("uri", "label"),
    [("pesquisa.html", "Pesquisar no sítio"), ("en/search.html", "Search the site")],
)
def test_the_search_field_is_labelled_in_the_page_language(site_path, uri, label):
    """hub-search.js labels Pagefind's field with data-label (the PT page said 'Search this site')."""
    assert f'data-label="{label}"' in (site_path / uri).read_text(encoding="utf-8")


def test_a_full_build_enters_the_search_stage_only_once_its_pages_are_live(tmp_path):
    """The staff screen links the published page when the search stage starts: a full build
    swaps pages and index in together, so by then the new site must be in place."""
    site = tmp_path / "site"
    seen = {}

    def stage(name: str) -> None:
        seen[name] = (site / "index.html").exists() and (site / "en" / "index.html").exists()

    build_site(load_dataset(DATA_PATH), PROJECT_PATH, site, TODAY, lambda m: None, stage=stage)
    assert list(seen)[-2:] == ["pages", "search"]
    assert seen["pages"] is False, "nothing is live while MkDocs builds a fresh site"
    assert seen["search"] is True, "the search stage starts only after the swap"
