"""The staff screen in Chromium against the real service on loopback: axe-core finds nothing on
any staff page in either language, hostile text opens no dialog, and an approval rebuilds the
site and links to the published page."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from conftest import DATA_PATH, REPO_PATH, SOURCE_DATE_EPOCH
from test_accessibility import describe_violations

from intlhub.dataset.load_dataset import load_dataset
from intlhub.intake.ingest import ingest_export
from intlhub.intake.private.store import dump_lines, opened
from intlhub.intake.read.source import read_bytes
from intlhub.intake.submissions import IngestOptions
from intlhub.service.app import create_app
from intlhub.service.config import load_config
from intlhub.service.staff.accounts import add_account

NAME, PASSWORD = "ana.silva", "correct horse battery staple"
TODAY = dt.date(2026, 1, 1)  # conftest.SOURCE_DATE_EPOCH
PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(2)>', "javascript:alert(3)"]


@dataclass
class Service:
    """The running service: its URL and folders, and the ids queued before the tests."""

    url: str
    data_path: Path
    private_path: Path
    new_id: str
    hostile_id: str


@contextlib.contextmanager
def serving(app, port: int) -> Iterator[None]:
    """Run an ASGI app with uvicorn on 127.0.0.1:port in a thread while the block runs."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="service-e2e", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def submission(number: int, **values: str) -> dict:
    """A showcase submission as the site's form sends it."""
    return {
        "form": "showcase",
        "submission_id": f"showcase-e2e-{number:04d}",
        "lang": "pt",
        "values": {
            "id": f"TESTE-STAFF-{number:04d}",
            "title_pt": f"Projeto revisto no ecrã da equipa {number}",
            "beneficiary_id": "iapmei",  # a real record: a real project never names an example
            "status": "approved",
            "eligible_cost_eur": "1.000,50",
            "contact_name": "Pessoa Exemplo",
            "contact_email": f"pessoa{number}@example.org",
            **values,
        },
    }


