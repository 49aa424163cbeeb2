"""Text messages: rendered from DLT templates, queued in the outbox, sent by a worker.

``send_sms`` only adds an ``OutboxSms`` row to the caller's session (like ``send_mail``): the
message exists exactly when the caller's unit of work commits. Nothing is ever sent from a
request: ``deliver_sms`` (run by a job enqueued when that unit of work commits, and by a sweep
every half minute: ``notifications/tasks.py``, docs/jobs.md) POSTs due messages to
``SMS_GATEWAY_URL`` and retries failures with a growing pause. Without
``SMS_GATEWAY_URL`` a message is written to the log and stays in the table (development).

The templates are data (``data/sms_templates.json``: key → ``{"en": ..., "hi": ...}`` with
``{placeholders}``); each key's DLT template id comes from ``SMS_TEMPLATE_IDS``. The contract
with the gateway is in docs/accounts.md, "SMS gateway".
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import string
from pathlib import Path
from typing import Any, Mapping

import requests
from flask import current_app
from flask_babel import force_locale
from sqlalchemy import or_, select, update

from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.india import parse_mobile, to_e164
from marketplace.notifications.models import Notification, OutboxSms

log = logging.getLogger(__name__)

TEMPLATES_FILE = Path(__file__).resolve().parent / "data" / "sms_templates.json"
LANGUAGES = ("en", "hi")
FIRST_RETRY_SECONDS = 30
LONGEST_PAUSE_SECONDS = 3600


@functools.cache
def templates() -> dict[str, dict[str, str]]:
    """Every template: ``{key: {"en": text, "hi": text}}`` (read once from the JSON file)."""
    return json.loads(TEMPLATES_FILE.read_text(encoding="utf-8"))


def placeholders(text: str) -> set[str]:
    """The names of the ``{placeholders}`` in ``text``."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _language(locale: str | None) -> str:
    language = (locale or "en").replace("-", "_").split("_")[0].lower()
    return language if language in LANGUAGES else "en"


def render(template: str, params: Mapping[str, Any], locale: str | None) -> str:
    """The text of ``template`` in ``locale`` (English when it has none) with ``params`` filled.

    A value may be a lazy string (``_l``) or a callable: it is rendered in ``locale``, so a
    caller can pass "verified" or a meet's name (``lambda: loc(meet, "name")``) without knowing
    the recipient's language. Raises ``KeyError`` for an unknown template or a missing parameter.
    """
    texts = templates()[template]
    language = _language(locale)
    text = texts.get(language) or texts["en"]
    with force_locale(language):
        values = {key: value() if callable(value) else str(value) for key, value in params.items()}
    return text.format_map(values)


def template_id(template: str, locale: str | None = None) -> str:
    """The DLT template id of ``template`` in ``locale`` from ``SMS_TEMPLATE_IDS``: the key
    ``"<template>.<language>"`` (DLT registers each language's text on its own) or else
    ``"<template>"``; "" when neither is configured."""
    ids = current_app.config.get("SMS_TEMPLATE_IDS") or {}
    return str(ids.get(f"{template}.{_language(locale)}") or ids.get(template) or "")


def event_seen(event_key: str, kinds: tuple[type, ...] = (OutboxSms, Notification)) -> bool:
    """A notice or an SMS (or only ``kinds``) for ``event_key`` is already stored, or pending in
    this session."""
    for item in db.session.new:
        if isinstance(item, kinds) and item.event_key == event_key:
            return True
    with db.session.no_autoflush:
        return any(db.session.scalar(select(kind.id).where(kind.event_key == event_key)) is not None for kind in kinds)


def send_sms(to_phone: str, template: str, params: Mapping[str, Any], locale: str | None, *,
             event_key: str | None = None, secret: bool = False,
             valid_for: dt.timedelta | None = None) -> OutboxSms | None:
    """Queue ``template`` for ``to_phone``, rendered in ``locale``. Does not commit.

    ``to_phone``: an Indian mobile number, normally E.164 (``+919876543210``; any form
    ``india.parse_mobile`` accepts is stored as E.164). ``params`` fill the placeholders (see
    ``render``). ``event_key``: the event this message tells of; when a message with that key is
    already in the outbox (or pending in this session) nothing is added and ``None`` is returned.
    Two transactions racing with one key both add a row and the second commit fails on the unique
    constraint ``uq_outbox_sms_event_key``: the caller's unit of work rolls back (or retries), as
    for any other conflict. ``secret``: the text (a one-time code) is blanked once sent.
    ``valid_for``: the message is worthless after that long (a code's life) and is not sent later.

    Returns the new ``OutboxSms`` (or ``None`` for a repeated event). Raises ``ValueError`` when
    ``to_phone`` is not an Indian mobile number and ``KeyError`` for an unknown template or a
    missing parameter.
    """
    national = parse_mobile(to_phone)
    if national is None:
        raise ValueError(f"not an Indian mobile number: {to_phone!r}")
    if event_key is not None and event_seen(event_key, (OutboxSms,)):
        return None
    text = render(template, params, locale)
    message = OutboxSms(
        to_phone=to_e164(national), template=template, template_id=template_id(template, locale),
        sender=str(current_app.config.get("SMS_SENDER") or "")[:11], locale=_language(locale),
        text=text, secret=secret, event_key=event_key, attempts=0, next_attempt_at=utcnow(),
        expires_at=utcnow() + valid_for if valid_for else None,
    )
    db.session.add(message)
    if not current_app.config.get("SMS_GATEWAY_URL"):
        shown = text if not secret or current_app.config.get("LOG_SECRETS") else "[a one-time code or link]"
        log.info("sms to %s (%s): %s", message.to_phone, template, shown)
    return message


