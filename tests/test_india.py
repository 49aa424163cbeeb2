"""Indian facts in one place: mobile numbers, PIN codes, IST and the financial year, and every
form that takes a mobile number agreeing on the same rule."""
import datetime as dt

import pytest

from marketplace import india
from marketplace.accounts.services import InvalidPhone, normalise_phone
from marketplace.catalog.validation import InvalidValue, normalise_mobile
from marketplace.orders.addresses import AddressInput, clean
from marketplace.orders.errors import AddressInvalid

UTC = dt.timezone.utc
TYPED = ["9876543210", "98765 43210", "+91 98765-43210", "+91-9876543210", "09876543210",
         "919876543210", "+919876543210", "0091 9876543210", "(+91) 98765 43210"]
REFUSED = ["", None, "5876543210", "987654321", "98765432101", "+1 9876543210", "+44 7700 900123",
           "0522 2345678", "+91 22 2345 6789", "1800 123 4567", "phone", "98765-4321O",
           "9876543210abc", "91987654321"]


@pytest.mark.parametrize("typed", TYPED)
def test_mobile_numbers_typed_any_usual_way_become_the_same_ten_digits(typed):
    assert india.parse_mobile(typed) == "9876543210"
    assert india.is_valid_mobile(typed)
    assert india.format_mobile(typed) == "+91 98765 43210"


@pytest.mark.parametrize("typed", REFUSED)
def test_landlines_foreign_numbers_and_junk_are_not_mobile_numbers(typed):
    assert india.parse_mobile(typed) is None
    assert not india.is_valid_mobile(typed)
    assert india.format_mobile(typed) == ""


def test_stored_ten_digit_numbers_stay_valid_and_have_an_e164_form():
    assert india.parse_mobile("9812345678") == "9812345678"
    assert india.to_e164("9812345678") == "+919812345678"


def _address(phone):
    return AddressInput("Asha", phone, "1 Rd", "", "Varanasi", "Varanasi", "UP", "221001")


@pytest.mark.parametrize("typed", TYPED)
def test_sign_up_seller_profile_and_delivery_address_accept_the_same_mobile_numbers(app, typed):
    # The address form used to refuse 919876543210 that sign-up and the seller profile accept.
    # An account keeps the number in E.164 (issue #18); a profile and an address keep ten digits.
    assert normalise_phone(typed) == "+919876543210"
    assert normalise_mobile(typed) == "9876543210"
    with app.app_context():
        assert clean(_address(typed)).phone == "9876543210"


@pytest.mark.parametrize("typed", [t for t in REFUSED if t])
def test_sign_up_seller_profile_and_delivery_address_refuse_the_same_numbers(app, typed):
    with pytest.raises(InvalidPhone):
        normalise_phone(typed)
    with pytest.raises(InvalidValue):
        normalise_mobile(typed)
    with app.app_context(), pytest.raises(AddressInvalid) as err:
        clean(_address(typed))
    assert err.value.params["field"] == "phone"


@pytest.mark.parametrize("pin,ok", [("221001", "221001"), ("221 001", "221001"), (" 110001 ", "110001"),
                                    ("022100", None), ("22100", None), ("2210011", None), ("22100a", None),
                                    ("", None), (None, None), ("२२१००१", None), (221001, "221001")])
def test_pin_code_is_six_digits_not_starting_with_zero(pin, ok):
    assert india.normalise_pin(pin) == ok


def test_ist_is_asia_kolkata_and_dates_turn_at_indian_midnight():
    assert str(india.IST) == "Asia/Kolkata"
    assert india.ist_date(dt.datetime(2026, 3, 31, 18, 29, tzinfo=UTC)) == dt.date(2026, 3, 31)
    assert india.ist_date(dt.datetime(2026, 3, 31, 18, 30, tzinfo=UTC)) == dt.date(2026, 4, 1)
    assert india.ist_date(dt.date(2026, 4, 1)) == dt.date(2026, 4, 1)
    assert india.ist_midnight_utc(dt.date(2026, 4, 1)) == dt.datetime(2026, 3, 31, 18, 30, tzinfo=UTC)
    with pytest.raises(ValueError):
        india.ist_date(dt.datetime(2026, 4, 1))


@pytest.mark.parametrize("when,fy", [
    (dt.date(2026, 4, 1), 2026), (dt.date(2026, 3, 31), 2025), (dt.date(2027, 3, 31), 2026),
    (dt.datetime(2026, 3, 31, 18, 29, 59, tzinfo=UTC), 2025),
    (dt.datetime(2026, 3, 31, 18, 30, tzinfo=UTC), 2026),
])
def test_financial_year_runs_april_to_march_in_ist(when, fy):
    assert india.financial_year(when) == fy


def test_financial_year_label_and_bounds():
    assert india.financial_year_label(2026) == "2026-27"
    assert india.financial_year_label(2099) == "2099-00"
    assert india.financial_year_bounds(2026) == (dt.datetime(2026, 3, 31, 18, 30, tzinfo=UTC),
                                                 dt.datetime(2027, 3, 31, 18, 30, tzinfo=UTC))


