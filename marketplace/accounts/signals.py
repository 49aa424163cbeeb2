"""What accounts tells the layers above it (they connect; accounts imports none of them).

``tell_user``: accounts has something to tell a person (a welcome, "somebody tried to register
with your address"). Sent with the ``User`` as sender and ``subject``, ``body`` (lazy strings,
rendered in the recipient's language) and ``link`` (a site path). The notifications package
connects it to ``notify`` (an in-app notice and a mail in the outbox); the sender commits.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

tell_user = _signals.signal("accounts.tell-user")
