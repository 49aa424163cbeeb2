"""One-time codes and what they unlock (issue #18.1–3): the rules, on the services.

The code a test types is always the one handed to ``accounts.signals.send_code`` (what the SMS or
mail would carry), caught by the ``sent`` fixture: no test can pass with a code that was not sent.
The HTTP path of the SMS itself is tested against a capture server in tests/test_sms.py.
"""
from __future__ import annotations

import datetime as dt
import pytest
from sqlalchemy import func, select

from marketplace.accounts import by_code, codes, services
from marketplace.accounts.models import CodePurpose, OneTimeCode, User
from marketplace.accounts.signals import send_code
from marketplace.database import utcnow
from marketplace.extensions import db
from tests.concurrency import at_once

pytestmark = pytest.mark.both_databases

PHONE = "98765 43210"
E164 = "+919876543210"


@pytest.fixture
def sent():
    """Every code/link handed to the messaging layer, newest last."""
    caught: list[dict] = []

    def receiver(channel, **kwargs):
        caught.append({"channel": channel, **kwargs})

    send_code.connect(receiver)
    yield caught
    send_code.disconnect(receiver)


def _age_codes(app, seconds: int) -> None:
    """Move every code ``seconds`` into the past (time moved, not waited for)."""
    with app.app_context():
        for row in db.session.scalars(select(OneTimeCode)):
            row.created_at -= dt.timedelta(seconds=seconds)
            row.expires_at -= dt.timedelta(seconds=seconds)
        db.session.commit()


def test_a_new_number_signs_up_with_the_code_it_was_sent(app, sent):
    with app.app_context():
        assert by_code.request_sign_in_code(PHONE, locale="hi") == E164
        assert sent[-1]["destination"] == E164 and sent[-1]["purpose"] == "sign_in"
        code = sent[-1]["code"]
        assert len(code) == 6 and code.isdigit()
        stored = db.session.scalar(select(OneTimeCode))
        assert code not in stored.secret_hash and stored.secret_hash != code  # only a hash is kept
        with pytest.raises(by_code.SignUpNeeded):
            by_code.sign_in_with_code(PHONE, code)  # right code, new number: asks for a name first
        user, created = by_code.sign_in_with_code(PHONE, code, role="seller", name="Rahim Ansari", locale="hi")
        assert created and user.phone == E164 and user.phone_verified and user.email is None
        assert user.role == "seller" and user.locale == "hi" and not user.has_password
        with pytest.raises(codes.CodeExpired):  # one use
            by_code.sign_in_with_code(PHONE, code)
    _age_codes(app, 60)
    with app.app_context():
        by_code.request_sign_in_code("+91 98765-43210")
        again, created = by_code.sign_in_with_code("09876543210", sent[-1]["code"])
        assert again.id == user.id and not created


@pytest.mark.parametrize("typed,message", [
    ("+44 20 7946 0958", "Only Indian mobile numbers"), ("0522 2345678", "landline"), ("12345", "10-digit"),
    ("98765 4321x", "10-digit"),
])
def test_foreign_numbers_landlines_and_junk_are_refused_clearly(app, sent, typed, message):
    with app.app_context():
        with pytest.raises(services.InvalidPhone) as refused:
            by_code.request_sign_in_code(typed)
        assert message in str(refused.value.message)
        assert db.session.scalar(select(func.count()).select_from(OneTimeCode)) == 0 and sent == []


def test_five_wrong_tries_kill_the_code_and_a_hundred_never_get_in(app, sent):
    with app.app_context():
        by_code.request_sign_in_code(PHONE)
        right = sent[-1]["code"]
        wrong = [f"{(int(right) + i) % 1_000_000:06d}" for i in range(1, 101)]
        errors = []
        for guess in wrong:
            with pytest.raises(codes.CodeError) as refused:
                by_code.sign_in_with_code(PHONE, guess, role="buyer", name="X")
            errors.append(type(refused.value))
        assert errors[:4] == [codes.WrongCode] * 4 and set(errors[4:]) == {codes.TooManyTries}
        with pytest.raises(codes.TooManyTries):  # even the right code is dead now
            by_code.sign_in_with_code(PHONE, right, role="buyer", name="X")
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_codes_expire_after_ten_minutes_and_a_new_code_replaces_the_old(app, sent):
    with app.app_context():
        by_code.request_sign_in_code(PHONE)
        first = sent[-1]["code"]
    _age_codes(app, 11 * 60)
    with app.app_context():
        with pytest.raises(codes.CodeExpired):
            by_code.sign_in_with_code(PHONE, first, role="buyer", name="Asha")
        by_code.request_sign_in_code(PHONE)
        second = sent[-1]["code"]
    _age_codes(app, 40)
    with app.app_context():
        by_code.request_sign_in_code(PHONE)
        third = sent[-1]["code"]
        if second != third:
            with pytest.raises(codes.CodeError):
                by_code.sign_in_with_code(PHONE, second, role="buyer", name="Asha")
        user, _ = by_code.sign_in_with_code(PHONE, third, role="buyer", name="Asha")
        assert user.name == "Asha"


