"""Images sent with a submission: checked by their content, re-encoded, stored in private/uploads/.

Only JPEG, PNG and WebP are taken, told apart by their first bytes, never by the file's name or
the type the browser claims. A file with bytes after the image's end (a polyglot: HTML after a
PNG's IEND, after a JPEG's EOI, beyond a WebP's RIFF size) is refused, and so are images over the
byte, pixel or side limits. Pillow decodes the image, turns it upright (EXIF orientation) and
saves a fresh copy with no metadata at all (no EXIF, GPS, XMP, ICC or text chunks). The copy is
named by its content (32 hex digits and the format's extension), so a resend names the same file.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from intlhub.dataset.check_showcase import MAX_IMAGE_BYTES as MAX_STORED_IMAGE_BYTES
from intlhub.intake.private.store import UPLOAD_NAME

MAX_IMAGE_BYTES = 5_000_000
MAX_PIXELS = 25_000_000
MAX_SIDE = 10_000
# What is stored: at most this many pixels a side (enough for a project page) and the bytes
# data/images/ may hold (dataset.check_showcase), so an approved image always validates.
STORED_MAX_SIDE = 2_000
STORED_MAX_BYTES = MAX_STORED_IMAGE_BYTES
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class ImageRefused(ValueError):
    """An uploaded file that is not an accepted image; `type` is the problem's kebab-case code."""

    def __init__(self, type: str, reason: str) -> None:
        super().__init__(reason)
        self.type, self.reason = type, reason


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded image, ready to be stored under `name`."""

    name: str
    data: bytes


def sniff_format(data: bytes) -> str:
    """JPEG, PNG or WEBP from the first bytes; anything else is refused."""
    if data.startswith(PNG_SIGNATURE):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    raise ImageRefused("image-type", "the file is not a JPEG, PNG or WebP image")


def png_end(data: bytes) -> int:
    """Where a PNG ends: just after its IEND chunk."""
    offset = len(PNG_SIGNATURE)
    while offset + 12 <= len(data):
        length = int.from_bytes(data[offset : offset + 4], "big")
        kind = data[offset + 4 : offset + 8]
        offset += 12 + length
        if kind == b"IEND":
            return offset
    raise ImageRefused("image-broken", "the PNG has no IEND chunk")


def jpeg_end(data: bytes) -> int:
    """Where a JPEG ends: just after its EOI marker, found by walking its segments and scans."""
    offset, size = 2, len(data)
    while offset + 1 < size:
        if data[offset] != 0xFF:
            raise ImageRefused("image-broken", "the JPEG's segments are broken")
        marker = data[offset + 1]
        if marker == 0xFF:  # fill byte
            offset += 1
            continue
        if marker == 0xD9:
            return offset + 2
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            offset += 2
            continue
        offset += 2 + int.from_bytes(data[offset + 2 : offset + 4], "big")
        if marker == 0xDA:  # entropy-coded data up to the next marker that is not stuffing or RST
            while True:
                offset = data.find(b"\xff", offset)
                if offset < 0 or offset + 1 >= size:
                    raise ImageRefused("image-broken", "the JPEG has no end marker")
                following = data[offset + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    offset += 2
                elif following == 0xFF:
                    offset += 1
                else:
                    break
    raise ImageRefused("image-broken", "the JPEG has no end marker")


def webp_end(data: bytes) -> int:
    """Where a WebP ends: the RIFF size says."""
    return 8 + int.from_bytes(data[4:8], "little")


ENDS = {"PNG": png_end, "JPEG": jpeg_end, "WEBP": webp_end}


def decode(data: bytes, format: str) -> Image.Image:
    """Open and fully decode an image within the pixel and side limits."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[format])
            width, height = image.size
            if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                raise ImageRefused(
                    "image-too-large",
                    f"the image is {width} × {height} pixels (limit {MAX_PIXELS:,} pixels, "
                    f"{MAX_SIDE:,} a side)",
                )
            image.seek(0)  # animated images: the first frame only
            image.load()
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageRefused("image-too-large", "the image has too many pixels") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise ImageRefused("image-broken", "the image cannot be decoded") from error
    return image


def encode(image: Image.Image, format: str) -> bytes:
    """The image in its format, with nothing but its pixels."""
    out = io.BytesIO()
    if format == "JPEG":
        image.save(out, "JPEG", quality=88)
    elif format == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=88)
    return out.getvalue()


def clean_image(data: bytes) -> CleanImage:
    """Check an uploaded file and re-encode it without metadata; raise ImageRefused if refused."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageRefused(
            "image-too-large", f"the file has {len(data):,} bytes (limit {MAX_IMAGE_BYTES:,})"
        )
    format = sniff_format(data)
    end = ENDS[format](data)
    if end != len(data):
        raise ImageRefused(
            "image-polyglot", f"the file has {len(data) - end:,} bytes after the image's end"
        )
    image = ImageOps.exif_transpose(decode(data, format))
    mode = "RGB" if format == "JPEG" else ("RGBA" if image.has_transparency_data else "RGB")
    if image.mode == "L":
        mode = "L"
    pixels = image.convert(mode)
    fresh = Image.frombytes(mode, pixels.size, pixels.tobytes())  # no info, no metadata
    fresh.thumbnail((STORED_MAX_SIDE, STORED_MAX_SIDE), Image.Resampling.LANCZOS)
    encoded = encode(fresh, format)
    while len(encoded) > STORED_MAX_BYTES and max(fresh.size) > 400:
        # a large photo sent as PNG: smaller until it fits what data/images/ may hold
        fresh = fresh.resize(
            (max(1, fresh.width * 3 // 4), max(1, fresh.height * 3 // 4)),
            Image.Resampling.LANCZOS,
        )
        encoded = encode(fresh, format)
    if len(encoded) > STORED_MAX_BYTES:
        raise ImageRefused(
            "image-too-large", f"the image needs {len(encoded):,} bytes even when reduced"
        )
    name = hashlib.sha256(encoded).hexdigest()[:32] + "." + EXTENSIONS[format]
    return CleanImage(name, encoded)


def upload_path(uploads_path: Path, name: str) -> Path:
    """The path of an upload; a name that is not 32 hex digits and an extension is refused."""
    if not UPLOAD_NAME.fullmatch(name):
        raise ValueError(f"{name!r} is not an upload name")
    return uploads_path / name


def store_upload(uploads_path: Path, image: CleanImage) -> bool:
    """Write an upload atomically (0600); False when the same image is already there."""
    path = upload_path(uploads_path, image.name)
    if path.exists():
        return False
    uploads_path.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=uploads_path, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(image.data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp_name, 0o600)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return True
