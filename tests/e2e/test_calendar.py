"""The events calendar filters by market and sector in the browser, and keeps the state in the URL."""

from __future__ import annotations

import csv
from pathlib import Path

DATA_PATH = Path(__file__).resolve().parents[2] / "data"


def visible_event_ids(page) -> list[str]:
    rows = page.locator("table[data-hub-events] tbody tr:visible")
    return sorted(rows.nth(i).get_attribute("data-market") for i in range(rows.count()))


def test_filter_by_market_and_sector_matches_the_data(page, browser_log, base_url):
    with (DATA_PATH / "events.csv").open(encoding="utf-8") as handle:
        events = list(csv.DictReader(handle))
    page.goto(base_url + "en/calendar.html")
    assert page.locator("#hub-event-filter").is_visible()
    assert len(visible_event_ids(page)) == len(events)
    for market in sorted({e["market_code"] for e in events}):
        page.select_option("#hub-event-market", market)
        expected = sorted(e["market_code"] for e in events if e["market_code"] == market)
        assert visible_event_ids(page) == expected
        assert page.url.endswith(f"#market={market}")
    page.select_option("#hub-event-market", "")
    page.select_option("#hub-event-sector", "cork")
    cork = sorted(e["market_code"] for e in events if "cork" in e["sectors"].split(";"))
    assert visible_event_ids(page) == cork
    # One sentence per plural form, not "event(s)" (issue 14).
    plural = "event shown." if len(cork) == 1 else "events shown."
    assert page.locator(".hub-filter__status").inner_text() == f"{len(cork)} {plural}"
    browser_log.assert_clean()


def test_filter_state_in_the_url_is_restored(page, base_url):
    page.goto(base_url + "calendario.html#market=DE")
    assert page.locator("#hub-event-market").input_value() == "DE"
    assert visible_event_ids(page) == ["DE"]
