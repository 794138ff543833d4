"""The preview of one public page after a change to data/, with the site's real templates."""

import datetime as dt

from helpers import DATA_PATH, PROJECT_PATH, snapshot
from intlhub.site.preview_page import preview_page

TODAY = dt.date(2026, 12, 3)


def test_a_changed_title_shows_on_the_previewed_page_and_data_is_untouched():
    before = snapshot(DATA_PATH)
    projects = DATA_PATH / "projects.csv"
    text = projects.read_text(encoding="utf-8")
    changed = {
        projects: text.replace("Alentejo wine in selected markets", "Changed <b>title</b>").encode()
    }
    shown = preview_page(DATA_PATH, changed, "projects:EXEMPLO-001", "en", TODAY, PROJECT_PATH)
    assert shown.site_uri == "en/projects/exemplo-001.html"
    assert "Changed &lt;b&gt;title&lt;/b&gt;" in shown.body_html and "<b>" not in shown.body_html
    assert '<h2 id="objectives">Objectives</h2>' in shown.body_html
    assert snapshot(DATA_PATH) == before


def test_a_page_the_data_does_not_plan_gives_none():
    assert preview_page(DATA_PATH, {}, "projects:NOPE-1", "pt", TODAY, PROJECT_PATH) is None
