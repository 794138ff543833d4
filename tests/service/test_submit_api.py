"""POST /api/submissions/<form>: every status of the contract, against a copy of data/."""

import json

import pytest
from starlette.testclient import TestClient

from helpers import snapshot
from intlhub.intake.review import list_queue
from intlhub.service.app import create_app
from service_fixtures import (
    ORIGIN,
    PERSONAL_EMAIL,
    PERSONAL_NAME,
    service_config,
    showcase_values,
    submission,
)

URL = "/api/submissions/showcase"


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """One service over one copy of data/ for the module (validating data/ takes a second)."""
    config = service_config(tmp_path_factory.mktemp("service"), rate_limit=0)
    return config, TestClient(create_app(config))


def queued(config):
    return {item["id"]: item for item in list_queue(config.private)}


def test_a_valid_submission_is_queued_and_reviewable(service):
    config, client = service
    response = client.post(URL, json=submission(1), headers=ORIGIN)
    assert response.status_code == 201
    assert response.json() == {"id": "showcase-20261203-000001", "status": "queued"}
    item = queued(config)["showcase-20261203-000001"]
    assert item["form"] == "showcase"
    assert item["record_id"] == "TESTE-0001"
    assert item["values"]["start_date"] == "2016-04-01"
    assert item["values"]["markets"] == "DE;BR"
    assert item["has_contact"] is True
    assert "contact_email" not in item["values"]  # personal: private store only


def test_a_resend_is_answered_with_the_same_id_and_queued_once(service):
    config, client = service
    first = client.post(URL, json=submission(2), headers=ORIGIN)
    again = client.post(URL, json=submission(2), headers=ORIGIN)
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    ids = [item["id"] for item in list_queue(config.private)]
    assert ids.count("showcase-20261203-000002") == 1


def test_an_invalid_submission_gets_422_in_the_forms_language(service):
    config, client = service
    before = snapshot(config.private.root)
    bad = {"start_date": "31/02/2016", "contact_email": "nobody-at-example"}
    pt = client.post(URL, json=submission(3, "pt", **bad), headers=ORIGIN)
    en = client.post(URL, json=submission(3, "en", **bad), headers=ORIGIN)
    assert (pt.status_code, en.status_code) == (422, 422)
    assert [e["field"] for e in pt.json()["errors"]] == ["start_date", "contact_email"]
    assert pt.json()["errors"][0]["message"] == (
        "Data de início: escreva uma data real no formato DD/MM/AAAA, por exemplo 31/12/2017."
    )
    assert en.json()["errors"][0]["message"] == (
        "Start date: enter a real date as DD/MM/YYYY, for example 31/12/2017."
    )
    assert all(e["fix"] for e in pt.json()["errors"] + en.json()["errors"])
    assert snapshot(config.private.root) == before  # nothing queued, no rejects kept


def test_the_language_can_come_from_the_query(service):
    _, client = service
    body = submission(4, **{"eu_cofinancing_rate": "250%"})
    del body["lang"]
    response = client.post(URL + "?lang=en", json=body, headers=ORIGIN)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "eu_cofinancing_rate"
    assert "enter a percentage" in response.json()["errors"][0]["message"]


def test_cross_record_checks_run_too(service):
    _, client = service
    response = client.post(URL, json=submission(5, eu_funding_eur="1,00"), headers=ORIGIN)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["eu_funding_eur"]


def test_personal_values_are_never_echoed(service):
    _, client = service
    bad = submission(6, contact_name="x" * 300, contact_email=PERSONAL_EMAIL + "@@", id="bad code!")
    response = client.post(URL, json=bad, headers=ORIGIN)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} >= {"contact_name", "contact_email"}
    text = response.text
    for value in (PERSONAL_EMAIL, PERSONAL_NAME, "x" * 50, "bad code!"):
        assert value not in text
    receipt = client.post(URL, json=submission(7), headers=ORIGIN)
    assert PERSONAL_EMAIL not in receipt.text and PERSONAL_NAME not in receipt.text


def test_a_key_that_is_not_a_field_is_an_error(service):
    _, client = service
    body = submission(8)
    body["values"]["favourite_colour"] = "blue"
    response = client.post(URL, json=body, headers=ORIGIN)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "favourite_colour"
    assert "blue" not in response.text


def test_the_honeypot_is_answered_like_a_success_and_nothing_is_kept(service):
    config, client = service
    before = snapshot(config.private.root)
    body = submission(9)
    body["hub_hp"] = "http://spam.example"
    response = client.post(URL, json=body, headers=ORIGIN)
    assert response.status_code == 201
    assert response.json()["status"] == "queued"
    assert snapshot(config.private.root) == before


