"""Editing a queued field: the intake's checks, the journal, and an audit line without the value."""

import datetime as dt
import json

import pytest

from helpers import copy_data, snapshot
from intake_fixtures import site_submission
from intlhub.base.problems import HubError
from intlhub.dataset.load_dataset import load_dataset
from intlhub.intake.edit_submission import EditRefused, edit_field
from intlhub.intake.ingest import ingest_export
from intlhub.intake.private.store import PrivatePaths, opened, read_audit, read_folder
from intlhub.intake.read.source import read_bytes
from intlhub.intake.submissions import IngestOptions

TODAY = dt.date(2026, 12, 3)


def queued(tmp_path):
    data_path = copy_data(tmp_path)
    dataset = load_dataset(data_path)
    paths = PrivatePaths(tmp_path / "private")
    grid = read_bytes("s.ndjson", (json.dumps(site_submission(1)) + "\n").encode())
    with opened(paths):
        report = ingest_export(grid, dataset, paths, IngestOptions("showcase"), TODAY, print)
    return dataset, paths, report.queued_ids[0]


def test_a_bad_value_is_refused_with_the_intakes_reason_and_nothing_changes(tmp_path):
    dataset, paths, item_id = queued(tmp_path)
    before = snapshot(paths.root)
    with opened(paths), pytest.raises(EditRefused) as refused:
        edit_field(dataset, paths, item_id, "end_date", "32/13/2026", "ana.silva", TODAY)
    assert refused.value.problems[0].field == "end_date"
    with opened(paths), pytest.raises(EditRefused) as refused:
        edit_field(dataset, paths, item_id, "beneficiary_id", "Nobody Inc.", "ana.silva", TODAY)
    with opened(paths), pytest.raises(HubError, match="cannot be edited"):
        edit_field(dataset, paths, item_id, "contact_email", "x@example.org", "ana.silva", TODAY)
    assert snapshot(paths.root) == before


def test_a_good_value_is_normalised_written_and_audited(tmp_path):
    dataset, paths, item_id = queued(tmp_path)
    with opened(paths):
        value = edit_field(
            dataset, paths, item_id, "eligible_cost_eur", "2.500,00 €", "ana.silva", TODAY
        )
    assert value == "2500"
    [item] = [i for items in read_folder(paths.queue).values() for i in items]
    assert item["values"]["eligible_cost_eur"] == "2500"
    assert (
        item["edited"][0]["field"] == "eligible_cost_eur" and item["edited"][0]["by"] == "ana.silva"
    )
    entry = read_audit(paths)[-1]
    assert (entry["action"], entry["by"], entry["ids"]) == ("edit", "ana.silva", [item_id])
    assert "2500" not in json.dumps(entry)
