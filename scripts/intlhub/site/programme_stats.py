"""Programme statistics for the statistics page: real figures, with example figures kept apart."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from intlhub.dataset.load_dataset import Dataset, Record

REAL = ("verified", "reported", "self-reported")


@dataclass(frozen=True)
class Tally:
    """Projects and money for one value of a breakdown (a call, a market, a sector)."""

    key: str
    projects: int
    eu_funding: Decimal
    eligible_cost: Decimal


@dataclass(frozen=True)
class Breakdown:
    """Totals of one group of projects (real or example) and their splits."""

    projects: int
    eu_funding: Decimal
    eligible_cost: Decimal
    by_call: tuple[Tally, ...]
    by_market: tuple[Tally, ...]
    by_sector: tuple[Tally, ...]
    withdrawn: int  # left out of every figure above


@dataclass(frozen=True)
class Stage:
    """One stage of the call funnel: how many, and how many euros when the sources say."""

    key: str
    count: int | None
    euros: Decimal | None
    recorded: int = 0  # real project records behind `euros` (approved stage only)


@dataclass(frozen=True)
class CallBudget:
    """One call's budget and what real approved projects committed from it."""

    call: Record
    available: Decimal | None
    committed: Decimal | None
    projects: int


@dataclass(frozen=True)
class Statistics:
    """Everything the statistics page shows."""

    funnel: tuple[Stage, ...]
    calls: tuple[CallBudget, ...]
    real: Breakdown
    example: Breakdown
    source: str
    section: str


def money(values: Iterable[Decimal | None]) -> Decimal:
    """Add the known amounts."""
    return sum((value for value in values if value is not None), Decimal(0))


def tally(
    projects: Sequence[Record], keys_of: Callable[[Record], Iterable[str]], order: Sequence[str]
) -> tuple[Tally, ...]:
    """Count projects and money per key; a project with several keys counts under each."""
    groups: dict[str, list[Record]] = {}
    for project in projects:
        for key in dict.fromkeys(keys_of(project)):
            groups.setdefault(key, []).append(project)
    ranked = sorted(
        groups,
        key=lambda key: (
            -money(p["eu_funding_eur"] for p in groups[key]),
            order.index(key) if key in order else len(order),
            key,
        ),
    )
    return tuple(
        Tally(
            key,
            len(groups[key]),
            money(p["eu_funding_eur"] for p in groups[key]),
            money(p["eligible_cost_eur"] for p in groups[key]),
        )
        for key in ranked
    )


def break_down(dataset: Dataset, group: Sequence[Record]) -> Breakdown:
    """Total and split one group of projects by call, market and sector; withdrawn ones left out."""
    projects = [p for p in group if p["status"] != "withdrawn"]
    calls = [call["id"] for call in dataset.table("calls")]
    markets = [market["code"] for market in dataset.table("markets")]
    sectors = [sector["id"] for sector in dataset.table("sectors")]
    return Breakdown(
        projects=len(projects),
        eu_funding=money(p["eu_funding_eur"] for p in projects),
        eligible_cost=money(p["eligible_cost_eur"] for p in projects),
        by_call=tally(projects, lambda p: [p["call_id"]] if p["call_id"] else [], calls),
        by_market=tally(projects, lambda p: p["markets"] or (), markets),
        by_sector=tally(projects, lambda p: p["sectors"] or (), sectors),
        withdrawn=len(group) - len(projects),
    )


def total_or_sum(totals: dict[str, Any], key: str, values: list[Any]) -> Any:
    """Return the reported total, else the sum over the calls when every call states it."""
    if totals.get(key) not in (None, ""):
        return totals[key]
    if values and all(value is not None for value in values):
        return sum(values)
    return None


def build_funnel(dataset: Dataset, real: Sequence[Record]) -> tuple[Stage, ...]:
    """Calls → proposals → approved projects, with euros where the data states them."""
    totals = dataset.programme.get("totals") or {}
    own = dataset.programme.get("programme")
    calls = [c for c in dataset.table("calls") if not own or c["programme"] == own]
    approved = total_or_sum(totals, "approved", [c["proposals_approved"] for c in calls])
    budget = total_or_sum(totals, "budget_eur", [c["budget_eur"] for c in calls])
    approved_real = [p for p in real if p["status"] != "withdrawn"]
    return (
        Stage("calls", total_or_sum(totals, "calls", [1 for _ in calls]) or None, budget),
        Stage(
            "proposals",
            total_or_sum(totals, "proposals", [c["proposals_received"] for c in calls]),
            None,  # no source gives the amount applied for
        ),
        Stage(
            "approved",
            approved,
            money(p["eu_funding_eur"] for p in approved_real) if approved_real else None,
            recorded=len(approved_real),
        ),
    )


def build_call_budgets(dataset: Dataset, real: Sequence[Record]) -> tuple[CallBudget, ...]:
    """Budget available per call versus EU funding committed to its real, non-withdrawn projects."""
    budgets = []
    for call in dataset.table("calls"):
        committed = [p for p in real if p["call_id"] == call["id"] and p["status"] != "withdrawn"]
        budgets.append(
            CallBudget(
                call,
                call["budget_eur"],
                money(p["eu_funding_eur"] for p in committed) if committed else None,
                len(committed),
            )
        )
    return tuple(budgets)


def compute_statistics(dataset: Dataset) -> Statistics:
    """Compute the statistics page's figures; example projects never enter the real ones."""
    projects = dataset.table("projects")
    real = [p for p in projects if p["verification"] in REAL]
    examples = [p for p in projects if p["verification"] == "example"]
    totals = dataset.programme.get("totals") or {}
    return Statistics(
        funnel=build_funnel(dataset, real),
        calls=build_call_budgets(dataset, real),
        real=break_down(dataset, real),
        example=break_down(dataset, examples),
        source=totals.get("source", ""),
        section=totals.get("section", ""),
    )
