"""URL ingest against hostile servers on loopback: trickled headers and bodies end at the
deadline, and a redirect to another host is refused with nothing queued."""

from __future__ import annotations

import time

import pytest

from helpers import copy_data, snapshot
from intake_fixtures import csv_text, showcase_row
from intlhub.base.problems import HubError
from intlhub.cli.main import main
from intlhub.intake.read.fetch import FetchSettings, fetch_url
from network_fixtures import answer, raw_server, redirect, send, trickle

CSV = csv_text([showcase_row(1)]).encode("utf-8")


@pytest.mark.parametrize("part", ["headers", "body"])
def test_a_trickling_server_is_cut_at_the_deadline(part):
    whole = answer(CSV * 3)
    split = 0 if part == "headers" else whole.index(b"\r\n\r\n") + 4

    def script(connection, head):
        connection.sendall(whole[:split])
        trickle(whole[split:], every=0.2)(connection, head)

    settings = FetchSettings(read_timeout=5.0, deadline=1.0, attempts=2, backoff=0.0)
    with raw_server(script) as server:
        started = time.monotonic()
        with pytest.raises(HubError) as error:
            fetch_url(server.url("/export.csv"), settings, sleep=lambda s: None)
        elapsed = time.monotonic() - started
    assert "after 2 attempts: took longer than 1 s" in error.value.message
    assert elapsed < 3.5, f"two attempts of 1 s took {elapsed:.1f} s"


def ingest(url, data_path, *extra):
    return main(["ingest", url, "--form", "showcase", "--data", str(data_path), *extra])


def test_a_redirect_to_another_host_is_refused_and_nothing_is_queued(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")
    data_path = copy_data(tmp_path)
    before = snapshot(data_path)
    with raw_server(send(answer(CSV)), host="127.0.0.2") as other:
        with raw_server(redirect(other.url("/export.csv"))) as first:
            code = ingest(first.url("/export.csv"), data_path)
    err = capsys.readouterr().err
    assert code == 1
    assert "the redirect goes to another host, '127.0.0.2', not listed" in err
    assert "--allow-redirect-host" in err
    assert other.requests == [] and snapshot(data_path) == before
    assert not list((tmp_path / "private" / "queue").glob("*.jsonl"))


def test_a_listed_redirect_host_is_followed(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")
    data_path = copy_data(tmp_path)
    with raw_server(send(answer(CSV)), host="127.0.0.2") as other:
        with raw_server(redirect(other.url("/export.csv"))) as first:
            code = ingest(first.url("/export.csv"), data_path, "--allow-redirect-host", "127.0.0.2")
    assert code == 0 and "accepted 1" in capsys.readouterr().out
    assert len(other.requests) == 1
