"""`purge --older-than 0` and the scratch copies of approve and preview (item 9 of issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake_fixtures import intake_data, run_cli, site_submission, write_ndjson
from intlhub.cli.main import main


@pytest.fixture
def data_path(tmp_path, monkeypatch) -> Path:
    return intake_data(tmp_path, monkeypatch)


def stored_text(data_path: Path) -> str:
    return "".join(p.read_text() for p in (data_path.parent / "private" / "store").rglob("*.jsonl"))


def test_purge_older_than_0_erases_everything_decided(data_path, capsys):
    source = write_ndjson(data_path.parent / "r.ndjson", [site_submission(17)])
    run_cli(capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path))
    (queued,) = {line for line in (data_path.parent / "private" / "queue").rglob("*.jsonl")}
    item_id = queued.read_text().split('"id": "', 1)[1].split('"', 1)[0]
    code, _, _ = run_cli(capsys, "reject", item_id, "--reason", "Teste", "--data", str(data_path))
    assert code == 0 and "pessoa17@example.org" in stored_text(data_path)
    code, out, _ = run_cli(capsys, "purge", "--older-than", "0", "--data", str(data_path))
    assert code == 0 and "Retention 0 days: erased contact data from 1 submission(s)" in out
    assert "pessoa17@example.org" not in stored_text(data_path)


@pytest.mark.parametrize("days", ["-1", "-365"])
def test_purge_with_a_negative_or_no_number_is_a_usage_error(data_path, capsys, days):
    with pytest.raises(SystemExit) as exit_info:
        main(["purge", "--older-than", days, "--data", str(data_path)])
    assert exit_info.value.code == 2
    assert "--older-than" in capsys.readouterr().err
