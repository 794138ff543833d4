"""The build's notion of "today", reproducible through SOURCE_DATE_EPOCH."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping


def today(environ: Mapping[str, str] | None = None) -> dt.date:
    """Return today's date (UTC), taken from SOURCE_DATE_EPOCH when it is set."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError):
            pass  # an unusable value falls back to the real date; validate reports nothing here
    return dt.datetime.now(tz=dt.UTC).date()


def source_date_epoch(day: dt.date) -> str:
    """Return the SOURCE_DATE_EPOCH string for midnight UTC of `day`."""
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return str(int(midnight.timestamp()))
