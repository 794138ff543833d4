"""Exports in the shapes real services produce, built in the tests (fictitious content only).

Project codes start with TESTE- or EXEMPLO-. A showcase submission is self-reported, so its
beneficiary is one of the real organisations of data/ (a real record never points at an example
one); the operations list uses example organisations or clearly fictitious names; no NIF anywhere.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl

from helpers import copy_data
from intlhub.cli.main import main


def review_json(capsys, data_path: Path) -> list[dict]:
    """The review queue as `intlhub review --json` prints it."""
    code, out, _ = run_cli(capsys, "review", "--json", "--data", str(data_path))
    assert code == 0
    return json.loads(out)


def ingest_ndjson(capsys, data_path: Path, submissions: list[dict]) -> tuple[int, str, str]:
    """Ingest site submissions (NDJSON) into the showcase queue; return the CLI's outcome."""
    source = write_ndjson(data_path.parent / "in.ndjson", submissions)
    return run_cli(capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path))


PT_HEADERS = [
    "Código da operação",
    "Título em português",
    "Título em inglês",
    "Resumo em português",
    "Beneficiário",
    "Mercados-alvo",
    "Setores",
    "Data de início",
    "Data de fim",
    "Despesa elegível (euros)",
    "Taxa de cofinanciamento da UE",
    "Financiamento da UE (euros)",
    "Localização (NUTS III)",
    "Estado",
    "Nome da pessoa de contacto",
    "E-mail da pessoa de contacto",
]
BENEFICIARY = "IAPMEI"  # a real organisation of data/organisations.csv


def intake_data(tmp_path: Path, monkeypatch) -> Path:
    """A copy of data/ for an intake test: today 2026-11-27, user 'tester', private/ beside it."""

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")
    monkeypatch.setenv("INTLHUB_USER", "tester")
    monkeypatch.delenv("INTLHUB_PRIVATE_DIR", raising=False)
    return copy_data(tmp_path)


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run `intlhub ARGS`; return the exit code, stdout and stderr."""

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def showcase_row(number: int, **changes: str) -> dict[str, str]:
    """One valid showcase answer, with PT labels as Google Forms exports them."""
    row = {
        "Código da operação": f"TESTE-{number:04d}",
        "Título em português": f"Promoção conjunta de vinhos n.º {number}",
        "Título em inglês": f"Joint wine promotion no. {number}",
        "Resumo em português": "Ações coletivas de promoção, abertas a todas as empresas do setor.",
        "Beneficiário": BENEFICIARY,
        "Mercados-alvo": "Alemanha, Brasil",
        "Setores": "Vinho",
        "Data de início": "01/04/2016",
        "Data de fim": "31/12/2017",
        "Despesa elegível (euros)": "400.000,00 €",
        "Taxa de cofinanciamento da UE": "85%",
        "Financiamento da UE (euros)": "340.000,00 €",
        "Localização (NUTS III)": "Baixo Alentejo (PT184)",
        "Estado": "Concluído",
        "Nome da pessoa de contacto": f"Pessoa Exemplo {number}",
        "E-mail da pessoa de contacto": f"pessoa{number}@example.org",
    }
    row.update(changes)
    return row


def csv_text(rows: list[dict[str, str]], separator: str = ",", meta: bool = True) -> str:
    """Rows as a CSV text; with meta, Google Forms' "Carimbo de data/hora" column first."""
    import csv
    import io

    out = io.StringIO()
    headers = (["Carimbo de data/hora"] if meta else []) + list(rows[0])
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(headers)
    for index, row in enumerate(rows):
        stamp = [f"27/11/2026 10:{index % 60:02d}:00"] if meta else []
        writer.writerow(stamp + [row.get(h, "") for h in headers[len(stamp) :]])
    return out.getvalue()


def write_google_forms_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    """A Google Forms CSV: UTF-8, ',' separated, PT labels, "Carimbo de data/hora"."""
    path.write_text(csv_text(rows), encoding="utf-8", newline="")
    return path


