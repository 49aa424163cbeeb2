"""The organiser's registration CSV (issue #12.9 and the CSV half of #12.6): every cell is checked
with the sign-up rules, a bad row imports nothing, and an imported buyer is an invitee whose
later sign-up with the same e-mail works and keeps the registration."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from marketplace.accounts import services
from marketplace.accounts.models import User
from marketplace.buyers import meets
from marketplace.buyers.models import Registration
from marketplace.extensions import db
from tests.fixtures.accounts import PASSWORD

HEADER = "email,name,role,phone,unavailable_slots,capacity\n"
GOOD = "asha@example.com,Asha Devi,buyer,+91 98765 43210,2,\n"


@pytest.mark.both_databases
@pytest.mark.parametrize("row, column", [
    ("asha@example.com,Asha,buyer,,²,", "slots"),
    ("asha@example.com,Asha,buyer,,1,²", "capacity"),
    ("asha@example.com,Asha,buyer,,1,12345678901234567890123", "capacity"),
    ("asha@example.com," + "A" * 121 + ",buyer,,,", "name"),
    ("asha@example.com,Asha,buyer," + "9" * 40 + ",,", "phone"),
    ("asha@example.com,Asha,buyer,12345,,", "phone"),
    ("not-an-email,Asha,buyer,,,", "email"),
    ("a@b,Asha,buyer,,,", "email"),
    ("asha@example.com,Asha,admin,,,", "role"),
    ('asha@example.com,"Asha\nDevi",buyer,,,', "name"),
])
def test_a_bad_cell_is_a_line_error_and_nothing_is_imported(app, meet_world, row, column):
    w = meet_world
    with app.app_context():
        before = db.session.scalar(select(db.func.count()).select_from(Registration))
        added, problems = meets.import_registrations_csv(
            w.meet.id, w.organiser, HEADER + GOOD + row + "\n")
        assert added == 0
        assert len(problems) == 1 and problems[0].startswith("3: "), (column, problems)
        assert db.session.scalar(select(User).where(User.email == "asha@example.com")) is None
        assert db.session.scalar(select(db.func.count()).select_from(Registration)) == before


@pytest.mark.both_databases
def test_a_nul_byte_in_the_file_is_refused_with_a_message(app, meet_world):
    w = meet_world
    client = app.test_client()
    client.post("/account/login", data={"email": w.organiser.email, "password": PASSWORD})
    data = (HEADER + "asha@example.com,As\x00ha,buyer,,,\n").encode()
    r = client.post(f"/meets/manage/{w.meet.id}/import", data={"file": (io.BytesIO(data), "r.csv")},
                    content_type="multipart/form-data", follow_redirects=True)
    assert r.status_code == 200 and b"control characters" in r.data
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "asha@example.com")) is None


def test_signing_up_with_an_invited_address_sends_a_claim_link_and_takes_nothing_over(app, meet_world):
    """Anybody may type an invited person's address into the sign-up form (review of issue #18):
    that must not set a password on the account; its owner is mailed a fresh link to claim it,
    which proves the mailbox, and keeps the registrations made for them."""
    from marketplace.accounts import by_code
    from marketplace.notifications.models import OutboxMail

    w = meet_world
    with app.app_context():
        assert meets.import_registrations_csv(w.meet.id, w.organiser, HEADER + GOOD) == (1, [])
        invited = db.session.scalar(select(User).where(User.email == "asha@example.com"))
        assert invited.is_invited and invited.phone == "+919876543210"
        with pytest.raises(services.InvalidCredentials):  # nobody knows a password for it
            services.authenticate("asha@example.com", "")
        mails_before = db.session.scalar(select(db.func.count()).select_from(OutboxMail))
        from marketplace.accounts.models import OneTimeCode
        import datetime as dt

        for row in db.session.scalars(select(OneTimeCode)):  # a minute later (past the resend wait)
            row.created_at -= dt.timedelta(minutes=1)
        db.session.commit()
    client = app.test_client()
    r = client.post("/account/register", data={
        "role": "seller", "name": "Mallory", "email": "Asha@Example.com", "phone": "",
        "password": PASSWORD, "confirm": PASSWORD, "locale": "en"})
    assert r.status_code == 302  # the same "check your mail" answer as for a new address
    with app.app_context():
        user = db.session.get(User, invited.id)
        assert user.is_invited and user.name == "Asha Devi" and user.role == "buyer"  # nothing taken over
        with pytest.raises(services.InvalidCredentials):
            services.authenticate("asha@example.com", PASSWORD)
        mail = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id.desc())).first()
        assert db.session.scalar(select(db.func.count()).select_from(OutboxMail)) == mails_before + 1
        assert mail.to_email == "asha@example.com" and "/account/claim/" in mail.body
        token = mail.body.split("/account/claim/")[1].split()[0]
        claimed = by_code.claim(token, locale="hi", password="mango-lassi-77")
        assert claimed.id == invited.id and not claimed.is_invited and claimed.locale == "hi"
        assert meets.own_registration(claimed, w.meet.id) is not None
        assert services.authenticate("asha@example.com", "mango-lassi-77").id == invited.id


def test_an_existing_account_is_registered_not_overwritten(app, meet_world):
    w = meet_world
    buyer = w.buyers[0]
    with app.app_context():
        added, problems = meets.import_registrations_csv(
            w.meet.id, w.organiser, HEADER + f"{buyer.email},Someone Else,buyer,,,\n")
        assert added == 0 and "already registered" in problems[0]
        assert db.session.get(User, buyer.id).name == buyer.name


@pytest.mark.both_databases
def test_imported_people_get_a_claim_link_by_sms_and_mail_and_a_phone_only_row_works(app, meet_world):
    """Issue #18.3: no random passwords; each new person is sent a link to claim the account, by
    SMS to the number and by mail to the address (the real messages, in the outboxes)."""
    from marketplace.accounts import by_code
    from marketplace.notifications.models import OutboxMail, OutboxSms

    w = meet_world
    rows = GOOD + ",Ramesh Kumar,buyer,09123456789,,\n"
    with app.app_context():
        assert meets.import_registrations_csv(w.meet.id, w.organiser, HEADER + rows) == (2, [])
        ramesh = db.session.scalar(select(User).where(User.phone == "+919123456789"))
        assert ramesh.email is None and ramesh.is_invited and meets.own_registration(ramesh, w.meet.id)
        texts = {m.to_phone: m for m in db.session.scalars(select(OutboxSms).where(OutboxSms.template == "invitation"))}
        assert set(texts) == {"+919876543210", "+919123456789"}
        mails = list(db.session.scalars(select(OutboxMail).where(OutboxMail.to_email == "asha@example.com")))
        assert len(mails) == 1 and "/account/claim/" in mails[0].body
        link = texts["+919123456789"].text.split("/account/claim/")[1].split()[0].rstrip(".")
        claimed = by_code.claim(link, locale="hi")
        assert claimed.id == ramesh.id and claimed.phone_verified and not claimed.is_invited
