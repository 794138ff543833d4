"""The load benchmark runs end to end on a small scale (a check that it works, not a timing)."""

from helpers import DATA_PATH
from intlhub.bench.load import bench_load, plan_requests


def test_the_plan_sends_distinct_submissions_and_some_twice():
    numbers = plan_requests(500, 10)
    assert len(numbers) == 500 and len(set(numbers)) == 450


def test_a_small_run_loses_and_duplicates_nothing():
    figures = bench_load(DATA_PATH, submissions=24, clients=4, resend_every=6, deadline_s=120)
    assert figures["statuses"] == {201: 24}
    assert figures["accepted"] == figures["queued"] == 20 + 4  # the distinct ones and the warm-up
    assert (figures["lost"], figures["duplicated"]) == (0, 0)
    assert figures["server_peak_rss_mb"] > 20
