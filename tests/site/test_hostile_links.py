"""Plain-text fields stay plain and no page links to a script (item 3 of issue 13).

A copy of data/ gets hostile text in every plain-text field of sources and of a market note, and
hostile addresses in every URL field; `validate` must refuse the addresses, and a site built from
the unvalidated copy (as if they had slipped through) must have no live link and no Markdown read.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from helpers import PROJECT_PATH, copy_data
from intlhub.dataset.load_dataset import load_dataset
from intlhub.dataset.validate import validate_data
from intlhub.site.build_site import build_site

TODAY = dt.date(2026, 11, 27)
TEXTS = [
    "[x](javascript:alert(1)) {{ 7*7 }} *a* __b__ <script>alert(2)</script>",
    '<img src=x onerror=alert(3)> {: onclick="alert(4)" } `code` ~~s~~ | pipe',
]
PUBLISHED = "*7*[x](javascript:alert(11))"
URLS = [
    "javascript:alert(5)",
    "https://example.org/a)[x](javascript:alert(6))",
    "JaVaScRiPt:alert(7)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==",
    "vbscript:msgbox(9)",
    " java\tscript:alert(10)",
]
URL_FIELDS = {  # every URL field of the tables, and where the site shows it
    "sources.csv": "url",
    "events.csv": "url",
    "organisations.csv": "website",
    "calls.csv": "notice_url",
    "indicators.csv": "source_url",
}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = ("href", "src", "action", "formaction")


def rewrite_csv(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    for index, row in enumerate(rows):
        change(index, row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def make_hostile(data_path: Path) -> None:
    """Put the payloads in every plain-text field of sources, a market note and every URL field."""

    def hostile_source(index: int, row: dict) -> None:
        row["title"] = TEXTS[index % 2]
        row["publisher"] = TEXTS[(index + 1) % 2]
        row["note"] = TEXTS[index % 2]
        row["published"] = PUBLISHED
        row["url"] = URLS[index % len(URLS)]

    rewrite_csv(data_path / "sources.csv", hostile_source)
    for name, field in URL_FIELDS.items():
        if name != "sources.csv":
            rewrite_csv(
                data_path / name, lambda i, row, f=field: row.update({f: URLS[i % len(URLS)]})
            )
    source_ids = [row["id"] for row in csv.DictReader((data_path / "sources.csv").open())]
    for lang in ("pt", "en"):  # a market note as the intake merges it: body and cited sources
        path = data_path / "markets" / f"de.{lang}.yaml"
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        document["sections"]["economy"] = {
            "last_reviewed": "2026-11-27",
            "body": TEXTS[0] + "\n\n" + TEXTS[1],
            "sources": source_ids[: len(URLS)],
            "verification": "self-reported",
        }
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    path = data_path / "programmes.yaml"  # where a programme publishes its calls
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["programmes"][1]["calls_url"]["value"] = URLS[1]
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    path = data_path / "site.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["licence"]["url"] = URLS[1]
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def data_path(tmp_path_factory) -> Path:
    path = copy_data(tmp_path_factory.mktemp("hostile"))
    make_hostile(path)
    return path


@pytest.fixture(scope="module")
def site_path(data_path, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile-site") / "site"
    build_site(load_dataset(data_path), PROJECT_PATH, path, TODAY, lambda message: None)
    return path


class PageLinks(HTMLParser):
    """Every URL attribute of a page (entities decoded by the parser), and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.emphasis_depth = 0
        self.emphasised: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.lower() in URL_ATTRIBUTES:
                self.urls.append((tag, name, value or ""))
        if tag in ("em", "strong", "del", "code"):
            self.emphasis_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("em", "strong", "del", "code"):
            self.emphasis_depth -= 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.emphasis_depth:
            self.emphasised.append(data)


def scheme_of(url: str) -> str:
    """The scheme a browser sees: entities decoded, controls and spaces removed, lower case."""
    text = "".join(c for c in html.unescape(url) if c > " " and c != "\x7f")
    return text.lower()


def parse(path: Path) -> PageLinks:
    parser = PageLinks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_validate_refuses_every_hostile_address(data_path):
    _, problems = validate_data(data_path, TODAY)
    errors = [problem for problem in problems if problem.severity == "error"]
    refused = {(Path(problem.file).name, problem.field, problem.row) for problem in errors}
    for name, field in URL_FIELDS.items():
        rows = {row for file, f, row in refused if (file, f) == (name, field)}
        assert len(rows) >= 2, f"{name} field {field!r}: hostile addresses passed validate"
    files = {Path(problem.file).name for problem in errors}
    assert {"programmes.yaml", "site.yaml"} <= files, "the calls address or licence url passed"


def test_no_page_of_the_built_site_has_a_script_link(site_path):
    pages = sorted(site_path.rglob("*.html"))
    assert len(pages) > 60
    found = [
        (str(page.relative_to(site_path)), tag, name, value)
        for page in pages
        for tag, name, value in parse(page).urls
        if scheme_of(value).startswith(BAD_SCHEMES)
    ]
    assert found == []


@pytest.mark.parametrize(
    "uri", ["mercados/de.html", "en/markets/de.html", "sobre.html", "en/about.html"]
)
def test_plain_text_is_shown_as_written(site_path, uri):
    page = parse(site_path / uri)
    text = " ".join("".join(page.text).split())
    for payload in [*TEXTS, PUBLISHED]:
        assert " ".join(payload.split()) in text, f"{uri} does not show {payload!r} as written"
    whole = {" ".join(payload.split()) for payload in TEXTS}  # a template may bold a whole title
    assert not [
        t
        for t in page.emphasised
        if ("7" in t or t.strip() in ("a", "b", "s")) and " ".join(t.split()) not in whole
    ]
    assert not [u for _, _, u in page.urls if "example.org/a)" in u and "[x]" not in html.unescape(u)]
