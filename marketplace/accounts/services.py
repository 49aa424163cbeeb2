"""Account rules: registration, sign-in checks, profile and password changes."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from functools import lru_cache
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts import codes
from marketplace.accounts.models import NOTICE_CHANNELS, LoginSession, Role, User
from marketplace.accounts.signals import account_event, tell_user
from marketplace.database import utcnow
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.transaction import committed
from marketplace.india import parse_mobile, to_e164
from marketplace.params import parse_id, parse_text

MIN_PASSWORD_LENGTH = 8
SELF_SERVICE_ROLES = (Role.BUYER, Role.SELLER)


class EmailTaken(DomainError):
    code = "email_taken"
    default_message = _l("An account with this email already exists. Try signing in instead.")


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    default_message = _l("The email or password is not correct.")


class InvalidPhone(DomainError):
    code = "invalid_phone"
    default_message = _l("Enter a 10-digit Indian mobile number starting with 6, 7, 8 or 9.")


class WeakPassword(DomainError):
    code = "weak_password"
    default_message = _l("The password must have at least 8 characters.")


class CommonPassword(WeakPassword):
    code = "common_password"
    default_message = _l("This password is one of the most common ones, which are guessed first. Choose another.")


class PersonalPassword(WeakPassword):
    code = "personal_password"
    default_message = _l("The password must not contain your email name or your mobile number.")


class InvalidRole(DomainError):
    code = "invalid_role"
    default_message = _l("That role does not exist.")


def normalise_email(email: str) -> str:
    """Emails compare without case or surrounding spaces."""
    return (email or "").strip().lower()


class InvalidEmail(DomainError):
    code = "invalid_email"
    default_message = _l("Enter a valid email address.")


EMAIL_LENGTH = User.__table__.c.email.type.length  # 254


def valid_email(text: str | None) -> str:
    """The e-mail in ``text`` normalised as accounts store it, checked as the sign-up form checks
    it (``email_validator``, one line, at most 254 characters): the one e-mail rule of sign-up,
    reset, a new address and imports. Raises ``InvalidEmail``."""
    email = normalise_email(parse_text(text, EMAIL_LENGTH) or "")
    try:
        if not email:
            raise EmailNotValidError()
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise InvalidEmail() from None
    return email


def normalise_phone(phone: str | None) -> str | None:
    """``"+91 98765-43210"`` → ``"+919876543210"`` (E.164, how users' numbers are stored);
    empty → ``None``.

    Raises ``InvalidPhone`` unless ``marketplace.india.parse_mobile`` accepts it.
    """
    if phone is None or not phone.strip():
        return None
    digits = parse_mobile(phone)
    if digits is None:
        raise InvalidPhone()
    return to_e164(digits)


COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common_passwords.txt"


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The bundled list of the commonest passwords, lower-cased (read once per process)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def check_new_password(password: str, email: str | None = None, phone: str | None = None) -> None:
    """Refuse a password an attacker tries first (issue #12.7).

    Raises ``WeakPassword`` when it is shorter than ``MIN_PASSWORD_LENGTH``, ``CommonPassword``
    when it is on the bundled list (in any letter case), ``PersonalPassword`` when it contains the
    e-mail's local part (of 4 letters or more; equal to a shorter one) or the 10-digit mobile.
    """
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword()
    lowered = password.lower()
    if lowered in common_passwords():
        raise CommonPassword()
    local = normalise_email(email or "").partition("@")[0]
    if local and (lowered == local or (len(local) >= 4 and local in lowered)):
        raise PersonalPassword()
    digits = "".join(ch for ch in password if ch.isdigit())
    national = parse_mobile(phone) if phone else None
    if national and national in digits:
        raise PersonalPassword()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def user_with_phone(phone: str) -> User | None:
    """The account that has verified the E.164 number ``phone`` (a number typed but never
    verified signs nobody in)."""
    return db.session.scalar(select(User).where(User.phone == phone, User.phone_verified_at.is_not(None)))


def find_user(identifier: str) -> User | None:
    """The account an e-mail address or a verified mobile number (any way it is written) names."""
    identifier = (identifier or "").strip()
    if "@" not in identifier:
        national = parse_mobile(identifier)
        return user_with_phone(to_e164(national)) if national else None
    return find_user_by_email(identifier)


def _number_if_free(phone: str | None, user: User | None = None) -> str | None:
    """``phone`` when no other account has it (typed, unverified numbers are contact detail: a
    number somebody else holds is simply not stored), else ``None``."""
    if not phone:
        return None
    holder = db.session.scalar(select(User.id).where(User.phone == phone))
    return phone if holder is None or (user is not None and holder == user.id) else None


def create_user(
    email: str,
    password: str,
    name: str,
    role: str = Role.BUYER,
    phone: str | None = None,
    locale: str = "en",
) -> User:
    """Create an account and commit it.

    Raises ``EmailTaken`` (any letter case), ``InvalidPhone``, ``WeakPassword`` (or its
    ``CommonPassword``/``PersonalPassword``, see ``check_new_password``), ``InvalidRole``.
    """
    if role not in {r.value for r in Role}:
        raise InvalidRole()
    email = normalise_email(email)
    user = User(
        email=email,
        name=(name or "").strip() or email.split("@")[0],
        phone=_number_if_free(normalise_phone(phone)),
        role=str(role),
        locale=locale if locale in ("en", "hi") else "en",
    )
    check_new_password(password, email, user.phone)
    user.set_password(password)
    if find_user_by_email(email) is not None:
        raise EmailTaken()
    try:
        with committed():
            db.session.add(user)
    except IntegrityError as exc:  # a concurrent registration won the race
        raise EmailTaken() from exc
    return user


def register(email: str, password: str, name: str, role: str, phone: str | None, locale: str) -> User | None:
    """Self-service sign-up, only as a buyer or a seller, that does not tell whether the address
    already has an account (issue #12.7): both cases end in a mail to the address, and the caller
    answers the same "check your mail" either way.

    Returns the new user (told by mail that the account is ready), or ``None`` when the address
    already had an account: its owner is told by mail that somebody tried to register with it,
    and nothing else changes. Commits. Raises ``InvalidPhone``, ``WeakPassword``, ``InvalidRole``
    (checked before the address is looked at, so they too say nothing about it).
    """
    if role not in {r.value for r in SELF_SERVICE_ROLES}:
        raise InvalidRole()
    sign_in = url_for("accounts.login")
    try:
        user = create_user(email, password, name, role, phone, locale)
    except EmailTaken:
        owner = find_user_by_email(email)
        if owner is not None and owner.is_invited:
            # An account was made for this address (an organiser's import, an officer): signing up
            # must not take it over (anybody may type the address), so its owner gets a fresh link
            # to claim it, which proves they read this mailbox (issue #18.3).
            try:
                with committed():
                    codes.issue_claim(owner, owner.email, "email")
            except codes.CodeError:  # a link went out a moment ago: the same answer all the same
                pass
            return None
        if owner is not None:
            tell_user.send(owner, subject=_l("Somebody tried to register with your address"), body=_l(
                "Somebody tried to create a new ODOP Bazaar account with this email address, which "
                "already has an account. If it was you, sign in instead; if you have forgotten the "
                "password, ask the ODOP cell's helpdesk. If it was not you, you need not do anything."),
                link=sign_in)
            db.session.commit()
        return None
    tell_user.send(user, subject=_l("Your ODOP Bazaar account is ready"), body=_l(
        "Welcome to ODOP Bazaar! Sign in with this email address and the password you chose."),
        link=sign_in)
    db.session.commit()
    return user


_DUMMIES: dict[str, User] = {}


def _dummy_user() -> User:
    """A user (never saved) whose password hash uses the configured method, made once per method."""
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    if method not in _DUMMIES:
        dummy = User()
        dummy.set_password(secrets.token_hex(16))
        _DUMMIES[method] = dummy
    return _DUMMIES[method]


def authenticate(email: str, password: str) -> User:
    """Return the active user with this e-mail (or verified mobile number) and password, and
    record the sign-in time.

    Raises ``InvalidCredentials`` without saying whether the account exists.
    """
    user = find_user(email)
    if user is None or not user.has_password:
        # Hash anyway, so an unknown e-mail (or an account that signs in by code only, or one
        # not claimed yet) takes as long to refuse as a wrong password and the answer's timing
        # does not tell which addresses and numbers have accounts.
        _dummy_user().check_password(password or "")
        raise InvalidCredentials()
    if not user.check_password(password or "") or not user.active:
        raise InvalidCredentials()
    user.last_login_at = utcnow()
    account_event.send(user, action="account.sign_in.password", summary="")
    db.session.commit()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Set a new password and end every other sign-in of ``user`` (a cookie copied before the
    change stops working); the sign-in making the change stays. Raises ``InvalidCredentials`` if
    the current password is wrong, ``WeakPassword`` (see ``check_new_password``)."""
    if not user.check_password(current_password or ""):
        raise InvalidCredentials(_l("Your current password is not correct."))
    check_new_password(new_password, user.email, user.phone)
    user.set_password(new_password)
    _delete_sessions(user, keep=user.login_token)
    db.session.commit()


# ----------------------------------------------------------------- sign-ins (issue #12.4)
#
# Every sign-in gets a random token kept in the visitor's signed cookies (``User.get_id``) and,
# hashed, in ``login_sessions``. The user loader accepts a cookie only while its row exists, so
# ending a sign-in is deleting its row: sign-out ends this device's, a password change the other
# devices', "sign out everywhere" (and a password reset, when there is one) all of them.

def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_lifetime() -> dt.timedelta:
    """How long a sign-in lasts at most: the remember-me cookie's lifetime (Flask-Login's default
    of 365 days), and never less than the session cookie's."""
    config = current_app.config
    remember = config.get("REMEMBER_COOKIE_DURATION") or dt.timedelta(days=365)
    if not isinstance(remember, dt.timedelta):
        remember = dt.timedelta(seconds=int(remember))
    return max(remember, config["PERMANENT_SESSION_LIFETIME"])


def start_session(user: User) -> str:
    """Record a new sign-in of ``user`` (call just before ``login_user``) and commit; also drops
    the user's sign-ins that have outlived ``session_lifetime()``. Returns the token, which is
    also set on ``user.login_token``."""
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.created_at < utcnow() - session_lifetime()))
    db.session.add(LoginSession(token_hash=_token_hash(token), user_id=user.id))
    db.session.commit()
    user.login_token = token
    return token


def user_for_session(cookie_id: str | None) -> User | None:
    """The user a cookie's ``"<user id>:<token>"`` names, if that sign-in has not been ended and
    is younger than ``session_lifetime()``; ``None`` otherwise (also for malformed values and for
    cookies from before sign-ins were recorded, which hold the bare id)."""
    user_id, _, token = (cookie_id or "").partition(":")
    number = parse_id(user_id)
    if not number or not token or len(token) > 100:
        return None
    user = db.session.scalar(
        select(User).join(LoginSession, LoginSession.user_id == User.id).where(
            User.id == number, LoginSession.token_hash == _token_hash(token),
            LoginSession.created_at >= utcnow() - session_lifetime()))
    if user is not None:
        user.login_token = token
    return user


def _delete_sessions(user: User, keep: str | None = None) -> None:
    condition = LoginSession.user_id == user.id
    if keep:
        condition = condition & (LoginSession.token_hash != _token_hash(keep))
    db.session.execute(delete(LoginSession).where(condition))


def end_session(user: User) -> None:
    """Sign-out: end the sign-in ``user`` was loaded for (this device only), and commit."""
    if user.login_token:
        db.session.execute(delete(LoginSession).where(LoginSession.token_hash == _token_hash(user.login_token)))
        db.session.commit()


def end_all_sessions(user: User) -> None:
    """"Sign out everywhere" (and a password reset): end every sign-in of ``user``, this one
    included, and commit."""
    _delete_sessions(user)
    db.session.commit()


def update_profile(user: User, name: str, locale: str, channels: set[str] | None = None) -> User:
    """Save name, language and the channels notices go out on (in-app notices are always kept;
    ``channels`` holds ``"email"`` and/or ``"sms"``). A number or an e-mail changes only with a
    code sent to it (``by_code.request_contact_code``). Commits."""
    user.name = " ".join((name or "").split())[:120] or user.name
    if locale in ("en", "hi"):
        user.locale = locale
    if channels is not None:
        user.notice_channels = ",".join(c for c in NOTICE_CHANNELS if c == "app" or c in channels)
    db.session.commit()
    return user


def set_language(user: User | None, locale: str) -> None:
    """Remember a signed-in user's language choice (anonymous users keep it in a cookie)."""
    if user is not None and locale in ("en", "hi") and user.locale != locale:
        user.locale = locale
        db.session.commit()
