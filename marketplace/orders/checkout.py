"""Checkout: quote every seller's shipment, then place the order in one unit of work.

Placing an order (``place_order``):

1. locks the buyer's cart row first (``SELECT ... FOR UPDATE``) and reads its lines again under
   that lock, so one cart becomes one order: a double submit of the same page waits and gets
   the same order back (the checkout token is unique per buyer); another page (another token)
   finds the cart consumed (``Cart.ordered_order_id``) and gets CartAlreadyOrdered;
2. reserves stock with guarded UPDATEs (``stock = stock - q WHERE stock >= q``) in listing-id
   order: on PostgreSQL each UPDATE locks its row, the fixed order rules out deadlocks, and a
   racing buyer either gets the units or a clear out-of-stock error;
3. per seller (in seller-id order): quotes freight with the rate table in force at that moment
   (``freight.current_rate_table``; the sub-order records which version priced it), locks the seller's subsidy ledger row for
   the financial year (``SELECT ... FOR UPDATE``), decides the subsidy with the pure rule in
   ``subsidy.py`` and reserves it, so annual caps and claim counts hold under concurrency;
4. writes the order, sub-orders, lines and history; cash on delivery is confirmed at once,
   a card order waits for payment until ``expires_at`` (30 minutes);
5. marks the accepted seller quotes that priced a line used (a guarded UPDATE: a quote is used
   exactly once) and moves their leads to won with a link to the order;
6. empties the cart and commits. Any error rolls everything back.

The module stays whole: the checkout page's quote and ``place_order`` share the same per-seller
steps (zone, parcels, freight, the subsidy rule), and a split would put the two halves of one
price out of sight of each other.
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from marketplace.catalog.models import Listing
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.india import UTTAR_PRADESH, PinPlace, financial_year, ist_date, pin_in_up_district, pin_place
from marketplace.params import parse_id
from marketplace.transaction import committed

from . import cart as cart_service
from . import freight, subsidy, upi
from .addresses import address_of, place_of_pin
from .shipping.carriers import courier_booking_enabled
from .shipping.rates import courier_rate, parcel_size, subsidy_base
from .errors import (
    CartAlreadyOrdered,
    CartNeedsAttention,
    EmptyCart,
    ListingUnavailable,
    OrderNotFound,
    OutOfStock,
    PaymentsNotConfigured,
    UnknownPaymentMethod,
)
from .fulfilment import record_change
from .models import (
    Cart,
    Order,
    OrderLine,
    OrderStatusChange,
    Payment,
    PaymentMethod,
    PaymentStatus,
    SubOrder,
    SubsidyLedger,
)
from .labels import COD_CONFIRMED_NOTE
from .notices import order_confirmed
from .quotes import use_quotes
from .signals import order_placed
from .states import Actor, Status
from .stock_events import note_stock

PAYMENT_WINDOW = dt.timedelta(minutes=30)


#: where a shipment goes: the delivery PIN's entry in the PIN directory (``india.PinPlace``)
Destination = PinPlace


def destination(pin_code: str | None, state_code: str | None = None) -> Destination:
    """The freight destination of a delivery PIN: its directory entry (district and state).
    Raises PinUnknown for a PIN the directory does not know, PinNotInState when ``state_code``
    is given and is not the PIN's (see ``addresses.place_of_pin``)."""
    return place_of_pin(pin_code, state_code)


def destination_of(address) -> Destination:
    """The destination of a saved address, from its PIN. An address saved before the PIN
    directory (a PIN it does not know, or a state other than the PIN's) raises PinUnknown or
    PinNotInState, so it is refused at checkout instead of being priced by its typed text."""
    return destination(address.pin_code, address.state_code)


@dataclass
class ShipmentQuote:
    seller: object
    lines: list  # cart.CartLine
    goods_paise: int
    freight: freight.FreightQuote
    decision: subsidy.Decision
    carrier_rate_paise: int | None = None  # the courier's price, shown beside the rate table's

    @property
    def subsidy_paise(self) -> int:
        return self.decision.amount_paise if self.decision.eligible else 0

    @property
    def total_paise(self) -> int:
        return self.goods_paise + self.freight.amount_paise - self.subsidy_paise


