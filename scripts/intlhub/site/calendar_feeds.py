"""iCalendar (RFC 5545) feeds of events: one for all events and one per market, per language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import urlsplit

import icalendar

from intlhub.base.i18n import country_name, t
from intlhub.dataset.load_dataset import Dataset, Record

CALENDAR_FOLDER = {"pt": "calendario", "en": "calendar"}
ALL_EVENTS_FILE = "eventos.ics"


def calendar_uri(lang: str, market_code: str | None = None) -> str:
    """Return the URI of a language's feed of all events, or of one market's events."""
    name = f"{market_code.lower()}.ics" if market_code else ALL_EVENTS_FILE
    return f"{CALENDAR_FOLDER[lang]}/{name}"


def make_event(
    event: Record, dataset: Dataset, lang: str, stamp: dt.datetime, host: str
) -> icalendar.Event:
    """Build one all-day VEVENT; DTEND is exclusive, so it is the day after the last day."""
    entry = icalendar.Event()
    title = event[f"title_{lang}"]
    if event["verification"] == "example":
        title = f"{title} [{t('example', lang)}]"
    entry.add("uid", f"{event['id']}@{host}")
    entry.add("dtstamp", stamp)
    entry.add("summary", title)
    entry.add("dtstart", event["starts"])
    entry.add("dtend", event["ends"] + dt.timedelta(days=1))
    place = ", ".join(
        part for part in (event["city"], country_name(event["market_code"], lang)) if part
    )
    entry.add("location", place)
    description = [t(event["kind"], lang)]
    if event["verification"] == "example":
        description.append(t("example_event_note", lang))
    entry.add("description", " ".join(description))
    if event["sectors"]:
        sectors = dataset.index("sectors")
        entry.add(
            "categories",
            [sectors[s][f"name_{lang}"] if s in sectors else s for s in event["sectors"]],
        )
    if event["url"]:
        entry.add("url", event["url"])
    entry.add("transp", "TRANSPARENT")
    return entry


def make_calendar(
    events: Sequence[Record], dataset: Dataset, lang: str, name: str, today: dt.date
) -> bytes:
    """Return one VCALENDAR with the events in start-date order; DTSTAMP is 'today' for reproducibility."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//intlhub//events//" + lang.upper())
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)
    host = (
        urlsplit(dataset.site.get("site_url") or "https://intlhub.invalid/").hostname
        or "intlhub.invalid"
    )
    for event in sorted(events, key=lambda e: (e["starts"], e["id"])):
        calendar.add_component(make_event(event, dataset, lang, stamp, host))
    return calendar.to_ical()


def render_calendars(dataset: Dataset, lang: str, today: dt.date) -> dict[str, bytes]:
    """Return {uri: iCalendar bytes}: all events, and one feed per market."""
    events = dataset.table("events")
    site_name = dataset.site["site_name"][lang]
    feeds = {
        calendar_uri(lang): make_calendar(
            events, dataset, lang, f"{site_name} – {t('events', lang)}", today
        )
    }
    for market in dataset.table("markets"):
        code = market["code"]
        in_market = [e for e in events if e["market_code"] == code]
        name = f"{site_name} – {t('events', lang)} – {country_name(code, lang)}"
        feeds[calendar_uri(lang, code)] = make_calendar(in_market, dataset, lang, name, today)
    return feeds
