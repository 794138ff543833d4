"""One pipeline stage per process, so the benchmark can time and measure each stage alone.

Usage: python -m intlhub.bench.stages STAGE DATA_DIR WORK_DIR
STAGE is validate, generate, mkdocs, search or bare-mkdocs.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import yaml

from intlhub.base.clock import source_date_epoch, today
from intlhub.base.problems import errors_only
from intlhub.dataset.load_dataset import load_dataset, read_yaml
from intlhub.dataset.validate import validate_data
from intlhub.site.build_site import (
    build_languages,
    generate_pages,
    index_search,
    run_checked,
)
from intlhub.site.incremental.manifest import assemble_site
from intlhub.site.write_pages import GENERATED_DIR

PROJECT_PATH = Path(__file__).resolve().parents[3]


def languages_of(data_path: Path) -> list[str]:
    """Return the site languages of a data folder (site.yaml only: loading the whole dataset here
    would add its cost to every stage's figure)."""
    return list((read_yaml(data_path / "site.yaml") or {}).get("languages") or ["pt", "en"])


def bare_config(config_path: Path, output_path: Path) -> Path:
    """Write a bare MkDocs Material config for the same pages: no theme overrides, CSS, JS or checks."""
    ours = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    bare = {
        "site_name": ours["site_name"],
        "docs_dir": str(config_path.parent / ours["docs_dir"]),
        "use_directory_urls": False,
        "theme": {"name": "material", "language": ours["theme"]["language"], "font": False},
        "plugins": [],
        "markdown_extensions": ["tables", "attr_list", "md_in_html", "def_list"],
        "nav": ours["nav"],
        "not_in_nav": ours["not_in_nav"],
    }
    path = output_path / f"bare.{ours['theme']['language']}.yml"
    path.write_text(yaml.safe_dump(bare, allow_unicode=True), encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    """Run one stage; exit 2 with the usage when the arguments are missing."""
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    stage, data_path, work_path = argv[0], Path(argv[1]).resolve(), Path(argv[2]).resolve()
    env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch(today())}
    generated_path = PROJECT_PATH / GENERATED_DIR
    configs = {lang: generated_path / f"mkdocs.{lang}.yml" for lang in languages_of(data_path)}
    if stage == "validate":
        _, problems = validate_data(data_path, today())
        return 1 if errors_only(problems) else 0
    if stage == "generate":
        generate_pages(load_dataset(data_path), PROJECT_PATH, today())
        return 0
    if stage == "mkdocs":
        staging_path = work_path / "staging"
        shutil.rmtree(staging_path, ignore_errors=True)
        staging_path.mkdir(parents=True)
        shutil.rmtree(work_path / "site", ignore_errors=True)
        build_languages(configs, {lang: staging_path / f"build-{lang}" for lang in configs}, env)
        return 0
    if stage == "search":
        outputs = {lang: work_path / "staging" / f"build-{lang}" for lang in configs}
        for lang in configs:
            index_search(outputs[lang], env)
        assemble_site(outputs, list(configs), work_path / "site")
        return 0
    if stage.startswith("bare-mkdocs-"):
        lang = stage.removeprefix("bare-mkdocs-")
        config = bare_config(configs[lang], work_path)
        command = [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--quiet",
            "-f",
            str(config),
            "-d",
            str(work_path / f"bare-{lang}"),
        ]
        run_checked(command, env, f"bare MkDocs build ({lang})")
        return 0
    print(f"unknown stage {stage!r}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
