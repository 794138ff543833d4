"""The one place where data text is made safe for Markdown and HTML output."""

from __future__ import annotations

import html
import re

import nh3

MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]{}#!])")  # Python-Markdown escapable
LINE_START_MARKUP = re.compile(r"^(\s*)(\d+)\.(\s)|^(\s*)([-+=])", re.M)


def escape_html(value: object) -> str:
    """Escape a value for an HTML text node or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def escape_html_text(value: object) -> str:
    """Escape data text for an HTML text node, as one line (a raw-HTML block has no blank lines)."""
    return html.escape(" ".join(("" if value is None else str(value)).split()), quote=False)


def escape_markdown(value: object) -> str:
    """Render data text as literal text in Markdown: no HTML, links or emphasis can result."""
    text = "" if value is None else str(value)
    text = " ".join(text.split())  # data text is one paragraph; no line can start a block
    text = html.escape(text, quote=False)  # '<' and '&' become entities: raw HTML cannot start
    text = MARKDOWN_SPECIALS.sub(r"\\\1", text)
    text = text.replace("|", "&#124;").replace("~", "&#126;")  # not escapable by backslash
    return LINE_START_MARKUP.sub(
        lambda m: (
            (m.group(1) or "") + (m.group(2) or "") + "\\." + (m.group(3) or "")
            if m.group(2)
            else (m.group(4) or "") + "\\" + m.group(5)
        ),
        text,
    )  # noqa: E501


def clean_markdown(value: object) -> str:
    """Keep a safe subset of Markdown from submitted text: no HTML tags, no script links."""
    text = nh3.clean(
        "" if value is None else str(value), tags=set(), url_schemes={"http", "https", "mailto"}
    )
    return re.sub(r"\]\(\s*(?:javascript|data|vbscript):[^)]*\)", "]()", text, flags=re.I)


# A spreadsheet treats a cell starting with one of these as a formula (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_TEXT = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def escape_spreadsheet_cell(value: object) -> str:
    """Make a text cell inert in Excel/LibreOffice: prefix "'" when it could start a formula.

    A cell that is a plain number (such as "-12,5") is left alone.
    """
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not NUMBER_TEXT.fullmatch(text):
        return "'" + text
    return text
