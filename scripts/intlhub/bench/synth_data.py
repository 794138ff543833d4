"""Write a valid synthetic data package of any size, deterministic from a seed (for benchmarks)."""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pycountry
import yaml

from intlhub.base.i18n import GUIDANCE_SECTIONS
from intlhub.bench.synth_text import build_vocabulary, paragraph, sentence

SECTORS = ("agri-food", "cork", "olive-oil", "stone", "tourism", "wine")
NUTS3 = ("PT181", "PT184", "PT185", "PT186", "PT187")
KINDS = ("business-association", "public-body", "agency", "non-profit")
STATUSES = ("approved", "ongoing", "completed", "withdrawn")
RESULT_INDICATORS = (
    ("contacts", "Contactos com importadores", "Contacts with importers"),
    ("events", "Feiras e provas", "Fairs and tastings"),
)
EVENT_KINDS = ("trade-fair", "trade-mission", "b2b-meeting", "seminar")


def write_csv(path: Path, fieldnames: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
    """Write rows to a CSV file with '\\n' line endings."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def read_header(path: Path) -> list[str]:
    """Return the header of a CSV file."""
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def synth_data(
    template_path: Path, out_path: Path, projects: int, markets: int, seed: int = 1
) -> dict[str, int]:
    """Write a synthetic package to out_path, using template_path's schemas and documents; return counts."""
    rng = random.Random(seed)
    words_pt, words_en = build_vocabulary("pt", seed), build_vocabulary("en", seed)
    if out_path.exists():
        shutil.rmtree(out_path)
    shutil.copytree(template_path, out_path, ignore=shutil.ignore_patterns("*.csv", "markets"))
    for name in (
        "sources.csv",
        "source-names.csv",
        "nuts-regions.csv",
        "sectors.csv",
        "intervention-categories.csv",
        "calls.csv",
    ):
        shutil.copy(template_path / name, out_path / name)
    (out_path / "markets").mkdir()
    today = dt.date(2026, 11, 27)
    codes = sorted(c.alpha_2 for c in pycountry.countries)[: max(1, min(markets, 249))]

    market_rows, fact_rows, indicator_rows = [], [], []
    for code in codes:
        market_rows.append(
            {
                "code": code,
                "region": rng.choice(("002", "019", "142", "150", "009")),
                "priority": "",
                "last_reviewed": today.isoformat(),
                "review_by": (today + dt.timedelta(days=365)).isoformat(),
                "guidance_pt": f"markets/{code.lower()}.pt.yaml",
                "guidance_en": f"markets/{code.lower()}.en.yaml",
            }
        )
        fact_rows.append(
            {
                "code": code,
                "capital": f"Capital {code}",
                "currency": "EUR",
                "languages": "en",
                "dialling_code": f"+{rng.randint(1, 999)}",
                "un_region": "150",
                "un_subregion": "155",
                "source_id": "country-codes",
                "retrieved": today.isoformat(),
            }
        )
        for indicator, unit, source in (
            ("NY.GDP.MKTP.CD", "USD", "World Bank and OECD"),
            ("SP.POP.TOTL", "persons", "World Bank"),
        ):
            indicator_rows.append(
                {
                    "market_code": code,
                    "indicator": indicator,
                    "year": 2024,
                    "value": rng.randint(10**6, 10**12),
                    "unit": unit,
                    "source": source,
                    "source_url": f"https://data.worldbank.org/indicator/{indicator}",
                    "retrieved": today.isoformat(),
                    "copied_from": "",
                    "source_updated": "",
                }
            )
        for lang, words in (("pt", words_pt), ("en", words_en)):
            sections = {
                key: {
                    "last_reviewed": today.isoformat(),
                    "verification": "example",
                    "body": paragraph(rng, words, 500) if rng.random() < 0.5 else "",
                    "sources": [],
                }
                for key in GUIDANCE_SECTIONS
            }
            document = {"market": code, "lang": lang, "sections": sections}
            (out_path / "markets" / f"{code.lower()}.{lang}.yaml").write_text(
                yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )

    organisation_count = max(1, projects // 10)
    with (template_path / "organisations.csv").open(encoding="utf-8", newline="") as handle:
        named = [
            row for row in csv.DictReader(handle) if row["verification"] != "example"
        ]  # cited by documents
    synthetic = [
        {
            "id": f"exemplo-org-{n:05d}",
            "name": f"Associação Exemplo {n:05d} (fictícia)",
            "nif": "",
            "kind": rng.choice(KINDS),
            "nuts3": rng.choice(NUTS3),
            "website": "",
            "public_email": "",
            "verification": "example",
            "source_id": "",
        }
        for n in range(1, organisation_count + 1)
    ]
    organisations = sorted(named + synthetic, key=lambda row: row["id"])
    with (template_path / "calls.csv").open(encoding="utf-8", newline="") as handle:
        calls = list(csv.DictReader(handle))  # the real calls: rules and totals refer to them
    project_rows, result_rows = [], []
    for n in range(1, projects + 1):
        start = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 2000))
        cost = rng.randint(20, 800) * 1000
        project_rows.append(
            {
                "id": f"EXEMPLO-{n:06d}",
                "title_pt": sentence(rng, words_pt, 66)[:-1] + " (exemplo)",
                "title_en": sentence(rng, words_en, 62)[:-1] + " (example)",
                "summary_pt": paragraph(rng, words_pt, 600),
                "summary_en": paragraph(rng, words_en, 600),
                "beneficiary_id": rng.choice(synthetic)["id"],
                "call_id": rng.choice(calls)["id"],
                "markets": ";".join(
                    sorted(rng.sample(codes, k=min(len(codes), rng.randint(1, 3))))
                ),
                "sectors": ";".join(sorted(rng.sample(SECTORS, k=rng.randint(1, 2)))),
                "approval_date": (start - dt.timedelta(days=30)).isoformat(),
                "start_date": start.isoformat(),
                "end_date": (start + dt.timedelta(days=rng.randint(90, 720))).isoformat(),
                "eligible_cost_eur": f"{cost}.00",
                "eu_cofinancing_rate": "0.85",
                "eu_funding_eur": f"{cost * 85 // 100}.00",
                "nuts3": rng.choice(NUTS3),
                "category_of_intervention": "066",
                "status": rng.choice(STATUSES),
                "verification": "example",
                "last_updated": today.isoformat(),
                "objectives_pt": "|".join(sentence(rng, words_pt, 85) for _ in range(3)),
                "objectives_en": "|".join(sentence(rng, words_en, 80) for _ in range(3)),
                "activities_pt": "|".join(sentence(rng, words_pt, 75) for _ in range(3)),
                "activities_en": "|".join(sentence(rng, words_en, 70) for _ in range(3)),
                "partner_ids": "",
                "published": today.isoformat(),
            }
        )
        for indicator, name_pt, name_en in RESULT_INDICATORS:
            planned = rng.randint(5, 200)
            result_rows.append(
                {
                    "project_id": project_rows[-1]["id"],
                    "indicator": indicator,
                    "name_pt": name_pt,
                    "name_en": name_en,
                    "unit": "count",
                    "planned": planned,
                    "achieved": rng.randint(0, planned),
                }
            )
    events = []
    for n in range(1, len(codes) * 2 + 1):
        starts = today + dt.timedelta(days=rng.randint(-400, 400))
        events.append(
            {
                "id": f"exemplo-evento-{n:05d}",
                "title_pt": sentence(rng, words_pt, 50)[:-1] + " (exemplo)",
                "title_en": sentence(rng, words_en, 48)[:-1] + " (example)",
                "kind": rng.choice(EVENT_KINDS),
                "market_code": rng.choice(codes),
                "city": "",
                "starts": starts.isoformat(),
                "ends": (starts + dt.timedelta(days=rng.randint(0, 3))).isoformat(),
                "sectors": rng.choice(SECTORS),
                "url": "",
                "verification": "example",
            }
        )
    tables = {
        "markets.csv": market_rows,
        "country-facts.csv": fact_rows,
        "indicators.csv": indicator_rows,
        "organisations.csv": organisations,
        "projects.csv": project_rows,
        "events.csv": events,
        "project-results.csv": result_rows,
        "project-images.csv": [],
        "capital-names.csv": [],  # synthetic markets have no capital in their own language
    }
    for name, rows in tables.items():
        write_csv(out_path / name, read_header(template_path / name), rows)
    return {name.removesuffix(".csv"): len(rows) for name, rows in tables.items()}
