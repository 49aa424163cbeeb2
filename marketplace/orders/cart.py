"""The cart: several sellers at once, quantities checked against stock and MOQ, bulk tiers.

Signed-in buyers have a stored cart (``Cart``/``CartItem``); guests keep theirs in the session
as a plain dict ``{"<listing id>": {"q": quantity, "p": unit price seen}}`` that the view hands
to these functions (services never touch the request). On sign-in the guest cart is merged into
the stored one. Every line remembers the unit price the buyer saw, so a later price change is
shown on the cart page instead of being slipped into the order.

A line can be priced by a seller's quote (``models.Quote``, see ``quotes.py``) that its buyer accepted: only
in that buyer's stored cart, only for exactly the quoted quantity and only until the quote
expires or is used. ``unit_price`` is the one pricing rule for the cart, its summary and checkout;
changing the quantity of a quoted line gives the quote back (it can be accepted again).
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from marketplace.catalog.models import Listing
from marketplace.extensions import db
from marketplace.i18n import loc
from marketplace.params import parse_id, parse_int

from .errors import (
    BelowMinimumOrder,
    InvalidQuantity,
    ListingUnavailable,
    NotEnoughStock,
)
from .models import Cart, CartItem, Quote
from .quote_states import QuoteStatus, move_quote

MAX_QUANTITY = 100_000


class Problem:
    """Codes of what is wrong with a cart line now (shown to the buyer, block checkout)."""

    UNAVAILABLE = "unavailable"
    OUT_OF_STOCK = "out_of_stock"
    NOT_ENOUGH_STOCK = "not_enough_stock"
    BELOW_MOQ = "below_moq"


@dataclass
class CartLine:
    listing: Listing
    quantity: int
    unit_price_paise: int  # with the bulk tier for this quantity, as of now
    seen_unit_price_paise: int
    line_total_paise: int
    problems: list[str] = field(default_factory=list)
    quote: object | None = None  # the buyer's accepted quote on this listing (applied or not)
    quoted: bool = False  # the unit price is the quote's

    @property
    def quote_expired(self) -> bool:
        return self.quote is not None and not self.quoted and self.quote.is_expired()

    @property
    def price_changed(self) -> bool:
        return self.unit_price_paise != self.seen_unit_price_paise


@dataclass
class SellerGroup:
    seller: object
    lines: list[CartLine]

    @property
    def goods_paise(self) -> int:
        return sum(ln.line_total_paise for ln in self.lines)


@dataclass
class CartSummary:
    groups: list[SellerGroup]

    @property
    def lines(self) -> list[CartLine]:
        return [ln for g in self.groups for ln in g.lines]

    @property
    def goods_paise(self) -> int:
        return sum(g.goods_paise for g in self.groups)

    @property
    def count(self) -> int:
        return sum(ln.quantity for ln in self.lines)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def has_problems(self) -> bool:
        return any(ln.problems for ln in self.lines)

    @property
    def has_price_changes(self) -> bool:
        return any(ln.price_changed for ln in self.lines)


def _check_quantity(quantity) -> int:
    number = parse_int(quantity, minimum=0, maximum=MAX_QUANTITY)
    if number is None:
        raise InvalidQuantity()
    return number


def _public_listing(listing_id) -> Listing:
    number = parse_id(listing_id)
    listing = db.session.get(Listing, number) if number is not None else None
    if listing is None or not listing.is_public:
        raise ListingUnavailable()
    return listing


def listing_for_sale(listing_id) -> Listing:
    """The listing if it can be bought now; ListingUnavailable otherwise."""
    return _public_listing(listing_id)


def _title(listing: Listing) -> str:
    return loc(listing, "title")


def check_line(listing: Listing, quantity: int) -> None:
    """Refuse ``quantity`` units of ``listing``: not for sale, below its MOQ, above its stock.

    Raises ListingUnavailable, BelowMinimumOrder or NotEnoughStock.
    """
    if not listing.is_public:
        raise ListingUnavailable()
    if quantity > listing.stock:
        raise NotEnoughStock(stock=listing.stock, title=_title(listing))
    if quantity < listing.moq:
        raise BelowMinimumOrder(moq=listing.moq, title=_title(listing))


def check_line_moq(listing: Listing, quantity: int) -> None:
    """Refuse a quantity below the listing's minimum order (BelowMinimumOrder)."""
    if quantity < listing.moq:
        raise BelowMinimumOrder(moq=listing.moq, title=_title(listing))


def line_problems(listing: Listing, quantity: int) -> list[str]:
    """What stands between this line and checkout, as Problem codes (empty: fine)."""
    if not listing.is_public:
        return [Problem.UNAVAILABLE]
    problems = []
    if listing.stock <= 0:
        problems.append(Problem.OUT_OF_STOCK)
    elif quantity > listing.stock:
        problems.append(Problem.NOT_ENOUGH_STOCK)
    if quantity < listing.moq:
        problems.append(Problem.BELOW_MOQ)
    return problems


