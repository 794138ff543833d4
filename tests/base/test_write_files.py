"""Generation writes only what changed, removes what it no longer makes, and equals a fresh one."""

from __future__ import annotations

import csv
import datetime as dt
import shutil

from helpers import DATA_PATH, PROJECT_PATH, copy_data, snapshot
from intlhub.base.write_files import prune_folder, write_if_changed
from intlhub.dataset.load_dataset import load_dataset
from intlhub.site.build_site import generate_pages
from intlhub.site.write_pages import GENERATED_DIR

TODAY = dt.date(2026, 11, 27)


def test_write_if_changed_leaves_identical_files_alone(tmp_path):
    path = tmp_path / "a" / "b.md"
    assert write_if_changed(path, b"one") is True
    before = path.stat().st_mtime_ns
    assert write_if_changed(path, b"one") is False
    assert path.stat().st_mtime_ns == before
    assert write_if_changed(path, b"two") is True and path.read_bytes() == b"two"


def test_prune_folder_removes_other_files_and_empty_folders(tmp_path):
    keep = [tmp_path / "x" / "keep.md"]
    for path in (*keep, tmp_path / "x" / "old.md", tmp_path / "y" / "z" / "old.md"):
        write_if_changed(path, b".")
    assert prune_folder(tmp_path, keep) == 2
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == ["x", "x/keep.md"]


def project_folder(tmp_path, name):
    project_path = tmp_path / name
    project_path.mkdir()
    shutil.copy(PROJECT_PATH / "mkdocs.yml", project_path / "mkdocs.yml")
    return project_path


def mtimes(folder):
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()
    }


def retitle_first_project(data_path, title):
    path = data_path / "projects.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["title_pt"] = title
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return rows[0]["id"].lower()


def test_regeneration_rewrites_only_changed_files_and_equals_a_fresh_generation(tmp_path):
    incremental = project_folder(tmp_path, "incremental")
    generated = incremental / GENERATED_DIR
    generate_pages(load_dataset(DATA_PATH), incremental, TODAY)
    (generated / "pt" / "stale.md").write_text("left over from an older generation\n")
    first = mtimes(generated)

    generate_pages(load_dataset(DATA_PATH), incremental, TODAY)
    second = mtimes(generated)
    assert "pt/stale.md" not in second, "a file the generation no longer makes stays behind"
    del first["pt/stale.md"]
    assert second == first, "regenerating the same data rewrote files"

    data_path = copy_data(tmp_path)
    project_id = retitle_first_project(data_path, "Um título novo")
    generate_pages(load_dataset(data_path), incremental, TODAY)
    changed = {uri for uri, stamp in mtimes(generated).items() if stamp != second.get(uri)}
    assert f"pt/projetos/{project_id}.md" in changed
    assert f"en/projects/{project_id}.md" not in changed  # it has an English title of its own
    assert len(changed) < len(second) / 4, f"{len(changed)} of {len(second)} files rewritten"

    fresh = project_folder(tmp_path, "fresh")
    generate_pages(load_dataset(data_path), fresh, TODAY)
    ours, theirs = snapshot(generated), snapshot(fresh / GENERATED_DIR)
    assert ours.keys() == theirs.keys()
    # The MkDocs configs name their project folder (custom_dir, hooks), which differs here.
    differing = [uri for uri in ours if ours[uri] != theirs[uri] and not uri.endswith(".yml")]
    assert differing == [], "an incremental generation differs from a fresh one"
