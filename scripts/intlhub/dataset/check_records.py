"""Cross-record checks that a Table Schema cannot express. Bad data never raises."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pycountry
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.pt import nif as pt_nif

from intlhub.base.problems import Problem
from intlhub.dataset.check_verification import check_example_references
from intlhub.dataset.load_dataset import Dataset

FUNDING_TOLERANCE_EUR = Decimal("1.00")
EXAMPLE_ID_PREFIXES = ("EXEMPLO-", "EXAMPLE-", "exemplo-", "example-")

Check = Callable[[Dataset, dt.date], Iterator[Problem]]


def rows(dataset: Dataset, resource: str) -> Iterator[tuple[int, Any]]:
    """Yield (row number, record) for one resource."""
    return dataset.numbered(resource)


def resource_path(dataset: Dataset, resource: str) -> str:
    """Return the CSV path of a resource, relative to data/."""
    for entry in dataset.descriptor.get("resources", []):
        if entry.get("name") == resource:
            return entry.get("path", f"{resource}.csv")
    return f"{resource}.csv"


def problem(
    dataset: Dataset,
    resource: str,
    row: int | None,
    field: str,
    kind: str,
    message: str,
    fix: str,
    severity: str = "error",
) -> Problem:  # noqa: E501
    """Build a Problem located in a resource's CSV file."""
    return Problem(resource_path(dataset, resource), row, field, kind, message, fix, severity)


