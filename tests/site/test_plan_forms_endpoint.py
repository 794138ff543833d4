"""The built form pages post to the intake service on the same origin, unless form_endpoint says
otherwise; the image field is a file input."""

import html
import json
import posixpath
import re

import yaml

from helpers import DATA_PATH, copy_data
from intlhub.dataset.forms import read_forms
from intlhub.dataset.load_dataset import load_dataset
from intlhub.service.uploads import MAX_IMAGE_BYTES
from intlhub.site.plan_forms import MAX_IMAGE_BYTES as FORM_IMAGE_BYTES
from intlhub.site.plan_forms import form_spec, form_uri
from intlhub.site.plan_pages import plan_pages
from intlhub.site.render import render_pages
from intlhub.base.clock import today


def resolved(page_uri: str, lang: str, endpoint: str) -> str:
    """Where a relative endpoint points from a page, from the root of the whole site."""
    folder = posixpath.dirname(("" if lang == "pt" else "en/") + page_uri)
    return posixpath.normpath(posixpath.join(folder, endpoint))


def test_every_form_posts_to_the_service_at_the_site_root():
    dataset = load_dataset(DATA_PATH)
    assert not dataset.site.get("form_endpoint")
    for form in read_forms(dataset).values():
        for lang in ("pt", "en"):
            endpoint = form_spec(dataset, form, lang)["endpoint"]
            assert resolved(form_uri(form, lang), lang, endpoint) == f"api/submissions/{form.name}"


def test_form_endpoint_still_points_the_forms_elsewhere(tmp_path):
    data_path = copy_data(tmp_path)
    site = yaml.safe_load((data_path / "site.yaml").read_text(encoding="utf-8"))
    site["form_endpoint"] = "https://forms.example.org/hub"
    (data_path / "site.yaml").write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")
    dataset = load_dataset(data_path)
    form = read_forms(dataset)["event"]
    assert form_spec(dataset, form, "pt")["endpoint"] == "https://forms.example.org/hub"


def test_the_image_field_is_a_file_input_and_makes_alt_texts_required():
    dataset = load_dataset(DATA_PATH)
    spec = form_spec(dataset, read_forms(dataset)["showcase"], "en")
    fields = {f["name"]: f for f in spec["fields"]}
    assert (
        fields["image"]["file"] and fields["image"]["accept"] == "image/jpeg,image/png,image/webp"
    )
    assert fields["image"]["required"] is False
    assert fields["image_alt_pt"]["required_with"] == "image"
    assert fields["image_alt_en"]["required_with"] == "image"
    assert spec["max_image_bytes"] == MAX_IMAGE_BYTES == FORM_IMAGE_BYTES


def test_the_rendered_form_page_has_the_endpoint_and_a_labelled_file_input():
    dataset = load_dataset(DATA_PATH)
    specs = [s for s in plan_pages(dataset, today()) if s.key == "form:showcase"]
    rendered = list(render_pages(dataset, specs))
    assert [spec.lang for spec, _ in rendered] == ["pt", "en"]
    for spec, page in rendered:
        data = re.search(r'data-spec="([^"]*)"', page).group(1)
        browser_spec = json.loads(html.unescape(data))
        assert resolved(spec.uri, spec.lang, browser_spec["endpoint"]) == "api/submissions/showcase"
        assert '<label class="hub-label" for="f-image">' in page
        assert (
            '<input class="hub-file-upload" type="file" id="f-image" name="image" '
            'accept="image/jpeg,image/png,image/webp" aria-describedby="f-image-hint f-image-error">'
        ) in page
