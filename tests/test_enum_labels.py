"""Every code a user sees has its label in English and Hindi, next to the code's table.

Raw codes reached pages: the claim status ``recovery`` and the cancellation reason
``payment_cancelled`` had no label, and a seller's status read differently to the seller and to
the officer. This walks every value of the user-visible enums of the orders and catalogue domains.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

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
]


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
