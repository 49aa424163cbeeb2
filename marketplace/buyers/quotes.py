"""Quotes: a lead in negotiation becomes a marketplace order.

The seller of a lead (negotiating or won, not yet an order) sends its buyer a quote: one of the
seller's published listings, a quantity (at least the listing's minimum order, at most its stock),
an agreed unit price and a last valid day (Asia/Kolkata, inclusive). The buyer accepts it: the
line goes into their stored cart at the quoted price (``orders.cart.unit_price`` applies it to
that buyer, that listing and exactly that quantity until the quote expires or is used), and they
check out as usual. Placing the order marks the quote used once and moves the lead to won with
the seller's goods in that order as its value and a link to the order.

Functions take the acting user and plain values; each that changes data commits on success and
rolls back before re-raising.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from marketplace.buyers.models import Lead, LeadStage, Quote, QuoteStatus
from marketplace.catalog.listing_rules import MAX_PRICE_PAISE
from marketplace.catalog.models import Listing, Seller
from marketplace.database import utcnow
from marketplace.errors import DomainError, NotFound
from marketplace.extensions import db
from marketplace.params import MAX_INT, parse_id, parse_int

MAX_VALID_DAYS = 90
QUOTABLE_STAGES = (LeadStage.NEGOTIATING.value, LeadStage.WON.value)


class QuoteError(DomainError):
    code = "quote_invalid"
    default_message = _l("The quote could not be saved.")


class QuoteExpired(QuoteError):
    code = "quote_expired"
    default_message = _l("This quote has expired. Ask the seller for a new one.")


class QuoteUsed(QuoteError):
    code = "quote_used"
    default_message = _l("This quote has already been used for an order.")


def _today(now: dt.datetime | None = None) -> dt.date:
    from marketplace.india import ist_date

    return ist_date(now or utcnow())


def _own_seller(user) -> Seller | None:
    return db.session.scalar(select(Seller).where(Seller.user_id == user.id))


def seller_lead(user, lead_id) -> Lead:
    """The lead if ``user`` is its seller; NotFound for a missing or somebody else's lead."""
    number = parse_id(lead_id)
    lead = db.session.get(Lead, number) if number is not None else None
    seller = _own_seller(user)
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
    number = parse_id(listing_id)
    listing = db.session.get(Listing, number) if number is not None else None
    if listing is None or listing.seller_id != lead.seller_id:
        raise NotFound()
    if not listing.is_public:
        raise QuoteError(_l("Only a published listing in stock can be quoted."))
    if lead.stage not in QUOTABLE_STAGES:
        raise QuoteError(_l("Move the lead to negotiating before sending a quote."))
    if lead.order_id is not None:
        raise QuoteError(_l("This lead has already become an order."))
    qty = parse_int(quantity, minimum=1, maximum=100_000)
    if qty is None:
        raise QuoteError(_l("Enter the quantity as a whole number of units."))
    if qty < listing.moq:
        raise QuoteError(_l("The quantity is below the minimum order of %(n)s units.", n=listing.moq))
    if qty > listing.stock:
        raise QuoteError(_l("Only %(n)s units are in stock.", n=listing.stock))
    price = unit_price_paise if isinstance(unit_price_paise, int) and not isinstance(unit_price_paise, bool) else None
    if price is None or price <= 0:
        raise QuoteError(_l("Enter a unit price above zero."))
    if price > MAX_PRICE_PAISE or price * qty > MAX_INT:  # the order's amounts are 32-bit columns
        raise QuoteError(_l("That is more than one quote can carry: at most ₹1 crore a unit and about ₹2 crore for the whole quote."))
    today = _today(now)
    if not isinstance(valid_until, dt.date) or valid_until < today:
        raise QuoteError(_l("The quote must be valid until today or a later day."))
    if valid_until > today + dt.timedelta(days=MAX_VALID_DAYS):
        raise QuoteError(_l("A quote can be valid for at most %(n)s days.", n=MAX_VALID_DAYS))
    try:
        quote = Quote(lead=lead, buyer_user_id=lead.buyer_user_id, seller_id=lead.seller_id,
                      listing_id=listing.id, quantity=qty, unit_price_paise=price,
                      valid_until=valid_until, note=(note or "").strip()[:2000])
        db.session.add(quote)
        db.session.flush()
        from marketplace.buyers.notices import notify_quote

        notify_quote(quote)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return quote


