"""Issue 13, item 1, through the service: hostile JSON bodies get 400 or 422, never a 500."""

import json

import pytest
from starlette.testclient import TestClient

from intlhub.intake.review import list_queue
from intlhub.service.app import create_app
from service_fixtures import ORIGIN, service_config, submission

URL = "/api/submissions/showcase"
JSON = {**ORIGIN, "content-type": "application/json"}


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    config = service_config(tmp_path_factory.mktemp("service"), rate_limit=0)
    return config, TestClient(create_app(config), raise_server_exceptions=False)


def body_with(number: int, field: str, literal: str) -> str:
    """A submission whose `field` holds a raw JSON literal (NaN, 1e400, …)."""
    return json.dumps(submission(number, **{field: "PLACEHOLDER"})).replace(
        '"PLACEHOLDER"', literal
    )


@pytest.mark.parametrize(
    ("field", "literal"),
    [
        ("eligible_cost_eur", "NaN"),
        ("eligible_cost_eur", "Infinity"),
        ("eligible_cost_eur", "1e400"),
        ("eligible_cost_eur", "7" * 5000),
        ("start_date", "NaN"),
    ],
    ids=["cost-nan", "cost-infinity", "cost-1e400", "cost-5000-digits", "date-nan"],
)
def test_absurd_number_literals_are_a_400(service, field, literal):
    config, client = service
    before = list_queue(config.private)
    response = client.post(URL, content=body_with(5, field, literal), headers=JSON)
    assert response.status_code == 400, response.text
    assert list_queue(config.private) == before


def test_json_nested_100000_deep_is_a_400(service):
    _, client = service
    body = '{"values": ' + "[" * 50_000 + "]" * 50_000 + "}"
    response = client.post(URL, content=body, headers=JSON)
    assert response.status_code in (400, 413), response.text


@pytest.mark.parametrize(
    ("field", "value"),
    [("start_date", 1e20), ("start_date", 3_000_000), ("eligible_cost_eur", 1e300)],
    ids=["date-1e20", "date-serial-3e6", "cost-1e300"],
)
def test_absurd_numbers_are_a_422_naming_the_field(service, field, value):
    config, client = service
    before = list_queue(config.private)
    response = client.post(URL, json=submission(6, **{field: value}), headers=ORIGIN)
    assert response.status_code == 422, response.text
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert list_queue(config.private) == before
