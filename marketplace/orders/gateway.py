"""The one place that talks to Stripe (or localstripe in tests).

Plain values in, plain values out: the payments service never sees Stripe objects. Amounts
are INR paise (Stripe's smallest unit for INR). Stripe errors become domain errors:
CardDeclined for a refused card, PaymentProviderError for everything else.
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import BadWebhookSignature, CardDeclined, PaymentProviderError

CURRENCY = "inr"


def _stripe():
    """The ``stripe`` package, imported on first use: it takes about a second to import, which
    every web worker would pay at start even on a server that only takes cash on delivery."""
    import stripe  # here, not at the top: it takes about a second to import (see above)

    return stripe


@dataclass(frozen=True)
class Intent:
    id: str
    status: str  # requires_payment_method, requires_confirmation, succeeded, canceled, ...
    amount_paise: int
    client_secret: str | None
    metadata: dict


@dataclass(frozen=True)
class RefundResult:
    id: str
    amount_paise: int
    status: str


def _intent(obj) -> Intent:
    data = obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)
    return Intent(
        id=data["id"],
        status=data.get("status", ""),
        amount_paise=int(data.get("amount", 0)),
        client_secret=data.get("client_secret"),
        metadata=dict(data.get("metadata") or {}),
    )


class StripeGateway:
    """Stripe calls used by ODOP Bazaar, on a StripeClient bound to one key and API base."""

    def __init__(self, secret_key: str, *, api_base: str | None = None,
                 max_network_retries: int | None = None):
        kwargs = {}
        if api_base:
            kwargs["base_addresses"] = {"api": api_base}
        if max_network_retries is not None:
            kwargs["max_network_retries"] = max_network_retries
        self.client = _stripe().StripeClient(secret_key, **kwargs)

    def _call(self, fn, *args, **kwargs):
        stripe = _stripe()
        try:
            return fn(*args, **kwargs)
        except stripe.CardError as exc:
            raise CardDeclined() from exc
        except stripe.StripeError as exc:
            raise PaymentProviderError() from exc

    def create_intent(self, amount_paise: int, *, order_id: int, idempotency_key: str,
                      payment_method: str | None = None) -> Intent:
        """Create a PaymentIntent for ``amount_paise`` INR with the order id in its metadata.

        ``idempotency_key`` is sent to Stripe so a retried request makes no second intent.
        Raises PaymentProviderError when Stripe refuses or cannot be reached.
        """
        params = {
            "amount": int(amount_paise),
            "currency": CURRENCY,
            "metadata": {"order_id": str(order_id)},
            "payment_method_types": ["card"],
        }
        if payment_method:
            params["payment_method"] = payment_method
        obj = self._call(self.client.v1.payment_intents.create, params=params,
                         options={"idempotency_key": idempotency_key})
        return _intent(obj)

    def confirm_intent(self, intent_id: str) -> Intent:
        """Confirm an intent that already has a payment method. Raises CardDeclined on refusal."""
        return _intent(self._call(self.client.v1.payment_intents.confirm, intent_id))

    def retrieve_intent(self, intent_id: str) -> Intent:
        """The intent as Stripe holds it now."""
        return _intent(self._call(self.client.v1.payment_intents.retrieve, intent_id))

    def cancel_intent(self, intent_id: str) -> Intent:
        """Cancel an unpaid intent (an expired or cancelled order)."""
        return _intent(self._call(self.client.v1.payment_intents.cancel, intent_id))

    def refund(self, intent_id: str, amount_paise: int, *, idempotency_key: str) -> RefundResult:
        """Refund ``amount_paise`` of a paid intent. The caller guards the refundable total:
        localstripe (and our own books) must never see more refunded than was paid."""
        obj = self._call(self.client.v1.refunds.create,
                         params={"payment_intent": intent_id, "amount": int(amount_paise)},
                         options={"idempotency_key": idempotency_key})
        data = obj.to_dict()
        return RefundResult(data["id"], int(data["amount"]), data.get("status", ""))


def parse_webhook(payload: bytes, signature: str | None, secret: str) -> dict:
    """Verify a Stripe webhook and return the event as a dict.

    Raises BadWebhookSignature when the signature header is missing, wrong, or older than
    five minutes, or when the payload is not JSON.
    """
    if not signature or not secret:
        raise BadWebhookSignature()
    stripe = _stripe()
    try:
        event = stripe.Webhook.construct_event(payload, signature, secret)
    except (stripe.SignatureVerificationError, ValueError) as exc:
        raise BadWebhookSignature() from exc
    return event.to_dict()
