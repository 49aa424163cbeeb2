"""Catalogue models: divisions, districts and their ODOP products, sellers, listings, photos.

Money is integer paise; the GST rate is in basis points (1200 = 12%).
"""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import (JSON, Boolean, CheckConstraint, Column, Date, ForeignKey, Index, Integer, String, Table, Text,
                        UniqueConstraint, select)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.database import TimestampMixin, UTCDateTime, utcnow
from marketplace.extensions import db


class Division(db.Model):
    """One of Uttar Pradesh's 18 revenue divisions (मंडल)."""

    __tablename__ = "divisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_en: Mapped[str] = mapped_column(String(80))
    name_hi: Mapped[str] = mapped_column(String(80))

    districts: Mapped[list[District]] = relationship(back_populates="division", order_by="District.name_en")


class Category(db.Model):
    """A craft or product line; a district's ODOP product is one of these, shared across districts."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_hi: Mapped[str] = mapped_column(String(120))
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_hi: Mapped[str] = mapped_column(Text, default="")

    districts: Mapped[list[District]] = relationship(back_populates="odop_category")


organiser_districts = Table(
    "organiser_districts",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("district_id", ForeignKey("districts.id", ondelete="CASCADE"), primary_key=True),
)


class District(db.Model):
    """A district (जनपद) with its One District One Product."""

    __tablename__ = "districts"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_en: Mapped[str] = mapped_column(String(80))
    name_hi: Mapped[str] = mapped_column(String(80))
    division_id: Mapped[int] = mapped_column(ForeignKey("divisions.id"), index=True)
    odop_category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    samagam_2019_start: Mapped[dt.date | None] = mapped_column(Date)
    samagam_2019_end: Mapped[dt.date | None] = mapped_column(Date)

    division: Mapped[Division] = relationship(back_populates="districts")
    odop_category: Mapped[Category] = relationship(back_populates="districts")


def officer_district_ids(user) -> set[int]:
    """The one rule for the districts a user may see and act on, always as the full set of ids:
    every district for the ODOP cell (``admin``), the districts listed for an organiser (DIC
    officer) in ``organiser_districts``, none for anybody else. Callers test membership
    (``district_id in officer_district_ids(user)``) and never special-case "all"."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    if user.role == "admin":
        return set(db.session.scalars(select(District.id)))
    if user.role != "organiser":
        return set()
    return set(db.session.scalars(select(organiser_districts.c.district_id).where(organiser_districts.c.user_id == user.id)))


class SellerType(StrEnum):
    ARTISAN = "artisan"
    SHG = "shg"  # self-help group
    FPO = "fpo"  # farmer producer organisation
    COOPERATIVE = "cooperative"
    MSME = "msme"
    EXPORTER = "exporter"


class SellerStatus(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class Seller(TimestampMixin, db.Model):
    """A maker's storefront: an artisan, SHG, FPO, cooperative, MSME unit or exporter."""

    __tablename__ = "sellers"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    enterprise_name_en: Mapped[str] = mapped_column(String(160), default="")
    enterprise_name_hi: Mapped[str] = mapped_column(String(160), default="")
    seller_type: Mapped[str] = mapped_column(String(20), default=SellerType.ARTISAN.value)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    address: Mapped[str] = mapped_column(Text, default="")
    city: Mapped[str] = mapped_column(String(80), default="")
    pin_code: Mapped[str] = mapped_column(String(6), default="")
    phone: Mapped[str | None] = mapped_column(String(10))
    udyam_number: Mapped[str | None] = mapped_column(String(19))
    gstin: Mapped[str | None] = mapped_column(String(15))
    gi_tags: Mapped[str] = mapped_column(String(300), default="")  # comma-separated GI names
    story_en: Mapped[str] = mapped_column(Text, default="")
    story_hi: Mapped[str] = mapped_column(Text, default="")
    photo_path: Mapped[str | None] = mapped_column(String(300))
    upi_id: Mapped[str | None] = mapped_column(String(100))
    bank_account_name: Mapped[str | None] = mapped_column(String(120))
    bank_ifsc: Mapped[str | None] = mapped_column(String(11))
    bank_account_last4: Mapped[str | None] = mapped_column(String(4))
    # the full account number, encrypted at rest (catalog/bank_details.py); payouts need it
    bank_account_encrypted: Mapped[str | None] = mapped_column(Text)
    capacity_units_per_month: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default=SellerStatus.PENDING.value, index=True)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user = relationship("User", foreign_keys=[user_id])
    district: Mapped[District] = relationship()
    listings: Mapped[list[Listing]] = relationship(back_populates="seller")

    @property
    def is_verified(self) -> bool:
        return self.status == SellerStatus.VERIFIED

    @property
    def gi_tag_list(self) -> list[str]:
        return [t.strip() for t in (self.gi_tags or "").split(",") if t.strip()]


class SellerStatusChange(db.Model):
    """Every verification decision on a seller: from, to, why, by whom, when."""

    __tablename__ = "seller_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class BankDetailChange(db.Model):
    """Every change of a seller's payout bank details (anti-fraud, issue #14): who, when, and
    the masked details before and after (holder name, IFSC, last four digits; never the number)."""

    __tablename__ = "bank_detail_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    before: Mapped[dict] = mapped_column(JSON)
    after: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    actor = relationship("User")


class ListingStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


#: Under this many units a listing says "Only N left" (``catalog/_macros.html`` ``stock_state``);
#: the add-to-cart form and the page cache (``orders.stock_events``) follow the same line.
LOW_STOCK = 5


