"""The list of operations (Reg. (EU) 1303/2013, Art. 115(2) and Annex XII) as CSV and XLSX."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.writer.excel import ExcelWriter

from intlhub.base.sanitize import escape_spreadsheet_cell
from intlhub.dataset.load_dataset import Dataset, Record
from intlhub.open_data.export_tables import csv_bytes, zip_bytes

COUNTRY = "PT – Portugal"
YES, NO = "sim / yes", "não / no"


@dataclass(frozen=True)
class Column:
    """One column of the list: its key, its bilingual heading and the kind of its values."""

    key: str
    heading: str
    kind: str = "text"  # text, date, money or percent


# Annex XII fields first (marked *), then what helps a reader. Headings in PT and EN, as
# Article 115(2) asks for at least one other official language.
COLUMNS = (
    Column("id", "Código da operação / Operation code"),
    Column("beneficiary", "Nome do beneficiário / Beneficiary name"),  # *
    Column("name_pt", "Nome da operação (PT) / Operation name (PT)"),  # *
    Column("name_en", "Nome da operação (EN) / Operation name (EN)"),  # *
    Column("summary_pt", "Resumo da operação (PT) / Operation summary (PT)"),  # *
    Column("summary_en", "Resumo da operação (EN) / Operation summary (EN)"),
    Column("start", "Data de início / Start date", "date"),  # *
    Column("end", "Data de conclusão / End date", "date"),  # *
    Column(
        "eligible",
        "Despesa elegível total (EUR) / Total eligible expenditure (EUR)",
        "money",
    ),  # *
    Column(
        "axis_rate",
        "Taxa de cofinanciamento da União por eixo prioritário (%) / "
        "Union co-financing rate, as per priority axis (%)",
        "percent",
    ),  # *
    Column("axis", "Eixo prioritário / Priority axis"),
    Column(
        "rate",
        "Taxa de cofinanciamento da operação (%) / Operation co-financing rate (%)",
        "percent",
    ),
    Column(
        "location",
        "Código postal ou outro indicador de localização / Postcode or other location indicator",
    ),  # *
    Column("country", "País / Country"),  # *
    Column("category_code", "Categoria de intervenção (código) / Category of intervention (code)"),
    Column("category_pt", "Categoria de intervenção (PT) / Category of intervention (PT)"),  # *
    Column("category_en", "Categoria de intervenção (EN) / Category of intervention (EN)"),
    Column("eu_funding", "Fundo UE (EUR) / EU funding (EUR)", "money"),
    Column("example", "Registo de exemplo (fictício) / Example record (fictitious)"),
    Column(
        "updated", "Data da última atualização da lista / Date of last update of the list", "date"
    ),  # *
)


def listed_projects(dataset: Dataset) -> list[Record]:
    """Return the operations the list holds: every project except withdrawn ones."""
    return [p for p in dataset.table("projects") if p["status"] != "withdrawn"]


def last_update(dataset: Dataset) -> dt.date | None:
    """Return the list's date of last update: the latest last_updated of its operations."""
    dates = [p["last_updated"] for p in listed_projects(dataset) if p["last_updated"]]
    return max(dates) if dates else None


def axis_by_call(dataset: Dataset) -> dict[str, dict[str, Any]]:
    """Return each call's priority axis (programme.yaml priority_axes), by call id."""
    axes = dataset.programme.get("priority_axes") or []
    return {call_id: axis for axis in axes for call_id in axis.get("calls") or ()}


def category_names(category: Record | None) -> tuple[str, str]:
    """Return a category's PT and EN names, marked when they are example text."""
    if category is None:
        return "", ""
    suffix = (" (exemplo)", " (example)") if category["verification"] == "example" else ("", "")
    return category["name_pt"] + suffix[0], category["name_en"] + suffix[1]


