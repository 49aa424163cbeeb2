"""Benchmark of the PIN directory (``marketplace.india.pin_place``).

Run: ``.venv/bin/python -m bench.pin_lookup``. Measures

* the cold load: reading ``marketplace/data/pin_directory.csv`` and the overrides into the
  per-process table (the first lookup of a process pays it);
* the memory the table holds (tracemalloc, allocations made while loading);
* the time of one lookup, over 200,000 lookups of random PINs (known ones, written as stored and
  with a space as a buyer types it, and unknown ones); target under 50 µs each.
"""
from __future__ import annotations

import gc
import os
import random
import sys
import time
import tracemalloc

from bench._report import write_section
from marketplace import india

LOOKUPS = 200_000
TARGET_US = 50


def _per_lookup_us(pins: list[str]) -> float:
    lookup = india.pin_place
    start = time.perf_counter()
    for pin in pins:
        lookup(pin)
    return (time.perf_counter() - start) / len(pins) * 1e6


def main() -> int:
    load = os.getloadavg()[0]
    tracemalloc.start()  # the first load of the process, for its memory
    india.pin_count()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    india._pin_table.cache_clear()  # again without tracemalloc (which slows it down), for its time
    gc.collect()
    start = time.perf_counter()
    count = india.pin_count()
    cold_ms = (time.perf_counter() - start) * 1000
    rng = random.Random(13)
    known = list(india._pin_table())
    stored = [rng.choice(known) for _ in range(LOOKUPS)]
    typed = [f"{p[:3]} {p[3:]}" for p in stored]
    unknown = [str(rng.randrange(100000, 1000000)) for _ in range(LOOKUPS)]
    rows = [("known PIN, six digits", _per_lookup_us(stored)),
            ("known PIN typed with a space (\"221 001\")", _per_lookup_us(typed)),
            ("random six digits (mostly unknown)", _per_lookup_us(unknown))]
    hits = sum(1 for p in unknown if india.pin_place(p) is not None)
    lines = [
        f"- PINs in the directory: {count:,} (file {india.PIN_DIRECTORY.stat().st_size / 1024:,.0f} KiB)",
        f"- cold load (first lookup of a process): {cold_ms:.0f} ms",
        f"- memory of the table (tracemalloc): {current / 1024 / 1024:.1f} MiB held, {peak / 1024 / 1024:.1f} MiB peak while loading",
        "",
        f"| lookups ({LOOKUPS:,} each) | µs per lookup |",
        "| --- | --- |",
        *[f"| {name} | {us:.2f} |" for name, us in rows],
        "",
        f"Of the random six-digit numbers {hits / LOOKUPS:.0%} are real PINs. Target: under {TARGET_US} µs per lookup.",
        f"Load average (1 min) when the run started: {load:.1f}.",
        "",
    ]
    write_section("pin_lookup", ".venv/bin/python -m bench.pin_lookup", lines)
    return 0 if all(us < TARGET_US for _, us in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