def quote_for(user, quote_id) -> Quote:
    """The quote if ``user`` is its buyer or its seller; NotFound otherwise."""
    number = parse_id(quote_id)
    quote = db.session.get(Quote, number) if number is not None else None
    if quote is None:
        raise NotFound()
    if quote.buyer_user_id != user.id:
        seller = _own_seller(user)
        if seller is None or seller.id != quote.seller_id:
            raise NotFound()
    return quote


def can_accept(quote: Quote, user, now: dt.datetime | None = None) -> bool:
    return (quote.buyer_user_id == user.id and quote.status == QuoteStatus.OPEN
            and not quote.is_expired(now))


def accept_quote(user, quote_id, *, now: dt.datetime | None = None) -> Quote:
    """The buyer of a quote accepts it: their stored cart's line of that listing becomes the
    quoted quantity at the quoted price (another accepted quote on the same listing is given back).

    Raises NotFound for a missing or somebody else's quote, QuoteUsed, QuoteExpired,
    and the cart's ListingUnavailable / NotEnoughStock / BelowMinimumOrder. Nothing changes then.
    """
    from marketplace.orders import cart as cart_service

    number = parse_id(quote_id)
    quote = db.session.get(Quote, number) if number is not None else None
    if quote is None or quote.buyer_user_id != user.id:
        raise NotFound()
    try:
        quote = db.session.scalars(select(Quote).where(Quote.id == quote.id).with_for_update()
                                   .execution_options(populate_existing=True)).one()
        if quote.status == QuoteStatus.USED:
            raise QuoteUsed()
        if quote.is_expired(now):
            raise QuoteExpired()
        listing = db.session.get(Listing, quote.listing_id)
        cart_service.check_line(listing, quote.quantity)
        for other in db.session.scalars(select(Quote).where(
                Quote.buyer_user_id == user.id, Quote.listing_id == quote.listing_id,
                Quote.status == QuoteStatus.ACCEPTED.value, Quote.id != quote.id)):
            other.status, other.accepted_at = QuoteStatus.OPEN.value, None
        quote.status, quote.accepted_at = QuoteStatus.ACCEPTED.value, now or utcnow()
        db.session.flush()
        cart_service.put_quoted_line(user.id, listing, quote.quantity, quote.unit_price_paise)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return quote


def use_quotes(order, quotes: list[Quote], *, now: dt.datetime | None = None) -> None:
    """Inside ``checkout.place_order``: mark the quotes that priced the order's lines used (each
    exactly once, by a guarded UPDATE that also locks the row on PostgreSQL) and move their leads
    to won, valued at the seller's goods in this order and linked to it. Does not commit.

    Raises QuoteUsed when another order took a quote first (the caller rolls back).
    """
    now = now or utcnow()
    for quote in sorted(quotes, key=lambda q: q.id):
        result = db.session.execute(
            update(Quote).where(Quote.id == quote.id, Quote.status == QuoteStatus.ACCEPTED.value)
            .values(status=QuoteStatus.USED.value, used_at=now, order_id=order.id)
            .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            raise QuoteUsed()
        db.session.refresh(quote)
        lead = db.session.get(Lead, quote.lead_id)
        if lead.order_id is None:
            goods = sum(s.goods_paise for s in order.suborders if s.seller_id == lead.seller_id)
            lead.stage, lead.value_paise, lead.order_id = LeadStage.WON.value, goods, order.id


def release_quotes(suborder) -> None:
    """Inside a cancellation of ``suborder`` (by the buyer, the seller, the ODOP cell, or the
    expiry of an unpaid card order): the quotes that priced it are accepted again, so the buyer
    may order them while they are valid, and their lead goes back to negotiating without the
    dead order (its value won with it). Does not commit."""
    for quote in db.session.scalars(select(Quote).where(
            Quote.order_id == suborder.order_id, Quote.seller_id == suborder.seller_id,
            Quote.status == QuoteStatus.USED.value).order_by(Quote.id)):
        quote.status, quote.used_at, quote.order_id = QuoteStatus.ACCEPTED.value, None, None
        lead = db.session.get(Lead, quote.lead_id)
        if lead is not None and lead.order_id == suborder.order_id:
            lead.stage, lead.value_paise, lead.order_id = LeadStage.NEGOTIATING.value, None, None


def quotes_of_user(user) -> list[Quote]:
    """Quotes the user received (buyer) or sent (seller), newest first."""
    seller = _own_seller(user)
    condition = Quote.buyer_user_id == user.id
    if seller is not None:
        condition = condition | (Quote.seller_id == seller.id)
    return list(db.session.scalars(select(Quote).where(condition).order_by(Quote.id.desc())))