# -- the pricing rule -------------------------------------------------------------------------

def accepted_quotes(user_id: int | None, listing_ids) -> dict:
    """The buyer's accepted, unused quotes on these listings as ``{listing_id: Quote}`` (one query)."""
    ids = list(listing_ids)
    if user_id is None or not ids:
        return {}
    found = db.session.scalars(select(Quote).where(
        Quote.buyer_user_id == user_id, Quote.listing_id.in_(ids),
        Quote.status == QuoteStatus.ACCEPTED.value).order_by(Quote.id))
    return {q.listing_id: q for q in found}


def unit_price(listing: Listing, quantity: int, *, buyer_id: int | None = None, quote=None,
               now=None) -> int:
    """The unit price of ``quantity`` units of ``listing`` for ``buyer_id``: the price of their
    accepted quote when it covers exactly this line and has not expired, else the listing's
    bulk-tier price. Cart, summary and checkout all price through here."""
    if quote is not None and buyer_id is not None and quote.prices(buyer_id, listing.id, quantity, now):
        return quote.unit_price_paise
    return listing.unit_price_paise(quantity)


def _price_for(listing: Listing, quantity: int, user_id: int | None) -> int:
    return unit_price(listing, quantity, buyer_id=user_id,
                      quote=accepted_quotes(user_id, [listing.id]).get(listing.id))


def _release_quote(user_id: int | None, listing_id: int, quantity: int) -> None:
    """A quoted line whose quantity changes (or that leaves the cart) gives its quote back."""
    quote = accepted_quotes(user_id, [listing_id]).get(listing_id)
    if quote is not None and quote.quantity != quantity:
        move_quote(quote, QuoteStatus.OPEN)


def put_quoted_line(user_id: int, listing: Listing, quantity: int, unit_price_paise: int) -> None:
    """Set the buyer's stored cart line of ``listing`` to the quoted quantity and price (the
    caller checked stock and MOQ and commits)."""
    cart = _stored_cart(user_id, create=True)
    item = next((i for i in cart.items if i.listing_id == listing.id), None)
    if item is None:
        cart.items.append(CartItem(listing_id=listing.id, quantity=quantity,
                                   seen_unit_price_paise=unit_price_paise))
    else:
        item.quantity, item.seen_unit_price_paise = quantity, unit_price_paise


# -- reading and writing the two kinds of cart ------------------------------------------------

def _stored_cart(user_id: int, create: bool) -> Cart | None:
    cart = db.session.scalar(select(Cart).where(Cart.user_id == user_id))
    if cart is None and create:
        cart = Cart(user_id=user_id)
        db.session.add(cart)
        db.session.flush()
    return cart


def entries(*, user_id: int | None = None, guest: dict | None = None) -> "OrderedDict[int, tuple[int, int]]":
    """The cart's lines as ``{listing_id: (quantity, seen unit price)}`` in the order added."""
    out: OrderedDict[int, tuple[int, int]] = OrderedDict()
    if user_id is not None:
        cart = _stored_cart(user_id, create=False)
        for item in cart.items if cart else []:
            out[item.listing_id] = (item.quantity, item.seen_unit_price_paise)
    else:
        for key, value in (guest or {}).items():
            try:
                lid, q, p = parse_id(key), parse_int(value["q"], minimum=1), parse_int(value["p"])
            except (KeyError, TypeError):
                continue  # a tampered or stale session entry is dropped, never an error
            if lid is not None and q is not None and p is not None:
                out[lid] = (q, p)
    return out


def count(*, user_id: int | None = None, guest: dict | None = None) -> int:
    """Units in the cart (the header badge): one query for a stored cart."""
    if user_id is not None:
        return db.session.scalar(select(func.coalesce(func.sum(CartItem.quantity), 0))
                                 .join(Cart, Cart.id == CartItem.cart_id).where(Cart.user_id == user_id))
    return sum(q for q, _ in entries(guest=guest).values())


def _write(listing_id: int, quantity: int, seen: int, *, user_id, guest) -> None:
    if user_id is not None:
        cart = _stored_cart(user_id, create=True)
        item = next((i for i in cart.items if i.listing_id == listing_id), None)
        _release_quote(user_id, listing_id, quantity)
        if quantity == 0:
            if item is not None:
                cart.items.remove(item)
        elif item is None:
            cart.items.append(CartItem(listing_id=listing_id, quantity=quantity, seen_unit_price_paise=seen))
        else:
            item.quantity, item.seen_unit_price_paise = quantity, seen
        db.session.commit()
    else:
        if quantity == 0:
            guest.pop(str(listing_id), None)
        else:
            guest[str(listing_id)] = {"q": quantity, "p": seen}


