"""Hindi in one voice (issue 20): the glossary's words and the spelling rule, on all shipped Hindi.

The glossary is ``marketplace/data/hindi_glossary.csv`` (described in docs/hindi-glossary.md).
"""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "marketplace" / "data" / "hindi_glossary.csv"
HINDI_PO = ROOT / "translations" / "hi" / "LC_MESSAGES" / "messages.po"
CATALOG_DATA = ROOT / "marketplace" / "catalog" / "data"
ADMIN_DATA = ROOT / "marketplace" / "admin" / "data"

DEVANAGARI = "\u0900-\u0963\u0971-\u097f\u200c\u200d"  # letters and signs; not danda or digits
# A word may carry a plural/oblique ending after the glossary's form (क्रेता → क्रेताओं).
ENDINGS = "(?:ों|ओं)?"

# Phrases in which a word from an "avoid" column is right (docs/hindi-glossary.md).
ALLOWED_PHRASES = [
    "एक जनपद एक उत्पाद",          # the scheme's title
    "कर बीजक",                    # the GST document's title
    "प्रधानमंत्री रोजगार सृजन कार्यक्रम",  # the scheme's registered Hindi name (PMEGP)
    "हाथरस हींग भंडार",            # a (demo) firm's name: भंडार as in a shop's name
    # इकाई as a business unit, not a unit of quantity
    "एमएसएमई इकाई", "छोटी इकाइयों", "छोटी इकाइयाँ", "प्रयोजन इकाई", "प्रसंस्करण इकाई",
    "ऐसी इकाई", "जिस इकाई", "वाली इकाई", "इकाई लगाने", "इकाई संख्या",
    "निर्यात इकाई", "पारिवारिक इकाई", "हमारी इकाई", "कपड़ा इकाइयों",
]

# Words standard Hindi writes with a nukta: their bare spelling starts no word.
NUKTA_WORDS = [
    "ख़रीद", "ग़लत", "ख़ाली", "ज़रूर", "ज़्यादा", "वज़न", "फ़ॉर्म", "फ़ाइल", "कागज़", "ज़री", "ज़रदोज़ी",
    "तरीक़ा", "तरीक़े", "क़स्बा", "क़स्बे", "रोज़गार", "फ़्रेम", "सॉफ़्ट", "ख़र्च", "बाज़ार",
    "फ़िरोज़ाबाद", "फ़र्रुख़ाबाद", "मिर्ज़ापुर", "ग़ाज़ीपुर", "आज़मगढ़", "ज़रिये", "ज़रिए", "इंतज़ार",
    "ख़त्म", "फ़ीस", "दफ़्तर", "आख़िर", "आज़मा", "तारीख़", "ख़ास",
]
# ...and these only as whole words (खुदरा, retail, and गैरेज have no nukta).
NUKTA_WHOLE_WORDS = ["ख़ुद", "ग़ैर"]
# Nasal vowels written with chandrabindu: the anusvara spelling is wrong inside these words.
CHANDRABINDU_WORDS = [
    "काँच", "गाँव", "पाँच", "पहुँच", "जाँच", "माँग", "ऊँच", "आँक", "आँच", "आँवल", "दाँत", "बाँस",
    "चाँदी", "छाँट", "बाँट", "बाँध", "साँस", "मुँह", "गूँज", "बूँद", "मूँज", "मूँगफली", "फूँक",
    "खूँट", "टाँक", "गाँठ", "ढाँच", "ताँब", "झाँसी", "बाँह", "उँगल", "शाहजहाँपुर", "बदायूँ",
    "घुँघरू", "गुँथ", "धुँधल", "फुँदन", "पूँजी", "रोएँ", "धुएँ", "कहाँ", "यहाँ", "वहाँ", "जहाँ",
]
# ...and at the end of a word after a vowel that does not rise above the line (इकाइयां, बनाएं, हूं).
FINAL_ANUSVARA = re.compile(f"(?:ां|एं|ुं|ूं|ऊं|आं)(?![{DEVANAGARI}])")
# Polite imperatives in -इए/-िए; the exceptions are not imperatives.
IMPERATIVE_IE = re.compile(f"(?<![{DEVANAGARI}])[{DEVANAGARI}]+(?:इए|िए|इये|िये)(?![{DEVANAGARI}])")
NOT_IMPERATIVE = {"लिए", "इसलिए", "किसलिए", "किए", "दिए", "लिये", "किये", "दिये", "चाहिए", "चाहिये",
                  "पिए", "जिए", "दुभाषिए", "बिचौलिये", "बिचौलिए", "तौलिये", "तौलिए", "ज़रिये", "ज़रिए"}
