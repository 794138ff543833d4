"""A fast subset of `make fuzz` (a few hundred generated hostile inputs, under a minute).

The full run (10,000 runs and the hostile HTTP behaviours) is `make fuzz`; this subset keeps
the same judgement in `make test`: no traceback, no hang, no exit code outside the documented
ones, and nothing in data/ or the review queue changed by a rejected input.
"""

from __future__ import annotations

import json

from intlhub.bench.fuzz.runner import COLUMNS, main

SUBSET_RUNS = 240


def test_a_few_hundred_hostile_inputs_give_no_traceback_hang_or_change(tmp_path, capsys):
    results = tmp_path / "results.json"
    code = main(
        ["--runs", str(SUBSET_RUNS), "--http-repeats", "0", "--deadline", "20", "--seed", "7",
         "--work", str(tmp_path / "work"), "--failures", str(tmp_path / "failures"),
         "--json", str(results)]
    )  # fmt: skip
    table = capsys.readouterr().out
    summary = json.loads(results.read_text(encoding="utf-8"))
    assert sum(f["runs"] for f in summary["targets"].values()) == SUBSET_RUNS
    assert set(summary["targets"]) == {"ingest", "api", "eligibility", "refresh"}
    failures = {t: {k: f[k] for k in COLUMNS if f[k]} for t, f in summary["targets"].items()}
    assert failures == {t: {} for t in failures}, table
    assert code == 0
