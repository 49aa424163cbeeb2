"""Smoke test of the Stripe client against localstripe, and of webhook signature checks."""
import json
import time

import pytest
import stripe

from marketplace.orders.errors import BadWebhookSignature, CardDeclined
from marketplace.orders.gateway import parse_webhook

SECRET = "whsec_test_secret"


def test_card_payment_succeeds_with_order_id_in_metadata(stripe_gateway):
    intent = stripe_gateway.create_intent(123456, order_id=42, idempotency_key="order-42-attempt-1",
                                          payment_method="pm_card_visa")
    assert intent.amount_paise == 123456
    assert intent.metadata == {"order_id": "42"}
    assert intent.client_secret
    confirmed = stripe_gateway.confirm_intent(intent.id)
    assert confirmed.status == "succeeded"
    assert stripe_gateway.retrieve_intent(intent.id).status == "succeeded"


def test_declined_card_raises_card_declined(stripe_gateway):
    intent = stripe_gateway.create_intent(50000, order_id=43, idempotency_key="order-43-attempt-1",
                                          payment_method="pm_card_chargeCustomerFail")
    with pytest.raises(CardDeclined):
        stripe_gateway.confirm_intent(intent.id)
    assert stripe_gateway.retrieve_intent(intent.id).status != "succeeded"


def test_partial_refund_of_a_paid_intent(stripe_gateway):
    intent = stripe_gateway.create_intent(10001, order_id=44, idempotency_key="order-44-attempt-1",
                                          payment_method="pm_card_visa")
    stripe_gateway.confirm_intent(intent.id)
    refund = stripe_gateway.refund(intent.id, 4001, idempotency_key="refund-44-1")
    assert (refund.amount_paise, refund.status) == (4001, "succeeded")


def test_unpaid_intent_can_be_cancelled(stripe_gateway):
    intent = stripe_gateway.create_intent(700, order_id=45, idempotency_key="order-45-attempt-1")
    assert stripe_gateway.cancel_intent(intent.id).status == "canceled"


def _event(kind="payment_intent.succeeded"):
    return json.dumps({"id": "evt_1", "object": "event", "type": kind,
                       "data": {"object": {"id": "pi_1", "object": "payment_intent"}}}).encode()


def test_signed_webhook_parses():
    payload = _event()
    header = stripe.WebhookSignature.generate_signature_header(payload.decode(), SECRET)
    assert parse_webhook(payload, header, SECRET)["type"] == "payment_intent.succeeded"


@pytest.mark.parametrize("header_secret,secret", [("whsec_wrong", SECRET), (SECRET, "")])
def test_webhook_with_wrong_secret_is_refused(header_secret, secret):
    payload = _event()
    header = stripe.WebhookSignature.generate_signature_header(payload.decode(), header_secret)
    with pytest.raises(BadWebhookSignature):
        parse_webhook(payload, header, secret)


def test_tampered_or_stale_or_unsigned_webhook_is_refused():
    payload = _event()
    header = stripe.WebhookSignature.generate_signature_header(payload.decode(), SECRET)
    with pytest.raises(BadWebhookSignature):
        parse_webhook(_event("payment_intent.payment_failed"), header, SECRET)
    stale = stripe.WebhookSignature.generate_signature_header(
        payload.decode(), SECRET, timestamp=int(time.time()) - 600)
    with pytest.raises(BadWebhookSignature):
        parse_webhook(payload, stale, SECRET)
    with pytest.raises(BadWebhookSignature):
        parse_webhook(payload, None, SECRET)
    with pytest.raises(BadWebhookSignature):
        parse_webhook(b"not json", "t=1,v1=abc", SECRET)
