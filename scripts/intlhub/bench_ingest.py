"""Benchmark (not a test): ingest a generated export and compare with `frictionless validate` of it.

    python -m intlhub.bench_ingest --rows 100000

Writes a Google Forms-style CSV (PT labels, decimal commas, day-first dates) of fictitious
showcases into a temporary folder, ingests it into a copy of data/ with `intlhub ingest`, and
runs `frictionless validate` on the same file, each in its own process. Prints wall time and
peak memory (max RSS) of both. Goal: ingest ≤ 2× frictionless and ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADERS = [
    "Carimbo de data/hora", "Código da operação", "Título em português", "Título em inglês",
    "Resumo em português", "Beneficiário", "Mercados-alvo", "Setores", "Data de início",
    "Data de fim", "Despesa elegível (euros)", "Taxa de cofinanciamento da UE",
    "Financiamento da UE (euros)", "Localização (NUTS III)", "Estado",
    "Nome da pessoa de contacto", "E-mail da pessoa de contacto",
]  # fmt: skip
BENEFICIARIES = [
    "Associação Exemplo de Produtores de Vinho (fictícia)",
    "Associação Exemplo da Cortiça (fictícia)",
    "Agência Regional Exemplo (fictícia)",
]
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


def measure(
    command: list[str], env: dict[str, str], log_path: Path, cwd: Path | None = None
) -> tuple[float, float, int]:
    """Run a command; return (wall seconds, peak RSS in MB, exit code).

    Output goes to a file: `frictionless validate` exits 1 when its stdout is /dev/null.
    """
    started = time.perf_counter()
    with log_path.open("w") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, process.returncode


def main(argv: list[str] | None = None) -> int:
    """Generate the export, time both runs, print the comparison."""
    parser = argparse.ArgumentParser(
        prog="python -m intlhub.bench_ingest",
        description="Time `intlhub ingest` of a generated export against `frictionless validate`.",
        epilog="Example:\n  python -m intlhub.bench_ingest --rows 100000",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--rows", type=int, default=100_000, help="rows (default: %(default)s)")
    parser.add_argument("--data", default="data", help="data folder to copy (default: %(default)s)")
    args = parser.parse_args(argv)
    bin_path = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="intlhub-bench-") as folder:
        root = Path(folder)
        export = root / "export.csv"
        write_export(export, args.rows)
        shutil.copytree(args.data, root / "data")
        env = {**os.environ, "INTLHUB_PRIVATE_DIR": str(root / "private")}
        print(f"{args.rows:,} rows, {export.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
        ingest = measure(
            [
                str(bin_path / "intlhub"),
                "ingest",
                str(export),
                "--form",
                "showcase",
                "--data",
                str(root / "data"),
            ],
            env,
            root / "ingest.log",
        )
        frictionless = measure(
            [str(bin_path / "frictionless"), "validate", export.name],  # relative: it refuses
            env,  # absolute paths outside its working folder as "not safe"
            root / "frictionless.log",
            cwd=root,
        )
    ratio = ingest[0] / frictionless[0]
    print(f"intlhub ingest:        {ingest[0]:6.1f} s, peak {ingest[1]:5.0f} MB (exit {ingest[2]})")
    print(
        f"frictionless validate: {frictionless[0]:6.1f} s, peak {frictionless[1]:5.0f} MB (exit {frictionless[2]})"
    )
    print(f"ratio {ratio:.2f}× (goal ≤ 2×); ingest peak {ingest[1]:.0f} MB (goal ≤ 300 MB)")
    return 0 if ingest[2] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
