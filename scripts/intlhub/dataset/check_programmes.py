"""Programmes (programmes.yaml) and the calls and documents that name them. Bad data never raises."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from intlhub.base.problems import Problem
from intlhub.dataset.load_dataset import DOCUMENT_FILES, Dataset

PROGRAMMES_FILE = DOCUMENT_FILES["programmes"]


def calls_path(dataset: Dataset) -> str:
    """Return the path of the calls resource, relative to data/."""
    for entry in dataset.descriptor.get("resources", []):
        if entry.get("name") == "calls":
            return str(entry.get("path", "calls.csv"))
    return "calls.csv"


def check_programme_links(dataset: Dataset) -> Iterator[Problem]:
    """Ids are unique, predecessors exist, and at most one programme is the current one."""
    counts = Counter(str(p.get("id")) for p in dataset.programmes)
    ids = set(counts)
    for index, entry in enumerate(dataset.programmes):
        if counts[str(entry.get("id"))] > 1:
            yield Problem(
                PROGRAMMES_FILE,
                None,
                f"programmes/{index}/id",
                "duplicate-programme",
                f"programme {entry.get('id')!r} is listed {counts[str(entry.get('id'))]} times",
                "Keep one entry per programme id.",
            )
        predecessor = (entry.get("predecessor") or {}).get("value")
        if predecessor is not None and (predecessor not in ids or predecessor == entry.get("id")):
            yield Problem(
                PROGRAMMES_FILE,
                None,
                f"programmes/{index}/predecessor",
                "foreign-key",
                f"predecessor {predecessor!r} of {entry.get('id')!r} is not another programme "
                f"of {PROGRAMMES_FILE}",
                f"Add the programme to {PROGRAMMES_FILE} or correct the id.",
            )
    current = [str(p.get("id")) for p in dataset.programmes if p.get("status") == "current"]
    if len(current) > 1:
        yield Problem(
            PROGRAMMES_FILE,
            None,
            "programmes",
            "several-current-programmes",
            f"{len(current)} programmes have status 'current' ({', '.join(current)}); "
            "the home page leads with one",
            "Set status: previous on all but the programme whose calls are published now.",
        )


def check_programme_references(dataset: Dataset) -> Iterator[Problem]:
    """Every call's programme, and programme.yaml's, is a programme of programmes.yaml."""
    ids = {p.get("id") for p in dataset.programmes}
    fix = f"Add the programme to {PROGRAMMES_FILE} or correct the id."
    for row, call in dataset.numbered("calls"):
        if call.get("programme") and call["programme"] not in ids:
            yield Problem(
                calls_path(dataset),
                row,
                "programme",
                "foreign-key",
                f"programme {call['programme']!r} of call {call['id']!r} is not in {PROGRAMMES_FILE}",
                fix,
            )
    own = dataset.programme.get("programme") if isinstance(dataset.programme, dict) else None
    if own and own not in ids:
        yield Problem(
            DOCUMENT_FILES["programme"],
            None,
            "programme",
            "foreign-key",
            f"programme {own!r} is not in {PROGRAMMES_FILE}",
            fix,
        )


def calls_problem(dataset: Dataset, row: int | None, field: str, message: str, fix: str) -> Problem:
    """A totals-mismatch Problem located in calls.csv."""
    return Problem(calls_path(dataset), row, field, "totals-mismatch", message, fix)


def check_call_totals(dataset: Dataset) -> Iterator[Problem]:
    """Approvals never exceed proposals, and the measure's calls agree with its reported totals.

    Only the calls of programme.yaml's own programme count (never another programme's). A figure
    the source does not split by call stays empty in calls.csv: the calls that state it may not
    add up to more than the total, and when every call states it they must add up to it.
    """
    totals: dict[str, Any] = dataset.programme.get("totals") or {}
    own = dataset.programme.get("programme")
    calls = [
        (row, c) for row, c in dataset.numbered("calls") if not own or c.get("programme") == own
    ]
    for row, call in calls:
        received, approved = call["proposals_received"], call["proposals_approved"]
        if received is not None and approved is not None and approved > received:
            yield Problem(
                calls_path(dataset),
                row,
                "proposals_approved",
                "approvals-exceed-proposals",
                f"{approved} approved but only {received} received",
                "Correct either figure.",
            )
    sums = {
        "budget_eur": "budget_eur",
        "proposals_received": "proposals",
        "proposals_approved": "approved",
    }
    for field, key in sums.items():
        known = [Decimal(call[field]) for _, call in calls if call[field] is not None]
        if not known or totals.get(key) is None:
            continue
        total, complete = Decimal(str(totals[key])), len(known) == len(calls)
        if (complete and sum(known) != total) or sum(known) > total:
            stated = "add up to" if complete else "that state it already add up to"
            yield calls_problem(
                dataset,
                None,
                field,
                f"the calls {stated} {sum(known)}, but programme.yaml totals.{key} is {totals[key]}",
                f"Correct the calls' {field} or programme.yaml totals.{key}; leave a call's "
                "figure empty when the source does not assign it to that call.",
            )
    breakdown = totals.get("budget_breakdown_eur")
    if breakdown and totals.get("budget_eur") is not None:
        parts = sum(Decimal(str(part)) for part in breakdown)
        if parts != Decimal(str(totals["budget_eur"])):
            yield Problem(
                DOCUMENT_FILES["programme"],
                None,
                "totals/budget_breakdown_eur",
                "totals-mismatch",
                f"the breakdown adds up to {parts}, but totals.budget_eur is {totals['budget_eur']}",
                "Give the amounts as the source does, so that they add up to totals.budget_eur.",
            )
    if totals.get("calls") is not None and totals["calls"] != len(calls):
        yield calls_problem(
            dataset,
            None,
            "id",
            f"{len(calls)} calls listed, but programme.yaml totals.calls is {totals['calls']}",
            "Add or remove calls, or correct programme.yaml totals.calls.",
        )


def check_programmes(dataset: Dataset) -> list[Problem]:
    """Run every programme check."""
    return [
        *check_programme_links(dataset),
        *check_programme_references(dataset),
        *check_call_totals(dataset),
    ]
