"""Hostile exports for `intlhub ingest FILE --form F`, for every form and every format.

Each case starts from rows that a form accepts (so the readers go deep), then puts hostile
values in some cells and one hostile shape on the whole file: odd encodings, delimiters, quotes,
BOMs, NULs, wide rows, long cells, deep JSON, NaN and huge-number literals, odd XLSX cells.
"""

from __future__ import annotations

import csv
from pathlib import Path

import yaml
from hypothesis import strategies as st

from intlhub.bench.fuzz import hostile
from intlhub.bench.fuzz.execute import Case

OPERATIONS = "operations"
OPERATIONS_FILTER = "Código da Operação / Operation Code=^EXEMPLO-"
OPERATION_ROW = {
    "Código da Operação / Operation Code": "EXEMPLO-OP-0001",
    "Nome da Operação / Operation Name": "Operação exemplo 1 (fictícia)",
    "Nome do Beneficiário / Beneficiary Name": "Entidade Exemplo 1 (fictícia)",
    "Resumo / Summary": "Resumo fictício da operação.",
    "Data Início / Start Date": "01.04.2016",
    "Data Fim / Finish Date": "31.12.2017",
    "Despesas Elegíveis Totais (EUR) / Total eligible expendi": "100000",
    "% Cofinanciamento / EU Funding": "0,85",
    "NUTS III / NUTS 3": "Alentejo Central",
    "Concelho / Municipality": "Évora",
    "Fundo Total Aprovado / Total Aproved Fund (EUR)": "85000",
}
# Valid answers by field name (fictitious; the beneficiary is a real organisation, see tests).
FIELD_VALUES = {
    "showcase": {
        "id": "TESTE-{n:04d}",
        "title_pt": "Promoção conjunta de vinhos n.º {n}",
        "title_en": "Joint wine promotion no. {n}",
        "summary_pt": "Ações coletivas de promoção, abertas a todas as empresas do setor.",
        "beneficiary_id": "IAPMEI",
        "markets": "Alemanha, Brasil",
        "sectors": "Vinho",
        "start_date": "01/04/2016",
        "end_date": "31/12/2017",
        "eligible_cost_eur": "400.000,00 €",
        "eu_cofinancing_rate": "85%",
        "eu_funding_eur": "340.000,00 €",
        "nuts3": "PT184",
        "status": "Concluído",
        "contact_name": "Pessoa Exemplo {n}",
        "contact_email": "pessoa{n}@example.org",
    },
    "event": {
        "title_pt": "Feira exemplo {n}",
        "title_en": "Example fair {n}",
        "kind": "trade-fair",
        "market_code": "Alemanha",
        "city": "Berlim",
        "starts": "14/03/2027",
        "ends": "15/03/2027",
        "contact_name": "Pessoa Exemplo {n}",
        "contact_email": "pessoa{n}@example.org",
    },
    "market-note": {
        "market": "Alemanha",
        "lang": "pt",
        "section": "economy",
        "body": "Texto exemplo {n}.",
        "source_title": "Fonte exemplo",
        "source_publisher": "Editor exemplo",
        "source_url": "https://example.org/fonte-{n}",
        "contact_name": "Pessoa Exemplo {n}",
        "contact_email": "pessoa{n}@example.org",
    },
}
SHAPES = {
    "csv": ("none", "wide", "long-header", "dup-headers", "formula-header", "empty", "header-only",
            "nul", "unbalanced-quote", "cr-only", "bom-twice", "ragged"),
    "xlsx": ("none", "wide", "odd-cells", "sheets", "garbage", "truncated", "bomb", "entities",
             "formula-header", "header-only"),
    "json": ("none", "deep", "literal", "shape", "wide", "empty", "long-key"),
    "ndjson": ("none", "deep", "literal", "junk", "wide", "empty"),
}  # fmt: skip


def form_labels(data_path: Path) -> dict[str, list[tuple[str, str]]]:
    """Each form's (field name, PT label), from data/forms.yaml."""
    forms = yaml.safe_load((data_path / "forms.yaml").read_text(encoding="utf-8"))["forms"]
    return {
        name: [(f["name"], f["label"]["pt"]) for f in form["fields"] if f.get("kind") != "image"]
        for name, form in forms.items()
    }


def base_rows(form: str, labels: dict, count: int, start: int) -> tuple[list[str], list[list]]:
    """Headers and `count` rows a form accepts."""
    if form == OPERATIONS:
        headers = list(OPERATION_ROW)
        rows = []
        for n in range(start, start + count):
            row = dict(OPERATION_ROW)
            row["Código da Operação / Operation Code"] = f"EXEMPLO-OP-{n:04d}"
            rows.append(list(row.values()))
        return headers, rows
    values = FIELD_VALUES[form]
    fields = [(name, label) for name, label in labels[form] if name in values]
    headers = [label for _, label in fields]
    rows = [[values[name].format(n=n) for name, _ in fields] for n in range(start, start + count)]
    return headers, rows


cell_values = st.one_of(
    st.sampled_from(hostile.HOSTILE_TEXTS), st.text(max_size=40), st.sampled_from(["LITERAL"])
)


