"""Plan the form pages: one "contribute" page and one page per form of data/forms.yaml, per language.

Each form page carries a JSON spec of its fields that docs/theme/assets/javascripts/hub-forms.js
reads to run the same checks as the intake (required, enums, patterns, dates, decimal commas).
"""

from __future__ import annotations

import json
import posixpath
from typing import Any

from intlhub.base import i18n
from intlhub.base.page_urls import SLUGS, site_root_url
from intlhub.dataset.forms import Form, FormField, choices, intake_settings, read_forms
from intlhub.dataset.load_dataset import Dataset

CONTRIBUTE = "contribute"
DATE_PAIRS = (("start_date", "end_date"), ("starts", "ends"))
# Strings the browser needs, by key in strings/forms.yaml.
SCRIPT_STRINGS = (
    "form_msg_required",
    "form_msg_choose",
    "form_msg_too_long",
    "form_msg_number",
    "form_msg_rate",
    "form_msg_date",
    "form_msg_date_order",
    "form_msg_email",
    "form_msg_url",
    "form_msg_phone",
    "form_msg_pattern",
    "form_msg_minimum",
    "form_msg_too_big",
    "form_error_prefix",
    "form_error_title",
    "form_sent",
    "form_send_failed",
    "form_download_ready",
    "form_not_answered",
    "form_msg_http_413",
    "form_msg_http_415",
    "form_msg_http_429",
    "form_msg_http_other",
    "form_msg_image_type",
)
INPUT_TYPES = {"email": "email", "url": "url", "phone": "tel"}
INPUT_MODES = {"number": "decimal", "rate": "decimal", "date": "numeric"}
AUTOCOMPLETE = {"contact_name": "name", "contact_email": "email", "contact_phone": "tel"}
# Above this many records, a reference is typed (name, id or NIF), not picked from a list.
MAX_LISTED_CHOICES = 300
TYPED_HINTS = {"ref": "form_ref_typed", "ref-list": "form_ref_list_typed"}
CHOICE_KINDS = ("enum", "ref", "ref-list", "country", "country-list")
# What the intake service takes (service/uploads.py checks the same; a test keeps them equal).
IMAGE_TYPES = "image/jpeg,image/png,image/webp"
MAX_IMAGE_BYTES = 5_000_000
ALT_SUFFIXES = ("_alt_pt", "_alt_en")  # an image field X makes X_alt_pt and X_alt_en required
API_PATH = "api/submissions/"  # the service's endpoint, under the site's root


def field_spec(dataset: Dataset, form_field: FormField, lang: str) -> dict[str, Any]:
    """What the browser needs to render and check one field.

    A reference with more than MAX_LISTED_CHOICES records (a national list of organisations) is a
    text field: a list of thousands would make the page grow with the data, and intake already
    resolves a name, id or NIF (intake.read.fields.Lookups).
    """
    constraints = form_field.spec.get("constraints") or {}
    options = [{"value": v, "label": label} for v, label in choices(dataset, form_field, lang)]
    # Typed: a long reference list, or a choice field without a list (target markets: any country).
    typed = form_field.kind in CHOICE_KINDS and (
        not options or (form_field.kind in TYPED_HINTS and len(options) > MAX_LISTED_CHOICES)
    )
    return {
        "name": form_field.name,
        "kind": form_field.kind,
        "label": form_field.label[lang],
        "help": i18n.t(TYPED_HINTS[form_field.kind], lang)
        if typed and form_field.kind in TYPED_HINTS
        else form_field.help.get(lang, ""),
        "required": form_field.required,
        "personal": form_field.personal,
        "max_length": form_field.max_length,
        "pattern": None
        if form_field.kind in ("number", "rate", "date", "country", "country-list") or typed
        else constraints.get("pattern"),
        "minimum": constraints.get("minimum") if form_field.kind == "number" else None,
        "choices": [] if typed else options,
        "input_type": INPUT_TYPES.get(form_field.kind, "text"),
        "input_mode": INPUT_MODES.get(form_field.kind, ""),
        "autocomplete": AUTOCOMPLETE.get(form_field.name, "off"),
        "multiple": not typed and form_field.kind in ("ref-list", "country-list"),
        "select": not typed and form_field.kind in ("enum", "ref", "country"),
        "textarea": form_field.kind in ("long-text", "lines", "results"),
        "file": form_field.kind == "image",
        "accept": IMAGE_TYPES if form_field.kind == "image" else "",
    }


def required_with(form: Form, name: str) -> str:
    """The image field whose choice makes this (alt text) field required, or ''."""
    for suffix in ALT_SUFFIXES:
        base = name.removesuffix(suffix)
        if base != name and (image := form.field(base)) is not None and image.kind == "image":
            return base
    return ""


def form_endpoint(dataset: Dataset, form: Form, lang: str) -> str:
    """Where the form posts: `form_endpoint` of site.yaml, else the service on the same origin.

    The same-origin address is relative to the form's page, so it works wherever the site is
    published (a domain's root or a path under it), as long as the service answers at its root.
    """
    configured = dataset.site.get("form_endpoint")
    if configured:
        return str(configured)
    languages = list(dataset.site.get("languages") or ["pt", "en"])
    return site_root_url(form_uri(form, lang), lang, languages) + API_PATH + form.name


def form_spec(dataset: Dataset, form: Form, lang: str) -> dict[str, Any]:
    """The whole form for one language, as the page template and the script use it."""
    settings = intake_settings(dataset)
    fields = [
        {**field_spec(dataset, f, lang), "required_with": required_with(form, f.name)}
        for f in form.fields
    ]
    names = {f["name"] for f in fields}
    return {
        "form": form.name,
        "lang": lang,
        "title": form.title[lang],
        "intro": form.intro[lang],
        "fields": fields,
        "date_pairs": [list(pair) for pair in DATE_PAIRS if set(pair) <= names],
        "endpoint": form_endpoint(dataset, form, lang),
        "contact": (dataset.site.get("contact_email") or {}).get("value", ""),
        "max_bytes": settings.get("max_submission_bytes", 100_000),
        "max_image_bytes": MAX_IMAGE_BYTES,
        "strings": {key: i18n.t(key, lang) for key in SCRIPT_STRINGS},
    }


def spec_json(spec: dict[str, Any]) -> str:
    """The spec as compact JSON for a data- attribute (escaped by the template's `h`)."""
    browser = {k: v for k, v in spec.items() if k not in ("title", "intro")}
    return json.dumps(browser, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def form_uri(form: Form, lang: str) -> str:
    """The Markdown URI of a form's page."""
    return f"{SLUGS[CONTRIBUTE][lang]}/{form.slug[lang]}.md"


def plan_forms(dataset: Dataset, lang: str) -> list[tuple]:
    """Plan the contribute page and the form pages of one language (key, uri, template, title, context)."""
    forms = read_forms(dataset)
    if not forms:
        return []
    index_uri = f"{SLUGS[CONTRIBUTE][lang]}.md"
    listed = [
        {
            "title": f.title[lang],
            "intro": f.intro[lang],
            "url": posixpath.relpath(form_uri(f, lang), "."),
        }
        for f in forms.values()
    ]
    planned: list[tuple] = [
        (CONTRIBUTE, index_uri, "contribute.md.j2", i18n.t(CONTRIBUTE, lang), {"forms": listed})
    ]
    for form in forms.values():
        spec = form_spec(dataset, form, lang)
        planned.append(
            (
                f"form:{form.name}",
                form_uri(form, lang),
                "form.md.j2",
                form.title[lang],
                {"form": spec, "form_json": spec_json(spec)},
            )
        )
    return planned
