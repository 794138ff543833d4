"""axe-core finds no violation on the written market guides (GB, US, BR, AO), in both languages."""

import pytest
from test_accessibility import describe_violations

NOT_WRITTEN = {"pt": "Ainda não escrito.", "en": "Not yet written."}
REVIEWED = {"pt": "Última revisão: 3 de dezembro de 2026", "en": "Last reviewed: 3 December 2026"}
GUIDE_URIS = [
    "mercados/gb.html",
    "en/markets/gb.html",
    "mercados/us.html",
    "en/markets/us.html",
    "mercados/br.html",
    "en/markets/br.html",
    "mercados/ao.html",
    "en/markets/ao.html",
]


@pytest.mark.parametrize("uri", GUIDE_URIS)
def test_market_guide_is_written_and_has_no_axe_violations(page, base_url, axe_path, uri):
    """At least six sections are written, and axe-core reports nothing."""
    response = page.goto(base_url + uri, wait_until="load")
    assert response is not None and response.status == 200, f"/{uri} was not built"
    lang = "pt" if uri.startswith("mercados/") else "en"
    unwritten = page.get_by_text(NOT_WRITTEN[lang]).count()
    assert unwritten <= 3, f"at least 6 of the 9 sections are written, {9 - unwritten} found"
    assert page.get_by_text(REVIEWED[lang]).count() >= 6, "written sections show their date"
    page.add_script_tag(path=str(axe_path))
    violations = page.evaluate("async () => (await axe.run()).violations")
    if violations:
        pytest.fail(
            f"axe-core violations on /{uri}:\n" + describe_violations(violations), pytrace=False
        )
