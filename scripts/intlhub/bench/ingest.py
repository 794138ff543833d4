"""Benchmark (not a test): ingest a generated export and compare with `frictionless validate` of it.

    python -m intlhub.bench.ingest --rows 100000

Writes a Google Forms-style CSV (PT labels, decimal commas, day-first dates) of fictitious
showcases into a temporary folder, ingests it into a copy of data/ with `intlhub ingest`, and
runs `frictionless validate` on the same file, each in its own process. Prints wall time and
peak memory (summed RSS of the process tree) of both. `intlhub bench` runs it too. Goal: ingest ≤ 2× frictionless and ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
from pathlib import Path

from intlhub.bench.measure import measure

HEADERS = [
    "Carimbo de data/hora", "Código da operação", "Título em português", "Título em inglês",
    "Resumo em português", "Beneficiário", "Mercados-alvo", "Setores", "Data de início",
    "Data de fim", "Despesa elegível (euros)", "Taxa de cofinanciamento da UE",
    "Financiamento da UE (euros)", "Localização (NUTS III)", "Estado",
    "Nome da pessoa de contacto", "E-mail da pessoa de contacto",
]  # fmt: skip
# Real organisations of data/ (by name, name or id): the rows are self-reported projects, which
# may not name an example organisation (dataset/check_verification.py).
BENEFICIARIES = ["IAPMEI", "AICEP Portugal Global, E.P.E.", "ccdr-alentejo"]
MARKETS = ["Alemanha, Brasil", "Espanha", "França, Reino Unido", "China", "Estados Unidos"]
SECTORS = ["Vinho", "Cortiça", "Turismo, Vinho", "Azeite"]


def write_export(path: Path, rows: int) -> None:
    """Write a showcase export of `rows` fictitious answers."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for n in range(rows):
            cost = 10_000 + (n % 500) * 1_000
            writer.writerow([
                f"{1 + n % 28:02d}/11/2026 10:{n % 60:02d}:00", f"BENCH-{n:06d}",
                f"Projeto de referência {n}", f"Benchmark project {n}",
                "Ações coletivas de promoção, abertas a todas as empresas do setor, com missões e feiras.",
                BENEFICIARIES[n % 3], MARKETS[n % 5], SECTORS[n % 4],
                f"{1 + n % 28:02d}/04/2016", "31/12/2017",
                f"{cost:,}".replace(",", ".") + ",00 €", "85%",
                f"{cost * 85 // 100:,}".replace(",", ".") + ",00 €", "Alentejo Central (PT187)",
                "Concluído", f"Pessoa {n}", f"pessoa{n}@example.org",
            ])  # fmt: skip


def bench_ingest(rows: int, data_path: Path) -> dict[str, float]:
    """Ingest a generated export of `rows` rows and validate it with Frictionless; return the figures."""
    bin_path = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="intlhub-bench-") as folder:
        root = Path(folder)
        export = root / "export.csv"
        write_export(export, rows)
        shutil.copytree(data_path, root / "data")
        env = {**os.environ, "INTLHUB_PRIVATE_DIR": str(root / "private")}
        command = [str(bin_path / "intlhub"), "ingest", str(export), "--form", "showcase"]
        ingest = measure([*command, "--data", str(root / "data")], env=env)
        # relative path: frictionless refuses absolute paths outside its working folder as "not safe"
        frictionless = measure(
            [str(bin_path / "frictionless"), "validate", export.name], env=env, cwd=root
        )
        megabytes = export.stat().st_size / 1e6
    if ingest.returncode != 0:
        raise RuntimeError(f"intlhub ingest failed:\n{ingest.output[-3000:]}")
    return {
        "rows": rows,
        "export_mb": round(megabytes, 1),
        "ingest_seconds": round(ingest.seconds, 2),
        "ingest_peak_mb": round(ingest.peak_mb),
        "frictionless_seconds": round(frictionless.seconds, 2),
        "frictionless_peak_mb": round(frictionless.peak_mb),
        "ratio": round(ingest.seconds / frictionless.seconds, 2),
    }


def main(argv: list[str] | None = None) -> int:
    """Generate the export, time both runs, print the comparison."""
    parser = argparse.ArgumentParser(
        prog="python -m intlhub.bench.ingest",
        description="Time `intlhub ingest` of a generated export against `frictionless validate`.",
        epilog="Example:\n  python -m intlhub.bench.ingest --rows 100000",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--rows", type=int, default=100_000, help="rows (default: %(default)s)")
    parser.add_argument("--data", default="data", help="data folder to copy (default: %(default)s)")
    args = parser.parse_args(argv)
    result = bench_ingest(args.rows, Path(args.data))
    print(f"{result['rows']:,} rows, {result['export_mb']} MB")
    print(
        f"intlhub ingest:        {result['ingest_seconds']:6.1f} s, peak {result['ingest_peak_mb']:5} MB"
    )
    print(
        f"frictionless validate: {result['frictionless_seconds']:6.1f} s, peak {result['frictionless_peak_mb']:5} MB"
    )
    print(
        f"ratio {result['ratio']:.2f}× (goal ≤ 2×); ingest peak {result['ingest_peak_mb']} MB (goal ≤ 300 MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