@dataclass
class CheckoutQuote:
    shipments: list[ShipmentQuote]

    @property
    def goods_paise(self) -> int:
        return sum(s.goods_paise for s in self.shipments)

    @property
    def freight_paise(self) -> int:
        return sum(s.freight.amount_paise for s in self.shipments)

    @property
    def subsidy_paise(self) -> int:
        return sum(s.subsidy_paise for s in self.shipments)

    @property
    def total_paise(self) -> int:
        return self.goods_paise + self.freight_paise - self.subsidy_paise


def new_checkout_token() -> str:
    """A fresh token for one checkout form (a resubmitted form reuses it)."""
    return secrets.token_urlsafe(24)


def seller_district(seller) -> str:
    """Where a seller's parcels start: the district of the seller's pickup PIN in the PIN
    directory when it is an Uttar Pradesh PIN, else the seller's district row's name (also for
    a PIN of a newer district still listed under its parent district)."""
    place, own = pin_place(seller.pin_code), seller.district.name_en
    if place is None or place.state_code != UTTAR_PRADESH or pin_in_up_district(place.pin, own):
        return own  # no UP PIN, or one of the seller's district (a newer district's parent's PIN too)
    return place.district


def parcels_of(lines: Iterable[tuple[Listing, int]]) -> list[freight.Parcel]:
    return [freight.Parcel(listing.weight_g or 0, listing.length_cm or 0, listing.width_cm or 0,
                           listing.height_cm or 0, quantity) for listing, quantity in lines]


def courier_price(seller, lines: list[tuple[Listing, int]], fq: freight.FreightQuote, dest: Destination,
                  *, fetch: bool) -> int | None:
    """The courier's cheapest price for this shipment (``shipping.rates.courier_rate``): asked
    when the checkout page is shown (``fetch``), only remembered when the order is placed. Asked
    as prepaid whatever the payment: the subsidy pays freight, not the courier's cash-on-delivery
    fee."""
    size = parcel_size((p.length_cm, p.width_cm, p.height_cm, p.quantity) for p in parcels_of(lines))
    return courier_rate(seller.pin_code or "", dest.pin, fq.actual_weight_g, size, False, fetch=fetch)


def _table_quote(seller, pairs, dest: Destination, rates: freight.RateTable) -> freight.FreightQuote:
    return freight.quote(parcels_of(pairs), freight.zone_for(seller_district(seller), dest), rates)


def _ask_courier(buyer_id: int, dest: Destination) -> None:
    """Before the order's transaction (no lock held): make sure the courier's price of each of the
    cart's shipments is remembered, so the subsidy is counted on what the buyer was shown even
    when another worker showed the page. Nothing when no courier is configured."""
    if not courier_booking_enabled():
        return
    rates = freight.current_rate_table()
    for group in cart_service.summarise(user_id=buyer_id).groups:
        pairs = [(ln.listing, ln.quantity) for ln in group.lines]
        courier_price(group.seller, pairs, _table_quote(group.seller, pairs, dest, rates), dest, fetch=True)


def policy_in_force(day: dt.date) -> tuple[int | None, subsidy.PolicyTerms | None]:
    """(id, terms) of the stored policy version in force on ``day`` (``subsidy.stored_policy_in_force``),
    or (None, None)."""
    policy = subsidy.stored_policy_in_force(day)
    return (policy.id, subsidy.terms_of(policy)) if policy is not None else (None, None)


def seller_usage(seller_id: int, fy: int) -> subsidy.Usage:
    """What the seller holds of the subsidy in ``fy`` (reading, no lock)."""
    ledger = db.session.scalar(select(SubsidyLedger).where(
        SubsidyLedger.seller_id == seller_id, SubsidyLedger.financial_year == fy))
    return subsidy.Usage(ledger.amount_paise, ledger.claims) if ledger else subsidy.Usage()


def _shipment(seller, lines: list[tuple[Listing, int]]) -> tuple[bool, bool, bool]:
    odop = all(listing.is_odop for listing, _ in lines)
    return odop, bool(seller.is_verified), bool((seller.udyam_number or "").strip())


