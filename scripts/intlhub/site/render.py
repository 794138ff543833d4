"""Render planned pages to Markdown with Jinja2 (StrictUndefined)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import jinja2
from markdown.extensions.toc import slugify

from intlhub.base import i18n
from intlhub.site.calendar_feeds import calendar_uri
from intlhub.dataset.load_dataset import Dataset, Record
from intlhub.base.page_urls import html_uri, page_uri, relative_url
from intlhub.site.plan_pages import PageSpec
from intlhub.base.sanitize import (
    escape_html,
    escape_markdown,
    escape_text,
    escape_url,
    is_example_address,
)
from intlhub.markets.refresh_indicators import DEFAULT_INDICATORS
from intlhub.site.showcase_view import showcase_globals

RELATED_LIMIT = 10  # projects listed on a call, market or organisation page; the index lists all
TITLE_ID = "hub-title"  # the id of a raw-HTML page's h1 (Material's skip link leads there)
DESCRIPTION_LENGTH = 160  # characters of a page's meta description


class HubView:
    """Read-only look-ups over the dataset that templates need, indexed once."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.sources = dataset.index("sources")
        self.organisations = dataset.index("organisations")
        self.calls = dataset.index("calls")
        self.sectors = dataset.index("sectors")
        self.regions = dataset.index("nuts-regions", "code")
        self.country_facts = dataset.index("country-facts", "code")
        self.capital_names = dataset.index("capital-names", "code")
        self.source_names = dataset.index("source-names", "source_id")
        self.by_market: dict[str, list[Record]] = defaultdict(list)
        self.by_organisation: dict[str, list[Record]] = defaultdict(list)
        self.by_call: dict[str, list[Record]] = defaultdict(list)
        # Counted once: the projects list shows it on each of its pages (quadratic at 20,000).
        self.example_projects = 0
        for project in dataset.table("projects"):
            self.example_projects += project["verification"] == "example"
            for code in project["markets"] or ():
                self.by_market[code].append(project)
            self.by_organisation[project["beneficiary_id"]].append(project)
            self.by_call[project["call_id"]].append(project)

    def source(self, source_id: str | None) -> Record | None:
        """Return a source record by id."""
        return self.sources.get(source_id) if source_id else None

    def source_label(self, source_id: str, lang: str) -> i18n.SourceLabel:
        """Return a source's title and publisher as pages in `lang` show them (i18n.source_label)."""
        return i18n.source_label(
            self.sources[source_id], self.source_names.get(source_id), lang
        )

    def capital(self, code: str) -> Record | None:
        """Return the capital of a market in the country's own language (capital-names), if known."""
        return self.capital_names.get(code)

    def organisation(self, organisation_id: str | None) -> Record | None:
        """Return an organisation by id."""
        return self.organisations.get(organisation_id) if organisation_id else None

    def call(self, call_id: str | None) -> Record | None:
        """Return a call by id."""
        return self.calls.get(call_id) if call_id else None

    def sector_name(self, sector_id: str, lang: str) -> str:
        """Return a sector's name in `lang`."""
        sector = self.sectors.get(sector_id)
        return sector[f"name_{lang}"] if sector else sector_id

    def nuts_name(self, code: str | None) -> str:
        """Return the name of a NUTS region from its code."""
        region = self.regions.get(code) if code else None
        return f"{region['name']} ({code})" if region else (code or "")

    def projects_for_market(self, code: str) -> list[Record]:
        """Return the projects that target a market."""
        return self.by_market.get(code, [])

    def projects_for_organisation(self, organisation_id: str) -> list[Record]:
        """Return the projects of a beneficiary."""
        return self.by_organisation.get(organisation_id, [])

    def projects_for_call(self, call_id: str) -> list[Record]:
        """Return the projects of a call."""
        return self.by_call.get(call_id, [])

    def market_indicators(self, code: str) -> list[tuple[str, Record | None]]:
        """Return (indicator id, its latest row or None) for every indicator a market page shows:
        the ones refresh-indicators fetches by default, in order, then any other in the data."""
        latest = {row["indicator"]: row for row in self.indicators_for(code)}
        shown = list(DEFAULT_INDICATORS) + sorted(set(latest) - set(DEFAULT_INDICATORS))
        return [(indicator, latest.get(indicator)) for indicator in shown]

    def indicators_for(self, code: str) -> list[Record]:
        """Return the latest value of each indicator of a market."""
        latest: dict[str, Record] = {}
        for row in self.dataset.table("indicators"):
            if row["market_code"] == code and (
                row["indicator"] not in latest or row["year"] > latest[row["indicator"]]["year"]
            ):
                latest[row["indicator"]] = row
        return [latest[key] for key in sorted(latest)]

    def guidance(self, code: str, lang: str) -> Any:
        """Return a market's guidance document in `lang` (empty when missing)."""
        return self.dataset.guidance.get((code, lang)) or {"sections": {}}

    def events_for_market(self, code: str) -> list[Record]:
        """Return the events in a market, by start date."""
        return sorted(
            (e for e in self.dataset.table("events") if e["market_code"] == code),
            key=lambda e: e["starts"],
        )

    def open_calls(self, programme_id: str | None = None) -> list[Record]:
        """Return the calls whose status is open (of one programme, when given)."""
        return [c for c in self.calls_of(programme_id) if c["status"] == "open"]

    def programmes(self) -> list[Any]:
        """Return the programmes, the current one first, then the others as programmes.yaml lists them."""
        listed = list(self.dataset.programmes)
        return sorted(listed, key=lambda p: (p.get("status") != "current", listed.index(p)))

    def programme_entry(self, programme_id: str | None) -> Any:
        """Return a programme of programmes.yaml by id (None when unknown)."""
        return next((p for p in self.dataset.programmes if p.get("id") == programme_id), None)

    def current_programme(self) -> Any:
        """Return the programme whose calls are published now (None when none is marked)."""
        return next((p for p in self.dataset.programmes if p.get("status") == "current"), None)

    def predecessor(self, programme_id: str | None) -> Any:
        """Return the programme this one continues (None when not stated)."""
        entry = self.programme_entry(programme_id) or {}
        return self.programme_entry((entry.get("predecessor") or {}).get("value"))

    def successor(self, programme_id: str | None) -> Any:
        """Return the programme that continues this one (None when not stated)."""
        return next(
            (
                p
                for p in self.dataset.programmes
                if (p.get("predecessor") or {}).get("value") == programme_id
            ),
            None,
        )

    def calls_of(self, programme_id: str | None) -> list[Record]:
        """Return the calls of one programme (every call when programme_id is None)."""
        calls = self.dataset.table("calls")
        return [c for c in calls if programme_id is None or c["programme"] == programme_id]

    def last_call(self, programme_id: str | None) -> Record | None:
        """Return a programme's call that closed last (None when no call states its closing day)."""
        dated = [c for c in self.calls_of(programme_id) if c["closes"] is not None]
        return max(dated, key=lambda c: (c["closes"], c["id"])) if dated else None


