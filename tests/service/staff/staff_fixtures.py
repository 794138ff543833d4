"""Helpers of the staff screen tests: a copy of data/, a private folder with one staff
account and queued submissions, and a TestClient of the staff routes alone."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.testclient import TestClient

from helpers import PROJECT_PATH, copy_data
from intlhub.base import clock
from intlhub.dataset.load_dataset import load_dataset
from intlhub.intake.ingest import ingest_export
from intlhub.intake.private.store import PrivatePaths, opened
from intlhub.intake.read.source import read_bytes
from intlhub.intake.submissions import IngestOptions
from intlhub.service.config import load_config
from intlhub.service.staff.accounts import add_account
from intlhub.service.staff.rebuild import SiteBuilder
from intlhub.service.staff.routes import staff_routes
from intlhub.service.state import ServiceState

STAFF_NAME = "ana.silva"
STAFF_PASSWORD = "correct horse battery staple"
CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


def queue_submissions(data_path: Path, paths: PrivatePaths, submissions: list[dict]) -> list[str]:
    """Queue submissions as the site's forms send them, through the real ingest; return the ids."""
    dataset = load_dataset(data_path)
    text = "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in submissions)
    grid = read_bytes("submissions.ndjson", text.encode())
    with opened(paths):
        report = ingest_export(
            grid, dataset, paths, IngestOptions("showcase"), clock.today(), lambda _: None
        )
    assert report.rejected == 0, [r.reason for r in report.rejections]
    return report.queued_ids


def written_site(dataset, project_path, site_path, today, progress) -> None:
    """The rebuild of these tests: the stages are reported and a file is written into site/
    (the real build is slow and writes docs/generated/; tests/e2e/ runs it)."""
    progress("Generating pages…")
    site_path.mkdir(parents=True, exist_ok=True)
    (site_path / "built.txt").write_text(f"{len(dataset.table('projects'))} projects\n")
    progress("Done")


@dataclass
class Staff:
    """One staff screen under test."""

    client: TestClient
    state: ServiceState
    builder: SiteBuilder
    data_path: Path
    private: PrivatePaths
    tmp_path: Path

    def csrf(self, path: str) -> str:
        """The CSRF token of the form on a page."""
        response = self.client.get(path)
        found = CSRF_FIELD.search(response.text)
        assert found, f"no CSRF field on {path} ({response.status_code})"
        return found.group(1)

    def sign_in(self, name: str = STAFF_NAME, password: str = STAFF_PASSWORD):
        """Sign in through the form; return the POST's response."""
        token = self.csrf("/staff/sign-in")
        return self.client.post(
            "/staff/sign-in",
            data={"csrf": token, "name": name, "password": password, "lang": "pt"},
            follow_redirects=False,
        )

    def post(self, path: str, data: dict, page: str = "/staff/"):
        """POST a form with the CSRF token of the session (taken from `page`)."""
        return self.client.post(
            path, data={"csrf": self.csrf(page), **data}, follow_redirects=False
        )

    @property
    def screen(self):
        """The staff screen behind the client (sessions, throttle, builder)."""
        return self.client.app.routes[0].app.state.screen

    def throttle_reset(self) -> None:
        """Forget every failed sign-in (for tests that time sign-ins)."""
        self.screen.throttle.failures.clear()

    def queue(self, *submissions: dict) -> list[str]:
        """Queue submissions; return their ids."""
        return queue_submissions(self.data_path, self.private, list(submissions))


def make_staff(tmp_path: Path, secure: bool = False) -> Staff:
    """A copy of data/, a private folder with one account, and a client of the staff routes."""
    data_path = copy_data(tmp_path)
    config = load_config(
        data_path,
        PROJECT_PATH,
        tmp_path / "site",
        private=str(tmp_path / "private"),
        listen_url=None if secure else "http://127.0.0.1:8000",
    )
    state = ServiceState(config)
    with opened(config.private):
        pass  # creates the folders, readable by their owner only
    add_account(config.private.staff, STAFF_NAME, STAFF_PASSWORD, "2026-12-03T00:00:00+00:00")
    builder = SiteBuilder(state, written_site)
    app = Starlette(routes=staff_routes(state, builder))
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    return Staff(client, state, builder, data_path, config.private, tmp_path)
