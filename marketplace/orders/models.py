"""Orders domain models: carts, addresses, orders split per seller, payments, freight subsidy.

Money is integer paise; timestamps are UTC (``UTCDateTime``). An Order is what the buyer placed
in one checkout; it holds one SubOrder per seller, which carries its own status (see
``states.py``), its freight quote and its freight-subsidy decision. A Quote is a seller's
negotiated price for one cart line of one buyer (see ``quote_states.py`` and ``quotes.py``).

The module stays whole: these tables are one schema tied together by relationships and foreign
keys (an Order's sub-orders, lines, payments, history and claims), which read best side by side.
"""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.database import TimestampMixin, UTCDateTime, utcnow
from marketplace.extensions import db
from marketplace.india import ist_date

from .quote_states import QuoteStatus
from .rate_table import RateTable, parse_rate_table
from .states import Status


class PaymentMethod(StrEnum):
    CARD = "card"
    COD = "cod"
    UPI = "upi"


class Cart(TimestampMixin, db.Model):
    """A signed-in buyer's stored cart (guests keep theirs in the session). Checkout locks this
    row first, so one cart's lines become exactly one order."""

    __tablename__ = "carts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    # the order that consumed the cart's lines (checkout sets it under the cart's row lock); an
    # empty cart with this set was already ordered, so another checkout page is told so
    ordered_order_id: Mapped[int | None] = mapped_column(
        ForeignKey("orders.id", ondelete="SET NULL"), nullable=True)
    items: Mapped[list[CartItem]] = relationship(
        back_populates="cart", cascade="all, delete-orphan", order_by="CartItem.id"
    )


class CartItem(db.Model):
    """A listing in a cart, with the unit price and stock the buyer saw when adding it."""

    __tablename__ = "cart_items"
    __table_args__ = (
        UniqueConstraint("cart_id", "listing_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[int] = mapped_column(ForeignKey("carts.id", ondelete="CASCADE"), index=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"))
    quantity: Mapped[int] = mapped_column(Integer)
    seen_unit_price_paise: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    cart: Mapped[Cart] = relationship(back_populates="items")
    listing = relationship("Listing")


class Address(TimestampMixin, db.Model):
    """A saved delivery address of a buyer."""

    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(10))
    line1: Mapped[str] = mapped_column(String(200))
    line2: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100))
    district: Mapped[str] = mapped_column(String(100))
    state_code: Mapped[str] = mapped_column(String(2))
    pin_code: Mapped[str] = mapped_column(String(6))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)


class Order(TimestampMixin, db.Model):
    """One checkout of one buyer. ``checkout_token`` makes a double submit return this order."""

    __tablename__ = "orders"
    __table_args__ = (UniqueConstraint("buyer_id", "checkout_token"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    checkout_token: Mapped[str] = mapped_column(String(64))
    payment_method: Mapped[str] = mapped_column(String(10))
    # the delivery address as it was at checkout (a later edit must not change an order)
    ship_name: Mapped[str] = mapped_column(String(120))
    ship_phone: Mapped[str] = mapped_column(String(10))
    ship_line1: Mapped[str] = mapped_column(String(200))
    ship_line2: Mapped[str] = mapped_column(String(200), default="")
    ship_city: Mapped[str] = mapped_column(String(100))
    ship_district: Mapped[str] = mapped_column(String(100))
    ship_state_code: Mapped[str] = mapped_column(String(2))
    ship_pin_code: Mapped[str] = mapped_column(String(6))
    goods_paise: Mapped[int] = mapped_column(Integer)
    freight_paise: Mapped[int] = mapped_column(Integer)
    subsidy_paise: Mapped[int] = mapped_column(Integer)
    total_paise: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), index=True)

    buyer = relationship("User")
    suborders: Mapped[list[SubOrder]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="SubOrder.id"
    )
    payments: Mapped[list[Payment]] = relationship(back_populates="order", order_by="Payment.id")

    @property
    def number(self) -> str:
        """The order number printed for people."""
        return f"OB{self.id:07d}"


