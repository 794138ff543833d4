"""Each normaliser on the values real exports contain."""

from __future__ import annotations

import datetime as dt

import pytest

from intlhub.base.sanitize import escape_spreadsheet_cell
from intlhub.intake.read.normalise import (
    NormaliseError,
    clean_text,
    format_decimal,
    is_empty,
    parse_boolean,
    parse_code,
    parse_countries,
    parse_country,
    parse_date,
    parse_email,
    parse_nif,
    parse_number,
    parse_rate,
    parse_url,
    split_list,
)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1.234.567,89", "1234567.89"),
        ("1.234.567,89 €", "1234567.89"),
        ("€ 1 234 567,89", "1234567.89"),
        ("1\u00a0234,5", "1234.5"),
        ("400.000", "400000"),
        ("1234.56", "1234.56"),
        ("0.850", "0.85"),
        ("1,234,567.89", "1234567.89"),
        ("12,5", "12.5"),
        ("-1.500,00", "-1500"),
        ("400000.00 EUR", "400000"),
    ],
)
def test_numbers_as_exports_write_them(raw, expected):
    assert format_decimal(parse_number(raw)) == expected


@pytest.mark.parametrize("raw", ["abc", "1,2,3.4.5x", "", "€"])
def test_what_is_not_a_number_says_so(raw):
    with pytest.raises(NormaliseError) as error:
        parse_number(raw)
    assert "is not a number" in error.value.reason and error.value.fix


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("85%", "0.85"),
        ("85", "0.85"),
        ("0,85", "0.85"),
        ("0.85", "0.85"),
        ("85,5 %", "0.855"),
        ("1", "1"),
        ("0", "0"),
    ],
)
def test_rates_above_one_are_percentages(raw, expected):
    assert format_decimal(parse_rate(raw)) == expected


def test_a_rate_over_100_percent_is_refused():
    with pytest.raises(NormaliseError):
        parse_rate("150%")


@pytest.mark.parametrize(
    "raw, order, expected",
    [
        ("31/12/2017", "dmy", dt.date(2017, 12, 31)),
        ("31.12.2017", "dmy", dt.date(2017, 12, 31)),
        ("2017-12-31", "dmy", dt.date(2017, 12, 31)),
        ("2017-12-31T10:00:00", "dmy", dt.date(2017, 12, 31)),
        ("27/11/2026 10:01:02", "dmy", dt.date(2026, 11, 27)),
        ("42461", "dmy", dt.date(2016, 4, 1)),
        ("12/31/2017", "mdy", dt.date(2017, 12, 31)),
        ("04/01/2016", "mdy", dt.date(2016, 4, 1)),
        ("01/04/16", "dmy", dt.date(2016, 4, 1)),
    ],
)
def test_dates_day_first_iso_excel_and_us(raw, order, expected):
    assert parse_date(raw, order) == expected


@pytest.mark.parametrize("raw", ["31/02/2016", "12/31/2017", "ontem", "2017-13-01"])
def test_impossible_dates_are_refused(raw):
    with pytest.raises(NormaliseError) as error:
        parse_date(raw)
    assert "DD/MM/AAAA" in error.value.fix


def test_yes_no_in_both_languages():
    assert [parse_boolean(v) for v in ("sim", "Não", "nao", "yes", "NO", "1", "0")] == [
        True, False, False, True, False, True, False
    ]  # fmt: skip
    with pytest.raises(NormaliseError):
        parse_boolean("talvez")


def test_export_markers_for_no_data_are_empty():
    assert all(is_empty(v) for v in ("", "  ", "n.d.", "N.D.", "-", "—", None))
    assert not any(is_empty(v) for v in ("0", "nada", "n"))


@pytest.mark.parametrize(
    "raw, code",
    [
        ("Alemanha", "DE"),
        ("Germany", "DE"),
        ("alemanha ", "DE"),
        ("Espanha", "ES"),
        ("ESTADOS UNIDOS", "US"),
        ("United States", "US"),
        ("Suíça", "CH"),
        ("Suica", "CH"),
        ("br", "BR"),
        ("DEU", "DE"),
        ("Reino Unido", "GB"),
    ],
)
def test_country_names_in_pt_and_en_become_iso_codes(raw, code):
    assert parse_country(raw) == code


def test_an_unknown_country_is_refused():
    with pytest.raises(NormaliseError):
        parse_country("Marte")


@pytest.mark.parametrize(
    ("raw", "codes"),
    [
        ("Alemanha, Áustria", ["DE", "AT"]),
        ("Austria; PL, Japão", ["AT", "PL", "JP"]),
        ("Korea, Republic of; Japan", ["KR", "JP"]),
        ("Korea, Republic of", ["KR"]),
        ("Brasil\nEstados Unidos", ["BR", "US"]),
        (" ; ", []),
    ],
)
def test_a_list_of_countries_splits_on_semicolons_lines_and_commas(raw, codes):
    assert parse_countries(raw) == codes


def test_a_list_with_an_unknown_country_is_refused_naming_it():
    with pytest.raises(NormaliseError, match="'Marte' is not a country"):
        parse_countries("Alemanha, Marte")


def test_nif_check_digit():
    assert parse_nif("PT 503 504 564") == "503504564"
    with pytest.raises(NormaliseError) as error:
        parse_nif("503504565")
    assert "check digit" in error.value.fix


def test_text_email_url_code_and_lists():
    assert clean_text("  a\r\nb\tc ") == "a\nb\tc"
    assert clean_text("  a\r\n b\tc ", multiline=False) == "a b c"
    for hostile in ("b\x00c", "b\u0007", "b\x1b[31m", "b\x85", "b\ud800"):
        with pytest.raises(NormaliseError):
            clean_text(hostile)
    assert clean_text("Exportac\u0327a\u0303o") == "Exportação"
    assert parse_email(" ana@example.org ") == "ana@example.org"
    with pytest.raises(NormaliseError):
        parse_url("javascript:alert(1)")
    assert parse_code("alt20-02 0001") == "ALT20-020001"
    assert split_list("Alemanha, Brasil") == ["Alemanha", "Brasil"]
    assert split_list("Vinho; Cortiça;n.d.") == ["Vinho", "Cortiça"]


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-12,5", "-12,5"),
        ("+351", "+351"),
        ("texto", "texto"),
    ],
)
def test_export_cells_never_start_a_formula(value, expected):
    assert escape_spreadsheet_cell(value) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "https://example.org/a)[x](javascript:alert(1))",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "https://example.org/`x`",
        "https://example.org/{{7*7}}",
        "https://example.org/a|b",
    ],
)
def test_a_url_that_could_become_markup_or_a_script_is_refused(raw):
    with pytest.raises(NormaliseError) as error:
        parse_url(raw)
    assert "not a web address" in error.value.reason and "https://" in error.value.fix


def test_a_url_keeps_its_parentheses_and_gets_a_lower_case_scheme():
    assert (
        parse_url("HTTPS://en.wikipedia.org/wiki/Foo_(bar)")
        == "https://en.wikipedia.org/wiki/Foo_(bar)"
    )
