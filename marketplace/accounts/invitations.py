"""People given an account by somebody else: an organiser's CSV import, a DIC officer onboarding
an artisan, an operator's command (issue #18.3).

Each person is checked with the rules of the sign-up form (e-mail as ``wtforms.Email`` checks it,
a name of at most 120 characters, an Indian mobile by ``marketplace.india``) and recorded with no
usable password (``models.INVITED_PASSWORD_HASH``); nobody's password is made up and handed
around. The person is sent a link to claim the account (``by_code.invite``: an SMS to the number,
a mail to the address, where known), which sets their language and signs them in; signing up
with that e-mail themselves also gives them the account (``services.create_user``), so the meet
registrations or the seller profile made for them are theirs.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts import by_code
from marketplace.accounts.models import INVITED_PASSWORD_HASH, Role, User
from marketplace.accounts.services import find_user_by_email, user_with_phone, valid_email
from marketplace.accounts.signals import account_event
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.params import parse_text
from marketplace.transaction import committed

NAME_LENGTH = User.__table__.c.name.type.length  # 120, as the sign-up form

#: The e-mail normalised as sign-up stores it; raises ``services.InvalidEmail``.
check_email = valid_email


class InvalidInvitee(DomainError):
    code = "invalid_invitee"


def check_name(text: str) -> str:
    """A one-line name of at most 120 characters ("" when empty). Raises ``InvalidInvitee``."""
    name = parse_text(text, NAME_LENGTH)
    if name is None:
        raise InvalidInvitee(_l("The name must be one line of at most %(n)s characters.", n=NAME_LENGTH))
    return name


def check_phone(text: str) -> str | None:
    """The number in E.164, or None when empty. Raises ``InvalidPhone`` saying what is wrong (a
    foreign number, a landline, not a number)."""
    return by_code.mobile(text) if text and text.strip() else None


def find_invitee(email: str | None, phone: str | None) -> User | None:
    """The account of the e-mail, or (without one) of the mobile number: verified, or typed on an
    account that was itself invited."""
    if email:
        return find_user_by_email(email)
    if not phone:
        return None
    return user_with_phone(phone) or db.session.scalar(
        select(User).where(User.phone == phone, User.password_hash == INVITED_PASSWORD_HASH))


def invite(email: str | None, name: str, phone: str | None, *, role: str = Role.BUYER.value,
           locale: str = "hi", actor=None) -> User:
    """The account of ``email`` (or of ``phone`` when there is no e-mail): the existing one, or a
    new invited account sent its claim link (added to the session, flushed, not committed: the
    caller commits or rolls back the whole unit, the messages with it). Inputs must have been
    checked with ``check_email`` / ``check_name`` / ``check_phone``; one of e-mail and phone is
    needed. Raises ``InvalidInvitee``, and the code limits of ``accounts.codes``."""
    if not email and not phone:
        raise InvalidInvitee(_l("Give an email address or a mobile number."))
    user = find_invitee(email, phone)
    if user is None:
        if phone and db.session.scalar(select(User.id).where(User.phone == phone)) is not None:
            raise InvalidInvitee(by_code.PhoneTaken.default_message, field="phone")
        user = User(email=email or None, name=name or (email or "").split("@")[0] or phone, phone=phone,
                    role=str(role), locale=locale if locale in ("en", "hi") else "hi",
                    password_hash=INVITED_PASSWORD_HASH)
        db.session.add(user)
        db.session.flush()
        account_event.send(actor, action="account.invited", summary=f"{user.role} {user.id}")
        by_code.invite(user)
    return user


def onboard(name: str, phone: str, email: str | None, *, role: str, locale: str, actor) -> User:
    """A DIC officer (or the ODOP cell) makes the account of a person with a mobile number and
    perhaps no e-mail, and the person is sent a link to claim it. Commits. Raises
    ``InvalidInvitee`` (also when the number or address has an account already: find that one
    instead), and the code limits; an error's ``params["field"]`` names the field at fault."""
    try:
        number = check_phone(phone)
    except DomainError as exc:
        raise InvalidInvitee(exc.message, field="phone") from None
    if number is None:
        raise InvalidInvitee(by_code.MOBILE_PROBLEMS["invalid"], field="phone")
    try:
        address = check_email(email) if email else None
    except DomainError as exc:
        raise InvalidInvitee(exc.message, field="email") from None
    try:
        clean_name = check_name(name)
    except DomainError as exc:
        raise InvalidInvitee(exc.message, field="name") from None
    if not clean_name:
        raise InvalidInvitee(_l("Enter the name."), field="name")
    if find_invitee(address, number) is not None or find_invitee(None, number) is not None:
        raise InvalidInvitee(_l("An account with this mobile number or email exists already. Find it above."),
                             field="phone")
    try:
        with committed():
            user = invite(address, clean_name, number, role=role, locale=locale, actor=actor)
    except IntegrityError:  # another officer made the same person's account a moment ago
        raise InvalidInvitee(_l("An account with this mobile number or email exists already. Find it above."),
                             field="phone") from None
    return user

