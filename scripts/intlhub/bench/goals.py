"""The goals `make bench` reports: (goal, target, measured, met), from the results of a run."""

from __future__ import annotations

from typing import Any

PAGES_CURRENT_S, PAGES_STRETCH_S, SEARCH_CURRENT_S = 10, 3, 20


def incremental_rows(size: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """The goals of one record changed after a build (bench/incremental.py), at one size."""
    changed = size.get("incremental")
    if not changed:
        return []
    n = f"{size['projects']:,}"
    load = f" (load {changed['load_average']})"
    pages, search = changed["pages_seconds"], changed["search_seconds"]
    return [
        (
            f"{n} projects, one record changed: pages current ({changed['mode']} build)",
            f"≤ {PAGES_CURRENT_S} s (stretch ≤ {PAGES_STRETCH_S} s)",
            f"{pages} s{load}",
            changed["mode"] == "incremental" and pages <= PAGES_CURRENT_S,
        ),
        (
            f"{n} projects, one record changed: search current",
            f"≤ {SEARCH_CURRENT_S} s",
            f"{search} s{load}",
            changed["mode"] == "incremental" and search <= SEARCH_CURRENT_S,
        ),
    ]


def goal_rows(results: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """Return (goal, target, measured, met) for every goal of the performance issue."""
    by_size = {size["projects"]: size for size in results["sizes"]}
    rows = [
        (
            "Default site, both languages",
            "≤ 10 s",
            f"{results['default_site_seconds']} s",
            results["default_site_seconds"] <= 10,
        )
    ]
    large = by_size.get(max(by_size)) if by_size else None
    small = by_size.get(min(by_size)) if by_size else None
    if large:
        n = f"{large['projects']:,}"
        rows += [
            (
                f"{n} projects × 2 languages: validate + generate + build + search",
                "≤ 150 s",
                f"{large['total_seconds']} s",
                large["total_seconds"] <= 150,
            ),
            (
                f"{n} projects: peak memory (largest stage)",
                "≤ 4,000 MB",
                f"{large['peak_mb']} MB",
                large["peak_mb"] <= 4000,
            ),
            (
                f"{n} projects: ours / bare MkDocs (sequential, same pages)",
                "≤ 1.25",
                f"{large['ratio_to_bare']} ({large['total_seconds']} s / {large['bare_seconds']} s)",
                large["ratio_to_bare"] <= 1.25,
            ),
            (
                f"{n} projects: search query download (gzip)",
                "≤ 300 KB",
                f"{large['search_query_gzip_bytes'] / 1000:.0f} KB",
                large["search_query_gzip_bytes"] <= 300_000,
            ),
        ]
    if large and small and large is not small:
        ratio = large["total_seconds"] / small["total_seconds"]
        rows.append(
            (
                f"t({large['projects']:,}) / t({small['projects']:,})",
                "≤ 11",
                f"{ratio:.2f}",
                ratio <= 11,
            )
        )
    for size in results["sizes"]:
        n = f"{size['projects']:,}"
        rows += incremental_rows(size)
        rows += [
            (
                f"{n} projects: project page HTML",
                "≤ 15 KB",
                f"{size['project_page_bytes'] / 1000:.1f} KB",
                size["project_page_bytes"] <= 15_000,
            ),
            (
                f"{n} projects: first visit transfer (gzip)",
                "≤ 300 KB",
                f"{size['first_visit_gzip_bytes'] / 1000:.0f} KB",
                size["first_visit_gzip_bytes"] <= 300_000,
            ),
        ]
    ingest = results.get("ingest")
    if ingest:
        rows += [
            (
                f"Ingest of {ingest['rows']:,} rows / frictionless validate",
                "≤ 2×",
                f"{ingest['ratio']} ({ingest['ingest_seconds']} s / {ingest['frictionless_seconds']} s)",
                ingest["ratio"] <= 2,
            ),
            (
                f"Ingest of {ingest['rows']:,} rows: peak memory",
                "≤ 300 MB",
                f"{ingest['ingest_peak_mb']} MB",
                ingest["ingest_peak_mb"] <= 300,
            ),
        ]
    return rows