class SubOrder(TimestampMixin, db.Model):
    """The part of an order one seller ships: its status, freight quote and subsidy decision."""

    __tablename__ = "suborders"
    __table_args__ = (
        Index("ix_suborders_seller_status", "seller_id", "status"),
        CheckConstraint("subsidy_paise >= 0 AND subsidy_paise <= freight_paise", name="subsidy_within_freight"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    status: Mapped[str] = mapped_column(String(20), default=Status.PENDING_PAYMENT.value)
    goods_paise: Mapped[int] = mapped_column(Integer)
    # freight quote
    freight_zone: Mapped[str] = mapped_column(String(20))
    actual_weight_g: Mapped[int] = mapped_column(Integer)
    volumetric_weight_g: Mapped[int] = mapped_column(Integer)
    chargeable_weight_g: Mapped[int] = mapped_column(Integer)
    freight_paise: Mapped[int] = mapped_column(Integer)
    freight_rate_version: Mapped[str] = mapped_column(String(20))  # the version's name
    # the stored rate table that priced it (None only for sub-orders priced by a table that was
    # never stored: older than orders_0003 with an unknown version name)
    freight_rate_version_id: Mapped[int | None] = mapped_column(ForeignKey("freight_rate_versions.id"), index=True)
    # freight-subsidy decision
    subsidy_eligible: Mapped[bool] = mapped_column(Boolean, default=False)
    subsidy_paise: Mapped[int] = mapped_column(Integer, default=0)
    subsidy_reason: Mapped[str | None] = mapped_column(String(40))
    subsidy_policy_id: Mapped[int | None] = mapped_column(ForeignKey("subsidy_policies.id"))
    # the courier's price for the parcel when the buyer saw checkout (None: no courier, or it
    # gave none); the subsidy was counted on the lower of it and freight_paise (shipping/rates.py)
    carrier_rate_paise: Mapped[int | None] = mapped_column(Integer)
    financial_year: Mapped[int] = mapped_column(Integer)
    total_paise: Mapped[int] = mapped_column(Integer)
    # fulfilment
    carrier: Mapped[str | None] = mapped_column(String(80))
    tracking_number: Mapped[str | None] = mapped_column(String(80))
    cancel_reason: Mapped[str | None] = mapped_column(String(300))
    # proof of delivery behind a subsidy claim (shipping.models.DeliveryProof): "carrier" (a
    # tracking event said delivered) or "officer" (confirmed by hand with a reason and a proof
    # file); None while only the seller says so
    delivery_proof: Mapped[str | None] = mapped_column(String(10))
    delivery_proof_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    delivery_proof_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    delivery_proof_note: Mapped[str | None] = mapped_column(String(300))
    delivery_proof_file: Mapped[str | None] = mapped_column(String(200))
    # the seller as printed on the invoice, frozen at checkout (a later profile edit or a new
    # GSTIN never rewrites an issued invoice); None on sub-orders older than orders_0002
    seller_name_en: Mapped[str | None] = mapped_column(String(160))
    seller_name_hi: Mapped[str | None] = mapped_column(String(160))
    seller_address: Mapped[str | None] = mapped_column(Text)
    seller_gstin: Mapped[str | None] = mapped_column(String(15))
    seller_udyam: Mapped[str | None] = mapped_column(String(19))

    order: Mapped[Order] = relationship(back_populates="suborders")
    seller = relationship("Seller")
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="suborder", cascade="all, delete-orphan", order_by="OrderLine.id"
    )
    history: Mapped[list[OrderStatusChange]] = relationship(
        back_populates="suborder", cascade="all, delete-orphan", order_by="OrderStatusChange.id"
    )
    subsidy_policy: Mapped[SubsidyPolicy | None] = relationship()
    rate_version: Mapped[FreightRateVersion | None] = relationship()
    claim: Mapped[SubsidyClaim | None] = relationship(back_populates="suborder", uselist=False)

    @property
    def number(self) -> str:
        return f"{self.order.number}-{self.id}"

    @hybrid_method
    def seen_by_seller(self, seller_id: int | None):
        """THE rule of what a seller sees: their own sub-orders once paid or confirmed; one still
        awaiting payment is no order for the seller yet (it carries the buyer's address). Works
        on a loaded sub-order (a bool) and in a query (a SQL condition)."""
        return (self.seller_id == seller_id) & (self.status != Status.PENDING_PAYMENT.value)


class OrderLine(db.Model):
    """A listing bought in a sub-order, copied as it was sold (title, price, tax, size)."""

    __tablename__ = "order_lines"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    suborder_id: Mapped[int] = mapped_column(ForeignKey("suborders.id", ondelete="CASCADE"), index=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id"), index=True)
    sku: Mapped[str] = mapped_column(String(64))
    title_en: Mapped[str] = mapped_column(String(200))
    title_hi: Mapped[str] = mapped_column(String(200))
    hsn_code: Mapped[str | None] = mapped_column(String(8))
    gst_rate_bp: Mapped[int | None] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_paise: Mapped[int] = mapped_column(Integer)
    line_total_paise: Mapped[int] = mapped_column(Integer)
    is_odop: Mapped[bool] = mapped_column(Boolean)

    suborder: Mapped[SubOrder] = relationship(back_populates="lines")
    listing = relationship("Listing")


class OrderStatusChange(db.Model):
    """One move of a sub-order through the state machine: who, when, from, to, why."""

    __tablename__ = "order_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    suborder_id: Mapped[int] = mapped_column(ForeignKey("suborders.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    suborder: Mapped[SubOrder] = relationship(back_populates="history")
    actor = relationship("User")


class FreightRateVersion(TimestampMixin, db.Model):
    """A version of the freight rate table, in force from ``effective_from`` until the next
    version starts. Never edited: the ODOP cell adds a new version (a future one may be deleted
    before it starts), so every sub-order keeps the table that priced it.

    ``zones`` is the JSON form ``freight.parse_rate_table`` reads: ``{zone: {"slabs":
    [{"max_weight_g": grams, "price_paise": paise}, ...], "extra_per_kg_paise": paise}}``.
    """

    __tablename__ = "freight_rate_versions"
    __table_args__ = (CheckConstraint("volumetric_divisor > 0", name="divisor_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(20), unique=True)
    effective_from: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    volumetric_divisor: Mapped[int] = mapped_column(Integer)  # cm³ per kg
    zones: Mapped[dict] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    created_by = relationship("User")

    def table(self) -> RateTable:
        """The pure-value rate table (``version`` = ``label``, ``version_id`` = ``id``)."""
        return parse_rate_table({"version": self.label, "volumetric_divisor_cm3_per_kg": self.volumetric_divisor,
                                 "zones": self.zones}, version_id=self.id)


class SubsidyPolicy(TimestampMixin, db.Model):
    """A version of the freight-subsidy policy, edited by the ODOP cell (see ``subsidy.py``)."""

    __tablename__ = "subsidy_policies"
    __table_args__ = (
        CheckConstraint("percent_bp >= 0 AND percent_bp <= 10000", name="percent_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(40), unique=True)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date)
    percent_bp: Mapped[int] = mapped_column(Integer)
    cap_same_district_paise: Mapped[int | None] = mapped_column(Integer)
    cap_within_up_paise: Mapped[int | None] = mapped_column(Integer)
    cap_rest_of_india_paise: Mapped[int | None] = mapped_column(Integer)
    cap_abroad_paise: Mapped[int | None] = mapped_column(Integer)
    annual_cap_paise: Mapped[int | None] = mapped_column(Integer)
    max_claims_per_year: Mapped[int | None] = mapped_column(Integer)
    require_odop_product: Mapped[bool] = mapped_column(Boolean, default=True)
    require_verified_seller: Mapped[bool] = mapped_column(Boolean, default=True)
    require_udyam: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    ZONE_COLUMNS = {
        "same_district": "cap_same_district_paise",
        "within_up": "cap_within_up_paise",
        "rest_of_india": "cap_rest_of_india_paise",
        "abroad": "cap_abroad_paise",
    }


class SubsidyLedger(db.Model):
    """What a seller holds of the subsidy in one financial year: the row checkout locks.

    ``amount_paise``/``claims`` count every live sub-order with an eligible decision (reserved at
    checkout, released when the sub-order is cancelled or expires), so that concurrent
    checkouts can never pass the annual cap or the claim limit.
    """

    __tablename__ = "subsidy_ledgers"
    __table_args__ = (
        UniqueConstraint("seller_id", "financial_year"),
        CheckConstraint("amount_paise >= 0 AND claims >= 0", name="not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"))
    financial_year: Mapped[int] = mapped_column(Integer)
    amount_paise: Mapped[int] = mapped_column(Integer, default=0)
    claims: Mapped[int] = mapped_column(Integer, default=0)


class ClaimStatus(StrEnum):
    CLAIMED = "claimed"
    APPROVED = "approved"
    PAID = "paid"
    REJECTED = "rejected"
    RECOVERY = "recovery"  # paid to the seller, then the order was cancelled or refunded


class SubsidyClaim(TimestampMixin, db.Model):
    """A freight-subsidy claim for one paid (or COD-confirmed) sub-order."""

    __tablename__ = "subsidy_claims"
    __table_args__ = (Index("ix_subsidy_claims_district_month", "district_id", "claimed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    suborder_id: Mapped[int] = mapped_column(ForeignKey("suborders.id"), unique=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"), index=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"))
    financial_year: Mapped[int] = mapped_column(Integer)
    amount_paise: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default=ClaimStatus.CLAIMED.value, index=True)
    claimed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    paid_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    dbt_reference: Mapped[str | None] = mapped_column(String(40))
    rejection_reason: Mapped[str | None] = mapped_column(String(300))
    # status recovery: how much of a paid claim the seller owes back (None: all of it, as after a
    # cancellation; a part when some of the goods were returned, ``claims.adjust_for_return``)
    recovery_paise: Mapped[int | None] = mapped_column(Integer)

    suborder: Mapped[SubOrder] = relationship(back_populates="claim")
    seller = relationship("Seller")


class PaymentStatus(StrEnum):
    PENDING = "pending"  # card: intent created, not paid yet; COD: due on delivery
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Payment(TimestampMixin, db.Model):
    """One attempt to pay an order: a Stripe PaymentIntent, or cash on delivery."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("refunded_paise >= 0 AND refunded_paise <= paid_paise", name="refund_within_paid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(10))
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    provider_intent_id: Mapped[str | None] = mapped_column(String(80), unique=True)
    client_secret: Mapped[str | None] = mapped_column(String(200))
    amount_paise: Mapped[int] = mapped_column(Integer)
    paid_paise: Mapped[int] = mapped_column(Integer, default=0)
    refunded_paise: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12), default=PaymentStatus.PENDING.value)
    failure_message: Mapped[str | None] = mapped_column(String(300))
    # UPI (upi.py): the transaction reference (UTR) the buyer typed after paying, unique across
    # the marketplace (one credit pays one order), and when; cleared if an officer finds it wrong
    upi_utr: Mapped[str | None] = mapped_column(String(22), unique=True)
    upi_utr_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    order: Mapped[Order] = relationship(back_populates="payments")
    events: Mapped[list[PaymentEvent]] = relationship(back_populates="payment", order_by="PaymentEvent.id")


class PaymentEvent(db.Model):
    """A movement of money or a provider event; the database refuses a replayed event id."""

    __tablename__ = "payment_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id", ondelete="CASCADE"), index=True)
    provider_event_id: Mapped[str | None] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(40))  # payment_intent.succeeded, refund, ...
    amount_paise: Mapped[int] = mapped_column(Integer, default=0)
    provider_object_id: Mapped[str | None] = mapped_column(String(80))
    suborder_id: Mapped[int | None] = mapped_column(ForeignKey("suborders.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    payment: Mapped[Payment | None] = relationship(back_populates="events")


class BankCreditStatus(StrEnum):
    MATCHED = "matched"  # it paid a UPI order
    UNMATCHED = "unmatched"  # no order waits for it: an officer looks (refund, or a typo in the UTR)


class BankCredit(db.Model):
    """A credit on the marketplace's collecting account, from an imported bank statement or
    typed by an officer (``upi.py``). Its UTR is unique: importing a statement twice adds nothing."""

    __tablename__ = "bank_credits"

    id: Mapped[int] = mapped_column(primary_key=True)
    utr: Mapped[str] = mapped_column(String(22), unique=True)
    credited_on: Mapped[dt.date] = mapped_column(Date)
    amount_paise: Mapped[int] = mapped_column(Integer)
    remark: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(10), index=True)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), unique=True)
    source: Mapped[str] = mapped_column(String(10))  # statement | officer
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    payment: Mapped[Payment | None] = relationship()


class CodRemittance(db.Model):
    """The courier paid over the cash it collected for one delivered COD sub-order (``cod.py``):
    from the courier's remittance file. One per sub-order."""

    __tablename__ = "cod_remittances"

    id: Mapped[int] = mapped_column(primary_key=True)
    suborder_id: Mapped[int] = mapped_column(ForeignKey("suborders.id"), unique=True)
    amount_paise: Mapped[int] = mapped_column(Integer)
    remitted_on: Mapped[dt.date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(40), index=True)  # the courier's UTR or batch id
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    suborder: Mapped[SubOrder] = relationship()


class Quote(TimestampMixin, db.Model):
    """A seller's negotiated offer to one buyer: one listing, a quantity and a unit price, valid
    until a date (inclusive, Asia/Kolkata). Accepted, it prices that cart line for that buyer
    only. It is made on a lead of the meets (``lead_id``; the ``lead`` relationship is named, not
    imported: the meets sit above orders and give ``Lead.quotes`` its other side)."""

    __tablename__ = "quotes"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),
                      CheckConstraint("unit_price_paise > 0", name="price_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    buyer_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                               index=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"),
                                            index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_paise: Mapped[int] = mapped_column(Integer)
    valid_until: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default=QuoteStatus.OPEN.value, index=True)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="SET NULL"))

    lead = relationship("Lead", back_populates="quotes")
    listing = relationship("Listing")
    seller = relationship("Seller")
    buyer = relationship("User")
    order: Mapped[Order | None] = relationship()

    @property
    def line_total_paise(self) -> int:
        return self.unit_price_paise * self.quantity

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        """True once the validity date (Asia/Kolkata) has passed."""
        return ist_date(now or utcnow()) > self.valid_until

    def prices(self, buyer_id: int, listing_id: int, quantity: int,
               now: dt.datetime | None = None) -> bool:
        """Whether this quote sets the price of ``quantity`` units of ``listing_id`` in the cart of
        ``buyer_id`` now: accepted by that buyer, same listing and quantity, not expired."""
        return (self.status == QuoteStatus.ACCEPTED and self.buyer_user_id == buyer_id
                and self.listing_id == listing_id and self.quantity == quantity
                and not self.is_expired(now))
