"""Romanisation, phonetic keys, tokenizer and synonyms: spelling variants must meet."""
import pytest

from marketplace.catalog.search.schema import text_analyzer
from marketplace.catalog.search.synonyms import Synonyms, load_synonyms
from marketplace.catalog.search.text import (
    normalize,
    phonetic_key,
    romanize,
    tokenize,
)
from marketplace.slugs import delete_schwas


@pytest.mark.parametrize(
    "hindi, latin",
    [
        ("बनारसी", "banarsi"),
        ("साड़ी", "sari"),
        ("चिकनकारी", "chikankari"),
        ("इत्र", "itra"),
        ("अत्तर", "attar"),
        ("कन्नौज", "kannauj"),
        ("पीतल", "pital"),
        ("गुड़", "gur"),
        ("कालीन", "kalin"),
        ("कुर्ता", "kurta"),
        ("झांसी", "jhansi"),
        ("हथकरघा", "hathkargha"),
        ("ज़री", "zari"),
        ("मिट्टी", "mitti"),
        ("न", "na"),
    ],
)
def test_romanisation_drops_unspoken_schwas_and_accents(hindi, latin):
    assert romanize(hindi) == latin


def test_schwa_after_a_consonant_cluster_is_kept():
    # इत्र is "itra", not "itr"; मित्र likewise
    assert romanize("मित्र") == "mitra"
    assert delete_schwas("चिकनकारी") == "चिकन्कारी"


@pytest.mark.parametrize(
    "variants",
    [
        ["saree", "sari", "saaree", "sarees", "साड़ी", "SAREE"],
        ["banarasi", "banarsi", "बनारसी", "Banārasī"],
        ["itra", "ittar", "इत्र"],
        ["attar", "अत्तर"],
        ["kannauj", "kanauj", "कन्नौज"],
        ["peetal", "pital", "पीतल"],
        ["chikan", "chickan", "चिकन"],
        ["kaleen", "कालीन"],
        ["jhansi", "jhaansi", "झांसी"],
        ["sariyan", "साड़ियाँ", "sari"],
    ],
)
def test_spelling_variants_share_a_phonetic_key(variants):
    keys = {phonetic_key(v) for v in variants}
    assert len(keys) == 1, dict(zip(variants, map(phonetic_key, variants)))


@pytest.mark.parametrize("a, b", [("brass", "glass"), ("kurta", "kurti"), ("sari", "sitar"), ("dari", "gur")])
def test_different_words_keep_different_keys(a, b):
    assert phonetic_key(a) != phonetic_key(b)


def test_words_that_are_not_words_have_no_key():
    assert phonetic_key("") == ""
    assert phonetic_key("🙂") == ""
    assert phonetic_key("2024") == "2024"


def test_tokenizer_keeps_devanagari_words_whole():
    assert tokenize("बनारसी साड़ी।") == ["बनारसी", "साड़ी"]
    assert [t.text for t in text_analyzer()("बनारसी साड़ी")] == ["बनारसी", "साड़ी"]
    assert tokenize("title_en:saree AND (silk*)") == ["title", "en", "saree", "and", "silk"]


def test_normalize_composes_and_strips_control_characters():
    decomposed = "सा\u0921\u093c\u0940"  # ड + nukta, as some keyboards type ड़
    assert normalize(decomposed) == "साड़ी"
    assert normalize("a\x00b\x1f c\u200b\n\n d") == "a b c d"
    assert normalize("x" * 500, limit=10) == "x" * 10
    assert normalize("\ud800bad") == "bad"


def test_synonyms_join_both_scripts():
    syn = load_synonyms()
    flat = lambda w: {" ".join(x) for x in syn.expand(w)}  # noqa: E731
    assert "itra" in flat("attar") and "attar" in flat("इत्र")
    assert "jaggery" in flat("गुड़") and "gur" in flat("jaggery")
    assert "peetal" in flat("brass")
    assert "chikankari" in flat("chikan")
    assert "carpet" in flat("kaleen")
    # a spelling variant not in the file finds the group through its phonetic key
    assert "attar" in flat("ittar")
    assert syn.expand("🙂") == [] and syn.expand("xyzzy") == []


def test_synonym_file_parsing_skips_comments_and_single_words():
    syn = Synonyms.from_lines(["# comment", "one", "a1,b1", "kala namak,kalanamak"])
    assert [" ".join(w) for w in syn.expand("a1")] == ["b1"]
    assert [" ".join(w) for w in syn.expand("kalanamak")] == ["kala namak"]
