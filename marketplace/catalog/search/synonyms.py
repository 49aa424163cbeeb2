"""Search synonyms, read from ``data/synonyms.csv`` (one group of equivalent words per line, in
either script). Lookup is by phonetic key, so "saaree" finds the group of "saree" and "sari"
without either being listed.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .text import normalize, phonetic_key, tokenize

DATA_FILE = Path(__file__).resolve().parent / "data" / "synonyms.csv"


@dataclass
class Synonyms:
    """Groups of equivalent terms; ``expand(word)`` gives the other members (lists of words)."""

    groups: list[list[tuple[str, ...]]] = field(default_factory=list)
    by_key: dict[str, set[int]] = field(default_factory=dict)

    @classmethod
    def from_lines(cls, lines) -> "Synonyms":
        """Parse CSV lines; ``#`` starts a comment line, blank cells are skipped."""
        syn = cls()
        for row in csv.reader(line for line in lines if not line.lstrip().startswith("#")):
            members = []
            for cell in row:
                words = tuple(tokenize(normalize(cell)))
                if words and words not in members:
                    members.append(words)
            if len(members) < 2:
                continue
            gid = len(syn.groups)
            syn.groups.append(members)
            for words in members:
                if len(words) == 1:
                    key = phonetic_key(words[0])
                    if key:
                        syn.by_key.setdefault(key, set()).add(gid)
        return syn

    def expand(self, word: str) -> list[tuple[str, ...]]:
        """Other members of every group ``word`` belongs to (by phonetic key), in file order.

        Single-word members trigger a group; multi-word members ("kala namak") only appear as
        expansions (the caller requires all their words).
        """
        key = phonetic_key(word)
        if not key:
            return []
        out: list[tuple[str, ...]] = []
        seen = {key}
        for gid in sorted(self.by_key.get(key, ())):
            for words in self.groups[gid]:
                mk = " ".join(phonetic_key(w) for w in words)
                if mk in seen:
                    continue
                seen.add(mk)
                out.append(words)
        return out


@lru_cache(maxsize=1)
def load_synonyms(path: str | None = None) -> Synonyms:
    """The synonyms from ``path`` (default: the packaged data file), parsed once per process."""
    p = Path(path) if path else DATA_FILE
    with p.open(encoding="utf-8") as fh:
        return Synonyms.from_lines(fh.read().splitlines())
