"""Geographical Indication (GI) tags of Uttar Pradesh's crafts, in English and Hindi.

A seller types their GI tags as text (``Seller.gi_tags``, comma-separated). When a tag is one of
the registered GIs in ``data/gi_tags.csv`` (by its name or a common alias, ignoring case,
spaces and hyphens) pages show its name in the reader's language; any other tag is shown as
the seller wrote it. The list holds Uttar Pradesh crafts registered as GIs, under the names
commonly published for them; check a new entry against the GI Registry's journal before adding it.
"""
from __future__ import annotations

import csv
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "gi_tags.csv"
def _key(text: str) -> str:
    """Letters, digits and combining marks (Devanagari vowel signs and nukta are marks), folded
    to one case: spaces, hyphens and punctuation do not tell two names apart."""
    return "".join(ch for ch in unicodedata.normalize("NFC", (text or "").casefold())
                   if unicodedata.category(ch)[0] in "LNM")


@lru_cache(maxsize=1)
def registry() -> dict[str, tuple[str, str]]:
    """{normalised name or alias: (English name, Hindi name)} from the data file."""
    out: dict[str, tuple[str, str]] = {}
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names = (row["name_en"].strip(), row["name_hi"].strip())
            for text in [names[0], names[1], *filter(None, (row.get("aliases") or "").split("|"))]:
                out[_key(text)] = names
    return out


def names(tag: str) -> tuple[str, str]:
    """``(English, Hindi)`` names of a GI tag; a tag not in the registry is its own name in both."""
    tag = (tag or "").strip()
    return registry().get(_key(tag), (tag, tag))


def gi_name(tag: str, lang: str) -> str:
    """The GI tag's name in ``lang`` ("hi" or "en")."""
    en, hi = names(tag)
    return hi if lang == "hi" else en
