"""Text handling for search: normalisation, a Devanagari-safe tokenizer, romanisation of
Hindi (with schwa deletion) and a phonetic key under which spelling variants meet.

Everything here is pure Python with no Flask or Whoosh state, so it is cheap to test.

- ``normalize(text)``: NFC, control characters removed, whitespace collapsed, length capped.
- ``tokenize(text)``: words in either script, lowercased; Devanagari words stay whole (Whoosh's
  default ``\\w`` tokenizer splits them at every vowel sign).
- ``romanize(word)``: "बनारसी" -> "banarsi", "चिकनकारी" -> "chikankari", "इत्र" -> "itra".
- ``phonetic_key(word)``: "saree", "sari", "saaree", "साड़ी" -> "sri"; "banarasi", "banarsi",
  "बनारसी" -> "bnrsi"; "itra", "ittar", "इत्र" -> "itr".
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


#: Longest user text we look at (characters); the rest is ignored, never an error.
MAX_QUERY_CHARS = 200
#: Most words of a query we turn into clauses.
MAX_QUERY_WORDS = 12

# Words: Latin letters/digits (\w) and the Devanagari block minus the dandas (U+0964/U+0965).
TOKEN_PATTERN = r"[\w\u0900-\u0963\u0966-\u097F]+"
TOKEN_RE = re.compile(TOKEN_PATTERN)
_DEVANAGARI_RE = re.compile(r"[\u0900-\u097F]")
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


def is_devanagari(word: str) -> bool:
    """True when ``word`` contains a Devanagari character."""
    return bool(_DEVANAGARI_RE.search(word))


def tokenize(text: str) -> list[str]:
    """Lowercased words of ``text`` (already normalised or not), Devanagari kept whole.

    Underscores are treated as separators so ``title_en:foo`` becomes three plain words.
    """
    text = normalize(text).replace("_", " ")
    return [t.lower() for t in TOKEN_RE.findall(text)]


# --------------------------------------------------------------------------- romanisation

_CONSONANTS = set(chr(c) for c in range(0x0915, 0x093A)) | set(chr(c) for c in range(0x0958, 0x0960))
_MATRAS = set(chr(c) for c in range(0x093E, 0x094D)) | {"\u0962", "\u0963", "\u0955", "\u0956", "\u0957"}
_INDEPENDENT_VOWELS = set(chr(c) for c in range(0x0904, 0x0915)) | {"\u0960", "\u0961", "\u0972"}
_NASAL_OR_VISARGA = {"\u0900", "\u0901", "\u0902", "\u0903"}
_NUKTA = "\u093C"
_VIRAMA = "\u094D"


def _phones(word: str) -> list[list]:
    """Split a Devanagari word into phones: ["C", text] and ["V", text, deletable]."""
    phones: list[list] = []
    i, n = 0, len(word)
    while i < n:
        ch = word[i]
        if ch in _CONSONANTS:
            cons = ch
            i += 1
            if i < n and word[i] == _NUKTA:
                cons += _NUKTA
                i += 1
            phones.append(["C", cons])
            if i < n and word[i] == _VIRAMA:
                i += 1
            elif i < n and word[i] in _MATRAS:
                phones.append(["V", word[i], False])
                i += 1
            else:
                phones.append(["V", "", True])  # inherent schwa
        elif ch in _INDEPENDENT_VOWELS:
            phones.append(["V", ch, False])
            i += 1
        elif ch in _NASAL_OR_VISARGA and phones and phones[-1][0] == "V":
            phones[-1][1] += ch
            phones[-1][2] = False  # a nasalised schwa is pronounced
            i += 1
        else:
            phones.append(["X", ch])
            i += 1
    return phones


def delete_schwas(word: str) -> str:
    """Return ``word`` (Devanagari) with the schwas Hindi does not pronounce marked by virama.

    Rules (after Narasimhan et al., 2004): the word-final schwa goes unless it follows a
    consonant cluster (इत्र stays "itra") or it is the only vowel; scanning right to left, a
    schwa in the context V C _ C V goes (चिकनकारी -> चिकन्कारी, "chikankari").
    """
    phones = _phones(word)
    if any(p[0] == "X" for p in phones):
        return word
    vowels = sum(1 for p in phones if p[0] == "V")
    last = len(phones) - 1
    if (
        vowels > 1
        and last >= 2
        and phones[last][0] == "V"
        and phones[last][2]
        and phones[last - 1][0] == "C"
        and phones[last - 2][0] == "V"
    ):
        phones.pop()
    for i in range(len(phones) - 3, 1, -1):
        p = phones[i]
        if (
            p[0] == "V"
            and p[2]
            and phones[i - 1][0] == "C"
            and phones[i - 2][0] == "V"
            and phones[i + 1][0] == "C"
            and i + 2 < len(phones)
            and phones[i + 2][0] == "V"
        ):
            phones.pop(i)
    out: list[str] = []
    for i, p in enumerate(phones):
        if p[0] == "C":
            out.append(p[1])
            nxt = phones[i + 1] if i + 1 < len(phones) else None
            if nxt is None or nxt[0] != "V":
                out.append(_VIRAMA)
        elif p[0] == "V":
            out.append(p[1])
        else:
            out.append(p[1])
    return "".join(out)


_ISO_FIXES = [("r̥", "ri"), ("ś", "sh"), ("ṣ", "sh"), ("ṁ", "n"), ("m̐", "n"), ("ḥ", "h")]


@lru_cache(maxsize=65536)
def romanize(word: str) -> str:
    """Casual Latin spelling of a Devanagari word, lowercase ASCII ("गुड़" -> "gur").

    Latin words come back lowercased and accent-stripped. Uses indic-transliteration (ISO 15919)
    after schwa deletion, then maps to the spelling Hindi speakers type: c -> ch, ch -> chh,
    ś/ṣ -> sh, nasal marks -> n, accents dropped.
    """
    word = unicodedata.normalize("NFC", word)
    if not is_devanagari(word):
        return _fold(word)
    # Imported on first use: loading its scheme tables takes about half a second, paid by every
    # web worker at start (and again each time gunicorn recycles one) even if it never searches Hindi.
    from indic_transliteration import sanscript

    iso = sanscript.transliterate(delete_schwas(word), sanscript.DEVANAGARI, sanscript.ISO)
    iso = unicodedata.normalize("NFC", iso)
    iso = iso.replace("ch", "\x01").replace("c", "ch").replace("\x01", "chh")
    for a, b in _ISO_FIXES:
        iso = iso.replace(a, b)
    return _fold(iso)


def _fold(text: str) -> str:
    """Lowercase ASCII letters/digits of ``text`` with accents stripped."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


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
