"""Submissions and images for the intake service's tests (fictitious content only)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image

from helpers import PROJECT_PATH, copy_data
from intlhub.bench import load as load_bench
from intlhub.service.config import load_config

LISTEN_URL = "http://127.0.0.1:8000"
ORIGIN = {"Origin": LISTEN_URL}
PERSONAL_NAME = "Maria Exemplo Confidencial"
PERSONAL_EMAIL = "maria.confidencial@example.org"


def personal(changes: dict[str, Any]) -> dict[str, Any]:
    """The changes, with this module's (confidential-looking) contact data unless they set it."""
    return {"contact_name": PERSONAL_NAME, "contact_email": PERSONAL_EMAIL, **changes}


def showcase_values(number: int = 1, **changes: Any) -> dict[str, Any]:
    """The values of one valid showcase submission (the load benchmark's), by field name."""
    return load_bench.showcase_values(number, **personal(changes))


def submission(number: int = 1, lang: str = "pt", **changes: Any) -> dict[str, Any]:
    """A whole submission body, as hub-forms.js posts it."""
    return load_bench.submission(number, lang, **personal(changes))


def service_config(tmp_path: Path, **changes: Any):
    """A ServiceConfig over a copy of data/, with private/ and site/ in tmp_path."""
    data_path = copy_data(tmp_path)
    config = load_config(
        data_path, PROJECT_PATH, tmp_path / "site", str(tmp_path / "private"), LISTEN_URL
    )
    if changes:
        import dataclasses

        config = dataclasses.replace(config, **changes)
    return config


def image_bytes(
    format: str, size: tuple[int, int] = (40, 20), exif: Image.Exif | None = None
) -> bytes:
    """A small image made by Pillow (a red and blue split, so orientation can be checked)."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 30, 200), (size[0] // 2, 0, size[0], size[1]))
    out = io.BytesIO()
    options: dict[str, Any] = {"exif": exif} if exif is not None else {}
    image.save(out, format, **options)
    return out.getvalue()


def gps_exif(orientation: int = 1) -> Image.Exif:
    """EXIF with a GPS position (Évora) and an orientation."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "CameraMaker Exemplo"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (38.0, 34.0, 16.0), 3: "W", 4: (7.0, 54.0, 28.0)})
    return exif
