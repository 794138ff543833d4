"""Images sent with a showcase submission: checked by content, re-encoded without metadata,
kept in private/uploads/ only."""

import io
import json
import random
import re

import pytest
from PIL import Image
from starlette.testclient import TestClient

from helpers import snapshot
from intlhub.intake.review import list_queue
from intlhub.service.app import create_app
from intlhub.service.uploads import ImageRefused, clean_image
from service_fixtures import ORIGIN, gps_exif, image_bytes, service_config, submission

URL = "/api/submissions/showcase"
ALT = {
    "image_alt_pt": "Stand de vinhos numa feira",
    "image_alt_en": "A wine stand at a fair",
    "image_credit": "Associação de teste",
    "image_licence": "CC-BY-4.0",
}
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    config = service_config(tmp_path_factory.mktemp("uploads"), rate_limit=0)
    return config, TestClient(create_app(config))


def send(client, number, data, filename="photo.png", kind="image/png", **changes):
    body = submission(number, **{**ALT, **changes})
    files = {"submission": (None, json.dumps(body), "application/json")}
    if data is not None:
        files["image"] = (filename, data, kind)
    return client.post(URL, files=files, headers=ORIGIN)


def uploads(config):
    folder = config.private.uploads
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("format, extension", [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_an_image_is_stored_in_private_and_named_in_the_submission(service, format, extension):
    config, client = service
    number = {"PNG": 1, "JPEG": 2, "WEBP": 3}[format]
    response = send(client, number, image_bytes(format), filename=f"x.{extension}")
    assert response.status_code == 201, response.text
    item = next(i for i in list_queue(config.private) if i["id"] == response.json()["id"])
    name = item["values"]["image"]
    assert re.fullmatch(rf"[0-9a-f]{{32}}\.{extension}", name)
    stored = config.private.uploads / name
    assert stored.stat().st_mode & 0o777 == 0o600
    assert Image.open(stored).format == format
    assert item["values"]["image_alt_en"] == ALT["image_alt_en"]


def test_gps_and_other_metadata_are_removed_and_orientation_applied():
    original = image_bytes("JPEG", (40, 20), exif=gps_exif(orientation=6))
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test image has GPS
    clean = clean_image(original)
    image = Image.open(io.BytesIO(clean.data))
    assert image.size == (20, 40)  # rotated as the EXIF orientation said
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info and "icc_profile" not in image.info
    assert b"CameraMaker" not in clean.data and b"Exif" not in clean.data


def test_a_resend_with_the_same_image_is_not_queued_twice(service):
    config, client = service
    data = image_bytes("PNG", (30, 30))
    first, again = send(client, 4, data), send(client, 4, data)
    assert (first.status_code, again.status_code) == (201, 201)
    ids = [i["id"] for i in list_queue(config.private)]
    assert ids.count(first.json()["id"]) == 1


POLYGLOT_PNG = image_bytes("PNG") + HTML
POLYGLOT_JPEG = image_bytes("JPEG") + HTML
WEBP = image_bytes("WEBP")


@pytest.mark.parametrize(
    "data, filename, kind",
    [
        (SVG, "photo.png", "image/png"),
        (SVG, "drawing.svg", "image/svg+xml"),
        (HTML, "photo.jpg", "image/jpeg"),
        (image_bytes("GIF"), "anim.gif", "image/gif"),
        (POLYGLOT_PNG, "photo.png", "image/png"),
        (POLYGLOT_JPEG, "photo.jpg", "image/jpeg"),
        (WEBP + HTML, "photo.webp", "image/webp"),
        (WEBP[:-10], "cut.webp", "image/webp"),
        (image_bytes("PNG")[:-30], "cut.png", "image/png"),
    ],
)
def test_files_that_are_not_clean_images_are_refused(service, data, filename, kind):
    config, client = service
    before = snapshot(config.private.root)
    response = send(client, 20, data, filename=filename, kind=kind)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "image"
    assert snapshot(config.private.root) == before


def test_an_image_with_too_many_pixels_is_refused():
    huge = Image.new("L", (6000, 6000))  # 36 MP, a few KB as PNG
    out = io.BytesIO()
    huge.save(out, "PNG")
    with pytest.raises(ImageRefused) as refused:
        clean_image(out.getvalue())
    assert refused.value.type == "image-too-large"


def test_an_image_needs_its_text_alternative_in_each_language(service):
    config, client = service
    response = send(client, 21, image_bytes("PNG"), image_alt_en="")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["image_alt_en"]
    assert (
        "describe what the image shows"
        in client.post(
            URL + "?lang=en",
            files={
                "submission": (
                    None,
                    json.dumps(
                        {
                            **submission(21, "en", **ALT),
                            "values": {**submission(21)["values"], "image_alt_pt": "x"},
                        }
                    ),
                ),
                "image": ("a.png", image_bytes("PNG"), "image/png"),
            },
            headers=ORIGIN,
        ).json()["errors"][0]["message"]
    )


def test_an_image_name_cannot_be_given_as_a_value(service):
    _, client = service
    body = submission(22, image="0123456789abcdef0123456789abcdef.png", **ALT)
    response = client.post(URL, json=body, headers=ORIGIN)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "image"


def test_a_path_in_a_file_name_or_id_writes_nothing_outside_private(tmp_path):
    config = service_config(tmp_path, rate_limit=0)
    client = TestClient(create_app(config))
    outside = {
        name: data for name, data in snapshot(tmp_path).items() if not name.startswith("private/")
    }
    for number, filename in enumerate(["../../evil.png", "/etc/evil.png", "..\\..\\evil.png"]):
        response = send(client, 30 + number, image_bytes("PNG", (8 + number, 8)), filename=filename)
        assert response.status_code == 201
    body = submission(40, **ALT)
    body["submission_id"] = "../../../escape"
    assert client.post(URL, json=body, headers=ORIGIN).status_code == 422
    after = {n: d for n, d in snapshot(tmp_path).items() if not n.startswith("private/")}
    assert after == outside
    names = uploads(config)
    assert len(names) == 3 and all(re.fullmatch(r"[0-9a-f]{32}\.png", n) for n in names)
    assert not list(tmp_path.rglob("evil*"))


def test_a_large_photo_is_reduced_to_what_data_images_may_hold():
    """Random pixels (incompressible): a PNG under the upload limit but over data/images/' limit."""
    from intlhub.dataset.check_showcase import MAX_IMAGE_BYTES as STORED_LIMIT
    from intlhub.service.uploads import STORED_MAX_SIDE, clean_image

    noise = Image.frombytes("RGB", (1300, 1100), random.Random(7).randbytes(1300 * 1100 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG")
    assert len(out.getvalue()) > STORED_LIMIT
    cleaned = clean_image(out.getvalue())
    stored = Image.open(io.BytesIO(cleaned.data))
    assert max(stored.size) <= STORED_MAX_SIDE
    assert len(cleaned.data) <= STORED_LIMIT