@st.composite
def ingest_cases(draw, labels: dict) -> Case:
    """One hostile export and its `intlhub ingest` command."""
    form = draw(st.sampled_from(sorted(labels) + [OPERATIONS]))
    fmt = draw(st.sampled_from(hostile.FORMATS))
    if form == OPERATIONS and fmt in ("json", "ndjson"):
        fmt = draw(st.sampled_from(["csv", "xlsx"]))
    count = draw(st.integers(1, 4))
    headers, rows = base_rows(form, labels, count, draw(st.integers(1, 9000)))
    changes = draw(
        st.lists(
            st.tuples(st.integers(0, count - 1), st.integers(0, len(headers) - 1), cell_values),
            max_size=4,
        )
    )
    for row_index, column, value in changes:
        rows[row_index][column] = value
    literal = draw(st.sampled_from(hostile.HOSTILE_JSON))
    shape = draw(st.sampled_from(SHAPES[fmt]))
    size = draw(st.sampled_from([10, 100, 1000, 3000, 20_000, 100_000]))
    data = build_file(fmt, shape, size, headers, rows, literal, draw)
    name = f"export.{fmt}"
    argv = [
        "ingest",
        f"{{dir}}/{name}",
        "--form",
        form,
        "--data",
        "{data}",
        "--private",
        "{private}",
    ]
    extra: dict = {}
    if form == OPERATIONS:
        argv += ["--filter", OPERATIONS_FILTER, "--all-or-nothing"]
        extra["writes_data"] = True
    options = draw(
        st.sampled_from([[], ["--dry-run"], ["--all-or-nothing"], ["--date-order", "mdy"]])
    )
    note = f"{form} {fmt} shape={shape} size={size} literal={literal[:20]!r} cells={[(r, c, v[:20]) for r, c, v in changes]!r}"
    return Case(
        "ingest",
        {name: data},
        argv + options,
        note,
        extra=extra,
        key=f"{form} {fmt} {shape} {size}",
    )


def build_file(fmt, shape, size, headers, rows, literal, draw) -> bytes:
    """The bytes of one export in a format, with one hostile shape."""
    rows = [
        [literal.strip('"') if v == "LITERAL" and fmt in ("csv", "xlsx") else v for v in r]
        for r in rows
    ]
    if shape == "wide":
        size = size if size <= 3000 else 1000  # 3,000 columns in one case of six: slow on main
        headers = headers + [f"extra {i}" for i in range(size)]
        rows = [r + [f"v{i}" for i in range(size)] for r in rows]
    if fmt == "csv":
        return build_csv(shape, size, headers, rows, draw)
    if fmt == "xlsx":
        return build_xlsx(shape, size, headers, rows, draw)
    if shape == "deep":
        kind = draw(st.sampled_from(["list", "object"]))
        return hostile.deep_json(size if fmt == "json" else min(size, 20_000), kind)
    if shape == "empty":
        return b""
    if shape == "long-key":
        headers = ["k" * size] + headers[1:]
    if fmt == "json":
        json_shape = (
            draw(st.sampled_from(["list", "object", "wrapped", "lists", "scalar"]))
            if shape == "shape"
            else "list"
        )
        return hostile.json_bytes(headers, rows, literal, json_shape)
    junk = (
        draw(st.sampled_from(["", "[1, 2]", '{"a": ', "null", "\ufeff{}", "1e400"]))
        if shape == "junk"
        else ""
    )
    return hostile.ndjson_bytes(headers, rows, literal, junk)


def build_csv(shape, size, headers, rows, draw) -> bytes:
    """A hostile CSV."""
    encoding = draw(st.sampled_from(hostile.ENCODINGS))
    delimiter = draw(st.sampled_from(hostile.DELIMITERS))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
    if shape == "long-header":
        headers = ["h" * size] + headers[1:]
    if shape == "dup-headers":
        headers = [headers[0]] * len(headers)
    if shape == "formula-header":
        headers = headers + ['=HYPERLINK("http://127.0.0.2/","x")', "@SUM(1)"]
    if shape == "header-only":
        rows = []
    if shape == "ragged":
        rows = [r[: len(r) // 2] if i % 2 else r + ["x"] * 3 for i, r in enumerate(rows)]
    data = hostile.csv_bytes(headers, rows, encoding, delimiter, quoting)
    if shape == "empty":
        return b""
    if shape == "nul":
        return data.replace(b",", b"\x00,", 3) + b"\x00"
    if shape == "unbalanced-quote":
        return data + b'"unterminated' + b"x" * size
    if shape == "cr-only":
        return data.replace(b"\r\n", b"\r")
    if shape == "bom-twice":
        return b"\xef\xbb\xbf\xef\xbb\xbf" + data
    return data


def build_xlsx(shape, size, headers, rows, draw) -> bytes:
    """A hostile XLSX made with openpyxl (or bytes that only claim to be one)."""
    if shape in ("garbage", "truncated", "bomb", "entities"):
        return hostile.broken_zip(shape)
    if shape == "formula-header":
        headers = headers + ["=1+1", "@SUM(1)"]
    if shape == "header-only":
        rows = []
    odd = []
    if shape == "odd-cells":
        for _ in range(draw(st.integers(1, 4))):
            value = draw(st.sampled_from(hostile.XLSX_ODD_CELLS + (10**6, 1e20, -5)))
            number_format = draw(
                st.sampled_from(["", "dd/mm/yyyy", "0.00%", "@", "yyyy-mm-dd h:mm"])
            )
            odd.append(
                (
                    draw(st.integers(2, len(rows) + 2)),
                    draw(st.integers(1, len(headers))),
                    value,
                    number_format,
                )
            )
    sheets = draw(st.integers(1, 3)) if shape == "sheets" else 1
    return hostile.xlsx_bytes(headers, rows, odd, sheets)
