"""Hostile requests for the intake service's `POST /api/submissions/<form>` (TestClient).

Bodies: submissions with hostile values, raw JSON literals (NaN, 1e400, huge ints, lone
surrogates), deep nesting, wrong shapes, wrong content types, over-size bodies; multipart with
hostile images (truncated, polyglot, a huge dimensions header, SVG, HTML).
"""

from __future__ import annotations

import io
import json
import struct
import zlib

from hypothesis import strategies as st
from PIL import Image

from intlhub.bench.fuzz import hostile
from intlhub.bench.fuzz.execute import Case
from intlhub.bench.fuzz.ingest_cases import FIELD_VALUES

ORIGIN = "http://127.0.0.1:8000"
API_STATUSES = (201, 400, 403, 404, 405, 413, 415, 422, 429, 503)
IMAGE_ALT = {
    "image_alt_pt": "Stand de vinhos numa feira",
    "image_alt_en": "A wine stand at a fair",
    "image_credit": "Associação de teste",
    "image_licence": "CC-BY-4.0",
}
API_VALUES = {
    **FIELD_VALUES,
    "showcase": {
        **FIELD_VALUES["showcase"],
        "markets": "DE;BR",
        "eligible_cost_eur": "400.000,00",
        "eu_funding_eur": "340.000,00",
    },
}
BODY_KINDS = (
    "values",
    "literal",
    "deep",
    "garbage",
    "empty",
    "oversize",
    "wrong-shape",
    "wrong-type",
    "image",
)
IMAGE_KINDS = ("truncated", "huge-header", "polyglot-gif", "png-html", "svg", "html", "empty", "one-byte",
               "bad-exif", "over-size", "tall", "valid", "webp-truncated", "wrong-name")  # fmt: skip


def image(format: str, size: tuple[int, int] = (40, 20)) -> bytes:
    """A small valid image."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format)
    return out.getvalue()


def png_with_size(width: int, height: int) -> bytes:
    """A small PNG whose header claims width × height (a decompression bomb's header)."""
    data = bytearray(image("PNG"))
    header = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header) & 0xFFFFFFFF)
    return bytes(data)


