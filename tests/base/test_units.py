"""Small rules: the clock, escaping of data text, and formatting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import markdown

from intlhub.base.clock import source_date_epoch, today
from intlhub.base.i18n import country_name, format_eur, format_month, format_rate
from intlhub.base.sanitize import escape_markdown


def test_today_comes_from_source_date_epoch():
    assert today({"SOURCE_DATE_EPOCH": "1795737600"}) == dt.date(2026, 11, 27)
    assert source_date_epoch(dt.date(2026, 11, 27)) == "1795737600"
    assert today({"SOURCE_DATE_EPOCH": "not a number"}) == dt.datetime.now(tz=dt.UTC).date()


def test_escaped_text_renders_literally():
    hostile = (
        "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) *a*|b"
    )
    html = markdown.markdown(escape_markdown(hostile), extensions=["tables", "md_in_html"])
    assert "<script" not in html and "<img" not in html and "<a " not in html and "<em>" not in html
    assert "&lt;script&gt;" in html


def test_escaped_text_cannot_start_a_block():
    assert markdown.markdown(escape_markdown("1. not a list")) == "<p>1. not a list</p>"
    assert markdown.markdown(escape_markdown("# not a heading")) == "<p># not a heading</p>"


def test_formatting_per_language():
    assert format_eur(Decimal("3000000"), "pt") == "3\xa0000\xa0000\xa0€"
    assert format_eur(Decimal("3000000"), "en") == "€3,000,000"
    assert format_eur(None, "en") == "not stated in the sources"
    assert format_rate(Decimal("0.85"), "pt") == "85%"
    assert format_month("2014-01", "pt") == "janeiro de 2014"
    assert country_name("DE", "pt") == "Alemanha" and country_name("150", "en") == "Europe"


def test_every_interface_string_exists_in_every_language():
    from intlhub.base.i18n import GUIDANCE_SECTIONS, INDICATOR_NAMES, STRINGS

    for table in (STRINGS, GUIDANCE_SECTIONS, INDICATOR_NAMES):
        for key, texts in table.items():
            assert set(texts) == {"pt", "en"}, f"Give {key!r} a text in pt and en (strings/*.yaml)."
