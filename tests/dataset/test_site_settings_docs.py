"""Every setting of data/site.yaml is documented for a new region (docs/dev/region-setup.md)."""

from __future__ import annotations

import json

from helpers import PROJECT_PATH

SCHEMA_PATH = PROJECT_PATH / "scripts" / "intlhub" / "dataset" / "schemas" / "site.schema.json"
DOC_PATH = PROJECT_PATH / "docs" / "dev" / "region-setup.md"


def test_every_site_setting_is_documented():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    doc = DOC_PATH.read_text(encoding="utf-8")
    missing = [name for name in schema["properties"] if f"`{name}`" not in doc]
    assert missing == [], f"Describe {missing} in the settings table of {DOC_PATH.name}."
    for setting in (
        "operator",
        "data_controller",
        "accessibility_contact",
        "legal_basis",
        "funding",
    ):
        assert setting in schema["required"], f"{setting} must be set (or an example) in site.yaml"
