"""Text handling for search: normalisation, a Devanagari-safe tokenizer, romanisation of
Hindi (with schwa deletion) and a phonetic key under which spelling variants meet.

Everything here is pure Python with no Flask or Whoosh state, so it is cheap to test.

- ``normalize(text)``: NFC, control characters removed, whitespace collapsed, length capped.
- ``tokenize(text)``: words in either script, lowercased; Devanagari words stay whole (Whoosh's
  default ``\\w`` tokenizer splits them at every vowel sign).
- ``romanize(word)`` (from ``marketplace.slugs``): "बनारसी" -> "banarsi", "चिकनकारी" -> "chikankari",
  "इत्र" -> "itra".
- ``phonetic_key(word)``: "saree", "sari", "saaree", "साड़ी" -> "sri"; "banarasi", "banarsi",
  "बनारसी" -> "bnrsi"; "itra", "ittar", "इत्र" -> "itr".
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from marketplace.slugs import fold_ascii as _fold, is_devanagari, romanize


#: Longest user text we look at (characters); the rest is ignored, never an error.
MAX_QUERY_CHARS = 200
#: Most words of a query we turn into clauses.
MAX_QUERY_WORDS = 12

# Words: Latin letters/digits (\w) and the Devanagari block minus the dandas (U+0964/U+0965).
TOKEN_PATTERN = r"[\w\u0900-\u0963\u0966-\u097F]+"
TOKEN_RE = re.compile(TOKEN_PATTERN)
_CONTROL_RE = re.compile(r"[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B\u2060\uFEFF]")
_SPACE_RE = re.compile(r"\s+")

STOPWORDS = frozenset(
    """a an and are as at be by for from in into is it of on or the to with
    ka ki ke ko se me mein aur hai
    का की के को से में और है एवं तथा""".split()
)


def normalize(text: str | None, limit: int | None = None) -> str:
    """Return ``text`` in NFC with control characters dropped and whitespace collapsed.

    ``limit`` cuts the result to that many characters (user queries use ``MAX_QUERY_CHARS``).
    Lone surrogates (possible in data decoded with ``surrogateescape``) are dropped too.
    """
    if not text:
        return ""
    text = text.encode("utf-8", "ignore").decode("utf-8")
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL_RE.sub(" ", text)
    text = _SPACE_RE.sub(" ", text).strip()
    if limit is not None:
        text = text[:limit]
    return text


def tokenize(text: str) -> list[str]:
    """Lowercased words of ``text`` (already normalised or not), Devanagari kept whole.

    Underscores are treated as separators so ``title_en:foo`` becomes three plain words.
    """
    text = normalize(text).replace("_", " ")
    return [t.lower() for t in TOKEN_RE.findall(text)]


# --------------------------------------------------------------------------- romanisation
# The rule (schwa deletion, the casual Latin spelling) lives in marketplace/slugs.py, shared with
# the URL slugs; ``romanize`` and ``is_devanagari`` are imported from there.


def romanize_text(text: str) -> str:
    """Romanise every Devanagari word of ``text``; Latin words are dropped (already Latin)."""
    return " ".join(romanize(w) for w in tokenize(text) if is_devanagari(w))


# --------------------------------------------------------------------------- phonetic key

_DIGRAPHS = [
    ("chh", "\x01"),
    ("ch", "\x01"),
    ("ck", "k"),
    ("c", "k"),
    ("\x01", "c"),
    ("sh", "s"),
    ("ph", "f"),
    ("q", "k"),
    ("x", "ks"),
    ("z", "j"),
    ("w", "v"),
    ("ee", "i"),
    ("ii", "i"),
    ("ie", "i"),
    ("oo", "u"),
    ("ou", "u"),
    ("au", "u"),
    ("o", "u"),
    ("ai", "e"),
    ("ei", "e"),
    ("ey", "e"),
]
_ASPIRATE_RE = re.compile(r"([bcdfgjklmnprstv])h")
_NASAL_LABIAL_RE = re.compile(r"m(?=[bp])")
_Y_RE = re.compile(r"(?<=.)y")
_HINDI_PLURAL_RE = re.compile(r"(?<=..)iy[aou]+n$")
_RUNS_RE = re.compile(r"([a-z])\1+")
_SCHWA_RE = re.compile(r"(?<=.)a")


@lru_cache(maxsize=131072)
def phonetic_key(word: str) -> str:
    """A key under which casual spellings of the same Hindi/English word meet.

    Devanagari is romanised first. Then: a plural -s goes, digraphs fold (ch/chh -> c, sh -> s,
    ph -> f, ck/c/q -> k, z -> j, w -> v, ee/ie -> i, oo/ou/au/o -> u, ai/ei -> e), aspiration
    goes (kh -> k, bh -> b), m before b/p -> n, y inside a word -> i, doubled letters collapse and
    every "a" after the first letter goes (the schwa is what casual spellings disagree on most).
    Digits are kept; an empty string means "no key".
    """
    w = romanize(word) if is_devanagari(word) else _fold(word)
    if not w:
        return ""
    if w.isdigit():
        return w
    if len(w) >= 5 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    w = _HINDI_PLURAL_RE.sub("i", w)  # saariyan, sadiyon -> sari
    for a, b in _DIGRAPHS:
        w = w.replace(a, b)
    w = _ASPIRATE_RE.sub(r"\1", w)
    w = _NASAL_LABIAL_RE.sub("n", w)
    w = _Y_RE.sub("i", w)
    w = _RUNS_RE.sub(r"\1", w)
    w = _SCHWA_RE.sub("", w)
    w = _RUNS_RE.sub(r"\1", w)
    return w


_FLAP_RE = re.compile("[\u095C\u095D]|[\u0921\u0922]\u093C")


def word_keys(word: str) -> list[str]:
    """Phonetic keys of one word: usually one; two for Devanagari words with ड़/ढ़, which
    buyers type with "r" (sari, gur) as often as with "d" (chudi, gud)."""
    key = phonetic_key(word)
    if not key:
        return []
    if is_devanagari(word) and _FLAP_RE.search(unicodedata.normalize("NFC", word)):
        alt = phonetic_key(_fold_flap(word))
        if alt and alt != key:
            return [key, alt]
    return [key]


@lru_cache(maxsize=8192)
def _fold_flap(word: str) -> str:
    """``word`` with ड़/ढ़ written as ड/ढ (so it romanises with "d")."""
    word = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", word.replace("\u0921\u093C", "\u0921").replace("\u0922\u093C", "\u0922"))


def phonetic_keys(text: str) -> list[str]:
    """Phonetic keys of every word of ``text`` (both scripts), empty keys dropped."""
    out = []
    for w in tokenize(text):
        out.extend(word_keys(w))
    return out
