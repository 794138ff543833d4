"""axe-core finds no violation on the main kinds of page, in both languages."""

import pytest


def describe_violations(violations: list[dict]) -> str:
    """One block per violation: id, impact, help and the selectors of the failing nodes."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    target: {node['target']}  html: {node['html'][:120]}")
    return "\n".join(lines)


def test_no_axe_violations(page, base_url, axe_path, axe_page):
    """Run axe-core on the page and expect no violation."""
    page.goto(base_url + axe_page.uri, wait_until="load")
    page.add_script_tag(path=str(axe_path))
    violations = page.evaluate("async () => (await axe.run()).violations")
    if violations:
        pytest.fail(
            f"axe-core violations on /{axe_page.uri}:\n" + describe_violations(violations),
            pytrace=False,
        )
