"""A delivery address's PIN must be in its state (the PIN directory), so nobody can pick a cheaper freight zone
by naming another state (e.g. a Delhi PIN saved under Uttar Pradesh)."""
import pytest
from sqlalchemy import func, select

from marketplace import india
from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.orders.addresses import AddressInput, save_address
from marketplace.orders.errors import PinNotInState, PinUnknown
from marketplace.orders.models import Address, Order


@pytest.fixture
def buyer(make_user):
    return make_user(role=Role.BUYER, locale="en")


@pytest.mark.parametrize("pin,state", [
    ("221001", "UP"),  # Varanasi
    ("226001", "UP"),  # Lucknow
    ("282001", "UP"),  # Agra
    ("244001", "UP"),  # Moradabad (244 is shared with Uttarakhand)
    ("201301", "UP"),  # Noida
    ("262001", "UP"),  # Pilibhit (26 is shared with Uttarakhand)
    ("248001", "UK"),  # Dehradun
    ("263001", "UK"),  # Nainital
    ("249401", "UK"),  # Haridwar
    ("110001", "DL"),
    ("122001", "HR"),  # Gurugram
    ("160017", "CH"),  # Chandigarh
    ("194101", "LA"),  # Leh
    ("403001", "GA"),  # Panaji
    ("400001", "MH"),
    ("396230", "DD"),  # Silvassa
    ("500001", "TS"),
    ("530001", "AP"),
    ("605001", "PY"),  # Puducherry
    ("682555", "LD"),  # Lakshadweep
    ("737101", "SK"),  # Gangtok
    ("744101", "AN"),  # Port Blair
    ("781001", "AS"),
    ("793001", "ML"),
    ("800001", "BR"),
    ("834001", "JH"),  # Ranchi
    ("560001", "KA"),
])
def test_real_pins_match_their_state(pin, state):
    assert india.pin_matches_state(pin, state)
    assert india.pin_matches_state(pin, state.lower())


@pytest.mark.parametrize("pin,state", [
    ("110001", "UP"),  # Delhi PIN under Uttar Pradesh: the cheap-zone trick
    ("221001", "DL"),
    ("226001", "UK"),  # Lucknow is not in Uttarakhand (22 is Uttar Pradesh only)
    ("400001", "UP"),
    ("302001", "UP"),  # Jaipur
    ("560001", "TN"),
])
def test_pins_of_another_state_do_not_match(pin, state):
    assert not india.pin_matches_state(pin, state)


def test_the_directory_names_only_known_states_and_unknown_pins_match_nothing():
    codes = {p.state_code for p in india._pin_table().values()}
    assert codes == {r.code for r in india.all_regions()}  # every state and UT, nothing else
    assert india.pin_place("999999") is None  # Army Postal Service
    assert india.pin_place("350001") is None
    assert india.pin_place("012345") is None  # not a PIN at all
    assert india.pin_place(None) is None
    assert not india.pin_matches_state("999999", "UP")
    assert not india.pin_matches_state("221001", "")


def test_service_refuses_a_delhi_pin_under_uttar_pradesh_and_stores_nothing(app, buyer):
    with app.app_context():
        with pytest.raises(PinNotInState) as caught:
            save_address(buyer.id, AddressInput("Asha", "9876543210", "1 Rd", "", "New Delhi", "New Delhi",
                                                "UP", "110001"))
        assert caught.value.params["field"] == "pin_code"
        assert "110001" in str(caught.value.message)
        with pytest.raises(PinUnknown):
            save_address(buyer.id, AddressInput("Asha", "9876543210", "1 Rd", "", "Camp", "Camp", "UP", "990001"))
        assert db.session.scalar(select(func.count()).select_from(Address)) == 0
        assert save_address(buyer.id, AddressInput("Asha", "9876543210", "1 Rd", "", "Moradabad", "Moradabad",
                                                   "UP", "244 001")).pin_code == "244001"


def _address(state, pin, district="Lucknow"):
    return {"full_name": "Asha", "phone": "9876543210", "line1": "1 Rd", "city": district,
            "district": district, "state_code": state, "pin_code": pin}


def test_address_form_shows_a_translated_error_on_the_pin(app, client, auth, buyer, make_listing, make_user):
    listing = make_listing(stock=5)
    auth.login(buyer)
    client.post("/cart/add", data={"listing_id": listing.id, "quantity": 1})
    response = client.post("/checkout/address", data=_address("UP", "110001"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "PIN code 110001 is not used in the state or union territory you chose" in page
    assert 'id="pin_code-err"' in page  # on the field, not only a flash
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Address)) == 0
    assert client.post("/checkout/address", data=_address("UP", "226001")).status_code == 302
    # the same refusal in Hindi
    hindi = make_user(role=Role.BUYER, locale="hi", email="hindi-buyer@example.com")
    client.post("/account/logout")
    auth.login(hindi)
    client.post("/cart/add", data={"listing_id": listing.id, "quantity": 1})
    page = client.post("/checkout/address", data=_address("UP", "110001")).get_data(as_text=True)
    assert "पिन कोड 110001" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Address).where(Address.user_id == hindi.id)) == 0


def test_an_address_saved_before_the_check_cannot_be_used_for_checkout(app, buyer, make_listing, client, auth):
    """An old address with a Delhi PIN under UP (saved before the check existed) is refused on the
    checkout page (no total, no place-order button) and at placing; no order, no stock taken."""
    from marketplace.orders import cart, checkout

    listing = make_listing(stock=5)
    with app.app_context():
        old = Address(user_id=buyer.id, full_name="Asha", phone="9876543210", line1="1 Rd", line2="",
                      city="New Delhi", district="New Delhi", state_code="UP", pin_code="110001", is_default=True)
        db.session.add(old)
        db.session.commit()
        cart.add_item(listing.id, 1, user_id=buyer.id)
        with pytest.raises(PinNotInState):
            checkout.place_order(buyer.id, checkout_token="t", address_id=old.id, payment_method="cod")
        assert db.session.scalar(select(func.count()).select_from(Order)) == 0
        assert db.session.get(type(listing), listing.id, populate_existing=True).stock == 5
    auth.login(buyer)
    page = client.get(f"/checkout?address_id={old.id}").get_data(as_text=True)
    assert 'data-testid="address-problem"' in page and "110001" in page
    assert 'data-testid="place-order"' not in page
