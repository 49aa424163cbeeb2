"""Account rules: registration, sign-in checks, profile and password changes."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import LoginSession, Role, User
from marketplace.database import utcnow
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.india import parse_mobile
from marketplace.params import parse_id

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


class InvalidRole(DomainError):
    code = "invalid_role"
    default_message = _l("That role does not exist.")


def normalise_email(email: str) -> str:
    """Emails compare without case or surrounding spaces."""
    return (email or "").strip().lower()


def normalise_phone(phone: str | None) -> str | None:
    """``"+91 98765-43210"`` → ``"9876543210"``; empty → ``None``.

    Raises ``InvalidPhone`` unless ``marketplace.india.parse_mobile`` accepts it.
    """
    if phone is None or not phone.strip():
        return None
    digits = parse_mobile(phone)
    if digits is None:
        raise InvalidPhone()
    return digits


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    email: str,
    password: str,
    name: str,
    role: str = Role.BUYER,
    phone: str | None = None,
    locale: str = "en",
) -> User:
    """Create an account and commit it.

    Raises ``EmailTaken`` (any letter case), ``InvalidPhone``, ``WeakPassword``, ``InvalidRole``.
    """
    if role not in {r.value for r in Role}:
        raise InvalidRole()
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise WeakPassword()
    email = normalise_email(email)
    user = User(
        email=email,
        name=(name or "").strip() or email.split("@")[0],
        phone=normalise_phone(phone),
        role=str(role),
        locale=locale if locale in ("en", "hi") else "en",
    )
    user.set_password(password)
    if find_user_by_email(email) is not None:
        raise EmailTaken()
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as exc:  # a concurrent registration won the race
        db.session.rollback()
        raise EmailTaken() from exc
    return user


def register(email: str, password: str, name: str, role: str, phone: str | None, locale: str) -> User:
    """Self-service sign-up: only as a buyer or a seller. Same errors as ``create_user``."""
    if role not in {r.value for r in SELF_SERVICE_ROLES}:
        raise InvalidRole()
    return create_user(email, password, name, role, phone, locale)


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
    """Return the active user with this email and password, and record the sign-in time.

    Raises ``InvalidCredentials`` without saying whether the email exists.
    """
    user = find_user_by_email(email)
    if user is None:
        # Hash anyway, so an unknown e-mail takes as long to refuse as a wrong password and the
        # answer's timing does not tell which addresses have accounts.
        _dummy_user().check_password(password or "")
        raise InvalidCredentials()
    if not user.check_password(password or "") or not user.active:
        raise InvalidCredentials()
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Set a new password and end every other sign-in of ``user`` (a cookie copied before the
    change stops working); the sign-in making the change stays. Raises ``InvalidCredentials`` if
    the current password is wrong, ``WeakPassword``."""
    if not user.check_password(current_password or ""):
        raise InvalidCredentials(_l("Your current password is not correct."))
    if len(new_password or "") < MIN_PASSWORD_LENGTH:
        raise WeakPassword()
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


def update_profile(user: User, name: str, phone: str | None, locale: str) -> User:
    """Save name, mobile and language. Raises ``InvalidPhone``."""
    user.phone = normalise_phone(phone)
    user.name = (name or "").strip() or user.name
    if locale in ("en", "hi"):
        user.locale = locale
    db.session.commit()
    return user


def set_language(user: User | None, locale: str) -> None:
    """Remember a signed-in user's language choice (anonymous users keep it in a cookie)."""
    if user is not None and locale in ("en", "hi") and user.locale != locale:
        user.locale = locale
        db.session.commit()
