"""A written guidance section carries its review date and sources; an unwritten one has no date."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import DATA_PATH, copy_data
from intlhub.base.problems import errors_only
from intlhub.dataset.validate import validate_data

TODAY = dt.date(2026, 12, 3)


def flatten(problems):
    return [(p.file, p.row, p.field, p.type) for p in problems]


def write_nl_economy(data_path, last_reviewed: str, sources: str) -> None:
    path = data_path / "markets" / "nl.en.yaml"
    text = path.read_text(encoding="utf-8")
    old = '  economy:\n    last_reviewed: null\n    body: ""\n    sources: []\n'
    assert old in text
    new = (
        f"  economy:\n    last_reviewed: {last_reviewed}\n"
        f"    body: A written paragraph.\n    sources: {sources}\n"
    )
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def real():
    """The real data/, validated once for this module."""
    dataset, problems = validate_data(DATA_PATH, TODAY)
    assert errors_only(problems) == []
    return dataset


def test_every_unwritten_section_of_the_real_data_has_no_review_date(real):
    dataset = real
    dated_but_empty = [
        (code, lang, key)
        for (code, lang), document in sorted(dataset.guidance.items())
        for key, section in document["sections"].items()
        if not section["body"].strip() and section["last_reviewed"] is not None
    ]
    assert dated_but_empty == [], "set last_reviewed: null on sections nobody has written"


def test_a_written_section_without_date_or_sources_is_an_error(tmp_path):
    data_path = copy_data(tmp_path)
    write_nl_economy(data_path, "null", "[]")
    _, problems = validate_data(data_path, TODAY)
    assert flatten(problems) == [
        ("markets.csv", 10, "last_reviewed", "guidance-undated"),
        ("markets/nl.en.yaml", None, "sections/economy/last_reviewed", "guidance-undated"),
        ("markets/nl.en.yaml", None, "sections/economy/sources", "guidance-unsourced"),
    ]
    assert [p.severity for p in problems] == ["warning", "error", "error"]
    message = next(p for p in problems if p.field == "sections/economy/sources")
    assert "'economy' is written but cites no source" in message.message
    assert "sources.csv" in message.fix


def test_a_dated_sourced_section_and_dated_market_pass(tmp_path):
    data_path = copy_data(tmp_path)
    write_nl_economy(data_path, "2026-12-03", "[caixa-siac-summary]")
    markets = data_path / "markets.csv"
    text = markets.read_text(encoding="utf-8")
    markets.write_text(text.replace("NL,150,,,", "NL,150,,2026-12-03,"), encoding="utf-8")
    _, problems = validate_data(data_path, TODAY)
    assert problems == []


def test_an_unwritten_market_never_falls_due_for_review(real):
    _, problems = validate_data(DATA_PATH, dt.date(2030, 1, 1))
    overdue = {p.row for p in problems if p.type == "review-overdue"}
    assert overdue, "a written market does fall due"
    dataset = real
    unwritten = {row for row, market in dataset.numbered("markets") if not market["last_reviewed"]}
    assert unwritten and not overdue & unwritten


GUIDES = ("ES", "FR", "DE", "CN")
SECTIONS = 9


def written(dataset, code, lang):
    return {
        key: section
        for key, section in dataset.guidance[(code, lang)]["sections"].items()
        if section["body"].strip()
    }


def test_every_written_section_has_a_date_and_sources_with_an_address(real):
    dataset = real
    sources = dataset.index("sources")
    missing = [
        (code, lang, key, problem)
        for (code, lang), document in sorted(dataset.guidance.items())
        for key, section in document["sections"].items()
        if section["body"].strip() and section.get("verification") != "example"
        for problem in (["no last_reviewed"] if not section["last_reviewed"] else [])
        + (["no source"] if not section["sources"] else [])
        + [
            f"source {s!r} not in sources.csv or without url"
            for s in section["sources"]
            if s not in sources or not sources[s]["url"]
        ]
    ]
    assert missing == [], "date each written section and cite sources.csv rows that have a url"


@pytest.mark.parametrize("code", GUIDES)
def test_the_es_fr_de_cn_guides_have_six_written_sections_per_language(real, code):
    dataset = real
    pt, en = written(dataset, code, "pt"), written(dataset, code, "en")
    assert len(pt) >= 6 and set(pt) == set(en), "write at least 6 of 9 sections, in both languages"
    for lang, sections in (("pt", pt), ("en", en)):
        for key, section in sections.items():
            words = len(section["body"].split())
            assert 60 <= words <= 180, f"{code}/{lang}/{key} has {words} words (60–180)"
            assert str(section["last_reviewed"]) == "2026-12-03"
            assert section["sources"] == dataset.guidance[(code, "en")]["sections"][key]["sources"]
    market = dataset.index("markets", "code")[code]
    assert market["last_reviewed"] == dt.date(2026, 12, 3)
