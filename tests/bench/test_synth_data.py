"""Synthetic packages: valid at any size, deterministic, and no page grows with N."""

from __future__ import annotations

import csv
import datetime as dt
import re
import statistics
from collections import Counter

from helpers import DATA_PATH, PROJECT_PATH, snapshot
from intlhub.base.problems import errors_only
from intlhub.bench.synth_data import synth_data
from intlhub.bench.synth_text import build_vocabulary
from intlhub.dataset.load_dataset import load_dataset
from intlhub.dataset.validate import format_problems, validate_data
from intlhub.site.build_site import build_site

TODAY = dt.date(2026, 11, 27)


def test_synthetic_package_is_valid_and_deterministic(tmp_path):
    counts = synth_data(DATA_PATH, tmp_path / "a", projects=120, markets=15, seed=7)
    assert counts["projects"] == 120 and counts["markets"] == 15
    _, problems = validate_data(tmp_path / "a", TODAY)
    assert errors_only(problems) == [], format_problems(problems)
    synth_data(DATA_PATH, tmp_path / "b", projects=120, markets=15, seed=7)
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def page_sizes(site_path):
    return {str(p.relative_to(site_path)): p.stat().st_size for p in site_path.rglob("*.html")}


def test_no_page_grows_with_the_number_of_projects(tmp_path):
    sizes = {}
    for count in (100, 300):
        data_path = tmp_path / f"data-{count}"
        synth_data(DATA_PATH, data_path, projects=count, markets=10, seed=3)
        site_path = tmp_path / f"site-{count}"
        build_site(load_dataset(data_path), PROJECT_PATH, site_path, TODAY, lambda message: None)
        sizes[count] = page_sizes(site_path)
    small, large = sizes[100], sizes[300]
    assert max(large.values()) <= max(small.values()) * 1.2, "the largest page must not grow with N"
    same_project = "projetos/exemplo-000001.html"
    assert abs(large[same_project] - small[same_project]) <= 0.1 * small[same_project]
    assert large[same_project] <= 15_000, "a project page's HTML must stay within 15 KB"
    assert max(large.values()) < 100_000  # the eligibility checker embeds its rules: about 56 KB


def test_synthetic_text_spreads_its_words_like_real_text(tmp_path):
    """A large vocabulary with Zipf-like frequencies: a domain term is common, not universal."""
    synth_data(DATA_PATH, tmp_path, projects=400, markets=5, seed=2)
    with (tmp_path / "projects.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for lang, term in (("pt", "exportação"), ("en", "export")):
        pages = [
            " ".join(row[f"{field}_{lang}"] for field in ("title", "summary", "objectives"))
            + " "
            + row[f"activities_{lang}"]
            for row in rows
        ]
        share = sum(bool(re.search(rf"\b{term}\b", page.lower())) for page in pages) / len(pages)
        assert 0.05 <= share <= 0.5, f"{term!r} is on {share:.0%} of the {lang} project pages"
        counts = Counter(word for page in pages for word in re.findall(r"\w+", page.lower()))
        assert len(counts) > 2000, "a realistic vocabulary has thousands of words"
        ranked = [count for _, count in counts.most_common()]
        assert ranked[0] > 20 * ranked[99] > 0, "word frequencies fall off like Zipf's law"
        assert 600 <= statistics.mean(len(row[f"summary_{lang}"]) for row in rows) <= 700
        assert 60 <= statistics.mean(len(row[f"title_{lang}"]) for row in rows) <= 90
    assert build_vocabulary("pt", 2) == build_vocabulary("pt", 2) != build_vocabulary("pt", 3)


def test_a_long_list_of_organisations_is_typed_not_listed_on_the_form(tmp_path):
    """Past MAX_LISTED_CHOICES organisations the beneficiary is a text field, so the form page
    does not grow with the data; intake resolves the name or NIF typed there."""
    from intlhub.dataset.forms import read_forms
    from intlhub.site.plan_forms import MAX_LISTED_CHOICES, field_spec

    data_path = tmp_path / "data"
    synth_data(DATA_PATH, data_path, projects=3200, markets=5, seed=3)
    # Synthetic organisations are examples, which the form never offers: make them real here.
    organisations = data_path / "organisations.csv"
    text = organisations.read_text(encoding="utf-8")
    organisations.write_text(text.replace(",example,", ",self-reported,"), encoding="utf-8")
    dataset = load_dataset(data_path)
    real = [o for o in dataset.table("organisations") if o["verification"] != "example"]
    assert len(real) > MAX_LISTED_CHOICES
    showcase = read_forms(dataset)["showcase"]
    beneficiary = next(f for f in showcase.fields if f.name == "beneficiary_id")
    spec = field_spec(dataset, beneficiary, "pt")
    assert (spec["select"], spec["choices"]) == (False, [])
    assert "NIF" in spec["help"]
    sectors = next(f for f in showcase.fields if f.name == "sectors")
    assert field_spec(dataset, sectors, "pt")["choices"], "a short list stays a list"
