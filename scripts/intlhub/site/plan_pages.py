"""Plan the site: a pure function from the dataset to a list of pages to render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from intlhub.base.i18n import LANGUAGE_NAMES, country_name, t
from intlhub.dataset.load_dataset import Dataset
from intlhub.base.page_urls import alternate_url, html_uri, page_uri, relative_url, site_root_url
from intlhub.site.plan_eligibility import plan_eligibility
from intlhub.site.plan_forms import plan_forms

PAGE_SIZE = 50
STATUS_PAGE_SIZE = 20  # markets per content-status page (nine sections each)
# Lists kept out of the search index: they only repeat their items' own pages (front matter
# `search_exclude: true`, so the theme does not mark the page as Pagefind's body).
SEARCH_EXCLUDED_LISTS = ("projects", "organisations", "markets", "content-status")
NAV_KEYS = (
    "home",
    "programme",
    "calls",
    "eligibility",
    "how-to-apply",
    "markets",
    "calendar",
    "projects",
    "organisations",
    "statistics",
    "data",
    "faq",
    "glossary",
    "contacts",
    "contribute",
    "about",
)
FOOTER_KEYS = ("privacy", "accessibility", "content-status")


@dataclass(frozen=True)
class PageSpec:
    """One page of one language: where it goes, which template renders it, and its data."""

    key: str
    lang: str
    uri: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


def chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    """Split a sequence into pages of `size`; an empty sequence gives one empty page."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [items[:0]]


def plan_pages(dataset: Dataset, today: dt.date) -> list[PageSpec]:
    """Plan every page in every site language, in a stable order."""
    languages = list(dataset.site.get("languages") or ["pt", "en"])
    planned = {
        lang: plan_language(dataset, lang) + plan_eligibility(dataset, lang, today)
        for lang in languages
    }
    uris = {lang: {entry[0]: entry[1] for entry in planned[lang]} for lang in languages}
    specs = []
    for lang in languages:
        for key, uri, template, title, context in planned[lang]:
            alternates = [
                {
                    "lang": other,
                    "name": LANGUAGE_NAMES[other],
                    "url": alternate_url(uri, lang, uris[other][key], other, languages),
                }
                for other in languages
                if other != lang and key in uris[other]
            ]
            specs.append(
                PageSpec(
                    key,
                    lang,
                    uri,
                    template,
                    title,
                    {
                        **context,
                        "lang": lang,
                        "page_uri": uri,
                        "title": title,
                        "alternates": alternates,
                        "search_url": relative_url(uri, html_uri(page_uri("search", lang))),
                        "today": today,
                        "site_root": site_root_url(uri, lang, languages),
                        "lang_root": "../" * uri.count("/"),
                    },
                )
            )
    return specs


def list_pages(
    key: str, lang: str, items: Sequence[Any], template: str, title: str, size: int = PAGE_SIZE
) -> list[tuple]:
    """Plan a paginated list: one (key, uri, template, title, context) per page."""
    pages = chunks(items, size)
    planned = []
    for number, page_items in enumerate(pages, start=1):
        uri = page_uri(key, lang, page=number)
        pager = {
            "number": number,
            "count": len(pages),
            "previous": page_uri(key, lang, page=number - 1) if number > 1 else None,
            "next": page_uri(key, lang, page=number + 1) if number < len(pages) else None,
            "total": len(items),
        }
        page_key = key if number == 1 else f"{key}:page:{number}"
        heading = (
            title
            if number == 1
            else f"{title} – {t('page_of', lang, page=number, pages=len(pages))}"
        )
        context = {"items": page_items, "pager": pager}
        if key in SEARCH_EXCLUDED_LISTS:
            context["exclude_from_search"] = True
        planned.append((page_key, uri, template, heading, context))
    return planned


def plan_language(dataset: Dataset, lang: str) -> list[tuple]:
    """Plan the pages of one language: (key, uri, template, title, context) each."""
    single = [
        ("home", "home.md.j2"),
        ("programme", "programme.md.j2"),
        ("how-to-apply", "how-to-apply.md.j2"),
        ("faq", "faq.md.j2"),
        ("glossary", "glossary.md.j2"),
        ("contacts", "contacts.md.j2"),
        ("about", "about.md.j2"),
        ("privacy", "privacy.md.j2"),
        ("accessibility", "accessibility.md.j2"),
        ("search", "search.md.j2"),
        ("calendar", "calendar.md.j2"),
        ("statistics", "statistics.md.j2"),
        ("data", "data.md.j2"),
    ]
    planned: list[tuple] = []
    for key, template in single:
        title = dataset.site["site_name"][lang] if key == "home" else t(key, lang)
        planned.append((key, page_uri(key, lang), template, title, {}))
    planned.extend(
        list_pages(
            "content-status",
            lang,
            dataset.table("markets"),
            "content-status.md.j2",
            t("content-status", lang),
            size=STATUS_PAGE_SIZE,
        )
    )
    collections = [
        ("calls", dataset.table("calls"), "calls.md.j2", "call.md.j2", "id"),
        ("markets", dataset.table("markets"), "markets.md.j2", "market.md.j2", "code"),
        ("projects", dataset.table("projects"), "projects.md.j2", "project.md.j2", "id"),
        (
            "organisations",
            dataset.table("organisations"),
            "organisations.md.j2",
            "organisation.md.j2",
            "id",
        ),
    ]
    planned.extend(plan_forms(dataset, lang))
    for key, items, list_template, item_template, id_field in collections:
        planned.extend(list_pages(key, lang, items, list_template, t(key, lang)))
        for item in items:
            item_id = str(item[id_field])
            planned.append(
                (
                    f"{key}:{item_id}",
                    page_uri(key, lang, item=item_id),
                    item_template,
                    item_title(key, item, lang),
                    {"item": item},
                )
            )
    return planned


def item_title(key: str, item: Any, lang: str) -> str:
    """Return the title of an item page."""
    if key == "markets":
        return country_name(item["code"], lang)
    if key == "organisations":
        return item["name"]
    return item.get(f"title_{lang}") or item.get("title_pt") or str(item["id"])


def nav_entries(lang: str) -> list[tuple[str, str]]:
    """Return the explicit nav of a language: (title, uri)."""
    return [
        (t(key, lang) if key != "home" else t("home", lang), page_uri(key, lang))
        for key in NAV_KEYS
    ]
