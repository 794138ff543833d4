"""From the site's form to the rebuilt site: queued, approved, published, with no contact data.

Also: hostile text in every text field of every form is published as text; no script runs.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import shutil
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import DATA_PATH, REPO_PATH, QuietHandler

from intlhub.cli.main import main
from intlhub.dataset.load_dataset import load_dataset
from intlhub.site.build_site import build_site

TODAY = dt.date(2026, 1, 1)
CONTACT = {
    "contact_name": "Pessoa Formulário Exemplo",
    "contact_email": "pessoa.formulario@example.org",
    "contact_phone": "+351 266 999 123",
}
PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    "[clique](javascript:window.__xss=3)",
    '"><svg onload=window.__xss=4>',
    '<a href="javascript:window.__xss=5">x</a> {{ 7*7 }} | --- |',
]


def cli(*args: str) -> str:
    """Run an intlhub command in-process; it must succeed."""
    stdout = io.StringIO()
    from contextlib import redirect_stdout

    with redirect_stdout(stdout):
        code = main(list(args))
    assert code == 0, stdout.getvalue()
    return stdout.getvalue()


def download_from_form(page, base_url: str, folder: Path) -> Path:
    """Fill the showcase form on the built site and download the submission."""
    page.goto(base_url + "participar/partilhar-projeto.html")
    for name, value in {
        "id": "TESTE-FORM-0001",
        "title_pt": "Projeto enviado pelo formulário",
        "title_en": "Project sent through the form",
        "summary_pt": "Resumo enviado pelo formulário do sítio.",
        "start_date": "01/04/2016",
        "end_date": "31/12/2017",
        "eligible_cost_eur": "100.000,00",
        "eu_cofinancing_rate": "85%",
        "eu_funding_eur": "85.000,00",
        **CONTACT,
    }.items():
        page.fill(f"#f-{name}", value)
    page.select_option("#f-beneficiary_id", "aicep")  # a real record: never an example
    page.select_option("#f-status", "ongoing")
    page.fill("#f-markets", "China")
    page.click("#hub-continue")
    page.click("#hub-send")
    with page.expect_download() as info:
        page.click("#hub-download")
    target = folder / "submission.json"
    shutil.copy(info.value.path(), target)
    return target


def hostile_files(folder: Path) -> list[tuple[str, Path]]:
    """Payloads in every text field of the three forms, as exports."""
    texts = iter(PAYLOADS * 4)
    showcase = {
        "id": "TESTE-XSS-0001",
        "title_pt": next(texts),
        "title_en": next(texts),
        "summary_pt": next(texts),
        "summary_en": next(texts),
        "beneficiary_id": "ccdr-alentejo",
        "status": "approved",
        "contact_name": next(texts),
        "contact_email": "xss@example.org",
    }
    event = {
        "title_pt": next(texts),
        "title_en": next(texts),
        "kind": "seminar",
        "market_code": "Alemanha",
        "city": next(texts),
        "starts": "20/05/2027",
        "ends": "21/05/2027",
        "contact_name": next(texts),
        "contact_email": "xss@example.org",
    }
    note = {
        "market": "DE",
        "lang": "pt",
        "section": "economy",
        "body": next(texts),
        "source_title": next(texts),
        "source_publisher": next(texts),
        "source_url": "https://example.org/fonte",
        "contact_name": next(texts),
        "contact_email": "xss@example.org",
    }
    files = []
    for form, values in (("showcase", showcase), ("event", event), ("market-note", note)):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(list(values))
        writer.writerow(list(values.values()))
        path = folder / f"{form}.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        files.append((form, path))
    return files


@pytest.fixture(scope="module")
def published(tmp_path_factory, browser, base_url):
    """Submit through the form, ingest, approve everything, rebuild; serve the new site."""
    folder = tmp_path_factory.mktemp("intake-site")
    data_path = folder / "data"
    shutil.copytree(DATA_PATH, data_path)
    context = browser.new_context(accept_downloads=True)
    try:
        submission = download_from_form(context.new_page(), base_url, folder)
    finally:
        context.close()
    cli("ingest", str(submission), "--form", "showcase", "--data", str(data_path))
    queue = json.loads(cli("review", "--json", "--data", str(data_path)))
    assert [(i["form"], i["record_id"]) for i in queue] == [("showcase", "TESTE-FORM-0001")]
    for form, path in hostile_files(folder):
        cli("ingest", str(path), "--form", form, "--data", str(data_path))
    ids = [item["id"] for item in json.loads(cli("review", "--json", "--data", str(data_path)))]
    assert len(ids) == 4
    cli("approve", *ids, "--data", str(data_path))
    site_path = folder / "site"
    build_site(load_dataset(data_path), REPO_PATH, site_path, TODAY, lambda message: None)
    handler = functools.partial(QuietHandler, directory=str(site_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site_path, f"http://127.0.0.1:{server.server_address[1]}/", data_path
    finally:
        server.shutdown()
        server.server_close()


def test_a_form_submission_is_published_without_contact_data(published, page, browser_log):
    site_path, url, data_path = published
    page.goto(url + "projetos/teste-form-0001.html")
    assert page.locator("h1").inner_text() == "Projeto enviado pelo formulário"
    page.goto(url + "en/projects/teste-form-0001.html")
    assert page.locator("h1").inner_text() == "Project sent through the form"
    assert "Self-reported by the beneficiary" in page.inner_text("article")
    for path in [*site_path.rglob("*"), *data_path.rglob("*")]:
        if path.is_file():
            content = path.read_bytes()
            for value in [*CONTACT.values(), "xss@example.org"]:
                assert value.encode() not in content, f"{value!r} leaked into {path}"
    browser_log.assert_clean()


def test_hostile_text_is_published_as_text_and_no_script_runs(published, page):
    _, url, _ = published
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = [
        "projetos/teste-xss-0001.html",
        "en/projects/teste-xss-0001.html",
        "mercados/de.html",
        "en/markets/de.html",
        "sobre.html",
    ]
    for uri in pages:
        page.goto(url + uri, wait_until="load")
        for link in page.locator("article a").all():
            href = link.get_attribute("href") or ""
            assert not href.strip().lower().startswith("javascript:"), f"{uri}: {href}"
        assert page.evaluate("window.__xss") is None, f"a script ran on {uri}"
        assert (
            page.locator(
                "article script, article img[onerror], article svg[onload], article iframe"
            ).count()
            == 0
        )
    page.goto(url + "projetos/teste-xss-0001.html")
    assert "<script>window.__xss=1</script>" in page.locator("h1").inner_text()
    page.goto(url + "mercados/de.html")
    assert "window.__xss" in page.inner_text("article"), "the market note is shown, as text"
    assert dialogs == []