def heading_id(text: str) -> str:
    """Return the id Python-Markdown's toc extension would give a heading with this text."""
    return slugify(text, "-")


def summary_line(value: object, length: int = DESCRIPTION_LENGTH) -> str:
    """Shorten text to at most `length` characters, at a word boundary, for a meta description."""
    text = " ".join(("" if value is None else str(value)).split())
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def yaml_string(value: object) -> str:
    """Quote a value as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps("" if value is None else str(value), ensure_ascii=False)


@jinja2.pass_context
def link(context: jinja2.runtime.Context, key: str, item: str | None = None, page: int = 1) -> str:
    """Return the relative link from the current page to another page (a .md link MkDocs checks)."""
    return relative_url(context["page_uri"], page_uri(key, context["lang"], item=item, page=page))


@jinja2.pass_context
def link_file(context: jinja2.runtime.Context, uri: str) -> str:
    """Return the relative link from the current page to a generated file (e.g. an .ics feed)."""
    return relative_url(context["page_uri"], uri)


@jinja2.pass_context
def link_html(
    context: jinja2.runtime.Context, key: str, item: str | None = None, page: int = 1
) -> str:
    """Return the relative URL of a built page, for raw HTML where MkDocs does not rewrite .md links."""
    return html_uri(link(context, key, item=item, page=page))


def language_list(codes: list[str] | None, lang: str) -> str:
    """Return the names of language codes in `lang`, comma-separated; unnamed codes are left out."""
    return ", ".join(i18n.language_names(codes or (), lang))


@jinja2.pass_context
def translate(context: jinja2.runtime.Context, key: str, **values: object) -> str:
    """Return a UI string in the current page's language."""
    return i18n.t(key, context["lang"], **values)


@jinja2.pass_context
def plural_template(context: jinja2.runtime.Context, key: str, form: str) -> str:
    """Return one plural form of a UI string with its {placeholders} unfilled (for a script)."""
    return i18n.STRINGS[key][context["lang"]][form]


def make_environment(dataset: Dataset) -> jinja2.Environment:
    """Create the Jinja2 environment: StrictUndefined, no autoescape (output is Markdown)."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("intlhub.site", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    environment.filters.update(
        md=escape_markdown,
        h=escape_text,  # data text in HTML, even where Markdown still reads it (inline HTML)
        htext=escape_text,
        hmeta=escape_html,  # front matter (title, description): the theme escapes nothing more
        href=escape_url,  # every href/src: http, https, mailto or relative, else ''
        slug=heading_id,
        summary_line=summary_line,
        yaml=yaml_string,
        eur=i18n.format_eur,
        num=i18n.format_number,
        rate=i18n.format_rate,
        pct=i18n.format_percent_points,
        day=i18n.format_day,
        day_range=i18n.format_day_range,
        month=i18n.format_month,
        usd=i18n.format_usd_large,
        country=i18n.country_name,
        currency=i18n.currency_name,
        languages=language_list,
    )
    environment.globals.update(
        hub=HubView(dataset),
        site=dataset.site,
        programme=dataset.programme,
        pages=dataset.pages,
        link=link,
        link_file=link_file,
        link_html=link_html,
        t=translate,
        t_plural=plural_template,
        sections=i18n.GUIDANCE_SECTIONS,
        indicator_names=i18n.INDICATOR_NAMES,
        calendar_uri=calendar_uri,
        related_limit=RELATED_LIMIT,
        title_id=TITLE_ID,
        example_address=is_example_address,
    )
    environment.globals.update(showcase_globals(dataset))
    return environment


def render_pages(dataset: Dataset, specs: list[PageSpec]) -> Iterator[tuple[PageSpec, str]]:
    """Render each planned page to Markdown text."""
    environment = make_environment(dataset)
    for spec in specs:
        yield spec, environment.get_template(spec.template).render(spec.context)
