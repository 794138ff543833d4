"""The package layout stays readable: small folders and modules, every package documented and
mirrored by a test folder. The import direction itself is checked by `lint-imports`."""

from __future__ import annotations

from pathlib import Path

from helpers import PROJECT_PATH, TESTS_PATH

PACKAGE_PATH = PROJECT_PATH / "scripts" / "intlhub"
GUIDE_PATH = PROJECT_PATH / "docs" / "dev" / "architecture.md"
MAX_MODULES = 15  # a folder with more hides its structure
MAX_LINES = 400
TEST_FOLDERS_WITHOUT_PACKAGE = {"e2e"}  # the end-to-end tests build the whole site


def packages() -> list[Path]:
    """Every subpackage of intlhub, sorted."""
    return sorted(p.parent for p in PACKAGE_PATH.rglob("__init__.py") if p.parent != PACKAGE_PATH)


def relative(path: Path) -> str:
    """A package's folder relative to scripts/intlhub/, e.g. 'intake/read'."""
    return path.relative_to(PACKAGE_PATH).as_posix()


def test_no_folder_holds_more_than_15_modules():
    crowded = {
        relative(folder) or ".": count
        for folder in [PACKAGE_PATH, *packages()]
        if (count := len(list(folder.glob("*.py")))) > MAX_MODULES
    }
    assert crowded == {}, "Split these folders into subpackages, one per concern."


def test_no_module_is_over_400_lines():
    long = {
        path.relative_to(PACKAGE_PATH).as_posix(): lines
        for path in sorted(PACKAGE_PATH.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, "Split these modules: each should do one job in at most 400 lines."


def test_every_package_is_in_the_architecture_guide():
    guide = GUIDE_PATH.read_text(encoding="utf-8")
    missing = [relative(p) for p in packages() if f"`{relative(p)}/`" not in guide]
    assert missing == [], "Describe these packages in docs/dev/architecture.md (as `name/`)."


def test_tests_mirror_the_packages():
    package_names = {relative(p) for p in packages()}
    test_folders = {
        folder.relative_to(TESTS_PATH).as_posix()
        for folder in TESTS_PATH.rglob("*")
        if folder.is_dir() and any(folder.glob("test_*.py"))
    }
    assert sorted(package_names - test_folders) == [], "Add tests/<package>/ for these packages."
    strays = test_folders - package_names - TEST_FOLDERS_WITHOUT_PACKAGE
    assert sorted(strays) == [], "Move these tests into the folder of the package they test."
