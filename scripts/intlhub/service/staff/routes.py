"""The pages of the staff screen: the queue, a submission (fields, changes, contact, preview),
editing a field, approving (then the rebuild) or rejecting, the audit log and personal data.

`staff_routes(state)` gives one Mount at /staff for the service's application.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from intlhub.base import clock, i18n
from intlhub.base.problems import HubError
from intlhub.dataset.forms import find_form, intake_settings
from intlhub.intake.edit_submission import EditRefused, edit_field
from intlhub.intake.private.privacy import forget_person, purge_older
from intlhub.intake.private.store import opened, read_audit
from intlhub.intake.review import approve_submissions, reject_submission
from intlhub.service.staff.pages import ENVIRONMENT, PREVIEW_HEADERS, PageError, StaffHeaders
from intlhub.service.staff.rebuild import QUEUED, RUNNING, STAGES, SiteBuilder
from intlhub.service.staff.screen import StaffContext, StaffScreen
from intlhub.service.staff.views import (
    find_item,
    published_pages,
    queue_rows,
    render_preview,
    submission_view,
)
from intlhub.service.state import ServiceState

STATIC_PATH = Path(__file__).resolve().parent / "static"
LONG_KINDS = {"long-text"}
# The fields of the personal data page, and the id of the input each error leads to.
PRIVACY_FIELDS = {
    "email": "email",
    "forget_confirm": "forget-confirm",
    "days": "days",
    "purge_confirm": "purge-confirm",
}


class StaffPages:
    """The handlers of the signed-in pages."""

    def __init__(self, screen: StaffScreen) -> None:
        self.screen, self.state, self.config = screen, screen.state, screen.config

    def dataset(self):
        """The valid dataset of today (HubError when data/ is not valid)."""
        return self.state.valid_dataset(clock.today())

    def queued(self, request: Request):
        """The queued submission the URL names, or None."""
        with opened(self.config.private):
            return find_item(self.config.private, request.path_params["item_id"])

    def queue(self, request: Request, staff: StaffContext) -> Response:
        with opened(self.config.private) as paths:
            rows = queue_rows(self.dataset(), paths, clock.today())
        notice = ""
        if request.query_params.get("rejected"):
            notice = i18n.t("staff_rejected", staff.lang, id=request.query_params["rejected"])
        return staff.page(
            "queue.html.j2",
            i18n.t("staff_queue", staff.lang),
            "",
            rows=rows,
            section="queue",
            notice=notice,
        )

    def submission_page(
        self, request: Request, staff: StaffContext, item, status: int = 200, **context
    ) -> Response:
        dataset = self.dataset()
        view = submission_view(dataset, item, staff.lang, clock.today())
        has_preview = bool(published_pages(dataset, view.form, item))
        return staff.page(
            "submission.html.j2",
            view.title,
            f"submissions/{item['id']}",
            status,
            view=view,
            has_preview=has_preview,
            section="queue",
            **{"reason_error": "", **context},
        )

    def submission(self, request: Request, staff: StaffContext) -> Response:
        item = self.queued(request)
        if item is None:
            return self.screen.not_found(request, staff.name)
        notice = i18n.t("staff_edited", staff.lang) if request.query_params.get("edited") else ""
        return self.submission_page(request, staff, item, notice=notice)

    def preview(self, request: Request, staff: StaffContext) -> Response:
        item = self.queued(request)
        if item is None:
            return self.screen.not_found(request, staff.name)
        dataset = self.dataset()
        form = find_form(dataset, str(item.get("form")))
        try:
            shown = render_preview(
                dataset,
                form,
                item,
                staff.lang,
                clock.today(),
                self.config.project_path,
                self.config.private.uploads,
            )
        except HubError as error:
            html = ENVIRONMENT.get_template("preview-error.html.j2").render(
                lang=staff.lang, message=error.message, problems=error.fix
            )
            return HTMLResponse(html, status_code=422, headers=PREVIEW_HEADERS)
        if shown is None:
            return self.screen.not_found(request, staff.name)
        folder = shown.site_uri.rsplit("/", 1)[0] + "/" if "/" in shown.site_uri else ""
        html = ENVIRONMENT.get_template("preview.html.j2").render(
            lang=staff.lang,
            title=shown.title,
            base=f"/{folder}",
            stylesheets=self.site_stylesheets(),
            body=Markup(shown.body_html),  # noqa: S704 (rendered by the site's templates, which escape every data text)
        )
        return HTMLResponse(html, headers=PREVIEW_HEADERS)

    def site_stylesheets(self) -> list[str]:
        """The built site's stylesheets (none before the first build)."""
        folder = self.config.site_path / "assets" / "stylesheets"
        return [f"/assets/stylesheets/{p.name}" for p in sorted(folder.glob("*.css"))]

    def edit_page(
        self, staff: StaffContext, item, field: str, value: str, status=200, error=""
    ) -> Response:
        form = find_form(self.dataset(), str(item.get("form")))
        form_field = form.field(field)
        label = form_field.label.get(staff.lang, field)
        return staff.page(
            "edit.html.j2",
            i18n.t("staff_edit_field", staff.lang, label=label),
            f"submissions/{item['id']}/fields/{field}",
            status,
            item_id=item["id"],
            field_name=field,
            label=label,
            hint=form_field.help.get(staff.lang, ""),
            long=form_field.kind in LONG_KINDS,
            value=value,
            field_error=error,
            errors=[PageError(error, "", "value")] if error else [],
            section="queue",
        )

    def editable(self, item, field: str) -> bool:
        form = find_form(self.dataset(), str(item.get("form")))
        form_field = form.field(field)
        return form_field is not None and not form_field.personal

    def edit_form(self, request: Request, staff: StaffContext) -> Response:
        item, field = self.queued(request), request.path_params["field"]
        if item is None or not self.editable(item, field):
            return self.screen.not_found(request, staff.name)
        return self.edit_page(staff, item, field, str((item.get("values") or {}).get(field, "")))

    def edit(self, request: Request, staff: StaffContext) -> Response:
        item, field = self.queued(request), request.path_params["field"]
        if item is None or not self.editable(item, field):
            return self.screen.not_found(request, staff.name)
        raw = str(request.state.form.get("value") or "")
        try:
            with self.state.private_folder() as paths:
                edit_field(self.dataset(), paths, item["id"], field, raw, staff.name, clock.today())
        except EditRefused as error:
            reasons = "; ".join(p.reason for p in error.problems)
            return self.edit_page(staff, item, field, raw, 422, f"{reasons}. {error.fix}")
        return staff.redirect(f"submissions/{item['id']}", edited="1")

    def approve(self, request: Request, staff: StaffContext) -> Response:
        item = self.queued(request)
        if item is None:
            return self.screen.not_found(request, staff.name)
        dataset = self.dataset()
        form = find_form(dataset, str(item.get("form")))
        try:
            with self.state.private_folder() as paths:
                approve_submissions(
                    dataset, paths, [item["id"]], staff.name, clock.today(), dry_run=False
                )
        except HubError as error:
            failed = PageError(i18n.t("staff_approve_failed", staff.lang), str(error))
            return self.submission_page(request, staff, item, 422, errors=[failed])
        self.state.forget_dataset()
        self.screen.builder.request(published_pages(dataset, form, item))
        return staff.redirect("builds", approved=item["id"])

    def reject(self, request: Request, staff: StaffContext) -> Response:
        item = self.queued(request)
        if item is None:
            return self.screen.not_found(request, staff.name)
        reason = str(request.state.form.get("reason") or "").strip()
        if not reason:
            missing = i18n.t("staff_reason_missing", staff.lang)
            return self.submission_page(
                request,
                staff,
                item,
                422,
                errors=[PageError(missing, "", "reason")],
                reason_error=missing,
            )
        with self.state.private_folder() as paths:
            reject_submission(paths, item["id"], reason[:2000], staff.name)
        return staff.redirect("", rejected=item["id"])

    def builds(self, request: Request, staff: StaffContext) -> Response:
        jobs = self.screen.builder.latest()
        notice = ""
        if request.query_params.get("approved"):
            notice = i18n.t("staff_approved", staff.lang, id=request.query_params["approved"])
        return staff.page(
            "builds.html.j2",
            i18n.t("staff_builds", staff.lang),
            "builds",
            jobs=jobs,
            refresh=any(job.status in (QUEUED, RUNNING) for job in jobs),
            stages=STAGES,
            section="builds",
            notice=notice,
        )

    def audit(self, request: Request, staff: StaffContext) -> Response:
        with opened(self.config.private) as paths:
            entries = list(reversed(read_audit(paths)))
        return staff.page(
            "audit.html.j2",
            i18n.t("staff_audit", staff.lang),
            "audit",
            entries=entries,
            section="audit",
        )

    def privacy_page(self, staff: StaffContext, status=200, notice="", **problems) -> Response:
        retention = (intake_settings(self.dataset()).get("retention") or {}).get("days") or ""
        form_errors = {name: problems.get(name, "") for name in PRIVACY_FIELDS}
        errors = [
            PageError(text, "", PRIVACY_FIELDS[name]) for name, text in form_errors.items() if text
        ]
        return staff.page(
            "privacy.html.j2",
            i18n.t("staff_privacy", staff.lang),
            "privacy",
            status,
            days=str(retention),
            form_errors=form_errors,
            errors=errors,
            notice=notice,
            section="privacy",
        )

    def privacy(self, request: Request, staff: StaffContext) -> Response:
        return self.privacy_page(staff)

    def forget(self, request: Request, staff: StaffContext) -> Response:
        form = request.state.form
        email = str(form.get("email") or "").strip()
        problems = {
            "email": "" if email else i18n.t("staff_email_missing", staff.lang),
            "forget-confirm": ""
            if form.get("confirm") == "yes"
            else i18n.t("staff_confirm_missing", staff.lang),
        }
        if any(problems.values()):
            return self.privacy_page(
                staff, 422, email=problems["email"], forget_confirm=problems["forget-confirm"]
            )
        with self.state.private_folder() as paths:
            erased = forget_person(paths, email, staff.name)
        done = i18n.t(
            "staff_forgot",
            staff.lang,
            submissions=i18n.t(
                "staff_count_submissions", staff.lang, count=len(erased.submissions)
            ),
            rows=i18n.t("staff_count_refused_rows", staff.lang, count=erased.rejected_rows),
        )
        return self.privacy_page(staff, notice=done)

    def purge(self, request: Request, staff: StaffContext) -> Response:
        form = request.state.form
        text = str(form.get("days") or "").strip()
        days = int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else -1
        problems = {  # 0 erases everything decided, as `intlhub purge --older-than 0`
            "days": "" if days >= 0 else i18n.t("staff_days_invalid", staff.lang),
            "purge-confirm": ""
            if form.get("confirm") == "yes"
            else i18n.t("staff_confirm_missing", staff.lang),
        }
        if any(problems.values()):
            return self.privacy_page(
                staff, 422, days=problems["days"], purge_confirm=problems["purge-confirm"]
            )
        with self.state.private_folder() as paths:
            erased = purge_older(paths, days, staff.name)
        done = i18n.t(
            "staff_purged",
            staff.lang,
            submissions=i18n.t(
                "staff_count_submissions", staff.lang, count=len(erased.submissions)
            ),
            files=erased.files_deleted,
        )
        return self.privacy_page(staff, notice=done)


