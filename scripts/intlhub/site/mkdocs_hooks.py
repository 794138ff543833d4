"""MkDocs hooks of the generated site: skip Markdown for raw-HTML pages, check their links, trim output.

Registered in every generated MkDocs config (`hooks:`). Nothing here is needed for a correct site:
without the hooks, MkDocs (or any tool reading the same Markdown) passes a raw-HTML body through
unchanged. The hooks make the item pages cheap to build at scale:

- a page whose front matter says `body: html` is already HTML, so Python-Markdown (most of a page's
  build time) is skipped and the body is used as the page content as it is; MkDocs' `Page.render`
  is not even called for it, as building a Markdown converter for an empty source (all it would
  do) costs about a quarter of a millisecond a page, some 10 s of CPU at 20,000 projects;
- MkDocs' `--strict` link validation only sees Markdown links, so every relative link of every
  page's content (raw HTML in Markdown pages too, e.g. the project tables of call and market
  pages) is checked here against the site's files, and a broken one is a warning (an error with
  `--strict`);
- the table of contents comes from the page's own `<h1|h2|h3 id="...">` headings (Python-Markdown's
  `toc` extension does not read raw HTML), which also gives Material's skip link its target; a
  heading with any other attribute (such as `data-toc-skip`) stays out of it;
- every `href`, `src`, `action` and `formaction` of a page's content must pass the site's one
  allow-list of schemes (`base.sanitize.safe_url`: http, https, mailto or relative); another one
  (`javascript:`, `data:`…) is a warning, so a `--strict` build fails rather than publish it;
- whitespace between the theme's template lines is collapsed (outside `<pre>` and `<textarea>`),
  which removes about a fifth of every page's bytes and changes nothing that is rendered;
- MkDocs' warning that a `--dirty` build may leave navigation and links stale is dropped (with
  `--strict` it would fail the build): `intlhub build` runs `--dirty` only when its manifest shows
  that nothing but the changed pages' own sources differ, removes those pages' old output first,
  and a test compares the result with a clean build (site/build_site.py `build_changes`).
"""

from __future__ import annotations

import functools
import html
import logging
import posixpath
import re
from typing import Any
from urllib.parse import unquote, urlsplit

from mkdocs.structure.toc import get_toc

from intlhub.base.sanitize import safe_url

LOG = logging.getLogger("mkdocs.plugins.intlhub")
PAGES_LOG = logging.getLogger("mkdocs.structure.pages")  # Page.render keeps anchor links by its level
HTML_BODY = "html"  # front matter `body: html`
HEADING = re.compile(r'<h([1-3]) id="([^"]+)">(.*?)</h\1>', re.S)  # other attributes: left out
HREF = re.compile(r'\shref="([^"]*)"')
URL_ATTRIBUTE = re.compile(
    r"""\s(?:href|src|action|formaction)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I
)
TAG = re.compile(r"<[^>]+>")
KEEP_WHITESPACE = re.compile(r"(<(pre|textarea)\b.*?</\2>)", re.S | re.I)
LINE_BREAK_RUN = re.compile(r"[ \t]*\n\s*")

html_bodies: dict[str, str] = {}  # src_uri -> raw HTML body, between the two page events
site_uris: set[str] = set()  # dest_uri of every file of the build


class DropDirtyBuildWarning(logging.Filter):
    """Drop MkDocs' warning about `--dirty` builds (see the module docstring)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but the `--dirty` warning."""
        return not record.getMessage().startswith("A 'dirty' build is being performed")


DIRTY_FILTER = DropDirtyBuildWarning()


def on_startup(command: str, dirty: bool) -> None:
    """Silence the `--dirty` warning of an incremental `intlhub build`."""
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(DIRTY_FILTER)


def is_html_body(page: Any) -> bool:
    """Whether the page's front matter marks its body as raw HTML."""
    return bool(page.meta) and page.meta.get("body") == HTML_BODY


def on_files(files: Any, config: Any) -> Any:
    """Remember every output file of the build, for the link check."""
    site_uris.clear()
    site_uris.update(file.dest_uri for file in files)
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Keep a raw-HTML body aside and give Python-Markdown nothing to convert."""
    if not is_html_body(page):
        return markdown
    html_bodies[page.file.src_uri] = markdown
    page.render = functools.partial(render_empty_source, page)  # this page only
    return ""


def render_empty_source(page: Any, config: Any, files: Any) -> None:
    """Set what MkDocs' `Page.render` sets for an empty source, without building a converter.

    Python-Markdown returns "" for a blank source before any extension runs, so the converter's
    only effects are its initial state: no toc tokens, no title, no anchors, no links to anchors
    (mkdocs/structure/pages.py; tests/site/test_mkdocs_hooks.py compares the two).
    """
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    if PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = {}


def on_page_content(content: str, page: Any, config: Any, files: Any) -> str:
    """Put a raw-HTML body back as the page content, with its table of contents; check the links."""
    body = html_bodies.pop(page.file.src_uri, None)
    if body is not None:
        content = body
        page.toc = get_toc(toc_tokens(body))
    for problem in broken_links(content, page.file.dest_uri) + unsafe_links(content):
        LOG.warning("Doc file '%s' %s", page.file.src_uri, problem)
    return content


def unsafe_links(body: str) -> list[str]:
    """Return a message for every link or source whose scheme the allow-list refuses."""
    problems = []
    for match in URL_ATTRIBUTE.finditer(body):
        value = next(group for group in match.groups() if group is not None)
        if value and not safe_url(html.unescape(value)):
            problems.append(
                f"contains a link {value!r} that is not http, https, mailto or relative: "
                "pass every URL through the `href` filter (base.sanitize.escape_url)."
            )
    return problems


def toc_tokens(body: str) -> list[dict[str, Any]]:
    """Return Python-Markdown-style toc tokens from the headings, each nested under the one above it."""
    tokens: list[dict[str, Any]] = []
    open_tokens: list[dict[str, Any]] = []
    for level, anchor, inner in HEADING.findall(body):
        name = html.escape(html.unescape(TAG.sub("", inner)).strip(), quote=False)
        token = {"level": int(level), "id": anchor, "name": name, "children": []}
        while open_tokens and open_tokens[-1]["level"] >= token["level"]:
            open_tokens.pop()
        (open_tokens[-1]["children"] if open_tokens else tokens).append(token)
        open_tokens.append(token)
    return tokens


def broken_links(body: str, dest_uri: str) -> list[str]:
    """Return a message for every relative link that points at no file of this build."""
    problems = []
    base_uri = posixpath.dirname(dest_uri)
    for href in HREF.findall(body):
        parts = urlsplit(html.unescape(href))
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            continue  # other sites, mailto:, same-page anchors and absolute paths
        target_uri = posixpath.normpath(posixpath.join(base_uri, unquote(parts.path)))
        if target_uri.startswith("../"):
            continue  # outside this language's build (another language, or the root's files)
        if target_uri not in site_uris:
            problems.append(
                f"contains a link '{href}', but the target '{target_uri}' is not found."
            )
    return problems


def collapse_whitespace(output: str) -> str:
    """Collapse each run of blank space that holds a line break into one line break."""
    parts = KEEP_WHITESPACE.split(output)
    # split() with two groups yields [text, kept, tag name, text, kept, tag name, ..., text]
    return "".join(
        LINE_BREAK_RUN.sub("\n", part) if index % 3 == 0 else (part if index % 3 == 1 else "")
        for index, part in enumerate(parts)
    )


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Trim the blank lines and indentation the theme's templates leave in every page."""
    return collapse_whitespace(output)
