"""Rebuild the site in the background after an approval, one build at a time, keeping each
stage's progress line for the status page. An approval during a build queues one more build.

The build is incremental (site/build_site.py): only the pages the approval changes are built
again. Its stages are validate, generate, pages and search; the pages are live as soon as the
pages stage ends, while the search index is still updating."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from intlhub.base import clock
from intlhub.base.problems import HubError
from intlhub.dataset.load_dataset import Dataset
from intlhub.service.state import ServiceState

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STAGES = ("validate", "generate", "pages", "search")  # as site/build_site.py reports them
KEPT_JOBS = 20  # the status page shows the latest builds only

BuildFunction = Callable[[Dataset, Path, Path, object, Callable[[str], None]], object]


@dataclass
class Published:
    """A page an approval publishes, per language: (lang, label, site path)."""

    lang: str
    label: str
    uri: str


@dataclass
class BuildJob:
    """One rebuild: its status, the progress lines so far, and the pages it publishes."""

    number: int
    status: str = QUEUED
    lines: list[str] = field(default_factory=list)
    published: list[Published] = field(default_factory=list)
    error: str = ""
    started: float | None = None
    finished: float | None = None
    stage: str = ""  # the stage running now ("" before the first and after the last)
    stages_done: list[str] = field(default_factory=list)

    @property
    def pages_live(self) -> bool:
        """True once the pages are built: only the search index may still be updating."""
        return "pages" in self.stages_done

    def enter(self, stage: str) -> None:
        """Start a stage; the one before it is done."""
        if self.stage and self.stage not in self.stages_done:
            self.stages_done.append(self.stage)
        self.stage = stage

    def stage_state(self, stage: str) -> str:
        """'done', 'running' or 'waiting', for the status page."""
        if stage in self.stages_done:
            return "done"
        return "running" if stage == self.stage else "waiting"


class JobProgress:
    """What a build reports to its job: progress lines (called) and stages (`stage`)."""

    def __init__(self, job: BuildJob) -> None:
        self.job = job

    def __call__(self, line: str) -> None:
        """Add a progress line."""
        self.job.lines.append(line)

    def stage(self, name: str) -> None:
        """Enter a stage."""
        self.job.enter(name)


def default_build(dataset, project_path, site_path, today, progress):
    """The site's own staged, incremental build (imported late: slow to import)."""
    from intlhub.site.build_site import build_site

    stage = getattr(progress, "stage", None) or (lambda name: None)
    return build_site(dataset, project_path, site_path, today, progress, stage=stage)


class SiteBuilder:
    """Run site builds in one background thread; at most one runs and at most one waits."""

    def __init__(self, state: ServiceState, build: BuildFunction = default_build) -> None:
        self.state, self.build = state, build
        self.jobs: list[BuildJob] = []
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.count = 0

    def request(self, published: list[Published]) -> BuildJob:
        """Ask for a build; join the waiting one if there is one, else queue a new one."""
        with self.lock:
            waiting = next((job for job in self.jobs if job.status == QUEUED), None)
            if waiting is None:
                self.count += 1
                waiting = BuildJob(self.count)
                self.jobs = [*self.jobs, waiting][-KEPT_JOBS:]
            waiting.published.extend(published)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self.run_all, name="site-build", daemon=True)
                self.thread.start()
            return waiting

    def next_job(self) -> BuildJob | None:
        """Take the waiting build, marking it running (None when nothing waits)."""
        with self.lock:
            job = next((job for job in self.jobs if job.status == QUEUED), None)
            if job is None:
                self.thread = None
                return None
            job.status, job.started = RUNNING, time.time()
            return job

    def run_all(self) -> None:
        """Build until no build waits."""
        while (job := self.next_job()) is not None:
            self.run(job)

    def run(self, job: BuildJob) -> None:
        """One build of the current data/ into the site folder."""
        config = self.state.config
        today = clock.today()
        progress = JobProgress(job)
        try:
            job.enter("validate")
            job.lines.append("Validating data/…")
            dataset = self.state.valid_dataset(today)
            self.build(dataset, config.project_path, config.site_path, today, progress)
            job.enter("")
            job.status = DONE
        except HubError as error:
            job.error, job.status = str(error), FAILED
        except OSError as error:
            job.error, job.status = f"The site could not be written: {error}", FAILED
        except Exception as error:  # noqa: BLE001 (the thread's boundary: report, never hang)
            job.error, job.status = f"The build failed: {type(error).__name__}: {error}", FAILED
        finally:
            job.finished = time.time()

    def latest(self) -> list[BuildJob]:
        """The kept builds, newest first."""
        with self.lock:
            return list(reversed(self.jobs))

    def busy(self) -> bool:
        """True while a build runs or waits."""
        with self.lock:
            return any(job.status in (QUEUED, RUNNING) for job in self.jobs)

    def wait(self, timeout: float) -> bool:
        """Wait until no build runs or waits; False if the time ran out."""
        deadline = time.monotonic() + timeout
        while self.busy():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True
