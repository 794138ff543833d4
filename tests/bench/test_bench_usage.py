"""`intlhub bench` and `python -m intlhub.bench.stages` answer bad arguments with a usage error."""

from __future__ import annotations

import intlhub.cli.bench_commands as bench_commands
from intlhub.bench import stages
from intlhub.cli.main import main


def test_bench_with_a_missing_table_page_stops_before_the_long_run(tmp_path, monkeypatch, capsys):
    ran = []
    monkeypatch.setattr(bench_commands, "run_bench", lambda *args: ran.append(args) or {})
    monkeypatch.setattr(bench_commands, "write_results", lambda *args: None)
    missing = tmp_path / "missing.md"
    code = main(["bench", "--table", str(missing), "--json", str(tmp_path / "b.json")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"Cannot read the benchmarks page {str(missing)!r}: No such file or directory" in err
    assert "Pass --table docs/dev/benchmarks.md" in err
    assert ran == [], "the benchmark must not run for 10 minutes before the page is found missing"


def test_bench_with_a_page_without_markers_says_where_the_table_goes(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bench_commands, "run_bench", lambda *args: {})
    page = tmp_path / "page.md"
    page.write_text("# Benchmarks\n", encoding="utf-8")
    assert main(["bench", "--table", str(page), "--json", str(tmp_path / "b.json")]) == 1
    assert "has no table markers" in capsys.readouterr().err


def test_stages_without_arguments_prints_its_usage(capsys):
    assert stages.main([]) == 2
    assert (
        "Usage: python -m intlhub.bench.stages STAGE DATA_DIR WORK_DIR" in capsys.readouterr().err
    )
