"""Sellers' bank details for payouts (issue #14.2): IFSC format, the account number typed twice
and kept encrypted, the holder's name read back, and every change recorded, audited and
announced to the seller (anti-fraud)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.admin.models import AuditEntry
from marketplace.catalog import bank_details
from marketplace.catalog.models import BankDetailChange, Seller
from marketplace.extensions import db
from marketplace.notifications.models import Notification


def seller_of(app, user):
    with app.app_context():
        return db.session.scalar(select(Seller).where(Seller.user_id == user.id))


BANK = dict(bank_account_name="Ramesh Kumar", bank_ifsc="SBIN0001234", bank_account_number="123456789012",
            bank_account_number_confirm="123456789012")


def test_bad_ifsc_is_a_form_error_and_saves_nothing(app, login_as, profile_form):
    client, user = login_as(Role.SELLER)
    response = client.post("/seller/profile", data=profile_form(**{**BANK, "bank_ifsc": "SBIN1234567"}))
    assert response.status_code == 200
    assert "An IFSC code has 11 characters" in response.get_data(as_text=True)
    assert seller_of(app, user) is None


def test_account_numbers_that_differ_are_a_form_error(app, login_as, profile_form):
    client, user = login_as(Role.SELLER, locale="hi")
    response = client.post("/seller/profile", data=profile_form(**{**BANK, "bank_account_number_confirm": "123456789013"}))
    assert response.status_code == 200
    assert "दोनों खाता संख्याएँ" in response.get_data(as_text=True)
    assert seller_of(app, user) is None


@pytest.mark.parametrize("hostile", ["1234\x005678", "😀😀😀😀😀😀😀😀😀", "<script>alert(1)</script>", "9" * 300])
def test_hostile_bank_details_are_form_errors_never_a_500(app, login_as, profile_form, hostile):
    client, user = login_as(Role.SELLER)
    for field in ("bank_account_number", "bank_ifsc", "bank_account_name"):
        response = client.post("/seller/profile", data=profile_form(**{**BANK, field: hostile,
                                                                       "bank_account_number_confirm": hostile}))
        assert response.status_code in (200, 400), field
        body = response.get_data(as_text=True)
        assert "<script>alert(1)</script>" not in body


def test_a_change_is_recorded_audited_and_announced_with_the_name_read_back(app, login_as, profile_form):
    client, user = login_as(Role.SELLER)
    client.post("/seller/profile", data=profile_form(**BANK))
    response = client.post("/seller/profile", data=profile_form(**{
        **BANK, "bank_account_number": "999988887777", "bank_account_number_confirm": "9999 8888 7777"}),
        follow_redirects=True)
    assert "Payouts go to Ramesh Kumar, IFSC SBIN0001234, account …7777" in response.get_data(as_text=True)
    seller = seller_of(app, user)
    with app.app_context():
        assert bank_details.decrypt_account(seller.bank_account_encrypted) == "999988887777"
        changes = list(db.session.scalars(select(BankDetailChange).where(BankDetailChange.seller_id == seller.id)
                                          .order_by(BankDetailChange.id)))
        assert [(c.before["last4"], c.after["last4"]) for c in changes] == [(None, "9012"), ("9012", "7777")]
        assert all("999988887777" not in str(c.before) + str(c.after) for c in changes)
        audits = list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "seller.bank_details_changed")))
        assert len(audits) == 2 and audits[-1].after == {"last4": "7777"}
        told = [n.subject for n in db.session.scalars(select(Notification).where(Notification.user_id == user.id))]
        assert told.count("Your bank details for payouts were changed") == 2
    # saving again without typing the number keeps it, and is no change
    client.post("/seller/profile", data=profile_form(**{**BANK, "bank_account_number": "",
                                                        "bank_account_number_confirm": ""}))
    with app.app_context():
        assert db.session.get(Seller, seller.id).bank_account_last4 == "7777"
        assert len(list(db.session.scalars(select(BankDetailChange).where(BankDetailChange.seller_id == seller.id)))) == 2


def test_production_refuses_to_keep_account_numbers_without_a_key_of_its_own():
    with pytest.raises(bank_details.BankKeyMissing):
        bank_details.encrypt_account("123456789012", {"SECRET_KEY": "x" * 40, "BANK_DETAILS_KEY_FROM_SECRET": False})
    key = "T1ZSMGdycXhBaGdTc1dzbXdkc2pRZ0RNVUc4SGZ6Uk0="  # 32 bytes, urlsafe base64
    token = bank_details.encrypt_account("123456789012", {"BANK_DETAILS_KEY": key})
    assert bank_details.decrypt_account(token, {"BANK_DETAILS_KEY": key}) == "123456789012"
    other = {"SECRET_KEY": "another", "BANK_DETAILS_KEY_FROM_SECRET": True}
    assert bank_details.decrypt_account(token, other) is None
