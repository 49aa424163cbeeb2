"""Words of a search that are not about the product: a price ("saree under 5000", "५००० से कम
की साड़ी", "between 1k and 2k") and a district ("moradabad brass", "बनारस की साड़ी").

``understand(text, districts)`` finds them and returns an ``Understood``: the words left for the
text search, the price bounds in paise and the slug of a named district (to rank first, never to
filter). Pure: no Flask, no index; ``DistrictTable`` is built from the index's district labels
plus ``data/district_aliases.csv`` (Banaras/Kashi -> Varanasi, Allahabad -> Prayagraj, ...).

Prices are only read next to a price word ("under", "above", "between", "तक", "से कम", ...) or
as a range of two amounts ("1000-2000", "₹500 to ₹800"); a number followed by a unit ("under 5
kg", "below 40 cm"), a size ("size 42", "38-40") or part of a code ("BR-1000-2000") is left as
text. Amounts: "5000", "5,000", "1,50,000", "499.50", "5k", "2.5 हज़ार", "1 lakh", with or
without "₹", "rs", "rs.", "inr", "rupees", "रुपये", "/-"; Devanagari digits (५०००) too.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from .text import MAX_QUERY_CHARS, STOPWORDS, TOKEN_RE, normalize, phonetic_key

ALIASES_FILE = Path(__file__).resolve().parent / "data" / "district_aliases.csv"
MAX_PAISE = 2**31 - 1  # the index's price column (schema.MAX_PRICE)

_DEV_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_W = r"[\w\u0900-\u0963\u0966-\u097F]"  # a word character, Devanagari vowel signs included
_B = rf"(?<!{_W})"  # start of a word
_E = rf"(?!{_W})"  # end of a word
_N = "\u093c?"  # an optional nukta (ज़्यादा / ज्यादा)

_CUR = r"(?:₹|rs\.?|inr|rupees?|rupaye|rupay|रु\.?|रुपये|रुपए|रूपये|रूपए|रुपया|रूपया)"
_MULT = rf"(?:k|thousand|hazaa?r|हज{_N}ार|lakhs?|lacs?|लाख)"
_UNITS = (
    r"(?:kg|kgs|kilo|kilos|g|gm|gms|gram|grams|mg|cm|mm|m|mtr|mtrs|meter|meters|metre|metres|"
    r"inch|inches|ft|feet|foot|ml|ltr|litre|litres|liter|liters|yr|yrs|years?|months?|days?|"
    r"pcs|pieces?|pc|sets?|pairs?|gb|mb|tb|w|watt|watts|v|volt|%|x|किलो|ग्राम|सेमी|मीटर|इंच|"
    r"फीट|लीटर|साल|वर्ष|महीने|पीस|जोड़ी)"
)
_SIZE_WORDS = frozenset("size sizes no number sku code model item ref id साइज़ साइज नंबर".split())


def _amount(name: str, before: str = r"[\w.,\-/#]", after: str | None = r"[-/]\w") -> str:
    """An amount of rupees as a regex with groups ``<name>c1`` (currency before), ``<name>n``
    (digits), ``<name>f`` (paise), ``<name>m`` (thousand/lakh), ``<name>c2`` (currency after).
    Without a currency sign it must not follow ``before`` nor be followed by ``after`` (the
    middle of a code such as "BR-1000-2000")."""
    return (
        rf"(?:(?<![a-z])(?P<{name}c1>{_CUR})\s*)?"
        rf"(?({name}c1)|(?<!{before}))"
        rf"(?P<{name}n>(?>\d{{1,3}}(?:,\d{{2,3}})+|\d+))(?:\.(?P<{name}f>\d{{1,2}}))?(?!\d|[.,]\d)"
        + (rf"(?!{after})" if after else "")
        + rf"(?:\s*(?P<{name}m>{_MULT}){_E})?"
        rf"(?:\s*(?P<{name}c2>{_CUR}|/-)(?![\w]))?"
        rf"(?!\s*{_UNITS}{_E})(?![a-z])"  # never half a word ("5000से" is fine)
    )


_A = _amount("a")
_A1 = _amount("a1", after=None)
_A2 = _amount("a2", before=r"[\w.,]")
_TO = r"(?:-|–|—|to|से|se|till|until)"

_MAX_BEFORE = (
    r"under|below|beneath|less\s+than|lesser\s+than|cheaper\s+than|up\s*to|upto|till|within|"
    r"not\s+more\s+than|no\s+more\s+than|not\s+over|not\s+above|max(?:imum)?|at\s*most|"
    r"budget(?:\s+of)?|<=?|≤"
)
_MAX_AFTER = (
    rf"से\s*कम|से\s*नीचे|के\s*(?:अंदर|अन्दर|भीतर|नीचे)|तक|se\s+kam|se\s+neeche|se\s+niche|"
    rf"ke\s+(?:andar|ander|bhitar|neeche|niche)|tak|or\s+less|or\s+below|or\s+under|and\s+below|"
    rf"and\s+under|max|or\s+cheaper"
)
_MIN_BEFORE = (
    r"above|over|more\s+than|greater\s+than|higher\s+than|at\s*least|min(?:imum)?|from|"
    r"starting(?:\s+(?:at|from))?|>=?|≥"
)
_MIN_AFTER = (
    rf"से\s*(?:ज{_N}्यादा|ज{_N}ियादा|अधिक|ऊपर|उपर)|के\s*(?:ऊपर|उपर)|"
    rf"se\s+(?:zyada|jyada|zyaada|jyaada|ziyada|jiyada|adhik|upar|uper|oopar)|ke\s+(?:upar|uper|oopar)|"
    rf"\+|plus|and\s+above|or\s+above|and\s+more|or\s+more|and\s+over|onwards|upwards"
)

# (kind, pattern), tried in this order; a match is blanked out before the next pattern runs, so
# "not more than 500" is read once (as a maximum), never again as "more than 500".
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("range", re.compile(
        rf"{_B}(?:between|b/w|btw|from)\s+{_A1}\s*(?:and|&|to|-|–|—|और|aur|से|se)\s*{_A2}"
        rf"(?:\s*(?:के\s*बीच(?:\s*में)?|ke\s+(?:beech|bich)(?:\s+(?:me|mein))?|तक|tak){_E})?",
        re.IGNORECASE)),
    ("range", re.compile(
        rf"{_A1}\s*(?:और|aur|and|&|से|se)\s*{_A2}\s*(?:के\s*बीच(?:\s*में)?|ke\s+(?:beech|bich)(?:\s+(?:me|mein))?){_E}",
        re.IGNORECASE)),
    ("range", re.compile(rf"{_A1}\s*{_TO}\s*{_A2}(?:\s*(?:तक|tak){_E})?", re.IGNORECASE)),
    ("max", re.compile(rf"{_B}(?:{_MAX_BEFORE})\s*{_A}", re.IGNORECASE)),
    ("max", re.compile(rf"{_A}\s*(?:{_MAX_AFTER}){_E}", re.IGNORECASE)),
    ("min", re.compile(rf"{_B}(?:{_MIN_BEFORE})\s*{_A}", re.IGNORECASE)),
    ("min", re.compile(rf"{_A}\s*(?:{_MIN_AFTER})(?:{_E}|(?<=\+))", re.IGNORECASE)),
]

# Words that only tie a price or a place to the rest ("price under 500", "500 tak ki saree",
# "saree from Varanasi", "बनारस की साड़ी"): dropped together with it.
_BEFORE_PRICE = frozenset("price priced prices cost costing costs rate rates for at in of only just "
                          "कीमत दाम मूल्य रेट में".split())
_AFTER_PRICE = frozenset("ki ka ke wala wali wale only की का के वाला वाली वाले में".split())
_BEFORE_PLACE = frozenset("from in of at से में".split())
_AFTER_PLACE = frozenset("ka ki ke se wala wali wale की का के से वाला वाली वाले".split())


@dataclass(frozen=True)
class Understood:
    """What ``understand`` read in a query.

    ``typed`` the normalised query; ``text`` what is left for the word search; ``min_paise``/
    ``max_paise`` the price bounds read (None: no bound); ``district`` the slug of the district
    named (to rank first), ``None`` if none; ``without_price``/``without_district`` the query
    with only that part taken out (what removing its chip searches for).
    """

    typed: str
    text: str
    min_paise: int | None = None
    max_paise: int | None = None
    district: str | None = None
    without_price: str = ""
    without_district: str = ""

    @property
    def has_price(self) -> bool:
        return self.min_paise is not None or self.max_paise is not None


@dataclass
class DistrictTable:
    """District names and aliases by slug, matched word by word: exactly (case-folded), or by
    phonetic key for words of 5 letters or more whose key has at least 4 ("muradabad",
    "lakhnau" -> Moradabad, Lucknow)."""

    names: dict[tuple[str, ...], str] = field(default_factory=dict)  # words or keys -> slug
    longest: int = 1

    @classmethod
    def build(cls, districts: dict[str, list[str]], aliases: dict[str, list[str]] | None = None) -> "DistrictTable":
        """``districts`` {slug: [names...]} (the index's labels: [English, Hindi]);
        ``aliases`` {slug: [other names...]} (default: the packaged data file)."""
        if aliases is None:
            aliases = load_aliases()
        table = cls()
        for slug, names in districts.items():
            for name in [*names, *aliases.get(slug, [])]:
                words = tuple(w.lower() for w in TOKEN_RE.findall(normalize(name)))
                if not words:
                    continue
                table.names.setdefault(("=",) + words, slug)
                keys = tuple(phonetic_key(w) for w in words)
                if all(keys) and sum(len(k) for k in keys) >= 4:
                    table.names.setdefault(("~",) + keys, slug)
                table.longest = max(table.longest, len(words))
        return table

    def match(self, words: list[str]) -> str | None:
        """The slug ``words`` name exactly, else by phonetic key, else None."""
        exact = self.names.get(("=",) + tuple(w.lower() for w in words))
        if exact:
            return exact
        if any(len(w) < 5 for w in words):  # "कैरी" (mango) is not Kheri, "गोंद" (gum) not Gonda
            return None
        keys = tuple(phonetic_key(w) for w in words)
        return self.names.get(("~",) + keys) if all(keys) else None


@lru_cache(maxsize=1)
def load_aliases(path: str | None = None) -> dict[str, list[str]]:
    """{district slug: [aliases]} from ``data/district_aliases.csv`` (slug, then aliases)."""
    out: dict[str, list[str]] = {}
    with Path(path or ALIASES_FILE).open(encoding="utf-8") as fh:
        for row in csv.reader(line for line in fh if line.strip() and not line.lstrip().startswith("#")):
            if len(row) > 1:
                out.setdefault(row[0].strip(), []).extend(c.strip() for c in row[1:] if c.strip())
    return out


def _paise(m: re.Match, name: str) -> int | None:
    try:
        amount = Decimal(m.group(f"{name}n").replace(",", "") + "." + (m.group(f"{name}f") or "0"))
    except InvalidOperation:
        return None
    mult = (m.group(f"{name}m") or "").lower()
    if mult:
        amount *= 100000 if mult.startswith(("l", "ला")) else 1000
    paise = int(amount * 100)
    return paise if 0 <= paise <= MAX_PAISE else None


def _marked(m: re.Match, *names: str) -> bool:
    """True when an amount carries a currency sign or a thousand/lakh word."""
    return any(m.group(f"{n}{g}") for n in names for g in ("c1", "c2", "m"))


_WORD_CHAR = re.compile(_W)


def _splits_a_word(text: str, a: int, b: int) -> bool:
    """True when ``text[a:b]`` starts or ends inside a word ("<0" out of "<0हज़ार0")."""
    def inside(i: int) -> bool:
        return 0 < i < len(text) and bool(_WORD_CHAR.match(text[i - 1]) and _WORD_CHAR.match(text[i]))
    return inside(a) or inside(b)


def _words_before(text: str, pos: int, n: int = 1) -> list[str]:
    return [w.lower() for w in TOKEN_RE.findall(text[:pos])[-n:]]


def _widen(text: str, span: tuple[int, int], before: frozenset, after: frozenset) -> tuple[int, int]:
    """``span`` grown over the connecting words right before and after it."""
    a, b = span
    while True:
        prev = list(TOKEN_RE.finditer(text, 0, a))
        if prev and prev[-1].group(0).lower() in before and not text[prev[-1].end():a].strip(" ,"):
            a = prev[-1].start()
            continue
        break
    while True:
        nxt = TOKEN_RE.search(text, b)
        if nxt and nxt.group(0).lower() in after and not text[b:nxt.start()].strip(" ,"):
            b = nxt.end()
            continue
        break
    return a, b


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without ``spans``, spaces collapsed (unchanged when there are none)."""
    if not spans:
        return text
    out, pos = [], 0
    for a, b in sorted(spans):
        if a >= pos:
            out.append(text[pos:a])
            pos = b
        else:
            pos = max(pos, b)
    out.append(text[pos:])
    rest = re.sub(r"\(\s*\)|\[\s*\]", " ", " ".join(out))  # "saree (under 5000)" -> "saree"
    rest = re.sub(r"\s+([,;:!?.)\]])", r"\1", re.sub(r"\s+", " ", rest))
    return rest.strip(" ,;:-–—")


def find_price(text: str) -> tuple[int | None, int | None, list[tuple[int, int]]]:
    """``(min_paise, max_paise, spans)`` of the price phrases in ``text`` (normalised)."""
    work = text.translate(_DEV_DIGITS)  # same length: positions stay those of ``text``
    lo = hi = None
    spans: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(work):
            if _splits_a_word(work, *m.span()) or set(_words_before(work, m.start())) & _SIZE_WORDS:
                continue  # "size 38-40", "item no 1000-2000", "size under 42"
            if kind == "range":
                a, b = _paise(m, "a1"), _paise(m, "a2")
                if a is None or b is None:
                    continue
                worded = not re.match(r"[\d₹]", m.group(0)[:1]) or re.search(r"बीच|beech|bich|तक|tak", m.group(0), re.I)
                if not worded and not _marked(m, "a1", "a2"):
                    # a bare "38-40" is a size and "12 to 14" an age; "1000-2000" reads as rupees
                    if max(a, b) < 100 * 100:
                        continue
                if (lo is not None and lo != min(a, b)) or (hi is not None and hi != max(a, b)):
                    continue  # a second, different price: leave it as words
                lo, hi = min(a, b), max(a, b)
            else:
                v = _paise(m, "a")
                if v is None:
                    continue
                if kind == "max":
                    if hi is not None:
                        continue
                    hi = v
                else:
                    if lo is not None:
                        continue
                    lo = v
            spans.append(m.span())
            work = work[: m.start()] + " " * (m.end() - m.start()) + work[m.end():]
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    return lo, hi, spans


def find_district(text: str, table: DistrictTable | None, blanked: list[tuple[int, int]] = ()) -> tuple[str | None, tuple[int, int] | None]:
    """``(slug, span)`` of the first district named in ``text`` outside the ``blanked`` spans,
    longest name first ("Kanpur Dehat" before "Kanpur"); ``(None, None)`` when none is."""
    if table is None or not table.names:
        return None, None
    tokens = [m for m in TOKEN_RE.finditer(text) if not any(a <= m.start() < b for a, b in blanked)]
    for i in range(len(tokens)):
        for n in range(min(table.longest, len(tokens) - i), 0, -1):
            group = tokens[i:i + n]
            words = [t.group(0) for t in group]
            if any(w.isdigit() for w in words):
                continue
            slug = table.match(words)
            if slug:
                return slug, (group[0].start(), group[-1].end())
    return None, None


def understand(text: str, districts: DistrictTable | None = None) -> Understood:
    """Read the price and the district named in a query (see the module docstring).

    ``text`` any user text (normalised and cut at ``MAX_QUERY_CHARS`` here); ``districts`` the names to look for (None: no
    district). A district is not taken when its name is all the query says ("moradabad" stays a
    word search, which finds that district's listings). Never raises.
    """
    typed = normalize(text, MAX_QUERY_CHARS)  # the search reads no further
    lo, hi, price_spans = find_price(typed)
    price_spans = [_widen(typed, s, _BEFORE_PRICE, _AFTER_PRICE) for s in price_spans]
    slug, span = find_district(typed, districts, price_spans)
    place_spans = []
    if slug and span:
        wide = _widen(typed, span, _BEFORE_PLACE, _AFTER_PLACE)
        rest = _cut(typed, price_spans + [wide])
        if any(w.lower() not in STOPWORDS for w in TOKEN_RE.findall(rest)):
            place_spans = [wide]
        else:
            slug = None
    return Understood(
        typed=typed,
        text=_cut(typed, price_spans + place_spans),
        min_paise=lo,
        max_paise=hi,
        district=slug,
        without_price=_cut(typed, price_spans),
        without_district=_cut(typed, place_spans),
    )
