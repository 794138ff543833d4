"""What the intake service needs to know: where data/, site/ and private/ are, and who may post."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from intlhub.dataset.forms import intake_settings
from intlhub.dataset.load_dataset import load_dataset
from intlhub.intake.private.store import PrivatePaths, resolve_private

DEFAULT_MAX_BYTES = 100_000
UPLOAD_MAX_BYTES = 5_000_000  # a multipart submission with images may be this large
RATE_LIMIT = 20  # submissions one client address may send in RATE_WINDOW seconds
RATE_WINDOW = 600.0


def origin_of(url: str) -> str:
    """The origin (scheme://host[:port]) of a URL, lower-case, default ports left out."""
    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    port = parts.port
    if port is None or (scheme, port) in (("http", 80), ("https", 443)):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


@dataclass(frozen=True)
class ServiceConfig:
    """Settings of one running intake service."""

    data_path: Path
    project_path: Path  # the folder that holds docs/ and mkdocs.yml (for rebuilds)
    site_path: Path
    private: PrivatePaths
    allowed_origins: frozenset[str]  # site_url's origin, and the address the service listens on
    secure_cookies: bool  # True behind TLS: cookies get the Secure flag
    max_submission_bytes: int = DEFAULT_MAX_BYTES
    max_upload_bytes: int = UPLOAD_MAX_BYTES
    rate_limit: int = RATE_LIMIT  # 0: no limit (a load test, or a proxy that limits)
    rate_window_seconds: float = RATE_WINDOW


def load_config(
    data_path: Path,
    project_path: Path,
    site_path: Path,
    private: str | None = None,
    listen_url: str | None = None,
    secure_cookies: bool | None = None,
) -> ServiceConfig:
    """Read the settings from data/ (site_url, forms.yaml's intake block) and the options."""
    data_path = data_path.resolve()
    dataset = load_dataset(data_path)
    site_url = str(dataset.site.get("site_url") or "")
    origins = {origin_of(url) for url in (site_url, listen_url) if url}
    if secure_cookies is None:
        secure_cookies = site_url.startswith("https://") and not listen_url
    settings = intake_settings(dataset)
    return ServiceConfig(
        data_path=data_path,
        project_path=project_path.resolve(),
        site_path=site_path.resolve(),
        private=resolve_private(data_path, dataset, private),
        allowed_origins=frozenset(origins),
        secure_cookies=secure_cookies,
        max_submission_bytes=int(settings.get("max_submission_bytes") or DEFAULT_MAX_BYTES),
    )
