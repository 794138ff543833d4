"""Property-based fuzzing: whatever the input, a clear error or a valid result, never a traceback.

Bounded (a few seconds each). An input refused as a whole leaves every file byte-identical.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import DATA_PATH, snapshot
from intake_fixtures import PT_HEADERS, showcase_row
from intlhub.base.problems import HubError, errors_only
from intlhub.dataset.load_dataset import load_dataset
from intlhub.dataset.validate import validate_data
from intlhub.intake.ingest import IngestOptions, ingest_export
from intlhub.intake.private.store import PrivatePaths, opened, prepare
from intlhub.intake.read.source import read_bytes
from intlhub.intake.review import approve_submissions

TODAY = dt.date(2026, 11, 27)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
TRIED = {"bytes": 0, "rows": 0, "approved": 0}


class Workspace(tuple):
    """(dataset, private paths) with a short repr for Hypothesis' reports."""

    def __new__(cls, dataset, paths):
        return super().__new__(cls, (dataset, paths))

    def __repr__(self) -> str:
        return "Workspace(...)"


@pytest.fixture(scope="module")
def workspace():
    with tempfile.TemporaryDirectory(prefix="intlhub-fuzz-") as folder:
        data_path = Path(folder) / "data"
        shutil.copytree(DATA_PATH, data_path)
        paths = PrivatePaths(Path(folder) / "private")
        prepare(paths)
        yield Workspace(load_dataset(data_path), paths)
    print(f"\nfuzzing: {TRIED}")


def ingest(dataset, paths: PrivatePaths, name: str, data: bytes):
    """Ingest bytes; return the report, or the HubError of a whole-input rejection."""
    try:
        grid = read_bytes(name, data)
        with opened(paths):
            return ingest_export(
                grid, dataset, paths, IngestOptions("showcase"), TODAY, lambda m: None
            )
    except HubError as error:
        assert error.message and error.fix is not None
        return error


@FUZZ
@given(
    data=st.binary(max_size=2000), name=st.sampled_from(["x.csv", "x.json", "x.xlsx", "x.ndjson"])
)
def test_any_bytes_give_a_clear_error_or_a_report(workspace, data, name):
    dataset, paths = workspace
    TRIED["bytes"] += 1
    before = snapshot(paths.root.parent)
    result = ingest(dataset, paths, name, data)
    if isinstance(result, HubError):
        assert snapshot(paths.root.parent) == before, "a refused input changes nothing"
    else:
        assert result.read == result.accepted + result.updated + result.unchanged + result.rejected


cell = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "n.d.",
            "-",
            "1.234,56",
            "85%",
            "31/02/2016",
            "01/04/2016",
            "Alemanha",
            "=1+1",
            "<script>x</script>",
            "Vinho",
            "Concluído",
        ]
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    changes=st.lists(st.tuples(st.sampled_from(PT_HEADERS), cell), max_size=6),
    number=st.integers(1, 9999),
)
def test_any_row_is_queued_valid_or_rejected_with_a_reason(workspace, changes, number):
    dataset, paths = workspace
    TRIED["rows"] += 1
    row = showcase_row(number, **dict(changes))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(list(row))
    writer.writerow(list(row.values()))
    before = snapshot(paths.root.parent)
    result = ingest(dataset, paths, "rows.csv", out.getvalue().encode("utf-8"))
    if isinstance(result, HubError):  # e.g. a NUL character: the file is refused as binary
        assert snapshot(paths.root.parent) == before
        return
    for rejection in result.rejections:
        assert rejection.row == 2 and rejection.reason and rejection.fix


# A NUL byte makes a CSV "binary data" for read_source (refused as a whole, by design), so the
# text of a row that should go through has none; nor a lone surrogate, which no UTF-8 file can hold.
ROW_TEXT = st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    title=st.text(ROW_TEXT, min_size=1, max_size=60),
    summary=st.text(ROW_TEXT, max_size=200),
    cost=st.integers(0, 10**9),
)
def test_approving_gives_a_valid_dataset_or_changes_nothing(workspace, title, summary, cost):
    dataset, paths = workspace
    TRIED["approved"] += 1
    rate_cost = f"{cost},00"
    row = showcase_row(
        5000 + TRIED["approved"],
        **{
            "Título em português": title,
            "Resumo em português": summary,
            "Despesa elegível (euros)": rate_cost,
            "Financiamento da UE (euros)": f"{cost * 0.85:.2f}".replace(".", ","),
        },
    )
    out = io.StringIO()
    csv.writer(out).writerows([list(row), list(row.values())])
    result = ingest(dataset, paths, "one.csv", out.getvalue().encode("utf-8"))
    assert not isinstance(result, HubError), f"a valid row was refused as a whole: {result}"
    data_path = dataset.root_path
    for queued_id in result.queued_ids:
        before = snapshot(data_path)
        try:
            with opened(paths):
                approve_submissions(
                    load_dataset(data_path), paths, [queued_id], "fuzz", TODAY, False
                )
        except HubError:
            assert snapshot(data_path) == before
        _, problems = validate_data(data_path, TODAY)
        assert errors_only(problems) == []
