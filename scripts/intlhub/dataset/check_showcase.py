"""Checks of the showcase data a Table Schema cannot express: partners and image files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from intlhub.base.problems import Problem
from intlhub.dataset.check_records import problem, rows
from intlhub.dataset.load_dataset import Dataset

MAX_IMAGE_BYTES = 2_000_000
# The first bytes of each raster format, so a renamed file is caught.
MAGIC_BYTES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".webp": (b"RIFF",),
}
# An SVG opened on its own is a document of the site's origin: nothing in it may run or load.
SVG_FORBIDDEN_TAGS = {"script", "foreignobject", "iframe", "embed", "object"}


def check_partners(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """Partners exist in organisations and are not the beneficiary itself."""
    organisations = {organisation["id"] for organisation in dataset.table("organisations")}
    for row, project in rows(dataset, "projects"):
        for partner_id in project.get("partner_ids") or ():
            if partner_id not in organisations:
                yield problem(
                    dataset,
                    "projects",
                    row,
                    "partner_ids",
                    "foreign-key",
                    f"partner {partner_id!r} is not in 'organisations'",
                    "Use an id listed in organisations.csv, or add the organisation there first.",
                )
            elif partner_id == project["beneficiary_id"]:
                yield problem(
                    dataset,
                    "projects",
                    row,
                    "partner_ids",
                    "partner-is-beneficiary",
                    f"{partner_id!r} is the beneficiary, not a partner",
                    "Remove it from partner_ids.",
                )


def check_translated_lists(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """Objectives and activities have as many items in English as in Portuguese."""
    for row, project in rows(dataset, "projects"):
        for name in ("objectives", "activities"):
            pt, en = project.get(f"{name}_pt") or (), project.get(f"{name}_en") or ()
            if pt and en and len(pt) != len(en):
                yield problem(
                    dataset,
                    "projects",
                    row,
                    f"{name}_en",
                    "translation-mismatch",
                    f"{len(en)} item(s) in English but {len(pt)} in Portuguese",
                    f"Give {name}_en one item per item of {name}_pt, separated by '|'.",
                    severity="warning",
                )


def svg_problem(path: Path) -> str | None:
    """Return why an SVG file is unsafe or unreadable, or None when it is fine."""
    try:
        root = ElementTree.parse(str(path)).getroot()
    except (ElementTree.ParseError, DefusedXmlException) as error:
        return f"is not well-formed SVG ({error})"
    for element in root.iter():
        tag = str(element.tag).rsplit("}", 1)[-1].lower()
        if tag in SVG_FORBIDDEN_TAGS:
            return f"contains a <{tag}> element"
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                return f"has an event attribute {local!r}"
            if local == "href" and not value.startswith("#"):
                return f"links to {value!r}"
    return None


def image_problem(path: Path) -> tuple[str, str, str] | None:
    """Return (type, why, fix) when an image file is missing, too big, unsafe or mislabelled."""
    if not path.is_file():
        return (
            "missing-file",
            "the file does not exist",
            "Add the file under data/images/ or correct the path.",
        )
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return (
            "image-too-large",
            f"the file has {size:,} bytes (limit {MAX_IMAGE_BYTES:,})",
            "Resize or compress the image.",
        )
    suffix = path.suffix.lower()
    if suffix == ".svg":
        why = svg_problem(path)
        if why:
            return (
                "unsafe-svg",
                f"the SVG {why}",
                "Export the SVG again as plain shapes, without scripts or links.",
            )
        return None
    with path.open("rb") as handle:
        head = handle.read(12)
    if not head.startswith(MAGIC_BYTES[suffix]) or (suffix == ".webp" and head[8:12] != b"WEBP"):
        return (
            "image-type",
            f"the file is not a {suffix[1:].upper()} image",
            "Save it in the format its name says.",
        )
    return None


def check_images(dataset: Dataset, today: dt.date) -> Iterator[Problem]:
    """Every project image exists in data/, is small enough, and is a safe image of its type."""
    for row, image in rows(dataset, "project-images"):
        if not image["path"]:
            continue
        found = image_problem(dataset.root_path / image["path"])
        if found:
            kind, why, fix = found
            yield problem(
                dataset, "project-images", row, "path", kind, f"{image['path']!r}: {why}", fix
            )


SHOWCASE_CHECKS = (check_partners, check_translated_lists, check_images)


def check_showcase(dataset: Dataset, today: dt.date) -> list[Problem]:
    """Run the showcase checks and return every problem found."""
    return [found for check in SHOWCASE_CHECKS for found in check(dataset, today)]
