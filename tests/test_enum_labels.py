"""Every code a user sees has its label in English and Hindi, next to the code's table.

Raw codes reached pages: the claim status ``recovery`` and the cancellation reason
``payment_cancelled`` had no label, and a seller's status read differently to the seller and to
the officer; the claims page showed ``order_cancelled`` and the audit filter ``claim.approve``.
This walks every value of the user-visible enums of the orders, catalogue, meets and admin domains,
the audit log's actions and the subsidy claims' rejection reasons found in the code.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from marketplace.admin import freight_rates, helpdesk
from marketplace.admin.audit import AUDIT_ACTIONS
from marketplace.admin.models import HelpTopic, QuestionStatus
from marketplace.buyers import forms as buyer_forms
from marketplace.buyers import views as buyer_views
from marketplace.buyers.models import BuyerType, LeadSource, LeadStage, Outcome, RequestStatus, SamagamStatus
from marketplace.catalog.forms import SELLER_STATUS_LABELS, SELLER_TYPE_LABELS, STATUS_SHORT
from marketplace.catalog.models import ListingStatus, SellerStatus, SellerType
from marketplace.orders import labels
from marketplace.orders.freight import Zone
from marketplace.orders.models import ClaimStatus, PaymentMethod
from marketplace.orders.quote_states import QUOTE_STATUS_LABELS, QuoteStatus
from marketplace.orders.states import STATUS_LABELS, Actor, Status
from marketplace.orders.subsidy import Reason

ROOT = Path(__file__).resolve().parent.parent
with open(ROOT / "translations/hi/LC_MESSAGES/messages.po", "rb") as handle:
    HINDI = {m.id: m.string for m in read_po(handle) if m.id and not m.fuzzy}


def _cancel_reasons_in_code() -> set[str]:
    """Every ``reason="..."`` a sub-order is cancelled with in the code."""
    found = set()
    for path in (ROOT / "marketplace").rglob("*.py"):
        found |= set(re.findall(r'reason="([a-z_]+)"', path.read_text(encoding="utf-8")))
    return found


def _claim_reasons_in_code() -> set[str]:
    """The reasons the system rejects a subsidy claim with (``order_<status>`` of a sub-order
    that will not be delivered: cancelled or refunded)."""
    text = (ROOT / "marketplace/orders/fulfilment.py").read_text(encoding="utf-8")
    found = set(re.findall(r'rejection_reason = "([a-z_]+)"', text))
    if 'rejection_reason = f"order_{suborder.status}"' in text:
        found |= {f"order_{s.value}" for s in (Status.CANCELLED, Status.REFUNDED)}
    return found


def _audit_actions_in_code() -> set[str]:
    """Every ``object.verb`` action the code writes to the audit log: the literal first argument
    of ``audit.record(actor, "...")``, the ``action = "..." if ... else "..."`` it is given, and
    ``claim.<action>`` for every claim decision."""
    from marketplace.admin.subsidy_claims import TARGETS

    action = r'"([a-z_]+\.[a-z_]+)"'
    found = {f"claim.{name}" for name in TARGETS}
    for path in (ROOT / "marketplace").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"audit\.record\(\s*\w+,\s*" + action, text))
        for pair in re.findall(r"action = " + action + r" if .* else " + action, text):
            found |= set(pair)
    return found


def _msgid(label) -> str:
    """The English message id behind a lazy label (flask_babel's LazyString keeps its args)."""
    return label._args[0] if hasattr(label, "_args") else str(label)


TABLES = [
    ("claim status", [s.value for s in ClaimStatus], labels.CLAIM_STATUSES),
    ("zone", [z.value for z in Zone], labels.ZONES),
    ("subsidy reason", [r.value for r in Reason], labels.SUBSIDY_REASONS),
    ("payment method", [m.value for m in PaymentMethod], labels.PAYMENT_METHODS),
    ("actor", [a.value for a in Actor], labels.ACTORS),
    ("sub-order status", [s.value for s in Status], STATUS_LABELS),
    ("quote status", [s.value for s in QuoteStatus], QUOTE_STATUS_LABELS),
    ("cancellation reason", sorted(_cancel_reasons_in_code()), labels.CANCEL_REASONS),
    ("seller status", [s.value for s in SellerStatus], SELLER_STATUS_LABELS),
    ("seller type", list(SellerType), SELLER_TYPE_LABELS),
    ("listing status", [s.value for s in ListingStatus], STATUS_SHORT),
    ("claim rejection reason", sorted(_claim_reasons_in_code()), labels.CLAIM_REJECTION_REASONS),
    ("audit action", sorted(_audit_actions_in_code()), AUDIT_ACTIONS),
    ("meet status", [s.value for s in SamagamStatus], buyer_views.MEET_STATUS_LABELS),
    ("meeting request status", [s.value for s in RequestStatus], buyer_views.STATUS_LABELS),
    ("lead stage", [s.value for s in LeadStage], buyer_views.STAGE_LABELS),
    ("lead source", [s.value for s in LeadSource], buyer_views.SOURCE_LABELS),
    ("meeting outcome", [s.value for s in Outcome], dict(buyer_forms.OUTCOMES)),
    ("buyer type", [s.value for s in BuyerType], dict(buyer_forms.BUYER_TYPES)),
    ("helpdesk topic", [s.value for s in HelpTopic], helpdesk.TOPIC_LABELS),
    ("helpdesk status", [s.value for s in QuestionStatus], helpdesk.STATUS_LABELS),
    ("freight zone (rate table)", [z.value for z in Zone], freight_rates.ZONE_LABELS),
]

#: Every code a user could meet on a page: the values of the enums above (Hindi pages must show
#: their labels instead; tests/test_hindi_pages.py looks for them).
KNOWN_CODES = frozenset(str(code) for _what, codes, _table in TABLES for code in codes)


@pytest.mark.parametrize("what, codes, table", TABLES, ids=[t[0] for t in TABLES])
def test_every_code_has_an_english_and_a_hindi_label(what, codes, table):
    missing = [code for code in codes if code not in table]
    assert missing == [], f"{what}: no label for {missing}"
    untranslated = [code for code in codes if not HINDI.get(_msgid(table[code]))]
    assert untranslated == [], f"{what}: no Hindi for {untranslated}"


def test_a_seller_status_reads_the_same_to_the_seller_and_to_the_officer():
    from marketplace.admin import views

    assert views.SELLER_STATUS_LABELS is SELLER_STATUS_LABELS
    for code in SELLER_STATUS_LABELS:
        assert STATUS_SHORT[code] is SELLER_STATUS_LABELS[code]
