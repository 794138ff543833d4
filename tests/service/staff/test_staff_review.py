"""Reviewing on the staff screen: the queue, a submission, edits, approve (and the rebuild),
reject, the audit log, and personal data, each in both languages."""

from __future__ import annotations

import csv
import json
import threading

from staff_fixtures import STAFF_NAME
from staff_html import parse

from intake_fixtures import site_submission
from intlhub.intake.private.store import dump_lines, read_audit, read_folder
from intlhub.service.staff.rebuild import DONE, QUEUED, RUNNING, SiteBuilder


def queued_values(staff, item_id: str) -> dict:
    """The values of a queued submission as its queue file holds them."""
    items = [i for items in read_folder(staff.private.queue).values() for i in items]
    return next(i for i in items if i["id"] == item_id)["values"]


def project_ids(staff) -> list[str]:
    """The ids in data/projects.csv."""
    with (staff.data_path / "projects.csv").open(encoding="utf-8") as handle:
        return [row["id"] for row in csv.DictReader(handle)]


def queue_update(staff) -> str:
    """Queue an update of the published EXEMPLO-001 (its markets cut to US), as a queue file."""
    item = {
        "id": "showcase-update-1",
        "form": "showcase",
        "received": "2026-12-03T10:00:00+00:00",
        "record_id": "EXEMPLO-001",
        "values": {"id": "EXEMPLO-001", "markets": "US"},
        "personal": {"contact_name": "Pessoa Exemplo 2", "contact_email": "pessoa2@example.org"},
    }
    (staff.private.queue / "20261203T100000Z-update.jsonl").write_bytes(dump_lines([item]))
    return item["id"]


def test_the_queue_says_new_or_update_of_a_published_record_with_its_warning(signed_in):
    assert "Não há submissões à espera de revisão." in signed_in.client.get("/staff/").text
    signed_in.queue(site_submission(1))
    queue_update(signed_in)
    page = signed_in.client.get("/staff/").text
    assert "Novo registo" in page and "Atualização de um registo publicado" in page
    assert "Substitui um registo já publicado." in page
    english = signed_in.client.get("/staff/?lang=en").text
    assert '<html lang="en">' in english
    assert (
        "Update of a published record" in english and "It replaces a published record." in english
    )


def test_a_submission_shows_labels_the_diff_and_the_contact_data(signed_in):
    item_id = queue_update(signed_in)
    page = signed_in.client.get(f"/staff/submissions/{item_id}").text
    assert "Mercados-alvo" in page  # the label of forms.yaml
    cells = [attrs for tag, attrs in parse(page) if tag == "iframe"]
    assert cells and "sandbox" in cells[0] and cells[0]["src"].endswith("/preview")
    assert "<del>BR;DE;US</del></td><td><ins>US</ins>" in page
    assert "pessoa2@example.org" in page
    english = signed_in.client.get(f"/staff/submissions/{item_id}?lang=en").text
    assert "Target markets" in english and "What changes in the published data" in english


def test_a_new_organisation_and_results_are_shown_beside_the_project(signed_in):
    submission = site_submission(
        7,
        beneficiary_id="",
        organisation_name="Associação Teste do Montado",
        organisation_nif="500000000",
        organisation_kind="business-association",
        results="Empresas participantes; Participating firms; 30; 34",
    )
    del submission["values"]["beneficiary_id"]
    (item_id,) = signed_in.queue(submission)
    page = signed_in.client.get(f"/staff/submissions/{item_id}").text
    assert "Também muda noutras tabelas" in page
    assert "organisations, registo «associacao-teste-do-montado»: Novo registo" in page
    assert "<ins>Associação Teste do Montado</ins>" in page
    assert "project-results, registo «TESTE-0007»: Novo registo" in page
    english = signed_in.client.get(f"/staff/submissions/{item_id}?lang=en").text
    assert "Also changes in other tables" in english


def test_the_preview_is_the_public_page_rendered_with_the_submission(signed_in):
    [item_id] = signed_in.queue(site_submission(3, title_pt="Vinhos do Alentejo na Ásia"))
    response = signed_in.client.get(f"/staff/submissions/{item_id}/preview")
    assert response.status_code == 200
    assert '<h1 id="hub-title">Vinhos do Alentejo na Ásia</h1>' in response.text
    assert '<base href="/projetos/">' in response.text
    english = signed_in.client.get(f"/staff/submissions/{item_id}/preview?lang=en").text
    assert '<html lang="en">' in english and '<base href="/en/projects/">' in english


def test_an_edit_is_checked_as_at_intake_and_audited_without_the_value(signed_in):
    [item_id] = signed_in.queue(site_submission(4))
    path = f"/staff/submissions/{item_id}/fields/start_date"
    before = (signed_in.private.queue).glob("*.jsonl")
    files = {p: p.read_bytes() for p in before}
    refused = signed_in.post(path, {"value": "31/02/2026"}, page=path)
    assert refused.status_code == 422
    assert "staff-error-summary" in refused.text and 'value="31/02/2026"' in refused.text
    assert {p: p.read_bytes() for p in files} == files
    saved = signed_in.post(path, {"value": "01/03/2026"}, page=path)
    assert saved.status_code == 303
    assert queued_values(signed_in, item_id)["start_date"] == "2026-03-01"
    [entry] = [e for e in read_audit(signed_in.private) if e["action"] == "edit"]
    assert entry["by"] == STAFF_NAME and "'start_date'" in entry["what"]
    assert "2026-03-01" not in json.dumps(entry)
    title = f"/staff/submissions/{item_id}/fields/title_pt"
    assert signed_in.post(title, {"value": "Título corrigido"}, page=title).status_code == 303
    assert queued_values(signed_in, item_id)["title_pt"] == "Título corrigido"


