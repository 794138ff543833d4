"""`POST /api/submissions/<form>`: receive one submission of a site form and queue it for review.

The contract (docs/dev/deployment.md and README "Form intake" tell it to users):
  201 {"id", "status": "queued"}    queued, or already queued with the same values (a resend)
  422 {"errors": [{field, message, fix}]}  refused by the same checks as `intlhub ingest`
  400 not JSON, or a broken multipart body      403 another origin
  404 an unknown form                            405 any method but POST
  413 over the size limit                        415 neither JSON nor (for an image form) multipart
  429 too many requests from one client (Retry-After)     503 data/ is not valid right now
Messages are in the form's language (`lang` of the body, else `?lang=`, else Portuguese) and never
repeat a submitted value. A filled honeypot is answered like a success and nothing is kept.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from intlhub.base.clock import today
from intlhub.base.problems import HubError
from intlhub.base.untrusted import UntrustedValue
from intlhub.base.untrusted_documents import load_json
from intlhub.dataset.forms import Form, read_forms
from intlhub.dataset.load_dataset import Dataset
from intlhub.intake.receive import read_submission, shape_problem
from intlhub.service.api_errors import (
    api_response,
    error_response,
    pick_lang,
    rejection_errors,
)
from intlhub.service.guards import RateLimiter, TooLarge, origin_allowed, read_body
from intlhub.service.receiver import Receiver
from intlhub.service.state import ServiceState
from intlhub.service.uploads import MAX_IMAGE_BYTES, CleanImage, ImageRefused, clean_image

ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")  # 405 is the endpoint's answer
DATA_CHECK_SECONDS = 1.0  # how stale the dataset may be when a request looks up its form
SUBMISSION_PART = "submission"  # the JSON part of a multipart submission
MAX_BODY_DEPTH = 8  # {values: {field: [text]}} is three levels deep
PENDING_IMAGE = "\x00upload"  # stands for an image's name until the file is checked


class SubmissionAPI:
    """The submissions endpoint of one service process."""

    def __init__(self, state: ServiceState) -> None:
        self.state = state
        self.config = state.config
        self.receiver = Receiver(state)
        self.limiter = RateLimiter(self.config.rate_limit, self.config.rate_window_seconds)
        self.forms: tuple[Dataset | None, dict[str, Form]] = (None, {})

    def find_forms(self) -> dict[str, Form]:
        """The forms of the current valid dataset (read again when data/ changes)."""
        dataset = self.state.valid_dataset(today(), max_age=DATA_CHECK_SECONDS)
        if self.forms[0] is not dataset:
            self.forms = (dataset, read_forms(dataset))
        return self.forms[1]

    async def submit(self, request: Request) -> Response:
        """Answer one request to /api/submissions/<form>."""
        lang = pick_lang(request.query_params.get("lang"))
        if request.method != "POST":
            return error_response(
                405, lang, "api_msg_method", "api_fix_own_form", headers={"Allow": "POST"}
            )
        if not origin_allowed(request.headers, self.config.allowed_origins):
            return error_response(403, lang, "api_msg_origin", "api_fix_own_form")
        try:
            forms = await run_in_threadpool(self.find_forms)
        except HubError:
            return error_response(503, lang, "api_msg_unavailable", "api_fix_later")
        form = forms.get(request.path_params["form"])
        if form is None:
            return error_response(404, lang, "api_msg_unknown_form", "api_fix_own_form")
        client = request.client.host if request.client else ""
        wait = self.limiter.retry_after(client)
        if wait:
            headers = {"Retry-After": str(wait)}
            return error_response(
                429, lang, "form_msg_http_429", "api_fix_later", headers=headers, seconds=wait
            )
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        has_images = any(f.kind == "image" for f in form.fields)
        if kind != "application/json" and not (kind == "multipart/form-data" and has_images):
            return error_response(415, lang, "form_msg_http_415", "api_fix_resend")
        limit = self.config.max_submission_bytes
        if kind == "multipart/form-data":
            limit += self.config.max_upload_bytes
        try:
            body = await read_body(request.stream(), request.headers.get("content-length"), limit)
        except TooLarge:
            return error_response(413, lang, "form_msg_http_413", "api_fix_resend")
        if kind == "application/json":
            submission, files = parse_json(body), {}
        else:
            submission, files = await parse_multipart(request, body, form, limit)
        if submission is None:
            return error_response(400, lang, "api_msg_bad_body", "api_fix_resend")
        if isinstance(submission, dict):
            lang = pick_lang(submission.get("lang"), request.query_params.get("lang"))
        return await self.queue(form, submission, files, lang)

    async def queue(self, form: Form, body: Any, files: dict[str, bytes], lang: str) -> Response:
        """Check the submission's shape and images, then have it written; answer for it."""
        sent = body.get("values") if isinstance(body, dict) else None
        sent = sent if isinstance(sent, dict) else {}
        images = {f.name for f in form.fields if f.kind == "image"}
        early = [
            shape_problem(name, "image-type", "an image is sent as a file", "Attach the file.")
            for name in sorted(images & set(sent))
        ]
        if early:
            return api_response({"errors": rejection_errors(form, early, sent, lang)}, 422)
        for name in files:
            sent[name] = PENDING_IMAGE
        item, problems = read_submission(body, form)
        if item is None:
            return api_response({"errors": rejection_errors(form, problems, sent, lang)}, 422)
        cleaned: list[CleanImage] = []
        for name, data in files.items():
            try:
                image = await run_in_threadpool(clean_image, data)
            except ImageRefused as refused:
                problem = shape_problem(name, "image-type", refused.reason, "")
                return api_response({"errors": rejection_errors(form, [problem], sent, lang)}, 422)
            item.values[name] = image.name
            cleaned.append(image)
        try:
            outcome = await run_in_threadpool(self.receiver.receive, form, item, cleaned)
        except HubError:
            return error_response(503, lang, "api_msg_unavailable", "api_fix_later")
        if not outcome.queued:
            errors = rejection_errors(form, outcome.problems, item.values, lang)
            return api_response({"errors": errors}, 422)
        return api_response({"id": outcome.id, "status": "queued"}, 201)


