"""Benchmark: open data exports and showcase filter data for a programme with many projects.

Writes a synthetic package of N projects (`intlhub synth`, 50 markets) into a scratch folder,
then times loading, the filter data and every export. Not a test: run it by hand and write the numbers into docs/dev/showcase.md.

Example:
  .venv/bin/python -m intlhub.bench.open_data --projects 1000 --work /tmp/bench-open-data
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from intlhub.bench.synth_data import synth_data
from intlhub.dataset.load_dataset import load_dataset
from intlhub.open_data.export_open_data import export_open_data
from intlhub.site.showcase_data import showcase_payload

DATA_PATH = Path(__file__).resolve().parents[3] / "data"
DAY = dt.date(2026, 11, 27)


def timed(label: str, function, *args):
    """Run a function, print how long it took, return its result."""
    started = time.perf_counter()
    result = function(*args)
    print(f"{label:<28} {time.perf_counter() - started:7.2f} s")
    return result


def main() -> int:
    """Build the synthetic data, then time each step."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--work", default="/tmp/bench-open-data")
    args = parser.parse_args()
    data_path = Path(args.work) / "data"
    synth_data(DATA_PATH, data_path, args.projects, markets=50)
    print(f"{args.projects} projects in {data_path}", file=sys.stderr)
    dataset = timed("load_dataset", load_dataset, data_path)
    payload = timed("showcase_payload (pt)", showcase_payload, dataset, "pt")
    print(f"{'showcase.json (pt)':<28} {len(payload.encode()) / 1024:7.0f} KiB")
    files = timed("export_open_data", export_open_data, dataset, DAY)
    for name in (
        "intlhub-alentejo-collective-actions.zip",
        "list-of-operations.xlsx",
        "360giving.json",
    ):
        print(f"{name:<40} {len(files[name]) / 1024:7.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
