"""validate refuses absurd numbers in data/: NaN, infinities, 1E-999999 (which broke `build`),
and sNaN (which made Frictionless raise decimal.InvalidOperation)."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import copy_data
from intlhub.base.problems import errors_only
from intlhub.dataset.validate import validate_data

TODAY = dt.date(2026, 11, 27)


def with_value(tmp_path, value):
    data_path = copy_data(tmp_path)
    path = data_path / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[3] = value
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data_path


@pytest.mark.parametrize(
    "value, reason",
    [
        ("1E-999999", "'1E-999999' is too small to be a real figure (below 1E-12)"),
        ("NaN", "'NaN' is not a number"),
        ("sNaN", "'sNaN' is not a number"),
        ("Infinity", "'Infinity' is not a number"),
        ("-Infinity", "'-Infinity' is not a number"),
        ("1e400", "'1e400' is far too large (limit 1,000,000,000,000,000)"),
        ("1E+999999", "'1E+999999' is far too large"),
        ("2000000000000000", "is outside -1,000,000,000,000,000 to 1,000,000,000,000,000"),
        ("1" * 5000, "is too long to be a number"),
    ],
)
def test_an_absurd_indicator_value_does_not_validate(tmp_path, value, reason):
    _, problems = validate_data(with_value(tmp_path, value), TODAY)
    found = [(p.file, p.row, p.field, p.type) for p in errors_only(problems)]
    assert found == [("indicators.csv", 2, "value", "number-error")]
    assert reason in errors_only(problems)[0].message


def test_a_sane_value_still_validates(tmp_path):
    _, problems = validate_data(with_value(tmp_path, "84722957642.25"), TODAY)
    assert errors_only(problems) == []
