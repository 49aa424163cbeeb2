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


class User(UserMixin, TimestampMixin, db.Model):
    """A person who signs in. ``email`` is stored lower-cased, so uniqueness ignores case."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(10))
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
    def is_invited(self) -> bool:
        """Invited by an organiser's import; nobody has signed up with this e-mail yet."""
        return self.password_hash == INVITED_PASSWORD_HASH

    @property
    def is_active(self) -> bool:  # Flask-Login: a deactivated account cannot sign in
        return self.active

    def has_role(self, *roles: str) -> bool:
        return self.role in {str(r) for r in roles}

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


class LoginSession(db.Model):
    """One sign-in on one device, until it is ended. Only a hash of the token is stored: the
    token itself lives in the visitor's signed cookies."""

    __tablename__ = "login_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
