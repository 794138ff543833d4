"""The static site: plan the pages, render them with Jinja2, write the Markdown, build each
language with MkDocs and index it with Pagefind. Templates live in `templates/`."""
