"""The benchmark sub-commands of `intlhub`: synth (synthetic data packages) and bench."""

from __future__ import annotations

import argparse
from pathlib import Path

from intlhub.bench.harness import (
    check_table,
    format_table,
    run_bench,
    write_results,
    write_table,
)
from intlhub.bench.synth_data import synth_data
from intlhub.cli.common import DEFAULT_DATA, add_command, find_project_path, progress


def command_synth(args: argparse.Namespace) -> int:
    """Write a synthetic, valid data package for benchmarks."""
    counts = synth_data(
        Path(args.template).resolve(),
        Path(args.out).resolve(),
        args.projects,
        args.markets,
        args.seed,
    )
    print(
        ", ".join(f"{count} {name}" for name, count in counts.items()) + f" written to {args.out!r}"
    )
    return 0


def command_bench(args: argparse.Namespace) -> int:
    """Run the benchmark and write the JSON results and the Markdown table."""
    project_path = find_project_path(Path.cwd())
    check_table(Path(args.table))  # before the long run, not after it
    results = run_bench(project_path, args.sizes, args.markets, Path(args.work).resolve(), progress)
    write_results(results, Path(args.json))
    write_table(results, Path(args.table))
    print(format_table(results))
    return 0


def add_bench_commands(commands) -> None:
    """Register the benchmark sub-commands on the `intlhub` parser."""

    def add(name: str, help_text: str, example: str) -> argparse.ArgumentParser:
        return add_command(commands, name, help_text, example)

    synth = add(
        "synth",
        "Write a valid synthetic data package of any size (deterministic from --seed), for benchmarks.",
        "intlhub synth --projects 20000 --markets 200 --out /tmp/synth-20k",
    )
    synth.add_argument("--projects", type=int, required=True, help="number of projects")
    synth.add_argument(
        "--markets",
        type=int,
        default=200,
        help="number of markets, at most 249 (default: %(default)s)",
    )
    synth.add_argument("--out", required=True, help="folder to write (replaced if it exists)")
    synth.add_argument("--seed", type=int, default=1, help="random seed (default: %(default)s)")
    synth.add_argument(
        "--template",
        default=DEFAULT_DATA,
        help="data folder whose schemas and documents are reused",
    )
    synth.set_defaults(handler=command_synth)
    bench = add(
        "bench",
        "Measure each stage's time and memory at several sizes against a bare MkDocs build.",
        "intlhub bench --sizes 2000 20000 --markets 200",
    )
    bench.add_argument(
        "--sizes", type=int, nargs="+", default=[2000, 20000], help="numbers of projects"
    )
    bench.add_argument(
        "--markets", type=int, default=200, help="number of markets (default: %(default)s)"
    )
    bench.add_argument(
        "--work", default="/tmp/intlhub-bench", help="scratch folder (default: %(default)s)"
    )
    bench.add_argument(
        "--json", default="docs/dev/benchmarks.json", help="results file (default: %(default)s)"
    )
    bench.add_argument(
        "--table",
        default="docs/dev/benchmarks.md",
        help="page with the table (default: %(default)s)",
    )
    bench.set_defaults(handler=command_bench)
