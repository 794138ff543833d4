"""Validate data/: Frictionless, JSON Schema and cross-record checks, all problems in one run."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from intlhub.base.problems import HubError, Problem, errors_only, sort_problems
from intlhub.dataset.check_documents import check_documents
from intlhub.dataset.check_eligibility_rules import check_eligibility
from intlhub.dataset.check_forms import check_forms
from intlhub.dataset.check_package import check_package
from intlhub.dataset.check_programmes import check_programmes
from intlhub.dataset.check_records import FRESHNESS_TYPES, check_records
from intlhub.dataset.check_showcase import check_showcase
from intlhub.dataset.load_dataset import PACKAGE_FILE, Dataset, load_dataset


def validate_data(
    root_path: Path, today: dt.date, strict_freshness: bool = False
) -> tuple[Dataset | None, list[Problem]]:
    """Check everything in data/ and return the dataset (when readable) and every problem.

    With strict_freshness, overdue reviews and stale indicators are errors, not warnings.
    """
    problems = check_package(root_path, PACKAGE_FILE)
    try:
        dataset = load_dataset(root_path)
    except HubError as error:
        return None, sort_problems(
            [*problems, Problem(PACKAGE_FILE, None, None, "load-error", error.message, error.fix)]
        )
    problems += check_documents(dataset)
    problems += check_records(dataset, today)
    problems += check_programmes(dataset)
    problems += check_showcase(dataset, today)
    problems += check_eligibility(dataset)
    problems += check_forms(dataset)
    if strict_freshness:
        problems = [
            replace(p, severity="error") if p.type in FRESHNESS_TYPES else p for p in problems
        ]
    return dataset, sort_problems(problems)


def valid_dataset(root_path: Path, today: dt.date, warn: Callable[[str], None]) -> Dataset:
    """Validate data/ and return the dataset; raise HubError listing every error.

    Warnings (a market past its review date) do not stop a command: they go to `warn`.
    """
    dataset, problems = validate_data(root_path, today)
    errors = errors_only(problems)
    if errors or dataset is None:
        raise HubError(
            f"Data in {str(root_path)!r} is not valid ({len(errors)} error(s))",
            format_problems(errors) + "\n\nFix these, then run `intlhub validate` to check.",
        )
    warnings = [p for p in problems if p.severity == "warning"]
    if warnings:
        warn(format_problems(warnings))
    return dataset


def invalid_data_error(root_path: Path, errors: list[Problem]) -> HubError:
    """The error of a command that needs valid data/ and found these errors."""
    return HubError(
        f"Data in {str(root_path)!r} is not valid ({len(errors)} error(s)); nothing was read",
        format_problems(errors) + "\n\nFix data/ first (`intlhub validate`).",
    )


CANDIDATE_PREFIX = "intlhub-candidate-"  # a scratch copy of data/ with a writer's changes


def is_private_folder(path: Path) -> bool:
    """Whether a folder is laid out as a private folder (personal data): never copied."""
    return (path / "queue").is_dir() and (path / ".lock").exists()


def skip_private(folder: str, names: list[str]) -> list[str]:
    """shutil.copytree's ignore: leave out any private folder and .git found inside data/."""
    return [n for n in names if n == ".git" or is_private_folder(Path(folder) / n)]


@contextlib.contextmanager
def scratch_copy(
    root_path: Path,
    changed: dict[Path, bytes],
    scratch_path: Path | None = None,
    prefix: str = CANDIDATE_PREFIX,
) -> Iterator[Path]:
    """Yield a copy of data/ with some files replaced; it is removed when the block ends.

    `scratch_path` is where the copy goes (approve and the staff preview use private/tmp/, which
    the next run's recovery empties if a kill left a copy behind); by default the system's
    temporary folder. A private folder is never copied, even one put inside data/.
    """
    if scratch_path is not None:
        scratch_path.mkdir(mode=0o700, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=prefix, dir=scratch_path) as folder:
        copy_path = Path(folder) / "data"
        shutil.copytree(root_path, copy_path, ignore=skip_private)
        for path, data in changed.items():
            (copy_path / path.relative_to(root_path)).write_bytes(data)
        yield copy_path


def validate_changes(
    root_path: Path, changed: dict[Path, bytes], today: dt.date, scratch_path: Path | None = None
) -> list[Problem]:
    """Validate the whole dataset with some files replaced, in a scratch copy; return its errors.

    Every writer (approve, the operations import, refresh-indicators) calls this before it
    touches data/, so nothing reaches the dataset around the validation.
    """
    with scratch_copy(root_path, changed, scratch_path) as copy_path:
        _, problems = validate_data(copy_path, today)
    return errors_only(problems)


def format_problems(problems: list[Problem]) -> str:
    """Format problems grouped by file, one block per problem, with the fix."""
    lines: list[str] = []
    current_file = None
    for found in problems:
        if found.file != current_file:
            if lines:
                lines.append("")
            lines.append(f"{found.file}:")
            current_file = found.file
        where = []
        if found.row is not None:
            where.append(f"row {found.row}")
        if found.field:
            where.append(f"field {found.field!r}")
        label = "warning" if found.severity == "warning" else "error"
        lines.append(f"  {label} [{found.type}] {', '.join(where) or 'file'}: {found.message}")
        if found.fix:
            lines.append(f"    fix: {found.fix}")
    return "\n".join(lines)
