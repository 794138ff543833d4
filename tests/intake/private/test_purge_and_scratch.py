"""`purge --older-than 0` and the scratch copies of approve and preview (item 9 of issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake_fixtures import intake_data, review_json, run_cli, site_submission, write_ndjson
from intlhub.cli.main import main
from intlhub.dataset import validate
from intlhub.dataset.validate import scratch_copy
from intlhub.site import preview_page as preview_module


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


def test_approve_validates_in_a_copy_inside_private_tmp_and_removes_it(
    data_path, capsys, monkeypatch
):
    source = write_ndjson(data_path.parent / "s.ndjson", [site_submission(15)])
    run_cli(capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path))
    [item] = review_json(capsys, data_path)
    copies = []
    real_validate = validate.validate_data

    def spy(copy_path, today):
        copies.append((copy_path, sorted(p.name for p in copy_path.parent.parent.iterdir())))
        return real_validate(copy_path, today)

    monkeypatch.setattr(validate, "validate_data", spy)
    code, out, _ = run_cli(capsys, "approve", item["id"], "--data", str(data_path))
    assert code == 0, out
    [(copy_path, _)] = copies
    scratch = data_path.parent / "private" / "tmp"
    assert copy_path.parent.parent == scratch and copy_path.parent.name.startswith(
        "intlhub-candidate-"
    )
    assert list(scratch.iterdir()) == [], "the copy is removed after the validation"


def test_the_next_run_removes_the_copy_a_killed_approve_left(data_path, capsys):
    run_cli(capsys, "review", "--data", str(data_path))  # makes the private folder
    left = data_path.parent / "private" / "tmp" / "intlhub-candidate-k1ll3d" / "data"
    left.mkdir(parents=True)
    (left / "projects.csv").write_text("id\n", encoding="utf-8")
    code, _, _ = run_cli(capsys, "review", "--data", str(data_path))
    assert code == 0 and not left.parent.exists()


def test_a_private_folder_is_never_copied_into_the_scratch_copy(tmp_path):
    data_path = tmp_path / "data"
    (data_path / "private" / "queue").mkdir(parents=True)
    (data_path / "private" / ".lock").touch()
    (data_path / "private" / "queue" / "x.jsonl").write_text('{"contact_email": "a@b.pt"}')
    (data_path / "projects.csv").write_text("id\n")
    with scratch_copy(data_path, {data_path / "projects.csv": b"id\nX\n"}, tmp_path / "s") as copy:
        assert sorted(p.name for p in copy.iterdir()) == ["projects.csv"]
        assert (copy / "projects.csv").read_bytes() == b"id\nX\n"
    assert list((tmp_path / "s").iterdir()) == []


def test_the_staff_preview_copies_data_into_the_scratch_folder_it_is_given(tmp_path, monkeypatch):
    seen = []

    def stop(copy_path, today):
        seen.append(copy_path)
        raise RuntimeError("stop after the copy")

    monkeypatch.setattr(preview_module, "validate_data", stop)
    data_path = tmp_path / "data"
    data_path.mkdir()
    with pytest.raises(RuntimeError):
        preview_module.preview_page(data_path, {}, "home", "pt", None, tmp_path, tmp_path / "tmp")
    assert seen[0].parent.parent == tmp_path / "tmp" and not seen[0].exists()
