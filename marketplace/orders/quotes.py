"""Seller quotes: a negotiated price that becomes a marketplace order.

The seller of a lead at the meets sends its buyer a quote: one of the seller's published
listings, a quantity (at least the listing's minimum order, at most its stock), an agreed unit
price and a last valid day (Asia/Kolkata, inclusive). The buyer accepts it: the line goes into
their stored cart at the quoted price (``cart.unit_price`` applies it to that buyer, that listing
and exactly that quantity until the quote expires or is used), and they check out as usual.
Placing the order uses the quote once (``use_quotes``); cancelling the sub-order it priced gives
it back (``release_quotes``). Every status change follows the table in ``quote_states.py``.

Which lead a quote belongs to, and what placing or cancelling its order does to that lead, is
the meets' business (``marketplace.buyers``): they make quotes through ``new_quote`` and listen
to ``signals.order_placed`` / ``signals.suborder_cancelled``.

Functions take the acting user and plain values; each that changes data commits on success and
rolls back before re-raising, unless it says it does not commit.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from marketplace.catalog.listing_rules import MAX_PRICE_PAISE
from marketplace.catalog.models import Listing, Seller
from marketplace.database import utcnow
from marketplace.errors import NotFound
from marketplace.extensions import db
from marketplace.india import ist_date
from marketplace.params import MAX_INT, parse_id, parse_int
from marketplace.transaction import committed

from . import cart as cart_service
from . import notices
from .errors import QuoteError, QuoteExpired, QuoteUsed
from .models import Quote
from .quote_states import QuoteStatus, move_quote

__all__ = ["MAX_VALID_DAYS", "Quote", "QuoteError", "QuoteExpired", "QuoteStatus", "QuoteUsed",
           "accept_quote", "can_accept", "new_quote", "offered_listing", "own_seller", "quote_for",
           "quotes_of_user", "release_quotes", "use_quotes"]

MAX_VALID_DAYS = 90


def _today(now: dt.datetime | None = None) -> dt.date:
    return ist_date(now or utcnow())


def own_seller(user) -> Seller | None:
    """The seller (enterprise) of ``user``, or None."""
    return db.session.scalar(select(Seller).where(Seller.user_id == user.id))


def offered_listing(seller_id: int, listing_id) -> Listing:
    """The listing ``listing_id`` if seller ``seller_id`` may quote it. Raises NotFound for a
    missing or somebody else's listing, QuoteError for one that is not published and in stock."""
    number = parse_id(listing_id)
    listing = db.session.get(Listing, number) if number is not None else None
    if listing is None or listing.seller_id != seller_id:
        raise NotFound()
    if not listing.is_public:
        raise QuoteError(_l("Only a published listing in stock can be quoted."))
    return listing


def new_quote(lead, listing: Listing, quantity, unit_price_paise, valid_until: dt.date | None,
              note: str = "", *, now: dt.datetime | None = None) -> Quote:
    """An open quote of ``quantity`` units of ``listing`` at ``unit_price_paise`` each until
    ``valid_until`` (inclusive, at most 90 days ahead), made on ``lead`` (the meets' lead: its
    buyer and seller are the quote's). Added and flushed, not committed.

    Raises QuoteError for a price or quantity that is not a positive whole number, a quantity
    below the listing's minimum order or above its stock, an amount too big for one order, or a
    bad date. Nothing is added then.
    """
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
    quote = Quote(lead=lead, buyer_user_id=lead.buyer_user_id, seller_id=lead.seller_id,
                  listing_id=listing.id, quantity=qty, unit_price_paise=price,
                  valid_until=valid_until, note=(note or "").strip()[:2000])
    db.session.add(quote)
    db.session.flush()
    return quote


def quote_for(user, quote_id) -> Quote:
    """The quote if ``user`` is its buyer or its seller; NotFound otherwise."""
    number = parse_id(quote_id)
    quote = db.session.get(Quote, number) if number is not None else None
    if quote is None:
        raise NotFound()
    if quote.buyer_user_id != user.id:
        seller = own_seller(user)
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
    number = parse_id(quote_id)
    quote = db.session.get(Quote, number) if number is not None else None
    if quote is None or quote.buyer_user_id != user.id:
        raise NotFound()
    with committed():
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
            move_quote(other, QuoteStatus.OPEN)
        if quote.status != QuoteStatus.ACCEPTED:  # accepting it again only resets the cart line
            move_quote(quote, QuoteStatus.ACCEPTED)
        quote.accepted_at = now or utcnow()
        db.session.flush()
        cart_service.put_quoted_line(user.id, listing, quote.quantity, quote.unit_price_paise)
        notices.quote_accepted(quote)
    return quote


def use_quotes(order, quotes: list[Quote], *, now: dt.datetime | None = None) -> list[Quote]:
    """Inside ``checkout.place_order``: mark the quotes that priced the order's lines used (the
    table's accepted → used, each exactly once, by a guarded UPDATE that also locks the row on
    PostgreSQL) and link them to the order. Returns them. Does not commit.

    Raises QuoteUsed when another order took a quote first (the caller rolls back).
    """
    now = now or utcnow()
    used = []
    for quote in sorted(quotes, key=lambda q: q.id):
        result = db.session.execute(
            update(Quote).where(Quote.id == quote.id, Quote.status == QuoteStatus.ACCEPTED.value)
            .values(status=QuoteStatus.USED.value, used_at=now, order_id=order.id)
            .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            raise QuoteUsed()
        db.session.refresh(quote)
        used.append(quote)
    return used


def release_quotes(suborder) -> list[Quote]:
    """Inside a cancellation of ``suborder`` (by the buyer, the seller, the ODOP cell, or the
    expiry of an unpaid card order): the quotes that priced it are accepted again (used →
    accepted), so the buyer may order them while they are valid. Returns them. Does not commit."""
    released = list(db.session.scalars(select(Quote).where(
        Quote.order_id == suborder.order_id, Quote.seller_id == suborder.seller_id,
        Quote.status == QuoteStatus.USED.value).order_by(Quote.id)))
    for quote in released:
        move_quote(quote, QuoteStatus.ACCEPTED)
    return released


def quotes_of_user(user) -> list[Quote]:
    """Quotes the user received (buyer) or sent (seller), newest first."""
    seller = own_seller(user)
    condition = Quote.buyer_user_id == user.id
    if seller is not None:
        condition = condition | (Quote.seller_id == seller.id)
    return list(db.session.scalars(select(Quote).where(condition).order_by(Quote.id.desc())))
