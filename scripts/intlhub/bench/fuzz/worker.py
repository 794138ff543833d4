"""One in-process fuzz target in its own process: Hypothesis draws cases, each run is judged.

Usage: python -m intlhub.bench.fuzz.worker TARGET RUNS SEED WORK_DIR FAILURES_DIR DEADLINE
Writes one JSON line per run to WORK_DIR/outcomes.ndjson and the case it is running to
WORK_DIR/current.json, so the parent can kill a run that even SIGALRM could not stop.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path

from hypothesis import HealthCheck, Phase, assume, given, seed, settings

from intlhub.bench.fuzz import targets
from intlhub.bench.fuzz.execute import make_workspace, restore, save_failure

MEMORY_LIMIT_BYTES = 2 * 1024**3  # a bomb meets MemoryError here instead of swapping the machine


SLOW_RECIPE_LIMIT = (
    3  # after this many slow runs of one recipe, its cases are skipped (and counted)
)


def run_worker(
    target: str, runs: int, seed_value: int, work_path: Path, failures_path: Path, deadline: float
) -> int:
    """Run `runs` cases of one target; return 0 (failures are data, not an exit code)."""
    os.environ["SOURCE_DATE_EPOCH"] = "1795737600"
    os.environ["INTLHUB_USER"] = "fuzz"
    os.environ.pop("INTLHUB_PRIVATE_DIR", None)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    workspace = make_workspace(targets.source_data_path(), work_path / "ws")
    spec = targets.TARGETS[target](workspace)
    outcomes = (work_path / "outcomes.ndjson").open("a", encoding="utf-8")
    current = work_path / "current.json"
    counter = {"n": 0}
    slow: dict[str, int] = {}  # recipe → runs that hung or took over half the deadline
    skipped_path = work_path / "skipped.json"
    skipped: dict[str, int] = (
        json.loads(skipped_path.read_text(encoding="utf-8")) if skipped_path.exists() else {}
    )

    @settings(
        max_examples=runs,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=False,
    )
    @seed(seed_value)
    @given(spec.strategy)
    def run_one(case):
        if slow.get(case.key, 0) >= SLOW_RECIPE_LIMIT:
            skipped[case.key] = skipped.get(case.key, 0) + 1
            skipped_path.write_text(json.dumps(skipped), encoding="utf-8")
            assume(False)  # not a run: Hypothesis draws another case
        counter["n"] += 1
        current.write_text(
            json.dumps({"note": case.note[:500], "n": counter["n"]}), encoding="utf-8"
        )
        outcome = spec.run(case, deadline)
        if outcome["failures"]:
            outcome["saved"] = str(save_failure(case, outcome, failures_path, counter["n"]))
        if "hang" in outcome["failures"] or outcome["seconds"] > deadline / 2:
            slow[case.key] = slow.get(case.key, 0) + 1
        outcomes.write(json.dumps(outcome, ensure_ascii=True) + "\n")
        outcomes.flush()
        restore(workspace)  # the same bytes again: the cached validation still holds

    try:
        run_one()
    finally:
        spec.close()
        outcomes.close()
    return 0


if __name__ == "__main__":
    target, runs, seed_text, work, failures, deadline_text = sys.argv[1:7]
    sys.exit(
        run_worker(
            target, int(runs), int(seed_text), Path(work), Path(failures), float(deadline_text)
        )
    )
