"""Every market indicator says how the hub got it: fetched from the API on a day, or copied.

A value copied from a data package kept in the project was once shown as "retrieved" on the
package's own last-update date (issue 14, claim 8), a day nobody fetched anything. So a row says
exactly one of: `retrieved` (the day `intlhub refresh-indicators` fetched it from the API) or
`copied_from` (the sources.csv row of the copy). `source_updated` is the source's own date, and the
source cannot have updated the data after the day the hub fetched it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from intlhub.base.problems import Problem
from intlhub.dataset.load_dataset import Dataset

INDICATORS_FILE = "indicators.csv"


def check_indicator_provenance(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """An indicator row has exactly one of retrieved and copied_from, and dates that agree."""
    for row, indicator in dataset.numbered("indicators"):
        where = f"{indicator['market_code']} {indicator['indicator']} {indicator['year']}"
        retrieved, copied = indicator.get("retrieved"), indicator.get("copied_from")
        if bool(retrieved) == bool(copied):
            field = "retrieved" if retrieved else "copied_from"
            yield Problem(
                INDICATORS_FILE,
                row,
                field,
                "indicator-provenance",
                f"indicator {where} has {'both' if retrieved else 'neither'} "
                "retrieved and copied_from",
                "Set retrieved (the day refresh-indicators fetched the value from the API) or "
                "copied_from (the sources.csv id of the data package it was copied from), not both.",
            )
        updated = indicator.get("source_updated")
        if retrieved and updated and updated > retrieved:
            yield Problem(
                INDICATORS_FILE,
                row,
                "source_updated",
                "indicator-dates",
                f"indicator {where} says the source updated it on {updated.isoformat()}, "
                f"after it was retrieved on {retrieved.isoformat()}",
                "source_updated is the source's own last-update date, never later than retrieved: "
                "run `intlhub refresh-indicators` again, or correct the date.",
            )
