"""refresh-indicators against a hostile World Bank: absurd values, broken metadata, a trickling
server and a 300 MB answer. Each is refused: the indicator keeps its last known value, is listed
as not refreshed, and the command exits 1; nothing hangs and nothing is read whole."""

from __future__ import annotations

import datetime as dt
import json
import time
import tracemalloc

import pytest

from helpers import copy_data, snapshot
from intlhub.cli.main import main
from intlhub.markets.refresh_indicators import FetchSettings, refresh_indicators
from network_fixtures import answer, endless_body, raw_server, trickle

GDP, POP = "NY.GDP.MKTP.CD", "SP.POP.TOTL"
TODAY = dt.date(2026, 11, 27)
ROW = '{{"indicator": {{"id": "{indicator}"}}, "country": {{"id": "ES"}}, "date": {date}, "value": {value}}}'


def page(value, indicator=GDP, date='"2024"', pages="1"):
    row = ROW.format(indicator=indicator, date=date, value=value)
    return f'[{{"page": 1, "pages": {pages}, "per_page": 100}}, [{row}]]'


def refresh(base_url, data_path, *extra):
    """Run refresh-indicators for ES's GDP against base_url, without retries."""
    arguments = ["--data", str(data_path), "--markets", "ES", "--indicators", GDP]
    return main(
        ["refresh-indicators", *arguments, "--base-url", base_url, "--retries", "0", *extra]
    )


HOSTILE = {
    "1E-999999-text": (page('"1E-999999"'), "'1E-999999' is too small to be a real figure"),
    "1E-999999-number": (page("1E-999999"), "'0.0' is outside 0.01 to"),
    "NaN-text": (page('"NaN"'), "the value for 2024, 'NaN' is not a number"),
    "NaN-literal": (page("NaN"), "the JSON holds NaN, which is not a number"),
    "1e400": (page("1e400"), "the JSON holds '1e400', which is not a finite number"),
    "Infinity": (page("Infinity"), "the JSON holds Infinity, which is not a number"),
    "1E+999999": (page("1E+999999"), "'1E+999999', which is not a finite number"),
    "1E+999999-text": (page('"1E+999999"'), "'1E+999999' is far too large"),
    "sNaN": (page('"sNaN"'), "'sNaN' is not a number"),
    "gdp-2e15": (page("2e15"), "is outside 0.01 to 1,000,000,000,000,000"),
    "digits-5000": (page("1" * 5000), "a whole number of 5,000 digits"),
    "value-nested": (page('{"a": [1]}'), "the value for 2024, \"{'a': [1]}\" is not a number"),
    "year-1e400": (page("1600", date='"1e400"'), "the year '1e400' is far too large"),
    "year-9999": (page("1600", date="9999"), "the year '9999' is outside 1,950 to 2,100"),
    "pages-Infinity": (page("1600", pages="Infinity"), "the JSON holds Infinity"),
    "pages-huge": (page("1600", pages='"1e400"'), "no usable 'pages' ('1e400' is far too large"),
    "pages-list": (page("1600", pages="[2]"), "no usable 'pages' ('[2]' is not a number)"),
    "nested": ("[" * 100_000 + "]" * 100_000, "nested more than 64 levels deep"),
    "message-str": ('[{"message": ["str"]}]', "API error: 'str'"),
    "message-nested": ('[{"message": [{"id": ["x"], "key": {}}]}]', "API error (an unreadable"),
}


@pytest.mark.parametrize("body, reason", HOSTILE.values(), ids=HOSTILE.keys())
def test_an_absurd_answer_is_refused_and_the_last_value_kept(
    httpserver, tmp_path, capsys, body, reason
):
    data_path = copy_data(tmp_path)
    before = snapshot(data_path)
    httpserver.expect_request(f"/v2/country/ES/indicator/{GDP}").respond_with_data(
        body, content_type="application/json"
    )
    code = refresh(httpserver.url_for("").rstrip("/"), data_path, "--timeout", "2")
    captured = capsys.readouterr()
    assert code == 1 and "Traceback" not in captured.err
    line = next(x for x in captured.out.splitlines() if x.startswith(f"NOT refreshed ES {GDP}:"))
    assert reason in line and line.endswith("(kept the last known value)")
    assert snapshot(data_path) == before


def test_a_population_above_ten_thousand_million_is_refused(httpserver, tmp_path):
    data_path = copy_data(tmp_path)
    httpserver.expect_request(f"/v2/country/ES/indicator/{POP}").respond_with_data(
        page("20000000000", indicator=POP), content_type="application/json"
    )
    settings = FetchSettings(base_url=httpserver.url_for("").rstrip("/"), retries=0)
    report = refresh_indicators(data_path, TODAY, settings, markets=["ES"], indicators=[POP])
    assert report.updated == [] and "is outside 1 to 10,000,000,000" in report.failed[0][2]


def test_a_value_is_written_with_at_most_two_decimals(httpserver, tmp_path):
    data_path = copy_data(tmp_path)
    httpserver.expect_request(f"/v2/country/ES/indicator/{GDP}").respond_with_data(
        page("1600000.123456789"), content_type="application/json"
    )
    settings = FetchSettings(base_url=httpserver.url_for("").rstrip("/"), retries=0)
    report = refresh_indicators(data_path, TODAY, settings, markets=["ES"], indicators=[GDP])
    assert report.updated == [("ES", GDP, 2024)]
    assert f"ES,{GDP},2024,1600000.12,USD," in (data_path / "indicators.csv").read_text()


def test_a_trickling_api_is_cut_at_the_deadline(tmp_path, capsys):
    data_path = copy_data(tmp_path)
    before = snapshot(data_path)
    body = page("1600").encode()
    with raw_server(trickle(answer(body, "application/json"), every=0.1)) as server:
        started = time.monotonic()
        code = refresh(server.url("").rstrip("/"), data_path, "--timeout", "5", "--deadline", "1")
        elapsed = time.monotonic() - started
    assert code == 1 and elapsed < 5, f"took {elapsed:.1f} s"
    assert f"NOT refreshed ES {GDP}: took longer than 1 s" in capsys.readouterr().out
    assert snapshot(data_path) == before


def test_a_300_mb_answer_is_refused_with_bounded_memory(tmp_path, capsys):
    data_path = copy_data(tmp_path)
    before = snapshot(data_path)
    prefix = b'[{"page": 1, "pages": 1}, [' + json.dumps({"x": 1}).encode()
    script = endless_body("application/json", prefix, chunk=b', {"x": 1}' * 6000)
    with raw_server(script) as server:
        tracemalloc.start()
        started = time.monotonic()
        code = refresh(server.url("").rstrip("/"), data_path, "--deadline", "30")
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert code == 1 and elapsed < 10
    assert "the body passed 5,000,000 bytes" in capsys.readouterr().out
    assert peak < 40_000_000, f"peak {peak:,} bytes"
    assert snapshot(data_path) == before


def test_a_declared_300_mb_answer_is_refused_before_reading(tmp_path, capsys):
    data_path = copy_data(tmp_path)
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 300000000\r\n\r\n"

    def script(connection, request):
        connection.sendall(head + b"[" * 1000)

    with raw_server(script) as server:
        code = refresh(server.url("").rstrip("/"), data_path)
    assert code == 1 and "the body is 300,000,000 bytes" in capsys.readouterr().out
