"""Users and roles."""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from marketplace.database import TimestampMixin, UTCDateTime, utcnow
from marketplace.extensions import db


class Role(StrEnum):
    BUYER = "buyer"
    SELLER = "seller"
    ORGANISER = "organiser"  # a District Industries Centre officer or samagam organiser
    ADMIN = "admin"  # the ODOP cell


#: The password hash of an account an organiser's CSV import made for somebody who has not signed
#: up yet: no password matches it (a real hash has ``method$salt$hash``), and signing up with that
#: e-mail takes the account over (``accounts.services.create_user``).
INVITED_PASSWORD_HASH = "!invited"
#: The password hash of an account that signs in by one-time code only (made with a mobile number
#: and no password, issue #18): no password matches it until the owner sets one.
NO_PASSWORD_HASH = "!none"

#: The ways a user may be told things (issue #18.5), in the order the profile lists them.
NOTICE_CHANNELS = ("app", "email", "sms")


class User(UserMixin, TimestampMixin, db.Model):
    """A person who signs in, with an e-mail address, a mobile number, or both (issue #18).

    ``email`` is stored lower-cased, so uniqueness ignores case. ``phone`` is the mobile number in
    E.164 (``+919876543210``), unique; it signs in only once ``phone_verified_at`` is set (a code
    sent to it was entered). A number typed on the profile before it was verified is contact
    detail only, and the person who verifies it takes it over.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(16), unique=True)
    phone_verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    notice_channels: Mapped[str] = mapped_column(String(40), default="app,email,sms")
    locale: Mapped[str] = mapped_column(String(5), default="en")
    role: Mapped[str] = mapped_column(String(20), default=Role.BUYER.value, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    # The sign-in this object was loaded for (not a column): set by ``services.start_session`` and
    # by the user loader, so ``get_id`` names the session and not only the person.
    login_token = None  # str | None

    def get_id(self) -> str:
        """Flask-Login keeps this in the session cookie and the remember-me cookie:
        ``"<user id>:<sign-in token>"``. A cookie whose sign-in was ended (sign-out, password
        change, "sign out everywhere") no longer loads anybody (issue #12.4)."""
        if not self.login_token:
            raise RuntimeError("start_session(user) before login_user(user)")
        return f"{self.id}:{self.login_token}"

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def has_password(self) -> bool:
        """A password was set (not an invitation, not a code-only account)."""
        return not self.password_hash.startswith("!")

    @property
    def phone_verified(self) -> bool:
        return bool(self.phone and self.phone_verified_at)

    def wants(self, channel: str) -> bool:
        """The user asked to be told things over ``channel`` (``app``, ``email`` or ``sms``)."""
        return channel in (self.notice_channels or "").split(",")

    @property
    def is_invited(self) -> bool:
        """Invited by an organiser's import; nobody has signed up with this e-mail yet."""
        return self.password_hash == INVITED_PASSWORD_HASH

    @property
    def is_active(self) -> bool:  # Flask-Login: a deactivated account cannot sign in
        return self.active

    def has_role(self, *roles: str) -> bool:
        return self.role in {str(r) for r in roles}

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email or self.phone} {self.role}>"


class LoginSession(db.Model):
    """One sign-in on one device, until it is ended. Only a hash of the token is stored: the
    token itself lives in the visitor's signed cookies."""

    __tablename__ = "login_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CodePurpose(StrEnum):
    SIGN_IN = "sign_in"  # a code to sign in (or, for a new number, to sign up)
    VERIFY_PHONE = "verify_phone"  # a signed-in user adds or changes a mobile number
    VERIFY_EMAIL = "verify_email"  # a signed-in user adds or changes an e-mail address
    RESET = "reset"  # forgot password: an SMS code or an e-mail link
    CLAIM = "claim"  # an invitation: the person onboarded by an officer or a CSV claims the account


class OneTimeCode(db.Model):
    """A secret sent to a mobile number or e-mail address: a 6-digit code, or a long token in a
    link. Only an HMAC of it is stored (keyed with SECRET_KEY and this row's salt, so the table
    alone does not give the million possible codes away). One use, a few wrong tries, short life.
    """

    __tablename__ = "one_time_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20), index=True)
    channel: Mapped[str] = mapped_column(String(10))  # "sms" or "email"
    destination: Mapped[str] = mapped_column(String(254), index=True)  # E.164 number or e-mail
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    salt: Mapped[str] = mapped_column(String(32))
    secret_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    wrong_tries: Mapped[int] = mapped_column(default=0)
    client: Mapped[str] = mapped_column(String(64), default="")  # the address that asked for it
