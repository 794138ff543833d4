"""Write generated files only when their bytes change, and remove the ones a generation no longer makes.

Regenerating a large site rewrites tens of thousands of files; most are unchanged after a small
data change. Keeping those untouched (same bytes, same timestamp) is cheaper than wiping the
folder, and tools that watch timestamps see only the files that really changed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` unless the file already holds exactly those bytes; return whether it wrote."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def write_text(path: Path, text: str) -> Path:
    """Write UTF-8 text (its lines end in '\\n') unless the file already holds it; return the path."""
    write_if_changed(path, text.encode("utf-8"))
    return path


def prune_folder(folder_path: Path, keep: Iterable[Path]) -> int:
    """Delete every file under `folder_path` that is not in `keep`, then empty folders; return the count."""
    kept = {str(path) for path in keep}
    removed = 0
    for root, folders, files in os.walk(folder_path, topdown=False):
        for name in files:
            path = os.path.join(root, name)
            if path not in kept:
                os.unlink(path)
                removed += 1
        for name in folders:
            folder = os.path.join(root, name)
            if not os.listdir(folder):
                os.rmdir(folder)
    return removed
