"""Shared e2e fixtures: one real site build, one local HTTP server and one Chromium per session."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO_PATH = Path(__file__).resolve().parents[2]
DATA_PATH = REPO_PATH / "data"

# 2026-01-01T00:00:00Z: a fixed "today" so the build does not depend on the day the tests run.
SOURCE_DATE_EPOCH = "1767225600"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Schemes that never leave the machine: the page itself, inline data and blobs.
LOCAL_SCHEMES = {"file", "data", "blob", "about", "chrome-error"}

# The same page in both languages: (name, pt_uri, en_uri). The generator's page paths.
PAGE_PAIRS = [
    ("home", "index.html", "en/index.html"),
    ("programme", "programa.html", "en/programme.html"),
    ("markets", "mercados/index.html", "en/markets/index.html"),
    ("market", "mercados/es.html", "en/markets/es.html"),
    ("market-fr", "mercados/fr.html", "en/markets/fr.html"),
    ("market-de", "mercados/de.html", "en/markets/de.html"),
    ("market-cn", "mercados/cn.html", "en/markets/cn.html"),
    ("projects", "projetos/index.html", "en/projects/index.html"),
    ("project", "projetos/exemplo-001.html", "en/projects/exemplo-001.html"),
    (
        "beneficiary",
        "organizacoes/exemplo-assoc-vinhos.html",
        "en/organisations/exemplo-assoc-vinhos.html",
    ),
    ("statistics", "estatisticas.html", "en/statistics.html"),
    ("calls", "concursos/index.html", "en/calls/index.html"),
    ("call", "concursos/call-1.html", "en/calls/call-1.html"),
    ("data", "dados.html", "en/data.html"),
    ("accessibility", "acessibilidade.html", "en/accessibility.html"),
    ("privacy", "privacidade.html", "en/privacy.html"),
    ("about", "sobre.html", "en/about.html"),
    ("search", "pesquisa.html", "en/search.html"),
    ("calendar", "calendario.html", "en/calendar.html"),
    ("content-status", "estado-dos-conteudos.html", "en/content-status.html"),
    ("eligibility", "elegibilidade/index.html", "en/eligibility/index.html"),
    ("checker", "elegibilidade/call-1.html", "en/eligibility/call-1.html"),
    (
        "calls-compared",
        "elegibilidade/comparar-concursos.html",
        "en/eligibility/compare-calls.html",
    ),
    ("form", "participar/partilhar-projeto.html", "en/contribute/share-a-project.html"),
]
# The kinds of page that axe-core checks, in both languages.
AXE_PAGE_NAMES = [
    "home",
    "programme",
    "market",
    "market-fr",
    "market-de",
    "market-cn",
    "project",
    "accessibility",
    "privacy",
    "about",
    "markets",
    "calendar",
    "content-status",
    "projects",
    "beneficiary",
    "statistics",
    "calls",
    "call",
    "data",
    "eligibility",
    "checker",
    "calls-compared",
    "form",
]


@dataclass(frozen=True)
class SitePage:
    """One page of the built site and its counterpart in the other language."""

    name: str
    lang: str
    uri: str
    other_lang: str
    other_uri: str

    @property
    def id(self) -> str:
        """Test id, such as 'pt-market'."""
        return f"{self.lang}-{self.name}"


def list_site_pages() -> list[SitePage]:
    """Every page in PAGE_PAIRS, Portuguese first, then English."""
    pages = []
    for name, pt_uri, en_uri in PAGE_PAIRS:
        pages.append(SitePage(name, "pt", pt_uri, "en", en_uri))
        pages.append(SitePage(name, "en", en_uri, "pt", pt_uri))
    return pages


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize `site_page` over every page and `axe_page` over the pages axe checks."""
    pages = list_site_pages()
    if "site_page" in metafunc.fixturenames:
        metafunc.parametrize("site_page", pages, ids=[page.id for page in pages])
    if "axe_page" in metafunc.fixturenames:
        axe_pages = [page for page in pages if page.name in AXE_PAGE_NAMES]
        metafunc.parametrize("axe_page", axe_pages, ids=[page.id for page in axe_pages])


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as e2e."""
    e2e_path = Path(__file__).parent
    for item in items:
        if e2e_path in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


def find_intlhub_command() -> list[str]:
    """Return the command that runs this venv's intlhub CLI."""
    script_path = Path(sys.executable).parent / "intlhub"
    if script_path.exists():
        return [str(script_path)]
    return [sys.executable, "-m", "intlhub.cli"]


