"""Account rules: registration, sign-in checks, profile and password changes."""
from __future__ import annotations

import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import Role, User
from marketplace.database import utcnow
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.india import parse_mobile

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
    existing = find_user_by_email(email)
    if existing is not None:
        if not existing.is_invited:
            raise EmailTaken()
        user = _take_over_invitation(existing, user)
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as exc:  # a concurrent registration won the race
        db.session.rollback()
        raise EmailTaken() from exc
    return user


def _take_over_invitation(invited: User, fresh: User) -> User:
    """The person an organiser's CSV import invited signs up: they keep the account (and with it
    the meet registrations made for them) with the password, name, mobile, role and language they
    chose now; the imported name and mobile remain only where they left a field empty."""
    invited.password_hash = fresh.password_hash
    invited.name = fresh.name if fresh.name != fresh.email.split("@")[0] else invited.name
    invited.phone = fresh.phone or invited.phone
    invited.role = fresh.role
    invited.locale = fresh.locale
    return invited


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
    """Raises ``InvalidCredentials`` if the current password is wrong, ``WeakPassword``."""
    if not user.check_password(current_password or ""):
        raise InvalidCredentials(_l("Your current password is not correct."))
    if len(new_password or "") < MIN_PASSWORD_LENGTH:
        raise WeakPassword()
    user.set_password(new_password)
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
