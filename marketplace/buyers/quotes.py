"""Quotes on leads: the meets' side of a seller's quote.

A quote is an order matter and lives in ``marketplace.orders`` (model ``orders.models.Quote``,
its statuses ``orders.quote_states``, its rules ``orders.quotes``). Here is what belongs to the
meets: only the seller of a lead in negotiation (or won, not yet an order) may quote its buyer,
the buyer is told in their language, and the lead follows the order (``buyers.leads`` listens to
the orders' signals). The orders' quote functions are exported from here too, so callers don't
change.

Functions take the acting user and plain values; each that changes data commits on success and
rolls back before re-raising.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.buyers.models import Lead, LeadStage
from marketplace.buyers.notices import notify_quote
from marketplace.catalog.models import Listing
from marketplace.errors import NotFound
from marketplace.extensions import db
from marketplace.orders.quotes import (MAX_VALID_DAYS, Quote, QuoteError, QuoteExpired, QuoteUsed,
                                       accept_quote, can_accept, new_quote, offered_listing,
                                       own_seller, quote_for, quotes_of_user)
from marketplace.params import parse_id
from marketplace.transaction import committed

__all__ = ["MAX_VALID_DAYS", "QUOTABLE_STAGES", "Quote", "QuoteError", "QuoteExpired", "QuoteUsed",
           "accept_quote", "can_accept", "create_quote", "quotable_listings", "quote_for",
           "quotes_of_user", "seller_lead"]

QUOTABLE_STAGES = (LeadStage.NEGOTIATING.value, LeadStage.WON.value)


def seller_lead(user, lead_id) -> Lead:
    """The lead if ``user`` is its seller; NotFound for a missing or somebody else's lead."""
    number = parse_id(lead_id)
    lead = db.session.get(Lead, number) if number is not None else None
    seller = own_seller(user)
    if lead is None or seller is None or lead.seller_id != seller.id:
        raise NotFound()
    return lead


def quotable_listings(lead: Lead) -> list[Listing]:
    """The lead seller's listings a quote can offer (published, public), by title."""
    found = db.session.scalars(select(Listing).where(Listing.seller_id == lead.seller_id)
                               .order_by(Listing.title_en))
    return [listing for listing in found if listing.is_public]


def create_quote(user, lead_id, listing_id, quantity, unit_price_paise, valid_until: dt.date | None,
                 note: str = "", *, now: dt.datetime | None = None) -> Quote:
    """The seller of a lead offers its buyer ``quantity`` units of one of their listings at
    ``unit_price_paise`` each until ``valid_until`` (inclusive, at most 90 days ahead); the buyer
    is notified in their language with a link to the quote.

    Raises NotFound (404) for somebody else's lead or listing, QuoteError for a lead not in
    negotiation/won or already an order, a price or quantity that is not a positive whole number,
    a quantity below the listing's minimum order or above its stock, or a bad date. Nothing
    changes then.
    """
    lead = seller_lead(user, lead_id)
    listing = offered_listing(lead.seller_id, listing_id)
    if lead.stage not in QUOTABLE_STAGES:
        raise QuoteError(_l("Move the lead to negotiating before sending a quote."))
    if lead.order_id is not None:
        raise QuoteError(_l("This lead has already become an order."))
    with committed():
        quote = new_quote(lead, listing, quantity, unit_price_paise, valid_until, note, now=now)
        notify_quote(quote)
    return quote
