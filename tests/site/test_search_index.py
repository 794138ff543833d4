"""What the built site's Pagefind index holds: item pages' content, not labels or list pages."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from helpers import DATA_PATH, PROJECT_PATH
from intlhub.base.i18n import t
from intlhub.dataset.load_dataset import load_dataset
from intlhub.site.build_site import build_site

TODAY = dt.date(2026, 11, 27)
# Pages planned with `exclude_from_search` (plan_pages.SEARCH_EXCLUDED_LISTS), per language.
LIST_PAGES = {
    "pt": ["projetos/index.html", "organizacoes/index.html", "mercados/index.html"]
    + ["estado-dos-conteudos.html"],
    "en": ["en/projects/index.html", "en/organisations/index.html", "en/markets/index.html"]
    + ["en/content-status.html"],
}
ITEM_PAGES = {
    "pt": ["projetos/exemplo-001.html", "organizacoes/aicep.html", "mercados/es.html"],
    "en": ["en/projects/exemplo-001.html", "en/organisations/aicep.html", "en/markets/es.html"],
}
BUNDLES = {"pt": "pagefind", "en": "en/pagefind"}
FRAGMENT_SIGNATURE = b"pagefind_dcd"  # Pagefind 1.5: a fragment is gzip(signature + JSON)


@pytest.fixture(scope="module")
def site_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("search") / "site"
    build_site(load_dataset(DATA_PATH), PROJECT_PATH, path, TODAY, lambda message: None)
    return path


def indexed_pages(bundle_path: Path) -> dict[str, str]:
    """Return the text Pagefind indexed for each page, keyed by its URL."""
    pages = {}
    for path in sorted((bundle_path / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(FRAGMENT_SIGNATURE), f"{path}: not a Pagefind 1.5 fragment"
        fragment = json.loads(data[len(FRAGMENT_SIGNATURE) :])
        pages[fragment["url"].lstrip("/")] = fragment["content"]
    return pages


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_list_pages_are_left_out_and_item_pages_are_indexed(site_path, lang):
    for uri in LIST_PAGES[lang]:
        text = (site_path / uri).read_text(encoding="utf-8")
        assert "data-pagefind-body" not in text, f"{uri} repeats its items: keep it out of search"
    for uri in ITEM_PAGES[lang]:
        assert "data-pagefind-body" in (site_path / uri).read_text(encoding="utf-8"), uri
    prefix = "en/" if lang == "en" else ""
    indexed = indexed_pages(site_path / BUNDLES[lang])
    assert sorted(prefix + uri for uri in indexed if prefix + uri in LIST_PAGES[lang]) == []
    assert all(uri.removeprefix(prefix) in indexed for uri in ITEM_PAGES[lang]), sorted(indexed)


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_a_project_is_indexed_by_its_content_not_its_labels(site_path, lang):
    dataset = load_dataset(DATA_PATH)
    project = next(p for p in dataset.table("projects") if p["id"] == "EXEMPLO-001")
    beneficiary = next(
        o["name"] for o in dataset.table("organisations") if o["id"] == project["beneficiary_id"]
    )
    uri = ITEM_PAGES[lang][0].removeprefix("en/")
    content = indexed_pages(site_path / BUNDLES[lang])[uri]
    for text in (project[f"title_{lang}"], project[f"summary_{lang}"], beneficiary):
        assert text in content, f"{uri}: {text!r} must be searchable"
    for text in project[f"objectives_{lang}"] + project[f"activities_{lang}"]:
        assert text in content, f"{uri}: {text!r} must be searchable"
    for key in ("example_note", "provenance", "report_problem", "last_updated"):
        assert t(key, lang) not in content, f"{uri}: the label {key!r} must not be indexed"


def test_notices_in_a_div_banner_stay_searchable(site_path):
    calls = indexed_pages(site_path / "pagefind")["concursos/index.html"]
    assert t("no_call_open", "pt") in calls