def operation_rows(dataset: Dataset) -> list[dict[str, Any]]:
    """Return one row per operation, keyed by column, with typed values."""
    organisations = dataset.index("organisations")
    regions = dataset.index("nuts-regions", "code")
    categories = dataset.index("intervention-categories", "code")
    updated = last_update(dataset)
    axes = axis_by_call(dataset)
    rows = []
    for project in listed_projects(dataset):
        region = regions.get(project["nuts3"]) if project["nuts3"] else None
        category = categories.get(project["category_of_intervention"])
        name_pt, name_en = category_names(category)
        rate = project["eu_cofinancing_rate"]
        axis = axes.get(project["call_id"] or "") or {}
        axis_rate = axis.get("eu_cofinancing_rate")
        rows.append(
            {
                "id": project["id"],
                "beneficiary": (organisations.get(project["beneficiary_id"]) or {}).get("name", ""),
                "name_pt": project["title_pt"],
                "name_en": project["title_en"] or "",
                "summary_pt": project["summary_pt"] or "",
                "summary_en": project["summary_en"] or "",
                "start": project["start_date"],
                "end": project["end_date"],
                "eligible": project["eligible_cost_eur"],
                "axis_rate": Decimal(str(axis_rate)) * 100 if axis_rate is not None else None,
                "axis": f"{axis['id']} – {axis['name']['pt']} / {axis['name']['en']}"
                if axis
                else "",
                "rate": rate * 100 if rate is not None else None,
                "location": (f"NUTS 2013 {region['code']} – {region['name']}" if region else ""),
                "country": COUNTRY,
                "category_code": project["category_of_intervention"] or "",
                "category_pt": name_pt,
                "category_en": name_en,
                "eu_funding": project["eu_funding_eur"],
                "example": YES if project["verification"] == "example" else NO,
                "updated": updated,
            }
        )
    return rows


def text_cell(value: Any, kind: str, decimal_mark: str) -> str:
    """Format one value for CSV: ISO dates, plain decimals with the given decimal mark."""
    if value is None:
        return ""
    if kind == "date":
        return value.isoformat()
    if kind in ("money", "percent"):
        text = f"{Decimal(value):.2f}" if kind == "money" else f"{Decimal(value).normalize():f}"
        return text.replace(".", decimal_mark)
    return str(value)


def operations_csv(dataset: Dataset, delimiter: str = ",") -> bytes:
    """Return the list as CSV in UTF-8 with a BOM; with ';' it uses decimal commas (pt Excel)."""
    decimal_mark = "," if delimiter == ";" else "."
    rows = [
        [text_cell(row[c.key], c.kind, decimal_mark) for c in COLUMNS]
        for row in operation_rows(dataset)
    ]
    return csv_bytes([c.heading for c in COLUMNS], rows, delimiter=delimiter, bom=True)


def xlsx_value(value: Any, kind: str) -> Any:
    """Return a cell value for openpyxl: numbers and dates typed, text made formula-safe."""
    if value is None:
        return None
    if kind in ("money", "percent"):
        return float(value)
    if kind == "date":
        return value
    return escape_spreadsheet_cell(value)


def add_sheet_rows(sheet: Any, rows: Sequence[Sequence[Any]], widths: Sequence[int]) -> None:
    """Fill a sheet: a bold, frozen header row, then the rows; fixed column widths."""
    for row in rows:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width


def operations_xlsx(dataset: Dataset, day: dt.date, notes: Sequence[tuple[str, str]]) -> bytes:
    """Return the list as an XLSX workbook: the operations, then a sheet about the list."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Operações - Operations"
    data = [[c.heading for c in COLUMNS]]
    data += [[xlsx_value(row[c.key], c.kind) for c in COLUMNS] for row in operation_rows(dataset)]
    add_sheet_rows(sheet, data, [40 if c.kind == "text" else 18 for c in COLUMNS])
    formats = {"date": "yyyy-mm-dd", "money": "#,##0.00", "percent": "0.##"}
    for index, column in enumerate(COLUMNS, start=1):
        if column.kind in formats:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = formats[column.kind]
    about = workbook.create_sheet("Sobre - About")
    add_sheet_rows(
        about,
        [("Campo / Field", "Valor / Value")]
        + [(escape_spreadsheet_cell(k), escape_spreadsheet_cell(v)) for k, v in notes],
        [50, 100],
    )
    moment = dt.datetime(day.year, day.month, day.day)
    workbook.properties.created = moment
    workbook.properties.modified = moment
    workbook.properties.creator = "intlhub"
    return reproducible_xlsx(workbook, day)


def reproducible_xlsx(workbook: Workbook, day: dt.date) -> bytes:
    """Save a workbook with fixed zip timestamps (openpyxl's save would stamp 'now')."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # compressed once, below
        ExcelWriter(workbook, archive).write_data()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    return zip_bytes(entries, day)
