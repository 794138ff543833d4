"""The API's answers in the form's language: each rejection of the intake as {field, message, fix},
and the JSON responses with the security headers every API answer carries.

Messages are made from the site's own strings (the ones hub-forms.js shows for the same field
kinds), never from the intake's English reason: a reason may quote the value, and submitted
values (personal ones above all) are never echoed back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from starlette.responses import JSONResponse

from intlhub.base import i18n
from intlhub.dataset.forms import Form
from intlhub.intake.rejects import Rejection

LANGS = ("pt", "en")
DEFAULT_LANG = "pt"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}
# The message of a field whose value was refused, by the field's kind (as hub-forms.js checks it).
KIND_MESSAGES = {
    "number": "form_msg_number",
    "rate": "form_msg_rate",
    "date": "form_msg_date",
    "email": "form_msg_email",
    "url": "form_msg_url",
    "phone": "form_msg_phone",
    "enum": "form_msg_choose",
    "ref": "form_msg_choose",
    "ref-list": "form_msg_choose",
    "country": "form_msg_choose",
    "country-list": "form_msg_choose",
    "code": "form_msg_pattern",
    "text": "form_msg_pattern",
    "long-text": "form_msg_pattern",
    "image": "api_msg_image",
    "nif": "api_msg_nif",
    "lines": "form_msg_pattern",
    "results": "api_msg_results",
}
# The message of a rejection type, whatever the field's kind.
TYPE_MESSAGES = {
    "date-order": "form_msg_date_order",
    "foreign-key": "form_msg_choose",
    "funding-mismatch": "api_msg_funding",
    "alt-text-missing": "api_msg_alt_text",
    "image-type": "api_msg_image",
    "choose-one": "api_msg_choose_one",
    "required-with": "api_msg_required_with",
    "example-reference": "api_msg_example_reference",
    "unknown-country": "form_msg_choose",
}
CHECKED_TYPES = {"invalid-value", "constraint-error", "type-error"}


def pick_lang(*candidates: Any) -> str:
    """The first candidate that is a site language, else Portuguese."""
    return next((c for c in candidates if c in LANGS), DEFAULT_LANG)


def api_response(payload: dict[str, Any], status: int, headers: dict | None = None) -> JSONResponse:
    """A JSON answer with the API's security headers."""
    return JSONResponse(payload, status, headers={**SECURITY_HEADERS, **(headers or {})})


def error_response(
    status: int, lang: str, message_key: str, fix_key: str, headers: dict | None = None, **values
) -> JSONResponse:
    """An answer with one error that concerns no field (size, type, rate, availability)."""
    error = {
        "field": None,
        "message": i18n.t(message_key, lang, **values),
        "fix": i18n.t(fix_key, lang, **values),
    }
    return api_response({"errors": [error]}, status, headers)


def describe_rejection(
    form: Form, problem: Rejection, sent: dict[str, Any], lang: str
) -> dict[str, Any]:
    """One rejection as the form shows it: the field, what is wrong with it and how to fix it."""
    form_field = form.field(problem.field or "")
    if form_field is None:
        if problem.type == "unknown-field":
            message = i18n.t("api_msg_unknown_field", lang, name=problem.field)
            return {
                "field": problem.field,
                "message": message,
                "fix": i18n.t("api_fix_leave_out", lang),
            }
        if problem.type == "conflicting-row":
            message = i18n.t("api_msg_conflict", lang)
        else:
            message = i18n.t("api_msg_bad_body", lang)
        return {"field": problem.field, "message": message, "fix": i18n.t("api_fix_resend", lang)}
    label = form_field.label[lang]
    empty = sent.get(form_field.name) in (None, "", [])
    if problem.type in TYPE_MESSAGES:
        key = TYPE_MESSAGES[problem.type]
    elif empty and problem.type in CHECKED_TYPES:
        choose = form_field.kind in ("enum", "ref", "ref-list", "country", "country-list")
        key = "form_msg_choose" if choose else "form_msg_required"
    elif problem.type == "too-long":
        key = "form_msg_too_long"
    elif problem.type in CHECKED_TYPES:
        key = KIND_MESSAGES.get(form_field.kind, "form_msg_pattern")
    else:
        key = "api_msg_invalid"
    message = i18n.t(key, lang, label=label, limit=form_field.max_length or "", type=problem.type)
    return {
        "field": form_field.name,
        "message": message,
        "fix": i18n.t("api_fix_field", lang, label=label),
    }


def rejection_errors(
    form: Form, problems: Iterable[Rejection], sent: dict[str, Any], lang: str
) -> list[dict[str, Any]]:
    """Every rejection in the form's order of fields, one error per field and message."""
    order = {f.name: i for i, f in enumerate(form.fields)}
    errors: list[dict[str, Any]] = []
    for problem in sorted(problems, key=lambda p: order.get(p.field or "", -1)):
        error = describe_rejection(form, problem, sent, lang)
        if error not in errors:
            errors.append(error)
    return errors
