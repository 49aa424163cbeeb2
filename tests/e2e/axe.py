"""Run axe-core (vendored, tests/e2e/vendor/axe.min.js) in a page and fail on WCAG 2.0/2.1 A/AA
violations, printing the rule, each element (target and HTML) and the page URL.

The site's CSP blocks the injected script, so contexts that call this are made with
``bypass_csp=True`` (test contexts only)."""
from __future__ import annotations

from pathlib import Path

import pytest

AXE_JS = (Path(__file__).resolve().parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS)
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        TAGS,
    )


def report(found: list[dict], url: str, name: str) -> str:
    lines = [f"{len(found)} WCAG 2.1 A/AA rule(s) violated on {name} ({url}):"]
    for v in found:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:10]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:200]}")
    return "\n".join(lines)


def assert_accessible(page, name: str = "") -> None:
    found = violations(page)
    if found:
        pytest.fail(report(found, page.url, name or page.url), pytrace=False)
