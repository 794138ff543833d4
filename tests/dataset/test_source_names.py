"""Every source has its title's language and the Portuguese wording PT pages cite it with (issue 14)."""

from __future__ import annotations

import csv
import re

from babel import Locale

from helpers import DATA_PATH

LANGUAGE_CODES = set(Locale("en").languages)
# Words that give away an English publisher text (sources.csv writes publishers in English).
ENGLISH_WORDS = re.compile(
    r"\b(Department|Commission|Union|Government|Organi[sz]ation|Agency|Council|copy|published"
    r"|press release|via|issue|law firm|consultancy|bank information page)\b"
)


def read_rows(name: str) -> list[dict[str, str]]:
    with (DATA_PATH / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


SOURCES = read_rows("sources.csv")
NAMES = {row["source_id"]: row for row in read_rows("source-names.csv")}


def test_every_source_has_a_source_names_row_with_a_known_title_language():
    missing = [source["id"] for source in SOURCES if source["id"] not in NAMES]
    assert missing == [], (
        f"data/source-names.csv has no row for {missing}\n\n"
        "Add one per source: source_id, title_lang (the title's language, e.g. pt, en, de), "
        "and title_pt/publisher_pt/note_pt where PT pages need Portuguese wording."
    )
    unknown = [
        (source_id, row["title_lang"])
        for source_id, row in NAMES.items()
        if row["title_lang"].split("-")[0] not in LANGUAGE_CODES
    ]
    assert unknown == [], f"data/source-names.csv: unknown title_lang {unknown}; use a BCP 47 tag."


def test_portuguese_pages_never_cite_an_english_publisher():
    english = [
        (source["id"], publisher)
        for source in SOURCES
        if ENGLISH_WORDS.search(
            publisher := NAMES.get(source["id"], {}).get("publisher_pt") or source["publisher"]
        )
    ]
    assert english == [], (
        "PT pages would show these publishers in English; "
        "give their Portuguese wording in data/source-names.csv (publisher_pt)."
    )
