"""Run the intake on a source: open data/ and the private folder, read a file, stdin or an
http(s) URL, and ingest it (with a check process on the second core when the file is large), or
import it as the list of operations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intlhub.base.problems import errors_only
from intlhub.dataset.forms import OPERATIONS
from intlhub.dataset.load_dataset import Dataset, load_dataset
from intlhub.dataset.validate import invalid_data_error, validate_data
from intlhub.intake.check_worker import CheckProcess
from intlhub.intake.import_operations import import_operations
from intlhub.intake.ingest import ingest_export
from intlhub.intake.private.store import PrivatePaths, opened, resolve_private
from intlhub.intake.read.fetch import FetchSettings, fetch_url
from intlhub.intake.read.source import Grid, load_bytes, read_bytes
from intlhub.intake.submissions import IngestOptions

# From this size (about 10,000 rows) a second process validates data/ and checks the accepted
# rows while the ingest reads the export; below it one process is quick enough.
PARALLEL_MIN_BYTES = 4_000_000

Progress = Callable[[str], None]


@dataclass(frozen=True)
class IngestRequest:
    """What `intlhub ingest` was asked to read, where the data lives, and how to treat it."""

    source: str  # a file, '-' for stdin, or an http(s) URL
    data_path: Path
    private: str | None  # the --private folder, else the default beside data/
    options: IngestOptions
    token_env: str | None = None  # environment variable holding a bearer token for URLs
    timeout: float = 30.0  # seconds one read of a URL may wait
    deadline: float = 600.0  # seconds a URL fetch may take in all
    allowed_hosts: frozenset[str] = frozenset()  # hosts a URL may redirect to, besides its own
    operations_filter: str | None = None  # 'COLUMN=REGEX', for the list of operations only


def open_intake(
    data_path: Path, private: str | None, today: dt.date, must_be_valid: bool = True
) -> tuple[Dataset, PrivatePaths]:
    """Load (and check) the dataset and find the private folder, as every intake command does."""
    if must_be_valid:
        dataset, problems = validate_data(data_path, today)
        errors = errors_only(problems)
        if errors or dataset is None:
            raise invalid_data_error(data_path, errors)
    else:
        dataset = load_dataset(data_path)
    return dataset, resolve_private(data_path, dataset, private)


def read_export(request: IngestRequest) -> Grid:
    """Read the source (a path, '-' or an http(s) URL) into a grid of cells."""
    if request.source.lower().startswith(("http://", "https://")):
        settings = FetchSettings(
            read_timeout=request.timeout,
            deadline=request.deadline,
            token_env=request.token_env,
            allowed_hosts=request.allowed_hosts,
        )
        data, format = fetch_url(request.source, settings)
        return read_bytes(request.source, data, format)
    name = "<stdin>" if request.source == "-" else request.source
    return read_bytes(name, load_bytes(request.source))


class ProgressAfterVerdict:
    """Progress of a large ingest, held until data/ is known to be valid, as if checked first."""

    def __init__(self, worker: CheckProcess, progress: Progress) -> None:
        self.worker = worker
        self.progress = progress
        self.held: list[str] = []

    def __call__(self, message: str) -> None:
        self.held.append(message)
        if self.worker.verdict is not None:
            self.flush()

    def flush(self) -> None:
        """Show the held lines."""
        for message in self.held:
            self.progress(message)
        self.held.clear()


def is_large_file(source: str) -> bool:
    """True for a local file big enough to share its ingest with a check process."""
    if source == "-" or source.lower().startswith(("http://", "https://")):
        return False
    try:
        return Path(source).stat().st_size >= PARALLEL_MIN_BYTES
    except OSError:
        return False  # read_export says what is wrong with it


def ingest_source(
    request: IngestRequest, today: dt.date, progress: Progress
) -> tuple[Grid, PrivatePaths, Any]:
    """Ingest a source into the review queue, or import the list of operations into data/.

    Returns the grid read, the private folder and the report (an IngestReport, or an
    ImportReport for the list of operations).
    """
    options = request.options
    if options.form != OPERATIONS and is_large_file(request.source):
        # data/ is validated in the check process while this one reads the export
        with CheckProcess(request.data_path, options.form, today) as worker:
            shown = ProgressAfterVerdict(worker, progress)
            try:
                dataset, paths = open_intake(
                    request.data_path, request.private, today, must_be_valid=False
                )
                grid = read_export(request)
                with opened(paths, shown):
                    report = ingest_export(grid, dataset, paths, options, today, shown, worker)
            except BaseException:
                worker.close()
                worker.require_valid()  # invalid data/ explains any failure, as when checked first
                shown.flush()
                raise
            shown.flush()
        return grid, paths, report
    dataset, paths = open_intake(request.data_path, request.private, today)
    grid = read_export(request)
    with opened(paths, progress):
        if options.form == OPERATIONS:
            settings = {
                "filter": request.operations_filter,
                "dry_run": options.dry_run,
                "by": options.by,
                "all_or_nothing": options.all_or_nothing,
            }
            report = import_operations(grid, dataset, paths, today, settings, progress)
        else:
            report = ingest_export(grid, dataset, paths, options, today, progress)
    return grid, paths, report