def test_approve_writes_data_audits_the_staff_member_and_rebuilds(signed_in):
    [item_id] = signed_in.queue(site_submission(5))
    response = signed_in.post(f"/staff/submissions/{item_id}/approve", {})
    assert response.status_code == 303 and response.headers["location"].startswith("/staff/builds")
    assert "TESTE-0005" in project_ids(signed_in)
    [entry] = [e for e in read_audit(signed_in.private) if e["action"] == "approved"]
    assert entry["by"] == STAFF_NAME and entry["ids"] == [item_id]
    assert signed_in.builder.wait(30)
    assert (signed_in.tmp_path / "site" / "built.txt").read_text().strip().endswith("projects")
    page = signed_in.client.get("/staff/builds").text
    assert "Concluída" in page and "Generating pages…" in page
    links = [attrs["href"] for tag, attrs in parse(page) if tag == "a"]
    assert "/projetos/teste-0005.html" in links and "/en/projects/teste-0005.html" in links
    assert 'http-equiv="refresh"' not in page


def test_approve_shows_the_errors_and_writes_nothing_when_the_checks_fail(signed_in):
    [item_id] = signed_in.queue(site_submission(6))
    [queue_file] = signed_in.private.queue.glob("*.jsonl")
    [item] = [json.loads(line) for line in queue_file.read_text().splitlines()]
    item["values"]["start_date"] = "not a date"  # a hand edit of the queue file
    queue_file.write_bytes(dump_lines([item]))
    data_before = (signed_in.data_path / "projects.csv").read_bytes()
    response = signed_in.post(f"/staff/submissions/{item_id}/approve", {})
    assert response.status_code == 422
    assert "A submissão não foi aprovada; nada foi escrito." in response.text
    assert "start_date" in response.text
    assert (signed_in.data_path / "projects.csv").read_bytes() == data_before
    assert signed_in.builder.latest() == []


def test_reject_needs_a_reason_and_moves_the_submission_with_it(signed_in):
    [item_id] = signed_in.queue(site_submission(7))
    missing = signed_in.post(f"/staff/submissions/{item_id}/reject", {"reason": "  "})
    assert missing.status_code == 422 and "Escreva o motivo da recusa." in missing.text
    response = signed_in.post(f"/staff/submissions/{item_id}/reject", {"reason": "Duplicado"})
    assert response.status_code == 303
    assert list(signed_in.private.queue.glob("*.jsonl")) == []
    [stored] = [i for items in read_folder(signed_in.private.store).values() for i in items]
    assert (stored["decision"], stored["reason"], stored["decided_by"]) == (
        "rejected",
        "Duplicado",
        STAFF_NAME,
    )
    audit = signed_in.client.get("/staff/audit").text
    rows = [line for line in audit.splitlines() if line.startswith("<tr><td>")]
    assert "rejected" in rows[0] and "Duplicado" in rows[0] and STAFF_NAME in rows[0]
    assert "ingest" in rows[-1]  # newest first


def test_forget_and_purge_need_a_confirmation_and_are_audited_by_name(signed_in):
    [item_id] = signed_in.queue(site_submission(8))
    unconfirmed = signed_in.post(
        "/staff/privacy/forget", {"email": "pessoa8@example.org"}, "/staff/privacy"
    )
    assert unconfirmed.status_code == 422 and 'href="#forget-confirm"' in unconfirmed.text
    confirmed = signed_in.post(
        "/staff/privacy/forget",
        {"email": "pessoa8@example.org", "confirm": "yes"},
        "/staff/privacy",
    )
    assert confirmed.status_code == 200 and "1 submissão " in confirmed.text
    items = [i for items in read_folder(signed_in.private.queue).values() for i in items]
    assert items[0]["personal"] == {}
    [entry] = [e for e in read_audit(signed_in.private) if e["action"] == "forget"]
    assert entry["by"] == STAFF_NAME and "pessoa8" not in json.dumps(entry)
    bad_days = signed_in.post(
        "/staff/privacy/purge", {"days": "-3", "confirm": "yes"}, "/staff/privacy"
    )
    assert bad_days.status_code == 422 and 'href="#days"' in bad_days.text
    old = {"id": "old-1", "form": "showcase", "personal": {"contact_email": "a@example.org"},
           "decided": "2020-01-01T00:00:00+00:00", "decision": "rejected"}  # fmt: skip
    (signed_in.private.store / "20200101T000000Z-old.jsonl").write_bytes(dump_lines([old]))
    purged = signed_in.post(
        "/staff/privacy/purge", {"days": "365", "confirm": "yes"}, "/staff/privacy"
    )
    assert purged.status_code == 200 and "1 submissão;" in purged.text
    [entry] = [e for e in read_audit(signed_in.private) if e["action"] == "purge"]
    assert entry["by"] == STAFF_NAME and entry["ids"] == ["old-1"]
    everything = signed_in.post(  # 0 days: every decided submission, as the command line
        "/staff/privacy/purge", {"days": "0", "confirm": "yes"}, "/staff/privacy"
    )
    assert everything.status_code == 200
    assert item_id


def test_one_build_at_a_time_and_an_approval_during_a_build_queues_one_more(staff):
    release, running = threading.Event(), []
    peak = []

    def slow_build(dataset, project_path, site_path, today, progress):
        running.append(1)
        peak.append(len(running))
        progress("building")
        release.wait(10)
        running.pop()

    builder = SiteBuilder(staff.state, slow_build)
    first = builder.request([])
    while first.status != RUNNING:
        pass
    second, third = builder.request([]), builder.request([])
    assert second is third and second.status == QUEUED
    release.set()
    assert builder.wait(20)
    assert [job.status for job in builder.latest()] == [DONE, DONE]
    assert peak == [1, 1]