def quote_shipment(seller, lines: list[tuple[Listing, int]], dest: Destination, *,
                   now: dt.datetime, usage: subsidy.Usage | None = None,
                   policy: subsidy.PolicyTerms | None = None,
                   rates: freight.RateTable | None = None,
                   carrier_paise: int | None = None) -> tuple[freight.FreightQuote, subsidy.Decision]:
    """Freight quote and subsidy decision of one seller's shipment to ``dest``, priced with
    ``rates`` (the table in force at ``now`` when not given); the subsidy is counted on the lower
    of the table's freight and ``carrier_paise`` (the courier's price, when there is one)."""
    zone = freight.zone_for(seller_district(seller), dest)
    fq = freight.quote(parcels_of(lines), zone, rates or freight.current_rate_table(now))
    odop, verified, udyam = _shipment(seller, lines)
    day = ist_date(now)
    if usage is None:
        usage = seller_usage(seller.id, financial_year(now))
    base = subsidy_base(fq.amount_paise, carrier_paise)
    decision = subsidy.decide(policy, subsidy.Shipment(zone.value, base, odop, verified, udyam, day), usage)
    return fq, decision


def quote(summary: cart_service.CartSummary, dest: Destination, *, now: dt.datetime | None = None) -> CheckoutQuote:
    """The checkout page's figures: per seller goods, freight, subsidy and total, before payment.

    ``dest``: the delivery PIN's directory entry (``destination``). The subsidy shown is a
    preview against the seller's usage now; the binding decision is taken under a lock when the
    order is placed. With a courier aggregator configured each shipment also carries the
    courier's price (asked now, remembered for placing the order).
    """
    now = now or utcnow()
    _, policy = policy_in_force(ist_date(now))
    rates = freight.current_rate_table(now)
    shipments = []
    for group in summary.groups:
        pairs = [(ln.listing, ln.quantity) for ln in group.lines]
        carrier = courier_price(group.seller, pairs, _table_quote(group.seller, pairs, dest, rates), dest, fetch=True)
        fq, decision = quote_shipment(group.seller, pairs, dest, now=now, policy=policy, rates=rates,
                                      carrier_paise=carrier)
        shipments.append(ShipmentQuote(group.seller, group.lines, group.goods_paise, fq, decision, carrier))
    return CheckoutQuote(shipments)


def seller_for_invoice(seller) -> dict:
    """The seller's name, address, GSTIN and Udyam number as the invoice prints them, frozen on
    the sub-order at checkout."""
    place = ", ".join(p for p in ((seller.address or "").strip(), (seller.city or "").strip(),
                                  (seller.pin_code or "").strip()) if p)
    return {"seller_name_en": seller.enterprise_name_en or "", "seller_name_hi": seller.enterprise_name_hi or "",
            "seller_address": place, "seller_gstin": (seller.gstin or "").strip() or None,
            "seller_udyam": (seller.udyam_number or "").strip() or None}


def _order_by_token(buyer_id: int, token: str) -> Order | None:
    return db.session.scalar(select(Order).where(Order.buyer_id == buyer_id, Order.checkout_token == token))


def _listings_for_sale(entries) -> dict[int, Listing]:
    """The cart's listings, checked for sale and MOQ (stock is taken later, under lock)."""
    listings = {}
    for listing_id, (quantity, _) in entries.items():
        listing = db.session.get(Listing, listing_id)
        if listing is None or not listing.is_public:
            raise ListingUnavailable()
        cart_service.check_line_moq(listing, quantity)
        listings[listing_id] = listing
    return listings


def _reserve_stock(items: dict[int, int], listings: dict[int, Listing]) -> None:
    """Take the units from stock with guarded UPDATEs in listing-id order (each locks its row on
    PostgreSQL until commit); OutOfStock names the first listing that ran out."""
    for listing_id in sorted(items):
        quantity = items[listing_id]
        result = db.session.execute(
            update(Listing)
            .where(Listing.id == listing_id, Listing.stock >= quantity, Listing.status == "published")
            .values(stock=Listing.stock - quantity)
            .returning(Listing.stock)
            .execution_options(synchronize_session=False))
        new_stock = result.scalar_one_or_none()
        if new_stock is None:
            raise OutOfStock(title=cart_service._title(listings[listing_id]))
        note_stock(listing_id, new_stock, -quantity)


