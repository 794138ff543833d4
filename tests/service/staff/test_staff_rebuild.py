"""The rebuild after an approval: each stage on the builds page, and the pages live before search."""

from __future__ import annotations

import re
import threading

from staff_html import parse

from intake_fixtures import site_submission
from intlhub.service.staff import rebuild
from intlhub.site import build_site


def stage_lines(page: str) -> list[str]:
    """The stage list of the newest build on the builds page."""
    start = page.index('<ol class="staff-build-stages">')
    block = page[start : page.index("</ol>", start)]
    return re.findall(r'<li class="staff-stage staff-stage--[a-z]+">([^<]*)</li>', block)


def test_each_stage_shows_and_the_pages_are_live_while_search_updates(signed_in):
    at_search, finish = threading.Event(), threading.Event()

    def staged_build(dataset, project_path, site_path, today, progress):
        progress.stage("generate")
        progress("Generating pages…")
        progress.stage("pages")
        progress.stage("search")
        at_search.set()
        assert finish.wait(20)

    signed_in.builder.build = staged_build
    [item_id] = signed_in.queue(site_submission(6))
    signed_in.post(f"/staff/submissions/{item_id}/approve", {})
    assert at_search.wait(20)
    page = signed_in.client.get("/staff/builds").text
    assert stage_lines(page) == [
        "Validar os dados: concluída",
        "Gerar as páginas: concluída",
        "Construir as páginas alteradas: concluída",
        "Atualizar a pesquisa: a decorrer",
    ]
    assert "As páginas já estão publicadas; a pesquisa do sítio está a ser atualizada." in page
    links = [attrs["href"] for tag, attrs in parse(page) if tag == "a"]
    assert "/projetos/teste-0006.html" in links, "the page is live before search is current"

    finish.set()
    assert signed_in.builder.wait(20)
    page = signed_in.client.get("/staff/builds?lang=en").text
    assert stage_lines(page)[-1] == "Update the search: done"
    assert "the site search is updating" not in page


def test_the_real_build_reports_its_stages_to_the_job(monkeypatch, staff):
    calls = []

    def fake_build_site(dataset, project_path, site_path, today, progress, *, stage):
        for name in build_site.STAGES[1:]:
            stage(name)
        calls.append(name)

    monkeypatch.setattr(build_site, "build_site", fake_build_site)
    builder = rebuild.SiteBuilder(staff.state)
    job = builder.request([])
    assert builder.wait(20)
    assert (job.status, job.error, calls) == (rebuild.DONE, "", ["search"])
    assert job.stages_done == list(rebuild.STAGES) == list(build_site.STAGES)