def check_date_order(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """Start dates come on or before end dates (projects and events)."""
    for resource, start, end in (
        ("projects", "start_date", "end_date"),
        ("events", "starts", "ends"),
    ):
        for row, record in rows(dataset, resource):
            if record[start] and record[end] and record[start] > record[end]:
                yield problem(
                    dataset,
                    resource,
                    row,
                    end,
                    "date-order",
                    f"{end} {record[end].isoformat()!r} is before {start} {record[start].isoformat()!r}",
                    f"Swap the dates or correct {end}.",
                )


def check_funding(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """EU funding is eligible cost times the co-financing rate, to the euro."""
    for row, record in rows(dataset, "projects"):
        cost, rate, funding = (
            record["eligible_cost_eur"],
            record["eu_cofinancing_rate"],
            record["eu_funding_eur"],
        )
        if cost is None or rate is None or funding is None:
            continue
        expected = (cost * rate).quantize(Decimal("0.01"))
        if abs(expected - funding) > FUNDING_TOLERANCE_EUR:
            yield problem(
                dataset,
                "projects",
                row,
                "eu_funding_eur",
                "funding-mismatch",
                f"{funding} is not eligible_cost_eur × eu_cofinancing_rate = {expected}",
                "Correct eu_funding_eur, eligible_cost_eur or eu_cofinancing_rate (rate as a fraction, e.g. 0.85).",
            )


def check_call_totals(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """Approvals never exceed proposals, and the calls add up to the programme's reported totals."""
    totals = dataset.programme.get("totals") or {}
    own = dataset.programme.get("programme")
    calls = [
        (row, call)
        for row, call in rows(dataset, "calls")
        if not own or call.get("programme") == own
    ]
    for row, call in calls:
        received, approved = call["proposals_received"], call["proposals_approved"]
        if received is not None and approved is not None and approved > received:
            yield problem(
                dataset,
                "calls",
                row,
                "proposals_approved",
                "approvals-exceed-proposals",
                f"{approved} approved but only {received} received",
                "Correct either figure.",
            )
    sums = {
        "budget_eur": ("budget_eur", "budget_eur"),
        "proposals_received": ("proposals", "proposals"),
        "proposals_approved": ("approved", "approved"),
    }
    for field, (total_key, label) in sums.items():
        values = [call[field] for _, call in calls]
        if not calls or any(value is None for value in values) or totals.get(total_key) is None:
            continue  # unknown per call: nothing to add up
        if Decimal(sum(values)) != Decimal(str(totals[total_key])):
            yield problem(
                dataset,
                "calls",
                None,
                field,
                "totals-mismatch",
                f"the calls add up to {sum(values)}, but programme.yaml totals.{label} is {totals[total_key]}",
                f"Correct the calls' {field} or programme.yaml totals.{label}.",
            )
    if totals.get("calls") is not None and totals["calls"] != len(calls):
        yield problem(
            dataset,
            "calls",
            None,
            "id",
            "totals-mismatch",
            f"{len(calls)} calls listed, but programme.yaml totals.calls is {totals['calls']}",
            "Add or remove calls, or correct programme.yaml totals.calls.",
        )


def check_nifs(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """Every NIF passes its check digit; examples carry no NIF at all."""
    for row, organisation in rows(dataset, "organisations"):
        nif = organisation["nif"]
        if not nif:
            continue
        if organisation["verification"] == "example":
            yield problem(
                dataset,
                "organisations",
                row,
                "nif",
                "example-with-nif",
                f"example organisation has NIF {nif!r}",
                "Leave nif empty for example records.",
            )
            continue
        try:
            pt_nif.validate(nif)
        except StdnumValidationError as error:
            yield problem(
                dataset,
                "organisations",
                row,
                "nif",
                "invalid-nif",
                f"{nif!r} is not a valid Portuguese NIF/NIPC ({error})",
                "Copy the NIF again from the organisation's records; the last digit is a check digit.",
            )


def check_examples(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """Example records use clearly fictitious ids; real records cite a source."""
    for resource in ("projects", "organisations", "events"):
        for row, record in rows(dataset, resource):
            is_example = record["verification"] == "example"
            if is_example and not str(record["id"]).startswith(EXAMPLE_ID_PREFIXES):
                yield problem(
                    dataset,
                    resource,
                    row,
                    "id",
                    "example-id",
                    f"example record {record['id']!r} has a real-looking id",
                    "Give example records an id starting with EXEMPLO- (or exemplo- for slugs).",
                )
            if not is_example and str(record["id"]).startswith(EXAMPLE_ID_PREFIXES):
                yield problem(
                    dataset,
                    resource,
                    row,
                    "verification",
                    "example-id",
                    f"{record['id']!r} looks like an example but is marked {record['verification']!r}",
                    "Mark it verification: example, or give it its real id.",
                )
    for row, organisation in rows(dataset, "organisations"):
        # A self-reported organisation's source is its submission, kept in the private store.
        if (
            organisation["verification"] in ("verified", "reported")
            and not organisation["source_id"]
        ):
            yield problem(
                dataset,
                "organisations",
                row,
                "source_id",
                "missing-source",
                "a verified organisation has no source",
                "Add the source_id that names it, or mark it verification: self-reported.",
            )


def check_codes(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """List fields and codes point at things that exist."""
    markets = {market["code"] for market in dataset.table("markets")}
    sectors = {sector["id"] for sector in dataset.table("sectors")}
    levels = {region["code"]: region["level"] for region in dataset.table("nuts-regions")}
    for row, market in rows(dataset, "markets"):
        if pycountry.countries.get(alpha_2=market["code"]) is None:
            yield problem(
                dataset,
                "markets",
                row,
                "code",
                "unknown-country",
                f"{market['code']!r} is not an ISO 3166-1 alpha-2 code",
                "Use the two-letter ISO code, e.g. 'ES'.",
            )
    for row, project in rows(dataset, "projects"):
        # A project may target any country; only markets.csv ones have a guidance page (issue 12).
        for code in project["markets"] or ():
            if code not in markets and pycountry.countries.get(alpha_2=code) is None:
                yield problem(
                    dataset,
                    "projects",
                    row,
                    "markets",
                    "unknown-country",
                    f"{code!r} is not an ISO 3166-1 alpha-2 country code",
                    "Use the two-letter ISO code of the country, e.g. 'AT' for Austria.",
                )
    for resource in ("projects", "events"):
        for row, record in rows(dataset, resource):
            for code in record["sectors"] or ():
                if code not in sectors:
                    yield problem(
                        dataset,
                        resource,
                        row,
                        "sectors",
                        "foreign-key",
                        f"{code!r} is not in 'sectors'",
                        "Use a code listed in sectors.csv, or add it there first.",
                    )
    for resource in ("projects", "organisations"):
        for row, record in rows(dataset, resource):
            code = record["nuts3"]
            if code and levels.get(code) not in (None, 3):
                yield problem(
                    dataset,
                    resource,
                    row,
                    "nuts3",
                    "not-nuts3",
                    f"{code!r} is a NUTS {levels[code]} region",
                    "Use a NUTS 3 code (five characters, e.g. PT187).",
                )


def document_sources(node: Any, path: str) -> Iterator[tuple[str, str]]:
    """Yield (path, source id) for every `source`/`sources` in a YAML document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "source" and isinstance(value, str):
                yield path + "/source", value
            elif key == "sources" and isinstance(value, list):
                yield from (
                    (f"{path}/sources/{i}", item)
                    for i, item in enumerate(value)
                    if isinstance(item, str)
                )
            else:
                yield from document_sources(value, f"{path}/{key}" if path else str(key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from document_sources(item, f"{path}/{index}")


def check_citations(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """Every cited source and organisation named in the documents exists."""
    sources = {source["id"] for source in dataset.table("sources")}
    organisations = {organisation["id"] for organisation in dataset.table("organisations")}
    documents = [(f"{name}.yaml", document) for name, document in dataset.documents.items()]
    documents += [
        (f"guidance {code}/{lang}", doc) for (code, lang), doc in sorted(dataset.guidance.items())
    ]
    for file_name, document in documents:
        for path, source_id in document_sources(document, ""):
            if source_id not in sources:
                yield Problem(
                    file_name,
                    None,
                    path,
                    "unknown-source",
                    f"source {source_id!r} is not in sources.csv",
                    "Add the source to sources.csv or correct the id.",
                )
    named = [
        ("programme.yaml", "managing_authority", dataset.programme.get("managing_authority")),
        (
            "pages.yaml",
            "privacy/controller",
            (dataset.pages.get("privacy") or {}).get("controller"),
        ),
    ]
    named += [
        ("programme.yaml", f"stakeholders/{i}/organisation", s.get("organisation"))
        for i, s in enumerate(dataset.programme.get("stakeholders") or [])
        if isinstance(s, dict)
    ]
    for file_name, path, organisation_id in named:
        if organisation_id and organisation_id not in organisations:
            yield Problem(
                file_name,
                None,
                path,
                "foreign-key",
                f"organisation {organisation_id!r} is not in organisations.csv",
                "Add the organisation to organisations.csv or correct the id.",
            )


DEFAULT_INDICATOR_MAX_AGE_YEARS = 3
FRESHNESS_TYPES = ("review-overdue", "indicator-stale")


def check_freshness(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """Guidance past review_by, or an indicator older than the configured age, is a warning."""
    for row, market in rows(dataset, "markets"):
        if market["review_by"] and market["review_by"] < today:
            yield problem(
                dataset,
                "markets",
                row,
                "review_by",
                "review-overdue",
                f"guidance for {market['code']!r} was due for review on {market['review_by'].isoformat()}",
                "Review the guidance, then move last_reviewed and review_by forward.",
                severity="warning",
            )
    max_age = (dataset.site.get("freshness") or {}).get(
        "indicator_max_age_years", DEFAULT_INDICATOR_MAX_AGE_YEARS
    )
    latest: dict[tuple[str, str], tuple[int, int]] = {}
    for row, indicator in rows(dataset, "indicators"):
        key = (indicator["market_code"], indicator["indicator"])
        if indicator["year"] is not None and (
            key not in latest or indicator["year"] > latest[key][1]
        ):
            latest[key] = (row, indicator["year"])
    for (code, name), (row, year) in sorted(latest.items()):
        if today.year - year > max_age:
            yield problem(
                dataset,
                "indicators",
                row,
                "year",
                "indicator-stale",
                f"the latest {name} for {code!r} is from {year}, more than {max_age} years ago",
                "Run `intlhub refresh-indicators`, or raise freshness.indicator_max_age_years in site.yaml.",
                severity="warning",
            )


RECORD_CHECKS: tuple[Check, ...] = (
    check_date_order,
    check_funding,
    check_call_totals,
    check_nifs,
    check_examples,
    check_codes,
    check_citations,
    check_freshness,
    check_example_references,
)


def check_records(dataset: Dataset, today: dt.date) -> list[Problem]:
    """Run every cross-record check and return all problems found."""
    return [found for check in RECORD_CHECKS for found in check(dataset, today)]
