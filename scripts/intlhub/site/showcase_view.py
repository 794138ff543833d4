"""Template look-ups for the showcase, statistics and data pages, indexed once per build."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

import jinja2

from intlhub.site.charts import EXAMPLE_COLOUR, Row, Value, bar_chart
from intlhub.open_data.export_360giving import grant_id_prefix
from intlhub.open_data.export_feeds import newest_projects
from intlhub.open_data.export_open_data import OpenDataSummary, summarise_open_data
from intlhub.open_data.export_tables import OPEN_DATA_DIR
from intlhub.base.i18n import country_name, format_eur, format_number, format_rate, t
from intlhub.dataset.load_dataset import Dataset, Record
from intlhub.site.programme_stats import (
    REAL,
    Breakdown,
    Statistics,
    Tally,
    compute_statistics,
    money,
)
from intlhub.site.showcase_data import Facet, build_facets, showcase_link


@dataclass(frozen=True)
class Chart:
    """A chart with everything the page shows with it: the SVG, a summary and a table."""

    id: str
    svg: str
    summary: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Totals:
    """Count and money of a group of projects."""

    projects: int
    eligible_cost: Decimal
    eu_funding: Decimal


class ShowcaseView:
    """Read-only look-ups over the showcase data that templates need."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.results_by_project: dict[str, list[Record]] = defaultdict(list)
        self.images_by_project: dict[str, list[Record]] = defaultdict(list)
        self.partner_of: dict[str, list[Record]] = defaultdict(list)
        for result in dataset.table("project-results"):
            self.results_by_project[result["project_id"]].append(result)
        for image in sorted(dataset.table("project-images"), key=lambda i: i["position"]):
            self.images_by_project[image["project_id"]].append(image)
        for project in dataset.table("projects"):
            for partner_id in project.get("partner_ids") or ():
                self.partner_of[partner_id].append(project)
        self.organisations = dataset.index("organisations")
        self.categories = dataset.index("intervention-categories", "code")
        self.market_pages = {market["code"] for market in dataset.table("markets")}

    def has_market_page(self, code: str) -> bool:
        """True for a market of markets.csv; a project may target any other country (no page)."""
        return code in self.market_pages

    def results(self, project_id: str) -> list[Record]:
        """Return a project's result indicators."""
        return self.results_by_project.get(project_id, [])

    def images(self, project_id: str) -> list[Record]:
        """Return a project's images, in position order."""
        return self.images_by_project.get(project_id, [])

    def partners(self, project: Record) -> list[Record]:
        """Return a project's partner organisations."""
        ids = project.get("partner_ids") or ()
        return [self.organisations[i] for i in ids if i in self.organisations]

    def projects_as_partner(self, organisation_id: str) -> list[Record]:
        """Return the projects an organisation takes part in as a partner."""
        return self.partner_of.get(organisation_id, [])

    def organisation_updated(
        self, organisation: Record, projects: Sequence[Record]
    ) -> dt.date | None:
        """Return when an organisation's facts were last taken or updated.

        Organisations carry no date: use the source's accessed date, else the latest update of
        its projects (those it leads and those it is a partner in, as its page lists them).
        """
        source = self.dataset.index("sources").get(organisation.get("source_id"))
        if source and source["accessed"]:
            return source["accessed"]
        return max((p["last_updated"] for p in projects if p["last_updated"]), default=None)

    def category(self, code: str | None) -> Record | None:
        """Return a category of intervention by code."""
        return self.categories.get(code) if code else None

    def latest(self, count: int) -> list[Record]:
        """Return the most recently published showcases."""
        return newest_projects(self.dataset, count)

    def facets(self, lang: str) -> list[Facet]:
        """Return the showcase index's filters in `lang`."""
        return build_facets(self.dataset, lang)

    def totals(self, projects: Sequence[Record], real: bool) -> Totals:
        """Add up real (verified or self-reported) or example projects, never both."""
        group = [
            p
            for p in projects
            if (p["verification"] in REAL) == real and p["status"] != "withdrawn"
        ]
        return Totals(
            len(group),
            money(p["eligible_cost_eur"] for p in group),
            money(p["eu_funding_eur"] for p in group),
        )

    @cached_property
    def stats(self) -> Statistics:
        """The statistics page's figures."""
        return compute_statistics(self.dataset)

    @cached_property
    def open_data(self) -> OpenDataSummary:
        """What the open data exports hold and leave out."""
        return summarise_open_data(self.dataset)

    @cached_property
    def grant_prefix(self) -> str:
        """The 360Giving id prefix."""
        return grant_id_prefix(self.dataset)

    def label(self, kind: str, key: str, lang: str) -> str:
        """Return the name of a call, market or sector in `lang`."""
        if kind == "call":
            call = self.dataset.index("calls").get(key)
            return call[f"title_{lang}"] if call else key
        if kind == "market":
            return country_name(key, lang)
        sector = self.dataset.index("sectors").get(key)
        return sector[f"name_{lang}"] if sector else key

    def funnel_chart(self, lang: str) -> Chart:
        """The call funnel: proposals and approved projects, with euros where known."""
        stats = self.stats
        stages = {stage.key: stage for stage in stats.funnel}
        rows = [
            Row(
                t(f"stage_{key}", lang),
                (Value(stages[key].count, format_number(stages[key].count, lang)),),
            )
            for key in ("proposals", "approved")
        ]
        proposals, approved = stages["proposals"].count, stages["approved"].count
        rate = (
            Decimal(approved) / Decimal(proposals) if proposals and approved is not None else None
        )
        summary = t(
            "funnel_summary",
            lang,
            calls=format_number(stages["calls"].count, lang),
            budget=format_eur(stages["calls"].euros, lang),
            proposals=format_number(proposals, lang),
            approved=format_number(approved, lang),
            rate=format_rate(rate.quantize(Decimal("0.01")) if rate is not None else None, lang),
        )
        table = tuple(
            (
                t(f"stage_{stage.key}", lang),
                format_number(stage.count, lang),
                self.stage_euros(stage, lang),
            )
            for stage in stats.funnel
        )
        return Chart(
            "chart-funnel",
            bar_chart("chart-funnel", t("funnel_chart_title", lang), rows),
            summary,
            (t("funnel_stage", lang), t("funnel_count", lang), t("funnel_euros", lang)),
            table,
        )

    def stage_euros(self, stage: Any, lang: str) -> str:
        """Return the euros of a funnel stage, or say the sources do not state them."""
        if stage.euros is None:
            return t("not_stated", lang)
        if stage.key == "approved" and stage.count is not None and stage.recorded < stage.count:
            return t(
                "approved_euros_partial",
                lang,
                amount=format_eur(stage.euros, lang),
                count=stage.recorded,
                approved=stage.count,
            )
        return format_eur(stage.euros, lang)

    def budget_chart(self, lang: str, programme_id: str) -> Chart:
        """Budget available versus committed, per call of one programme (real projects only).

        One chart per programme: the budgets of two programmes are never added together.
        """
        calls = [b for b in self.stats.calls if b.call["programme"] == programme_id]
        rows = [
            Row(
                budget.call[f"title_{lang}"],
                (
                    Value(budget.available, format_eur(budget.available, lang)),
                    Value(budget.committed, format_eur(budget.committed, lang)),
                ),
            )
            for budget in calls
        ]
        committed = [b.committed for b in calls if b.committed is not None]
        available = [b.available for b in calls if b.available is not None]
        summary = t(
            "budget_summary",
            lang,
            total=format_eur(money(available) if available else None, lang),
            count=len(calls),
            committed=format_eur(money(committed), lang) if committed else t("not_stated", lang),
        )
        series = (t("available", lang), t("committed", lang))
        chart_id = f"chart-budget-{programme_id}"
        return Chart(
            chart_id,
            bar_chart(chart_id, t("budget_chart_title", lang), rows, series),
            summary,
            (t("call", lang), *series),
            tuple((row.label, row.values[0].text, row.values[1].text) for row in rows),
        )

    def breakdown_chart(self, kind: str, group: Breakdown, lang: str, example: bool) -> Chart:
        """Projects and EU funding per call, market or sector, as a chart with its table."""
        tallies: Sequence[Tally] = getattr(group, f"by_{kind}")
        chart_id = f"chart-{kind}-{'example' if example else 'real'}"
        prefix = f"{t('example', lang)} – " if example else ""
        rows = [
            Row(
                self.label(kind, x.key, lang),
                (Value(x.eu_funding, f"{format_eur(x.eu_funding, lang)} ({x.projects})"),),
            )
            for x in tallies
        ]
        summary = prefix + t(
            "breakdown_summary",
            lang,
            count=group.projects,
            shown=format_number(group.projects, lang),
            amount=format_eur(group.eu_funding, lang),
            top=rows[0].label if rows else t("not_stated", lang),
            top_amount=format_eur(tallies[0].eu_funding if tallies else None, lang),
        )
        headers = (t(f"filter_{kind}", lang), t("projects_count", lang), t("eu_funding", lang))
        table = tuple(
            (row.label, format_number(x.projects, lang), format_eur(x.eu_funding, lang))
            for row, x in zip(rows, tallies, strict=True)
        )
        title = prefix + t(f"{kind}_chart_title", lang)
        colour = EXAMPLE_COLOUR if example else 0
        svg = bar_chart(chart_id, title, rows, first_colour=colour)
        return Chart(chart_id, svg, summary, headers, table)


@jinja2.pass_context
def open_data_url(context: jinja2.runtime.Context, name: str) -> str:
    """Return the relative URL of an open data file (they live once, at the site root)."""
    return f"{context['site_root']}{OPEN_DATA_DIR}/{name}"


@jinja2.pass_context
def link_showcase(context: jinja2.runtime.Context, **filters: str) -> str:
    """Return the relative URL of the showcase index with filters (for raw HTML links)."""
    return showcase_link(context["page_uri"], context["lang"], **filters)


def showcase_globals(dataset: Dataset) -> dict[str, Any]:
    """Return the template globals of the showcase, statistics and data pages."""
    return {
        "showcase": ShowcaseView(dataset),
        "showcase_link": link_showcase,
        "open_data_url": open_data_url,
    }
