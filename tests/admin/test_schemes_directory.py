"""The schemes directory: every scheme the brief names, complete in both languages."""
import copy
import json

import pytest

from marketplace.admin import schemes as directory
from marketplace.admin.schemes import SchemeDataError, all_schemes, get_scheme, parse_schemes


def test_directory_covers_every_scheme_the_order_names():
    slugs = {s.slug for s in all_schemes()}
    assert {
        "odop-marketing-assistance", "odop-margin-money", "odop-common-facility-centre", "mudra",
        "pmegp", "stand-up-india", "startup-india", "vishwakarma-shram-samman",
        "mukhyamantri-yuva-swarozgar",
    } <= slugs


def test_every_scheme_reads_in_hindi_with_devanagari_text():
    for s in all_schemes():
        for field in ("name", "summary", "apply", "run_by"):
            text = s.text(field, "hi")
            assert any("\u0900" <= ch <= "\u097f" for ch in text), (s.slug, field)
        assert len(s.text("eligibility", "hi")) == len(s.text("eligibility", "en"))
        assert s.text("name", "en") == s.name_en


def test_mudra_categories_are_stated():
    mudra = get_scheme("mudra")
    joined = " ".join(mudra.benefits_en)
    for word in ("Shishu", "Kishore", "Tarun", "₹50,000", "₹5 lakh", "₹10 lakh"):
        assert word in joined
    assert get_scheme("nope") is None


def test_portals_are_only_well_known_official_sites():
    allowed = {"odopup.in", "diupmsme.upsdc.gov.in", "www.mudra.org.in", "www.kviconline.gov.in",
               "www.standupmitra.in", "www.startupindia.gov.in"}
    for s in all_schemes():
        assert s.portal is None or s.portal.split("/")[2] in allowed, s.portal


def _doc():
    return json.loads(directory.DATA_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("breakage", [
    lambda d: d["schemes"][0].pop("name_hi"),
    lambda d: d["schemes"][0].__setitem__("summary_en", "  "),
    lambda d: d["schemes"][0]["benefits_hi"].pop(),
    lambda d: d["schemes"][0].__setitem__("portal", "http://example.com"),
    lambda d: d["schemes"][0].__setitem__("level", "district"),
    lambda d: d["schemes"][0].__setitem__("topics", ["astrology"]),
    lambda d: d["schemes"].append(copy.deepcopy(d["schemes"][0])),
    lambda d: d.__setitem__("schemes", []),
])
def test_malformed_directory_is_refused(breakage):
    doc = _doc()
    breakage(doc)
    with pytest.raises(SchemeDataError):
        parse_schemes(doc)
