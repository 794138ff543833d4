"""The MkDocs hooks: raw-HTML pages skip Markdown without changing them, links are checked, TOC, trim."""

from __future__ import annotations

import datetime as dt
import re

import markdown
import yaml

from helpers import DATA_PATH, PROJECT_PATH
from intlhub.dataset.load_dataset import load_dataset
from intlhub.site.mkdocs_hooks import broken_links, collapse_whitespace, toc_tokens, unsafe_links
from intlhub.site.plan_pages import plan_pages
from intlhub.site.render import render_pages

TODAY = dt.date(2026, 11, 27)


def rendered_html_pages():
    """Render the default data's raw-HTML pages: {(lang, uri): (front matter, body)}."""
    dataset = load_dataset(DATA_PATH)
    pages = {}
    for spec, text in render_pages(dataset, plan_pages(dataset, TODAY)):
        _, front, body = text.split("---\n", 2)
        meta = yaml.safe_load(front)
        if meta.get("body") == "html":
            pages[(spec.lang, spec.uri)] = (meta, body)
    return pages


def markdown_extensions():
    with (PROJECT_PATH / "mkdocs.yml").open(encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        configs[name] = options or {}
    return names, configs


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip()


def test_item_pages_are_raw_html_that_plain_markdown_leaves_as_it_is():
    """Without the hooks (plain MkDocs, or another tool reading the same files) the page is the same."""
    pages = rendered_html_pages()
    kinds = {uri.split("/")[0] for _, uri in pages}
    assert kinds == {"projetos", "organizacoes", "projects", "organisations"}
    names, configs = markdown_extensions()
    for (lang, uri), (_meta, body) in pages.items():
        converted = markdown.Markdown(extensions=names, extension_configs=configs).convert(body)
        assert squeeze(converted) == squeeze(body), f"Markdown changes {lang}/{uri}"


def test_toc_nests_headings_and_leaves_out_headings_with_other_attributes():
    body = (
        '<h1 id="hub-title">Vinho &amp; <span class="b">azeite</span></h1>\n'
        '<h2 id="hub-filters-title" data-toc-skip>Filtros</h2>\n'
        '<h2 id="objetivos">Objetivos</h2>\n<h3 id="a">A</h3>\n<h2 id="b">B</h2>\n'
    )
    tokens = toc_tokens(body)
    assert [(t["level"], t["id"], t["name"]) for t in tokens] == [
        (1, "hub-title", "Vinho &amp; azeite")
    ]
    assert [(t["id"], [c["id"] for c in t["children"]]) for t in tokens[0]["children"]] == [
        ("objetivos", ["a"]),
        ("b", []),
    ]


def test_broken_links_are_reported_and_other_links_are_left_alone(monkeypatch):
    from intlhub.site import mkdocs_hooks

    monkeypatch.setattr(
        mkdocs_hooks, "site_uris", {"projetos/a.html", "concursos/call-1.html", "index.html"}
    )
    body = (
        '<a href="../concursos/call-1.html">ok</a> <a href="a.html#x">ok</a>'
        ' <a href="index.html?q=1">missing</a> <a href="../index.html">ok</a>'
        ' <a href="https://example.org/">other site</a> <a href="mailto:a@b.pt">mail</a>'
        ' <a href="#top">anchor</a> <a href="../../open-data/x.csv">other build</a>'
        ' <a href="../organizacoes/nope.html">missing</a>'
    )
    assert broken_links(body, "projetos/a.html") == [
        "contains a link 'index.html?q=1', but the target 'projetos/index.html' is not found.",
        "contains a link '../organizacoes/nope.html', but the target 'organizacoes/nope.html'"
        " is not found.",
    ]


def test_collapse_whitespace_keeps_pre_and_textarea():
    page = "<div>\n    <p>a\n\n   b</p>\n</div>\n<pre>  x\n\n  y</pre>\n  <textarea>\n  t\n</textarea>  \n  end"
    assert collapse_whitespace(page) == (
        "<div>\n<p>a\nb</p>\n</div>\n<pre>  x\n\n  y</pre>\n<textarea>\n  t\n</textarea>\nend"
    )


def test_a_link_to_a_script_fails_the_strict_build():
    body = (
        '<a href="JaVa&#83;cript:alert(1)">a</a> <img src=data:image/png;base64,AA>'
        "<form action='vbscript:x'><button formaction=\"javascript:y\">b</button></form>"
        '<a href="https://example.org/">ok</a> <a href="../x.html">ok</a> <a href="mailto:a@b.pt">ok</a>'
    )
    problems = unsafe_links(body)
    assert [re.search(r"'([^']*)'", p).group(1) for p in problems] == [
        "JaVa&#83;cript:alert(1)",
        "data:image/png;base64,AA",
        "vbscript:x",
        "javascript:y",
    ]
    assert all("`href` filter" in p for p in problems)


def test_a_raw_html_page_builds_no_markdown_converter_and_ends_as_page_render_leaves_it(
    tmp_path, monkeypatch
):
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from intlhub.site import mkdocs_hooks

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "p.md").write_text("---\nbody: html\n---\n<h1 id=\"a\">A</h1>\n")
    names, configs = markdown_extensions()
    config = MkDocsConfig()
    config.load_dict(
        {
            "site_name": "x",
            "docs_dir": str(tmp_path / "docs"),
            "site_dir": str(tmp_path / "site"),
            "markdown_extensions": [{name: configs[name]} for name in names],
        }
    )
    assert config.validate() == ([], [])

    def page():
        file = File("p.md", config.docs_dir, config.site_dir, use_directory_urls=False)
        made = Page(None, file, config)
        made.read_source(config)
        return made, Files([file])

    plain, files = page()
    plain.markdown = ""
    plain.render(config, files)  # what MkDocs does with the empty source the hook leaves

    hooked, files = page()
    hooked.markdown = mkdocs_hooks.on_page_markdown(hooked.markdown, hooked, config, files)
    assert hooked.markdown == ""

    def no_converter(*args, **kwargs):
        raise AssertionError("a Markdown converter was built for a raw-HTML page")

    monkeypatch.setattr(markdown, "Markdown", no_converter)
    hooked.render(config, files)
    state = ("content", "_title_from_render", "present_anchor_ids", "links_to_anchors")
    assert [getattr(hooked, name) for name in state] == [getattr(plain, name) for name in state]
    assert list(hooked.toc) == list(plain.toc) == []
    assert hooked.title == plain.title
    content = mkdocs_hooks.on_page_content(hooked.content, hooked, config, files)
    assert content == '<h1 id="a">A</h1>\n'
    assert [item.id for item in hooked.toc] == ["a"]
