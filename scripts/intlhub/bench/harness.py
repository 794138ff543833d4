"""Benchmark harness: time and memory of each stage at several sizes, against a bare MkDocs build.

Run with `make bench` (or `intlhub bench`). Results go to a JSON file and a Markdown table.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from intlhub.base.problems import HubError
from intlhub.bench.goals import goal_rows
from intlhub.bench.incremental import bench_incremental
from intlhub.bench.ingest import bench_ingest
from intlhub.bench.measure import Measurement, measure
from intlhub.bench.synth_data import synth_data
from intlhub.site.write_pages import GENERATED_DIR

STAGES = ("validate", "generate", "mkdocs", "search")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SEARCH_QUERY = "exportacao"
INGEST_ROWS = 100_000
PACKAGES = ("mkdocs", "mkdocs-material", "frictionless", "jinja2", "pagefind", "playwright")

Progress = Callable[[str], None]


def run_stage(stage: str, data_path: Path, work_path: Path) -> Measurement:
    """Measure one stage in its own process; a failure stops the benchmark with the stage's output."""
    result = measure(
        [sys.executable, "-m", "intlhub.bench.stages", stage, str(data_path), str(work_path)]
    )
    if result.returncode != 0:
        raise RuntimeError(f"stage {stage} failed:\n{result.output[-3000:]}")
    return result


def gzip_size(path: Path) -> int:
    """Size of a file once gzipped (what a server with compression sends); Pagefind's own files are already compressed."""
    data = path.read_bytes()
    if path.suffix.startswith(".pf_") or path.name.endswith(".pagefind"):
        return len(data)
    return len(gzip.compress(data, compresslevel=6, mtime=0))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        """Log nothing."""


