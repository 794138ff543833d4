"""What the staff pages show, read from the queue and the dataset: rows of the queue, one
submission's fields, changes and warnings, its preview, and where its public page lives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intlhub.base.page_urls import html_uri, page_uri, site_prefix
from intlhub.base.problems import HubError
from intlhub.dataset.forms import GUIDANCE, Form, read_forms
from intlhub.dataset.load_dataset import Dataset
from intlhub.intake.changes import ChangeReader, RecordChanges
from intlhub.intake.private.store import PrivatePaths
from intlhub.intake.review import merge_all, queue_items
from intlhub.service.staff.rebuild import Published
from intlhub.site.preview_page import PagePreview, preview_page

TITLE_FIELDS = ("title_pt", "title_en", "name", "source_title", "market")
# Which site page shows a record of a resource: (page key, the field naming the item).
PAGE_OF_RESOURCE = {
    "projects": ("projects", "id"),
    "organisations": ("organisations", "id"),
    "calls": ("calls", "id"),
    "events": ("calendar", None),
    GUIDANCE: ("markets", "market"),
}


@dataclass
class FieldRow:
    """One field of a submission as the staff page lists it."""

    name: str
    label: str
    value: str
    editable: bool


@dataclass
class SubmissionView:
    """One queued submission with everything its page shows."""

    item: dict[str, Any]
    form: Form
    title: str
    changes: RecordChanges
    fields: list[FieldRow] = field(default_factory=list)
    contact: list[FieldRow] = field(default_factory=list)
    change_labels: dict[str, str] = field(default_factory=dict)


def find_item(paths: PrivatePaths, submission_id: str) -> dict[str, Any] | None:
    """The queued submission with this id (None when it is not in the queue)."""
    return next((item for _, item in queue_items(paths) if item.get("id") == submission_id), None)


def item_title(item: dict[str, Any]) -> str:
    """A short title for a submission: its record's title, or its id."""
    values = item.get("values") or {}
    return next((str(values[n]) for n in TITLE_FIELDS if values.get(n)), str(item.get("id")))


def queue_rows(dataset: Dataset, paths: PrivatePaths, today: dt.date) -> list[dict[str, Any]]:
    """Every queued submission, oldest first, with what approving it would change."""
    forms = read_forms(dataset)
    reader = ChangeReader(dataset, today)
    rows = []
    for _, item in queue_items(paths):
        form = forms.get(str(item.get("form")))
        changes = reader.changes(form, item) if form else None
        rows.append(
            {
                "id": str(item["id"]),
                "form": form,
                "form_name": str(item.get("form")),
                "received": str(item.get("received") or "")[:10],
                "record_id": item.get("record_id") or "",
                "title": item_title(item),
                "kind": changes.kind if changes else "",
                "warnings": changes.warnings if changes else [],
            }
        )
    return rows


def label_of(form: Form, name: str, lang: str) -> str:
    """The label of a form field in `lang`, or the name itself."""
    form_field = form.field(name)
    return form_field.label.get(lang, name) if form_field else name


def submission_view(
    dataset: Dataset, item: dict[str, Any], lang: str, today: dt.date
) -> SubmissionView:
    """Every field with its label, the changes against the published record, the contact data."""
    forms = read_forms(dataset)
    form = forms.get(str(item.get("form")))
    if form is None:
        raise HubError(
            f"Submission {item.get('id')!r} names an unknown form {item.get('form')!r}",
            "Reject it with a reason, or add the form to data/forms.yaml.",
        )
    values = item.get("values") or {}
    personal = item.get("personal") or {}
    view = SubmissionView(
        item, form, item_title(item), ChangeReader(dataset, today).changes(form, item)
    )
    for form_field in form.fields:
        label = form_field.label.get(lang, form_field.name)
        if form_field.personal:
            if personal.get(form_field.name):
                view.contact.append(
                    FieldRow(form_field.name, label, str(personal[form_field.name]), False)
                )
        else:
            view.fields.append(
                FieldRow(form_field.name, label, str(values.get(form_field.name, "")), True)
            )
    by_target = {target: name for name, target in form.record_targets}
    view.change_labels = {
        change.field: label_of(form, by_target.get(change.field, change.field), lang)
        for change in view.changes.fields
    }
    return view


def page_location(form: Form, item: dict[str, Any]) -> tuple[str, str | None] | None:
    """The site page (key, item) that shows what a submission fills, or None."""
    found = PAGE_OF_RESOURCE.get(form.resource)
    if found is None:
        return None
    key, id_field = found
    if id_field is None:
        return key, None
    values = item.get("values") or {}
    item_id = item.get("record_id") if id_field == "id" else values.get(id_field)
    return (key, str(item_id)) if item_id else None


def published_pages(dataset: Dataset, form: Form, item: dict[str, Any]) -> list[Published]:
    """Where the submission's page is on the site, in every language (site paths, no '/')."""
    location = page_location(form, item)
    if location is None:
        return []
    key, item_id = location
    languages = list(dataset.site.get("languages") or ["pt", "en"])
    return [
        Published(
            lang,
            item_title(item),
            site_prefix(lang, languages) + html_uri(page_uri(key, lang, item=item_id)),
        )
        for lang in languages
    ]


def render_preview(
    dataset: Dataset,
    form: Form,
    item: dict[str, Any],
    lang: str,
    today: dt.date,
    project_path: Path,
    uploads: Path,
) -> PagePreview | None:
    """The public page of the submission, rendered from data/ with it merged (None: no page).

    An image of the submission is read from `uploads` (private/uploads/), as approve reads it.
    """
    location = page_location(form, item)
    if location is None:
        return None
    key, item_id = location
    changed = merge_all(dataset, [item], today, uploads)
    page_key = f"{key}:{item_id}" if item_id else key
    scratch_path = uploads.parent / "tmp"  # PrivatePaths.scratch: the next run removes leftovers
    return preview_page(
        dataset.root_path, changed, page_key, lang, today, project_path, scratch_path
    )
