"""refresh-indicators fetches exports (% of GDP), GDP growth and inflation (issue 14, item 3), and
says honestly when and how each value was obtained (claim 8); World Bank answers recorded in
tests/fixtures/world-bank/ are served from a loopback server."""

from __future__ import annotations

import csv
import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from helpers import FIXTURES_PATH, copy_data
from intlhub.base.i18n import INDICATOR_NAMES
from intlhub.base.problems import errors_only
from intlhub.dataset.validate import format_problems, validate_data
from intlhub.markets.refresh_indicators import DEFAULT_INDICATORS, FetchSettings, refresh_indicators
from intlhub.site.plan_pages import plan_pages
from intlhub.site.render import render_pages

TODAY = dt.date(2026, 11, 27)
EXPORTS, GROWTH, INFLATION = "NE.EXP.GNFS.ZS", "NY.GDP.MKTP.KD.ZG", "FP.CPI.TOTL.ZG"
RECORDED = FIXTURES_PATH / "world-bank"


@pytest.fixture
def world_bank():
    """Serve the recorded answer of each indicator; anything else is a 404."""
    answers = {path.stem: path.read_bytes() for path in sorted(RECORDED.glob("*.json"))}
    overrides: dict[str, bytes] = {}
    requested: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            indicator = urlsplit(self.path).path.rsplit("/", 1)[-1]
            requested.append(indicator)
            body = overrides.get(indicator, answers.get(indicator))
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body or b"not found")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings = FetchSettings(
        base_url=f"http://127.0.0.1:{server.server_address[1]}", timeout=2, retries=0
    )
    yield settings, overrides, requested
    server.shutdown()
    server.server_close()


def indicator_rows(data_path, indicator):
    with (data_path / "indicators.csv").open(encoding="utf-8", newline="") as handle:
        return {
            (row["market_code"], row["year"]): row
            for row in csv.DictReader(handle)
            if row["indicator"] == indicator
        }


def test_the_default_refresh_fetches_exports_growth_and_inflation(world_bank, tmp_path):
    settings, _, requested = world_bank
    data_path = copy_data(tmp_path)
    report = refresh_indicators(data_path, TODAY, settings, markets=["DE", "ES"])
    assert sorted(report.updated) == [
        ("DE", INFLATION, 2024),
        ("DE", EXPORTS, 2024),
        ("DE", GROWTH, 2024),
        ("ES", INFLATION, 2024),
        ("ES", EXPORTS, 2023),  # 2025 and 2024 are null: the latest published year
        ("ES", GROWTH, 2024),
    ]
    assert {EXPORTS, GROWTH, INFLATION} <= set(requested)
    growth = indicator_rows(data_path, GROWTH)[("DE", "2024")]
    assert growth == {
        "market_code": "DE",
        "indicator": GROWTH,
        "year": "2024",
        "value": "-0.2712",  # negative growth is kept, at 4 decimals
        "unit": "percent",
        "source": "World Bank",
        "source_url": f"https://data.worldbank.org/indicator/{GROWTH}",
        "retrieved": "2026-11-27",  # the day it was fetched ...
        "copied_from": "",
        "source_updated": "2025-07-01",  # ... apart from the API's lastupdated
    }
    assert indicator_rows(data_path, EXPORTS)[("ES", "2023")]["value"] == "38.5"
    _, problems = validate_data(data_path, TODAY)
    assert errors_only(problems) == [], format_problems(problems)


def answer(indicator, value, lastupdated="2025-07-01"):
    document = json.loads((RECORDED / f"{EXPORTS}.json").read_text())
    document[0]["lastupdated"] = lastupdated
    row = document[1][1]  # DE 2024
    row["indicator"]["id"], row["value"] = indicator, value
    return json.dumps([document[0], [row]]).encode()


@pytest.mark.parametrize(
    ("indicator", "value", "why"),
    [
        (EXPORTS, -0.5, "'-0.5' is outside 0 to 1,000"),
        (GROWTH, -100.5, "'-100.5' is outside -100 to 1,000"),
        (INFLATION, -101, "'-101' is outside -100 to 100,000"),
        (INFLATION, 100001, "'100001' is outside -100 to 100,000"),
    ],
    ids=[
        "negative-exports",
        "growth-below-minus-100",
        "deflation-below-minus-100",
        "inflation-1e5",
    ],
)
def test_absurd_percentages_are_refused(world_bank, tmp_path, indicator, value, why):
    settings, overrides, _ = world_bank
    overrides[indicator] = answer(indicator, value)
    data_path = copy_data(tmp_path)
    report = refresh_indicators(data_path, TODAY, settings, markets=["DE"], indicators=[indicator])
    assert report.updated == []
    [(code, failed, reason)] = report.failed
    assert (code, failed) == ("DE", indicator) and why in reason, reason
    assert indicator_rows(data_path, indicator) == {}


@pytest.mark.parametrize("lastupdated", ["<b>soon</b>", "2025-02-30", "2026-11-28", 20250701])
def test_an_unusable_lastupdated_leaves_the_source_date_empty(world_bank, tmp_path, lastupdated):
    settings, overrides, _ = world_bank
    overrides[GROWTH] = answer(GROWTH, 1.5, lastupdated=lastupdated)
    data_path = copy_data(tmp_path)
    report = refresh_indicators(data_path, TODAY, settings, markets=["DE"], indicators=[GROWTH])
    assert report.updated == [("DE", GROWTH, 2024)]
    row = indicator_rows(data_path, GROWTH)[("DE", "2024")]
    assert (row["value"], row["retrieved"], row["source_updated"]) == ("1.5", "2026-11-27", "")


def test_the_market_page_shows_fetched_values_with_both_dates(world_bank, tmp_path):
    settings, _, _ = world_bank
    data_path = copy_data(tmp_path)
    refresh_indicators(data_path, TODAY, settings, markets=["DE", "ES"])
    dataset, _ = validate_data(data_path, TODAY)
    pages = {(s.lang, s.uri): text for s, text in render_pages(dataset, plan_pages(dataset, TODAY))}
    german_pt, german_en = pages[("pt", "mercados/de.md")], pages[("en", "markets/de.md")]
    growth_pt = next(line for line in german_pt.splitlines() if "| Crescimento do PIB" in line)
    assert "| Crescimento do PIB (% anual) | -0,3% " in growth_pt
    assert (
        "World Bank, NY.GDP.MKTP.KD.ZG, 2024</a>; obtido da API do Banco Mundial em "
        "27 de novembro de 2026 (dados atualizados na fonte em 1 de julho de 2025)."
    ) in growth_pt
    assert "| Inflation, consumer prices (annual %) | 6.0% " in german_en
    assert "| Exports of goods and services (% of GDP) | 41.2% " in german_en
    assert (
        "fetched from the World Bank API on 27 November 2026 "
        "(data last updated at the source on 1 July 2025)"
    ) in german_en
    assert "not yet retrieved" not in german_en


def test_every_default_indicator_has_a_name_in_both_languages():
    assert {EXPORTS, GROWTH, INFLATION} <= set(DEFAULT_INDICATORS), "every market page shows them"
    for indicator in DEFAULT_INDICATORS:
        names = INDICATOR_NAMES.get(indicator, {})
        assert names.get("pt") and names.get("en"), (
            f"Name {indicator!r} in scripts/intlhub/base/strings/indicators.yaml (pt and en)."
        )
