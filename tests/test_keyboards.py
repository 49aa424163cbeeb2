"""A phone shows the right keyboard (issue #17.10): the digit pad for PIN codes, quantities and
measures, a decimal pad for rupees, the phone pad for mobile numbers."""
from __future__ import annotations

import re

from marketplace.accounts.models import Role


def _input(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)
    assert match, f"no input named {name}"
    return match.group(0)


def test_registration_phone_opens_the_phone_pad(client):
    tag = _input(client.get("/account/register").get_data(as_text=True), "phone")
    assert 'inputmode="tel"' in tag and 'autocomplete="tel"' in tag


def test_seller_profile_and_listing_form_keyboards(app, login_as, make_seller):
    client, user = login_as(Role.SELLER)
    make_seller(user=user)
    profile = client.get("/seller/profile").get_data(as_text=True)
    assert 'inputmode="numeric"' in _input(profile, "pin_code")
    assert 'autocomplete="postal-code"' in _input(profile, "pin_code")
    assert 'inputmode="tel"' in _input(profile, "phone")
    listing = client.get("/seller/listings/new").get_data(as_text=True)
    for name in ("stock", "moq", "weight_g", "length_cm", "width_cm", "height_cm"):
        assert 'inputmode="numeric"' in _input(listing, name), name
    for name in ("price_inr", "mrp_inr"):
        assert 'inputmode="decimal"' in _input(listing, name), name
    # a text field keeps the full keyboard
    assert "inputmode" not in _input(listing, "sku")


def test_password_fields_tell_the_phone_which_password_to_offer(client):
    """A password manager fills the saved password on sign-in and offers a new one on sign-up."""
    assert 'autocomplete="current-password"' in _input(client.get("/account/login").get_data(as_text=True), "password")
    register = client.get("/account/register").get_data(as_text=True)
    assert 'autocomplete="new-password"' in _input(register, "password")
    assert 'autocomplete="new-password"' in _input(register, "confirm")
