"""What a one-time code or link unlocks (issue #18): signing in and up with a mobile number,
recovering an account, adding or changing a number or an e-mail, claiming an invitation.

Every function here answers the same whether or not a number or address has an account, until
the person has shown they hold it (the right code is checked before anything else is said).
``codes.check`` commits what it does to the code (a try taken, the code used) on its own, so
wrong guesses always count; inputs that can be refused are checked with the code left usable
(``consume=False``) before the code is used.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from marketplace.accounts import codes
from marketplace.accounts.models import INVITED_PASSWORD_HASH, NO_PASSWORD_HASH, CodePurpose, OneTimeCode, User
from marketplace.accounts.services import (SELF_SERVICE_ROLES, EmailTaken, InvalidPhone, InvalidRole,
                                           check_new_password, end_all_sessions, find_user_by_email,
                                           user_with_phone, valid_email)
from marketplace.accounts.signals import account_event, tell_user
from marketplace.database import utcnow
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.india import to_e164, why_not_mobile, parse_mobile
from marketplace.transaction import committed

MOBILE_PROBLEMS = {
    "foreign": _l("Only Indian mobile numbers (+91) can be used here."),
    "landline": _l("This is a landline number. Enter a mobile number that can receive SMS."),
    "invalid": _l("Enter a 10-digit Indian mobile number starting with 6, 7, 8 or 9."),
}


class SignUpNeeded(DomainError):
    code = "sign_up_needed"
    default_message = _l("This number is new to ODOP Bazaar. Tell us your name and whether you buy or sell "
                         "to create your account.")


class PhoneTaken(DomainError):
    code = "phone_taken"
    default_message = _l("This mobile number already belongs to another ODOP Bazaar account.")


class AccountInactive(DomainError):
    code = "account_inactive"
    status = 403
    default_message = _l("This account has been switched off. Please contact the ODOP cell's helpdesk.")


def mobile(raw: str | None) -> str:
    """The E.164 form of the Indian mobile number in ``raw``; ``InvalidPhone`` with a message
    that says what is wrong (a foreign number, a landline, not a number) otherwise."""
    problem = why_not_mobile(raw)
    if problem:
        raise InvalidPhone(MOBILE_PROBLEMS[problem])
    return to_e164(parse_mobile(raw))


def _free_number(phone: str, keep: User | None = None) -> None:
    """Take ``phone`` off accounts that typed it without verifying it: whoever proves they hold
    the number has it."""
    condition = (User.phone == phone) & User.phone_verified_at.is_(None)
    if keep is not None and keep.id is not None:
        condition = condition & (User.id != keep.id)
    db.session.execute(update(User).where(condition).values(phone=None))
    db.session.flush()


def _invited_holder(phone: str) -> User | None:
    """The invited (not yet claimed) account that was given the number ``phone``."""
    return db.session.scalar(select(User).where(User.phone == phone, User.password_hash == INVITED_PASSWORD_HASH))


def _claimed(user: User, phone: str | None) -> None:
    """The invited ``user`` is now their own: the number the proof came to is verified, every
    other claim link of theirs is retired, and no password works until they set one."""
    if phone and user.phone == phone:
        _free_number(phone, keep=user)
        user.phone_verified_at = user.phone_verified_at or utcnow()
    db.session.execute(update(OneTimeCode).where(
        OneTimeCode.user_id == user.id, OneTimeCode.purpose == CodePurpose.CLAIM.value,
        OneTimeCode.used_at.is_(None)).values(expires_at=utcnow()))
    if user.password_hash == INVITED_PASSWORD_HASH:
        user.password_hash = NO_PASSWORD_HASH
    account_event.send(user, action="account.claimed", summary=codes.mask(phone or user.email or ""))


def _mark_signed_in(user: User, how: str) -> None:
    if not user.active:
        raise AccountInactive()
    user.last_login_at = utcnow()
    account_event.send(user, action=f"account.sign_in.{how}", summary=codes.mask(user.phone or user.email or ""))


# ----------------------------------------------------------------- sign in and up by phone

def request_sign_in_code(raw_phone: str, *, client: str = "", locale: str = "en") -> str:
    """Send a sign-in code to the number (new numbers too: the same code signs them up) and
    commit. Returns the E.164 number. Raises ``InvalidPhone``, ``TooSoon``, ``TooManyCodes``."""
    phone = mobile(raw_phone)
    user = user_with_phone(phone)
    with committed():
        codes.issue(phone, CodePurpose.SIGN_IN, channel="sms", user=user, client=client,
                    locale=(user.locale if user else locale))
    return phone


def sign_in_with_code(raw_phone: str, code: str, *, role: str | None = None, name: str | None = None,
                      locale: str | None = None) -> tuple[User, bool]:
    """Check the code sent to the number and return ``(user, created)``: the account that holds
    the number, or a new buyer or seller account made with it when the number is new and a
    ``role`` and ``name`` are given. Commits; the caller then starts the session.

    For a new number without ``role``/``name``, ``SignUpNeeded`` is raised only after the code
    was proved right (it stays usable), so it tells nothing to somebody without the code.
    Raises ``InvalidPhone``, ``WrongCode``, ``CodeExpired``, ``TooManyTries``, ``InvalidRole``,
    ``AccountInactive``.
    """
    phone = mobile(raw_phone)
    user = user_with_phone(phone) or _invited_holder(phone)
    name = " ".join((name or "").split())[:120]
    if user is None:
        # the code first: what is said about a new number is said only to whoever holds it
        codes.check(phone, CodePurpose.SIGN_IN, code, consume=False)
        if not role and not name:
            raise SignUpNeeded()
        if role not in {r.value for r in SELF_SERVICE_ROLES}:
            raise InvalidRole(_l("Choose whether you want to buy or to sell."))
        if not name:
            raise SignUpNeeded(_l("Tell us your name to create your account."))
    codes.check(phone, CodePurpose.SIGN_IN, code)
    created = False
    with committed():
        if user is not None and user.is_invited:
            # an account an officer or an import made with this number: the code proves the
            # number, so this is the claim (the profile made for them stays theirs)
            _claimed(user, phone)
        elif user is None:
            _free_number(phone)
            user = User(email=None, phone=phone, phone_verified_at=utcnow(), name=name, role=role,
                        locale=locale if locale in ("en", "hi") else "en", password_hash=NO_PASSWORD_HASH)
            db.session.add(user)
            db.session.flush()
            created = True
            account_event.send(user, action="account.sign_up.code", summary=codes.mask(phone))
            tell_user.send(user, subject=_l("Welcome to ODOP Bazaar"), body=_l(
                "Your account is ready. Next time, sign in with your mobile number and a code we send "
                "by SMS; you can also set a password on your profile."), link="/account/profile")
        _mark_signed_in(user, "code")
    return user, created


# ----------------------------------------------------------------- recovery

def request_reset(identifier: str, *, client: str = "", locale: str = "en") -> str:
    """"Forgot password": an e-mail link (for an address) or an SMS code (for a number), sent only
    when an active account has it, with the same answer either way. Commits. Returns the
    channel, ``"email"`` or ``"sms"``. Raises ``InvalidPhone``, ``InvalidEmail``, ``TooSoon``,
    ``TooManyCodes``."""
    identifier = (identifier or "").strip()
    with committed():
        if "@" in identifier:
            email = valid_email(identifier)
            user = find_user_by_email(email)
            known = user is not None and user.active and not user.is_invited
            codes.issue(email, CodePurpose.RESET, channel="email", user=user if known else None, client=client,
                        locale=user.locale if known else locale, deliver=known,
                        link_endpoint="accounts.reset_with_link", lifetime=dt.timedelta(hours=1))
            return "email"
        phone = mobile(identifier)
        user = user_with_phone(phone)
        known = user is not None and user.active
        codes.issue(phone, CodePurpose.RESET, channel="sms", user=user if known else None, client=client,
                    locale=user.locale if known else locale, deliver=known)
        return "sms"


def _set_new_password(user: User, new_password: str, how: str) -> None:
    """``new_password`` was checked by the caller (before it spent the code or link)."""
    user.set_password(new_password)
    account_event.send(user, action=f"account.password_reset.{how}", summary="")


def reset_with_code(raw_phone: str, code: str, new_password: str) -> User:
    """Set a new password with the SMS code, end every sign-in of the account, and commit; the
    caller starts a new session. Raises ``WeakPassword`` (checked before the code is used),
    ``WrongCode``, ``CodeExpired``, ``TooManyTries``."""
    phone = mobile(raw_phone)
    user = user_with_phone(phone)
    codes.check(phone, CodePurpose.RESET, code, consume=False)  # the code first (it stays usable)
    if user is None:
        raise codes.CodeExpired()
    check_new_password(new_password, user.email, phone)
    row = codes.check(phone, CodePurpose.RESET, code)
    if row.user_id != user.id:
        raise codes.CodeExpired()
    _set_new_password(user, new_password, "sms")
    end_all_sessions(user)  # commits
    return user


def reset_with_link(token: str, new_password: str | None = None) -> User:
    """The account a reset link is for; with ``new_password``, set it, end every sign-in and
    commit. Without, it only looks (the page that asks for the new password)."""
    row = codes.check_token(token, CodePurpose.RESET, consume=False)
    user = db.session.get(User, row.user_id) if row.user_id else None
    # a link sent to an address the account no longer has is dead (whoever kept the old mailbox)
    if user is None or not user.active or row.destination != user.email:
        raise codes.CodeExpired()
    if new_password is None:
        return user
    check_new_password(new_password, user.email, user.phone)
    codes.check_token(token, CodePurpose.RESET)
    _set_new_password(user, new_password, "email")
    end_all_sessions(user)
    return user


def set_first_password(user: User, new_password: str) -> None:
    """A code-only or invited account sets its first password (no current one to give). Commits.
    Raises ``WeakPassword``; ``DomainError`` when the account has a password already."""
    if user.has_password:
        raise DomainError(_l("You already have a password. Change it with your current password."))
    check_new_password(new_password, user.email, user.phone)
    with committed():
        user.set_password(new_password)
        account_event.send(user, action="account.password_set", summary="")


# ----------------------------------------------------------------- adding a number or an address

def request_contact_code(user: User, kind: str, value: str, *, client: str = "") -> str:
    """Send a code to a new mobile number (``kind="phone"``) or e-mail (``"email"``) of the
    signed-in ``user``; commits; returns the normalised destination."""
    if kind == "phone":
        destination, purpose, channel = mobile(value), CodePurpose.VERIFY_PHONE, "sms"
    else:
        destination, purpose, channel = valid_email(value), CodePurpose.VERIFY_EMAIL, "email"
    with committed():
        codes.issue(destination, purpose, channel=channel, user=user, client=client, locale=user.locale)
    return destination


def confirm_contact(user: User, kind: str, value: str, code: str) -> User:
    """Check the code sent to the new number or address and make it the user's. Commits.
    Raises ``PhoneTaken``, ``EmailTaken`` (another account has it), the code errors."""
    if kind == "phone":
        destination, purpose = mobile(value), CodePurpose.VERIFY_PHONE
        holder = user_with_phone(destination)
    else:
        destination, purpose = valid_email(value), CodePurpose.VERIFY_EMAIL
        holder = find_user_by_email(destination)
    if holder is not None and holder.id != user.id:
        raise PhoneTaken() if kind == "phone" else EmailTaken()
    row = codes.check(destination, purpose, code)
    if row.user_id != user.id:
        raise codes.CodeExpired()
    try:
        with committed():
            if kind == "phone":
                _free_number(destination, keep=user)
                user.phone, user.phone_verified_at = destination, utcnow()
                account_event.send(user, action="account.phone_verified", summary=codes.mask(destination))
            else:
                user.email = destination
                account_event.send(user, action="account.email_verified", summary=codes.mask(destination))
    except IntegrityError:  # another account took it a moment ago
        raise (PhoneTaken() if kind == "phone" else EmailTaken()) from None
    return user


# ----------------------------------------------------------------- invitations (issue #18.3)

def invite(user: User, *, client: str = "") -> int:
    """Send ``user`` (made by an officer, an operator or an organiser's import; no password) a
    link to claim the account: by SMS to the number and by mail to the address, where known.
    Does not commit (it belongs to the caller's unit of work). Returns how many were sent."""
    sent = 0
    for destination, channel in ((user.phone, "sms"), (user.email, "email")):
        if destination:
            codes.issue_claim(user, destination, channel, client=client)
            sent += 1
    return sent


def invited_user(token: str) -> User:
    """The account an invitation link is for (the link stays usable). Raises ``CodeExpired``."""
    row = codes.check_token(token, CodePurpose.CLAIM, consume=False)
    user = db.session.get(User, row.user_id) if row.user_id else None
    if user is None or not user.active or not user.is_invited:  # claimed already: the link is dead
        raise codes.CodeExpired()
    return user


def claim(token: str, *, locale: str, password: str | None = None) -> User:
    """The invited person opens the link: their language is saved, an optional first password
    set, the number or address the link was sent to counts as verified, and the link is used.
    Commits; the caller starts the session. Raises ``CodeExpired``, ``WeakPassword``."""
    user = invited_user(token)
    if password:
        check_new_password(password, user.email, user.phone)
    row = codes.check_token(token, CodePurpose.CLAIM)
    with committed():
        _claimed(user, row.destination if row.channel == "sms" else None)
        if row.channel == "email" and user.email != row.destination:
            raise codes.CodeExpired()
        if locale in ("en", "hi"):
            user.locale = locale
        if password:
            user.set_password(password)
        _mark_signed_in(user, "invitation")
    end_all_sessions(user)  # nobody else is signed in to an account that is only now somebody's
    return user