def forget_dead_secrets(now: dt.datetime | None = None) -> int:
    """Blank the text of unsent messages whose code or link has expired: they will never be sent,
    and nobody should find a live secret in the table, a backup or a dump. Commits."""
    now = now or utcnow()
    blanked = db.session.execute(update(OutboxSms).where(
        OutboxSms.secret.is_(True), OutboxSms.sent_at.is_(None), OutboxSms.expires_at.is_not(None),
        OutboxSms.expires_at <= now, OutboxSms.text != "").values(text="")).rowcount
    db.session.commit()
    return blanked


def retry_pause(attempts: int) -> dt.timedelta:
    """The pause after the ``attempts``-th failed try: 30 s, 1 min, 2 min ... at most an hour."""
    return dt.timedelta(seconds=min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), LONGEST_PAUSE_SECONDS))


def _post(message: OutboxSms) -> str | None:
    """POST ``message`` to the gateway; ``None`` when it took it (2xx), else what went wrong."""
    config = current_app.config
    body = {"to": message.to_phone, "text": message.text, "template_id": message.template_id, "sender": message.sender}
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if config.get("SMS_GATEWAY_TOKEN"):
        headers["Authorization"] = f"Bearer {config['SMS_GATEWAY_TOKEN']}"
    try:
        response = requests.post(
            config["SMS_GATEWAY_URL"], data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
            headers=headers, timeout=float(config.get("SMS_GATEWAY_TIMEOUT") or 10), allow_redirects=False,
        )
    except requests.RequestException as exc:
        return f"{type(exc).__name__}: {exc}"[:1000]
    if 200 <= response.status_code < 300:
        return None
    return f"HTTP {response.status_code}: {response.text[:500]}"


def _claim(message: OutboxSms, now: dt.datetime) -> bool:
    """SQLite has no row locks (FOR UPDATE is ignored), and the job worker runs deliver_sms on
    several threads: claim ``message`` with a guarded UPDATE that moves its next attempt past the
    time a POST can take, committed before the POST, so a second thread finds it not due. A
    crash during the POST leaves it due again once that time is over. True if this call got it."""
    lease = max(now, utcnow()) + dt.timedelta(
        seconds=2 * float(current_app.config.get("SMS_GATEWAY_TIMEOUT") or 10) + 60)
    claimed = db.session.execute(
        update(OutboxSms).where(OutboxSms.id == message.id, OutboxSms.sent_at.is_(None),
                                OutboxSms.next_attempt_at <= now)
        .values(next_attempt_at=lease).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return claimed == 1


def deliver_sms(limit: int = 100, *, now: dt.datetime | None = None) -> int:
    """The job's step (``notifications.tasks``): send up to ``limit`` due messages to ``SMS_GATEWAY_URL``; returns how
    many the gateway took.

    Due: not sent and ``next_attempt_at <= now`` (default: the present), oldest first. Each
    message is claimed with ``SELECT ... FOR UPDATE SKIP LOCKED`` (PostgreSQL; SQLite has one
    writer and ignores it), sent, and committed on its own, so two workers never send one
    message twice and a crash halfway loses nothing. A 2xx answer sets ``sent_at`` (and blanks a
    secret's text); anything else (an HTTP error, a timeout, a refused connection) keeps the error,
    counts the attempt and sets ``next_attempt_at`` by ``retry_pause``. Without ``SMS_GATEWAY_URL``
    returns 0 and leaves every row where it is.
    """
    now = now or utcnow()
    forget_dead_secrets(now)
    if not current_app.config.get("SMS_GATEWAY_URL"):
        return 0
    sent, last_id = 0, 0
    db.session.commit()  # start from a fresh transaction: locks are taken one message at a time
    for _ in range(limit):
        message = db.session.scalar(
            select(OutboxSms)
            .where(OutboxSms.sent_at.is_(None), OutboxSms.next_attempt_at <= now, OutboxSms.id > last_id,
                   or_(OutboxSms.expires_at.is_(None), OutboxSms.expires_at > now))
            .order_by(OutboxSms.id).limit(1)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        if message is None:
            break
        last_id = message.id
        if db.session.get_bind().dialect.name == "sqlite" and not _claim(message, now):
            db.session.rollback()  # another worker thread took it between our read and now
            continue
        error = _post(message)
        message.attempts = (message.attempts or 0) + 1
        if error is None:
            message.sent_at, message.error = utcnow(), None
            if message.secret:
                message.text = ""
            sent += 1
        else:
            message.error = error
            message.next_attempt_at = max(now, utcnow()) + retry_pause(message.attempts)
            log.warning("sms %s to %s not sent (attempt %s): %s", message.id, message.to_phone, message.attempts, error)
        db.session.commit()
    return sent
