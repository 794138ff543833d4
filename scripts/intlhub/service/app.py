"""The intake service's ASGI application: the staff screen, then the built site.

A minimal application for the staff screen; the submissions API joins it here.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from intlhub.service.config import ServiceConfig
from intlhub.service.staff.routes import staff_routes
from intlhub.service.state import ServiceState


def create_app(config: ServiceConfig) -> Starlette:
    """The service: /staff/ and the built site (served as built, index.html for folders)."""
    state = ServiceState(config)
    config.site_path.mkdir(parents=True, exist_ok=True)
    site = StaticFiles(directory=config.site_path, html=True, check_dir=False)
    return Starlette(routes=[*staff_routes(state), Mount("/", app=site, name="site")])
