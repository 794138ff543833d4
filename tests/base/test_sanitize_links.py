"""The one allow-list of link schemes and the escaping of plain text (item 3 of issue 13)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import pytest

from helpers import PROJECT_PATH
from intlhub.base.sanitize import escape_text, escape_url, safe_url

EXTENSIONS = ["tables", "attr_list", "md_in_html", "def_list", "admonition", "toc"]  # mkdocs.yml
TEMPLATES_PATH = PROJECT_PATH / "scripts" / "intlhub" / "site" / "templates"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x00javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "DATA:image/svg+xml,<svg onload=alert(1)>",
        "file:///etc/passwd",
    ],
)
def test_other_schemes_are_refused(url):
    assert safe_url(url) == "" and escape_url(url) == ""


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a?b=1&c=2#d",
        "HTTP://example.org/",
        "mailto:a@example.org",
        "../x.html",
        "#top",
        "x/y.html",
    ],
)
def test_http_https_mailto_and_relative_pass(url):
    assert html.unescape(escape_url(url)) == url


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "{{ 7*7 }} *a* __b__ `c`",
        "<script>alert(1)</script> <img src=x onerror=alert(1)>",
        '{: onclick="alert(1)" }',
        "- 1. # ! > : | ~",
        "a\n\n    indented code\n\n- list",
    ],
)
def test_escaped_text_is_literal_in_markdown_inline_html_and_table_cells(text):
    escaped = escape_text(text)
    url = escape_url("https://example.org/a)[x](javascript:alert(1))|*_")
    for source in (
        f'A <span class="s"><a href="{url}">{escaped}</a> ({escaped})</span>',
        f'| h |\n|---|\n| <a href="{url}">{escaped}</a> |',
        escaped,
    ):
        output = markdown.markdown(source, extensions=EXTENSIONS)
        hrefs = re.findall(r'href="([^"]*)"', output)
        assert all(html.unescape(h).startswith("https://example.org/a)[x]") for h in hrefs), output
        assert not re.search(r"<(em|strong|code|script|img|li|pre|h\d)\b|<[^>]*\son\w+=", output), (
            output
        )
        assert " ".join(text.split()) in html.unescape(re.sub(r"<[^>]+>", "", output)), output


def test_every_href_and_src_of_the_templates_passes_the_allow_list():
    """A template writes a URL attribute only through the `href` filter (or a fixed anchor)."""
    found = []
    for path in sorted(TEMPLATES_PATH.glob("*.j2")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'\b(href|src|action|formaction)="([^"]*)"', text):
            value = match.group(2)
            if not (value.startswith("#") and "{{" not in value) and not re.fullmatch(
                r"\{\{ [^{}]* \| href \}\}", value
            ):
                found.append(f"{path.name}: {match.group()}")
        for match in re.finditer(r"\]\(\{\{ (.*?) \}\}\)", text):  # Markdown links: our pages only
            if not re.match(r"(link|link_file)\(|entry\.url$", match.group(1)):
                found.append(f"{path.name}: {match.group()}")
    assert found == [], "pass the URL through `| href` (or the ext_link macro)"


def test_the_templates_are_read_where_this_test_expects_them():
    assert len(list(Path(TEMPLATES_PATH).glob("*.md.j2"))) > 20


def test_escaped_text_replaces_exactly_the_markup_characters_of_the_table():
    from intlhub.base.sanitize import MARKUP_CHARACTERS

    samples = [
        "".join(map(chr, MARKUP_CHARACTERS)),
        "Exportação & «promoção» <b>|</b> [a](b) \\`*_{}#!~ 'x' \"y\" – ações",
        "1. Item",
        "+ plus",
        "=",
        "Ação sem marcas",
        "",
        None,
        12.5,
        "\u00a0no-break\u2028line\tTab\n\nblank",
    ]
    for sample in samples:
        joined = " ".join(("" if sample is None else str(sample)).split())
        expected = joined.translate(MARKUP_CHARACTERS)  # the table, applied one character each
        escaped = escape_text(sample)
        start = re.match(r"^(?:[-+=:]|\d+[.)])", joined)
        if start:
            mark = start.group()[-1]
            expected = expected.replace(mark, f"&#{ord(mark)};", 1)
        assert escaped == expected, sample
