"""Submissions ingested together: each gets its own outcome, by the ingest's own checks."""

import datetime as dt

from helpers import copy_data
from intlhub.dataset.forms import read_forms
from intlhub.dataset.validate import valid_dataset
from intlhub.intake.private.store import opened, resolve_private
from intlhub.intake.receive import read_submission, receive_batch
from intlhub.intake.review import list_queue
from service_fixtures import submission

TODAY = dt.date(2026, 12, 3)


def test_a_batch_answers_each_submission_and_queues_only_the_good_ones(tmp_path):
    data_path = copy_data(tmp_path)
    dataset = valid_dataset(data_path, TODAY, lambda message: None)
    paths = resolve_private(data_path, dataset, str(tmp_path / "private"))
    form = read_forms(dataset)["showcase"]
    bodies = [submission(1), submission(2, nuts3="Atlantis"), submission(1), submission(3)]
    items = [read_submission(body, form)[0] for body in bodies]
    with opened(paths):
        outcomes = receive_batch(items, form, dataset, paths, TODAY)
    assert [(o.id, o.queued) for o in outcomes] == [
        ("showcase-20261203-000001", True),
        ("showcase-20261203-000002", False),
        ("showcase-20261203-000001", True),  # the same submission twice: one queued
        ("showcase-20261203-000003", True),
    ]
    assert [(p.field, p.type) for p in outcomes[1].problems] == [("nuts3", "invalid-value")]
    assert [item["id"] for item in list_queue(paths)] == [
        "showcase-20261203-000001",
        "showcase-20261203-000003",
    ]
    assert not any(paths.rejects.iterdir())  # refused ones are answered, not kept


def test_the_shape_is_checked_before_the_values():
    from helpers import DATA_PATH
    from intlhub.dataset.load_dataset import load_dataset

    form = read_forms(load_dataset(DATA_PATH))["showcase"]
    item, problems = read_submission({"values": {"nope": 1, "title_pt": {"a": 1}}}, form)
    assert item is None
    assert [(p.field, p.type) for p in problems] == [
        ("nope", "unknown-field"),
        ("title_pt", "invalid-value"),
    ]
    item, problems = read_submission({"values": {"title_pt": "x"}}, form)
    assert problems == [] and item.submission_id.startswith("api-")
    again, _ = read_submission({"values": {"title_pt": "x"}}, form)
    assert again.id == item.id  # without an id, the same values make the same id
