"""The ingest benchmark measures accepted rows: its export must pass the intake's checks."""

from helpers import copy_data
from intake_fixtures import run_cli
from intlhub.bench.ingest import write_export


def test_the_benchmark_export_is_accepted_whole(tmp_path, capsys):
    export = tmp_path / "bench.csv"
    write_export(export, 30)
    data_path = copy_data(tmp_path)
    code, out, _ = run_cli(
        capsys, "ingest", str(export), "--form", "showcase", "--dry-run",
        "--data", str(data_path), "--private", str(tmp_path / "private"),
    )  # fmt: skip
    assert code == 0 and "accepted 30" in out and "rejected 0" in out
