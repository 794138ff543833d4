"""Security of the staff screen: sessions, CSRF, sign-in throttling, headers, escaping, ids."""

from __future__ import annotations

import html
import json
import statistics
import time

import pytest
from staff_fixtures import STAFF_NAME, STAFF_PASSWORD, make_staff
from staff_html import injected

from helpers import snapshot
from intake_fixtures import site_submission
from intlhub.intake.private.store import dump_lines
from intlhub.service.staff.accounts import remove_account
from intlhub.service.staff.session import PRE_SESSION_COOKIE, SESSION_COOKIE

PAGES = ["/staff/", "/staff/builds", "/staff/audit", "/staff/privacy"]
PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)"]


def post_routes(staff, item_id: str) -> list[str]:
    """Every POST route of the staff screen, with a real submission id and field filled in."""
    mount = staff.client.app.routes[0]
    paths = [
        route.path.replace("{item_id}", item_id).replace("{field}", "title_pt")
        for route in mount.app.routes
        if "POST" in (getattr(route, "methods", None) or ())
    ]
    return [f"/staff{path}" for path in sorted(set(paths))]


def item_pages(item_id: str) -> list[str]:
    """The pages of one queued submission."""
    return [
        f"/staff/submissions/{item_id}",
        f"/staff/submissions/{item_id}/fields/title_pt",
        f"/staff/submissions/{item_id}/preview",
    ]


def test_security_no_session_redirects_every_page_to_sign_in(staff):
    [item_id] = staff.queue(site_submission(1))
    for path in [*PAGES, *item_pages(item_id), "/staff/?lang=en"]:
        response = staff.client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/staff/sign-in"), path


def test_security_missing_or_wrong_csrf_token_is_403_on_every_post_route(signed_in):
    [item_id] = signed_in.queue(site_submission(1))
    other = make_staff(signed_in.tmp_path / "other")
    assert other.sign_in().status_code == 303
    foreign_token = other.csrf("/staff/")  # a valid token, of another session
    before = snapshot(signed_in.tmp_path)
    routes = post_routes(signed_in, item_id)
    assert len(routes) >= 7, routes
    form = {
        "reason": "r",
        "value": "x",
        "email": "pessoa1@example.org",
        "days": "1",
        "confirm": "yes",
    }
    for path in routes:
        for token in (None, "", "wrong", foreign_token):
            data = form if token is None else {**form, "csrf": token}
            response = signed_in.client.post(path, data=data, follow_redirects=False)
            assert response.status_code == 403, (path, token)
    assert snapshot(signed_in.tmp_path) == before


def test_security_sign_in_needs_the_token_of_its_pre_session_cookie(staff):
    token = staff.csrf("/staff/sign-in")
    credentials = {"name": STAFF_NAME, "password": STAFF_PASSWORD}
    assert staff.client.post("/staff/sign-in", data=credentials).status_code == 403
    wrong = {**credentials, "csrf": token + "x"}
    assert staff.client.post("/staff/sign-in", data=wrong).status_code == 403
    staff.client.cookies.delete(PRE_SESSION_COOKIE, path="/staff/")
    with_token = {**credentials, "csrf": token}
    assert staff.client.post("/staff/sign-in", data=with_token).status_code == 403
    assert SESSION_COOKIE not in staff.client.cookies


def test_security_ten_wrong_passwords_are_throttled_and_then_the_right_one_is_refused(staff):
    codes = [staff.sign_in(password=f"wrong password {n}").status_code for n in range(10)]
    assert codes == [401] * 5 + [429] * 5
    response = staff.sign_in()
    assert response.status_code == 429
    assert "Demasiadas tentativas falhadas" in response.text
    assert int(response.headers["retry-after"]) > 0
    assert SESSION_COOKIE not in staff.client.cookies


def test_security_failures_from_one_address_throttle_every_name(staff):
    codes = [
        staff.sign_in(name=f"nobody{n}", password="wrong password!").status_code for n in range(6)
    ]
    assert codes == [401] * 5 + [429]
    assert staff.sign_in().status_code == 429


def test_security_an_unknown_name_takes_about_as_long_as_a_wrong_password(staff):
    def seconds(name: str) -> float:
        runs = []
        for _ in range(2):
            staff.throttle_reset()
            started = time.perf_counter()
            assert staff.sign_in(name=name, password="wrong password!").status_code == 401
            runs.append(time.perf_counter() - started)
        return statistics.median(runs)

    known, unknown = seconds(STAFF_NAME), seconds("nobody")
    assert unknown > known * 0.5, (known, unknown)


def test_security_cookies_are_httponly_strict_scoped_and_secure_behind_tls(staff, tmp_path):
    response = staff.sign_in()
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/staff/" in cookie
    assert "max-age=28800" in cookie and "secure" not in cookie
    secure = make_staff(tmp_path / "tls", secure=True)
    secure.client.base_url = "https://127.0.0.1:8443"
    assert "; secure" in secure.sign_in().headers["set-cookie"].lower()


