"""People invited by an organiser's CSV import, before they sign up themselves.

An import checks each person with the rules of the sign-up form (e-mail as ``wtforms.Email`` checks
it, a name of at most 120 characters, an Indian mobile by ``marketplace.india``) and records a buyer
account with no usable password (``models.INVITED_PASSWORD_HASH``). Nobody can sign in to it; when
the real person signs up with that e-mail, ``services.create_user`` gives them that account, so the
meet registrations made for them are theirs, instead of "an account with this e-mail exists".
"""
from __future__ import annotations

import email_validator
from flask_babel import lazy_gettext as _l

from marketplace.accounts.models import INVITED_PASSWORD_HASH, Role, User
from marketplace.accounts.services import find_user_by_email, normalise_email, normalise_phone
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.params import parse_text

NAME_LENGTH = User.__table__.c.name.type.length  # 120, as the sign-up form
EMAIL_LENGTH = User.__table__.c.email.type.length  # 254


class InvalidInvitee(DomainError):
    code = "invalid_invitee"


def check_email(text: str) -> str:
    """The e-mail normalised as sign-up stores it. Raises ``InvalidInvitee``."""
    email = normalise_email(parse_text(text, EMAIL_LENGTH) or "")
    try:
        if not email:
            raise email_validator.EmailNotValidError()
        email_validator.validate_email(email, check_deliverability=False)
    except email_validator.EmailNotValidError as exc:
        raise InvalidInvitee(_l("Enter a valid email address.")) from exc
    return email


def check_name(text: str) -> str:
    """A one-line name of at most 120 characters ("" when empty). Raises ``InvalidInvitee``."""
    name = parse_text(text, NAME_LENGTH)
    if name is None:
        raise InvalidInvitee(_l("The name must be one line of at most %(n)s characters.", n=NAME_LENGTH))
    return name


def check_phone(text: str) -> str | None:
    """Ten digits, or None when empty. Raises ``InvalidPhone`` (the sign-up rule)."""
    return normalise_phone(text)


def invite(email: str, name: str, phone: str | None) -> User:
    """The account of ``email``: the existing one, or a new invited buyer (added to the session,
    flushed, not committed: the import commits or rolls back the whole file). Inputs must have been
    checked with ``check_email`` / ``check_name`` / ``check_phone``."""
    user = find_user_by_email(email)
    if user is None:
        user = User(email=email, name=name or email.split("@")[0], phone=phone,
                    role=Role.BUYER.value, password_hash=INVITED_PASSWORD_HASH)
        db.session.add(user)
        db.session.flush()
    return user
