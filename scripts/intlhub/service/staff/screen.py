"""The staff screen's guard: sign in and out, sessions, and what every other page needs.

Every page without a session redirects (303) to the sign-in page; every POST carries a CSRF
token bound to the session (the sign-in form's: to a pre-session cookie), else 403.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from intlhub.base import i18n
from intlhub.base.problems import HubError
from intlhub.dataset.load_dataset import load_dataset
from intlhub.service.staff.accounts import verify_password
from intlhub.service.staff.pages import (
    PageError,
    pick_language,
    render_page,
    staff_url,
)
from intlhub.service.staff.rebuild import SiteBuilder
from intlhub.service.staff.session import (
    PRE_SESSION_COOKIE,
    PRE_SESSION_SECONDS,
    SESSION_COOKIE,
    SESSION_SECONDS,
    Session,
    Sessions,
    cookie_settings,
)
from intlhub.service.staff.throttle import SignInThrottle
from intlhub.service.state import ServiceState

SUBMISSION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,199}")
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")
MAX_FORM_FIELDS = 20

# A page handler runs in a worker thread: it reads and writes files and may validate data/.
Handler = Callable[[Request, "StaffContext"], Response]


class StaffContext:
    """What a signed-in request knows: the staff member, the language and the CSRF token."""

    def __init__(self, session: Session, lang: str, csrf: str, site_name: str) -> None:
        self.session, self.lang, self.csrf, self.site_name = session, lang, csrf, site_name

    @property
    def name(self) -> str:
        return self.session.name

    def page(self, template: str, title: str, path: str, status: int = 200, **context) -> Response:
        """Render a page of the signed-in screen."""
        return render_page(
            template,
            self.lang,
            title,
            path,
            status,
            staff=self.name,
            csrf=self.csrf,
            site_name=self.site_name,
            **context,
        )

    def redirect(self, path: str, **params: str) -> RedirectResponse:
        """Go to another staff page after a POST (303: the browser GETs it)."""
        return RedirectResponse(staff_url(path, self.lang, **params), status_code=303)


class StaffScreen:
    """The state the staff pages share: sessions, the sign-in throttle and the site builder."""

    def __init__(self, state: ServiceState, builder: SiteBuilder | None = None) -> None:
        self.state = state
        self.config = state.config
        self.sessions = Sessions(self.config.private.staff)
        self.throttle = SignInThrottle()
        self.builder = builder or SiteBuilder(state)
        site = load_dataset(self.config.data_path).site
        names = site.get("site_name") or {}
        self.site_names = {lang: str(names.get(lang) or "") for lang in ("pt", "en")}

    def secure(self) -> bool:
        return self.config.secure_cookies

    def language(self, request: Request, form=None) -> str:
        """The page language: the form's `lang`, else the query's."""
        value = form.get("lang") if form is not None else None
        return pick_language(value or request.query_params.get("lang"))

    def message(
        self, request: Request, status: int, title_key: str, text_key: str, staff: str | None = None
    ) -> Response:
        """A short page that says what went wrong (403, 404…)."""
        lang = self.language(request)
        return render_page(
            "message.html.j2",
            lang,
            i18n.t(title_key, lang),
            request.url.path.removeprefix("/staff/"),
            status,
            paragraphs=[i18n.t(text_key, lang)],
            back="" if staff else "sign-in",
            staff=staff,
            site_name=self.site_names[lang],
        )

    def forbidden(self, request: Request, staff: str | None = None) -> Response:
        return self.message(request, 403, "staff_forbidden", "staff_forbidden_text", staff)

    def not_found(self, request: Request, staff: str | None = None) -> Response:
        return self.message(request, 404, "staff_not_found", "staff_not_found_text", staff)

    # --- signing in and out ---------------------------------------------------------------

    def sign_in_page(
        self,
        request: Request,
        lang: str,
        status: int = 200,
        errors=(),
        name: str = "",
        notice: str = "",
    ) -> Response:
        """The sign-in form, with a pre-session cookie its token is bound to."""
        pre = request.cookies.get(PRE_SESSION_COOKIE) or self.sessions.new_pre_session()
        response = render_page(
            "sign-in.html.j2",
            lang,
            i18n.t("staff_sign_in", lang),
            "sign-in",
            status,
            csrf=self.sessions.sign_in_token(pre),
            errors=list(errors),
            name=name,
            notice=notice,
            site_name=self.site_names[lang],
        )
        response.set_cookie(
            PRE_SESSION_COOKIE, pre, **cookie_settings(self.secure(), PRE_SESSION_SECONDS)
        )
        return response

    async def get_sign_in(self, request: Request) -> Response:
        lang = self.language(request)
        if self.current_session(request):
            return RedirectResponse(staff_url("", lang), status_code=303)
        notice = i18n.t("staff_signed_out", lang) if request.query_params.get("out") else ""
        return self.sign_in_page(request, lang, notice=notice)

    async def post_sign_in(self, request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=MAX_FORM_FIELDS)
        lang = self.language(request, form)
        pre = request.cookies.get(PRE_SESSION_COOKIE)
        if not pre or not self.sessions.valid_token(
            self.sessions.sign_in_token(pre), form.get("csrf")
        ):
            return self.forbidden(request)
        name = str(form.get("name") or "").strip().lower()[:64]
        password = str(form.get("password") or "")
        address = f"address:{request.client.host if request.client else 'unknown'}"
        account_key = f"account:{name}"
        wait = self.throttle.wait_seconds(account_key, address)
        if wait:
            minutes = max(1, (wait + 59) // 60)
            error = PageError(i18n.t("staff_throttled", lang, count=minutes))
            response = self.sign_in_page(request, lang, 429, [error], name)
            response.headers["retry-after"] = str(wait)
            return response
        account = await run_in_threadpool(
            verify_password, self.config.private.staff, name, password
        )
        if account is None:
            self.throttle.failed(account_key, address)
            error = PageError(
                i18n.t("staff_sign_in_failed", lang), i18n.t("staff_sign_in_fix", lang), "name"
            )
            return self.sign_in_page(request, lang, 401, [error], name)
        self.throttle.succeeded(account_key)
        _, value = self.sessions.start(account.name, account.session_epoch)
        response = RedirectResponse(staff_url("", lang), status_code=303)
        response.set_cookie(
            SESSION_COOKIE, value, **cookie_settings(self.secure(), SESSION_SECONDS)
        )
        response.delete_cookie(PRE_SESSION_COOKIE, path="/staff/")
        return response

    def post_sign_out(self, request: Request, staff: StaffContext) -> Response:
        self.sessions.end(staff.session)
        response = RedirectResponse(staff_url("sign-in", staff.lang, out="1"), status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/staff/")
        return response

    # --- the guard of every other page ------------------------------------------------------

    def current_session(self, request: Request) -> Session | None:
        return self.sessions.read(request.cookies.get(SESSION_COOKIE))

    def guarded(self, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        """Require a session (else redirect to sign in) and, for a POST, its CSRF token (else 403)."""

        async def endpoint(request: Request) -> Response:
            session = self.current_session(request)
            if session is None:
                lang = self.language(request)
                return RedirectResponse(staff_url("sign-in", lang), status_code=303)
            form = None
            if request.method == "POST":
                form = await request.form(max_files=0, max_fields=MAX_FORM_FIELDS)
                if not self.sessions.valid_token(
                    self.sessions.csrf_token(session), form.get("csrf")
                ):
                    return self.forbidden(request, session.name)
            lang = self.language(request, form)
            staff = StaffContext(
                session, lang, self.sessions.csrf_token(session), self.site_names[lang]
            )
            item_id = request.path_params.get("item_id")
            if item_id is not None and not SUBMISSION_ID.fullmatch(item_id):
                return self.not_found(request, session.name)
            field = request.path_params.get("field")
            if field is not None and not FIELD_NAME.fullmatch(field):
                return self.not_found(request, session.name)
            request.state.form = form
            try:
                return await run_in_threadpool(handler, request, staff)
            except HubError as error:
                return staff.page(
                    "message.html.j2",
                    i18n.t("staff_data_invalid", lang),
                    "",
                    500,
                    paragraphs=[error.message, error.fix],
                    back="",
                )

        return endpoint
