"""The fuzz harness judges runs right: tracebacks, hangs, exit codes, changes after a rejection."""

from __future__ import annotations

import time

import pytest
import requests

from helpers import DATA_PATH
from intlhub.bench.fuzz import servers
from intlhub.bench.fuzz.execute import (
    Case,
    accepted_rows,
    call_guarded,
    judge,
    make_workspace,
    run_cli_case,
    traceback_signature,
)
from intlhub.bench.fuzz.runner import split_runs
from intlhub.bench.fuzz.targets import sane_value


def result(**changes):
    base = {"code": 0, "traceback": None, "hang": False, "seconds": 0.1, "stdout": "",
            "stderr": "", "queue_gained": 0, "data_changed": False}  # fmt: skip
    return {**base, **changes}


def test_an_uncaught_exception_is_a_traceback_with_its_origin():
    def crash() -> int:
        raise ValueError("Exceeds the limit (4300 digits)")

    outcome = judge(Case("t", {}, [], "n"), call_guarded(crash, 5))
    assert outcome["failures"] == ["traceback"]
    assert outcome["signature"].startswith("ValueError")


def test_a_run_past_its_deadline_is_a_hang_and_stops():
    started = time.perf_counter()
    outcome = judge(Case("t", {}, [], "n"), call_guarded(lambda: time.sleep(5) or 0, 0.3))
    assert outcome["failures"] == ["hang"]
    assert time.perf_counter() - started < 2


def test_usage_errors_are_exit_code_2_and_other_codes_are_failures():
    def usage() -> int:
        raise SystemExit(2)

    assert judge(Case("t", {}, [], "n"), call_guarded(usage, 5))["failures"] == []
    assert judge(Case("t", {}, [], "n"), result(code=5))["failures"] == ["exit-code"]
    eligibility = Case("t", {}, [], "n", allowed_codes=(0, 1, 2, 3, 4))
    assert judge(eligibility, result(code=4))["failures"] == []


def test_traceback_text_on_stderr_counts_too():
    def noisy() -> int:
        import sys

        print('Traceback (most recent call last):\n  File "x"\nKeyError: 1', file=sys.stderr)
        return 1

    assert judge(Case("t", {}, [], "n"), call_guarded(noisy, 5))["failures"] == ["traceback"]


def test_data_changed_or_queue_grown_after_a_rejection_is_a_failure():
    case = Case("t", {}, [], "n")
    assert judge(case, result(code=1, data_changed=True))["failures"] == ["changed-after-rejection"]
    summary = "read 3, accepted 1, unchanged 0, updated 0, rejected 2"
    assert accepted_rows(summary) == 1
    assert judge(case, result(code=1, stdout=summary, queue_gained=1))["failures"] == []
    grown = result(code=1, stdout=summary, queue_gained=3)
    assert judge(case, grown)["failures"] == ["changed-after-rejection"]
    writer = Case("t", {}, [], "n", extra={"writes_data": True})
    assert judge(writer, result(code=0, data_changed=True))["failures"] == []


def test_signature_names_the_last_intlhub_frame():
    text = (
        'Traceback (most recent call last):\n  File "/x/scripts/intlhub/cli/main.py", line 9, in main\n'
        '  File "/x/scripts/intlhub/markets/refresh_indicators.py", line 155, in format_value\n'
        "decimal.InvalidOperation: [<class 'decimal.InvalidOperation'>]\n"
    )
    assert traceback_signature(text) == (
        "decimal.InvalidOperation at markets/refresh_indicators.py:155 (format_value)"
    )


@pytest.mark.parametrize(
    ("text", "sane"),
    [("84722957642", True), ("0.5", True), ("1E-7", True), ("NaN", False), ("1E-999999", False),
     ("Infinity", False), ("1" + "0" * 50, False), ("x", False)],
)  # fmt: skip
def test_an_absurd_indicator_value_is_told_apart(text, sane):
    assert sane_value(text) is sane


def test_the_split_adds_up_and_follows_the_weights():
    runs = split_runs(10_000, ["ingest", "api", "eligibility", "refresh"])
    assert sum(runs.values()) == 10_000
    assert runs["ingest"] > runs["api"] > runs["eligibility"] > 0


def test_an_ingest_case_runs_the_real_command_in_process(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")
    workspace = make_workspace(DATA_PATH, tmp_path / "ws")
    case = Case(
        "ingest",
        {"export.csv": b"nothing,useful\n1,2\n"},
        ["ingest", "{dir}/export.csv", "--form", "showcase", "--data", "{data}", "--private", "{private}"],
        "a CSV with no known column",
    )  # fmt: skip
    outcome = run_cli_case(case, workspace, 30)
    assert outcome["code"] == 1 and outcome["failures"] == []
    assert "Error:" in outcome["stderr_tail"]


def test_a_redirect_to_another_loopback_host_is_seen_when_followed():
    server = servers.start_behaviour("redirect-other-host", lambda path: b"a,b\n", "text/csv")
    try:
        response = requests.get(servers.url_of(server) + "/x.csv", timeout=5)
        assert response.status_code == 200 and response.url.startswith("http://127.0.0.2:")
        assert server.other.hits == ["/x.csv"]
    finally:
        servers.stop(server)


def test_the_gzip_bomb_is_small_on_the_wire_and_huge_unpacked():
    bomb = servers.gzip_bomb(8)
    assert len(bomb) < 100_000
    import gzip

    assert len(gzip.decompress(bomb)) == 8 * 1024 * 1024
