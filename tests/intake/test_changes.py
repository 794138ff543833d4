"""What a queued submission would change: new record, or update of a published one, field by field."""

import datetime as dt

from helpers import DATA_PATH
from intlhub.dataset.forms import find_form
from intlhub.dataset.load_dataset import load_dataset
from intlhub.intake.changes import NEW, REPLACES_PUBLISHED, UPDATE, record_changes

TODAY = dt.date(2026, 12, 3)


def test_a_submission_for_a_published_code_is_an_update_listing_old_and_new():
    dataset = load_dataset(DATA_PATH)
    form = find_form(dataset, "showcase")
    item = {
        "id": "showcase-x",
        "record_id": "EXEMPLO-001",
        "values": {"id": "EXEMPLO-001", "markets": "US"},
    }
    found = record_changes(dataset, form, item, TODAY)
    assert found.kind == UPDATE
    assert REPLACES_PUBLISHED in found.warnings
    markets = next(c for c in found.fields if c.field == "markets")
    assert (markets.old, markets.new) == ("BR;DE;US", "US")


def test_a_submission_for_an_unknown_code_is_new_with_every_filled_field():
    dataset = load_dataset(DATA_PATH)
    form = find_form(dataset, "showcase")
    item = {
        "id": "showcase-y",
        "record_id": "TEST-NEW-1",
        "values": {"id": "TEST-NEW-1", "title_pt": "Novo"},
    }
    found = record_changes(dataset, form, item, TODAY)
    assert found.kind == NEW and not found.warnings
    assert {"id", "title_pt"} <= {c.field for c in found.fields}
    assert all(c.old == "" for c in found.fields)
