"""URL intake against a loopback server: timeouts, 500s, truncation, size cap, content type, credentials."""

from __future__ import annotations

import time

import pytest
from werkzeug import Response

from helpers import copy_data
from intake_fixtures import csv_text, showcase_row
from intlhub.base.problems import HubError
from intlhub.cli.main import main
from intlhub.intake.read.fetch import FetchSettings, fetch_url

FAST = FetchSettings(connect_timeout=1.0, read_timeout=0.5, attempts=2, backoff=0.0)
CSV = csv_text([showcase_row(1)]).encode("utf-8")


def test_csv_is_fetched_with_its_format(httpserver):
    httpserver.expect_request("/export.csv").respond_with_data(CSV, content_type="text/csv")
    data, format = fetch_url(httpserver.url_for("/export.csv"), FAST)
    assert data == CSV and format == "csv"


def test_a_500_is_retried_then_succeeds(httpserver):
    httpserver.expect_ordered_request("/flaky").respond_with_data("oops", status=500)
    httpserver.expect_ordered_request("/flaky").respond_with_data(CSV, content_type="text/csv")
    sleeps = []
    data, _ = fetch_url(httpserver.url_for("/flaky"), FAST, sleep=sleeps.append)
    assert data == CSV and sleeps == [0.0]


def test_500s_give_up_after_the_bounded_attempts(httpserver):
    httpserver.expect_request("/down").respond_with_data("oops", status=503)
    sleeps = []
    settings = FetchSettings(read_timeout=0.5, attempts=3, backoff=0.5)
    with pytest.raises(HubError) as error:
        fetch_url(httpserver.url_for("/down"), settings, sleep=sleeps.append)
    assert "after 3 attempts" in error.value.message and sleeps == [0.5, 1.0]


def test_a_timeout_is_reported(httpserver):
    def slow(request):
        time.sleep(1.5)
        return Response(CSV, content_type="text/csv")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    started = time.monotonic()
    with pytest.raises(HubError) as error:
        fetch_url(httpserver.url_for("/slow"), FAST, sleep=lambda s: None)
    assert "timed out" in error.value.message.lower() and time.monotonic() - started < 5


def test_a_truncated_body_is_refused(httpserver):
    def truncated(request):
        response = Response(CSV[:50], content_type="text/csv")
        response.headers["Content-Length"] = str(len(CSV))
        return response

    httpserver.expect_request("/cut").respond_with_handler(truncated)
    with pytest.raises(HubError) as error:
        fetch_url(httpserver.url_for("/cut"), FAST, sleep=lambda s: None)
    assert "after 2 attempts" in error.value.message


def test_an_oversized_body_is_refused(httpserver):
    httpserver.expect_request("/big").respond_with_data(b"a,b\n" * 5000, content_type="text/csv")
    with pytest.raises(HubError) as error:
        fetch_url(httpserver.url_for("/big"), FetchSettings(max_bytes=1000, attempts=1))
    assert "limit 1,000" in error.value.message


def test_an_oversized_streamed_body_is_cut_off(httpserver):
    def streamed(request):
        return Response((b"a,b\n" * 1000 for _ in range(10)), content_type="text/csv")

    httpserver.expect_request("/stream").respond_with_handler(streamed)
    with pytest.raises(HubError) as error:
        fetch_url(httpserver.url_for("/stream"), FetchSettings(max_bytes=10_000, attempts=1))
    assert "passed 10,000 bytes" in error.value.message


def test_the_wrong_content_type_is_refused(httpserver):
    httpserver.expect_request("/login").respond_with_data(
        "<html>Login</html>", content_type="text/html"
    )
    with pytest.raises(HubError) as error:
        fetch_url(httpserver.url_for("/login"), FAST)
    assert "'text/html' is not CSV, JSON or XLSX" in error.value.message


def test_bad_credentials_are_not_retried(httpserver, monkeypatch):
    monkeypatch.setenv("INTLHUB_TEST_TOKEN", "wrong")
    httpserver.expect_request(
        "/private", headers={"Authorization": "Bearer wrong"}
    ).respond_with_data("no", status=401)
    settings = FetchSettings(attempts=3, token_env="INTLHUB_TEST_TOKEN")
    with pytest.raises(HubError) as error:
        fetch_url(httpserver.url_for("/private"), settings, sleep=lambda s: pytest.fail("retried"))
    assert "HTTP 401" in error.value.message and "--token-env" in error.value.fix
    with pytest.raises(HubError) as error:
        fetch_url(httpserver.url_for("/private"), FetchSettings(token_env="INTLHUB_UNSET_VARIABLE"))
    assert "is not set" in error.value.message


def test_ingest_from_a_url_with_a_bearer_token(httpserver, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")
    monkeypatch.setenv("INTLHUB_TEST_TOKEN", "s3cret")
    httpserver.expect_request(
        "/api/export", headers={"Authorization": "Bearer s3cret"}
    ).respond_with_data(CSV, content_type="text/csv")
    data_path = copy_data(tmp_path)
    url = httpserver.url_for("/api/export")
    code = main(
        [
            "ingest",
            url,
            "--form",
            "showcase",
            "--data",
            str(data_path),
            "--token-env",
            "INTLHUB_TEST_TOKEN",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0 and "accepted 1" in out
    queued = next((tmp_path / "private" / "queue").glob("*.jsonl")).read_text(encoding="utf-8")
    assert url in queued and "s3cret" not in queued
