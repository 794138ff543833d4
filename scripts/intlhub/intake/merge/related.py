"""The rows a showcase submission adds besides its project: a new beneficiary organisation,
result indicators and an image. Pure: each function returns rows; the callers merge them.

- A new organisation (name, NIF, kind) becomes the project's beneficiary. Its id is a slug of
  its name, unique; it is self-reported. A NIF already in organisations.csv uses that
  organisation instead, and no row is added.
- Results replace the project's result rows (a verified project only gains new indicators).
- An image (an upload in private/uploads/) is copied to images/projects/<project>-<n>.<ext>
  with the next free position.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from intlhub.base.problems import HubError
from intlhub.dataset.check_records import EXAMPLE_ID_PREFIXES
from intlhub.dataset.forms import Form
from intlhub.intake.merge.records import TableFile, slugify, unique_id
from intlhub.intake.private.store import UPLOAD_NAME
from intlhub.intake.read.normalise import fold
from intlhub.intake.read.showcase_kinds import read_results

ORGANISATIONS, RESULTS, IMAGES = "organisations", "project-results", "project-images"
SELF_REPORTED = "self-reported"
IMAGE_FOLDER = "images/projects"


@dataclass
class Related:
    """What one submission adds besides its own record."""

    organisation_id: str | None = None  # the beneficiary it names (new or listed by NIF)
    organisation: dict[str, str] | None = None  # the row to add, when new
    listed_nif: bool = False  # the NIF is already in organisations.csv: that one is used
    same_name: list[str] = field(default_factory=list)  # listed organisations of the same name
    results: list[dict[str, str]] | None = None  # the project's result rows, when given
    image: dict[str, str] | None = None  # the project-images row to add
    upload: str | None = None  # its upload's name in private/uploads/


def fields_of(form: Form, resource: str, values: Mapping[str, str]) -> dict[str, str]:
    """The filled values of a related resource's fields, by resource field name."""
    return {target: values[name] for name, target in form.targets_of(resource) if values.get(name)}


def organisation_for(
    form: Form, values: Mapping[str, str], organisations: TableFile
) -> tuple[str | None, dict[str, str] | None, bool]:
    """(id, row to add or None, NIF already listed) for the new organisation a submission names."""
    given = fields_of(form, ORGANISATIONS, values)
    if not given.get("name"):
        return None, None, False
    nif = given.get("nif")
    listed = next(
        (row for row in organisations.rows.values() if nif and row.get("nif") == nif), None
    )
    if listed:
        return listed["id"], None, True
    slug = slugify(given["name"])
    if slug.startswith(EXAMPLE_ID_PREFIXES):
        slug = f"org-{slug}"  # only example records may have an example-looking id
    made = unique_id(slug, (key[0] for key in organisations.rows))
    row = {name: "" for name in organisations.header}
    row.update(given)
    row.update({"id": made, "verification": SELF_REPORTED})
    return made, row, False


def result_rows(project_id: str, text: str) -> list[dict[str, str]]:
    """The project-results rows of a results text; indicator slugs from the English names."""
    rows, taken = [], set()
    for result in read_results(text):
        indicator = unique_id(slugify(result.name_en, 40), taken)
        taken.add(indicator)
        rows.append(
            {
                "project_id": project_id,
                "indicator": indicator,
                "name_pt": result.name_pt,
                "name_en": result.name_en,
                "unit": result.unit,
                "planned": result.planned,
                "achieved": result.achieved,
            }
        )
    return rows


def image_row(
    form: Form, values: Mapping[str, str], project_id: str, images: TableFile, taken: Iterable[str]
) -> tuple[dict[str, str], str] | None:
    """(project-images row, upload name) for a submission's image, at the next free position."""
    upload = next((values.get(f.name) for f in form.fields if f.kind == "image"), None)
    if not upload:
        return None
    given = fields_of(form, IMAGES, values)
    used = {row.get("path") for row in images.rows.values()} | set(taken)
    positions = [
        int(row["position"])
        for key, row in images.rows.items()
        if key[0] == project_id and str(row.get("position", "")).isdigit()
    ]
    position = max(positions, default=0) + 1
    extension = upload.rsplit(".", 1)[-1]
    while (uri := f"{IMAGE_FOLDER}/{slugify(project_id)}-{position}.{extension}") in used:
        position += 1
    row = {name: "" for name in images.header}
    row.update(given)
    row.update({"project_id": project_id, "position": str(position), "path": uri})
    row["credit_en"] = row.get("credit_en") or row.get("credit_pt", "")  # a name reads the same
    return row, upload


def plan_related(
    form: Form,
    values: Mapping[str, str],
    project_id: str,
    tables: Mapping[str, TableFile],
    taken_paths: Iterable[str] = (),
) -> Related:
    """What a submission adds besides its project, against the tables as they are."""
    related = Related()
    if ORGANISATIONS in tables:
        made, row, listed = organisation_for(form, values, tables[ORGANISATIONS])
        related.organisation_id, related.organisation, related.listed_nif = made, row, listed
        if row:
            name = fold(row["name"])
            related.same_name = [
                r["id"] for r in tables[ORGANISATIONS].rows.values() if fold(r["name"]) == name
            ]
    text = next((values.get(f.name) for f in form.fields if f.kind == "results"), None)
    if text and RESULTS in tables:
        related.results = result_rows(project_id, text)
    if IMAGES in tables:
        found = image_row(form, values, project_id, tables[IMAGES], taken_paths)
        if found:
            related.image, related.upload = found
    return related


def apply_related(related: Related, tables: Mapping[str, TableFile], verified: bool) -> None:
    """Merge a submission's related rows into the tables held in memory."""
    if related.organisation:
        tables[ORGANISATIONS].rows[(related.organisation["id"],)] = related.organisation
    if related.results is not None:
        table = tables[RESULTS]
        project_id = related.results[0]["project_id"] if related.results else None
        current = [key for key in table.rows if key[0] == project_id]
        if not verified:
            for key in current:
                del table.rows[key]
        for row in related.results:
            key = table.key_of(row)
            if not (verified and key in current):
                table.rows[key] = row
    if related.image:
        table = tables[IMAGES]
        table.rows[table.key_of(related.image)] = related.image


def related_resources(form: Form) -> list[str]:
    """The related resources a form's fields fill."""
    return sorted(
        {f.resource for f in form.public_fields if f.resource not in (None, form.resource)}
    )


def read_upload(uploads: Path, name: str, submission_id: str) -> bytes:
    """The bytes of an upload; a name that is not an upload's, or a missing file, is a HubError."""
    path = uploads / name
    if not UPLOAD_NAME.match(name) or not path.is_file():
        raise HubError(
            f"Cannot publish the image of submission {submission_id!r}: "
            f"{str(path)!r} is not an upload in the private folder",
            "Reject the submission, or remove its image fields from the queue file and approve "
            "again.",
        )
    return path.read_bytes()


def image_files(root_path: Path) -> set[str]:
    """The images already under data/images/projects/, as paths relative to data/."""
    folder = root_path / IMAGE_FOLDER
    return (
        {f"{IMAGE_FOLDER}/{path.name}" for path in folder.glob("*")} if folder.is_dir() else set()
    )
