"""Atom feeds (RFC 4287) of newly published project showcases, one per site language."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from intlhub.base.i18n import t
from intlhub.dataset.load_dataset import Dataset, Record
from intlhub.open_data.export_360giving import page_url, timestamp
from intlhub.open_data.export_tables import OPEN_DATA_DIR

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 50  # newest showcases only; the full list is in the open data


def feed_file_name(lang: str) -> str:
    """Return the file name of a language's feed."""
    return f"showcases-{lang}.atom"


def published_on(project: Record) -> dt.date:
    """Return when a showcase was first published (last_updated when not recorded)."""
    return project.get("published") or project["last_updated"]


def newest_projects(dataset: Dataset, limit: int = FEED_LIMIT) -> list[Record]:
    """Return the most recently published showcases, newest first (ties by id)."""
    projects = sorted(dataset.table("projects"), key=lambda p: p["id"])
    return sorted(projects, key=published_on, reverse=True)[:limit]


def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    """Append an Atom element with optional text and attributes."""
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def add_entry(feed: ET.Element, dataset: Dataset, project: Record, lang: str) -> None:
    """Append one project's entry."""
    entry = add(feed, "entry")
    url = page_url(dataset, "projects", project["id"], lang)
    title = project[f"title_{lang}"] or project["title_pt"]
    add(entry, "id", url)
    add(entry, "title", title)
    add(entry, "link", rel="alternate", type="text/html", href=url)
    add(entry, "published", timestamp(published_on(project)))
    add(entry, "updated", timestamp(project["last_updated"]))
    summary = project[f"summary_{lang}"] or project["summary_pt"] or title
    if project["verification"] == "example":
        summary = f"{t('example_note', lang)} {summary}"
        add(entry, "category", term="example", label=t("example", lang))
    add(entry, "summary", summary, type="text")
    sectors = dataset.index("sectors")
    for code in project["sectors"] or ():
        label = sectors[code][f"name_{lang}"] if code in sectors else code
        add(entry, "category", term=f"sector:{code}", label=label)


def showcase_feed(dataset: Dataset, lang: str, day: dt.date) -> bytes:
    """Return a language's Atom feed of the newest showcases."""
    ET.register_namespace("", ATOM)
    projects = newest_projects(dataset)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    self_url = f"{dataset.site['site_url']}{OPEN_DATA_DIR}/{feed_file_name(lang)}"
    add(feed, "id", self_url)
    add(feed, "title", f"{t('feed_title', lang)} – {dataset.site['site_name'][lang]}")
    add(feed, "subtitle", t("feed_subtitle", lang))
    updated = max((p["last_updated"] for p in projects), default=day)
    add(feed, "updated", timestamp(updated))
    add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    add(
        feed,
        "link",
        rel="alternate",
        type="text/html",
        href=page_url(dataset, "projects", None, lang),
    )
    author = add(feed, "author")
    funder = dataset.index("organisations").get(dataset.programme.get("managing_authority"))
    add(author, "name", funder["name"] if funder else dataset.site["site_name"][lang])
    add(feed, "rights", (dataset.site.get("licence") or {}).get("name", ""))
    for project in projects:
        add_entry(feed, dataset, project, lang)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
