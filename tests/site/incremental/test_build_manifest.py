"""The build manifest: read only when whole, and what it says about a site's files."""

from __future__ import annotations

import json

from intlhub.site.incremental.manifest import (
    Changes,
    compare_files,
    dest_uri,
    forget_outputs,
    read_manifest,
    write_manifest,
)

WHOLE = {"settings": "s", "render": "r", "files": {"pt": {"index.md": "a"}}, "keys": {}}


def test_a_missing_corrupt_or_strange_manifest_reads_as_none(tmp_path):
    path = tmp_path / ".site.manifest.json"
    assert read_manifest(path) is None
    write_manifest(path, WHOLE)
    assert read_manifest(path) == {"version": 1, **WHOLE}
    for text in ["{", "[]", '"x"', json.dumps({**WHOLE, "version": 1, "files": {"pt": [1]}})]:
        path.write_text(text, encoding="utf-8")
        assert read_manifest(path) is None, text
    path.write_bytes(b"\xff\xfe")
    assert read_manifest(path) is None


def test_changed_new_and_removed_files_and_their_outputs(tmp_path):
    old = {"a.md": "1", "b.md": "2", "gone/c.md": "3"}
    new = {"a.md": "1", "b.md": "9", "new.json": "4"}
    assert compare_files(old, new) == Changes(("b.md", "new.json"), ("gone/c.md",))
    assert [dest_uri(uri) for uri in ("x/index.md", "p.md", "open-data/a.csv")] == [
        "x/index.html",
        "p.html",
        "open-data/a.csv",
    ]
    (tmp_path / "gone").mkdir()
    (tmp_path / "gone" / "c.html").write_text("old", encoding="utf-8")
    (tmp_path / "b.html").write_text("old", encoding="utf-8")
    forget_outputs(tmp_path, ("b.md", "gone/c.md", "never.md"))
    assert sorted(p.name for p in tmp_path.rglob("*")) == [], "outputs and emptied folders go"