@pytest.fixture(scope="module")
def service(site_path: Path, tmp_path_factory, monkeypatch_module) -> Iterator[Service]:
    """The intake service on a free loopback port, over a copy of data/ and of the built site."""
    monkeypatch_module.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    root = tmp_path_factory.mktemp("staff")
    data_path = root / "data"
    shutil.copytree(DATA_PATH, data_path)
    shutil.copytree(site_path, root / "site")
    port = free_port()
    config = load_config(
        data_path, REPO_PATH, root / "site", str(root / "private"), f"http://127.0.0.1:{port}"
    )
    with opened(config.private) as paths:
        hostile = {
            n: f"Texto {p}"
            for n, p in zip(("title_pt", "title_en", "summary_pt"), PAYLOADS, strict=True)
        }
        lines = [json.dumps(s) for s in (submission(1), submission(2, **hostile))]
        grid = read_bytes("e2e.ndjson", ("\n".join(lines) + "\n").encode())
        dataset = load_dataset(data_path)
        options = IngestOptions("showcase")
        report = ingest_export(grid, dataset, paths, options, TODAY, lambda _: None)
        new_id, hostile_id = report.queued_ids
        raw = {"id": "showcase-raw-1", "form": "showcase", "received": PAYLOADS[1],
               "record_id": PAYLOADS[0], "values": {"title_pt": PAYLOADS[1], "summary_pt": PAYLOADS[0],
               "status": PAYLOADS[2]}, "personal": {"contact_name": PAYLOADS[1]}}  # fmt: skip
        (paths.queue / "20260101T000000Z-raw.jsonl").write_bytes(dump_lines([raw]))
    add_account(config.private.staff, NAME, PASSWORD, "2026-01-01T00:00:00+00:00")
    with serving(create_app(config), port):
        yield Service(f"http://127.0.0.1:{port}", data_path, root / "private", new_id, hostile_id)


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def sign_in(page, service: Service, lang: str = "pt") -> None:
    page.goto(f"{service.url}/staff/sign-in?lang={lang}")
    page.fill("#name", NAME)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{service.url}/staff/**")
    assert page.locator("h1").count() == 1


@pytest.fixture
def staff_page(browser, service: Service):
    """A page whose context ignores CSP (so axe can be injected), with dialogs recorded."""
    context = browser.new_context(bypass_csp=True, locale="pt-PT")
    context.set_default_timeout(15_000)
    context.route(lambda url: not url.startswith(service.url), lambda route: route.abort())
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    try:
        yield page
    finally:
        context.close()


def staff_paths(service: Service) -> list[str]:
    """Every kind of staff page."""
    item = f"/staff/submissions/{service.new_id}"
    return ["/staff/", item, f"{item}/fields/start_date", f"{item}/preview", "/staff/builds",
            "/staff/audit", "/staff/privacy", "/staff/submissions/no-such-id"]  # fmt: skip


def check_axe(page, axe_path: Path, where: str) -> None:
    page.add_script_tag(path=str(axe_path))
    violations = page.evaluate("async () => (await axe.run()).violations")
    if violations:
        pytest.fail(
            f"axe-core violations on {where}:\n" + describe_violations(violations), pytrace=False
        )


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_staff_pages_have_no_axe_violations(staff_page, service, axe_path, lang):
    page = staff_page
    page.goto(f"{service.url}/staff/sign-in?lang={lang}")
    check_axe(page, axe_path, f"sign-in ({lang})")
    page.fill("#name", NAME)
    page.fill("#password", "wrong password!")
    page.click("button[type=submit]")
    assert page.locator(".staff-error-summary").count() == 1
    check_axe(page, axe_path, f"sign-in with an error ({lang})")
    sign_in(page, service, lang)
    for path in staff_paths(service):
        page.goto(f"{service.url}{path}?lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        check_axe(page, axe_path, f"{path} ({lang})")
    path = f"/staff/submissions/{service.new_id}/fields/start_date?lang={lang}"
    page.goto(f"{service.url}{path}")
    page.fill("#value", "31/02/2026")
    page.click("main button[type=submit]")
    assert page.locator("#value-error").count() == 1
    check_axe(page, axe_path, f"{path} with an error")
    page.goto(f"{service.url}/staff/privacy?lang={lang}")
    page.click("form[action*=forget] button[type=submit]")
    assert page.locator(".staff-error-summary li").count() == 2
    check_axe(page, axe_path, f"privacy with errors ({lang})")


def test_hostile_text_opens_no_dialog_on_the_staff_screen_or_in_the_preview(staff_page, service):
    page = staff_page
    sign_in(page, service)
    for item_id in (service.hostile_id, "showcase-raw-1"):
        for path in ("/staff/", f"/staff/submissions/{item_id}", f"/staff/submissions/{item_id}/preview",
                     f"/staff/submissions/{item_id}/fields/title_pt"):  # fmt: skip
            page.goto(f"{service.url}{path}")
            page.wait_for_load_state("load")
            page.wait_for_timeout(200)
    assert page.dialogs == []
    page.goto(f"{service.url}/staff/submissions/{service.hostile_id}")
    frame = page.frame_locator("iframe.staff-preview")
    assert "Texto <script>alert(1)</script>" in frame.locator("h1").inner_text()


def test_approve_rebuilds_the_site_and_links_to_the_published_page(staff_page, service):
    page = staff_page
    sign_in(page, service)
    page.goto(f"{service.url}/staff/submissions/{service.new_id}")
    assert page.locator(".staff-diff ins", has_text="TESTE-STAFF-0001").count() == 1
    preview = page.frame_locator("iframe.staff-preview")
    assert "Projeto revisto no ecrã da equipa 1" in preview.locator("h1").inner_text()
    page.click("form[action$=approve] button")
    page.wait_for_url("**/staff/builds**")
    link = page.locator("a[href='/projetos/teste-staff-0001.html']")
    # The page refreshes itself; the link appears once the pages stage is done (search may
    # still be updating: the page is already live).
    link.wait_for(timeout=120_000)
    assert page.locator(".staff-stage--done").count() >= 3  # validate, generate, pages
    link.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").first.inner_text() == "Projeto revisto no ecrã da equipa 1"
    assert "TESTE-STAFF-0001" in (service.data_path / "projects.csv").read_text(encoding="utf-8")
    page.goto(f"{service.url}/staff/audit")
    first_row = page.locator("tbody tr").first
    assert "approved" in first_row.inner_text() and NAME in first_row.inner_text()