def add_item(listing_id, quantity, *, user_id: int | None = None, guest: dict | None = None) -> int:
    """Add ``quantity`` units of a listing to the cart; returns the line's new quantity.

    The new total must respect stock and MOQ. Raises InvalidQuantity, ListingUnavailable,
    BelowMinimumOrder or NotEnoughStock; nothing changes then.
    """
    quantity = _check_quantity(quantity)
    if quantity == 0:
        raise InvalidQuantity()
    listing = _public_listing(listing_id)
    current = entries(user_id=user_id, guest=guest).get(listing.id, (0, 0))[0]
    total = current + quantity
    if total > MAX_QUANTITY:
        raise InvalidQuantity()
    check_line(listing, total)
    _write(listing.id, total, _price_for(listing, total, user_id), user_id=user_id, guest=guest)
    return total


def set_quantity(listing_id, quantity, *, user_id: int | None = None, guest: dict | None = None) -> int:
    """Set a line's quantity (0 removes it); the price seen is refreshed. Same errors as add_item."""
    quantity = _check_quantity(quantity)
    listing_id = parse_id(listing_id)
    if listing_id is None:
        raise ListingUnavailable()
    if quantity == 0:
        _write(listing_id, 0, 0, user_id=user_id, guest=guest)
        return 0
    listing = _public_listing(listing_id)
    check_line(listing, quantity)
    _write(listing.id, quantity, _price_for(listing, quantity, user_id), user_id=user_id, guest=guest)
    return quantity


def remove_item(listing_id, *, user_id: int | None = None, guest: dict | None = None) -> None:
    """Take a listing out of the cart (no error if it was not there)."""
    set_quantity(listing_id, 0, user_id=user_id, guest=guest)


def acknowledge_prices(*, user_id: int | None = None, guest: dict | None = None) -> None:
    """Record that the buyer has now seen the current prices (the checkout review shows them)."""
    lines = entries(user_id=user_id, guest=guest)
    quotes = accepted_quotes(user_id, lines)
    for listing_id, (quantity, seen) in lines.items():
        listing = db.session.get(Listing, listing_id)
        if listing is not None:
            price = unit_price(listing, quantity, buyer_id=user_id, quote=quotes.get(listing_id))
            if price != seen:
                _write(listing_id, quantity, price, user_id=user_id, guest=guest)


def clear(*, user_id: int | None = None, guest: dict | None = None, commit: bool = True) -> None:
    """Empty the cart (after an order is placed). With ``commit=False`` the caller commits."""
    if user_id is not None:
        cart = _stored_cart(user_id, create=False)
        if cart is not None:
            cart.items.clear()
            if commit:
                db.session.commit()
    elif guest is not None:
        guest.clear()


def summarise(*, user_id: int | None = None, guest: dict | None = None) -> CartSummary:
    """The cart as shown: lines grouped by seller, current tier prices, changes and problems."""
    groups: OrderedDict[int, SellerGroup] = OrderedDict()
    lines = entries(user_id=user_id, guest=guest)
    quotes = accepted_quotes(user_id, lines)
    for listing_id, (quantity, seen) in lines.items():
        listing = db.session.get(Listing, listing_id)
        if listing is None:
            continue
        quote = quotes.get(listing_id)
        price = unit_price(listing, quantity, buyer_id=user_id, quote=quote)
        quoted = quote is not None and quote.prices(user_id, listing_id, quantity)
        line = CartLine(listing, quantity, price, seen, price * quantity, line_problems(listing, quantity),
                        quote, quoted)
        group = groups.get(listing.seller_id)
        if group is None:
            group = groups[listing.seller_id] = SellerGroup(listing.seller, [])
        group.lines.append(line)
    return CartSummary(list(groups.values()))


def merge_guest_cart(user_id: int, guest: dict) -> int:
    """Move a guest's session cart into the buyer's stored cart at sign-in.

    Quantities of the same listing are added, then held to the listing's stock (never below
    its MOQ: such a line is kept and shown with its problem). Listings no longer for sale are
    dropped. Returns the number of lines merged; empties ``guest``. Commits.
    """
    merged = 0
    stored = entries(user_id=user_id)
    cart = _stored_cart(user_id, create=True)
    for listing_id, (quantity, seen) in entries(guest=guest).items():
        listing = db.session.get(Listing, listing_id)
        if listing is None or not listing.is_public or quantity <= 0:
            continue
        total = stored.get(listing_id, (0, 0))[0] + quantity
        total = max(min(total, listing.stock, MAX_QUANTITY), min(listing.moq, total))
        item = next((i for i in cart.items if i.listing_id == listing_id), None)
        _release_quote(user_id, listing_id, total)
        if item is None:
            cart.items.append(CartItem(listing_id=listing_id, quantity=total, seen_unit_price_paise=seen))
        else:
            item.quantity = total
        merged += 1
    db.session.commit()
    guest.clear()
    return merged
