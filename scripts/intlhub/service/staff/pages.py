"""How the staff screen renders: Jinja2 with autoescape (every value from a submission is
escaped), the UI strings of base/strings/staff.yaml, and the security headers of every response."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import jinja2
from starlette.datastructures import MutableHeaders
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from intlhub.base import i18n
from intlhub.intake.changes import warning_text

LANGUAGES = ("pt", "en")
ROOT = "/staff/"
STAFF_HEADERS = {
    "cache-control": "no-store",
    "content-security-policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}
# The preview holds text from a submission: it runs nothing and loads only styles and images,
# inside the staff page's sandboxed iframe.
PREVIEW_HEADERS = {
    "content-security-policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'self'",
    "x-frame-options": "SAMEORIGIN",
}

ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("intlhub.service.staff", "templates"),
    undefined=jinja2.StrictUndefined,
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class PageError:
    """One entry of a page's error summary; `target` is the id of the field it is about."""

    text: str
    fix: str = ""
    target: str = ""


def pick_language(value: str | None) -> str:
    """A supported language from a query or form value (Portuguese by default)."""
    return value if value in LANGUAGES else LANGUAGES[0]


def staff_url(path: str, lang: str, **params: str) -> str:
    """The URL of a staff page in a language."""
    query = urlencode({**params, "lang": lang}) if lang != LANGUAGES[0] or params else ""
    return f"{ROOT}{path}" + (f"?{query}" if query else "")


def render_page(
    template: str,
    lang: str,
    page_title: str,
    path: str,
    status_code: int = 200,
    **context: object,
) -> HTMLResponse:
    """Render a staff page; `path` is the page's own path under /staff/ (for the language switch)."""
    other = LANGUAGES[1] if lang == LANGUAGES[0] else LANGUAGES[0]

    def translate(key: str, **values: object) -> str:
        return i18n.t(key, lang, **values)

    def warning(code: str) -> str:
        key = f"staff_warning_{code}"
        return i18n.t(key, lang) if key in i18n.STRINGS else warning_text(code, lang)

    values = {
        "staff": None,
        "csrf": "",
        "notice": "",
        "errors": [],
        "section": "",
        "site_name": "Internationalisation Hub",
        **context,
        "lang": lang,
        "page_title": page_title,
        "root": ROOT,
        "other_lang": other,
        "other_lang_name": i18n.LANGUAGE_NAMES[other],
        "switch_url": staff_url(path, other),
        "t": translate,
        "warning": warning,
        "url": lambda target, **params: staff_url(target, lang, **params),
    }
    html = ENVIRONMENT.get_template(template).render(values)
    return HTMLResponse(html, status_code=status_code)


class StaffHeaders:
    """ASGI middleware: every staff response is never cached, framed, sniffed or referred."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in STAFF_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
