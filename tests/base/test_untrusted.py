"""The untrusted readers refuse each hazard of issue 13 with UntrustedValue, never a traceback."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pytest

from intlhub.base.untrusted import (
    NumberLimits,
    UntrustedValue,
    check_date,
    check_text,
    date_from_serial,
    date_limits,
    read_decimal,
    read_int,
    replace_surrogates,
)
from intlhub.base.untrusted_documents import MalformedDocument, load_json, load_yaml


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("NaN", "not a number"),
        ("sNaN", "not a number"),
        ("Infinity", "not a number"),
        ("-inf", "not a number"),
        (float("nan"), "not a finite number"),
        (float("inf"), "not a finite number"),
        (Decimal("NaN"), "not a finite number"),
        (Decimal("sNaN"), "not a finite number"),
        ("1e400", "far too large"),
        ("1E+999999", "far too large"),
        ("1E-999999", "too small"),
        (Decimal("1E-999999"), "too small"),
        ("1" * 5000, "too long to be a number"),
        (10**5000, "far too large"),
        ("1.2345678901234567890123456789012", "significant digits"),
        (True, "not a number"),
        (None, "not a number"),
        ("12abc", "not a number"),
    ],
    ids=lambda value: str(value)[:20] if not isinstance(value, int) else "int",
)
def test_read_decimal_refuses_hazards(raw, why):
    with pytest.raises(UntrustedValue, match=why):
        read_decimal(raw)


def test_read_decimal_reads_plain_numbers():
    assert read_decimal("1234.50") == Decimal("1234.50")
    assert read_decimal(" -1e3 ") == Decimal("-1E+3")
    assert read_decimal(0.85) == Decimal("0.85")
    assert read_decimal(12) == Decimal(12)
    assert read_decimal("0") == 0


def test_limits_come_from_the_schema():
    rate = NumberLimits.from_schema({"type": "number", "constraints": {"minimum": 0, "maximum": 1}})
    assert read_decimal("0.85", rate) == Decimal("0.85")
    with pytest.raises(UntrustedValue, match="outside 0 to 1"):
        read_decimal("1.5", rate)
    year = NumberLimits.from_schema(
        {"type": "integer", "constraints": {"minimum": 1950, "maximum": 2100}}
    )
    assert read_int("2024", year) == 2024
    with pytest.raises(UntrustedValue, match="outside 1,950 to 2,100"):
        read_int("3000", year)


def test_read_int_counts_digits_before_int():
    started = time.perf_counter()
    for raw in ("9" * 5000, "-" + "9" * 10_000, 10**10_000):
        with pytest.raises(UntrustedValue, match="digits"):
            read_int(raw)
    assert time.perf_counter() - started < 1
    with pytest.raises(UntrustedValue, match="not a whole number"):
        read_int("1.5")
    assert read_int(" 42 ") == 42
    assert read_int("1e3") == 1000


@pytest.mark.parametrize(
    "serial", [float("nan"), 1e20, "1e20", -5, 2958466, 10**30, "NaN", 0.5, True, [1]], ids=repr
)
def test_date_from_serial_refuses_absurd_days(serial):
    with pytest.raises(UntrustedValue, match="not a date"):
        date_from_serial(serial)


def test_date_from_serial_and_range():
    assert date_from_serial(43831) == dt.date(2020, 1, 1)
    assert date_from_serial(43831.75) == dt.date(2020, 1, 1)
    with pytest.raises(UntrustedValue, match="outside 1990-01-01 to 2100-12-31"):
        check_date(dt.date(1899, 1, 1))
    assert check_date(dt.datetime(2020, 5, 1, 10, 0)) == dt.date(2020, 5, 1)
    spec = {"type": "date", "constraints": {"minimum": "1950-01-01"}}
    assert check_date(dt.date(1960, 1, 1), *date_limits(spec)) == dt.date(1960, 1, 1)


def test_text_refuses_lone_surrogates_and_control_characters():
    with pytest.raises(UntrustedValue, match="lone surrogate \\(U\\+D800\\) at character 2"):
        check_text("a\ud800b")
    with pytest.raises(UntrustedValue, match="control character U\\+0007"):
        check_text("bell\x07", multiline=True)
    with pytest.raises(UntrustedValue, match="control character U\\+000A"):
        check_text("two\nlines")
    assert check_text("two\nlines\tand a tab", multiline=True) == "two\nlines\tand a tab"
    assert check_text("Exportação 🇵🇹") == "Exportação 🇵🇹"
    assert replace_surrogates("a\udfffb") == "a\ufffdb"


def test_json_depth_never_recurses():
    started = time.perf_counter()
    for text in ("[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000):
        with pytest.raises(UntrustedValue, match="nested more than 64 levels"):
            load_json(text)
    for text in ("[" * 100_000, "[" * 100_000 + "]"):
        with pytest.raises(MalformedDocument, match="brackets do not balance"):
            load_json(text)
    assert time.perf_counter() - started < 2
    inside = '\\"' + "[" * 100 + "\\\\"  # brackets, an escaped quote and a backslash in a string
    assert load_json(f'[{{"a": "{inside}"}}, "]]]"]') == [{"a": '"' + "[" * 100 + "\\"}, "]]]"]
    assert load_json("[" * 60 + "]" * 60) is not None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('{"cost": NaN}', "holds NaN"),
        ('{"cost": Infinity}', "holds Infinity"),
        ('{"cost": -Infinity}', "holds -Infinity"),
        ('{"cost": 1e400}', "not a finite number"),
        ('{"n": ' + "7" * 5000 + "}", "5,000 digits"),
        ('{"n": 1', "not valid JSON"),
        (b'{"a": "\xff"}', "not UTF-8"),
    ],
)
def test_json_refuses_hazards(text, why):
    with pytest.raises(UntrustedValue, match=why):
        load_json(text)


def test_json_size_and_item_limits():
    with pytest.raises(UntrustedValue, match="limit 100"):
        load_json("[" + "1," * 200 + "1]", max_bytes=100)
    with pytest.raises(UntrustedValue, match="about 201 values"):
        load_json("[" + "1," * 200 + "1]", max_items=100)
    assert load_json('"\\ud800"') == "\ud800"  # valid JSON: the text reader refuses it per field


BOMB = """a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]
"""
MERGE = """base: {x: 1}
other:
  <<: {y: 2}
"""


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (BOMB, "anchors or aliases"),
        (MERGE, "merge key"),
        ("a: " + "9" * 10_000, "10,000 characters"),
        ("a: .nan", "not a finite number"),
        ("a: -.inf", "not a finite number"),
        ("a: 1.0e+400", "not a finite number"),
        ("a: [" * 100 + "]" * 100, "nested more than 64"),
        ("a: [1, 2", "not valid YAML"),
        ("a: !!python/object:os.system x", "not valid YAML"),
    ],
)
def test_yaml_refuses_hazards(text, why):
    with pytest.raises(UntrustedValue, match=why):
        load_yaml(text)


def test_yaml_many_keys_refused_fast():
    many = "".join(f"k{i}: {i}\n" for i in range(300_000))
    started = time.perf_counter()
    with pytest.raises(UntrustedValue, match="bytes \\(limit"):
        load_yaml(many)
    with pytest.raises(UntrustedValue, match="more than 20,000 values"):
        load_yaml(many, max_bytes=len(many))
    assert time.perf_counter() - started < 3


def test_yaml_reads_plain_documents():
    assert load_yaml("a: 1\nb: [x, 'y']\nc: '<<'\nd: 12.5\n") == {
        "a": 1,
        "b": ["x", "y"],
        "c": "<<",
        "d": 12.5,
    }
