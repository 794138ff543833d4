"""The site folder between builds: the manifest of the last one, and the files a build replaces.

The manifest records what a finished build was made from, so the next one can redo only the changes.

Beside the site folder (`.site.manifest.json` for `site/`, never inside it: it is not published)
it records one digest of everything that shapes every page — the code package with its templates
and strings, `mkdocs.yml`, the theme overrides, each language's generated MkDocs config (nav,
site settings), the build date and the versions of the tools — and one digest per generated file
of each language. A build may be incremental only when that settings digest is unchanged; a
missing or unreadable manifest, or any other doubt, means a full build. The manifest is removed
when a build starts and written when it ends, so a build that fails half-way leaves none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import posixpath
import shutil
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import intlhub
from intlhub.base.page_urls import site_prefix

MANIFEST_VERSION = 1
TOOLS = (
    "mkdocs",
    "mkdocs-material",
    "pymdown-extensions",
    "markdown",
    "jinja2",
    "pyyaml",
    "babel",
    "pagefind",
    "pagefind-bin",
)
SKIPPED_PARTS = {"__pycache__"}

Digests = dict[str, str]  # src_uri -> digest of the file's bytes


@dataclass(frozen=True)
class Changes:
    """The generated files of one language that differ from the last build's."""

    changed: tuple[str, ...]  # new or changed src_uris
    removed: tuple[str, ...]  # src_uris the last build had and this one has not


def manifest_path_for(site_path: Path) -> Path:
    """Return where the manifest of the site at site_path lives (beside it, hidden)."""
    return site_path.with_name(f".{site_path.name}.manifest.json")


def digest_bytes(data: bytes) -> str:
    """Return the digest the manifest uses for a file's bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def digest_folder(folder_path: Path) -> Digests:
    """Return the digest of every file under folder_path, keyed by its '/'-separated relative URI."""
    digests: Digests = {}
    for root, folders, files in os.walk(folder_path):
        folders[:] = sorted(name for name in folders if name not in SKIPPED_PARTS)
        relative = os.path.relpath(root, folder_path)
        for name in sorted(files):
            if name.endswith(".pyc"):
                continue
            uri = name if relative == "." else posixpath.join(relative.replace(os.sep, "/"), name)
            with open(os.path.join(root, name), "rb") as handle:
                digests[uri] = digest_bytes(handle.read())
    return digests


def tool_versions() -> dict[str, str]:
    """Return the Python version and the installed version of every tool the build runs."""
    versions = {"python": sys.version}
    for name in TOOLS:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def render_settings_digest(project_path: Path, today: dt.date, inputs: Iterable[Path]) -> str:
    """Return one digest of what shapes every generated page: code, templates, strings, date, tools."""
    parts: dict[str, object] = {
        "version": MANIFEST_VERSION,
        "today": today.isoformat(),
        "project": str(project_path),
        "tools": tool_versions(),
        "code": digest_folder(Path(intlhub.__file__).parent),
    }
    for path in inputs:
        key = f"input:{path}"
        parts[key] = digest_folder(path) if path.is_dir() else digest_bytes(path.read_bytes())
    return digest_bytes(json.dumps(parts, sort_keys=True).encode("utf-8"))


def settings_digest(render_settings: str, configs: Mapping[str, Path]) -> str:
    """Return one digest of everything that shapes every built page: the render settings and configs."""
    configs_digest = {
        lang: digest_bytes(path.read_bytes()) for lang, path in sorted(configs.items())
    }
    return digest_bytes(json.dumps([render_settings, configs_digest]).encode("utf-8"))


def read_manifest(manifest_path: Path) -> dict | None:
    """Return the manifest of the last finished build, or None if it is missing or unreadable."""
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if (
        not isinstance(manifest, dict)
        or manifest.get("version") != MANIFEST_VERSION
        or not isinstance(manifest.get("settings"), str)
        or not isinstance(manifest.get("render"), str)
        or not all(valid_digests(manifest.get(part)) for part in ("files", "keys"))
    ):
        return None
    return manifest


def valid_digests(value: object) -> bool:
    """True for {lang: {uri: digest}} with strings only."""
    return isinstance(value, dict) and all(
        isinstance(digests, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in digests.items())
        for digests in value.values()
    )


def write_manifest(manifest_path: Path, manifest: Mapping[str, object]) -> None:
    """Write the manifest of a finished build (atomically: a half-written one is never read)."""
    manifest = {"version": MANIFEST_VERSION, **manifest}
    partial_path = manifest_path.with_name(manifest_path.name + ".partial")
    partial_path.write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
    partial_path.replace(manifest_path)


def why_full_build(
    manifest: dict | None, settings: str, site_path: Path, language_paths: Mapping[str, Path]
) -> str:
    """Return why this build must be a full one, or '' when it may be incremental."""
    if manifest is None:
        return "no manifest of a finished earlier build"
    if manifest["settings"] != settings:
        return "the code, templates, theme, settings, date or tools changed"
    if sorted(manifest["files"]) != sorted(language_paths):
        return "the languages changed"
    missing = [lang for lang, path in language_paths.items() if not (path / "index.html").is_file()]
    if not site_path.is_dir() or missing:
        return f"the built site is missing ({', '.join(missing) or site_path.name})"
    return ""


def compare_files(old: Digests, new: Digests) -> Changes:
    """Return which generated files are new or changed, and which are gone."""
    changed = tuple(sorted(uri for uri, digest in new.items() if old.get(uri) != digest))
    removed = tuple(sorted(uri for uri in old if uri not in new))
    return Changes(changed, removed)


def dest_uri(src_uri: str) -> str:
    """Return the site file MkDocs makes from a source file (use_directory_urls: false)."""
    stem, ext = posixpath.splitext(src_uri)
    return stem + ".html" if ext == ".md" else src_uri


def language_folders(site_path: Path, languages: list[str]) -> dict[str, Path]:
    """Return where each language's pages are in the assembled site."""
    return {lang: site_path / site_prefix(lang, languages).rstrip("/") for lang in languages}


def forget_outputs(output_path: Path, src_uris: tuple[str, ...]) -> None:
    """Delete the site files made from these sources, so a dirty MkDocs build makes them again."""
    for src_uri in src_uris:
        path = output_path / dest_uri(src_uri)
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != output_path and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()  # a clean build makes no empty folders
            folder = folder.parent


def assemble_site(outputs: dict[str, Path], languages: list[str], assembled_path: Path) -> None:
    """Put the default language at the root and every other language under /<lang>/."""
    default = languages[0]
    outputs[default].rename(assembled_path)
    for lang in languages[1:]:
        outputs[lang].rename(assembled_path / site_prefix(lang, languages).rstrip("/"))


def swap_into_place(new_path: Path, site_path: Path) -> None:
    """Replace site_path with new_path with two renames, so the old site is never half-deleted."""
    old_path = site_path.with_name(f".{site_path.name}.old")
    if old_path.exists():
        shutil.rmtree(old_path)
    if site_path.exists():
        site_path.rename(old_path)
    new_path.rename(site_path)
    if old_path.exists():
        shutil.rmtree(old_path)
