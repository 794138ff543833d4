"""`python -m intlhub.bench.fuzz`: split the runs over the targets, watch them, report the figures.

Each in-process target runs in a worker process (`fuzz.worker`); a worker whose case outlives
the deadline even under SIGALRM is killed, the case is recorded as a hang and a fresh worker goes
on with the remaining runs. The HTTP behaviours run as `intlhub` subprocesses meanwhile.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from intlhub.bench.fuzz.execute import DEADLINE_SECONDS, log
from intlhub.bench.fuzz.http_cases import COMMANDS, run_http
from intlhub.bench.fuzz.servers import BEHAVIOURS
from intlhub.bench.fuzz.targets import PROJECT_PATH, TARGETS, source_data_path
from intlhub.bench.fuzz.worker import SLOW_RECIPE_LIMIT

# Share of the in-process runs per target, and why: ingest has the widest surface (3 forms and
# the operations list × 4 formats × encodings and shapes) and cheap runs; the API is the one
# entry the public reaches; check-eligibility and refresh-indicators each read one file or answer.
SPLIT = {"ingest": 0.55, "api": 0.2, "eligibility": 0.13, "refresh": 0.12}
KILL_GRACE_SECONDS = 30  # SIGALRM had this long to stop a run before the worker is killed
MAX_RESTARTS = 30
COLUMNS = (
    "traceback",
    "hang",
    "exit-code",
    "changed-after-rejection",
    "absurd-value",
    "redirect-followed",
    "harness-error",
)


def split_runs(total: int, targets: list[str]) -> dict[str, int]:
    """Runs per target, in proportion to SPLIT, adding up to `total`."""
    weights = {t: SPLIT[t] for t in targets}
    scale = sum(weights.values())
    runs = {t: int(total * w / scale) for t, w in weights.items()}
    runs[targets[0]] += total - sum(runs.values())
    return runs


def count_lines(path: Path) -> int:
    """Lines in a file (0 if it does not exist)."""
    return len(path.read_bytes().splitlines()) if path.exists() else 0


def run_target(
    target: str, runs: int, seed: int, work: Path, failures: Path, deadline: float
) -> Path:
    """Run one in-process target in workers until `runs` cases are judged; return the outcome file."""
    target_work = work / target
    shutil.rmtree(target_work, ignore_errors=True)
    target_work.mkdir(parents=True)
    outcomes = target_work / "outcomes.ndjson"
    current = target_work / "current.json"
    for restart in range(MAX_RESTARTS):
        remaining = runs - count_lines(outcomes)
        if remaining <= 0:
            break
        command = [sys.executable, "-m", "intlhub.bench.fuzz.worker", target, str(remaining),
                   str(seed + 1000 * restart), str(target_work), str(failures), str(deadline)]  # fmt: skip
        worker = subprocess.Popen(
            command, cwd=PROJECT_PATH, stderr=subprocess.PIPE, start_new_session=True
        )
        stderr_tail = collections.deque(maxlen=40)
        threading.Thread(target=stderr_tail.extend, args=(worker.stderr,), daemon=True).start()
        while worker.poll() is None:
            time.sleep(0.5)
            done = count_lines(outcomes)
            if (
                current.exists()
                and time.time() - current.stat().st_mtime > deadline + KILL_GRACE_SECONDS
            ):
                if count_lines(outcomes) == done and worker.poll() is None:
                    worker.kill()
                    worker.wait()
                    record_lost_case(target, target_work, failures, outcomes, "hang", "")
        if worker.returncode not in (0, -9):
            tail = b"".join(stderr_tail).decode("utf-8", "replace")
            # an error while Hypothesis draws a case is the harness's, not the command's
            kind = "harness-error" if "while generating" in tail else "traceback"
            record_lost_case(target, target_work, failures, outcomes, kind, tail)
        log(f"{target}: {count_lines(outcomes)}/{runs} runs")
    return outcomes


def record_lost_case(
    target: str, work: Path, failures: Path, outcomes: Path, kind: str, tail: str
) -> None:
    """A worker died or was killed in a case: record it, keep its inputs."""
    note = (
        json.loads((work / "current.json").read_text(encoding="utf-8"))
        if (work / "current.json").exists()
        else {}
    )
    folder = failures / f"{target}-lost-{count_lines(outcomes) + 1:05d}"
    shutil.rmtree(folder, ignore_errors=True)
    if (work / "ws" / "inputs").exists():
        shutil.copytree(work / "ws" / "inputs", folder / "inputs")
    folder.mkdir(parents=True, exist_ok=True)
    outcome = {"target": target, "note": note.get("note", "?"), "code": None, "seconds": None,
               "failures": [kind], "signature": f"worker {kind}: {tail.strip().splitlines()[-1] if tail.strip() else 'killed'}",
               "traceback": tail[-4000:] or None, "saved": str(folder)}  # fmt: skip
    (folder / "outcome.json").write_text(json.dumps(outcome, indent=1), encoding="utf-8")
    with outcomes.open("a", encoding="utf-8") as out:
        out.write(json.dumps(outcome) + "\n")
    (work / "current.json").unlink(missing_ok=True)


def read_outcomes(path: Path) -> list[dict]:
    """The outcome lines of one target."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def summarise(outcome_files: dict[str, Path], seconds: dict[str, float]) -> dict:
    """Figures per target, the distinct failures and the skipped slow recipes."""
    summary: dict = {"targets": {}, "signatures": {}, "skipped": {}}
    for target, path in outcome_files.items():
        rows = read_outcomes(path)
        figures = {kind: sum(kind in r["failures"] for r in rows) for kind in COLUMNS}
        figures["runs"] = len(rows)
        figures["max_seconds"] = max((r["seconds"] or 0 for r in rows), default=0)
        figures["seconds"] = round(seconds.get(target, 0), 1)
        peaks = [(r["peak_mb"], r["note"]) for r in rows if r.get("peak_mb")]
        if peaks:
            figures["max_peak_mb"], figures["max_peak_note"] = max(peaks)
        skipped_path = path.parent / "skipped.json"
        skipped = (
            json.loads(skipped_path.read_text(encoding="utf-8")) if skipped_path.exists() else {}
        )
        figures["skipped"] = sum(skipped.values())
        summary["skipped"].update({f"{target}: {k}": v for k, v in skipped.items()})
        summary["targets"][target] = figures
        for row in rows:
            for kind in row["failures"]:
                key = f"{target}: {kind}: {row.get('signature') or row['note'][:90]}"
                entry = summary["signatures"].setdefault(
                    key, {"count": 0, "example": row.get("saved"), "note": row["note"][:200]}
                )
                entry["count"] += 1
    return summary