class Listing(TimestampMixin, db.Model):
    """A product a seller offers. ``stock`` is the number of units still available to order."""

    __tablename__ = "listings"
    __table_args__ = (
        UniqueConstraint("seller_id", "sku"),
        # The database itself refuses to oversell or to store a negative price.
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("price_paise >= 0", name="price_not_negative"),
        CheckConstraint("moq >= 1", name="moq_at_least_one"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"), index=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    sku: Mapped[str] = mapped_column(String(64))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    title_hi: Mapped[str] = mapped_column(String(200), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_hi: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    price_paise: Mapped[int] = mapped_column(Integer)
    mrp_paise: Mapped[int | None] = mapped_column(Integer)
    stock: Mapped[int] = mapped_column(Integer, default=0)
    moq: Mapped[int] = mapped_column(Integer, default=1)
    weight_g: Mapped[int] = mapped_column(Integer, default=0)
    length_cm: Mapped[int] = mapped_column(Integer, default=0)
    width_cm: Mapped[int] = mapped_column(Integer, default=0)
    height_cm: Mapped[int] = mapped_column(Integer, default=0)
    hsn_code: Mapped[str | None] = mapped_column(String(8))
    gst_rate_bp: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default=ListingStatus.DRAFT.value, index=True)
    sold_count: Mapped[int] = mapped_column(Integer, default=0)
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # The return policy the seller chose; NULL means "the category's default"
    # (catalog/return_policy.py is the one home of the rule and of what a buyer is shown).
    returnable: Mapped[bool | None] = mapped_column(Boolean)
    return_window_days: Mapped[int | None] = mapped_column(Integer)
    return_condition: Mapped[str | None] = mapped_column(String(20))

    seller: Mapped[Seller] = relationship(back_populates="listings")
    category: Mapped[Category] = relationship()
    price_tiers: Mapped[list[PriceTier]] = relationship(
        back_populates="listing", order_by="PriceTier.min_quantity", cascade="all, delete-orphan"
    )
    images: Mapped[list[ListingImage]] = relationship(
        back_populates="listing", order_by="ListingImage.position", cascade="all, delete-orphan"
    )

    @property
    def is_odop(self) -> bool:
        """The listing is its seller's district's One District One Product."""
        return self.seller is not None and self.category_id == self.seller.district.odop_category_id

    @property
    def is_public(self) -> bool:
        return self.status == ListingStatus.PUBLISHED and self.seller is not None and self.seller.is_verified

    def unit_price_paise(self, quantity: int) -> int:
        """The price of one unit when ``quantity`` units are bought: the best tier reached."""
        price = self.price_paise
        for tier in self.price_tiers:
            if quantity >= tier.min_quantity:
                price = min(price, tier.price_paise)
        return price


class PriceTier(db.Model):
    """A bulk price: from ``min_quantity`` units, each costs ``price_paise``."""

    __tablename__ = "price_tiers"
    __table_args__ = (
        UniqueConstraint("listing_id", "min_quantity"),
        CheckConstraint("min_quantity >= 2", name="tier_min_quantity"),
        CheckConstraint("price_paise >= 0", name="tier_price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    min_quantity: Mapped[int] = mapped_column(Integer)
    price_paise: Mapped[int] = mapped_column(Integer)

    listing: Mapped[Listing] = relationship(back_populates="price_tiers")


class ListingImage(db.Model):
    """A photo of a listing, re-encoded by Pillow; paths are relative to UPLOAD_DIR."""

    __tablename__ = "listing_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    path: Mapped[str] = mapped_column(String(300))
    thumb_path: Mapped[str] = mapped_column(String(300))
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)

    listing: Mapped[Listing] = relationship(back_populates="images")


# --------------------------------------------------------------------------- reviews (issue #19.4)
# A review belongs to one order line (``order_lines`` is the orders package's table, named here by
# table name only: the catalogue never imports orders). Who may write one is orders' rule
# (``orders/reviews.py``); what buyers see and the average are the catalogue's
# (``catalog/reviews.py``, the one home of "a hidden review never counts").

#: Longest review text (characters) and most photos per review.
REVIEW_TEXT_MAX = 2000
REVIEW_REPLY_MAX = 1000
REVIEW_PHOTOS_MAX = 4


class Review(db.Model):
    """A buyer's rating (1-5) and review of one delivered order line."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("rating >= 1 AND rating <= 5", name="rating_one_to_five"),
        Index("ix_reviews_listing_visible", "listing_id", "hidden"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id", ondelete="CASCADE"), unique=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(2), default="en")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    edited_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    seller_reply: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_reason: Mapped[str | None] = mapped_column(String(300))
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    hidden_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    helpful_count: Mapped[int] = mapped_column(Integer, default=0)

    listing: Mapped[Listing] = relationship()
    seller: Mapped[Seller] = relationship()
    buyer = relationship("User", foreign_keys=[buyer_id])
    photos: Mapped[list[ReviewPhoto]] = relationship(
        back_populates="review", order_by="ReviewPhoto.position", cascade="all, delete-orphan"
    )


class ReviewPhoto(db.Model):
    """A photo of a review, re-encoded like a listing's (``catalog/images.py``)."""

    __tablename__ = "review_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    path: Mapped[str] = mapped_column(String(300))
    thumb_path: Mapped[str] = mapped_column(String(300))
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)

    review: Mapped[Review] = relationship(back_populates="photos")


class ReviewReport(db.Model):
    """Somebody told the ODOP cell a review breaks the rules (one report per user and review)."""

    __tablename__ = "review_reports"
    __table_args__ = (UniqueConstraint("review_id", "user_id", name="uq_review_reports_review_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    review: Mapped[Review] = relationship()
    user = relationship("User")


class ReviewVote(db.Model):
    """One user found a review helpful (one vote per user and review)."""

    __tablename__ = "review_votes"
    __table_args__ = (UniqueConstraint("review_id", "user_id", name="uq_review_votes_review_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
