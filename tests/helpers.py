"""Shared helpers for the unit tests: copies of data/ with fixture overlays."""

from __future__ import annotations

import shutil
from pathlib import Path

TESTS_PATH = Path(__file__).resolve().parent
PROJECT_PATH = TESTS_PATH.parent
DATA_PATH = PROJECT_PATH / "data"
FIXTURES_PATH = TESTS_PATH / "fixtures"


def copy_data(target_path: Path, overlay: str | None = None) -> Path:
    """Copy the real data/ to target_path, replacing files with those of a fixture overlay."""
    data_path = target_path / "data"
    shutil.copytree(DATA_PATH, data_path)
    if overlay:
        for path in sorted((FIXTURES_PATH / overlay).glob("*.csv")):
            shutil.copy(path, data_path / path.name)
    return data_path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file's bytes under a folder, keyed by relative path."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# Helper B's two Alentejo 2030 calls (a shared decision of issue 14), for tests on a copy of data/.
