"""Registering, signing in and out, profile and password, the operator CLI."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.extensions import db
from tests.fixtures.accounts import PASSWORD


def register(client, **overrides):
    data = {"role": "buyer", "name": "Ravi Kumar", "email": "ravi@example.com", "phone": "",
            "password": "secret-pass-1", "confirm": "secret-pass-1", "locale": "en"}
    data.update(overrides)
    return client.post("/account/register", data=data)


def users(app):
    with app.app_context():
        return db.session.scalars(select(User)).all()


def test_buyer_registers_and_signs_in(client, app, auth):
    response = register(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/login")
    assert "Check your mail: we have sent a message to ravi@example.com." in client.get("/account/login").get_data(as_text=True)
    assert auth.login("ravi@example.com", password="secret-pass-1").status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Ravi Kumar" in page and "Sign out" in page
    [user] = users(app)
    assert user.role == "buyer" and user.email == "ravi@example.com"
    assert user.password_hash != "secret-pass-1" and user.check_password("secret-pass-1")


def test_seller_can_register_as_seller(client, app):
    assert register(client, role="seller").status_code == 302
    assert users(app)[0].role == "seller"


def test_nobody_can_register_as_admin(client, app):
    response = register(client, role="admin")
    assert response.status_code == 200
    assert users(app) == []


def test_duplicate_email_in_another_case_creates_nothing(client, app, make_user):
    owner = make_user(email="asha@example.com")
    response = register(client, email="  ASHA@Example.COM ", name="Someone Else")
    assert response.status_code == 302
    [user] = users(app)
    assert (user.name, user.password_hash) == (owner.name, owner.password_hash)
    assert client.get("/account/profile").status_code == 302  # nobody signed in


# ----------------------------------------------------------------- registration tells nothing (issue #12.7)

def _outbox(app):
    from marketplace.notifications.models import OutboxMail

    with app.app_context():
        return db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()


def test_registration_answers_the_same_for_a_new_and_an_existing_address(app, make_user):
    """It said "An account with this email already exists": anybody could test addresses."""
    make_user(email="asha@example.com", locale="hi")
    answers = []
    for email in ("asha@example.com", "newcomer@example.com"):
        client = app.test_client()
        response = register(client, email=email)
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        answers.append((response.status_code, response.headers["Location"], page.replace(email, "EMAIL")))
    assert answers[0] == answers[1]
    assert "Check your mail: we have sent a message to EMAIL." in answers[0][2]

    to_owner, to_newcomer = _outbox(app)
    assert to_owner.to_email == "asha@example.com"
    assert to_owner.subject == "किसी ने आपके पते से पंजीकरण करने की कोशिश की"  # in the owner's language
    assert to_owner.body.endswith("\n\nhttp://localhost/account/login")
    assert (to_newcomer.to_email, to_newcomer.subject) == ("newcomer@example.com", "Your ODOP Bazaar account is ready")


@pytest.mark.parametrize("password", ["password123", "Password@123", "INDIA@123", "jaishreeram", "qwerty123",
                                      "iloveyou1", "1q2w3e4r5t", "Krishna@123"])
def test_the_most_common_passwords_are_refused(client, app, password):
    response = register(client, password=password, confirm=password)
    assert response.status_code == 200
    assert "one of the most common ones" in response.get_data(as_text=True)
    assert users(app) == [] and _outbox(app) == []


def test_a_common_password_is_refused_in_hindi_and_when_changing_it(app, login_as):
    client, user = login_as(locale="hi")
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "password123", "confirm": "password123"})
    assert response.status_code == 400
    assert "यह पासवर्ड सबसे आम पासवर्डों में से है" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user.id).check_password(PASSWORD)


@pytest.mark.parametrize("email,phone,password", [
    ("ravi.kumar@example.com", "", "ravi.kumar"), ("ravi.kumar@example.com", "", "RAVI.KUMAR-1988"),
    ("ravikumar@example.com", "", "my-ravikumar!"), ("ab@example.com", "", "ab"),
    ("ravi@example.com", "9876543210", "x9876543210y"), ("ravi@example.com", "+91 98765 43210", "98765-43210!"),
])
def test_a_password_made_of_the_email_or_the_mobile_is_refused(client, app, email, phone, password):
    response = register(client, email=email, phone=phone, password=password, confirm=password)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "must not contain your email name or your mobile number" in page or "at least 8 characters" in page
    assert users(app) == []


def test_the_common_password_list_is_bundled():
    from marketplace.accounts.services import common_passwords

    listed = common_passwords()
    assert len(listed) >= 900 and {"123456", "password", "qwerty", "india123"} <= listed


@pytest.mark.parametrize("phone,stored", [("9876543210", "+919876543210"), ("+91 98765 43210", "+919876543210"),
                                          ("098765-43210", "+919876543210"), ("", None)])
def test_indian_mobile_numbers_are_accepted_and_normalised(client, app, phone, stored):
    assert register(client, phone=phone).status_code == 302
    assert users(app)[0].phone == stored


@pytest.mark.parametrize("phone", ["12345", "5876543210", "+1 4155550100", "98765432101", "abcdefghij"])
def test_bad_mobile_number_gives_an_error_and_creates_nothing(client, app, phone):
    response = register(client, phone=phone)
    assert response.status_code == 200
    assert "10-digit Indian mobile number" in response.get_data(as_text=True)
    assert users(app) == []


def test_mismatched_passwords_create_nothing(client, app):
    response = register(client, confirm="something-else")
    assert "The passwords do not match." in response.get_data(as_text=True)
    assert users(app) == []


def test_login_and_logout(client, auth, make_user):
    user = make_user(email="meera@example.com")
    response = auth.login("MEERA@example.com")
    assert response.status_code == 302
    assert user.name in client.get("/").get_data(as_text=True)
    assert auth.logout().status_code == 302
    assert "Sign in" in client.get("/").get_data(as_text=True)
    assert client.get("/account/profile").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, auth, make_user):
    user = make_user()
    page = auth.login(user, password="not-the-password").get_data(as_text=True)
    assert "The email or password is not correct." in page
    unknown = auth.login("nobody@example.com").get_data(as_text=True)
    assert "The email or password is not correct." in unknown
    assert client.get("/account/profile").status_code == 302


def test_login_follows_only_local_next(client, make_user):
    user = make_user()
    local = client.post("/account/login", data={"email": user.email, "password": PASSWORD, "next": "/account/profile"})
    assert local.headers["Location"].endswith("/account/profile")
    client.post("/account/logout")
    evil = client.post("/account/login", data={"email": user.email, "password": PASSWORD, "next": "https://evil.example/"})
    assert "evil.example" not in evil.headers["Location"]


def test_remember_me_sets_a_persistent_cookie(client, make_user):
    user = make_user()
    response = client.post("/account/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    assert any(c.startswith("remember_token=") for c in response.headers.getlist("Set-Cookie"))


def test_profile_saves_name_language_and_channels_but_a_number_only_through_a_code(client, auth, app, make_user):
    user = make_user(phone="9812345678")
    auth.login(user)
    ok = client.post("/account/profile", data={"name": "Sita Devi", "phone": "+919800000000", "locale": "hi",
                                               "notice_email": "y"})
    assert ok.status_code == 302
    with app.app_context():
        saved = db.session.get(User, user.id)
        assert (saved.name, saved.phone, saved.locale) == ("Sita Devi", "+919812345678", "hi")
        assert saved.wants("app") and saved.wants("email") and not saved.wants("sms")
    bad = client.post("/account/contact", data={"phone-value": "12"})
    assert bad.status_code == 400 and "6, 7, 8 या 9 से शुरू" in bad.get_data(as_text=True)  # the page is Hindi now
    with app.app_context():
        assert db.session.get(User, user.id).phone == "+919812345678"


def test_change_password_needs_the_current_one(client, auth, app, make_user):
    user = make_user()
    auth.login(user)
    wrong = client.post("/account/password", data={"current_password": "nope-nope", "new_password": "brand-new-1", "confirm": "brand-new-1"})
    assert wrong.status_code == 400
    assert "Your current password is not correct." in wrong.get_data(as_text=True)
    ok = client.post("/account/password", data={"current_password": PASSWORD, "new_password": "brand-new-1", "confirm": "brand-new-1"})
    assert ok.status_code == 302
    with app.app_context():
        assert db.session.get(User, user.id).check_password("brand-new-1")


def test_deactivated_user_cannot_sign_in(app, auth, make_user):
    user = make_user()
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert "The email or password is not correct." in auth.login(user).get_data(as_text=True)


def test_operator_creates_user_from_cli_with_password_on_stdin(runner, app):
    result = runner.invoke(args=["users", "create", "Officer@Example.com", "--role", "organiser", "--name", "DIC Varanasi",
                                 "--password-stdin"], input="long-password-1\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.email, user.role, user.name) == ("officer@example.com", Role.ORGANISER, "DIC Varanasi")
        assert user.check_password("long-password-1")


def test_cli_refuses_a_duplicate_email(runner, make_user):
    make_user(email="dup@example.com")
    result = runner.invoke(args=["users", "create", "DUP@example.com", "--role", "admin"])
    assert result.exit_code != 0
    assert "exists already" in result.output


def test_an_unknown_email_is_refused_after_the_same_hashing_as_a_wrong_password(app, make_user, monkeypatch):
    """Issue #12.7: an unknown e-mail answered at once, a known one after hashing: the timing told
    which addresses have accounts. Both now check one password hash."""
    from marketplace.accounts import models, services

    calls = []
    real = models.check_password_hash
    monkeypatch.setattr(models, "check_password_hash", lambda *a: calls.append(1) or real(*a))
    make_user(email="known@example.com")
    with app.test_request_context():
        for email in ("known@example.com", "nobody@example.com"):
            calls.clear()
            with pytest.raises(services.InvalidCredentials):
                services.authenticate(email, "wrong-password-123")
            assert len(calls) == 1, email


@pytest.mark.parametrize("target", ["/orders\r\nSet-Cookie: x=1", "/\\evil.example", "/a\x00b", "/\tevil"])
def test_next_with_control_characters_or_a_backslash_goes_home(client, make_user, target):
    make_user(email="n@example.com")
    response = client.post("/account/login", data={"email": "n@example.com", "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_production_sends_hsts(monkeypatch, tmp_path):
    from marketplace import create_app
    from marketplace.config import ProductionConfig

    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "k" * 64)
    monkeypatch.setattr(ProductionConfig, "SITE_URL", "https://localhost")  # the test client's host
    monkeypatch.setattr(ProductionConfig, "SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path}/p.sqlite3", raising=False)
    monkeypatch.setattr(ProductionConfig, "SEARCH_FOLLOW", None, raising=False)  # no follower on an empty database
    app = create_app("production")
    response = app.test_client().get("/healthz")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize("lang, selected", [("en", "en"), ("hi", "hi")])
def test_the_registration_language_starts_on_the_language_being_shown(client, lang, selected):
    """Issue #17.3: the field defaulted to Hindi for an English visitor, whose site then turned Hindi."""
    page = client.get(f"/account/register?lang={lang}", headers={"Accept-Language": lang}).get_data(as_text=True)
    assert f'<option selected value="{selected}">' in page or f'<option value="{selected}" selected>' in page