def test_resend_waits_30_seconds_and_a_number_gets_at_most_five_codes_an_hour(app, sent):
    with app.app_context():
        by_code.request_sign_in_code(PHONE)
        with pytest.raises(codes.TooSoon) as soon:
            by_code.request_sign_in_code(PHONE)
        assert soon.value.status == 429 and 1 <= soon.value.params["seconds"] <= 30
    for _ in range(4):
        _age_codes(app, 31)
        with app.app_context():
            by_code.request_sign_in_code(PHONE)
    _age_codes(app, 31)
    with app.app_context():
        with pytest.raises(codes.TooManyCodes):
            by_code.request_sign_in_code(PHONE)
        assert len(sent) == 5


def test_one_client_address_cannot_flood_many_numbers(app, sent):
    with app.app_context():
        for n in range(codes.MAX_PER_CLIENT_HOUR):
            by_code.request_sign_in_code(f"98765{n:05d}", client="203.0.113.9")
        with pytest.raises(codes.TooManyCodes):
            by_code.request_sign_in_code("9123456789", client="203.0.113.9")
        by_code.request_sign_in_code("9123456789", client="198.51.100.1")


def test_a_reset_says_the_same_for_unknown_numbers_and_sends_nothing(app, sent, make_user):
    with app.app_context():
        assert by_code.request_reset("9123456789") == "sms"
        assert by_code.request_reset("nobody@example.com") == "email"
        assert sent == []
        assert db.session.scalar(select(func.count()).select_from(OneTimeCode)) == 2  # counted alike


def test_forgotten_password_comes_back_by_sms_and_ends_every_old_sign_in(app, sent):
    with app.app_context():
        by_code.request_sign_in_code(PHONE)
        user, _ = by_code.sign_in_with_code(PHONE, sent[-1]["code"], role="buyer", name="Asha")
        by_code.set_first_password(user, "mango-lassi-77")
        services.start_session(user)
    _age_codes(app, 60)
    with app.app_context():
        assert by_code.request_reset(PHONE) == "sms"
        code = sent[-1]["code"]
        with pytest.raises(services.WeakPassword):  # checked before the code is spent
            by_code.reset_with_code(PHONE, code, "short")
        by_code.reset_with_code(PHONE, code, "jamun-barfi-88")
        assert services.authenticate("9876543210", "jamun-barfi-88").id == user.id
        with pytest.raises(services.InvalidCredentials):
            services.authenticate(PHONE, "mango-lassi-77")
        from marketplace.accounts.models import LoginSession

        assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 0


def test_a_reset_link_by_mail_works_once(app, sent, make_user):
    user = make_user(email="meera@example.com")
    with app.app_context():
        by_code.request_reset("Meera@Example.com ")
        link = sent[-1]["link"]
        assert sent[-1]["channel"] == "email" and link.startswith("/account/reset/")
        token = link.rsplit("/", 1)[1]
        assert by_code.reset_with_link(token).id == user.id  # looking does not use it
        by_code.reset_with_link(token, "kulfi-falooda-9")
        with pytest.raises(codes.CodeExpired):
            by_code.reset_with_link(token, "kulfi-falooda-10")
        with pytest.raises(codes.CodeExpired):
            by_code.reset_with_link(token[:-2] + "xx")
        assert services.authenticate("meera@example.com", "kulfi-falooda-9").id == user.id


def test_a_number_typed_but_not_verified_goes_to_whoever_proves_it(app, sent, make_user):
    squatter = make_user(phone=PHONE)
    with app.app_context():
        assert db.session.get(User, squatter.id).phone == E164 and not db.session.get(User, squatter.id).phone_verified
        by_code.request_sign_in_code(PHONE)
        owner, created = by_code.sign_in_with_code(PHONE, sent[-1]["code"], role="buyer", name="Real Owner")
        assert created and owner.id != squatter.id
        assert db.session.get(User, squatter.id).phone is None


