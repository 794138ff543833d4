"""Build the site: generate Markdown, run MkDocs per language in parallel, index with Pagefind."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from intlhub.base.clock import source_date_epoch
from intlhub.base.problems import HubError
from intlhub.base.write_files import prune_folder
from intlhub.dataset.load_dataset import Dataset
from intlhub.open_data.export_open_data import export_open_data, write_open_data
from intlhub.open_data.export_tables import OPEN_DATA_DIR
from intlhub.site.calendar_feeds import render_calendars
from intlhub.site.incremental.manifest import (
    assemble_site,
    compare_files,
    digest_folder,
    forget_outputs,
    language_folders,
    manifest_path_for,
    read_manifest,
    render_settings_digest,
    settings_digest,
    swap_into_place,
    why_full_build,
    write_manifest,
)
from intlhub.site.incremental.page_inputs import PageReuse
from intlhub.site.plan_pages import plan_pages
from intlhub.site.render import render_pages
from intlhub.site.showcase_data import write_showcase_files
from intlhub.site.write_pages import BASE_CONFIG, GENERATED_DIR, write_configs, write_pages

PAGEFIND_ROOT_SELECTOR = "article.md-content__inner"
# Parts of a page that are not its content: the same labels and notes on thousands of pages
# only make the index, its memory and every result's fragment larger (docs/dev/benchmarks.md).
PAGEFIND_EXCLUDE_SELECTORS = (
    "p.hub-banner",  # "example record" notes; div.hub-banner carries real notices and stays
    ".hub-badge",  # labels: Exemplo, status
    ".hub-project-meta",  # status line, repeated in the project's details
    ".hub-provenance",  # provenance box and its report link
    ".hub-reviewed",  # "last reviewed" lines of market guidance
    ".hub-pagination",
    "thead",  # table column headings
)

THEME_DIR = "docs/theme"
STAGES = ("validate", "generate", "pages", "search")  # what progress reports, in order
FULL, INCREMENTAL = "full", "incremental"

Progress = Callable[[str], None]


def no_stage(name: str) -> None:
    """Ignore a stage change (callers that only read the progress lines)."""


@dataclass
class BuildReport:
    """What a build did and how long each stage took, in seconds."""

    pages: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    mode: str = FULL
    reason: str = ""  # why a build was full
    changed: int = 0  # generated files new, changed or removed since the last build
    kept: int = 0  # item pages not rendered again: their inputs did not change


def generate_pages(
    dataset: Dataset, project_path: Path, today: dt.date, reuse: PageReuse | None = None
) -> tuple[int, dict[str, Path]]:
    """Plan, render and write every page and the per-language MkDocs configs; return the page count.

    Only files whose bytes change are written, and files no longer generated are removed, so the
    folder ends up exactly as a generation from scratch would leave it. With `reuse`, the item
    pages whose inputs are unchanged since the last build (page_inputs.py) are not rendered
    again: their files are kept as they are.
    """
    generated_path = project_path / GENERATED_DIR
    specs = plan_pages(dataset, today)
    if reuse is not None:
        kept = reuse.plan(dataset, specs)
        kept.intersection_update(
            (lang, uri) for lang, uri in kept if (generated_path / lang / uri).is_file()
        )
        specs = [spec for spec in specs if (spec.lang, spec.uri) not in kept]
        written_before = [generated_path / lang / uri for lang, uri in sorted(kept)]
    else:
        written_before = []
    languages = list(dataset.site.get("languages") or ["pt", "en"])
    files = {
        (lang, uri): content
        for lang in languages
        for uri, content in render_calendars(dataset, lang, today).items()
    }
    written = write_pages([], files, generated_path)

    def write_copied_files() -> None:
        # Files MkDocs copies as they are: filter data beside each showcase index, and the images
        # and open data once, in the default language's folder (the site root).
        written.extend(write_showcase_files(dataset, generated_path, languages))
        open_data = export_open_data(dataset, today)
        written.extend(write_open_data(open_data, generated_path / languages[0] / OPEN_DATA_DIR))

    pages = render_in_parallel(dataset, specs, generated_path, languages, write_copied_files)
    pages.extend(written_before)
    configs = write_configs(dataset, project_path, generated_path)
    prune_folder(generated_path, [*written, *pages, *configs.values()])
    return len(pages), configs


FORK_STATE: dict[str, object] = {}  # what forked render workers inherit (no pickling)


def render_language(lang: str) -> list[Path]:
    """Render and write one language's pages (run in a forked worker or in-process); return their paths."""
    dataset, specs, generated_path = FORK_STATE["dataset"], FORK_STATE["specs"], FORK_STATE["path"]
    mine = [spec for spec in specs if spec.lang == lang]
    return write_pages(render_pages(dataset, mine), {}, generated_path)


