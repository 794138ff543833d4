"""The intake service as one ASGI application: the API routes, then the built site at "/".

`create_app(config)` is what `intlhub serve` runs with uvicorn. Routes are a plain list, matched
in order; the static site is mounted last so that it answers every path no route takes. More
parts of the service (the staff screen) add their routes in `service_routes`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from intlhub.base.clock import today
from intlhub.base.problems import HubError
from intlhub.service.api_errors import error_response, pick_lang
from intlhub.service.config import ServiceConfig
from intlhub.service.staff.routes import staff_routes
from intlhub.service.state import ServiceState
from intlhub.service.submit_api import ALL_METHODS, submission_routes

LOG = logging.getLogger("intlhub.service")
NO_SITE = (
    "The site is not built yet: run `intlhub build` (or `intlhub serve` without --no-build).\n"
)


class SiteFiles(StaticFiles):
    """The built site; looked up per request, since a rebuild swaps site/ by renaming."""

    def __init__(self, site_path: Path) -> None:
        super().__init__(directory=site_path, html=True, check_dir=False)
        self.site_path = site_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.site_path.is_dir():
            response: Response = PlainTextResponse(NO_SITE, status_code=503)
            await response(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    async def get_response(self, path: str, scope: Scope) -> Response:
        """A file of the site; a missing one gets the 404 page of its language (en/404.html for /en/…)."""
        response = await super().get_response(path, scope)
        if response.status_code != 404 or os.sep not in path:
            return response
        language_root = path.split(os.sep, 1)[0]
        full_path, stat_result = self.lookup_path(os.path.join(language_root, "404.html"))
        if stat_result is None or not stat.S_ISREG(stat_result.st_mode):
            return response
        return FileResponse(full_path, stat_result=stat_result, status_code=404)


async def api_not_found(request: Request) -> Response:
    """Any other path under /api/: a JSON 404, not the site's HTML page."""
    lang = pick_lang(request.query_params.get("lang"))
    return error_response(404, lang, "api_msg_unknown_form", "api_fix_own_form")


def service_routes(state: ServiceState) -> list[BaseRoute]:
    """Every route of the service but the site: the forms' API and the staff screen."""
    return [
        *submission_routes(state),
        *staff_routes(state),
        Route("/api/{rest:path}", api_not_found, methods=ALL_METHODS),
    ]


def create_app(config: ServiceConfig, state: ServiceState | None = None) -> Starlette:
    """The service: its routes, then the built site mounted at "/"."""
    state = state or ServiceState(config)
    routes = [*service_routes(state), Mount("/", app=SiteFiles(config.site_path), name="site")]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:  # validate data/ once before the first submission, not during it
            await run_in_threadpool(state.valid_dataset, today())
        except HubError as error:
            LOG.error("data/ is not valid, submissions are refused (503) until it is: %s", error)
        yield

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.service = state
    return app