def _locked_ledger(seller_id: int, fy: int) -> SubsidyLedger:
    """The seller's ledger row for ``fy``, created if missing, locked until commit."""
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(
        insert(SubsidyLedger)
        .values(seller_id=seller_id, financial_year=fy, amount_paise=0, claims=0)
        .on_conflict_do_nothing(index_elements=["seller_id", "financial_year"]))
    return db.session.scalars(
        select(SubsidyLedger)
        .where(SubsidyLedger.seller_id == seller_id, SubsidyLedger.financial_year == fy)
        .with_for_update().execution_options(populate_existing=True)).one()


def _history(suborder: SubOrder, frm, to, note: str, actor_id=None, actor=Actor.SYSTEM):
    db.session.add(OrderStatusChange(suborder=suborder, from_status=frm, to_status=to,
                                     actor_id=actor_id, actor_role=str(actor), note=note))


def _prepare(buyer_id: int, address_id, payment_method: str, card_enabled: bool):
    """Step 1 (no lock, nothing written): the payment method and the buyer's address; returns
    the address and its destination (from its PIN)."""
    if payment_method not in (PaymentMethod.CARD.value, PaymentMethod.COD.value, PaymentMethod.UPI.value):
        raise UnknownPaymentMethod()
    if payment_method == PaymentMethod.CARD and not card_enabled:
        raise PaymentsNotConfigured()
    if payment_method == PaymentMethod.UPI and not upi.upi_enabled():
        raise upi.UpiNotConfigured()
    address = address_of(buyer_id, address_id)
    return address, destination_of(address)  # an address saved before the PIN directory is refused


def _lock_cart(buyer_id: int) -> Cart | None:
    """The buyer's cart row, locked until commit (``SELECT ... FOR UPDATE``; a no-op on SQLite).

    Taken before anything else is read for the order, so checkouts of one cart run one after
    the other: the second sees what the first committed."""
    cart = db.session.scalars(select(Cart).where(Cart.user_id == buyer_id).with_for_update()
                              .execution_options(populate_existing=True)).one_or_none()
    if cart is not None:
        db.session.expire(cart, ["items"])  # its lines are read again, under the lock
    return cart


def _cart_lines(buyer_id: int, cart: Cart | None):
    """The locked cart's lines as ``cart.entries`` gives them. Raises CartAlreadyOrdered for
    a cart that an order has already consumed (naming that order), EmptyCart for one never
    filled."""
    entries = cart_service.entries(user_id=buyer_id) if cart is not None else {}
    if entries:
        return entries
    taken = db.session.get(Order, cart.ordered_order_id) if cart is not None and cart.ordered_order_id else None
    if taken is not None:
        raise CartAlreadyOrdered(order_id=taken.id, number=taken.number)
    raise EmptyCart()


def _create(order: Order, buyer_id: int, entries, listings: dict[int, Listing], price, dest: Destination,
            rates: freight.RateTable, fy: int) -> list[tuple]:
    """Step 2 (no lock beyond the cart's): one sub-order per seller (seller-id order) with its
    freight quote, lines and (for a card order) first history row, subsidy not yet decided; returns
    ``[(suborder, seller, [(listing, quantity)], freight quote)]``."""
    by_seller: dict[int, list[tuple[Listing, int]]] = {}
    for lid, (quantity, _) in entries.items():
        by_seller.setdefault(listings[lid].seller_id, []).append((listings[lid], quantity))
    shipments = []
    for seller_id in sorted(by_seller):
        pairs = by_seller[seller_id]
        seller = pairs[0][0].seller
        zone = freight.zone_for(seller_district(seller), dest)
        fq = freight.quote(parcels_of(pairs), zone, rates)
        goods = sum(price(listing, q) * q for listing, q in pairs)
        sub = SubOrder(
            order=order, seller_id=seller_id, status=Status.PENDING_PAYMENT.value,
            goods_paise=goods, freight_zone=fq.zone, actual_weight_g=fq.actual_weight_g,
            volumetric_weight_g=fq.volumetric_weight_g, chargeable_weight_g=fq.chargeable_weight_g,
            freight_paise=fq.amount_paise, freight_rate_version=fq.rate_version,
            freight_rate_version_id=rates.version_id,
            subsidy_eligible=False, subsidy_paise=0, financial_year=fy,
            carrier_rate_paise=courier_price(seller, pairs, fq, dest, fetch=False),
            total_paise=goods + fq.amount_paise, **seller_for_invoice(seller),
        )
        for listing, q in pairs:
            unit = price(listing, q)
            sub.lines.append(OrderLine(
                listing_id=listing.id, sku=listing.sku, title_en=listing.title_en,
                title_hi=listing.title_hi, hsn_code=listing.hsn_code,
                gst_rate_bp=listing.gst_rate_bp, quantity=q, unit_price_paise=unit,
                line_total_paise=unit * q, is_odop=bool(listing.is_odop)))
        db.session.add(sub)
        if order.payment_method != PaymentMethod.COD:
            # a card order waits for its payment; a cash-on-delivery order is confirmed at once,
            # and its first history row is that confirmation (issue #17.10), written by _pay
            _history(sub, None, Status.PENDING_PAYMENT.value, "", actor_id=buyer_id, actor=Actor.BUYER)
        shipments.append((sub, seller, pairs, fq))
    return shipments