def render_in_parallel(
    dataset: Dataset,
    specs: list,
    generated_path: Path,
    languages: list[str],
    meanwhile: Callable[[], None],
) -> list[Path]:
    """Render each language in its own forked process while `meanwhile` runs here; return the pages' paths."""
    FORK_STATE.update(dataset=dataset, specs=specs, path=generated_path)
    workers = min(len(languages), os.cpu_count() or 1)
    try:
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                pending = pool.map_async(render_language, languages)
                meanwhile()
                return [path for paths in pending.get() for path in paths]
        meanwhile()
        return [path for lang in languages for path in render_language(lang)]
    finally:
        FORK_STATE.clear()


def run_checked(command: list[str], env: dict[str, str], what: str) -> None:
    """Run a build tool; a failure becomes a HubError carrying the tool's own output."""
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stderr + result.stdout).strip()
        raise HubError(f"{what} failed (exit {result.returncode})", output[-4000:])


def build_languages(
    configs: dict[str, Path], outputs: dict[str, Path], env: dict[str, str], dirty: bool = False
) -> dict[str, Path]:
    """Run `mkdocs build --strict` for every language at once; each into its own folder.

    With `dirty`, MkDocs rebuilds only the pages whose output is missing or older than their
    source (`mkdocs build --dirty`); the caller has removed the outputs of every changed source.
    """
    commands = {
        lang: [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--quiet",
            *(["--dirty"] if dirty else []),
            "--config-file",
            str(path),
            "--site-dir",
            str(outputs[lang]),
        ]
        for lang, path in configs.items()
    }
    with ThreadPoolExecutor(max_workers=max(1, min(len(commands), os.cpu_count() or 1))) as pool:
        futures = [
            pool.submit(run_checked, command, env, f"MkDocs build ({lang})")
            for lang, command in commands.items()
        ]
        for future in futures:
            future.result()
    return outputs


def index_search(site_path: Path, env: dict[str, str], skip: tuple[str, ...] = ()) -> None:
    """Build the Pagefind index of one language's site into <site>/pagefind/.

    `skip` names top-level folders that are not this language's pages (the other languages of an
    assembled site). The new index is written beside the old one and then renamed into place,
    so the search a visitor uses is never half-written.
    """
    bundle_path = site_path / "pagefind"
    new_path = site_path / ".pagefind.new"
    if new_path.exists():
        shutil.rmtree(new_path)
    pages_glob = []
    if skip:
        folders = sorted(
            entry.name
            for entry in os.scandir(site_path)
            if entry.is_dir() and entry.name not in {*skip, "pagefind"} and entry.name[0] != "."
        )
        pages_glob = [
            "--glob",
            "{" + ",".join(["*.html", *(f"{f}/**/*.html" for f in folders)]) + "}",
        ]
    run_checked(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site_path),
            *pages_glob,
            "--output-path",
            str(new_path),
            "--root-selector",
            PAGEFIND_ROOT_SELECTOR,
            "--exclude-selectors",
            ", ".join(PAGEFIND_EXCLUDE_SELECTORS),
            "--keep-index-url",
            "--quiet",
        ],
        env,
        "Pagefind indexing",
    )
    normalise_pagefind_entry(new_path / "pagefind-entry.json")
    swap_into_place(new_path, bundle_path)


def normalise_pagefind_entry(entry_path: Path) -> None:
    """Sort the keys of pagefind-entry.json: Pagefind writes its languages in random order."""
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    entry_path.write_text(
        json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
        encoding="utf-8",
    )


def build_full(
    configs: dict[str, Path],
    languages: list[str],
    site_path: Path,
    env: dict[str, str],
    progress: Progress,
    stage: Progress,
) -> dict[str, float]:
    """Build every language from scratch in a staging folder, index it, then swap it into place."""
    timings = {}
    staging_path = site_path.with_name(f".{site_path.name}.staging")
    if staging_path.exists():
        shutil.rmtree(staging_path)
    staging_path.mkdir(parents=True)
    outputs = {lang: staging_path / f"build-{lang}" for lang in configs}
    started = time.perf_counter()
    stage("pages")
    progress(f"Building {len(languages)} languages with MkDocs ({', '.join(languages)})…")
    build_languages(configs, outputs, env)
    timings["mkdocs"] = time.perf_counter() - started

    # A full build publishes pages and index together, in one swap: the pages are not live until
    # then, so the pages stage lasts until the swap and the search stage starts after it (the
    # staff screen links the published page as soon as the search stage starts).
    started = time.perf_counter()
    for lang in languages:
        # One index per language, each beside its own pages; one at a time bounds the memory.
        progress(f"Indexing search ({lang}) with Pagefind…")
        index_search(outputs[lang], env)
    timings["search"] = time.perf_counter() - started

    assembled_path = staging_path / "site"
    assemble_site(outputs, languages, assembled_path)
    swap_into_place(assembled_path, site_path)
    shutil.rmtree(staging_path)
    stage("search")
    return timings


