"""Udyam, GSTIN, PIN code and mobile rules a seller meets while filling the profile (slugs: tests/test_slugs.py)."""
import pytest
from hypothesis import given, strategies as st

from marketplace.catalog.validation import (
    InvalidValue,
    gstin_check_character,
    is_valid_gstin,
    is_valid_mobile,
    is_valid_pin_code,
    is_valid_udyam,
    normalise_gstin,
    normalise_mobile,
    normalise_pin_code,
    normalise_udyam,
)

ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@pytest.mark.parametrize(
    "typed, canonical",
    [
        ("UDYAM-UP-50-0012345", "UDYAM-UP-50-0012345"),
        (" udyam-up-01-1234567 ", "UDYAM-UP-01-1234567"),
        ("UDYAM UP 09 7654321", "UDYAM-UP-09-7654321"),
        ("UDYAM–MH–33–0000001", "UDYAM-MH-33-0000001"),
    ],
)
def test_udyam_number_is_accepted_in_the_ways_people_type_it(typed, canonical):
    assert normalise_udyam(typed) == canonical


@pytest.mark.parametrize(
    "typed, code",
    [
        ("", "udyam_format"),
        ("UDYAM-UP-5-0012345", "udyam_format"),
        ("UDYAM-UP-50-012345", "udyam_format"),
        ("UDYAM-UP-50-00123456", "udyam_format"),
        ("UAM-UP-50-0012345", "udyam_format"),
        ("UDYAM-U1-50-0012345", "udyam_format"),
        ("UDYAM-XX-50-0012345", "udyam_state"),
        ("UP50A0012345", "udyam_format"),
    ],
)
def test_wrong_udyam_number_is_refused_with_a_reason(typed, code):
    with pytest.raises(InvalidValue) as err:
        normalise_udyam(typed)
    assert err.value.code == code
    assert "UDYAM" in str(err.value) or "state" in str(err.value)
    assert not is_valid_udyam(typed)


def test_known_real_format_gstin_passes_and_is_upper_cased():
    # The GSTN's published example number.
    assert normalise_gstin("27aapfu0939f1zv") == "27AAPFU0939F1ZV"
    assert gstin_check_character("27AAPFU0939F1Z") == "V"


@pytest.mark.parametrize(
    "typed, code",
    [
        ("27AAPFU0939F1Z", "gstin_format"),  # 14 characters
        ("27AAPFU0939F1ZVX", "gstin_format"),
        ("27AAPF00939F1ZV", "gstin_format"),  # PAN part wrong shape
        ("27AAPFU0939F1YV", "gstin_format"),  # 14th is not Z
        ("27AAPFU0939F0ZV", "gstin_format"),  # entity number 0
        ("00AAPFU0939F1ZV", "gstin_state"),
        ("45AAPFU0939F1ZV", "gstin_state"),
        ("27AAPFU0939F1ZW", "gstin_check"),
    ],
)
def test_bad_gstin_is_refused_with_the_part_that_is_wrong(typed, code):
    with pytest.raises(InvalidValue) as err:
        normalise_gstin(typed)
    assert err.value.code == code


gstin_body = st.builds(
    lambda state, pan_a, holder, initial, pan_d, pan_z, entity:
        f"{state:02d}{pan_a}{holder}{initial}{pan_d:04d}{pan_z}{entity}Z",
    st.integers(1, 38),
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3),
    st.sampled_from("ABCFGHLJPTK"),  # a PAN's 4th letter is the holder type
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    st.integers(1, 9999),  # serial 0000 is not issued
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    st.sampled_from("123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
)


@given(gstin_body, st.integers(0, 13), st.sampled_from(ALNUM))
def test_any_single_character_typo_in_a_gstin_is_caught(body, position, replacement):
    good = body + gstin_check_character(body)
    assert is_valid_gstin(good)
    if good[position] == replacement:
        return
    typo = good[:position] + replacement + good[position + 1:]
    assert not is_valid_gstin(typo)


@pytest.mark.parametrize("typed, canonical", [("226001", "226001"), ("226 001", "226001")])
def test_pin_code(typed, canonical):
    assert normalise_pin_code(typed) == canonical


@pytest.mark.parametrize("typed", ["", "022600", "22600", "2260011", "22600a"])
def test_bad_pin_code_is_refused(typed):
    assert not is_valid_pin_code(typed)
    with pytest.raises(InvalidValue):
        normalise_pin_code(typed)


@pytest.mark.parametrize(
    "typed", ["9876543210", "+91 98765 43210", "+91-9876543210", "09876543210", "919876543210"]
)
def test_mobile_number_prefixes_are_removed(typed):
    assert normalise_mobile(typed) == "9876543210"


@pytest.mark.parametrize("typed", ["5876543210", "987654321", "98765432101", "+1 9876543210", "phone"])
def test_bad_mobile_is_refused(typed):
    assert not is_valid_mobile(typed)
