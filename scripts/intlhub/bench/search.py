"""Benchmark (not a test): Pagefind per language, and what one search query downloads, file by file.

    python -m intlhub.bench.stages generate DATA WORK
    python -m intlhub.bench.stages mkdocs DATA WORK
    python -m intlhub.bench.search WORK

Indexes each language's MkDocs output in WORK/staging/build-<lang> with the pipeline's own
`index_search`, each in its own process (wall time, peak memory of the process tree), then types
the benchmark query into the default language's search page in Chromium and lists the files it
loads, with `intlhub bench`'s own measurement (Pagefind's own files as they are, others gzipped).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from intlhub.bench.harness import SEARCH_QUERY, browser_files
from intlhub.bench.measure import measure
from intlhub.site.build_site import index_search


def measure_index(site_path: Path) -> tuple[float, float]:
    """Index one language's site in a child process; return (seconds, peak MB)."""
    measured = measure([sys.executable, "-m", "intlhub.bench.search", "--index", str(site_path)])
    if measured.returncode != 0:
        raise RuntimeError(f"Pagefind indexing of {site_path} failed:\n{measured.output[-3000:]}")
    return measured.seconds, measured.peak_mb


def file_kind(path: str) -> str:
    """Group a bundle file by what it is: index chunk, fragment, metadata, or its own name."""
    suffix = Path(path).suffix
    return suffix if suffix.startswith(".pf_") else Path(path).name


def format_query(files: dict[str, int]) -> list[str]:
    """Return one line per kind of file (count, KB), largest first, then the total."""
    kinds: dict[str, list[int]] = {}
    for path, size in files.items():
        kinds.setdefault(file_kind(path), []).append(size)
    lines = [
        f"  {kind:<24} {len(sizes):>3} file(s) {sum(sizes) / 1000:>7.1f} KB"
        for kind, sizes in sorted(kinds.items(), key=lambda item: -sum(item[1]))
    ]
    return [
        *lines,
        f"  {'total':<24} {len(files):>3} file(s) {sum(files.values()) / 1000:>7.1f} KB",
    ]


def main(argv: Sequence[str]) -> int:
    """Index every language, then measure one query."""
    parser = argparse.ArgumentParser(prog="python -m intlhub.bench.search", description=__doc__)
    parser.add_argument("work", help="WORK folder of `python -m intlhub.bench.stages mkdocs`")
    parser.add_argument("--index", action="store_true", help="index the one site folder given")
    args = parser.parse_args(argv)
    if args.index:
        shutil.rmtree(Path(args.work, "pagefind"), ignore_errors=True)  # no stale chunks
        index_search(Path(args.work), dict(os.environ))
        return 0
    builds = sorted(Path(args.work, "staging").glob("build-*"))
    if not builds:
        parser.error(
            f"no staging/build-<lang> folders in {args.work!r}: run the mkdocs stage first"
        )
    for site_path in builds:
        print(f"indexing {site_path}…", file=sys.stderr)
        seconds, peak_mb = measure_index(site_path)
        print(
            f"Pagefind {site_path.name.removeprefix('build-')}: {seconds:.1f} s, {peak_mb:.0f} MB"
        )
    default_path = Path(args.work, "staging", "build-pt")  # the query is typed on pesquisa.html
    print(f"query {SEARCH_QUERY!r} on {default_path}:")
    # The same measurement as `intlhub bench`: its figure is the total printed here.
    print("\n".join(format_query(browser_files(default_path)["search_query"])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
