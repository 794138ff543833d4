"""refresh-indicators against recorded World Bank answers on a loopback server."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from helpers import copy_data, snapshot
from intlhub.base.problems import errors_only
from intlhub.cli.main import main
from intlhub.dataset.load_dataset import load_dataset
from intlhub.dataset.validate import validate_data
from intlhub.markets.refresh_indicators import FetchSettings, refresh_indicators

TODAY = dt.date(2026, 11, 27)
GDP, POP = "NY.GDP.MKTP.CD", "SP.POP.TOTL"


def row(code, year, value, indicator=GDP):
    return {
        "indicator": {"id": indicator, "value": "x"},
        "country": {"id": code, "value": code},
        "countryiso3code": "",
        "date": str(year),
        "value": value,
    }


def page(number, pages, rows):
    return [{"page": number, "pages": pages, "per_page": 100, "total": len(rows)}, rows]


class Recorded:
    """Answers keyed by (indicator, page): (status, body or callable, delay)."""

    def __init__(self):
        self.answers = {}
        self.requests = []


@pytest.fixture
def api():
    recorded = Recorded()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            parts = urlsplit(self.path)
            indicator = parts.path.rsplit("/", 1)[-1]
            number = int(parse_qs(parts.query).get("page", ["1"])[0])
            recorded.requests.append((parts.path, number, self.headers.get("User-Agent")))
            status, body, delay = recorded.answers.get((indicator, number), (404, "not found", 0))
            time.sleep(delay)
            data = body if isinstance(body, str) else json.dumps(body)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(data.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    recorded.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    yield recorded
    server.shutdown()
    server.server_close()


def settings(api):
    return FetchSettings(base_url=api.base_url, timeout=0.5, retries=1, backoff=0.01)


def values(data_path, code, indicator):
    rows = [
        r
        for r in load_dataset(data_path).table("indicators")
        if (r["market_code"], r["indicator"]) == (code, indicator)
    ]
    latest = max(rows, key=lambda r: r["year"])
    return latest["year"], int(latest["value"]), latest["retrieved"]


def assert_valid(data_path):
    _, problems = validate_data(data_path, TODAY)
    assert errors_only(problems) == []


def test_pagination_and_null_latest_year(api, tmp_path):
    data_path = copy_data(tmp_path)
    api.answers[(GDP, 1)] = (200, page(1, 2, [row("ES", 2024, None), row("ES", 2023, 1600)]), 0)
    api.answers[(GDP, 2)] = (200, page(2, 2, [row("FR", 2024, 3100)]), 0)
    api.answers[(POP, 1)] = (
        200,
        page(1, 1, [row("ES", 2025, 49000000, POP), row("FR", 2025, 68000000, POP)]),
        0,
    )
    report = refresh_indicators(
        data_path, TODAY, settings(api), markets=["ES", "FR"], indicators=[GDP, POP]
    )
    assert report.failed == []
    assert sorted(report.updated) == [
        ("ES", GDP, 2023),
        ("ES", POP, 2025),
        ("FR", GDP, 2024),
        ("FR", POP, 2025),
    ]
    assert values(data_path, "FR", GDP) == (2024, 3100, TODAY)
    assert values(data_path, "ES", GDP) == (2023, 1600, TODAY), (
        "a null latest year falls back to the year before"
    )
    assert {(path.rsplit("/", 1)[-1], n) for path, n, _ in api.requests} == {
        (GDP, 1),
        (GDP, 2),
        (POP, 1),
    }
    assert all(agent.startswith("intlhub/") for _, _, agent in api.requests)
    assert "/v2/country/ES;FR/indicator/" in api.requests[0][0]
    assert_valid(data_path)


@pytest.mark.parametrize(
    "answer, reason",
    [
        ((200, page(1, 0, []), 0), "no value in the answer"),
        ((200, [{"page": 1, "pages": 0, "total": 0}, None], 0), "no value in the answer"),
        ((500, "oops", 0), "HTTP 500 (2 attempts)"),
        ((200, page(1, 1, []), 1.0), "timed out after 0.5 s (2 attempts)"),
        (
            (200, '[{"page": 1, "pages": 1}, [', 0),
            "the answer was refused: it is not valid JSON (line 1, column 28: Expecting value)",
        ),
        (
            (
                200,
                [
                    {
                        "message": [
                            {
                                "id": "120",
                                "key": "Invalid value",
                                "value": "The provided parameter value is not valid",
                            }
                        ]
                    }
                ],
                0,
            ),
            "API error 120: Invalid value The provided parameter value is not valid",
        ),
        (
            (200, {"unexpected": "shape"}, 0),
            "the answer is not a World Bank page (expected [metadata, rows])",
        ),
    ],
    ids=[
        "empty-page",
        "null-rows",
        "http-500",
        "timeout",
        "malformed-json",
        "error-body-200",
        "wrong-shape",
    ],
)
def test_failures_keep_the_last_known_values(api, tmp_path, capsys, answer, reason):
    data_path = copy_data(tmp_path)
    before = snapshot(data_path)
    api.answers[(GDP, 1)] = answer
    api.answers[(POP, 1)] = answer
    code = main(
        [
            "refresh-indicators",
            "--data",
            str(data_path),
            "--markets",
            "ES",
            "--base-url",
            api.base_url,
            "--timeout",
            "0.5",
            "--retries",
            "1",
        ]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert f"NOT refreshed ES {GDP}: {reason} (kept the last known value)" in out
    assert snapshot(data_path) == before
    assert_valid(data_path)


def test_partial_answer_updates_what_arrived_and_reports_the_rest(api, tmp_path):
    data_path = copy_data(tmp_path)
    old_pop = values(data_path, "FR", POP)
    api.answers[(GDP, 1)] = (200, page(1, 1, [row("ES", 2024, 1700)]), 0)
    api.answers[(POP, 1)] = (500, "down", 0)
    report = refresh_indicators(
        data_path, TODAY, settings(api), markets=["ES", "FR"], indicators=[GDP, POP]
    )
    assert report.updated == [("ES", GDP, 2024)]
    assert sorted(report.failed) == [
        ("ES", POP, "HTTP 500 (2 attempts)"),
        ("FR", GDP, "no value in the answer"),
        ("FR", POP, "HTTP 500 (2 attempts)"),
    ]
    assert values(data_path, "FR", POP) == old_pop
    assert_valid(data_path)


def test_dry_run_writes_nothing(api, tmp_path):
    data_path = copy_data(tmp_path)
    before = snapshot(data_path)
    api.answers[(GDP, 1)] = (200, page(1, 1, [row("ES", 2024, 1700)]), 0)
    api.answers[(POP, 1)] = (200, page(1, 1, [row("ES", 2025, 49000000, POP)]), 0)
    report = refresh_indicators(data_path, TODAY, settings(api), markets=["ES"], dry_run=True)
    assert len(report.updated) == 2 and snapshot(data_path) == before


def test_unknown_market_is_a_clear_error(tmp_path, capsys):
    data_path = copy_data(tmp_path)
    assert (
        main(
            [
                "refresh-indicators",
                "--data",
                str(data_path),
                "--markets",
                "XX",
                "--base-url",
                "http://127.0.0.1:9",
            ]
        )
        == 1
    )
    assert "Unknown market code(s) ['XX']" in capsys.readouterr().err
