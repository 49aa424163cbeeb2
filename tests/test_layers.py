"""The layer contract (``.importlinter``) holds, and it would catch a new back-import.

admin > buyers (meets) > orders > catalog > shared services > accounts > foundations; no domain
imports admin; no cycle between sibling modules. Imports inside functions count as much as those
at the top of a module. Run by hand: ``lint-imports .importlinter``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".importlinter"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([str(LINT_IMPORTS), str(cwd / ".importlinter"), "--no-cache", "--no-logo"],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _copy_of_the_code(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "marketplace", tmp_path / "marketplace",
                    ignore=shutil.ignore_patterns("static", "templates", "__pycache__", "*.mo", "data"))
    shutil.copy(CONFIG, tmp_path / ".importlinter")
    return tmp_path


def test_the_layer_contract_holds():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_back_import_inside_a_function_breaks_the_contract(tmp_path):
    """The check is not a test that cannot fail: a copy of the code with one lazy back-import
    (the catalogue reaching up into orders, and accounts into admin) is refused."""
    code = _copy_of_the_code(tmp_path)
    with open(code / "marketplace" / "catalog" / "listings.py", "a", encoding="utf-8") as f:
        f.write("\n\ndef _reaches_up():\n    from marketplace.orders import models  # noqa: F401\n")
    with open(code / "marketplace" / "accounts" / "services.py", "a", encoding="utf-8") as f:
        f.write("\n\ndef _reaches_admin():\n    import marketplace.admin.scope  # noqa: F401\n")
    result = _lint(code)
    assert result.returncode != 0
    assert "marketplace.catalog is not allowed to import marketplace.orders" in result.stdout
    assert "marketplace.catalog.listings -> marketplace.orders.models" in result.stdout
    assert "marketplace.accounts.services -> marketplace.admin.scope" in result.stdout
