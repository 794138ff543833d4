"""Nothing lost, nothing half-written: runs killed at random moments are recovered on the next run."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import sys

from helpers import copy_data
from intake_fixtures import site_submission, write_ndjson
from intlhub.base.clock import today
from intlhub.base.problems import errors_only
from intlhub.cli.main import main
from intlhub.dataset.validate import validate_data
from intlhub.intake.private.journal import Transaction, commit, recover, staged_path
from intlhub.intake.private.store import PrivatePaths, opened
from intlhub.intake.review import list_queue

FORK = multiprocessing.get_context("fork")  # a forked child starts at once, imports done


def run_cli(argv: list[str]) -> None:
    """Child process: run one intlhub command, quietly."""
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    os._exit(main(argv))


def run_and_kill(argv: list[str], delay: float) -> bool:
    """Start a command, SIGKILL it after `delay` seconds; tell whether it had finished with 0."""
    process = FORK.Process(target=run_cli, args=(argv,))
    process.start()
    process.join(delay)
    if process.is_alive():
        os.kill(process.pid, signal.SIGKILL)
    process.join()
    return process.exitcode == 0


def queued_ids(paths: PrivatePaths) -> set[str]:
    """The queue after recovery (opening the folder finishes or undoes any interrupted run)."""
    with opened(paths):
        return {item["id"] for item in list_queue(paths)}


def stored_ids(paths: PrivatePaths) -> set[str]:
    return {
        json.loads(line)["id"]
        for p in paths.store.glob("*.jsonl")
        for line in p.read_text().splitlines()
    }


def test_killed_ingest_and_approve_runs_lose_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")
    monkeypatch.setenv("INTLHUB_USER", "crash-test")
    data_path = copy_data(tmp_path)
    paths = PrivatePaths(tmp_path / "private")
    generator = random.Random(20261127)
    expected: set[str] = set()
    kills = 0
    for batch in range(6):
        submissions = [site_submission(batch * 100 + n) for n in range(1, 41)]
        ids = {s["submission_id"] for s in submissions}
        source = write_ndjson(tmp_path / f"batch{batch}.ndjson", submissions)
        argv = ["ingest", str(source), "--form", "showcase", "--data", str(data_path)]
        finished = run_and_kill(argv, generator.uniform(0.0, 1.5))
        kills += not finished
        present = queued_ids(paths)
        assert ids <= present or not (ids & present), "a run's submissions are all queued or none"
        if finished:
            assert ids <= present, "a run that reported success lost submissions"
        if not ids <= present:  # killed before its commit point: staff run it again
            assert run_and_kill(argv, 60)
        expected |= ids
    assert queued_ids(paths) == expected
    for _ in range(3):
        pick = sorted(queued_ids(paths))[:3]
        kills += not run_and_kill(
            ["approve", *pick, "--data", str(data_path)], generator.uniform(0.0, 2.5)
        )
        queued, stored = queued_ids(paths), stored_ids(paths)
        assert queued | stored == expected and not queued & stored, (
            "every submission is queued or decided"
        )
        projects = (data_path / "projects.csv").read_text()
        for submission_id in stored:
            number = int(submission_id.rsplit("-", 1)[1], 16)
            assert f"TESTE-{number:04d}," in projects, (
                "an approval is in data/ and the store together"
            )
        assert errors_only(validate_data(data_path, today())[1]) == []
    assert kills > 0 and not list(paths.journal.iterdir())


def test_recovery_finishes_committed_and_undoes_uncommitted_transactions(tmp_path):
    journal = tmp_path / "journal"
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("old a")
    second.write_text("old b")
    transaction = Transaction()
    transaction.write(first, b"new a")
    transaction.write(second, b"new b")
    txn = commit(transaction, journal)
    assert first.read_text() == "new a" and not list(journal.iterdir())
    # Killed after the commit point, with one file renamed: recovery renames the other.
    (journal / "T1.pending").write_text(
        json.dumps(
            {
                "writes": [
                    [str(staged_path(first, "T1")), str(first)],
                    [str(staged_path(second, "T1")), str(second)],
                ],
                "deletes": [],
            }
        )
    )
    staged_path(second, "T1").write_bytes(b"newer b")
    (journal / "T1.commit").write_text((journal / "T1.pending").read_text())
    first.write_text("newer a")
    # Killed before the commit point: the staged file is removed and the target untouched.
    (journal / "T2.pending").write_text(
        json.dumps({"writes": [[str(staged_path(first, "T2")), str(first)]], "deletes": []})
    )
    staged_path(first, "T2").write_bytes(b"never")
    done = recover(journal)
    assert done == ["completed interrupted run T1", "undid interrupted run T2"]
    assert (first.read_text(), second.read_text()) == ("newer a", "newer b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "journal"] and txn
