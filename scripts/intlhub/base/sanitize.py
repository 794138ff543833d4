"""The one place where data text is made safe for Markdown and HTML output."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]{}#!])")  # Python-Markdown escapable
LINE_START_MARKUP = re.compile(r"^(\s*)(\d+)\.(\s)|^(\s*)([-+=])", re.M)


def escape_html(value: object) -> str:
    """Escape a value for an HTML text node or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


# Characters that Python-Markdown or its extensions (tables, attr_list, def_list, admonition) may
# read as markup inside inline HTML; as numeric character references they are literal everywhere.
MARKUP_CHARACTERS = {ord(c): f"&#{ord(c)};" for c in "\\`*_[]{}#!|~"}
MARKUP_CHARACTERS.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"})
MARKUP_CHARACTERS.update({ord('"'): "&quot;", ord("'"): "&#x27;"})
# str.translate looks each character of a non-ASCII string up in the table one by one (about 20 µs
# for a title with one accent; 30 escapes a project page); a regex finds the few that change.
MARKUP_CHARACTER = re.compile("[" + re.escape("".join(map(chr, MARKUP_CHARACTERS))) + "]")
LINE_START = re.compile(r"^(?:[-+=:]|\d+[.)])")  # a list, heading rule, definition… at a line start


def markup_reference(match: re.Match[str]) -> str:
    """Return the character reference of one markup character (MARKUP_CHARACTERS)."""
    return MARKUP_CHARACTERS[ord(match[0])]


def escape_text(value: object) -> str:
    """Escape data text as one line that neither HTML nor Markdown interprets (text or attribute).

    Whitespace runs become one space, so a value can never start a Markdown block, and every
    character Markdown could read as markup becomes a character reference (rendered as itself).
    """
    text = " ".join(("" if value is None else str(value)).split())
    text = MARKUP_CHARACTER.sub(markup_reference, text)
    start = LINE_START.match(text)
    if start:  # a list item, rule or definition if the value begins a line; plain text elsewhere
        text = start.group()[:-1] + f"&#{ord(start.group()[-1])};" + text[start.end() :]
    return text


def escape_html_text(value: object) -> str:
    """Escape data text for an HTML text node, as one line (a raw-HTML block has no blank lines)."""
    return escape_text(value)


# A web address as data/ stores it: http(s), no space, quote, bracket or other character that is
# not legal in a URL (the same pattern is in data/datapackage.yaml and dataset/schemas/*.json).
WEB_URL_PATTERN = r"""^https?://[^\s<>"'`{}|\\^\[\]]+$"""

# The one allow-list of link schemes: every href/src the site writes passes `safe_url`.
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
URL_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
URL_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]")  # browsers drop some, so they could hide a scheme
URL_SAFE_CHARACTERS = "!#$%&'()*+,-./:;=?@[]~_"  # left as they are; anything else is %-encoded
# Python-Markdown reads links and emphasis even inside an inline tag's attribute, so these become
# character references too (a browser decodes them back: the URL is unchanged).
URL_MARKUP_CHARACTERS = {**MARKUP_CHARACTERS, ord("("): "&#40;", ord(")"): "&#41;"}


def safe_url(value: object) -> str:
    """Return the URL if it is relative or its scheme is http, https or mailto; otherwise ''.

    The check is case-insensitive and refuses control characters and spaces anywhere (a browser
    removes tabs and line breaks inside a URL, so `java\tscript:` would otherwise get through).
    """
    text = ("" if value is None else str(value)).strip()
    if URL_CONTROL.search(text):
        return ""
    scheme = URL_SCHEME.match(text)
    if scheme and scheme.group(1).lower() not in ALLOWED_URL_SCHEMES:
        return ""
    return text


# Domains reserved for examples (RFC 2606, RFC 6761): an address under one is a placeholder.
EXAMPLE_DOMAIN = re.compile(
    r"(?:^|[@./])(?:example\.(?:org|com|net)|[^/@.\s]+\.(?:example|invalid|test))(?:[:/]|$)", re.I
)


def is_example_address(value: object) -> bool:
    """Return True for a web or e-mail address under a domain reserved for examples."""
    return bool(EXAMPLE_DOMAIN.search("" if value is None else str(value).strip()))


def escape_url(value: object) -> str:
    """Return an allowed URL (see `safe_url`) ready for a quoted href/src attribute; '' if refused.

    Characters that are not legal in a URL, such as '|', '"', '<' or '`', are %-encoded, and the
    legal ones Markdown reads ('[', '(', '*', '_'…) become character references, so the value
    cannot end the attribute, split a Markdown table cell or start a link or emphasis.
    """
    url = safe_url(value)
    return quote(url, safe=URL_SAFE_CHARACTERS).translate(URL_MARKUP_CHARACTERS)


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
