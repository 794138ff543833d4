"""What each item page is rendered from, as one digest: an unchanged digest means unchanged Markdown.

Projects, organisations and markets have one page each (tens of thousands at scale); every other
page (lists, forms, statistics, calls…) is always rendered. An item page reads its own record and
a few related ones through `render.HubView` and `showcase_view.ShowcaseView`:

- a project: the project, its results and images, its beneficiary and partner organisations;
- an organisation: the organisation and the "bundle" (as above) of every project it leads or is a
  partner in;
- a market: the market and the bundle of every project that targets it;

and, for all of them, everything else in the dataset (calls, sectors, sources, markets, indicators,
events, documents, guidance…), digested once as the shared part. The page's own plan (`PageSpec`
with its context: title, links to the other language, today) is part of its digest too. A page
whose digest equals the last build's keeps its generated file; tests/site/incremental/test_incremental_build.py
proves the result equals a clean build for each kind of change.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from intlhub.dataset.load_dataset import Dataset
from intlhub.site.plan_pages import PageSpec

PER_RECORD_TABLES = ("projects", "organisations", "project-results", "project-images")
ITEM_KINDS = ("projects", "organisations", "markets")


def digest_text(*parts: object) -> str:
    """Return a short digest of the repr of some values (records are plain, ordered mappings)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def shared_digest(dataset: Dataset, settings: str) -> str:
    """Digest everything an item page may read beyond its own records, and the render settings.

    Not the data folder's path: templates read records, never files (the files copied beside
    the pages, images and open data, are written at every generation).
    """
    return digest_text(
        settings,
        {name: rows for name, rows in dataset.tables.items() if name not in PER_RECORD_TABLES},
        dataset.documents,
        sorted(dataset.guidance.items()),
        dataset.eligibility,
        dataset.descriptor,
    )


class PageInputs:
    """The digest of each item page's inputs, from one dataset."""

    def __init__(self, dataset: Dataset, settings: str) -> None:
        self.shared = shared_digest(dataset, settings)
        organisations = dataset.index("organisations")
        results: dict[str, list] = defaultdict(list)
        images: dict[str, list] = defaultdict(list)
        for result in dataset.table("project-results"):
            results[result["project_id"]].append(result)
        for image in dataset.table("project-images"):
            images[image["project_id"]].append(image)
        self.bundles: dict[str, str] = {}
        self.by_organisation: dict[str, list[str]] = defaultdict(list)
        self.by_market: dict[str, list[str]] = defaultdict(list)
        for project in dataset.table("projects"):
            project_id = project["id"]
            people = [project["beneficiary_id"], *(project.get("partner_ids") or ())]
            self.bundles[project_id] = digest_text(
                project,
                results.get(project_id, []),
                images.get(project_id, []),
                [organisations.get(organisation_id) for organisation_id in people],
            )
            for organisation_id in dict.fromkeys(people):
                self.by_organisation[organisation_id].append(project_id)
            for code in project["markets"] or ():
                self.by_market[code].append(project_id)

    def page_key(self, spec: PageSpec) -> str | None:
        """Return the digest of an item page's inputs, or None for a page that is always rendered."""
        kind, _, item_id = spec.key.partition(":")
        if kind not in ITEM_KINDS or not item_id or item_id.startswith("page:"):
            return None
        if kind == "projects":
            related = [self.bundles.get(item_id)]
        else:
            index = self.by_organisation if kind == "organisations" else self.by_market
            related = [self.bundles[project_id] for project_id in index.get(item_id, [])]
        return digest_text(self.shared, spec, related)

    def page_keys(self, specs: Iterable[PageSpec]) -> dict[str, dict[str, str]]:
        """Return {lang: {uri: digest}} of every item page among specs."""
        keys: dict[str, dict[str, str]] = defaultdict(dict)
        for spec in specs:
            key = self.page_key(spec)
            if key is not None:
                keys[spec.lang][spec.uri] = key
        return dict(keys)


def reusable_pages(
    old_keys: Mapping[str, Mapping[str, str]], new_keys: Mapping[str, Mapping[str, str]]
) -> set[tuple[str, str]]:
    """Return the (lang, uri) of the item pages whose inputs did not change since the last build."""
    return {
        (lang, uri)
        for lang, keys in new_keys.items()
        for uri, key in keys.items()
        if old_keys.get(lang, {}).get(uri) == key
    }


@dataclass
class PageReuse:
    """What a generation may keep from the last one: item pages whose inputs are unchanged.

    `old_keys` comes from the last finished build's manifest (empty: render everything); the
    generation fills `keys` (this build's digests) and `kept` (the pages it did not render).
    """

    settings: str
    old_keys: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    keys: dict[str, dict[str, str]] = field(default_factory=dict)
    kept: set[tuple[str, str]] = field(default_factory=set)

    def plan(self, dataset: Dataset, specs: Iterable[PageSpec]) -> set[tuple[str, str]]:
        """Digest every item page of specs; return the (lang, uri) of those left as they are."""
        self.keys = PageInputs(dataset, self.settings).page_keys(specs)
        self.kept = reusable_pages(self.old_keys, self.keys)
        return self.kept