# Proper names that break the chandrabindu pattern (spelled as the place spells itself).
PROPER_NAMES = {"खोजवां"}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nukta_pattern(word: str) -> re.Pattern:
    """The word with each of its nuktas optional: a match that is not the word itself misses one."""
    body = re.escape(nfc(word)).replace("\u093c", "\u093c?")
    end = f"(?![{DEVANAGARI}])" if word in NUKTA_WHOLE_WORDS else "(?!\u093c)"
    return re.compile(f"(?<![{DEVANAGARI}]){body}{end}")


def word_pattern(form: str, endings: str = ENDINGS) -> re.Pattern:
    return re.compile(f"(?<![{DEVANAGARI}]){re.escape(nfc(form))}{endings}(?![{DEVANAGARI}])")


def glossary() -> list[dict[str, str]]:
    with GLOSSARY.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# -- where the Hindi is ---------------------------------------------------------------------------

def catalogue_texts():
    with HINDI_PO.open("rb") as handle:
        catalogue = read_po(handle)
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        for string in strings:
            if string:
                yield f"messages.po:{message.lineno} ({msgid[:50]!r})", string


def csv_texts(path: Path):
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            for column, value in row.items():
                if column.endswith("_hi") and value:
                    yield f"{path.name}:{number} {column}", value


