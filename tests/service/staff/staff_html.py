"""Parse staff pages as a browser would, to find elements or attributes a payload injected."""

from __future__ import annotations

from html.parser import HTMLParser

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcdoc", "data"}


class Elements(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def parse(html: str) -> list[tuple[str, dict[str, str]]]:
    """The (tag, attributes) of every element of a page."""
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser.tags


def injected(html: str) -> list[str]:
    """Script elements, event-handler attributes, images and javascript: URLs found in a page."""
    found = []
    for tag, attrs in parse(html):
        if tag in ("script", "img", "svg", "object", "embed"):
            found.append(f"<{tag} {attrs}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                found.append(f"<{tag} {name}={value!r}>")
    return found
