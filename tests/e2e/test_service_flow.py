"""The whole intake in Chromium against the real service on loopback: an association fills the
real "share a project" form (a new organisation, a project image), gets its receipt; the
submission is in `intlhub review`; staff sign in, see the diff and the preview, approve, wait for
the rebuild, and open the new project page with its organisation and image."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import DATA_PATH, REPO_PATH, SOURCE_DATE_EPOCH
from PIL import Image
from test_staff_screen import free_port, serving

from intlhub.intake.review import list_queue
from intlhub.service.app import create_app
from intlhub.service.config import load_config
from intlhub.service.staff.accounts import add_account

NAME, PASSWORD = "rui.costa", "a long and secret pass phrase"
PROJECT_ID = "TESTE-FLUXO-0001"
TITLE = "Montado em feiras da Europa Central"
ORGANISATION = "Associação Teste do Montado Central"


@dataclass
class Running:
    url: str
    data_path: Path
    config: object


@pytest.fixture(scope="module")
def running(site_path: Path, tmp_path_factory) -> Iterator[Running]:
    """The intake service (site, API and staff screen) over copies of data/ and the built site."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        root = tmp_path_factory.mktemp("flow")
        data_path = root / "data"
        shutil.copytree(DATA_PATH, data_path)
        shutil.copytree(site_path, root / "site")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        config = load_config(data_path, REPO_PATH, root / "site", str(root / "private"), url)
        add_account(config.private.staff, NAME, PASSWORD, "2026-01-01T00:00:00+00:00")
        with serving(create_app(config), port):
            yield Running(url, data_path, config)


def photo(tmp_path: Path) -> Path:
    """A small JPEG with a GPS position in its EXIF, as a phone would send it."""
    image = Image.new("RGB", (640, 400), (120, 90, 40))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (38.0, 34.0, 12.0), 3: "W", 4: (7.0, 54.0, 30.0)}
    path = tmp_path / "montado.jpg"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    path.write_bytes(out.getvalue())
    return path


def test_a_form_sent_on_the_site_is_reviewed_approved_and_published(browser, running, tmp_path):
    context = browser.new_context(locale="pt-PT")
    context.set_default_timeout(20_000)
    context.route(lambda url: not url.startswith(running.url), lambda route: route.abort())
    page = context.new_page()
    try:
        # 1. An association fills the real form and sends it.
        page.goto(f"{running.url}/participar/partilhar-projeto.html")
        page.set_viewport_size({"width": 390, "height": 844})  # a phone: long labels wrap
        widths = page.eval_on_selector_all(
            ".hub-checkbox input", "boxes => boxes.map(box => box.getBoundingClientRect().width)"
        )
        assert widths and min(widths) == max(widths), "a long label shrank its checkbox"
        page.set_viewport_size({"width": 1280, "height": 720})
        for name, value in {
            "id": PROJECT_ID,
            "title_pt": TITLE,
            "title_en": "Cork oak country at Central European fairs",
            "summary_pt": "Presença coletiva de empresas do montado em feiras.",
            "organisation_name": ORGANISATION,
            "organisation_nif": "500000000",  # fictitious, with a valid check digit
            "markets": "Alemanha, Áustria",
            "start_date": "01/03/2024",
            "end_date": "31/12/2025",
            "objectives_pt": "Chegar a importadores da Europa Central",
            "results": "Empresas participantes; Participating firms; 12; 15",
            "image_alt_pt": "Expositor de cortiça numa feira",
            "image_alt_en": "A cork stand at a fair",
            "image_credit": "Associação Teste do Montado Central",
            "contact_name": "Pessoa Teste Fluxo",
            "contact_email": "pessoa.fluxo@example.org",
        }.items():
            page.fill(f"#f-{name}", value)
        page.select_option("#f-organisation_kind", "business-association")
        page.select_option("#f-status", "ongoing")
        page.select_option("#f-image_licence", "CC-BY-4.0")
        page.check("input[name=sectors][value=cork]")
        page.set_input_files("#f-image", str(photo(tmp_path)))
        page.click("#hub-continue")
        page.locator("#hub-check").wait_for(state="visible")
        page.click("#hub-send")
        done = page.locator("#hub-done-text")
        done.wait_for(state="visible")
        receipt = done.inner_text()
        assert "showcase-" in receipt and page.locator("#hub-download").is_hidden()

        # 2. It waits in the review queue, with its image kept in private/ without GPS.
        (item,) = list_queue(running.config.private)
        assert item["id"] in receipt and item["values"]["title_pt"] == TITLE
        upload = running.config.private.uploads / item["values"]["image"]
        assert upload.is_file() and 0x8825 not in Image.open(upload).getexif()

        # 3. Staff sign in, see the diff and the preview, and approve.
        page.goto(f"{running.url}/staff/")
        page.wait_for_url("**/staff/sign-in**")
        page.fill("#name", NAME)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{running.url}/staff/")
        page.click(f"a[href$='/staff/submissions/{item['id']}']")
        assert page.locator(".staff-diff ins", has_text=TITLE).count() == 1
        assert page.locator(".staff-diff ins", has_text=ORGANISATION).count() >= 1
        preview = page.frame_locator("iframe.staff-preview")
        assert preview.locator("h1").inner_text() == TITLE
        page.click("form[action$=approve] button")
        page.wait_for_url("**/staff/builds**")
        link = page.locator(f"a[href='/projetos/{PROJECT_ID.lower()}.html']")
        link.wait_for(timeout=120_000)  # the page refreshes itself until the rebuild is done

        # 4. The new project page is published, with its organisation, markets and image.
        link.click()
        page.wait_for_load_state("load")
        assert page.locator("h1").first.inner_text() == TITLE
        main = page.locator("main, article").first.inner_text()
        assert ORGANISATION in main and "Áustria" in main
        image = page.locator("img[alt='Expositor de cortiça numa feira']")
        assert image.count() == 1
        assert page.evaluate(
            "(img) => img.complete && img.naturalWidth > 0", image.element_handle()
        )
        assert list_queue(running.config.private) == []
    finally:
        context.close()
