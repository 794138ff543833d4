"""Submissions and images for the intake service's tests (fictitious content only)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image

from helpers import PROJECT_PATH, copy_data
from intlhub.service.config import load_config

LISTEN_URL = "http://127.0.0.1:8000"
ORIGIN = {"Origin": LISTEN_URL}
BENEFICIARY = "IAPMEI"  # a real organisation: an example one is refused for a real project
PERSONAL_NAME = "Maria Exemplo Confidencial"
PERSONAL_EMAIL = "maria.confidencial@example.org"


def showcase_values(number: int = 1, **changes: Any) -> dict[str, Any]:
    """The values of one valid showcase submission, by field name, as hub-forms.js sends them."""
    values = {
        "id": f"TESTE-{number:04d}",
        "title_pt": f"Promoção conjunta de vinhos n.º {number}",
        "title_en": f"Joint wine promotion no. {number}",
        "summary_pt": "Ações coletivas de promoção, abertas a todas as empresas do setor.",
        "beneficiary_id": BENEFICIARY,
        "markets": "DE;BR",
        "sectors": "Vinho",
        "start_date": "01/04/2016",
        "end_date": "31/12/2017",
        "eligible_cost_eur": "400.000,00",
        "eu_cofinancing_rate": "85%",
        "eu_funding_eur": "340.000,00",
        "nuts3": "PT184",
        "status": "Concluído",
        "contact_name": PERSONAL_NAME,
        "contact_email": PERSONAL_EMAIL,
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def submission(number: int = 1, lang: str = "pt", **changes: Any) -> dict[str, Any]:
    """A whole submission body, as hub-forms.js posts it."""
    return {
        "form": "showcase",
        "submission_id": f"showcase-20261203-{number:06x}",
        "submitted_at": "2026-12-03T10:00:00Z",
        "lang": lang,
        "values": showcase_values(number, **changes),
    }


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
