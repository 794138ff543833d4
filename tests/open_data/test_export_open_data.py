"""Open data exports, each checked by its own standard's validator."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import subprocess
import sys
import zipfile
from types import MappingProxyType

import feedparser
import openpyxl
import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from helpers import DATA_PATH, TESTS_PATH, copy_data
from intlhub.cli.main import main
from intlhub.dataset.load_dataset import load_dataset
from intlhub.open_data.export_360giving import giving_json
from intlhub.open_data.export_feeds import showcase_feed
from intlhub.open_data.export_open_data import export_open_data, summarise_open_data
from intlhub.open_data.export_operations import COLUMNS, operations_csv, operations_xlsx
from intlhub.open_data.export_tables import package_zip, resource_files

DAY = dt.date(2026, 11, 27)
GIVING_PATH = TESTS_PATH / "standards" / "360giving"  # vendored, CC BY 4.0
GIVING_URI = (
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/{}/schema/360-giving-schema.json"
)
DATASET = load_dataset(DATA_PATH)
HOSTILE = ['=HYPERLINK("http://x")', "+SUM(1)", "-2+3", "@cmd", "\tTab", "\rReturn"]


def with_projects(dataset, change):
    """Return the dataset with each project record passed through change(record) -> dict."""
    projects = tuple(MappingProxyType(change(dict(p))) for p in dataset.table("projects"))
    return dataclasses.replace(
        dataset, tables=MappingProxyType({**dataset.tables, "projects": projects})
    )


def giving_validator() -> Draft202012Validator:
    """The 360Giving 1.4.3 package schema, offline, with format checking on."""
    grant = json.loads((GIVING_PATH / "360-giving-schema.json").read_text(encoding="utf-8"))
    package = json.loads(
        (GIVING_PATH / "360-giving-package-schema.json").read_text(encoding="utf-8")
    )
    resource = DRAFT202012.create_resource(grant)
    registry = Registry().with_resources(
        [(GIVING_URI.format(v), resource) for v in ("1.4.2", "1.4.3")]
    )
    return Draft202012Validator(
        package, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def test_data_package_zip_passes_frictionless_validate(tmp_path):
    zip_path = tmp_path / "package.zip"
    zip_path.write_bytes(package_zip(DATASET, DAY))
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        stamps = {info.date_time for info in archive.infolist()}
    assert names == sorted(names) and "datapackage.json" in names
    assert "projects.csv" in names and "images/projects/exemplo-001.svg" in names
    assert stamps == {(2026, 11, 27, 0, 0, 0)}
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", str(zip_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_exports_are_byte_identical_between_runs():
    assert export_open_data(DATASET, DAY) == export_open_data(load_dataset(DATA_PATH), DAY)


def test_giving_file_validates_with_format_checking():
    package = json.loads(giving_json(DATASET, DAY))
    validator = giving_validator()
    assert [error.message for error in validator.iter_errors(package)] == []
    broken = json.loads(json.dumps(package))
    broken["grants"][0]["awardDate"] = "2016-02-30T99:00"
    assert list(validator.iter_errors(broken)), "format checking must reject a bad date"


def test_giving_fields_follow_the_brief():
    package = json.loads(giving_json(DATASET, DAY))
    grants = {grant["id"]: grant for grant in package["grants"]}
    first = grants["360G-intlhub-alentejo-EXEMPLO-001"]
    assert first["amountAwarded"] == 340000 and first["awardDate"] == "2016-03-15"
    assert first["fundingOrganization"][0]["name"].startswith("Comissão de Coordenação")
    assert (
        first["recipientOrganization"][0]["id"] == "360G-intlhub-alentejo-ORG-exemplo-assoc-vinhos"
    )
    assert first["plannedDates"] == [{"startDate": "2016-04-01", "endDate": "2017-12-31"}]
    assert first["beneficiaryLocation"][0]["id"] == "PT184"
    assert first["grantProgramme"][0]["code"] == "call-1"
    assert first["dateModified"] == "2026-11-27T00:00:00Z"
    assert first["verification"] == "example"
    assert "360G-intlhub-alentejo-EXEMPLO-006" not in grants, "withdrawn projects are left out"


def test_projects_without_approval_date_are_left_out_and_counted():
    dataset = with_projects(
        DATASET,
        lambda p: {**p, "approval_date": None} if p["id"] == "EXEMPLO-002" else p,
    )
    ids = [grant["id"] for grant in json.loads(giving_json(dataset, DAY))["grants"]]
    assert "360G-intlhub-alentejo-EXEMPLO-002" not in ids and len(ids) == 4
    summary = summarise_open_data(dataset)
    assert (summary.grants, summary.grants_incomplete, summary.grants_withdrawn) == (4, 1, 1)
    none_left = with_projects(DATASET, lambda p: {**p, "approval_date": None})
    assert giving_json(none_left, DAY) is None, "the standard needs at least one grant"


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_feed_parses_with_feedparser(lang):
    feed = feedparser.parse(showcase_feed(DATASET, lang, DAY))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.language == lang
    assert len(feed.entries) == len(DATASET.table("projects"))
    folder = "projetos" if lang == "pt" else "en/projects"
    assert feed.entries[0].link == f"https://intlhub.example.org/{folder}/exemplo-001.html"
    assert feed.entries[0].published_parsed[:3] == (2026, 11, 27)
    assert any(tag.term == "example" for tag in feed.entries[0].tags)


ANNEX_XII = [
    ("Nome do beneficiário", "Beneficiary name"),
    ("Nome da operação (PT)", "Operation name (PT)"),
    ("Nome da operação (EN)", "Operation name (EN)"),
    ("Resumo da operação", "Operation summary"),
    ("Data de início", "Start date"),
    ("Data de conclusão", "End date"),
    ("Despesa elegível total", "Total eligible expenditure"),
    (
        "Taxa de cofinanciamento da União por eixo prioritário",
        "Union co-financing rate, as per priority axis",
    ),
    ("Código postal ou outro indicador de localização", "Postcode or other location indicator"),
    ("País", "Country"),
    ("Categoria de intervenção", "Category of intervention"),
    ("Data da última atualização da lista", "Date of last update of the list"),
]


def read_csv(data: bytes, delimiter: str) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, for Excel"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def test_operations_csv_has_every_annex_xii_field_in_two_languages():
    rows = read_csv(operations_csv(DATASET, ","), ",")
    header = rows[0]
    for pt, en in ANNEX_XII:
        assert any(pt in cell and en in cell for cell in header), f"missing heading {pt} / {en}"
    ids = [row[0] for row in rows[1:]]
    assert ids == ["EXEMPLO-001", "EXEMPLO-002", "EXEMPLO-003", "EXEMPLO-004", "EXEMPLO-005"]
    first = dict(zip(header, rows[1], strict=True))
    assert first["Despesa elegível total (EUR) / Total eligible expenditure (EUR)"] == "400000.00"
    assert (
        first["Taxa de cofinanciamento da operação (%) / Operation co-financing rate (%)"] == "85"
    )
    assert first["Registo de exemplo (fictício) / Example record (fictitious)"] == "sim / yes"
    assert (
        first["Data da última atualização da lista / Date of last update of the list"]
        == "2026-11-27"
    )
    assert (
        first["Nome da operação (EN) / Operation name (EN)"]
        == "Alentejo wine in selected markets (example)"
    )


def test_semicolon_variant_uses_decimal_commas():
    rows = read_csv(operations_csv(DATASET, ";"), ";")
    assert len(rows[0]) == len(COLUMNS)
    assert rows[4][COLUMNS.index(next(c for c in COLUMNS if c.key == "rate"))] == "80"
    assert rows[1][[c.key for c in COLUMNS].index("eligible")] == "400000,00"


def test_xlsx_reads_back_with_openpyxl(tmp_path):
    path = tmp_path / "operations.xlsx"
    path.write_bytes(operations_xlsx(DATASET, DAY, [("a", "b")]))
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    assert workbook.sheetnames == ["Operações - Operations", "Sobre - About"]
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == [column.heading for column in COLUMNS]
    keys = [column.key for column in COLUMNS]
    first = dict(zip(keys, rows[1], strict=True))
    assert first["id"] == "EXEMPLO-001" and first["eligible"] == 400000 and first["rate"] == 85
    assert first["start"] == dt.datetime(2016, 4, 1)
    assert len(rows) == 6
    properties = openpyxl.load_workbook(path).properties
    assert properties.created == properties.modified == dt.datetime(2026, 11, 27)
    assert operations_xlsx(DATASET, DAY, [("a", "b")]) == path.read_bytes()


def test_spreadsheet_cells_never_start_a_formula(tmp_path):
    def hostile(project):
        index = (int(project["id"][-1]) - 1) % len(HOSTILE)
        return {**project, "title_pt": HOSTILE[index], "summary_en": HOSTILE[index - 1]}

    dataset = with_projects(DATASET, hostile)
    for delimiter in (",", ";"):
        for row in read_csv(operations_csv(dataset, delimiter), delimiter):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
                assert not cell.startswith("-") or re.fullmatch(r"-\d+([.,]\d+)?", cell), cell
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(operations_xlsx(dataset, DAY, [("=1+1", "@x")]))
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{cell.coordinate} became a formula: {cell.value!r}"
    titles = [row[2] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x")' in titles and "'-2+3" in titles


def test_resource_csv_is_formula_safe_but_numbers_stay(tmp_path):
    data_path = copy_data(tmp_path)
    csv_path = data_path / "project-results.csv"
    csv_path.write_text(
        csv_path.read_text(encoding="utf-8").replace("Empresas participantes", "=1+1"),
        encoding="utf-8",
    )
    files = resource_files(load_dataset(data_path))
    text = files["project-results.csv"].decode("utf-8")
    assert "'=1+1" in text and ",=1+1" not in text
    assert ",200,180" in text


def test_personal_fields_never_leave_the_package(tmp_path):
    data_path = copy_data(tmp_path)
    descriptor_path = data_path / "datapackage.yaml"
    descriptor = yaml.safe_load(descriptor_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        for spec in resource["schema"]["fields"]:
            if spec["name"] == "public_email":
                spec["personal"] = True
    descriptor_path.write_text(yaml.safe_dump(descriptor, allow_unicode=True), encoding="utf-8")
    dataset = load_dataset(data_path)
    files = resource_files(dataset)
    assert "public_email" not in files["organisations.csv"].decode("utf-8")
    assert "public_email" not in files["organisations.json"].decode("utf-8")
    with zipfile.ZipFile(io.BytesIO(package_zip(dataset, DAY))) as archive:
        assert b"public_email" not in archive.read("organisations.csv")
        assert b"public_email" not in archive.read("datapackage.json")


def test_summary_counts_what_the_data_page_states():
    summary = summarise_open_data(DATASET)
    assert (summary.operations, summary.operation_examples, summary.withdrawn_left_out) == (5, 5, 1)
    assert (summary.grants, summary.grants_incomplete, summary.grants_withdrawn) == (5, 0, 1)
    assert summary.last_update == DAY
    assert {r.name: r.rows for r in summary.resources}["project-results"] == 12


def test_export_command_writes_the_files_and_dry_run_writes_none(tmp_path, capsys):
    out_path = tmp_path / "open-data"
    assert main(["export", "--data", str(DATA_PATH), "--out", str(out_path), "--dry-run"]) == 0
    assert "list-of-operations.csv" in capsys.readouterr().out and not out_path.exists()
    assert main(["export", "--data", str(DATA_PATH), "--out", str(out_path)]) == 0
    written = sorted(str(p.relative_to(out_path)) for p in out_path.rglob("*") if p.is_file())
    assert written == sorted(export_open_data(DATASET, dt.date.today()))
