"""Odd input answered with a translated error, never a 500 (issue #12.6): one test per cause the
probe found. tests/test_hostile_input.py walks every POST route with such values."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.buyers import meets
from marketplace.catalog.listing_rules import parse_gst_rate
from marketplace.extensions import db
from marketplace.params import has_control_characters, parse_text
from tests.fixtures.accounts import AuthActions

pytestmark = pytest.mark.both_databases
HOSTILE_RUPEES = ["1.005", "1e20", "Infinity", "-Infinity", "NaN", "sNaN", "1e999999", "9" * 400]


def _client(app, user):
    client = app.test_client()
    assert AuthActions(client).login(user).status_code == 302
    return client


@pytest.mark.parametrize("value", HOSTILE_RUPEES)
def test_odd_rupees_on_a_lead_stage_are_refused_even_for_somebody_elses_lead(app, meet_world, value):
    w = meet_world
    with app.app_context():
        meets.run_matching(w.organiser, w.meet.id)
    for user in (w.buyers[0], w.outsider):  # the outsider's answer came before the ownership check
        r = _client(app, user).post("/meets/leads/1/stage", data={"stage": "won", "value_rupees": value})
        assert r.status_code in (302, 400, 404), (user.email, r.status_code)
    page = _client(app, w.buyers[0]).post("/meets/leads/1/stage", data={"stage": "won", "value_rupees": value},
                                          follow_redirects=True)
    assert page.status_code == 200 and any(m in page.data for m in (b"at most two decimals", b"Number must be", b"Not a valid decimal"))


@pytest.mark.parametrize("value", HOSTILE_RUPEES)
def test_odd_rupees_in_the_buyer_profile_are_a_form_error(app, meet_world, value):
    client = _client(app, meet_world.buyers[0])
    r = client.post("/meets/profile", data={"buyer_type": "retail", "budget_min_rupees": value})
    assert r.status_code == 200
    assert b"at most two decimals" in r.data or b"Number must be" in r.data or b"Not a valid decimal" in r.data


@pytest.mark.parametrize("value", HOSTILE_RUPEES)
def test_odd_rupees_or_quantities_in_an_enquiry_are_a_form_error(app, meet_world, make_listing, value):
    listing = make_listing()
    client = _client(app, meet_world.buyers[0])
    for data in ({"quantity": "5", "target_price_rupees": value}, {"quantity": value}):
        r = client.post(f"/meets/enquire/{listing.id}", data=data)
        assert r.status_code == 200, data


def test_a_huge_quantity_in_the_cart_is_refused(app, meet_world, make_listing):
    listing = make_listing()
    client = _client(app, meet_world.buyers[0])
    r = client.post("/cart/add", data={"listing_id": listing.id, "quantity": "9" * 400})
    assert r.status_code < 500


@pytest.mark.parametrize("value", ["Infinity", "1e999999", "NaN", "-5", "5e0"])
def test_an_odd_gst_rate_is_refused(value):
    with pytest.raises(ValueError):
        parse_gst_rate(value)


@pytest.mark.parametrize("path, data", [
    ("/account/login", {"email": "a\x00@example.com", "password": "x"}),
    ("/account/register", {"role": "buyer", "name": "Na\x00me", "email": "n@example.com",
                           "password": "correct-horse-42", "confirm": "correct-horse-42", "locale": "en"}),
    ("/help/ask", {"subject": "\x1b[31m"}),
])
def test_a_nul_or_control_character_anywhere_is_a_translated_400(app, path, data):
    r = app.test_client().post(path, data=data)
    assert r.status_code == 400 and b"control characters" in r.data
    hindi = app.test_client().post(path, data=data, headers={"Accept-Language": "hi"})
    assert hindi.status_code == 400 and "नियंत्रण वर्ण" in hindi.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "n@example.com")) is None


def test_a_control_character_in_json_or_a_query_is_refused_too(app):
    client = app.test_client()
    r = client.post("/cart/add", json={"note": "x\x00"}, headers={"Accept": "application/json"})
    assert r.status_code == 400 and r.json["error"]["code"] == "control_characters"
    assert client.get("/search?q=a%00b").status_code == 400


def test_line_breaks_stay_allowed_in_text_but_not_in_one_line_values():
    assert not has_control_characters("two\r\nlines\tand a tab")
    assert has_control_characters("two\nlines", newlines=False)
    assert parse_text(" Asha ", 120) == "Asha" and parse_text("A" * 121, 120) is None


def test_an_odd_seller_csv_gst_rate_is_a_line_error(app, make_seller):
    seller = make_seller()
    with app.app_context():
        user = db.session.get(User, seller.user_id)
    client = _client(app, user)
    header = ("sku,title_en,description_en,category,price_inr,stock,weight_g,length_cm,width_cm,"
              "height_cm,gst_rate\n")
    for gst in ("Infinity", "1e999999"):
        row = f"S-1,Vase,A vase,Metal craft,100,5,100,10,10,10,{gst}\n"
        r = client.post("/seller/import", data={"file": (io.BytesIO((header + row).encode()), "l.csv")},
                        content_type="multipart/form-data")
        assert r.status_code < 500 and b"GST rate must be" in r.data, gst
