"""One record changed after a build: how long until the pages, then the search, are current.

Runs the real command line, as staff and `make bench` would: `intlhub build --full` of a synthetic
package, then one project's Portuguese title changed in its CSV, then `intlhub build` (incremental:
validate, generate, MkDocs `--dirty` on the changed pages, Pagefind). The pages are current when
the MkDocs stage ends (the build's own timings: its total minus the search stage); the search is
current when the command ends.
"""

from __future__ import annotations

import csv
import io
import os
import re
import sys
from pathlib import Path
from typing import Any

from intlhub.bench.measure import measure

TIMINGS = re.compile(r"\((full|incremental); ([^)]*)\)")
CHANGED_TITLE_SUFFIX = " (revisto)"


def build_command(data_path: Path, site_path: Path, *extra: str) -> list[str]:
    """The `intlhub build` command line for a data package and a site folder."""
    return [
        sys.executable,
        "-m",
        "intlhub.cli",
        "build",
        "--data",
        str(data_path),
        "--site-dir",
        str(site_path),
        *extra,
    ]


def change_one_title(data_path: Path) -> str:
    """Append a word to the Portuguese title of the first project; return its id."""
    path = data_path / "projects.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    column = rows[0].index("title_pt")
    rows[1][column] += CHANGED_TITLE_SUFFIX
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return rows[1][0]


def read_timings(output: str) -> tuple[str, dict[str, float]]:
    """Return the build's mode and its stage timings from its result line."""
    match = TIMINGS.search(output)
    if match is None:
        raise RuntimeError(f"no timings in the build's output:\n{output[-2000:]}")
    timings = {}
    for part in match.group(2).split(", "):
        stage, seconds, _ = part.rsplit(" ", 2)
        timings[stage] = float(seconds)
    return match.group(1), timings


def bench_incremental(data_path: Path, project_path: Path, site_path: Path) -> dict[str, Any]:
    """Build from scratch, change one record, rebuild; return the seconds until each part is current."""
    full = measure(build_command(data_path, site_path, "--full"), cwd=project_path)
    if full.returncode != 0:
        raise RuntimeError(full.output[-3000:])
    changed_id = change_one_title(data_path)
    load_before = os.getloadavg()[0]
    again = measure(build_command(data_path, site_path), cwd=project_path)
    if again.returncode != 0:
        raise RuntimeError(again.output[-3000:])
    mode, timings = read_timings(again.output)
    return {
        "changed": changed_id,
        "mode": mode,
        "full_seconds": round(full.seconds, 2),
        "pages_seconds": round(again.seconds - timings.get("search", 0.0), 2),
        "search_seconds": round(again.seconds, 2),
        "timings": timings,
        "peak_mb": round(again.peak_mb),
        "load_average": round((load_before + os.getloadavg()[0]) / 2, 1),
    }