@pytest.fixture(scope="session")
def site_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the real site from data/ once per session and return its folder."""
    site_path = tmp_path_factory.mktemp("e2e") / "site"
    command = [
        *find_intlhub_command(),
        "build",
        "--data",
        str(DATA_PATH),
        "--site-dir",
        str(site_path),
    ]
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    result = subprocess.run(
        command, cwd=REPO_PATH, env=env, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        pytest.fail(
            f"Site build failed (exit {result.returncode}): {' '.join(command)}\n"
            f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}",
            pytrace=False,
        )
    if not (site_path / "index.html").is_file():
        pytest.fail(f"Site build wrote no index.html into {site_path}", pytrace=False)
    return site_path


class QuietHandler(SimpleHTTPRequestHandler):
    """Static file handler that does not log every request to stderr."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(site_path: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 on a free port; yield its URL with a trailing slash."""
    handler = functools.partial(QuietHandler, directory=str(site_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="e2e-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def axe_path() -> Path:
    """Return the axe-core script that `make test` installs from npm."""
    axe_path = Path(os.environ.get("AXE_PATH", "")).expanduser()
    if not os.environ.get("AXE_PATH") or not axe_path.is_file():
        pytest.fail(
            f"axe-core not found (AXE_PATH={os.environ.get('AXE_PATH')!r}).\n\n"
            "Run the tests with `make test`, which installs axe-core into .cache/npm "
            "and sets AXE_PATH.",
            pytrace=False,
        )
    return axe_path


@pytest.fixture(scope="session")
def browser():
    """Launch Debian's Chromium once per session through Playwright."""
    chromium_path = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    if not chromium_path.is_file():
        pytest.fail(
            f"Chromium not found at {str(chromium_path)!r}.\n\n"
            "Run the tests with `make test`, which installs Debian's chromium "
            "(or: sudo apt-get install -y chromium).",
            pytrace=False,
        )
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.fail(
            "playwright is not installed.\n\nRun the tests with `make test`.", pytrace=False
        )
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS
        )
    except Error as error:
        playwright.stop()
        pytest.fail(
            f"Chromium at {str(chromium_path)!r} did not start: {error}\n\nRun `make test`.",
            pytrace=False,
        )
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


def is_local_url(url: str) -> bool:
    """Tell whether a request URL stays on this machine."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in LOCAL_HOSTS


@dataclass
class BrowserLog:
    """Everything a page did that a test may want to check afterwards."""

    requests: list[str] = field(default_factory=list, repr=False)
    failed_responses: list[str] = field(default_factory=list, repr=False)
    console_errors: list[str] = field(default_factory=list, repr=False)
    page_errors: list[str] = field(default_factory=list, repr=False)

    def external_requests(self) -> list[str]:
        """Requests that left 127.0.0.1/localhost."""
        return [url for url in self.requests if not is_local_url(url)]

    def forget_static_host_refusal(self) -> None:
        """Drop the refused POST to /api/submissions/ of a static host (no intake service there:
        the form falls back to a download, which is what such a test checks)."""
        self.failed_responses = [t for t in self.failed_responses if "/api/submissions/" not in t]
        self.console_errors = [t for t in self.console_errors if "/api/submissions/" not in t]

    def assert_clean(self) -> None:
        """Fail if any request left the machine or the page logged an error."""
        problems = []
        problems += [f"external request: {url}" for url in self.external_requests()]
        problems += [f"failed response: {text}" for text in self.failed_responses]
        problems += [f"console error: {text}" for text in self.console_errors]
        problems += [f"page error: {text}" for text in self.page_errors]
        assert not problems, "The pages visited in this test had problems:\n" + "\n".join(problems)


@pytest.fixture
def browser_log() -> BrowserLog:
    """A fresh log that the `page` fixture fills."""
    return BrowserLog()


@pytest.fixture
def page(browser, browser_log: BrowserLog):
    """A new page in a fresh context, logging requests and errors into browser_log."""
    context = browser.new_context(locale="pt-PT")
    context.set_default_timeout(10_000)
    # Nothing may leave the machine: record it (below) and abort it instead of waiting on it.
    context.route(lambda url: not is_local_url(url), lambda route: route.abort())
    page = context.new_page()
    page.on("request", lambda request: browser_log.requests.append(request.url))
    page.on(
        "response",
        lambda response: (
            browser_log.failed_responses.append(f"HTTP {response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )
    page.on(
        "console",
        lambda message: (
            browser_log.console_errors.append(
                f"{page.url}: {message.text} (at {message.location.get('url') or '?'})"
            )
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: browser_log.page_errors.append(f"{page.url}: {error}"))
    try:
        yield page
    finally:
        context.close()
