"""Showcase data, statistics, charts and the showcase checks, asserted on values."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from types import MappingProxyType

import pytest

from helpers import DATA_PATH, copy_data
from intlhub.base.sanitize import escape_spreadsheet_cell
from intlhub.dataset.load_dataset import load_dataset
from intlhub.dataset.validate import validate_data
from intlhub.site.charts import Row, Value, bar_chart
from intlhub.site.programme_stats import compute_statistics
from intlhub.site.showcase_data import build_facets, showcase_link, showcase_payload

TODAY = dt.date(2026, 11, 27)
DATASET = load_dataset(DATA_PATH)


def flatten(problems):
    return [(p.file, p.row, p.field, p.type) for p in problems]


def with_projects(dataset, change):
    projects = tuple(MappingProxyType(change(dict(p))) for p in dataset.table("projects"))
    return dataclasses.replace(
        dataset, tables=MappingProxyType({**dataset.tables, "projects": projects})
    )


def test_spreadsheet_cells():
    assert escape_spreadsheet_cell("=1+1") == "'=1+1"
    assert escape_spreadsheet_cell("@SUM(A1)") == "'@SUM(A1)"
    assert escape_spreadsheet_cell("\tx") == "'\tx"
    assert escape_spreadsheet_cell("-2+3") == "'-2+3"
    assert escape_spreadsheet_cell("-12,5") == "-12,5"
    assert escape_spreadsheet_cell("+351") == "+351"
    assert escape_spreadsheet_cell("Vinho") == "Vinho"
    assert escape_spreadsheet_cell(None) == ""


def test_statistics_keep_examples_apart():
    stats = compute_statistics(DATASET)
    assert [(s.key, s.count, s.euros) for s in stats.funnel] == [
        ("calls", 2, 5_000_000),
        ("proposals", 27, None),
        ("approved", 13, None),
    ]
    assert stats.real.projects == 0 and stats.real.eu_funding == 0
    assert [(c.call["id"], c.available, c.committed) for c in stats.calls] == [
        ("a2030-int-2023", Decimal(2_000_000), None),
        ("a2030-int-2025", Decimal(800_000), None),
        ("call-1", None, None),  # the seed gives 5 M (3 + 2), not which call had which
        ("call-2", None, None),
    ]
    assert (stats.example.projects, stats.example.eu_funding, stats.example.withdrawn) == (
        5,
        Decimal("926000.00"),
        1,
    )
    assert [(t.key, t.projects) for t in stats.example.by_market][:2] == [("BR", 2), ("DE", 1)]


def test_a_verified_project_counts_as_real_and_leaves_the_examples():
    dataset = with_projects(
        DATASET,
        lambda p: {**p, "verification": "verified"} if p["id"] == "EXEMPLO-001" else p,
    )
    stats = compute_statistics(dataset)
    assert (stats.real.projects, stats.real.eu_funding) == (1, Decimal("340000.00"))
    assert stats.example.eu_funding == Decimal("586000.00")
    approved = stats.funnel[2]
    assert (approved.count, approved.euros, approved.recorded) == (13, Decimal("340000.00"), 1)
    committed = {c.call["id"]: c.committed for c in stats.calls}
    assert committed["call-1"] == Decimal("340000.00") and committed["call-2"] is None
    assert [(t.key, t.eu_funding) for t in stats.real.by_sector] == [("wine", Decimal("340000.00"))]


def test_facets_list_every_value_with_its_count():
    facets = {facet.key: facet for facet in build_facets(DATASET, "en")}
    assert list(facets) == ["call", "market", "sector", "nuts3", "status", "kind"]
    sectors = {o.value: (o.label, o.count) for o in facets["sector"].options}
    assert sectors["wine"] == ("Wine", 3) and sectors["tourism"] == ("Tourism", 1)
    statuses = [(o.value, o.count) for o in facets["status"].options]
    assert statuses == [("approved", 1), ("ongoing", 1), ("completed", 3), ("withdrawn", 1)]
    kinds = {o.value: o.count for o in facets["kind"].options}
    assert kinds == {
        "business-association": 3,
        "public-body": 0,
        "agency": 2,
        "non-profit": 1,
        "other": 0,
    }


def test_showcase_payload_and_links():
    payload = json.loads(showcase_payload(DATASET, "pt"))
    first = payload["projects"][0]
    assert first["id"] == "EXEMPLO-001" and first["url"] == "exemplo-001.html"
    assert first["market"] == ["BR", "DE", "US"] and first["kind"] == ["business-association"]
    assert first["amount"] == 340000 and first["amount_text"] == "340\xa0000\xa0€"
    assert first["example"] is True
    assert showcase_link("index.md", "pt", sector="wine") == "projetos/index.html#sector=wine"
    assert (
        showcase_link("markets/es.md", "en", status="completed", market="ES", sort="amount-desc")
        == "../projects/index.html#market=ES&status=completed&sort=amount-desc"
    )
    with pytest.raises(ValueError, match="colour"):
        showcase_link("index.md", "pt", colour="red")


def test_bar_chart_is_accessible_svg():
    svg = bar_chart(
        "c1",
        "Title <b>",
        [Row("A", (Value(10, "10"),)), Row("B", (Value(None, "not stated"),))],
    )
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title"
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text == "Title <b>"
    assert len(root.findall(f"{ns}rect")) == 1, "an unknown value draws no bar"
    assert "\n\n" not in svg, "a blank line would end the raw HTML block in Markdown"


def test_showcase_checks_report_partners_and_images(tmp_path):
    data_path = copy_data(tmp_path)
    projects = data_path / "projects.csv"
    text = projects.read_text(encoding="utf-8")
    text = text.replace(
        ",exemplo-agencia-regional,2026-11-27", ",nobody;exemplo-agencia-regional,2026-11-27", 1
    )
    text = text.replace(
        ",exemplo-nucleo-azeite,2026-11-27", ",exemplo-agencia-regional,2026-11-27", 1
    )
    projects.write_text(text, encoding="utf-8")
    (data_path / "images/projects/exemplo-002.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        encoding="utf-8",
    )
    (data_path / "images/projects/exemplo-003.svg").unlink()
    (data_path / "images/projects/exemplo-004.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>',
        encoding="utf-8",
    )
    _, problems = validate_data(data_path, TODAY)
    assert flatten(problems) == [
        ("project-images.csv", 3, "path", "unsafe-svg"),
        ("project-images.csv", 4, "path", "missing-file"),
        ("project-images.csv", 5, "path", "unsafe-svg"),
        ("projects.csv", 2, "partner_ids", "foreign-key"),
        ("projects.csv", 6, "partner_ids", "partner-is-beneficiary"),
    ]
    assert all(p.fix for p in problems)


def test_every_projects_list_page_counts_the_examples_of_the_whole_table_once(tmp_path):
    from intlhub.site.plan_pages import plan_pages
    from intlhub.site.render import HubView, render_pages

    dataset = load_dataset(DATA_PATH)
    projects = dataset.table("projects")
    examples = sum(1 for p in projects if p["verification"] == "example")
    # Counted when the look-ups are built, not by each list page (quadratic at 20,000 projects).
    assert HubView(dataset).example_projects == examples
    specs = [
        s
        for s in plan_pages(dataset, dt.date(2026, 11, 27))
        if s.template in ("projects.md.j2", "home.md.j2") and s.lang == "en"
    ]
    intro = f"Example projects (fictitious, labelled in the list): {examples}."
    for spec, text in render_pages(dataset, specs):
        if spec.template == "projects.md.j2":
            assert f"Real projects: {len(projects) - examples}. {intro}" in text, spec.uri
