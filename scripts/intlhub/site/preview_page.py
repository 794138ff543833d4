"""Preview one public page as it would be after a change to data/, with the site's real templates.

The changed files go into a scratch copy of data/ (as `dataset.validate.validate_changes` does),
the copy is loaded and planned, and only the one page is rendered and turned into HTML with
Python-Markdown and the extensions of mkdocs.yml. Nothing under data/ or docs/ is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
import yaml

from intlhub.base.page_urls import html_uri, site_prefix
from intlhub.base.problems import HubError, errors_only
from intlhub.base.yaml_loader import SafeLoader
from intlhub.dataset.validate import format_problems, scratch_copy, validate_data
from intlhub.site.plan_pages import plan_pages
from intlhub.site.render import render_pages

FRONT_MATTER = "---\n"
PREVIEW_PREFIX = "intlhub-preview-"  # the staff preview's scratch copy of data/


@dataclass(frozen=True)
class PagePreview:
    """One rendered page: its title, its HTML body and where it is published on the site."""

    title: str
    body_html: str
    site_uri: str  # the built page's path from the site root, e.g. 'en/projects/x.html'


def markdown_settings(project_path: Path) -> tuple[list[str], dict[str, Any]]:
    """The Markdown extensions of mkdocs.yml and their settings."""
    with (project_path / "mkdocs.yml").open(encoding="utf-8") as handle:
        config = yaml.load(handle, Loader=SafeLoader) or {}  # noqa: S506 (a safe loader)
    names, settings = [], {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, dict):
            for name, options in entry.items():
                names.append(name)
                settings[name] = options or {}
        else:
            names.append(str(entry))
    return names, settings


def strip_front_matter(text: str) -> str:
    """The page's Markdown without its YAML front matter."""
    if text.startswith(FRONT_MATTER):
        end = text.find("\n---\n", len(FRONT_MATTER) - 1)
        if end != -1:
            return text[end + len("\n---\n") :]
    return text


def markdown_to_html(text: str, project_path: Path) -> str:
    """Convert a generated page's Markdown to HTML as MkDocs would (same extensions)."""
    names, settings = markdown_settings(project_path)
    return markdown.markdown(strip_front_matter(text), extensions=names, extension_configs=settings)


def preview_page(
    data_path: Path,
    changed: dict[Path, bytes],
    key: str,
    lang: str,
    today: dt.date,
    project_path: Path,
    scratch_path: Path | None = None,
) -> PagePreview | None:
    """Render page `key` (e.g. 'projects:X-1') in `lang` from data/ with `changed` applied.

    The scratch copy goes into `scratch_path` (private/tmp/ from the staff screen), removed at
    the end. Returns None when the changed data plans no such page. Raises HubError (with every problem)
    when the changed data is not valid.
    """
    with scratch_copy(data_path, changed, scratch_path, PREVIEW_PREFIX) as copy_path:
        # Templates may rely on what validation guarantees (an enum's label exists…).
        dataset, problems = validate_data(copy_path, today)
        errors = errors_only(problems)
        if errors or dataset is None:
            raise HubError(
                f"The page cannot be previewed: data/ would not be valid ({len(errors)} error(s))",
                format_problems(errors).replace(str(copy_path), "data"),
            )
        specs = [s for s in plan_pages(dataset, today) if s.key == key and s.lang == lang]
        if not specs:
            return None
        spec, text = next(render_pages(dataset, specs))
    languages = list(dataset.site.get("languages") or ["pt", "en"])
    return PagePreview(
        spec.title,
        markdown_to_html(text, project_path),
        site_prefix(lang, languages) + html_uri(spec.uri),
    )