def test_adding_a_number_and_an_address_needs_a_code_to_each(app, sent, make_user):
    user = make_user()
    with app.app_context():
        user = db.session.get(User, user.id)
        by_code.request_contact_code(user, "phone", PHONE)
        with pytest.raises(codes.WrongCode):
            by_code.confirm_contact(user, "phone", PHONE, "000000" if sent[-1]["code"] != "000000" else "111111")
        by_code.confirm_contact(user, "phone", PHONE, sent[-1]["code"])
        assert user.phone == E164 and user.phone_verified
        by_code.request_contact_code(user, "email", "New.Address@example.com")
        assert sent[-1]["channel"] == "email" and sent[-1]["destination"] == "new.address@example.com"
        by_code.confirm_contact(user, "email", "new.address@example.com", sent[-1]["code"])
        assert db.session.get(User, user.id).email == "new.address@example.com"


def test_an_invited_artisan_claims_the_account_from_the_link(app, sent):
    with app.app_context():
        artisan = User(email=None, phone=E164, name="Shabana", role="seller", locale="en", password_hash="!invited")
        db.session.add(artisan)
        db.session.flush()
        assert by_code.invite(artisan) == 1
        db.session.commit()
        token = sent[-1]["link"].rsplit("/", 1)[1]
        assert sent[-1]["channel"] == "sms" and sent[-1]["purpose"] == "claim"
        claimed = by_code.claim(token, locale="hi")
        assert claimed.phone_verified and claimed.locale == "hi" and not claimed.has_password
        with pytest.raises(codes.CodeExpired):
            by_code.claim(token, locale="en")


@pytest.mark.postgres
def test_two_verifies_of_one_code_at_once_let_exactly_one_in(app, sent):
    with app.app_context():
        by_code.request_sign_in_code(PHONE)
        code = sent[-1]["code"]
    results = at_once(app, 6, lambda n: by_code.sign_in_with_code(PHONE, code, role="buyer", name="Racer")[0].id)
    assert len([r for r in results if isinstance(r, int)]) == 1, results
    assert all(isinstance(r, codes.CodeError) for r in results if not isinstance(r, int)), results
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


# --------------------------------------------------------------------------- the JSON API (#18.6)

def test_the_api_signs_a_new_number_up_and_an_old_one_in(app, client, sent):
    asked = client.post("/api/v1/auth/otp", json={"phone": "+91 98765-43210"})
    assert asked.status_code == 202 and asked.get_json()["status"] == "sent"
    code = sent[-1]["code"]
    wrong = client.post("/api/v1/auth/otp/verify", json={"phone": PHONE, "code": "12345x"})
    assert wrong.status_code == 400 and wrong.get_json()["error"]["code"] == "code_wrong"
    new = client.post("/api/v1/auth/otp/verify", json={"phone": PHONE, "code": code})
    assert new.status_code == 400 and new.get_json()["error"]["code"] == "sign_up_needed"
    made = client.post("/api/v1/auth/otp/verify", json={"phone": PHONE, "code": code, "role": "seller",
                                                         "name": "Rahim", "locale": "hi"})
    assert made.status_code == 200, made.get_json()
    assert made.get_json()["created"] is True and made.get_json()["user"]["phone"] == E164
    assert client.get("/account/profile").status_code == 200  # the session cookie signs in


def test_the_api_answers_the_same_for_known_and_unknown_numbers(app, client, sent, make_user):
    first = client.post("/api/v1/auth/otp", json={"phone": "9123456789"})
    assert (first.status_code, first.get_json()) == (202, {"status": "sent", "expires_in_seconds": 600,
                                                            "resend_after_seconds": 30})


@pytest.mark.parametrize("body,status,code", [
    ({"phone": "+44 20 7946 0958"}, 400, "invalid_phone"), ({"phone": 9876543210}, 400, "invalid_field"),
    ({}, 400, "invalid_field"), ({"phone": "a\x00b"}, 400, None), (["9876543210"], 400, "invalid_field"),
])
def test_the_api_refuses_bad_bodies_with_a_json_error(app, client, sent, body, status, code):
    response = client.post("/api/v1/auth/otp", json=body)
    assert response.status_code == status and "error" in response.get_json()
    if code:
        assert response.get_json()["error"]["code"] == code
    assert sent == []


def test_the_api_takes_only_json_so_other_sites_cannot_post_to_it(app, client, sent):
    form = client.post("/api/v1/auth/otp", data={"phone": PHONE})
    text = client.post("/api/v1/auth/otp", data='{"phone": "9876543210"}', content_type="text/plain")
    assert form.status_code == text.status_code == 415 and sent == []


# --------------------------------------------------------------------------- found by review