# ----------------------------------------------------------------- sessions end (issue #12.4)

def _signed_in(client) -> bool:
    return client.get("/account/profile").status_code == 200


def _replay(app, client, *names):
    """A second browser holding copies of ``client``'s cookies ``names`` (a stolen cookie)."""
    thief = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        assert cookie is not None, name
        thief.set_cookie(name, cookie.value)
    return thief


def test_a_session_cookie_copied_before_sign_out_no_longer_works(app, make_user):
    user = make_user()
    client = app.test_client()
    client.post("/account/login", data={"email": user.email, "password": PASSWORD})
    thief = _replay(app, client, "session")
    assert _signed_in(thief)
    client.post("/account/logout")
    assert not _signed_in(client) and not _signed_in(_replay(app, thief, "session"))


def test_a_remember_me_cookie_copied_before_sign_out_no_longer_works(app, make_user):
    user = make_user()
    client = app.test_client()
    client.post("/account/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    stolen = client.get_cookie("remember_token").value  # the remember-me cookie alone
    thief = app.test_client()
    thief.set_cookie("remember_token", stolen)
    assert _signed_in(thief)
    client.post("/account/logout")
    late = app.test_client()
    late.set_cookie("remember_token", stolen)
    assert not _signed_in(late) and not _signed_in(thief)


def test_signing_out_on_one_device_leaves_the_others_signed_in(app, make_user):
    user = make_user()
    phone, laptop = app.test_client(), app.test_client()
    for device in (phone, laptop):
        device.post("/account/login", data={"email": user.email, "password": PASSWORD})
    phone.post("/account/logout")
    assert not _signed_in(phone) and _signed_in(laptop)


def test_a_password_change_ends_every_other_session(app, make_user):
    user = make_user()
    mine, other = app.test_client(), app.test_client()
    for device in (mine, other):
        device.post("/account/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    stolen_session = _replay(app, mine, "session")
    stolen_remember = _replay(app, other, "remember_token")
    response = mine.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "brand-new-1", "confirm": "brand-new-1"})
    assert response.status_code == 302
    assert _signed_in(mine)  # the device that changed it stays signed in
    assert not _signed_in(other) and not _signed_in(stolen_remember)
    # a copy of the changing device's own cookie still works (it is the same sign-in); a copy of
    # the other device's cookies does not
    assert _signed_in(stolen_session)