def test_security_sign_out_and_removing_the_account_end_the_session(signed_in):
    cookie = signed_in.client.cookies.get(SESSION_COOKIE)
    response = signed_in.post("/staff/sign-out", {})
    assert response.status_code == 303
    signed_in.client.cookies.set(SESSION_COOKIE, cookie, path="/staff/")
    assert signed_in.client.get("/staff/", follow_redirects=False).status_code == 303
    assert signed_in.sign_in().status_code == 303
    assert signed_in.client.get("/staff/").status_code == 200
    remove_account(signed_in.private.staff, STAFF_NAME)
    assert signed_in.client.get("/staff/", follow_redirects=False).status_code == 303


def test_security_every_staff_response_is_no_store_and_not_framed(signed_in):
    [item_id] = signed_in.queue(site_submission(1))
    responses = [signed_in.client.get(path) for path in [*PAGES, *item_pages(item_id)]]
    responses.append(signed_in.client.get("/staff/submissions/unknown-id"))
    responses.append(signed_in.client.get("/staff/static/staff.css"))
    responses.append(signed_in.client.post("/staff/privacy/purge", data={}))  # 403
    for response in responses:
        headers = response.headers
        assert headers["cache-control"] == "no-store", response.url
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        policy = headers["content-security-policy"]
        assert "script-src" not in policy and "'unsafe-inline'" not in policy
        if response.url.path.endswith("/preview"):
            assert policy.startswith("default-src 'none'; style-src 'self'; img-src 'self' data:")
            assert headers["x-frame-options"] == "SAMEORIGIN"
        else:
            assert policy.startswith("default-src 'self'") and "frame-ancestors 'none'" in policy
            assert headers["x-frame-options"] == "DENY"
    staff_page = signed_in.client.get("/staff/", follow_redirects=False)
    assert staff_page.headers["cache-control"] == "no-store"


def hostile_item(item_id: str, payload: str) -> dict:
    """A queued submission with the payload in every value and contact field."""
    fields = ["title_pt", "title_en", "summary_pt", "summary_en", "beneficiary_id", "call_id",
              "markets", "sectors", "start_date", "nuts3", "status", "eligible_cost_eur"]  # fmt: skip
    return {
        "id": item_id,
        "form": "showcase",
        "received": payload,
        "record_id": payload,
        "values": {"id": payload, **{name: payload for name in fields}},
        "personal": {"contact_name": payload, "contact_email": payload, "contact_phone": payload},
    }


@pytest.mark.parametrize("payload", PAYLOADS)
def test_security_a_payload_in_every_field_is_escaped_on_the_staff_pages(signed_in, payload):
    """The queue file is written directly: the pages must not rely on the intake's checks."""
    item_id = "showcase-hostile-1"
    (signed_in.private.queue / "20261203T000000Z-hostile.jsonl").write_bytes(
        dump_lines([hostile_item(item_id, payload)])
    )
    pages = [
        "/staff/",
        f"/staff/submissions/{item_id}",
        f"/staff/submissions/{item_id}/fields/title_pt",
    ]
    for path in pages:
        response = signed_in.client.get(path)
        assert response.status_code == 200, (path, response.text[:500])
        assert injected(response.text) == [], path
        assert payload in html.unescape(response.text), path  # shown, as text
    preview = signed_in.client.get(f"/staff/submissions/{item_id}/preview")
    assert preview.status_code == 422  # the merged data is not valid: its problems, as text
    assert "would not be valid" in preview.text and injected(preview.text) == []
    assert preview.headers["content-security-policy"].startswith("default-src 'none'")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_security_a_payload_accepted_by_the_intake_is_escaped_in_the_preview(signed_in, payload):
    values = {
        name: f"Título {payload}" for name in ("title_pt", "title_en", "summary_pt", "summary_en")
    }
    [item_id] = signed_in.queue(site_submission(1, **values))
    response = signed_in.client.get(f"/staff/submissions/{item_id}/preview")
    assert response.status_code == 200
    assert "Título" in response.text
    assert injected(response.text) == []
    for lang in ("pt", "en"):
        page = signed_in.client.get(f"/staff/submissions/{item_id}?lang={lang}")
        assert injected(page.text) == []


TRAVERSALS = [
    "..",
    "../../data",
    "..%2F..%2Fdata",
    "a%2Fb",
    "%2e%2e",
    "x/../../y",
    ".hidden",
    "a b",
]


def test_security_a_path_in_a_queue_id_writes_nothing_anywhere(signed_in):
    signed_in.queue(site_submission(1))
    before = snapshot(signed_in.tmp_path)
    for item_id in TRAVERSALS:
        for action, data in (
            ("approve", {}),
            ("reject", {"reason": "r"}),
            ("fields/title_pt", {"value": "x"}),
        ):
            response = signed_in.post(f"/staff/submissions/{item_id}/{action}", data)
            assert response.status_code in (404, 405), (item_id, action, response.status_code)
        assert signed_in.client.get(f"/staff/submissions/{item_id}").status_code in (404, 200)
    for field in ("..", "..%2Fx", "contact_email", "nope"):
        response = signed_in.post(f"/staff/submissions/x/fields/{field}", {"value": "x"})
        assert response.status_code in (404, 405)
    assert snapshot(signed_in.tmp_path) == before
    assert (
        json.loads((signed_in.private.staff / "accounts.json").read_text())[0]["name"] == STAFF_NAME
    )