@pytest.mark.parametrize(
    "headers, status",
    [
        ({"Origin": "https://attacker.example"}, 403),
        ({"Origin": "null"}, 403),
        ({"Origin": "http://127.0.0.1:8001"}, 403),
        ({"Sec-Fetch-Site": "cross-site"}, 403),
        ({"Origin": "http://127.0.0.1:8000"}, 201),
        ({}, 201),  # no Origin: a program, not another site's page (guards.py)
    ],
)
def test_only_the_allowed_origins_may_post(service, headers, status):
    _, client = service
    number = 100 + len(json.dumps(headers))
    response = client.post(URL, json=submission(number), headers=headers)
    assert response.status_code == status


def test_site_url_is_an_allowed_origin(service):
    config, client = service
    site_origins = config.allowed_origins - {"http://127.0.0.1:8000"}
    assert len(site_origins) == 1
    response = client.post(URL, json=submission(10), headers={"Origin": next(iter(site_origins))})
    assert response.status_code == 201


def test_unknown_form_wrong_method_and_other_api_paths(service):
    _, client = service
    assert (
        client.post("/api/submissions/nope", json=submission(11), headers=ORIGIN).status_code == 404
    )
    get = client.get(URL)
    assert get.status_code == 405 and get.headers["allow"] == "POST"
    assert client.put(URL, json={}).status_code == 405
    assert client.get("/api/other").status_code == 404
    assert get.headers["content-type"] == "application/json"


def test_content_types_other_than_json_get_415(service):
    _, client = service
    body = json.dumps(submission(12))
    for kind in ("text/plain", "application/x-www-form-urlencoded", ""):
        response = client.post(URL, content=body, headers={**ORIGIN, "Content-Type": kind})
        assert response.status_code == 415, kind
    event = client.post(
        "/api/submissions/event", files={"submission": (None, body)}, headers=ORIGIN
    )
    assert event.status_code == 415  # multipart only for a form with an image field


def test_broken_json_gets_400(service):
    _, client = service
    for body in (b"{not json", b"[" * 60_000, b'{"values": "\\ud800"}'):
        response = client.post(
            URL, content=body, headers={**ORIGIN, "Content-Type": "application/json"}
        )
        assert response.status_code in (400, 422), body[:10]
    response = client.post(
        URL, content=b"{not json", headers={**ORIGIN, "Content-Type": "application/json"}
    )
    assert response.status_code == 400


def test_a_body_over_the_limit_gets_413_declared_or_chunked(service):
    config, client = service
    big = json.dumps(submission(13, summary_pt="a" * config.max_submission_bytes)).encode()
    declared = client.post(URL, content=big, headers={**ORIGIN, "Content-Type": "application/json"})
    assert declared.status_code == 413

    def chunks():
        for start in range(0, len(big), 4096):
            yield big[start : start + 4096]

    chunked = client.post(
        URL, content=chunks(), headers={**ORIGIN, "Content-Type": "application/json"}
    )
    assert chunked.status_code == 413


def test_every_api_answer_carries_the_security_headers(service):
    _, client = service
    for response in (
        client.post(URL, json=submission(14), headers=ORIGIN),
        client.post(URL, json=submission(14, start_date="x"), headers=ORIGIN),
        client.get(URL),
    ):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"


def test_too_many_submissions_from_one_client_get_429(tmp_path):
    config = service_config(tmp_path, rate_limit=3, rate_window_seconds=60)
    client = TestClient(create_app(config))
    statuses = [client.post(URL, json=submission(n), headers=ORIGIN).status_code for n in range(5)]
    assert statuses == [201, 201, 201, 429, 429]
    refused = client.post(URL, json=submission(9), headers=ORIGIN)
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert "Espere" in refused.json()["errors"][0]["message"]


def test_invalid_data_makes_the_service_refuse_with_503(tmp_path):
    config = service_config(tmp_path)
    client = TestClient(create_app(config))
    projects = config.data_path / "projects.csv"
    projects.write_text(projects.read_text(encoding="utf-8") + "broken,row\n", encoding="utf-8")
    response = client.post(URL, json=submission(1), headers=ORIGIN)
    assert response.status_code == 503
    assert list_queue(config.private) == []


def test_values_may_come_as_lists_and_numbers(service):
    config, client = service
    values = showcase_values(
        15, markets=["DE", "BR"], eligible_cost_eur=400000, eu_funding_eur=340000
    )
    body = {"form": "showcase", "submission_id": "showcase-api-15", "values": values}
    response = client.post(URL, json=body, headers=ORIGIN)
    assert response.status_code == 201
    item = queued(config)["showcase-api-15"]
    assert item["values"]["markets"] == "DE;BR"
    assert item["values"]["eligible_cost_eur"] == "400000"
