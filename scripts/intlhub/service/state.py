"""What the running service shares between requests: the valid dataset (reloaded when data/
changes, for example after an approval) and one lock that serialises writes to private/."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from intlhub.base.problems import errors_only
from intlhub.dataset.load_dataset import Dataset
from intlhub.dataset.validate import invalid_data_error, validate_data
from intlhub.intake.private.store import PrivatePaths, opened
from intlhub.service.config import ServiceConfig


def data_signature(data_path: Path) -> tuple[tuple[str, int, int], ...]:
    """The name, size and modification time of every file under data/ (changes when data/ does)."""
    found = []
    for path in sorted(data_path.rglob("*")):
        if path.is_file():
            stat = path.stat()
            found.append((str(path.relative_to(data_path)), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


class ServiceState:
    """The dataset and the private folder, shared by every request of one service process."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self.reload_lock = threading.Lock()
        self.write_lock = threading.Lock()  # one writer at a time inside this process
        self.dataset: Dataset | None = None
        self.loaded_for: tuple | None = None
        self.loaded_on: dt.date | None = None
        self.checked_at = 0.0  # when data/ was last listed (time.monotonic)

    def valid_dataset(self, today: dt.date, max_age: float = 0.0) -> Dataset:
        """The dataset, validated; loaded again when a file of data/ (or the day) changed.

        With `max_age`, data/ is looked at only if it was not in the last `max_age` seconds:
        listing data/ costs milliseconds, too much for every request under load. A change this
        process makes calls forget_dataset(), which takes effect at once.

        Raises HubError when data/ is not valid: the service then refuses submissions.
        """
        if max_age and self.dataset is not None and today == self.loaded_on:
            if time.monotonic() - self.checked_at < max_age:
                return self.dataset
        signature = data_signature(self.config.data_path)
        self.checked_at = time.monotonic()
        with self.reload_lock:
            if self.dataset is None or signature != self.loaded_for or today != self.loaded_on:
                dataset, problems = validate_data(self.config.data_path, today)
                errors = errors_only(problems)
                if errors or dataset is None:
                    self.dataset = None
                    raise invalid_data_error(self.config.data_path, errors)
                self.dataset, self.loaded_for, self.loaded_on = dataset, signature, today
            return self.dataset

    def forget_dataset(self) -> None:
        """Drop the cached dataset (after this process wrote data/)."""
        with self.reload_lock:
            self.dataset = None

    @contextlib.contextmanager
    def private_folder(self) -> Iterator[PrivatePaths]:
        """Hold the private folder: this process's lock, then the folder's file lock (as the CLI)."""
        with self.write_lock, opened(self.config.private) as paths:
            yield paths