def build_changes(
    configs: dict[str, Path],
    languages: list[str],
    site_path: Path,
    changes: dict,
    env: dict[str, str],
    progress: Progress,
    stage: Progress,
) -> dict[str, float]:
    """Rebuild, in the live site, only the pages whose sources changed; then re-index search.

    Every page's output depends only on its own generated file and on the settings the manifest
    checked (code, theme, MkDocs config with its explicit nav, date, tools): a list page, or a
    page that links to a changed record, is regenerated from the data and so is a changed file
    too. Its old output is deleted, and `mkdocs build --dirty` makes whatever is missing; the
    outputs of removed sources are deleted. The pages are live when MkDocs ends; the search
    index follows (the "search updating" state).
    """
    timings = {}
    folders = language_folders(site_path, languages)
    started = time.perf_counter()
    stage("pages")
    for lang in languages:
        forget_outputs(folders[lang], changes[lang].changed + changes[lang].removed)
    dirty = {lang: configs[lang] for lang in languages if changes[lang].changed}
    if dirty:
        progress(f"Rebuilding the changed pages with MkDocs ({', '.join(dirty)})…")
        build_languages(dirty, folders, env, dirty=True)
    timings["mkdocs"] = time.perf_counter() - started

    started = time.perf_counter()
    stage("search")
    others = tuple(folders[lang].name for lang in languages[1:])
    for lang in languages:
        if changes[lang].changed or changes[lang].removed:
            progress(f"Updating the search index ({lang}) with Pagefind…")
            index_search(folders[lang], env, skip=others if lang == languages[0] else ())
    timings["search"] = time.perf_counter() - started
    return timings


def build_site(
    dataset: Dataset,
    project_path: Path,
    site_path: Path,
    today: dt.date,
    progress: Progress,
    *,
    full: bool = False,
    stage: Progress = no_stage,
) -> BuildReport:
    """Generate the pages, build every language, index search, and put the result at site_path.

    When the site there comes from a finished build of the same code and settings (its manifest
    says so), only the changed pages are rebuilt, in place; `full` forces a build from scratch.
    Either way the result equals a clean build (tests/site/incremental/test_incremental_build.py).
    """
    report = BuildReport()
    languages = list(dataset.site.get("languages") or ["pt", "en"])
    env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch(today)}
    site_path = site_path.resolve()
    generated_path = project_path / GENERATED_DIR

    started = time.perf_counter()
    stage("generate")
    progress("Generating pages…")
    manifest_path = manifest_path_for(site_path)
    manifest = None if full else read_manifest(manifest_path)
    inputs = [project_path / BASE_CONFIG, project_path / THEME_DIR]
    render_settings = render_settings_digest(project_path, today, inputs)
    reuse = PageReuse(render_settings)
    if manifest is not None and manifest["render"] == render_settings:
        reuse.old_keys = manifest["keys"]
    report.pages, configs = generate_pages(dataset, project_path, today, reuse)
    files = {lang: digest_folder(generated_path / lang) for lang in languages}
    if reuse.kept and any(
        files[lang].get(uri) != manifest["files"].get(lang, {}).get(uri) for lang, uri in reuse.kept
    ):
        # A kept file is not what the last build made (edited by hand?): render everything.
        progress("Generated files changed since the last build: generating every page…")
        reuse.old_keys = {}
        report.pages, configs = generate_pages(dataset, project_path, today, reuse)
        files = {lang: digest_folder(generated_path / lang) for lang in languages}
    settings = settings_digest(render_settings, configs)
    report.kept = len(reuse.kept)
    report.timings["generate"] = time.perf_counter() - started

    folders = language_folders(site_path, languages)
    report.reason = "--full" if full else why_full_build(manifest, settings, site_path, folders)
    manifest_path.unlink(missing_ok=True)  # until this build finishes, the next one is full
    if report.reason:
        progress(f"Full build: {report.reason}.")
        report.timings.update(build_full(configs, languages, site_path, env, progress, stage))
    else:
        changes = {lang: compare_files(manifest["files"][lang], files[lang]) for lang in languages}
        report.mode = INCREMENTAL
        report.changed = sum(len(c.changed) + len(c.removed) for c in changes.values())
        progress(f"Incremental build: {report.changed} generated file(s) changed.")
        report.timings.update(
            build_changes(configs, languages, site_path, changes, env, progress, stage)
        )
    write_manifest(
        manifest_path,
        {"settings": settings, "render": render_settings, "files": files, "keys": reuse.keys},
    )
    return report
