"""What accounts tells the layers above it (they connect; accounts imports none of them).

``tell_user``: accounts has something to tell a person (a welcome, "somebody tried to register
with your address"). Sent with the ``User`` as sender and ``subject``, ``body`` (lazy strings,
rendered in the recipient's language) and ``link`` (a site path). The notifications package
connects it to ``notify`` (an in-app notice and a mail in the outbox); the sender commits.

``send_code``: accounts has made a one-time code or link (issue #18) and somebody must receive it.
Sent with ``channel`` (``"sms"`` or ``"email"``) as sender and ``destination`` (an E.164 number
or an e-mail address), ``purpose`` (``CodePurpose``), ``code`` (the 6 digits, or ``None``),
``link`` (a site path carrying a token, or ``None``), ``locale``, ``minutes`` (how long it is
valid) and ``event_key`` (unique per code). The notifications package connects it: an SMS in the
outbox, or a mail; the sender commits, so a code whose request failed is never sent.

``account_event``: something worth an audit entry happened to an account (a code sent, a sign-in,
a sign-up, a password reset, a number verified). Sent with the ``User`` (or ``None`` for a code
sent to a number with no account) and ``action`` (a dotted verb such as ``account.sign_in.code``)
and ``summary`` (never a secret; numbers masked). The admin package records it in the audit log.

``first_page``: a user has just signed in with nowhere particular to go (no ``next``, or the home
page). Sent with the ``User``; a receiver returns the path where that user should start, or
``None``. The catalog sends a seller without a seller profile to the profile page (issue #17.4).
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

tell_user = _signals.signal("accounts.tell-user")

first_page = _signals.signal("accounts.first-page")

send_code = _signals.signal("accounts.send-code")

account_event = _signals.signal("accounts.account-event")


def first_page_for(user) -> str | None:
    """The first path a receiver of ``first_page`` gives for ``user``, or ``None``."""
    for _receiver, path in first_page.send(user):
        if path:
            return path
    return None