def _code_only_account(app, sent, phone=PHONE, name="Asha"):
    with app.app_context():
        by_code.request_sign_in_code(phone)
        return by_code.sign_in_with_code(phone, sent[-1]["code"], role="buyer", name=name)[0]


def test_a_code_only_account_is_refused_a_password_after_a_real_hash(app, sent, monkeypatch):
    """Without a password the refusal came at once, and the timing told phone-only accounts."""
    from marketplace.accounts import models

    _code_only_account(app, sent)
    hashed = []
    real = models.check_password_hash
    monkeypatch.setattr(models, "check_password_hash", lambda h, p: hashed.append("$" in h) or real(h, p))
    with app.test_request_context():
        with pytest.raises(services.InvalidCredentials):
            services.authenticate(PHONE, "anything-at-all-1")
    assert hashed == [True]


def test_the_api_says_nothing_about_a_number_without_the_right_code(app, client, sent):
    """A wrong code with sign-up fields answered sign_up_needed / invalid_role only for new
    numbers: the code is now checked before anything else."""
    _code_only_account(app, sent)
    client.post("/api/v1/auth/otp", json={"phone": "9123456789"})
    answers = []
    for phone in (PHONE, "9123456789"):
        for extra in ({"role": "seller"}, {"name": "x"}, {}):
            r = client.post("/api/v1/auth/otp/verify", json={"phone": phone, "code": "000000", **extra})
            answers.append((phone, r.status_code, r.get_json()["error"]["code"]))
    codes_seen = {code for _, _, code in answers}
    assert codes_seen <= {"code_wrong", "code_expired"}, answers


def test_a_claim_link_is_dead_once_the_account_is_claimed_by_any_link(app, sent):
    with app.app_context():
        artisan = User(email="shabana@example.com", phone=E164, name="Shabana", role="seller", locale="en",
                       password_hash="!invited")
        db.session.add(artisan)
        db.session.flush()
        assert by_code.invite(artisan) == 2  # SMS and mail
        db.session.commit()
        sms_link, mail_link = (m["link"].rsplit("/", 1)[1] for m in sent[-2:])
        by_code.claim(sms_link, locale="hi", password="mango-lassi-77")
        with pytest.raises(codes.CodeExpired):  # the other link cannot reset her password now
            by_code.claim(mail_link, locale="en", password="stolen-pass-123")
        assert services.authenticate(PHONE, "mango-lassi-77").id == artisan.id


def test_a_code_to_an_invited_number_claims_that_account_instead_of_making_another(app, sent):
    with app.app_context():
        artisan = User(email=None, phone=E164, name="Shabana", role="seller", locale="hi", password_hash="!invited")
        db.session.add(artisan)
        db.session.commit()
        by_code.request_sign_in_code(PHONE)
        user, created = by_code.sign_in_with_code(PHONE, sent[-1]["code"])
        assert user.id == artisan.id and not created and user.phone_verified and not user.is_invited
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_a_reset_link_dies_when_the_account_changes_its_email(app, sent, make_user):
    user = make_user(email="old@example.com")
    with app.app_context():
        by_code.request_reset("old@example.com")
        token = sent[-1]["link"].rsplit("/", 1)[1]
        stored = db.session.get(User, user.id)
        by_code.request_contact_code(stored, "email", "new@example.com")
        by_code.confirm_contact(stored, "email", "new@example.com", sent[-1]["code"])
        with pytest.raises(codes.CodeExpired):
            by_code.reset_with_link(token, "kulfi-falooda-9")


def test_secrets_leave_the_outboxes_once_sent_or_dead(app, sent):
    """A code or link in outbox_sms / outbox_mail is blanked when the gateway took it or when it
    expired unsent; ordinary notices keep their text."""
    from marketplace.notifications.models import OutboxMail, OutboxSms
    from marketplace.notifications.service import deliver_outbox
    from marketplace.notifications.sms import forget_dead_secrets

    with app.app_context():
        by_code.request_sign_in_code(PHONE)
        by_code.request_reset("nobody@example.com")
        sms = db.session.scalar(select(OutboxSms))
        assert sent[-1]["code"] in sms.text and sms.secret
        assert forget_dead_secrets(now=utcnow() + dt.timedelta(minutes=11)) == 1
        assert db.session.scalar(select(OutboxSms)).text == ""
        mail = OutboxMail(to_email="x@example.com", subject="s", body="code 123456", secret=True)
        db.session.add(mail)
        db.session.commit()
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)  # refused: kept until it is sent
        deliver_outbox()
        assert db.session.get(OutboxMail, mail.id).body == "code 123456"
