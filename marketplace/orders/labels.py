"""Human, translated names of the orders domain's codes (zones, subsidy reasons, ...)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

ZONES = {
    "same_district": _l("Same district"),
    "within_up": _l("Within Uttar Pradesh"),
    "rest_of_india": _l("Rest of India"),
    "abroad": _l("Abroad"),
}

SUBSIDY_REASONS = {
    "policy_inactive": _l("No freight-subsidy policy is in force"),
    "no_freight": _l("No freight to subsidise"),
    "zone_not_covered": _l("The policy does not cover this destination"),
    "not_odop_product": _l("Not the seller's district's ODOP product"),
    "seller_unverified": _l("Seller not verified yet"),
    "no_udyam": _l("Seller has no Udyam registration"),
    "claims_limit_reached": _l("Seller has used all claims for this financial year"),
    "annual_cap_reached": _l("Seller has reached the yearly subsidy limit"),
}

CANCEL_REASONS = {
    "payment_failed": _l("The card payment failed"),
    "payment_timeout": _l("Not paid in time"),
    "payment_cancelled": _l("The card payment was cancelled"),
    "returned_to_origin": _l("The courier brought the parcel back to the seller"),
}

PAYMENT_METHODS = {"card": _l("Card"), "cod": _l("Cash on delivery"), "upi": _l("UPI")}

CLAIM_STATUSES = {
    "claimed": _l("Claimed"),
    "approved": _l("Approved"),
    "paid": _l("Paid to seller"),
    "rejected": _l("Rejected"),
    "recovery": _l("To be recovered from the seller"),
}

#: Why the system rejected a subsidy claim (``fulfilment._settle_claim``: ``order_<status>`` of a
#: sub-order that will not be delivered); an officer's rejection reason is free text, shown as typed.
CLAIM_REJECTION_REASONS = {
    "order_cancelled": _l("The order was cancelled"),
    "order_refunded": _l("The order was refunded"),
    "order_returned": _l("The goods were returned"),
}

#: Notes the system itself stores in English (a status change, the shipped rate table, the
#: default subsidy policy), and what a reader sees for them. ``None``: the note says nothing the
#: status beside it does not already say, so it is not shown.
COD_CONFIRMED_NOTE = "cash on delivery"
PICKED_UP_NOTE = "picked up by the courier"  # the system ships a sub-order on the courier's scan
SHIPPED_RATES_NOTE = "Shipped rate table (data/freight_rates.json)."
DEFAULT_POLICY_NOTE = ("75% of freight, caps by destination, at most 3 claims per seller per financial year "
                       "(UP ODOP marketing assistance, 2019).")
SYSTEM_NOTES = {
    COD_CONFIRMED_NOTE: None,
    PICKED_UP_NOTE: _l("Picked up by the courier"),
    SHIPPED_RATES_NOTE: _l("The rate table that comes with the site (data/freight_rates.json)."),
    DEFAULT_POLICY_NOTE: _l("75%% of freight, caps by destination, at most 3 claims per seller per financial "
                            "year (UP ODOP marketing assistance, 2019)."),
}

ACTORS = {"buyer": _l("Buyer"), "seller": _l("Seller"), "admin": _l("ODOP cell"), "system": _l("System")}


def name(table: dict, code: str | None) -> str:
    """The label of ``code`` in ``table``, or the code itself when it has none."""
    if not code:
        return ""
    value = table.get(code)
    return str(value) if value is not None else code


def system_note(text: str | None) -> str:
    """A stored note as a reader sees it: the translation of a note the system wrote (empty when
    it repeats the status), anything a person typed as it was typed."""
    if not text:
        return ""
    if text in SYSTEM_NOTES:
        label = SYSTEM_NOTES[text]
        return str(label) % {} if label is not None else ""
    return text


def template_helpers() -> dict:
    return {
        "zone_label": lambda c: name(ZONES, c),
        "subsidy_reason_label": lambda c: name(SUBSIDY_REASONS, c),
        "cancel_reason_label": lambda c: name(CANCEL_REASONS, c),
        "payment_method_label": lambda c: name(PAYMENT_METHODS, c),
        "actor_label": lambda c: name(ACTORS, c),
        "claim_label": lambda c: name(CLAIM_STATUSES, c),
        "system_note": system_note,
        "claim_reason_label": lambda c: name(CLAIM_REJECTION_REASONS, c),
    }
