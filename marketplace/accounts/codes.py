"""One-time codes and links (issue #18.2): made, sent, checked.

A code is 6 digits, valid ``CODE_MINUTES`` minutes, good for one use and for at most
``MAX_WRONG_TRIES`` wrong guesses; a link token is 32 random bytes, valid longer
(``LINK_HOURS``). Only an HMAC of either is stored (``OneTimeCode``), keyed with ``SECRET_KEY`` and
a per-row salt. Asking again for the same purpose replaces the earlier code; a new code may be
asked for ``RESEND_SECONDS`` after the last one at the earliest, at most ``MAX_PER_HOUR`` times an
hour per number or address, and at most ``MAX_PER_CLIENT_HOUR`` times an hour from one client
address (Flask-Limiter adds a per-address limit on the routes too).

Checking a code is race-safe without row locks: each guess first takes one of the code's tries
with a single conditional ``UPDATE`` (``wrong_tries < 5``), and a right guess then marks the code
used with another (``used_at IS NULL``); of two right guesses at once exactly one updates the
row. The answer never says whether a number or address has an account: codes are made (and
counted) for unknown ones too; only whether a message goes out differs, and the caller decides.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from marketplace.accounts.models import CodePurpose, OneTimeCode
from marketplace.accounts.signals import account_event, send_code
from marketplace.database import utcnow
from marketplace.errors import DomainError
from marketplace.extensions import db

CODE_MINUTES = 10
LINK_HOURS = 1  # a reset link
CLAIM_DAYS = 14  # an invitation waits longer: the artisan may see it only on market day
MAX_WRONG_TRIES = 5
RESEND_SECONDS = 30
MAX_PER_HOUR = 5
MAX_PER_CLIENT_HOUR = 30


class CodeError(DomainError):
    code = "code_invalid"
    default_message = _l("That code is not right. Check the message and try again.")


class WrongCode(CodeError):
    code = "code_wrong"


class CodeExpired(CodeError):
    code = "code_expired"
    default_message = _l("That code has expired or was already used. Ask for a new one.")


class TooManyTries(CodeError):
    code = "code_too_many_tries"
    default_message = _l("Too many wrong tries for this code. Ask for a new one.")


class TooSoon(CodeError):
    code = "code_too_soon"
    status = 429
    default_message = _l("A code was sent a moment ago. You can ask for another in %(seconds)s seconds.")

    def __init__(self, seconds: int):
        super().__init__(_l("A code was sent a moment ago. You can ask for another in %(seconds)s seconds.",
                            seconds=seconds), seconds=seconds)


class TooManyCodes(CodeError):
    code = "code_limit"
    status = 429
    default_message = _l("Too many codes were asked for. Please wait an hour and try again.")


def _digest(salt: str, secret: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"{salt}:{secret}".encode(), hashlib.sha256).hexdigest()


def new_code() -> str:
    """Six random digits (leading zeros kept)."""
    return f"{secrets.randbelow(1_000_000):06d}"


def _check_limits(destination: str, client: str, now: dt.datetime) -> None:
    hour_ago = now - dt.timedelta(hours=1)
    # the last hour's codes to this destination: how many, and the newest (for the resend wait)
    sent, last = db.session.execute(select(func.count(), func.max(OneTimeCode.created_at)).where(
        OneTimeCode.destination == destination, OneTimeCode.created_at >= hour_ago)).one()
    if last is not None and (now - last).total_seconds() < RESEND_SECONDS:
        raise TooSoon(max(1, int(RESEND_SECONDS - (now - last).total_seconds() + 0.999)))
    if sent >= MAX_PER_HOUR:
        raise TooManyCodes()
    if client:
        from_client = db.session.scalar(select(func.count()).select_from(OneTimeCode).where(
            OneTimeCode.client == client, OneTimeCode.created_at >= hour_ago))
        if from_client >= MAX_PER_CLIENT_HOUR:
            raise TooManyCodes()


def issue(destination: str, purpose: CodePurpose | str, *, channel: str, user=None, client: str = "",
          locale: str = "en", deliver: bool = True, link_endpoint: str | None = None,
          lifetime: dt.timedelta | None = None, now: dt.datetime | None = None) -> OneTimeCode:
    """Make a 6-digit code, or with ``link_endpoint`` a link token instead, for ``destination``
    (an E.164 number or a normalised e-mail), retiring earlier unused ones for the same purpose,
    and hand it to ``send_code`` unless ``deliver`` is false (an unknown account: counted, not
    sent, so the answer is the same).

    Adds to the session and flushes; the caller commits (a message for a code whose request
    failed is never sent). Returns the row (the secret itself is only ever sent, never kept).
    Raises ``TooSoon``, ``TooManyCodes``.
    """
    now = now or utcnow()
    purpose = CodePurpose(purpose)
    _check_limits(destination, client, now)
    db.session.execute(update(OneTimeCode).where(
        OneTimeCode.destination == destination, OneTimeCode.purpose == purpose.value,
        OneTimeCode.used_at.is_(None), OneTimeCode.expires_at > now).values(expires_at=now))
    if lifetime is None:
        lifetime = dt.timedelta(hours=LINK_HOURS) if link_endpoint else dt.timedelta(minutes=CODE_MINUTES)
    row = OneTimeCode(purpose=purpose.value, channel=channel, destination=destination,
                      user_id=getattr(user, "id", None), salt=secrets.token_hex(8), secret_hash="",
                      created_at=now, expires_at=now + lifetime, client=client[:64])
    db.session.add(row)
    db.session.flush()
    code = link = None
    if link_endpoint:
        # the row's id leads the token, so checking a link reads one row, not every live one
        token = f"{row.id}-{secrets.token_urlsafe(32)}"
        row.secret_hash = _digest(row.salt, token)
        link = url_for(link_endpoint, token=token, _external=False)
    else:
        code = new_code()
        row.secret_hash = _digest(row.salt, code)
    account_event.send(user, action=f"account.code_sent.{channel}", summary=f"{purpose.value} → {mask(destination)}")
    if deliver:
        send_code.send(channel, destination=destination, purpose=purpose.value, code=code, link=link,
                       locale=locale, minutes=int(lifetime.total_seconds() // 60), event_key=f"code:{row.id}")
    return row


def issue_claim(user, destination: str, channel: str, *, client: str = "") -> OneTimeCode:
    """A link for ``user`` (an invited account) to claim the account, sent to ``destination`` (its
    number by SMS or its address by mail), valid ``CLAIM_DAYS``. As ``issue``: not committed."""
    return issue(destination, CodePurpose.CLAIM, channel=channel, user=user, client=client, locale=user.locale,
                 link_endpoint="accounts.claim", lifetime=dt.timedelta(days=CLAIM_DAYS))


def mask(destination: str) -> str:
    """``+919876543210`` → ``+91•••••••210``; ``asha@example.com`` → ``a•••@example.com`` (logs)."""
    if "@" in destination:
        local, _, domain = destination.partition("@")
        return f"{local[:1]}•••@{domain}"
    return destination[:3] + "•" * max(0, len(destination) - 6) + destination[-3:]


def _live(destination: str, purpose: str, now: dt.datetime):
    return select(OneTimeCode).where(
        OneTimeCode.destination == destination, OneTimeCode.purpose == purpose,
        OneTimeCode.used_at.is_(None), OneTimeCode.expires_at > now,
    ).order_by(OneTimeCode.id.desc())


def check(destination: str, purpose: CodePurpose | str, code: str, *, consume: bool = True,
          now: dt.datetime | None = None) -> OneTimeCode:
    """The live code row for ``destination`` that ``code`` matches, marked used (unless
    ``consume`` is false). Commits the try it took, so wrong guesses count even when the caller
    rolls back. Raises ``WrongCode``, ``CodeExpired``, ``TooManyTries``."""
    now = now or utcnow()
    purpose = CodePurpose(purpose).value
    code = "".join(ch for ch in (code or "") if not ch.isspace())
    row = db.session.scalar(_live(destination, purpose, now).limit(1))
    if row is None:
        raise CodeExpired()
    # take one try, atomically: never more than MAX_WRONG_TRIES guesses, even all at once
    took = db.session.execute(update(OneTimeCode).where(
        OneTimeCode.id == row.id, OneTimeCode.used_at.is_(None),
        OneTimeCode.wrong_tries < MAX_WRONG_TRIES).values(wrong_tries=OneTimeCode.wrong_tries + 1)).rowcount
    if not took:
        db.session.commit()
        raise TooManyTries() if row.used_at is None else CodeExpired()
    if not (code.isdigit() and hmac.compare_digest(_digest(row.salt, code), row.secret_hash)):
        db.session.commit()
        db.session.refresh(row)
        if row.wrong_tries >= MAX_WRONG_TRIES:
            raise TooManyTries()
        raise WrongCode()
    values = {"wrong_tries": OneTimeCode.wrong_tries - 1}  # a right guess is not a wrong try
    if consume:
        values["used_at"] = now
    won = db.session.execute(update(OneTimeCode).where(
        OneTimeCode.id == row.id, OneTimeCode.used_at.is_(None)).values(**values)).rowcount
    db.session.commit()
    if not won:  # another request used it a moment ago
        raise CodeExpired()
    db.session.refresh(row)
    return row


def check_token(token: str, purpose: CodePurpose | str, *, consume: bool = True,
                now: dt.datetime | None = None) -> OneTimeCode:
    """The live row whose link token is ``token``, marked used unless ``consume`` is false (and
    committed). Raises ``CodeExpired`` for an unknown, used or expired token."""
    now = now or utcnow()
    purpose = CodePurpose(purpose).value
    head, _, _rest = (token or "").strip().partition("-")
    row_id = int(head) if head.isdigit() and len(head) < 12 else None
    row = db.session.get(OneTimeCode, row_id) if row_id else None
    if (row is None or row.purpose != purpose or row.used_at is not None or row.expires_at <= now
            or len(token) > 120 or not hmac.compare_digest(_digest(row.salt, token.strip()), row.secret_hash)):
        raise CodeExpired()
    if consume:
        won = db.session.execute(update(OneTimeCode).where(
            OneTimeCode.id == row.id, OneTimeCode.used_at.is_(None)).values(used_at=now)).rowcount
        db.session.commit()
        if not won:
            raise CodeExpired()
        db.session.refresh(row)
    return row
