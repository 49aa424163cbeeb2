"""The Stripe webhook: verify the signature, record each event once, apply it.

The event id is stored in ``payment_events`` (unique): the same event a second time changes
nothing. ``payment_intent.succeeded`` / ``payment_failed`` / ``canceled`` are applied by the
card payment service (``payments.py``); other event types are ignored.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.extensions import db
from marketplace.transaction import committed

from .gateway import parse_webhook
from .models import PaymentEvent
from .payments import payment_canceled, payment_failed, payment_succeeded


HANDLED = {"payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.canceled"}


def handle_webhook(payload: bytes, signature: str | None, secret: str | None) -> str:
    """Verify and apply one Stripe webhook call; returns "processed", "duplicate" or "ignored".

    Raises BadWebhookSignature (the view answers 400) before anything is stored.
    """
    event = parse_webhook(payload, signature, secret or "")
    event_id, kind = event.get("id"), event.get("type", "")
    obj = (event.get("data") or {}).get("object") or {}
    if not event_id:
        return "ignored"
    if db.session.scalar(select(PaymentEvent.id).where(PaymentEvent.provider_event_id == event_id)):
        return "duplicate"
    if kind not in HANDLED:
        return "ignored"
    try:
        if kind == "payment_intent.succeeded":
            changed = payment_succeeded(obj.get("id", ""), int(obj.get("amount_received") or obj.get("amount") or 0),
                                        event_id=event_id)
        elif kind == "payment_intent.canceled":
            changed = payment_canceled(obj.get("id", ""), event_id=event_id)
        else:
            error = obj.get("last_payment_error") or {}
            changed = payment_failed(obj.get("id", ""), event_id=event_id,
                                     message=str(error.get("code") or error.get("message") or ""))
    except IntegrityError:  # the same event delivered twice at the same moment (the service rolled back)
        return "duplicate"
    if not changed:
        # keep the event id so a replay is recognised even when there was nothing to do
        try:
            with committed():
                db.session.add(PaymentEvent(provider_event_id=event_id, kind=kind,
                                            provider_object_id=obj.get("id")))
        except IntegrityError:
            return "duplicate"
    return "processed" if changed else "ignored"