def test_sign_out_everywhere_ends_every_session(app, make_user):
    user = make_user(locale="hi")
    mine, other = app.test_client(), app.test_client()
    for device in (mine, other):
        device.post("/account/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    stolen = _replay(app, other, "session", "remember_token")
    page = mine.get("/account/profile").get_data(as_text=True)
    assert "हर जगह साइन आउट करें" in page
    response = mine.post("/account/sessions/end", follow_redirects=True)
    assert "You are signed out on every device." in response.get_data(as_text=True)  # now a visitor
    assert not any(_signed_in(c) for c in (mine, other, stolen))


def test_a_cookie_with_only_the_user_id_loads_nobody(app, make_user):
    """Cookies from before sign-ins were recorded name the bare id: they are refused."""
    user = make_user()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    assert not _signed_in(client)
    with client.session_transaction() as session:
        session["_user_id"] = f"{user.id}:made-up-token"
    assert not _signed_in(client)


# ----------------------------------------------------------------- sign-up keeps the place (issue #17.4)

def _hidden_next(page: str) -> str | None:
    import re

    match = re.search(r'<input[^>]*name="next"[^>]*value="([^"]*)"', page) or \
        re.search(r'<input[^>]*value="([^"]*)"[^>]*name="next"', page)
    return match.group(1) if match else None


def test_a_new_buyer_goes_from_checkout_through_registration_and_sign_in_back_to_checkout(client, app):
    from urllib.parse import unquote

    to_login = client.get("/checkout")
    assert to_login.status_code == 302 and unquote(to_login.headers["Location"]).endswith("next=/checkout")
    login_page = client.get(to_login.headers["Location"]).get_data(as_text=True)
    assert 'href="/account/register?next=/checkout"' in unquote(login_page)  # "Create an account" keeps it
    register_page = client.get("/account/register?next=%2Fcheckout").get_data(as_text=True)
    assert _hidden_next(register_page) == "/checkout"
    assert 'href="/account/login?next=/checkout"' in unquote(register_page)  # "Already registered?" too
    response = register(client, next="/checkout")
    assert unquote(response.headers["Location"]).endswith("/account/login?next=/checkout")
    sign_in_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Check your mail" in sign_in_page and _hidden_next(sign_in_page) == "/checkout"
    signed_in = client.post("/account/login", data={"email": "ravi@example.com", "password": "secret-pass-1",
                                                    "next": _hidden_next(sign_in_page)})
    assert signed_in.headers["Location"].endswith("/checkout")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example"])
def test_registration_does_not_pass_on_a_foreign_next(client, target):
    response = register(client, next=target)
    assert response.headers["Location"].endswith("/account/login")
    page = client.get("/account/register", query_string={"next": target}).get_data(as_text=True)
    assert 'href="/account/login">' in page.split("Already registered?")[1][:80]


@pytest.mark.parametrize("lang, heading", [("en", "What happens next"), ("hi", "आगे क्या होगा")])
def test_a_new_seller_starts_on_the_seller_profile_with_what_happens_next(client, lang, heading):
    register(client, role="seller", locale=lang, email=f"maker-{lang}@example.com")
    signed_in = client.post("/account/login", data={"email": f"maker-{lang}@example.com", "password": "secret-pass-1"})
    assert signed_in.headers["Location"].endswith("/seller/profile")
    page = client.get("/seller/profile").get_data(as_text=True)
    assert heading in page and 'data-testid="seller-next-steps"' in page


def test_a_seller_with_a_profile_and_a_buyer_start_where_they_were_going(client, make_user, make_seller):
    seller = make_seller("varanasi")
    with client.application.app_context():
        owner = db.session.get(User, seller.user_id)
    assert client.post("/account/login", data={"email": owner.email, "password": PASSWORD}).headers["Location"].endswith("/")
    client.post("/account/logout")
    buyer = make_user()
    assert not client.post("/account/login", data={"email": buyer.email, "password": PASSWORD}
                           ).headers["Location"].endswith("/seller/profile")


def test_cli_invites_instead_of_printing_a_password(app, runner):
    """Issue #18.3: the operator's command makes no password up; the person claims the account."""
    from sqlalchemy import select

    from marketplace.notifications.models import OutboxSms

    result = runner.invoke(args=["users", "create", "--phone", "+91 91234 56789", "--role", "organiser",
                                 "--name", "DIC Officer Agra", "--locale", "hi"])
    assert result.exit_code == 0, result.output
    assert "Password" not in result.output and "claim" in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.phone == "+919123456789"))
        assert user.role == "organiser" and user.is_invited and user.email is None
        assert db.session.scalar(select(OutboxSms.template).where(OutboxSms.to_phone == user.phone)) == "invitation"
    bad = runner.invoke(args=["users", "create", "--phone", "0522 2345678", "--role", "buyer"])
    assert bad.exit_code != 0 and "landline" in bad.output