def json_hindi(node, where):
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("_hi"):
                for text in value if isinstance(value, list) else [value]:
                    if isinstance(text, str):
                        yield f"{where}.{key}", text
            else:
                yield from json_hindi(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from json_hindi(value, f"{where}[{index}]")


def data_texts():
    yield from csv_texts(CATALOG_DATA / "districts.csv")
    yield from csv_texts(CATALOG_DATA / "gi_tags.csv")
    for path in sorted(ADMIN_DATA.glob("*.json")) + [CATALOG_DATA / "demo_catalogue.json"]:
        yield from json_hindi(json.loads(path.read_text(encoding="utf-8")), path.name)


def all_texts():
    yield from catalogue_texts()
    yield from data_texts()


def without_allowed(text: str) -> str:
    text = nfc(text)
    for phrase in ALLOWED_PHRASES:
        text = text.replace(nfc(phrase), " ")
    return text


# -- the tests ------------------------------------------------------------------------------------

def test_the_glossary_is_well_formed():
    rows = glossary()
    assert rows and set(rows[0]) == {"concept", "use", "avoid", "note"}
    concepts = [row["concept"] for row in rows]
    assert len(concepts) == len(set(concepts))
    uses = {nfc(row["use"]) for row in rows}
    for row in rows:
        assert row["use"], row
        for word in filter(None, row["avoid"].split("|")):
            assert nfc(word) not in uses, f"{word} is both used and avoided"


def test_the_sources_are_found():
    assert sum(1 for _ in catalogue_texts()) > 1000
    files = {where.split(":")[0].split(".")[0] for where, _ in data_texts()}
    assert {"districts", "gi_tags", "schemes", "demo_catalogue"} <= files


def test_no_avoided_word_in_the_hindi():
    patterns = [(row["concept"], row["use"], word, word_pattern(word))
                for row in glossary() for word in filter(None, row["avoid"].split("|"))]
    found = []
    for where, text in all_texts():
        clean = without_allowed(text)
        for concept, use, word, pattern in patterns:
            if pattern.search(clean):
                found.append(f"{where}: {word} ({concept}: use {use}) in {text[:80]!r}")
    assert not found, f"{len(found)} words the glossary avoids:\n" + "\n".join(found)


def test_nukta_where_standard_hindi_writes_it():
    patterns = [(nfc(word), nukta_pattern(word)) for word in NUKTA_WORDS + NUKTA_WHOLE_WORDS]
    found = [f"{where}: {word} in {text[:80]!r}"
             for where, text in all_texts() for word, pattern in patterns
             for spelled in pattern.findall(without_allowed(text)) if spelled != word]
    assert not found, f"{len(found)} spellings without the nukta:\n" + "\n".join(found)


def test_chandrabindu_for_nasal_vowels():
    patterns = [(word, re.compile(f"(?<![{DEVANAGARI}]){re.escape(nfc(word).replace('ँ', 'ं'))}"))
                for word in CHANDRABINDU_WORDS]
    found = []
    for where, text in all_texts():
        text = nfc(text)
        words = set(re.findall(f"[{DEVANAGARI}]+", text)) - PROPER_NAMES
        for word in words:
            if FINAL_ANUSVARA.search(word):
                found.append(f"{where}: {word}")
        found += [f"{where}: {word} in {text[:60]!r}" for word, pattern in patterns
                  if any(pattern.match(w) for w in words)]
    assert not found, f"{len(found)} anusvara where chandrabindu belongs:\n" + "\n".join(found)


def test_imperatives_end_in_en():
    found = [f"{where}: {word}" for where, text in all_texts()
             for word in IMPERATIVE_IE.findall(nfc(text)) if word not in NOT_IMPERATIVE]
    assert not found, f"{len(found)} imperatives in -इए (use -ें):\n" + "\n".join(found)


def test_hindi_is_spelled_hindi_everywhere():
    sources = [*(ROOT / "marketplace").rglob("*.py"), *(ROOT / "marketplace").rglob("*.html"),
               HINDI_PO, GLOSSARY.with_name("states_uts.csv")]
    found = [str(path.relative_to(ROOT)) for path in sources
             if "हिन्दी" in path.read_text(encoding="utf-8") and path != GLOSSARY]
    texts = [text for _, text in all_texts() if "हिन्दी" in text]
    assert not found and not texts, (found, texts)


@pytest.mark.parametrize("text, broken", [
    ("क्रेता के लिए", "avoid"), ("खरीदारों की सूची", "avoid"), ("गलत संख्या", "nukta"),
    ("इकाइयां", "chandrabindu"), ("कांच का सामान", "chandrabindu"), ("चुनिए", "imperative"),
])
def test_the_checks_catch_what_they_should(text, broken):
    """The patterns above match inside Devanagari word boundaries (a guard against a vacuous test)."""
    text = nfc(text)
    words = set(re.findall(f"[{DEVANAGARI}]+", text))
    hits = {
        "avoid": any(word_pattern(w).search(text) for row in glossary()
                     for w in filter(None, row["avoid"].split("|"))),
        "nukta": any(m != nfc(w) for w in NUKTA_WORDS for m in nukta_pattern(w).findall(text)),
        "chandrabindu": any(FINAL_ANUSVARA.search(w) for w in words)
        or any(w.startswith(nfc(c).replace("ँ", "ं")) for w in words for c in CHANDRABINDU_WORDS),
        "imperative": any(w not in NOT_IMPERATIVE for w in IMPERATIVE_IE.findall(text)),
    }
    assert hits[broken]


def test_words_are_matched_whole():
    assert word_pattern("भाव").search(nfc("तय भाव पर")) and word_pattern("भाव").search(nfc("भावों"))
    assert not word_pattern("भाव").search(nfc("इसका प्रभाव और स्वभाव"))
    assert not nukta_pattern("ख़रीद").findall(nfc("ख़रीदारी")) != [nfc("ख़रीद")]
