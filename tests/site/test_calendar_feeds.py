"""Events: iCalendar feeds parse back, all-day dates, and past events never show as upcoming."""

from __future__ import annotations

import datetime as dt

import icalendar

from helpers import DATA_PATH
from intlhub.dataset.load_dataset import load_dataset
from intlhub.site.calendar_feeds import calendar_uri, render_calendars
from intlhub.site.plan_pages import plan_pages
from intlhub.site.render import render_pages

DATASET = load_dataset(DATA_PATH)
TODAY = dt.date(2026, 11, 27)


def parse(feed: bytes) -> list:
    return list(icalendar.Calendar.from_ical(feed).walk("VEVENT"))


def test_feed_of_all_events_parses_back_with_every_event():
    feeds = render_calendars(DATASET, "en", TODAY)
    events = {str(e["uid"]).split("@")[0]: e for e in parse(feeds[calendar_uri("en")])}
    assert set(events) == {e["id"] for e in DATASET.table("events")}
    for record in DATASET.table("events"):
        event = events[record["id"]]
        assert event.decoded("dtstart") == record["starts"]
        assert not isinstance(event.decoded("dtstart"), dt.datetime), (
            "all-day events use DATE values"
        )
        assert event.decoded("dtend") == record["ends"] + dt.timedelta(days=1), "DTEND is exclusive"
        assert "[Example]" in str(event["summary"]), "example events are labelled"


def test_one_feed_per_market_with_only_its_events():
    feeds = render_calendars(DATASET, "pt", TODAY)
    for market in DATASET.table("markets"):
        uids = {
            str(e["uid"]).split("@")[0] for e in parse(feeds[calendar_uri("pt", market["code"])])
        }
        assert uids == {
            e["id"] for e in DATASET.table("events") if e["market_code"] == market["code"]
        }


def test_feeds_are_reproducible():
    assert render_calendars(DATASET, "pt", TODAY) == render_calendars(DATASET, "pt", TODAY)


def calendar_page(today: dt.date) -> str:
    specs = [s for s in plan_pages(DATASET, today) if s.lang == "en" and s.key == "calendar"]
    return next(text for _, text in render_pages(DATASET, specs))


def test_an_event_is_upcoming_until_its_last_day_and_past_after():
    mission = "Example trade mission"
    during = calendar_page(dt.date(2026, 5, 20)).split("## Past events")
    assert mission in during[0] and mission not in during[1]
    after = calendar_page(dt.date(2026, 5, 21)).split("## Past events")
    assert mission not in after[0] and mission in after[1]