def parse_json(body: bytes) -> Any:
    """The JSON body, or None when it is not JSON text that UTF-8 can hold.

    base/untrusted_documents reads it: nesting, NaN, Infinity and huge whole numbers refused.
    """
    try:
        value = load_json(body, max_bytes=len(body), max_depth=MAX_BODY_DEPTH)
        json.dumps(value, ensure_ascii=False).encode("utf-8")  # lone surrogates ("\ud800")
    except (UntrustedValue, UnicodeError):
        return None
    return value


async def parse_multipart(
    request: Request, body: bytes, form: Form, limit: int
) -> tuple[Any, dict[str, bytes]]:
    """The `submission` JSON part and the image files of a multipart body (None if broken)."""
    delivered = False

    async def replay() -> dict[str, Any]:
        nonlocal delivered
        if delivered:
            return {"type": "http.disconnect"}
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    images = {f.name for f in form.fields if f.kind == "image"}
    files: dict[str, bytes] = {}
    try:
        async with Request(request.scope, replay).form(
            max_files=len(images), max_fields=4, max_part_size=limit
        ) as parts:
            submission = parts.get(SUBMISSION_PART)
            for name, part in parts.multi_items():
                if name == SUBMISSION_PART:
                    continue
                if name not in images or isinstance(part, str) or name in files:
                    return None, {}
                data = await part.read(MAX_IMAGE_BYTES + 1)
                if data:  # a file input left empty sends an empty part
                    files[name] = data
    except HTTPException:
        return None, {}
    if not isinstance(submission, str):
        return None, {}
    return parse_json(submission.encode("utf-8", "surrogatepass")), files


def submission_routes(state: ServiceState) -> list[BaseRoute]:
    """The API's routes: every method reaches the endpoint, which answers 405 for all but POST."""
    api = SubmissionAPI(state)
    return [Route("/api/submissions/{form}", api.submit, methods=ALL_METHODS, name="submit")]
