"""A missing page, deep in either language, is answered by the service with that language's 404
page, and the page keeps its styles (issue 14: it was English, and its assets broke)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA_PATH, REPO_PATH
from test_staff_screen import free_port, serving

from intlhub.service.app import create_app
from intlhub.service.config import load_config


@pytest.fixture(scope="module")
def service_url(site_path: Path, tmp_path_factory) -> Iterator[str]:
    """`intlhub serve`'s application over a copy of the built site, on a loopback port."""
    root = tmp_path_factory.mktemp("not-found")
    shutil.copytree(DATA_PATH, root / "data")
    shutil.copytree(site_path, root / "site")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    config = load_config(root / "data", REPO_PATH, root / "site", str(root / "private"), url)
    with serving(create_app(config), port):
        yield url


@pytest.mark.parametrize(
    ("path", "lang", "title"),
    [
        ("/projetos/nao/existe/mesmo.html", "pt-PT", "Página não encontrada"),
        ("/en/projects/does/not/exist.html", "en", "Page not found"),
    ],
)
def test_a_deep_missing_page_is_a_styled_404_in_its_language(
    browser, service_url, path, lang, title
):
    page = browser.new_page()
    styles: dict[str, int] = {}
    page.on(
        "response",
        lambda response: (
            styles.__setitem__(response.url, response.status)
            if response.request.resource_type == "stylesheet"
            else None
        ),
    )
    try:
        response = page.goto(service_url + path)
        assert response is not None and response.status == 404
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("h1").inner_text() == title
        assert styles and all(status == 200 for status in styles.values()), styles
        # Material's stylesheet applied: its header bar is fixed, not a plain block.
        assert page.locator(".md-header").evaluate("e => getComputedStyle(e).position") == "sticky"
    finally:
        page.close()