def hostile_image(kind: str) -> tuple[str, bytes, str]:
    """(file name, bytes, content type) of one hostile image."""
    if kind == "truncated":
        data = image("PNG", (300, 200))
        return "photo.png", data[: len(data) // 2], "image/png"
    if kind == "huge-header":
        return "photo.png", png_with_size(100_000, 100_000), "image/png"
    if kind == "polyglot-gif":
        return (
            "photo.gif",
            b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=alert(1);//" + image("GIF"),
            "image/gif",
        )
    if kind == "png-html":
        return "photo.png", image("PNG") + b"<html><script>alert(1)</script></html>", "image/png"
    if kind == "svg":
        return (
            "photo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
        )
    if kind == "html":
        return "photo.png", b"<!doctype html><script>alert(1)</script>", "image/png"
    if kind == "empty":
        return "photo.png", b"", "image/png"
    if kind == "one-byte":
        return "photo.jpg", b"\xff", "image/jpeg"
    if kind == "bad-exif":
        jpeg = image("JPEG")
        exif = b"\xff\xe1" + struct.pack(">H", 2 + 14) + b"Exif\x00\x00MM\x00*\xff\xff\xff\xff"
        return "photo.jpg", jpeg[:2] + exif + jpeg[2:], "image/jpeg"
    if kind == "over-size":
        return "photo.png", image("PNG") + b"\0" * 6_000_000, "image/png"
    if kind == "tall":
        return "photo.png", image("PNG", (1, 12_000)), "image/png"
    if kind == "webp-truncated":
        return "photo.webp", image("WEBP", (200, 200))[:40], "image/webp"
    if kind == "wrong-name":
        return "../../../etc/x.svg\x00.png", image("PNG"), "text/html"
    return "photo.png", image("PNG"), "image/png"


@st.composite
def api_cases(draw) -> Case:
    """One hostile request to the submissions endpoint."""
    form = draw(st.sampled_from(sorted(API_VALUES)))
    kind = draw(st.sampled_from(BODY_KINDS))
    number = draw(st.integers(1, 2**40))
    values = {k: v.format(n=number % 10_000) for k, v in API_VALUES[form].items()}
    for _ in range(draw(st.integers(0, 3))):
        field = draw(st.sampled_from(sorted(values) + ["unknown_field", "website"]))
        values[field] = draw(
            st.one_of(st.sampled_from(hostile.HOSTILE_TEXTS), st.text(max_size=30))
        )
    body = {
        "form": form,
        "submission_id": f"{form}-20261203-{number:012x}",
        "submitted_at": "2026-12-03T10:00:00Z",
        "lang": draw(st.sampled_from(["pt", "en", "xx", "\ud800", ""])),
        "values": values,
    }
    path_form = draw(st.sampled_from([form] * 11 + ["hostile"]))  # most requests reach a form
    if path_form == "hostile":
        path_form = draw(st.sampled_from(["unknown", "..%2F..%2Fetc", "showcase%00", "SHOWCASE"]))
    path = f"/api/submissions/{path_form}"
    content_type, files = "application/json", {}
    text = json.dumps(body, ensure_ascii=True)
    literal = draw(st.sampled_from(hostile.HOSTILE_JSON))
    if kind == "literal":
        key = draw(st.sampled_from(sorted(values) + ["lang", "form", "submission_id", "values"]))
        target = f'"{key}": ' + json.dumps(
            body["values"].get(key, body.get(key)), ensure_ascii=True
        )
        text = text.replace(target, f'"{key}": {literal}', 1)
    elif kind == "deep":
        text = hostile.deep_json(draw(st.sampled_from([100, 1000, 10_000, 50_000]))).decode()
    elif kind == "garbage":
        text = draw(st.sampled_from(["{", "nul\x00l", "\ufeff{}", '{"a":1}{"b":2}', "\udcff"]))
    elif kind == "empty":
        text = ""
    elif kind == "oversize":
        values["summary_pt"] = "x" * draw(st.sampled_from([100_001, 1_000_000]))
        text = json.dumps(body)
    elif kind == "wrong-shape":
        text = draw(
            st.sampled_from(
                [
                    "[]",
                    "null",
                    "1e400",
                    '{"values": []}',
                    '{"values": {"a": {"b": 1}}}',
                    json.dumps([body]),
                ]
            )
        )
    elif kind == "wrong-type":
        content_type = draw(
            st.sampled_from(
                [
                    "text/plain",
                    "application/x-www-form-urlencoded",
                    "multipart/form-data",
                    "application/json; charset=utf-16",
                    "",
                ]
            )
        )
    elif kind == "image":
        body["form"] = "showcase"
        values.update(IMAGE_ALT)
        image_kind = draw(st.sampled_from(IMAGE_KINDS))
        name, data, image_type = hostile_image(image_kind)
        files = {
            "submission": (
                None,
                json.dumps({**body, "values": values}, ensure_ascii=True),
                "application/json",
            ),
            "image": (name, data, image_type),
        }
        path = "/api/submissions/showcase"
        kind = f"image:{image_kind}"
    request = {
        "path": path,
        "content_type": content_type,
        "files": files,
        "body": text.encode("utf-8", "surrogatepass"),
    }
    note = f"{form} {kind} path={path} literal={literal[:20]!r}"
    saved = {"body.json": request["body"]}
    for part, (_, part_data, _type) in files.items():
        saved[f"part-{part}.bin"] = (
            part_data.encode("utf-8", "surrogatepass") if isinstance(part_data, str) else part_data
        )
    return Case("api", saved, ["POST", path], note, API_STATUSES, {"request": request}, key=kind)