def browser_files(site_path: Path) -> dict[str, dict[str, int]]:
    """In Chromium, visit the home page, then type one search query on the search page; return,
    for "first_visit" and "search_query", each file loaded and its counted (gzipped) bytes."""
    from playwright.sync_api import sync_playwright  # test extra: only the benchmark needs it

    handler = functools.partial(QuietHandler, directory=str(site_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    urls: list[str] = []

    def loaded() -> dict[str, int]:
        uris = {url.removeprefix(base).split("?")[0].split("#")[0] for url in urls}
        return {uri: gzip_size(site_path / uri) for uri in sorted(uris) if uri}

    files = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                args=CHROMIUM_ARGS,
            )
            page = browser.new_page()
            page.on(
                "requestfinished",
                lambda request: urls.append(request.url) if request.url.startswith(base) else None,
            )
            page.goto(base + "index.html", wait_until="networkidle")
            files["first_visit"] = loaded()
            page.goto(base + "pesquisa.html", wait_until="networkidle")
            urls.clear()
            page.click("#hub-search input")
            page.keyboard.type(SEARCH_QUERY)
            page.wait_for_selector(".pagefind-ui__result", timeout=30_000)
            page.wait_for_load_state("networkidle")
            files["search_query"] = loaded()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return files


def browser_transfers(site_path: Path) -> dict[str, int]:
    """Measure, in Chromium, the gzipped bytes of a first visit and of one search query."""
    files = browser_files(site_path)
    return {
        "first_visit_gzip_bytes": sum(files["first_visit"].values()),
        "search_query_gzip_bytes": sum(files["search_query"].values()),
    }


def bench_size(
    projects: int, markets: int, work_path: Path, template_path: Path, progress: Progress
) -> dict[str, Any]:
    """Benchmark one size: synth, each stage, the bare baseline, page sizes and browser transfers."""
    data_path = work_path / f"data-{projects}"
    size_path = work_path / f"n-{projects}"
    size_path.mkdir(parents=True, exist_ok=True)
    progress(f"[{projects}] writing a synthetic package ({markets} markets)…")
    synth_data(template_path, data_path, projects, markets)
    result: dict[str, Any] = {"projects": projects, "markets": markets, "stages": {}}
    # A generation from scratch: an earlier one would let it skip writing unchanged files.
    shutil.rmtree(template_path.parent / GENERATED_DIR, ignore_errors=True)
    for stage in STAGES:
        progress(f"[{projects}] {stage}…")
        measured = run_stage(stage, data_path, size_path)
        result["stages"][stage] = {
            "seconds": round(measured.seconds, 2),
            "peak_mb": round(measured.peak_mb),
        }
    site_path = size_path / "site"
    pages = list(site_path.rglob("*.html"))
    result["pages"] = len(pages)
    bare = {}
    for lang in ("pt", "en"):
        progress(f"[{projects}] bare MkDocs baseline ({lang})…")
        measured = run_stage(f"bare-mkdocs-{lang}", data_path, size_path)
        bare[lang] = {"seconds": round(measured.seconds, 2), "peak_mb": round(measured.peak_mb)}
    result["bare_mkdocs"] = bare
    project_page = site_path / "projetos" / "exemplo-000001.html"
    result["project_page_bytes"] = project_page.stat().st_size
    result["project_page_gzip_bytes"] = gzip_size(project_page)
    result["largest_page_bytes"] = max(p.stat().st_size for p in pages)
    progress(f"[{projects}] measuring a first visit and a search query in Chromium…")
    result.update(browser_transfers(site_path))
    total = sum(stage["seconds"] for stage in result["stages"].values())
    result["total_seconds"] = round(total, 2)
    result["peak_mb"] = max(stage["peak_mb"] for stage in result["stages"].values())
    result["bare_seconds"] = round(sum(b["seconds"] for b in bare.values()), 2)
    result["ratio_to_bare"] = round(total / result["bare_seconds"], 2)
    progress(f"[{projects}] one record changed: full build, then an incremental one…")
    result["incremental"] = bench_incremental(
        data_path, template_path.parent, size_path / "incremental-site"
    )
    return result


def machine() -> dict[str, Any]:
    """Describe the machine and the versions measured."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory / 1024 / 1024, 1),
        "python": platform.python_version(),
        "versions": versions,
    }


def default_site_seconds(project_path: Path) -> float:
    """Time a full build of the default data (both languages, search included)."""
    measured = measure(
        [
            sys.executable,
            "-m",
            "intlhub.cli",
            "build",
            "--data",
            str(project_path / "data"),
            "--site-dir",
            "/tmp/intlhub-bench-default-site",
        ],
        cwd=project_path,
    )
    if measured.returncode != 0:
        raise RuntimeError(measured.output[-3000:])
    return round(measured.seconds, 2)


def run_bench(
    project_path: Path, sizes: list[int], markets: int, work_path: Path, progress: Progress
) -> dict[str, Any]:
    """Run the whole benchmark and return the results."""
    results: dict[str, Any] = {"machine": machine(), "command": "make bench", "sizes": []}
    results["load_average_start"] = round(os.getloadavg()[0], 1)
    progress("default site…")
    results["default_site_seconds"] = default_site_seconds(project_path)
    for projects in sizes:
        results["sizes"].append(
            bench_size(projects, markets, work_path, project_path / "data", progress)
        )
    progress(f"ingest of a {INGEST_ROWS:,}-row export against frictionless validate…")
    results["ingest"] = bench_ingest(INGEST_ROWS, project_path / "data")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "intlhub.cli",
            "build",
            "--site-dir",
            "/tmp/intlhub-bench-default-site",
        ],
        cwd=project_path,
        capture_output=True,
        check=False,
    )  # restore docs/generated for the default data
    results["load_average_end"] = round(os.getloadavg()[0], 1)
    return results


def write_results(results: dict[str, Any], json_path: Path) -> None:
    """Write the results as JSON (sorted keys, stable)."""
    json_path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def format_table(results: dict[str, Any]) -> str:
    """Return the Markdown tables: goals, then every stage at every size."""
    lines = ["| goal | target | measured | met |", "|---|---|---|---|"]
    lines += [
        f"| {goal} | {target} | {measured} | {'yes' if met else '**no**'} |"
        for goal, target, measured, met in goal_rows(results)
    ]
    lines += [
        "",
        "| projects | pages | " + " | ".join(STAGES) + " | total | bare MkDocs (pt + en) | peak |",
        "|---|---|" + "---|" * (len(STAGES) + 3),
    ]
    for size in results["sizes"]:
        stages = " | ".join(
            f"{size['stages'][s]['seconds']} s / {size['stages'][s]['peak_mb']} MB" for s in STAGES
        )
        bare = " + ".join(f"{b['seconds']} s" for b in size["bare_mkdocs"].values())
        lines.append(
            f"| {size['projects']:,} | {size['pages']:,} | {stages} | {size['total_seconds']} s | {bare} | {size['peak_mb']} MB |"
        )
    info = results["machine"]
    versions = ", ".join(f"{name} {version}" for name, version in sorted(info["versions"].items()))
    lines += [
        "",
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB; Python {info['python']}; {versions}.",
        f"Load average (1 min) at the start and the end of the run: "
        f"{results.get('load_average_start', '?')} and {results.get('load_average_end', '?')}"
        " (about 2 or more on 2 cores: the machine was not quiet, and wall times grow with it).",
    ]
    return "\n".join(lines)


TABLE_MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")


def describe_error(error: Exception) -> str:
    """An OS or decoding error in words."""
    return error.strerror if isinstance(error, OSError) and error.strerror else str(error)


def check_table(markdown_path: Path) -> str:
    """Return the benchmarks page's text; a HubError if it is missing or has no table markers."""
    start, end = TABLE_MARKERS
    try:
        text = markdown_path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, UnicodeDecodeError) as error:
        raise HubError(
            f"Cannot read the benchmarks page {str(markdown_path)!r}: {describe_error(error)}",
            "Pass --table docs/dev/benchmarks.md, or a Markdown file with the table markers.",
        ) from error
    if start not in text or end not in text.split(start, 1)[-1]:
        raise HubError(
            f"The benchmarks page {str(markdown_path)!r} has no table markers",
            f"Put {start} and {end} on their own lines where the table goes.",
        )
    return text


def write_table(results: dict[str, Any], markdown_path: Path) -> None:
    """Replace the table between the markers in the benchmarks page."""
    start, end = TABLE_MARKERS
    text = check_table(markdown_path)
    before, rest = text.split(start, 1)
    after = rest.split(end, 1)[1]
    markdown_path.write_text(
        f"{before}{start}\n{format_table(results)}\n{end}{after}", encoding="utf-8"
    )
