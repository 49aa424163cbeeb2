"""The one romanisation rule for Hindi and the one slug rule (issue #11 item 2).

Everything that turns a name into a URL slug (districts, divisions and categories loaded from the
CSV, categories the ODOP cell adds, sellers, listings, meets, the synthetic search catalogue) and
everything that spells Hindi in Latin letters (search) uses this module, so the same Devanagari
name gives the same slug everywhere.

- ``romanize(word)``: casual Latin spelling of one Devanagari word, with the schwas Hindi does
  not pronounce dropped: "बनारसी" -> "banarsi", "कमल" -> "kamal", "चिकनकारी" -> "chikankari",
  "इत्र" -> "itra".
- ``slugify(text, max_len=80)``: "Gautam Buddh Nagar" -> "gautam-buddh-nagar",
  "लाल बनारसी साड़ी" -> "lal-banarsi-sari".
- ``unique_slug(text, taken, fallback)``: ``slugify`` with ``-2``, ``-3``... until ``taken`` says no.

Stored slugs are never recomputed by this module: a slug is made once, when its row is created.

Pure standard library plus indic-transliteration (loaded on first use); this is a shared module
(see ``.importlinter``), so it imports nothing from the application.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

__all__ = ["is_devanagari", "delete_schwas", "fold_ascii", "romanize", "slugify", "unique_slug"]

#: Longest slug made when the caller does not say (the shortest slug column that gets free text).
MAX_SLUG_LEN = 80

_DEVANAGARI_RE = re.compile(r"[\u0900-\u097F]")
# A Devanagari word: the block minus the dandas (U+0964/U+0965), which are punctuation.
_DEVANAGARI_WORD_RE = re.compile(r"[\u0900-\u0963\u0966-\u097F]+")
_JOINERS_RE = re.compile("[\u200c\u200d]")
_NOT_SLUG_RE = re.compile(r"[^a-z0-9]+")


def is_devanagari(word: str) -> bool:
    """True when ``word`` contains a Devanagari character."""
    return bool(_DEVANAGARI_RE.search(word))


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
        else:
            out.append(p[1])
    return "".join(out)


_ISO_FIXES = [("r̥", "ri"), ("ś", "sh"), ("ṣ", "sh"), ("ṁ", "n"), ("m̐", "n"), ("ḥ", "h")]


def fold_ascii(text: str) -> str:
    """Lowercase ASCII letters/digits of ``text`` with accents stripped ("Banārasī" -> "banarasi")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


@lru_cache(maxsize=65536)
def romanize(word: str) -> str:
    """Casual Latin spelling of a Devanagari word, lowercase ASCII ("गुड़" -> "gur").

    Latin words come back lowercased and accent-stripped. Uses indic-transliteration (ISO 15919)
    after schwa deletion, then maps to the spelling Hindi speakers type: c -> ch, ch -> chh,
    ś/ṣ -> sh, nasal marks -> n, accents dropped.
    """
    word = unicodedata.normalize("NFC", word)
    if not is_devanagari(word):
        return fold_ascii(word)
    # Imported on first use: loading its scheme tables takes about half a second, paid by every
    # web worker at start (and again each time gunicorn recycles one) even if it never meets Hindi.
    from indic_transliteration import sanscript

    iso = sanscript.transliterate(delete_schwas(word), sanscript.DEVANAGARI, sanscript.ISO)
    iso = unicodedata.normalize("NFC", iso)
    iso = iso.replace("ch", "\x01").replace("c", "ch").replace("\x01", "chh")
    for a, b in _ISO_FIXES:
        iso = iso.replace(a, b)
    return fold_ascii(iso)


# --------------------------------------------------------------------------- slugs


def slugify(text: str | None, max_len: int = MAX_SLUG_LEN) -> str:
    """A stable ASCII slug for an English and/or Hindi name: lower-case words joined by hyphens.

    Each Devanagari word is romanised with :func:`romanize` ("बनारसी साड़ी" -> "banarsi-sari");
    other letters are lower-cased with accents stripped ("Café" -> "cafe"); "&" becomes "and";
    every run of anything else becomes one hyphen. A slug longer than ``max_len`` is cut at the
    last whole word that fits (or at ``max_len`` for one long word). The same input always gives
    the same slug; "" when nothing is left (callers fall back to a word of their own).
    """
    text = _JOINERS_RE.sub("", unicodedata.normalize("NFC", text or ""))
    if is_devanagari(text):
        text = _DEVANAGARI_WORD_RE.sub(lambda m: romanize(m.group(0)), text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("&", " and ")
    slug = _NOT_SLUG_RE.sub("-", text).strip("-")
    if len(slug) > max_len:
        cut = slug[:max_len]
        if slug[max_len] != "-":  # the cut falls inside a word: drop that word, unless it is the only one
            cut = cut.rsplit("-", 1)[0]
        slug = cut.rstrip("-")
    return slug


def unique_slug(
    text: str | None,
    taken: Callable[[str], bool],
    fallback: str = "item",
    max_len: int = MAX_SLUG_LEN,
) -> str:
    """``slugify(text)`` (or ``fallback`` when that is empty), with ``-2``, ``-3``... appended
    until ``taken(slug)`` is False. The result is never longer than ``max_len``: the base loses
    its last words to make room for the suffix."""
    base = slugify(text, max_len) or slugify(fallback, max_len) or "item"
    slug, n = base, 1
    while taken(slug):
        n += 1
        suffix = f"-{n}"
        slug = slugify(base, max_len - len(suffix)) + suffix
    return slug