def _reserve(order: Order, entries, listings: dict[int, Listing], shipments: list[tuple], policy_id,
             policy: subsidy.PolicyTerms | None, fy: int, day: dt.date) -> None:
    """Step 3, the contended part, kept short: stock rows (listing-id order), then each
    seller's subsidy ledger (seller-id order), both locked until commit; decides the subsidy
    and sets the final totals."""
    _reserve_stock({lid: q for lid, (q, _) in entries.items()}, listings)
    for sub, seller, pairs, fq in shipments:
        ledger = _locked_ledger(seller.id, fy)
        odop, verified, udyam = _shipment(seller, pairs)
        decision = subsidy.decide(  # on the lower of the table's freight and the courier's price
            policy, subsidy.Shipment(fq.zone, subsidy_base(fq.amount_paise, sub.carrier_rate_paise),
                                     odop, verified, udyam, day),
            subsidy.Usage(ledger.amount_paise, ledger.claims))
        if decision.eligible:
            ledger.amount_paise += decision.amount_paise
            ledger.claims += 1
        sub.subsidy_eligible, sub.subsidy_paise = decision.eligible, decision.amount_paise
        sub.subsidy_reason = decision.reason
        sub.subsidy_policy_id = policy_id if decision.policy_version else None
        sub.total_paise = sub.goods_paise + sub.freight_paise - decision.amount_paise
    order.goods_paise = sum(s.goods_paise for s in order.suborders)
    order.freight_paise = sum(s.freight_paise for s in order.suborders)
    order.subsidy_paise = sum(s.subsidy_paise for s in order.suborders)
    order.total_paise = sum(s.total_paise for s in order.suborders)


def _pay(order: Order) -> None:
    """Step 4 for cash on delivery: every sub-order confirmed at once and a pending COD payment
    recorded (a card order waits for its payment until ``expires_at``)."""
    for sub in order.suborders:
        record_change(sub, Status.CONFIRMED, actor=Actor.SYSTEM,
                      note=COD_CONFIRMED_NOTE)
    db.session.add(Payment(order=order, method=PaymentMethod.COD.value,
                           idempotency_key=f"cod-order-{order.id}",
                           amount_paise=order.total_paise,
                           status=PaymentStatus.PENDING.value))


