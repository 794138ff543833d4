"""An incremental build equals a clean build of the same data, for each kind of change of a record.

Each case builds the real data/ once (shared), changes one record in a copy, rebuilds the shared
site incrementally, then builds the same data from scratch and compares every file: byte-identical
outside the search index, and the search index finds the changed text (read from its fragments).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import shutil
from pathlib import Path

import pytest

from helpers import PROJECT_PATH, copy_data
from intlhub.dataset.load_dataset import load_dataset
from intlhub.site.build_site import FULL, INCREMENTAL, build_site
from intlhub.site.incremental.manifest import manifest_path_for
from intlhub.site.write_pages import GENERATED_DIR

TODAY = dt.date(2026, 11, 27)
FRAGMENT_SIGNATURE = b"pagefind_dcd"
GENERATED_PATH = PROJECT_PATH / GENERATED_DIR
BUNDLES = {"pt": "pagefind", "en": "en/pagefind"}


def edit_rows(csv_path: Path, edit) -> None:
    """Rewrite a CSV of data/ with edit(rows) -> rows (same columns)."""
    with csv_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(edit(rows))
    csv_path.write_text(out.getvalue(), encoding="utf-8")


def set_fields(csv_path: Path, row_id: str, **values: str) -> None:
    """Change some fields of one row of a CSV of data/."""
    edit_rows(csv_path, lambda rows: [{**r, **values} if r["id"] == row_id else r for r in rows])


def change_title(data_path: Path) -> str:
    title = "Estudo de mercado: cortiça em Quioto xilofone (exemplo)"
    set_fields(data_path / "projects.csv", "EXEMPLO-002", title_pt=title)
    return "xilofone"


def change_market(data_path: Path) -> str:
    summary = "Estudo de mercado alargado ao Japão com um zigurate."
    set_fields(data_path / "projects.csv", "EXEMPLO-002", markets="CN;JP", summary_pt=summary)
    return "zigurate"


def add_project(data_path: Path) -> str:
    def edit(rows):
        new = {**next(row for row in rows if row["id"] == "EXEMPLO-005")}
        new.update(id="EXEMPLO-007", title_pt="Missão de quetzal ao Peru (exemplo)")
        new.update(title_en="Quetzal mission to Peru (example)", markets="ES")
        return sorted([*rows, new], key=lambda row: row["id"])

    edit_rows(data_path / "projects.csv", edit)
    return "quetzal"


def delete_project(data_path: Path) -> str:
    def without(rows):
        return [row for row in rows if row.get("id", row.get("project_id")) != "EXEMPLO-006"]

    for name in ("projects.csv", "project-images.csv", "project-results.csv"):
        edit_rows(data_path / name, without)
    return ""


def change_call(data_path: Path) -> str:
    title = "2.º concurso – Ações Coletivas Internacionalização e xaroco"
    set_fields(data_path / "calls.csv", "call-2", title_pt=title)
    return "xaroco"


def rename_organisation(data_path: Path) -> str:
    name = "Associação Exemplo da Cortiça e do Ornitorrinco (fictícia)"
    set_fields(data_path / "organisations.csv", "exemplo-assoc-cortica", name=name)
    return "ornitorrinco"


CHANGES = {
    "title": change_title,
    "market": change_market,
    "new-project": add_project,
    "deleted-project": delete_project,
    "changed-call": change_call,
    "renamed-organisation": rename_organisation,
}


def build(data_path: Path, site_path: Path, full: bool = False):
    """Build data_path into site_path (in-process, quietly)."""
    dataset = load_dataset(data_path)
    return build_site(dataset, PROJECT_PATH, site_path, TODAY, lambda line: None, full=full)


def files_of(site_path: Path) -> dict[str, bytes]:
    """Every file of a built site outside its search indexes, by relative path."""
    return {
        path.relative_to(site_path).as_posix(): path.read_bytes()
        for path in sorted(site_path.rglob("*"))
        if path.is_file() and "pagefind" not in path.relative_to(site_path).parts
    }


def indexed_text(site_path: Path) -> dict[str, str]:
    """The text the search indexes of both languages hold, keyed by page URL."""
    pages = {}
    for bundle in BUNDLES.values():
        for path in sorted((site_path / bundle / "fragment").glob("*.pf_fragment")):
            data = gzip.decompress(path.read_bytes())
            assert data.startswith(FRAGMENT_SIGNATURE), f"{path}: not a Pagefind 1.5 fragment"
            fragment = json.loads(data[len(FRAGMENT_SIGNATURE) :])
            pages[fragment["url"]] = fragment["content"]
    return pages


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> tuple[Path, Path, Path]:
    """The real data/ in a copy, built once from scratch: (data, site, copy of docs/generated)."""
    root = tmp_path_factory.mktemp("incremental-base")
    data_path = copy_data(root)
    site_path = root / "site"
    assert build(data_path, site_path).mode == FULL
    shutil.copytree(GENERATED_PATH, root / "generated")  # copy2: timestamps kept
    return data_path, site_path, root / "generated"


@pytest.mark.parametrize("kind", sorted(CHANGES))
def test_an_incremental_build_equals_a_clean_build(base, tmp_path, kind):
    base_data, base_site, base_generated = base
    data_path = tmp_path / "data"
    shutil.copytree(base_data, data_path)
    site_path = tmp_path / "site"
    shutil.copytree(base_site, site_path)  # copy2: the built files keep their timestamps
    shutil.copy2(manifest_path_for(base_site), manifest_path_for(site_path))
    changed_text = CHANGES[kind](data_path)

    # docs/generated/ is shared by every build of this project: put back what the base build left.
    shutil.rmtree(GENERATED_PATH)
    shutil.copytree(base_generated, GENERATED_PATH)

    report = build(data_path, site_path)
    clean_path = tmp_path / "clean"
    assert build(data_path, clean_path, full=True).mode == FULL

    assert report.mode == INCREMENTAL, report.reason
    if kind != "changed-call":  # calls are shared by every page: all are rendered again
        assert report.kept > 0, "item pages whose inputs did not change are not rendered again"
    assert 0 < report.changed < 200, "a one-record change touches a few pages, not the whole site"
    incremental, clean = files_of(site_path), files_of(clean_path)
    assert sorted(incremental) == sorted(clean), "the same files as a clean build"
    differing = [uri for uri in clean if incremental[uri] != clean[uri]]
    assert differing == [], "these pages were not rebuilt (or rebuilt differently)"
    indexed = indexed_text(site_path)
    if changed_text:
        assert any(changed_text in text.lower() for text in indexed.values()), changed_text
    else:
        assert not [url for url in indexed if "exemplo-006" in url], "a deleted page is not found"
    assert sorted(indexed) == sorted(indexed_text(clean_path)), "the same pages are indexed"


def test_a_changed_setting_or_a_missing_manifest_means_a_full_build(base, tmp_path):
    base_data, base_site, _ = base
    site_path = tmp_path / "site"
    shutil.copytree(base_site, site_path)
    manifest_path = manifest_path_for(site_path)
    manifest_path.write_text("{not json", encoding="utf-8")
    report = build(base_data, site_path)
    assert (report.mode, report.reason) == (FULL, "no manifest of a finished earlier build")
    assert build(base_data, site_path).mode == INCREMENTAL
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest_path.write_text(json.dumps({**manifest, "settings": "other"}), encoding="utf-8")
    report = build(base_data, site_path)
    assert report.mode == FULL
    assert report.reason == "the code, templates, theme, settings, date or tools changed"
    assert build(base_data, site_path, full=True).reason == "--full"
