"""GI tags: a registered GI is shown in the reader's language; any other tag as the seller typed it."""
from __future__ import annotations

import csv
import json

import pytest

from marketplace.catalog import gi
from marketplace.catalog.demo import CATALOGUE


@pytest.mark.parametrize("typed", ["Bhadohi Hand-made Carpet", "handmade carpet of bhadohi", "  BHADOHI  handmade carpet "])
def test_aliases_spelling_and_case_find_the_registered_gi(typed):
    assert gi.names(typed) == ("Handmade Carpet of Bhadohi", "भदोही का हस्तनिर्मित कालीन")
    assert gi.gi_name(typed, "hi") == "भदोही का हस्तनिर्मित कालीन"


def test_an_unknown_tag_is_shown_as_typed_in_both_languages():
    assert gi.names("Our Own Village Weave") == ("Our Own Village Weave", "Our Own Village Weave")
    assert gi.gi_name("", "hi") == ""


def test_registry_rows_are_complete_and_keys_do_not_clash():
    with gi.DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 30
    seen: dict[str, str] = {}
    for row in rows:
        assert row["name_en"].strip() and row["name_hi"].strip()
        assert any("\u0900" <= ch <= "\u097f" for ch in row["name_hi"]), row["name_en"]
        for text in [row["name_en"], *filter(None, row["aliases"].split("|"))]:
            key = gi._key(text)
            assert seen.setdefault(key, row["name_en"]) == row["name_en"], f"{text!r} names two GIs"


def test_every_demo_gi_tag_has_a_hindi_name():
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    tags = {t for seller in data["sellers"] for t in seller.get("gi_tags", [])}
    assert tags and all(gi.names(t)[1] != t for t in tags), [t for t in tags if gi.names(t)[1] == t]


def test_seller_and_product_pages_show_gi_names_in_hindi(client, make_seller, make_listing):
    seller = make_seller("varanasi", gi_tags="Banaras Brocades and Sarees, Our Own Village Weave")
    listing = make_listing(seller=seller)
    for url in (f"/sellers/{seller.slug}", f"/products/{listing.slug}"):
        page = client.get(url, headers={"Accept-Language": "hi"}).get_data(as_text=True)
        assert "GI: बनारस ब्रोकेड एवं साड़ी" in page and "GI: Our Own Village Weave" in page, url


def test_hindi_names_keep_their_vowel_signs_when_matched():
    assert gi._key("बनारसी साड़ी") == "बनारसीसाड़ी"
    assert gi.names("भदोही का हस्तनिर्मित कालीन")[0] == "Handmade Carpet of Bhadohi"
    assert gi.names("भदाही का हस्तनिर्मत कालन") == ("भदाही का हस्तनिर्मत कालन",) * 2  # other vowels: another name
