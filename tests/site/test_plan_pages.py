"""Page planning: pure, stable URIs, language alternates and pagination."""

from __future__ import annotations

import dataclasses
import datetime as dt
from types import MappingProxyType

from helpers import DATA_PATH
from intlhub.base.page_urls import alternate_url, relative_url
from intlhub.dataset.load_dataset import load_dataset
from intlhub.site.plan_pages import PAGE_SIZE, list_pages, plan_pages

TODAY = dt.date(2026, 11, 27)


def test_every_page_has_its_twin_in_the_other_language():
    specs = plan_pages(load_dataset(DATA_PATH), TODAY)
    by_lang = {lang: {s.key for s in specs if s.lang == lang} for lang in ("pt", "en")}
    assert by_lang["pt"] == by_lang["en"]
    for spec in specs:
        assert len(spec.context["alternates"]) == 1


def test_uris_and_alternates():
    specs = {(s.lang, s.key): s for s in plan_pages(load_dataset(DATA_PATH), TODAY)}
    market = specs[("pt", "markets:ES")]
    assert market.uri == "mercados/es.md"
    assert market.context["alternates"][0]["url"] == "../en/markets/es.html"
    assert specs[("en", "markets:ES")].context["alternates"][0]["url"] == "../../mercados/es.html"
    assert specs[("en", "home")].context["alternates"][0]["url"] == "../index.html"
    assert specs[("pt", "projects:EXEMPLO-001")].uri == "projetos/exemplo-001.md"
    assert specs[("en", "projects:EXEMPLO-001")].context["search_url"] == "../search.html"


def test_planning_is_pure_and_stable():
    dataset = load_dataset(DATA_PATH)
    first = [(s.lang, s.uri, s.template) for s in plan_pages(dataset, TODAY)]
    assert first == [(s.lang, s.uri, s.template) for s in plan_pages(dataset, TODAY)]
    assert len(first) == len(set(first))


def test_long_lists_are_paginated_and_reach_every_item():
    dataset = load_dataset(DATA_PATH)
    project = dataset.table("projects")[0]
    many = tuple(
        MappingProxyType({**project, "id": f"EXEMPLO-{n:04d}"}) for n in range(PAGE_SIZE * 2 + 1)
    )
    dataset = dataclasses.replace(
        dataset, tables=MappingProxyType({**dataset.tables, "projects": many})
    )
    pages = [
        s for s in plan_pages(dataset, TODAY) if s.lang == "pt" and s.template == "projects.md.j2"
    ]
    assert [s.uri for s in pages] == [
        "projetos/index.md",
        "projetos/pagina-2.md",
        "projetos/pagina-3.md",
    ]
    listed = [item["id"] for s in pages for item in s.context["items"]]
    assert listed == [p["id"] for p in many]
    assert pages[1].context["pager"]["previous"] == "projetos/index.md"


def test_relative_urls():
    assert relative_url("mercados/es.md", "projetos/exemplo-001.md") == "../projetos/exemplo-001.md"
    assert relative_url("index.md", "programa.md") == "programa.md"
    assert alternate_url("index.md", "pt", "index.md", "en", ["pt", "en"]) == "en/index.html"


def test_only_list_pages_that_repeat_their_items_are_kept_out_of_search():
    specs = plan_pages(load_dataset(DATA_PATH), TODAY)
    excluded = sorted((s.lang, s.key) for s in specs if s.context.get("exclude_from_search", False))
    assert excluded == sorted(
        (lang, key)
        for lang in ("pt", "en")
        for key in ("content-status", "markets", "organisations", "projects")
    )
    pages = list_pages("projects", "pt", list(range(2 * PAGE_SIZE + 1)), "projects.md.j2", "P")
    assert [context.get("exclude_from_search") for *_, context in pages] == [True] * 3
    calls = list_pages("calls", "pt", list(range(PAGE_SIZE + 1)), "calls.md.j2", "C")
    assert [context.get("exclude_from_search") for *_, context in calls] == [None] * 2