def staff_routes(state: ServiceState, builder: SiteBuilder | None = None) -> list[Route | Mount]:
    """The staff screen as routes for the service's application: one Mount at /staff."""
    screen = StaffScreen(state, builder)
    pages = StaffPages(screen)
    guard = screen.guarded
    item = "/submissions/{item_id}"
    routes = [
        Route("/", guard(pages.queue), methods=["GET"]),
        Route("/sign-in", screen.get_sign_in, methods=["GET"]),
        Route("/sign-in", screen.post_sign_in, methods=["POST"]),
        Route("/sign-out", guard(screen.post_sign_out), methods=["POST"]),
        Route(item, guard(pages.submission), methods=["GET"]),
        Route(f"{item}/preview", guard(pages.preview), methods=["GET"]),
        Route(item + "/fields/{field}", guard(pages.edit_form), methods=["GET"]),
        Route(item + "/fields/{field}", guard(pages.edit), methods=["POST"]),
        Route(f"{item}/approve", guard(pages.approve), methods=["POST"]),
        Route(f"{item}/reject", guard(pages.reject), methods=["POST"]),
        Route("/builds", guard(pages.builds), methods=["GET"]),
        Route("/audit", guard(pages.audit), methods=["GET"]),
        Route("/privacy", guard(pages.privacy), methods=["GET"]),
        Route("/privacy/forget", guard(pages.forget), methods=["POST"]),
        Route("/privacy/purge", guard(pages.purge), methods=["POST"]),
        Mount("/static", app=StaticFiles(directory=STATIC_PATH), name="staff-static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(StaffHeaders)])
    app.state.screen = screen
    return [Mount("/staff", app=app)]
