"""Where each page lives: its slug per language, its Markdown and HTML paths, and relative links."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from functools import cache

# Where each kind of page lives, per language. Keys are stable; values are the URL slugs.
SLUGS = {
    "programme": {"pt": "programa", "en": "programme"},
    "calls": {"pt": "concursos", "en": "calls"},
    "eligibility": {"pt": "elegibilidade", "en": "eligibility"},
    "eligibility-compare": {
        "pt": "elegibilidade/comparar-concursos",
        "en": "eligibility/compare-calls",
    },
    "how-to-apply": {"pt": "como-candidatar", "en": "how-to-apply"},
    "faq": {"pt": "perguntas-frequentes", "en": "faq"},
    "glossary": {"pt": "glossario", "en": "glossary"},
    "contacts": {"pt": "contactos", "en": "contacts"},
    "markets": {"pt": "mercados", "en": "markets"},
    "projects": {"pt": "projetos", "en": "projects"},
    "organisations": {"pt": "organizacoes", "en": "organisations"},
    "about": {"pt": "sobre", "en": "about"},
    "privacy": {"pt": "privacidade", "en": "privacy"},
    "accessibility": {"pt": "acessibilidade", "en": "accessibility"},
    "search": {"pt": "pesquisa", "en": "search"},
    "calendar": {"pt": "calendario", "en": "calendar"},
    "content-status": {"pt": "estado-dos-conteudos", "en": "content-status"},
    "statistics": {"pt": "estatisticas", "en": "statistics"},
    "data": {"pt": "dados", "en": "data"},
    "page": {"pt": "pagina", "en": "page"},
    "contribute": {"pt": "participar", "en": "contribute"},
}


def page_uri(key: str, lang: str, item: str | None = None, page: int = 1) -> str:
    """Return a page's Markdown URI (relative to its language's docs dir)."""
    if key == "home":
        return "index.md"
    slug = SLUGS[key][lang]
    if item is not None:
        return f"{slug}/{item.lower()}.md"
    if key in ("calls", "markets", "projects", "organisations", "eligibility"):
        return f"{slug}/index.md" if page == 1 else f"{slug}/{SLUGS['page'][lang]}-{page}.md"
    return f"{slug}.md" if page == 1 else f"{slug}-{SLUGS['page'][lang]}-{page}.md"


def html_uri(uri: str) -> str:
    """Return the built page's path for a Markdown URI (use_directory_urls is off)."""
    return uri[: -len(".md")] + ".html"


def relative_url(from_uri: str, to_uri: str) -> str:
    """Return the relative URL from one Markdown page to another page (or file)."""
    return relative_from_folder(posixpath.dirname(from_uri) or ".", to_uri)


@cache
def relative_from_folder(folder_uri: str, to_uri: str) -> str:
    """Return the relative URL from a folder to a page (cached: pages of a folder share their links)."""
    return posixpath.relpath(to_uri, folder_uri)


def site_prefix(lang: str, languages: Sequence[str]) -> str:
    """Return where a language's site lives under the site root: '' or 'en/'."""
    return "" if lang == languages[0] else f"{lang}/"


def alternate_url(uri: str, lang: str, other_uri: str, other: str, languages: Sequence[str]) -> str:
    """Return the relative URL from a page to the same page in another language."""
    return site_root_url(uri, lang, languages) + site_prefix(other, languages) + html_uri(other_uri)


def site_root_url(uri: str, lang: str, languages: Sequence[str]) -> str:
    """Return the relative URL from a page to the root of the whole site (all languages)."""
    return "../" * (uri.count("/") + site_prefix(lang, languages).count("/"))
