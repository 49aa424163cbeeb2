"""Checks over the template sources that no page test would catch one by one."""
from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = sorted(Path(__file__).resolve().parent.parent.joinpath("marketplace").rglob("*.html"))


def test_every_button_has_a_class_so_none_renders_as_a_bare_browser_button():
    """"Reject with this reason" and the filters' "Show" were grey browser buttons (issue #17.10):
    a button takes `class="button"` (or its own styled class)."""
    bare = [f"{path.relative_to(path.parents[2])}: {tag}" for path in TEMPLATES
            for tag in re.findall(r"<button\b[^>]*>", path.read_text()) if "class=" not in tag]
    assert TEMPLATES and not bare, "\n".join(bare)