def test_admin_reporting_periods_use_the_same_financial_year():
    from marketplace.admin.periods import KOLKATA, FinancialYear, Month, PeriodError

    assert KOLKATA is india.IST
    moment = dt.datetime(2026, 3, 31, 18, 30, tzinfo=UTC)
    assert FinancialYear.of(moment).start_year == india.financial_year(moment) == 2026
    assert Month.of(moment) == Month(2026, 4)
    assert (FinancialYear(2026).start_utc, FinancialYear(2026).end_utc) == india.financial_year_bounds(2026)
    assert FinancialYear(2026).label() == india.financial_year_label(2026)
    with pytest.raises(PeriodError):
        FinancialYear.of(dt.datetime(2026, 4, 1))


def test_gstin_is_checked_with_stdnum_and_keeps_ladakh_and_the_centre_codes():
    assert india.normalise_gstin(" 27aapfu0939f1zv ") == "27AAPFU0939F1ZV"
    assert india.gstin_check_character("27AAPFU0939F1Z") == "V"
    body = "38AAPFU0939F1Z"  # Ladakh: stdnum's own state table stops at 37
    assert india.normalise_gstin(body + india.gstin_check_character(body)).startswith("38")
    for typed, code in [("27AAPFU0939F1ZW", "gstin_check"), ("45AAPFU0939F1ZV", "gstin_state"),
                        ("27AAPXU0939F1ZV", "gstin_format"), ("27AAPFU0939F1Z", "gstin_format")]:
        with pytest.raises(india.InvalidIdentifier) as err:
            india.normalise_gstin(typed)
        assert err.value.code == code


@pytest.mark.parametrize("typed,ok", [("aapfu0939f", "AAPFU0939F"), ("AAPFU 0939 F", "AAPFU0939F"),
                                      ("AAPXU0939F", None), ("AAPFU0000F", None), ("AAPFU0939", None),
                                      ("", None), (None, None)])
def test_pan_is_checked_with_stdnum(typed, ok):
    assert india.parse_pan(typed) == ok


def test_udyam_number_format():
    assert india.normalise_udyam(" udyam up 09 7654321 ") == "UDYAM-UP-09-7654321"
    for typed, code in [("UDYAM-XX-50-0012345", "udyam_state"), ("UDYAM-UP-5-0012345", "udyam_format")]:
        with pytest.raises(india.InvalidIdentifier) as err:
            india.normalise_udyam(typed)
        assert err.value.code == code


# --- the PIN directory ------------------------------------------------------------------------

def test_pin_place_gives_the_state_district_and_place():
    assert india.pin_place("221001") == india.PinPlace("221001", "UP", "Varanasi", "Varanasi")
    assert india.pin_place(" 226 001 ").district == "Lucknow"
    assert india.pin_place("110001").state_code == "DL"
    assert india.pin_count() == 19097


@pytest.mark.parametrize("pin,district", [
    ("211001", "Prayagraj"),  # directory: Allahabad
    ("224001", "Ayodhya"),  # Faizabad
    ("244221", "Amroha"),  # Jyotiba Phule Nagar
    ("221401", "Bhadohi"),  # Sant Ravidas Nagar
    ("262701", "Lakhimpur Kheri"),  # Kheri
    ("250609", "Baghpat"),  # Bagpat
    ("201301", "Gautam Buddh Nagar"),  # Gautam Buddha Nagar
    ("271831", "Shravasti"),  # Shrawasti
])
def test_old_up_district_names_become_the_districts_tables(pin, district):
    assert india.pin_place(pin).district == district


@pytest.mark.parametrize("pin,district", [
    ("245101", "Hapur"), ("247776", "Shamli"), ("244302", "Sambhal"), ("207123", "Kasganj"), ("227405", "Amethi"),
    ("208001", "Kanpur Nagar"), ("275101", "Mau"),
])
def test_overrides_put_the_newer_districts_pins_in_them(pin, district):
    assert india.pin_place(pin).district == district


@pytest.mark.parametrize("pin,state", [("396230", "DD"), ("605001", "PY"), ("194101", "LA"), ("500001", "TS"),
                                       ("492001", "CG"), ("530001", "AP"), ("190001", "JK")])
def test_old_state_names_and_split_states_get_todays_codes(pin, state):
    assert india.pin_place(pin).state_code == state


def test_every_up_district_of_the_directory_is_one_of_the_75():
    import csv

    with india.UP_DISTRICTS.open(encoding="utf-8") as fh:
        names = {row["district"] for row in csv.DictReader(fh)}
    in_directory = {p.district for p in india._pin_table().values() if p.state_code == "UP"}
    assert in_directory == names and len(names) == 75


@pytest.mark.parametrize("text", ["999999", "000000", "12345", "1234567", "abcdef", "", None, "22100१"])
def test_unknown_or_malformed_pins_have_no_place(text):
    assert india.pin_place(text) is None


def test_a_seller_pin_must_be_in_the_district_or_the_newer_districts_parent():
    assert india.pin_in_up_district("221001", "Varanasi")
    assert not india.pin_in_up_district("226001", "Varanasi")
    assert not india.pin_in_up_district("110001", "Varanasi")
    assert india.pin_in_up_district("245101", "Hapur")
    assert india.pin_in_up_district("201001", "Hapur")  # Ghaziabad: Hapur's parent, for its unmoved PINs
    assert not india.pin_in_up_district("201001", "Shamli")


def test_the_lookup_is_fast():
    import time

    india.pin_place("221001")  # loaded
    pins = [p for p in india._pin_table()][:5000]
    start = time.perf_counter()
    for pin in pins:
        india.pin_place(pin)
    assert (time.perf_counter() - start) / len(pins) < 50e-6