def write_excel_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    """A CSV as Portuguese Excel saves it: cp1252, ';' separated, decimal commas."""
    path.write_bytes(csv_text(rows, ";", meta=False).encode("cp1252"))
    return path


def write_xlsx(path: Path, rows: list[dict[str, str]], title_rows: int = 2) -> Path:
    """An XLSX with title rows above the header, dates as real dates and numbers as numbers."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for index in range(title_rows):
        sheet.append([f"Respostas ao formulário – folha {index + 1}"])
    sheet.append(list(rows[0]))
    for row in rows:
        cells = []
        for header, value in row.items():
            if header.startswith("Data") and value:
                day, month, year = map(int, value.split("/"))
                cells.append(dt.datetime(year, month, day))
            elif header.startswith(("Despesa", "Financiamento")) and value:
                cells.append(float(value.replace("€", "").replace(".", "").replace(",", ".")))
            else:
                cells.append(value)
        sheet.append(cells)
    workbook.save(path)
    return path


def write_ndjson(path: Path, submissions: list[dict]) -> Path:
    """One JSON object per line, as the site's form (or a form backend) sends them."""
    path.write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in submissions), "utf-8")
    return path


def site_submission(number: int, **values: str) -> dict:
    """A submission as the site's form downloads it (field names, canonical values)."""
    base = {
        "id": f"TESTE-{number:04d}",
        "title_pt": f"Projeto de teste {number}",
        "beneficiary_id": "iapmei",
        "status": "approved",
        "eligible_cost_eur": "1.000,50",
        "contact_name": f"Pessoa Exemplo {number}",
        "contact_email": f"pessoa{number}@example.org",
    }
    base.update(values)
    return {
        "form": "showcase",
        "submission_id": f"showcase-20261127-{number:012x}",
        "submitted_at": "2026-11-27T10:00:00Z",
        "lang": "pt",
        "values": base,
    }


OPERATION_HEADERS = [
    "Código da Operação / Operation Code",
    "Nome da Operação / Operation Name",
    "Nome do Beneficiário / Beneficiary Name",
    "Resumo / Summary",
    "Data Início / Start Date",
    "Data Fim / Finish Date",
    "Despesas Elegíveis Totais (EUR) / Total eligible expendi",  # truncated, as published
    "% Cofinanciamento / EU Funding",
    "NUTS III / NUTS 3",
    "Concelho / Municipality",
    "Fundo Total Aprovado / Total Aproved Fund (EUR)",
]


def operation(number: int, measure: str = "OP", **changes) -> list:
    """One fictitious operation row; dates alternate Excel serials and DD.MM.YYYY text."""
    row = {
        "code": f"EXEMPLO-{measure}-{number:04d}",
        "name": f"Operação exemplo {number} (fictícia)",
        "beneficiary": "Associação Exemplo das Rochas Ornamentais (fictícia)"
        if number % 2
        else f"Entidade Exemplo {number} (fictícia)",
        "summary": f"Resumo fictício da operação {number}.",
        "start": 42461 if number % 2 else "01.04.2016",  # 42461 is 2016-04-01
        "end": "31.12.2017",
        "cost": 100000.0 * number,
        "rate": 0.85,
        "nuts": "Alentejo Central",
        "municipality": "Évora",
        "fund": 85000.0 * number,
    }
    row.update(changes)
    return list(row.values())


def write_operations_xlsx(path: Path, rows: list[list], title_rows: int = 3) -> Path:
    """A list of operations as Portugal 2020 programmes publish it: titles, then PT / EN headers."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Lista de Operações Aprovadas / List of Approved Operations"])
    for _ in range(title_rows - 2):
        sheet.append([])
    sheet.append(["Data de atualização / Last update: 30.06.2023"])
    sheet.append(OPERATION_HEADERS)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path
