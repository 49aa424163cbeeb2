"""Write a benchmark's figures into docs/benchmarks.md, one section per benchmark.

Each benchmark calls ``write_section(name, command, lines)``; the section between
``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->`` is replaced, the rest of the file
is kept, so benchmarks can run in any order.
"""
from __future__ import annotations

import datetime as dt
import os
import platform
import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\n"
    "Each section is written by the benchmark named in it; re-run the command to refresh it.\n"
    "Targets come from the product brief (PRODUCT.md, performance targets).\n"
)


def machine() -> str:
    """One line describing this machine: CPU model, cores, memory, Python."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) // 1024 // 1024} GiB"
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}"


def write_section(name: str, command: str, lines: list[str]) -> None:
    """Replace (or append) the section ``name`` in docs/benchmarks.md and print it."""
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body = "\n".join(
        [
            f"<!-- bench:{name} -->",
            f"## {name}",
            "",
            f"- command: `{command}`",
            f"- machine: {machine()}",
            f"- date: {now}",
            "",
            *lines,
            f"<!-- /bench:{name} -->",
        ]
    )
    print(body)
    DOC.parent.mkdir(parents=True, exist_ok=True)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else HEADER
    pattern = re.compile(
        rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.S
    )
    if pattern.search(text):
        text = pattern.sub(lambda _m: body, text)
    else:
        text = text.rstrip("\n") + "\n\n" + body + "\n"
    DOC.write_text(text, encoding="utf-8")
