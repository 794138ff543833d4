"""Hostile HTTP behaviours against `intlhub ingest URL` and `intlhub refresh-indicators`.

These runs can hang, so each is a real `intlhub` subprocess with a hard timeout, its own copy of
data/ and private/, and a memory limit; servers listen on 127.0.0.1 (and 127.0.0.2, the "other
host" of a redirect). Several run at once: they mostly wait.
"""

from __future__ import annotations

import concurrent.futures
import functools
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from intlhub.bench.fuzz import hostile, servers
from intlhub.bench.fuzz.execute import Case, judge, queued_count, read_tree, save_failure
from intlhub.bench.fuzz.ingest_cases import base_rows, form_labels
from intlhub.bench.fuzz.wb_cases import INDICATOR, MARKET, page

COMMANDS = ("ingest", "refresh")
MEMORY_LIMIT_BYTES = 2 * 1024**3


def limit_memory() -> None:
    """In the child: cap its address space (a gzip bomb meets MemoryError, not the machine)."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def http_plan(repeats: int) -> list[tuple[str, str, int]]:
    """(command, behaviour, repeat) for every pair."""
    return [(c, b, r) for r in range(repeats) for c in COMMANDS for b in servers.BEHAVIOURS]


# A user who fetches from a doubtful server sets a total deadline where the command has one:
# ingest makes 3 attempts (with 1 + 2 s of backoff) and refresh-indicators 2 here, so 10 s each
# ends a trickle by ~33 s, well under the 60-s hang even when start-up is slow on a busy machine.
COMMAND_DEADLINE = "10"


@functools.cache
def deadline_options(command: str) -> tuple[str, ...]:
    """`--deadline 10` if this version of the command has the option, else nothing."""
    help_text = subprocess.run(
        [sys.executable, "-m", "intlhub.cli", command, "-h"],
        capture_output=True, text=True, check=False, env=child_env(),
    ).stdout  # fmt: skip
    return ("--deadline", COMMAND_DEADLINE) if "--deadline" in help_text else ()


def showcase_csv(source_data: Path) -> bytes:
    """Two rows the showcase form accepts, as CSV: a followed redirect would queue them."""
    headers, rows = base_rows("showcase", form_labels(source_data), 2, 9001)
    return hostile.csv_bytes(headers, rows)


def run_http_case(
    command: str, behaviour: str, repeat: int, source_data: Path, work: Path, deadline: float
) -> tuple[Case, dict, bool]:
    """Run one behaviour against one command in a subprocess; return (case, outcome, followed)."""
    root = work / f"{command}-{behaviour}-{repeat}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(source_data, root / "data")
    pristine = read_tree(root / "data")
    if command == "ingest":
        server = servers.start_behaviour(
            behaviour, lambda path: showcase_csv(source_data), "text/csv; charset=utf-8"
        )
        url = servers.url_of(server) + "/export.csv"
        argv = ["ingest", url, "--form", "showcase", "--data", "{data}", "--private", "{private}",
                "--timeout", "10", *deadline_options("ingest")]  # fmt: skip
    else:
        body = page().encode()
        server = servers.start_behaviour(
            behaviour, lambda path: body, "application/json;charset=utf-8"
        )
        url = servers.url_of(server)
        argv = ["refresh-indicators", "--data", "{data}", "--markets", MARKET, "--indicators", INDICATOR,
                "--base-url", url, "--timeout", "10", "--retries", "1", *deadline_options("refresh-indicators")]  # fmt: skip
    case = Case(
        "http",
        {},
        argv,
        f"{command} {behaviour} #{repeat} ({url})",
        extra={"writes_data": command == "refresh"},
    )
    started = time.perf_counter()
    result = run_child(case.command(root, root / "data", root / "private"), deadline)
    result["seconds"] = time.perf_counter() - started
    result["queue_gained"] = queued_count(root / "private")
    result["data_changed"] = read_tree(root / "data") != pristine
    followed = bool(getattr(server, "other", None) and server.other.hits)
    servers.stop(server)
    outcome = judge(case, result)
    outcome["peak_mb"] = result.get("peak_mb")
    if followed:
        outcome["failures"] = sorted(set(outcome["failures"]) | {"redirect-followed"})
    shutil.rmtree(root, ignore_errors=True)
    return case, outcome, followed


# The child reports its own peak memory as it exits (a killed child reports nothing).
CHILD = (
    "import atexit, resource, sys\n"
    "atexit.register(lambda: print('FUZZ-PEAK-KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
    " file=sys.stderr))\n"
    "from intlhub.cli.main import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def as_text(output: str | bytes | None) -> str:
    """Captured output as text (TimeoutExpired gives bytes or None)."""
    if isinstance(output, bytes):
        return output.decode("utf-8", "replace")
    return output or ""


def run_child(argv: list[str], deadline: float) -> dict:
    """Run `intlhub ARGV` in a child with a memory limit and a hard timeout."""
    result: dict = {"traceback": None, "hang": False, "code": None, "peak_mb": None}
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, *argv],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=deadline,
            preexec_fn=limit_memory,
            env=child_env(),
            check=False,
        )
    except subprocess.TimeoutExpired as expired:
        result.update(hang=True, stdout=as_text(expired.stdout), stderr=as_text(expired.stderr))
        return result
    lines = done.stderr.splitlines()
    peaks = [line.split()[1] for line in lines if line.startswith("FUZZ-PEAK-KB ")]
    stderr = "\n".join(line for line in lines if not line.startswith("FUZZ-PEAK-KB "))
    result.update(code=done.returncode, stdout=done.stdout, stderr=stderr)
    if "Traceback (most recent call last)" in stderr:
        result["traceback"] = stderr[-4000:]
    if peaks:
        result["peak_mb"] = round(int(peaks[-1]) / 1024)
    return result


def child_env() -> dict[str, str]:
    """The environment of an `intlhub` child: fixed day and user, no proxies."""
    import os

    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update({"SOURCE_DATE_EPOCH": "1795737600", "INTLHUB_USER": "fuzz", "NO_PROXY": "*"})
    env.pop("INTLHUB_PRIVATE_DIR", None)
    return env


def run_http(
    repeats: int,
    source_data: Path,
    work: Path,
    failures: Path,
    deadline: float,
    outcomes_path: Path,
    parallel: int = 4,
) -> None:
    """Run every behaviour against both commands `repeats` times; one JSON line per run."""
    import json

    work.mkdir(parents=True, exist_ok=True)
    plan = http_plan(repeats)
    with (
        concurrent.futures.ThreadPoolExecutor(parallel) as pool,
        outcomes_path.open("a", encoding="utf-8") as out,
    ):
        futures = [
            pool.submit(run_http_case, c, b, r, source_data, work, deadline) for c, b, r in plan
        ]
        for number, future in enumerate(concurrent.futures.as_completed(futures), 1):
            case, outcome, _ = future.result()
            if outcome["failures"]:
                outcome["saved"] = str(save_failure(case, outcome, failures, number))
            out.write(json.dumps(outcome, ensure_ascii=True) + "\n")
            out.flush()
