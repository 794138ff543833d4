"""Benchmark (not a test): ingest time grows linearly with the width of a refused row (issue 13).

    python -m intlhub.bench.wide                      # the default widths and shapes below
    python -m intlhub.bench.wide --columns 60000      # one width only

Each case writes a market-note export into a temporary folder and runs `intlhub ingest` on a copy
of data/ in its own process: one refused row with N extra columns (unknown headings, each cell
filled, so the rejects CSV holds N raw cells), and one extra column × 100,000 refused rows (with the
form's own nine columns, which an ingest requires). Prints wall time,
peak memory and, for the wide rows, the time per 1,000 columns, which stays flat when the work is
linear (it grew with N before issue 13: 3.8 s for 2,500 columns, 108 s for 20,000).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from intlhub.bench.measure import measure

WIDTHS = (2_500, 5_000, 10_000, 20_000, 60_000)
TALL_ROWS = 100_000
# A market note whose section is missing: refused, so every raw cell goes into the rejects CSV.
NOTE = {
    "market": "DE",
    "lang": "en",
    "section": "",
    "body": "A note.",
    "source_title": "A source",
    "source_publisher": "A publisher",
    "source_url": "https://example.org/",
    "contact_name": "Ana",
    "contact_email": "ana@example.org",
}


def write_wide(path: Path, columns: int) -> None:
    """Write one refused market note with `columns` extra, filled columns."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*NOTE, *(f"extra-{n:05d}" for n in range(columns))])
        writer.writerow([*NOTE.values(), *(str(n % 10) for n in range(columns))])


def write_tall(path: Path, rows: int) -> None:
    """Write `rows` refused market notes with one extra column (the form's own columns are required)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*NOTE, "x0"])
        writer.writerows([*NOTE.values(), str(n)] for n in range(rows))


def run_case(data_path: Path, write, size: int) -> dict[str, float]:
    """Ingest one generated export into a copy of data/; return its figures."""
    bin_path = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="intlhub-bench-wide-") as folder:
        root = Path(folder)
        export = root / "export.csv"
        write(export, size)
        shutil.copytree(data_path, root / "data")
        env = {**os.environ, "INTLHUB_PRIVATE_DIR": str(root / "private")}
        command = [str(bin_path / "intlhub"), "ingest", str(export), "--form", "market-note"]
        result = measure([*command, "--data", str(root / "data")], env=env)
        rejects = sorted((root / "private").rglob("rejects/*.csv"))
        kilobytes = export.stat().st_size / 1e3
    if result.returncode not in (0, 1) or not rejects:
        raise RuntimeError(f"intlhub ingest failed:\n{result.output[-3000:]}")
    return {
        "size": size,
        "export_kb": round(kilobytes),
        "seconds": round(result.seconds, 2),
        "peak_mb": round(result.peak_mb),
    }


def main(argv: list[str] | None = None) -> None:
    """Run the cases and print one JSON line per case."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--columns", type=int, action="append", help="extra columns (repeatable)")
    parser.add_argument("--rows", type=int, default=TALL_ROWS, help="rows of the one-column case")
    parser.add_argument("--data", type=Path, default=Path("data"))
    args = parser.parse_args(argv)
    for columns in args.columns or WIDTHS:
        figures = run_case(args.data, write_wide, columns)
        figures["seconds_per_1000_columns"] = round(figures["seconds"] * 1000 / columns, 3)
        print(json.dumps({"case": "one refused row, N columns", **figures}), flush=True)
    if args.rows:
        figures = run_case(args.data, write_tall, args.rows)
        print(json.dumps({"case": "one extra column, N refused rows", **figures}), flush=True)


if __name__ == "__main__":
    main()
