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
A2030_CALLS = (
    'a2030-int-2023,"Ações Coletivas – Internacionalização (Alentejo 2030, candidaturas até 15 de '
    'janeiro de 2024)","Collective Actions – Internationalisation (Alentejo 2030, applications until '
    '15 January 2024)",,2024-01-15,2000000,,,closed,,reported,news-a2030-int-2023,,alentejo-2030\n'
    'a2030-int-2025,"Ações Coletivas – Internacionalização (Alentejo 2030, candidaturas até 24 de '
    'março de 2025)","Collective Actions – Internationalisation (Alentejo 2030, applications until '
    '24 March 2025)",,2025-03-24,800000,,,closed,,reported,news-a2030-int-2025,,alentejo-2030\n'
)


def add_2030_calls(data_path: Path) -> Path:
    """Add the two Alentejo 2030 calls at the top of a copied data/calls.csv (sorted by id)."""
    path = data_path / "calls.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(header + A2030_CALLS + "".join(rows), encoding="utf-8")
    return data_path