def place_order(buyer_id: int, *, checkout_token: str, address_id, payment_method: str,
                expected_charges_paise: int | None = None, now: dt.datetime | None = None,
                card_enabled: bool = True) -> Order:
    """Place the buyer's cart as one order with one sub-order per seller.

    ``checkout_token``: from the checkout form; the same token returns the same order. A cart
    becomes one order only: another checkout page (another token) submitting the same cart,
    even at the same instant, gets CartAlreadyOrdered.
    ``expected_charges_paise``: goods plus freight as the buyer saw them on the checkout page; a
    different figure now (a price, tier or freight changed) raises CartNeedsAttention. The
    freight subsidy shown there is a preview: it is decided for good here, under the seller's
    ledger lock, and the order page (and, for a card, the payment page) shows the final total
    before any money moves. ``card_enabled``: whether Stripe keys are set. Cash on delivery is confirmed at once; a card order
    waits for payment for 30 minutes.
    Steps: prepare (checks, no lock), lock and re-read the cart, create the rows, reserve stock
    and subsidy, pay (cash on delivery), then use the quotes, empty the cart and commit.
    Raises EmptyCart, CartAlreadyOrdered, OrderNotFound (not the buyer's address), UnknownPaymentMethod,
    PaymentsNotConfigured, PinNotInState/PinUnknown (an address saved with a PIN of another
    state or one the PIN directory does not know), OutOfStock, ListingUnavailable, BelowMinimumOrder,
    CartNeedsAttention; nothing changes then.
    """
    now = now or utcnow()
    token = (checkout_token or "").strip()[:64]
    if not token:
        raise CartNeedsAttention()
    existing = _order_by_token(buyer_id, token)
    if existing is not None:
        return existing
    address, dest = _prepare(buyer_id, address_id, payment_method, card_enabled)
    _ask_courier(buyer_id, dest)
    try:
        with committed():
            cart = _lock_cart(buyer_id)
            existing = _order_by_token(buyer_id, token)  # the same page, committed while we waited
            if existing is not None:
                return existing  # committing nothing releases the lock
            entries = _cart_lines(buyer_id, cart)
            order = Order(
                buyer_id=buyer_id, checkout_token=token, payment_method=payment_method,
                ship_name=address.full_name, ship_phone=address.phone, ship_line1=address.line1,
                ship_line2=address.line2, ship_city=address.city, ship_district=dest.district,
                ship_state_code=dest.state_code, ship_pin_code=dest.pin,
                goods_paise=0, freight_paise=0, subsidy_paise=0, total_paise=0,
                expires_at=now + (upi.pay_window() if payment_method == PaymentMethod.UPI else PAYMENT_WINDOW)
                if payment_method != PaymentMethod.COD else None,
            )
            db.session.add(order)
            db.session.flush()  # claims the token
            listings = _listings_for_sale(entries)
            quotes = cart_service.accepted_quotes(buyer_id, entries)

            def price(listing, q):
                return cart_service.unit_price(listing, q, buyer_id=buyer_id, quote=quotes.get(listing.id), now=now)
            fy, day = financial_year(now), ist_date(now)
            policy_id, policy = policy_in_force(day)
            shipments = _create(order, buyer_id, entries, listings, price, dest, freight.current_rate_table(now), fy)
            charges = sum(sub.goods_paise + sub.freight_paise for sub, *_ in shipments)
            if expected_charges_paise is not None and int(expected_charges_paise) != charges:
                raise CartNeedsAttention()
            db.session.flush()
            cart.ordered_order_id = order.id  # consumed: another page submitting it is told so
            _reserve(order, entries, listings, shipments, policy_id, policy, fy, day)
            if payment_method == PaymentMethod.COD:
                _pay(order)
                order_confirmed(order)
            elif payment_method == PaymentMethod.UPI:  # waits for the buyer's UTR (upi.py)
                db.session.add(Payment(order=order, method=PaymentMethod.UPI.value,
                                       idempotency_key=f"upi-order-{order.id}", amount_paise=order.total_paise,
                                       status=PaymentStatus.PENDING.value))
            use_quotes(order, [qt for lid, qt in quotes.items()
                               if qt.prices(buyer_id, lid, entries[lid][0], now)], now=now)
            order_placed.send(order, now=now)
            cart_service.clear(user_id=buyer_id, commit=False)
    except IntegrityError:  # committed() has rolled back
        existing = _order_by_token(buyer_id, token)
        if existing is not None:
            return existing
        raise
    return order


def order_for_buyer(buyer_id: int, order_id) -> Order:
    """The buyer's own order; OrderNotFound (404) for a missing or somebody else's order."""
    number = parse_id(order_id)
    order = db.session.get(Order, number) if number is not None else None
    if order is None or order.buyer_id != buyer_id:
        raise OrderNotFound()
    return order


def orders_of_buyer(buyer_id: int) -> list[Order]:
    """The buyer's orders, newest first."""
    return list(db.session.scalars(select(Order).where(Order.buyer_id == buyer_id)
                                   .options(selectinload(Order.suborders)).order_by(Order.id.desc())))
