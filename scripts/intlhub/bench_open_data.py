"""Benchmark: open data exports and showcase filter data for a programme with many projects.

Copies data/ into a scratch folder, replaces projects.csv (and its results) with N synthetic
example projects made from the default ones, then times loading, the filter data and every
export. Not a test: run it by hand and write the numbers into docs/dev/showcase.md.

Example:
  .venv/bin/python -m intlhub.bench_open_data --projects 1000 --work /tmp/bench-open-data
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import shutil
import sys
import time
from pathlib import Path

from intlhub.export_open_data import export_open_data
from intlhub.load_dataset import load_dataset
from intlhub.showcase_data import showcase_payload

DATA_PATH = Path(__file__).resolve().parents[2] / "data"
DAY = dt.date(2026, 11, 27)


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Read a CSV's header and rows."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    """Write rows under a header."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def make_data(work_path: Path, count: int) -> Path:
    """Copy data/ and give it `count` projects, each with the results of its model project."""
    data_path = work_path / "data"
    if data_path.exists():
        shutil.rmtree(data_path)
    shutil.copytree(DATA_PATH, data_path)
    header, models = read_rows(data_path / "projects.csv")
    result_header, results = read_rows(data_path / "project-results.csv")
    projects, project_results = [], []
    for number in range(1, count + 1):
        model = models[number % len(models)]
        new_id = f"EXEMPLO-{number:05d}"
        projects.append({**model, "id": new_id, "title_pt": f"{model['title_pt']} {number}"})
        project_results += [
            {**row, "project_id": new_id} for row in results if row["project_id"] == model["id"]
        ]
    write_rows(data_path / "projects.csv", header, projects)
    write_rows(data_path / "project-results.csv", result_header, project_results)
    images_header, _ = read_rows(data_path / "project-images.csv")
    write_rows(data_path / "project-images.csv", images_header, [])
    return data_path


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
    data_path = make_data(Path(args.work), args.projects)
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