HEADINGS = ("target", "runs", "tracebacks", "hangs", "bad exit codes", "changed after rejection",
            "absurd values written", "redirects followed", "harness errors", "slowest run (s)", "time (s)",
            "skipped (slow recipe)")  # fmt: skip


def format_summary(summary: dict, total_seconds: float) -> str:
    """The figures as a Markdown table, then the distinct failures and the skipped recipes."""
    lines = ["| " + " | ".join(HEADINGS) + " |", "|---|" + "---:|" * (len(HEADINGS) - 1)]
    totals: collections.Counter = collections.Counter()
    for target, f in summary["targets"].items():
        cells = [target, f"{f['runs']:,}", *(str(f[k]) for k in COLUMNS)]
        cells += [f"{f['max_seconds']:.1f}", f"{f['seconds']:.0f}", str(f["skipped"])]
        lines.append("| " + " | ".join(cells) + " |")
        totals.update({k: f[k] for k in (*COLUMNS, "runs", "skipped")})
    cells = ["**total**", f"**{totals['runs']:,}**", *(f"**{totals[k]}**" for k in COLUMNS)]
    cells += ["", f"**{total_seconds:.0f}**", f"**{totals['skipped']}**"]
    lines.append("| " + " | ".join(cells) + " |")
    for target, f in summary["targets"].items():
        if f.get("max_peak_mb"):
            lines += [
                "",
                f"Largest peak memory of a {target} run: {f['max_peak_mb']} MB ({f['max_peak_note']}).",
            ]
    if summary["signatures"]:
        lines += ["", "Distinct failures (count, an example kept for reproduction):"]
        ranked = sorted(summary["signatures"].items(), key=lambda item: -item[1]["count"])
        lines += [f"- {entry['count']} × {key}  ({entry['example']})" for key, entry in ranked]
    if summary["skipped"]:
        lines += [
            "",
            f"Skipped after {SLOW_RECIPE_LIMIT} slow runs of one recipe (not counted as runs):",
        ]
        lines += [f"- {count} × {key}" for key, count in sorted(summary["skipped"].items())]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Run the fuzz; exit 0 when no run failed, 1 otherwise."""
    parser = argparse.ArgumentParser(
        prog="python -m intlhub.bench.fuzz",
        description="Fuzz every entry point with generated hostile files and HTTP answers (issue 13).",
        epilog="Example:\n  python -m intlhub.bench.fuzz --runs 10000 --http-repeats 3",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--runs", type=int, default=10_000, help="in-process runs in all (default: %(default)s)"
    )
    parser.add_argument(
        "--http-repeats",
        type=int,
        default=3,
        help=f"times each of the {len(BEHAVIOURS)} HTTP behaviours hits each of {len(COMMANDS)} commands (default: %(default)s)",
    )
    parser.add_argument(
        "--targets", nargs="+", choices=[*TARGETS, "http"], default=[*TARGETS, "http"]
    )
    parser.add_argument(
        "--seed", type=int, default=13, help="Hypothesis seed (default: %(default)s)"
    )
    parser.add_argument(
        "--deadline",
        type=float,
        default=DEADLINE_SECONDS,
        help="a run over this many seconds is a hang (default: %(default)s)",
    )
    parser.add_argument(
        "--work", default=".cache/fuzz/work", help="scratch folder (default: %(default)s)"
    )
    parser.add_argument(
        "--failures",
        default=".cache/fuzz/failures",
        help="failing inputs and commands (default: %(default)s)",
    )
    parser.add_argument(
        "--json", default=".cache/fuzz/results.json", help="figures as JSON (default: %(default)s)"
    )
    parser.add_argument(
        "--jobs", type=int, default=2, help="targets fuzzed at once (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    work, failures = Path(args.work).resolve(), Path(args.failures).resolve()
    shutil.rmtree(failures, ignore_errors=True)
    failures.mkdir(parents=True)
    started = time.perf_counter()
    outcome_files: dict[str, Path] = {}
    seconds: dict[str, float] = {}
    http_thread = None
    if "http" in args.targets and args.http_repeats > 0:
        outcome_files["http"] = work / "http" / "outcomes.ndjson"
        shutil.rmtree(work / "http", ignore_errors=True)

        def http() -> None:
            begun = time.perf_counter()
            run_http(
                args.http_repeats,
                source_data_path(),
                work / "http",
                failures,
                args.deadline,
                outcome_files["http"],
            )
            seconds["http"] = time.perf_counter() - begun
            log(f"http: {count_lines(outcome_files['http'])} runs")

        http_thread = threading.Thread(target=http)
        http_thread.start()
    in_process = [t for t in args.targets if t in TARGETS]
    plan = split_runs(args.runs, in_process) if in_process and args.runs else {}

    def run_one(target: str) -> None:
        begun = time.perf_counter()
        log(f"{target}: {plan[target]} runs…")
        outcome_files[target] = run_target(
            target, plan[target], args.seed, work, failures, args.deadline
        )
        seconds[target] = time.perf_counter() - begun

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        list(pool.map(run_one, plan))
    if http_thread:
        http_thread.join()
    total = time.perf_counter() - started
    summary = summarise(outcome_files, seconds)
    summary.update({"seconds": round(total, 1), "deadline": args.deadline, "seed": args.seed})
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(format_summary(summary, total))
    failed = any(f[k] for f in summary["targets"].values() for k in COLUMNS)
    return 1 if failed else 0
