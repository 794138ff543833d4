"""The language fixes of issue 14 in base/i18n: plurals, language names, date ranges, sources."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from intlhub.base.i18n import (
    STRINGS,
    format_day_range,
    language_names,
    source_label,
    t,
)

PARENTHESISED_PLURAL = re.compile(r"\w\((s|es|ões|ns)\)")


def test_no_ui_string_writes_a_plural_in_parentheses():
    """'1 diferença(s)' reads wrong; a string that depends on a count has one form per count."""
    bad = []
    for key, texts in STRINGS.items():
        for lang, text in texts.items():
            forms = text.values() if isinstance(text, dict) else [text]
            bad += [
                f"{key} ({lang}): {form}" for form in forms if PARENTHESISED_PLURAL.search(form)
            ]
    assert bad == [], "write one form per plural category ({one: …, other: …}):\n" + "\n".join(bad)


@pytest.mark.parametrize(
    ("key", "lang", "count", "expected"),
    [
        ("elig_compare_changed", "pt", 1, "1 diferença encontrada."),
        ("elig_compare_changed", "pt", 2, "2 diferenças encontradas."),
        ("elig_compare_changed", "pt", 0, "0 diferenças encontradas."),
        ("elig_compare_changed", "en", 1, "1 difference found."),
        ("home_examples", "pt", 1, "1 projeto de exemplo (fictício) mostra o formato e fica fora de todos os totais."),
        ("budget_of_calls", "pt", 1, "orçamento de 1 concurso"),
        ("budget_of_calls", "en", 4, "budget of 4 calls"),
        ("staff_count_submissions", "pt", 1, "1 submissão"),
        ("staff_count_submissions", "pt", 3, "3 submissões"),
        ("staff_throttled", "en", 1, "Too many failed attempts. Wait 1 minute before you try again."),
    ],
)  # fmt: skip
def test_plural_strings_agree_with_their_count(key, lang, count, expected):
    assert t(key, lang, count=count) == expected


def test_a_plural_string_needs_a_number():
    with pytest.raises(TypeError, match="plural count must be a number"):
        t("elig_compare_changed", "pt", count="1")


def test_withdrawn_projects_are_com_desistencia():
    """'Desistido' is not said of a project; the status reads 'Com desistência'."""
    assert t("withdrawn", "pt") == "Com desistência"
    assert not [k for k, v in STRINGS.items() if "desistid" in str(v.get("pt", "")).lower()]


@pytest.mark.parametrize(
    ("codes", "lang", "expected"),
    [
        (("zh-CN", "yue", "wuu", "dta", "ug", "za"), "pt", ["chinês", "cantonês", "wu", "uigur", "zhuang"]),
        (("fr-FR", "frp", "br"), "pt", ["francês", "bretão"]),
        (("fr-FR", "frp", "br"), "en", ["French", "Arpitan", "Breton"]),
        (("pt-AO", "pt-BR"), "en", ["Portuguese"]),
    ],
)  # fmt: skip
def test_language_names_come_from_cldr_and_unnamed_codes_are_left_out(codes, lang, expected):
    """'dta' (no CLDR name in either language) and 'frp' (none in Portuguese) never show raw."""
    assert language_names(codes, lang) == expected


def test_a_one_day_range_shows_the_day_once():
    day = dt.date(2026, 5, 3)
    assert format_day_range(day, day, "pt") == "3 de maio de 2026"
    assert (
        format_day_range(day, dt.date(2026, 5, 5), "pt") == "3 de maio de 2026 – 5 de maio de 2026"
    )
    assert format_day_range(day, day, "en") == "3 May 2026"


GP = {"title": "Collective Actions internationalization (good-practice description)",
      "publisher": "CCDR Alentejo via the Interreg Europe Policy Learning Platform"}  # fmt: skip
GP_NAMES = {"title_lang": "en",
            "title_pt": "Ações Coletivas – Internacionalização (descrição de boa prática)",
            "publisher_pt": "CCDR Alentejo na Interreg Europe Policy Learning Platform"}  # fmt: skip


def test_portuguese_pages_show_the_portuguese_wording_of_a_source():
    label = source_label(GP, GP_NAMES, "pt")
    assert (label.title, label.title_lang) == (GP_NAMES["title_pt"], None)
    assert label.publisher == GP_NAMES["publisher_pt"]
    english = source_label(GP, GP_NAMES, "en")
    assert (english.title, english.title_lang, english.publisher) == (
        GP["title"],
        None,
        GP["publisher"],
    )


def test_a_title_in_another_language_carries_its_language():
    aviso = {"title": "Aviso n.º 02/SIAC/2016", "publisher": "Portugal 2020"}
    names = {"title_lang": "pt", "title_pt": "", "publisher_pt": ""}
    assert source_label(aviso, names, "en").title_lang == "pt"
    assert source_label(aviso, names, "pt").title_lang is None
    # Without a row in source-names the language is unknown, so nothing is claimed.
    assert source_label(aviso, None, "en").title_lang is None


def test_a_source_note_is_shown_in_portuguese_when_written_else_marked_english():
    from intlhub.base.i18n import source_label

    source = {"title": "T", "publisher": "P", "note": "Undated."}
    names = {"title_lang": "en", "title_pt": "", "publisher_pt": "", "note_pt": "Não datada."}
    assert (
        source_label(source, names, "pt").note,
        source_label(source, names, "pt").note_lang,
    ) == (
        "Não datada.",
        None,
    )
    assert source_label(source, {**names, "note_pt": ""}, "pt").note_lang == "en"
    assert source_label(source, None, "en").note_lang is None
