"""Buyers and samagam meets: profiles, meets, registrations, requests, meetings, leads, enquiries."""
from __future__ import annotations

import datetime as dt
import secrets
from enum import StrEnum

from sqlalchemy import (Boolean, Column, Date, ForeignKey, Integer, String, Table,
                        Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.catalog.models import Category, District, Listing, Seller
from marketplace.database import TimestampMixin, UTCDateTime, utcnow
from marketplace.extensions import db
from marketplace.i18n import loc
from marketplace.orders.models import Quote


class BuyerType(StrEnum):
    RETAIL = "retail"
    WHOLESALER = "wholesaler"
    EXPORTER = "exporter"
    INSTITUTIONAL = "institutional"  # GeM and other institutional buyers
    ONLINE = "online"
    INDIVIDUAL = "individual"


buyer_categories = Table(
    "buyer_categories",
    db.metadata,
    Column("buyer_id", ForeignKey("buyer_profiles.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True),
)
buyer_districts = Table(
    "buyer_districts",
    db.metadata,
    Column("buyer_id", ForeignKey("buyer_profiles.id", ondelete="CASCADE"), primary_key=True),
    Column("district_id", ForeignKey("districts.id", ondelete="CASCADE"), primary_key=True),
)
samagam_districts = Table(
    "samagam_districts",
    db.metadata,
    Column("samagam_id", ForeignKey("samagams.id", ondelete="CASCADE"), primary_key=True),
    Column("district_id", ForeignKey("districts.id", ondelete="CASCADE"), primary_key=True),
)
registration_listings = Table(
    "registration_listings",
    db.metadata,
    Column("registration_id", ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True),
    Column("listing_id", ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True),
)


def _split(text: str | None) -> list[str]:
    return [x.strip() for x in (text or "").split(",") if x.strip()]


class BuyerProfile(TimestampMixin, db.Model):
    """What a buyer is and looks for; one per user."""

    __tablename__ = "buyer_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    buyer_type: Mapped[str] = mapped_column(String(20), default=BuyerType.RETAIL.value)
    organisation: Mapped[str] = mapped_column(String(160), default="")
    city: Mapped[str] = mapped_column(String(80), default="")
    state: Mapped[str] = mapped_column(String(80), default="")
    country: Mapped[str] = mapped_column(String(80), default="India")
    monthly_volume_units: Mapped[int | None] = mapped_column(Integer)
    budget_min_paise: Mapped[int | None] = mapped_column(Integer)  # per unit
    budget_max_paise: Mapped[int | None] = mapped_column(Integer)
    languages: Mapped[str] = mapped_column(String(120), default="hi")  # codes, comma-separated
    export_markets: Mapped[str] = mapped_column(String(255), default="")

    user = relationship("User")
    categories: Mapped[list[Category]] = relationship(secondary=buyer_categories)
    districts: Mapped[list[District]] = relationship(secondary=buyer_districts)

    @property
    def language_codes(self) -> list[str]:
        return _split(self.languages)

    @property
    def export_market_list(self) -> list[str]:
        return _split(self.export_markets)


class SamagamStatus(StrEnum):
    DRAFT = "draft"          # being set up, not public
    OPEN = "open"            # public, taking registrations while the window lasts
    PUBLISHED = "published"  # timetable published
    PAST = "past"            # held (the 2019 meets)


class Samagam(TimestampMixin, db.Model):
    """A buyer-seller meet (udyam samagam) in one or more districts."""

    __tablename__ = "samagams"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title_en: Mapped[str] = mapped_column(String(200))
    title_hi: Mapped[str] = mapped_column(String(200), default="")
    venue: Mapped[str] = mapped_column(String(255), default="")
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    registration_opens_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    registration_closes_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    meeting_minutes: Mapped[int] = mapped_column(Integer, default=20)
    slots_per_day: Mapped[int] = mapped_column(Integer, default=12)
    day_start: Mapped[str] = mapped_column(String(5), default="10:00")  # local time, HH:MM
    tables: Mapped[int] = mapped_column(Integer, default=20)
    break_after_slots: Mapped[str] = mapped_column(String(60), default="")  # e.g. "6": lunch
    break_minutes: Mapped[int] = mapped_column(Integer, default=45)
    status: Mapped[str] = mapped_column(String(20), default=SamagamStatus.DRAFT.value, index=True)
    schedule_built_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    districts: Mapped[list[District]] = relationship(secondary=samagam_districts)
    registrations: Mapped[list["Registration"]] = relationship(back_populates="samagam",
                                                               cascade="all, delete-orphan")

    @property
    def venue_label(self) -> str:
        """The venue in the current language: a venue that is just one of the meet's districts
        (the 2019 meets) is that district's name in the current language; any other as typed."""
        venue = (self.venue or "").strip()
        for district in self.districts:
            if venue and venue.lower() in ((district.name_en or "").lower(), district.name_hi):
                return loc(district, "name")
        return venue

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    @property
    def total_slots(self) -> int:
        return self.days * self.slots_per_day

    @property
    def break_slots(self) -> set[int]:
        return {int(x) for x in _split(self.break_after_slots) if x.isdigit()}


class ParticipantRole(StrEnum):
    BUYER = "buyer"
    SELLER = "seller"


def _new_code() -> str:
    return secrets.token_hex(5).upper()


class Registration(db.Model):
    """A buyer or a (verified) seller taking part in a meet."""

    __tablename__ = "registrations"
    __table_args__ = (UniqueConstraint("samagam_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    samagam_id: Mapped[int] = mapped_column(ForeignKey("samagams.id", ondelete="CASCADE"),
                                            index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    seller_id: Mapped[int | None] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"))
    unavailable_slots: Mapped[str] = mapped_column(String(500), default="")  # slot indexes
    capacity_units_per_month: Mapped[int | None] = mapped_column(Integer)
    max_meetings: Mapped[int | None] = mapped_column(Integer)
    checkin_code: Mapped[str] = mapped_column(String(16), unique=True, default=_new_code)
    checked_in_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # the organiser's reason when somebody was checked in outside the meet's days
    checkin_note: Mapped[str | None] = mapped_column(String(200))
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                    ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    samagam: Mapped[Samagam] = relationship(back_populates="registrations")
    user = relationship("User", foreign_keys=[user_id])
    seller: Mapped[Seller | None] = relationship()
    listings: Mapped[list[Listing]] = relationship(secondary=registration_listings)

    @property
    def unavailable(self) -> set[int]:
        return {int(x) for x in _split(self.unavailable_slots) if x.isdigit()}

    @property
    def display_name(self) -> str:
        """The enterprise's name in the current language (a seller), else the person's name."""
        if self.seller is not None:
            return loc(self.seller, "enterprise_name")
        return self.user.name


class RequestStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class MeetingRequest(db.Model):
    """One participant asks another for a meeting at a meet."""

    __tablename__ = "meeting_requests"
    __table_args__ = (UniqueConstraint("from_registration_id", "to_registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    samagam_id: Mapped[int] = mapped_column(ForeignKey("samagams.id", ondelete="CASCADE"),
                                            index=True)
    from_registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    to_registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default=RequestStatus.PENDING.value)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    responded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    sender: Mapped[Registration] = relationship(foreign_keys=[from_registration_id])
    recipient: Mapped[Registration] = relationship(foreign_keys=[to_registration_id])


class LeadStage(StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    NEGOTIATING = "negotiating"
    WON = "won"
    LOST = "lost"


class LeadSource(StrEnum):
    SCORE = "score"
    ENQUIRY = "enquiry"
    REQUEST = "request"


class Enquiry(db.Model):
    """A buyer asks a seller for a quote on a listing (request for quote)."""

    __tablename__ = "enquiries"

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                               index=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"),
                                            index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    target_price_paise: Mapped[int | None] = mapped_column(Integer)
    needed_by: Mapped[dt.date | None] = mapped_column(Date)
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    listing: Mapped[Listing] = relationship()
    buyer = relationship("User")


class Lead(TimestampMixin, db.Model):
    """A possible deal between a buyer and a seller, followed to an order."""

    __tablename__ = "leads"
    __table_args__ = (UniqueConstraint("samagam_id", "buyer_user_id", "seller_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    samagam_id: Mapped[int | None] = mapped_column(ForeignKey("samagams.id", ondelete="CASCADE"),
                                                   index=True)
    buyer_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                               index=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"),
                                           index=True)
    source: Mapped[str] = mapped_column(String(10), default=LeadSource.SCORE.value)
    score: Mapped[int] = mapped_column(Integer, default=0)
    reasons_json: Mapped[str] = mapped_column(Text, default="[]")
    stage: Mapped[str] = mapped_column(String(12), default=LeadStage.NEW.value, index=True)
    value_paise: Mapped[int | None] = mapped_column(Integer)
    enquiry_id: Mapped[int | None] = mapped_column(ForeignKey("enquiries.id", ondelete="SET NULL"))
    # the marketplace order a quote of this lead became (set once, when the order is placed)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="SET NULL"))

    buyer = relationship("User")
    seller: Mapped[Seller] = relationship()
    enquiry: Mapped[Enquiry | None] = relationship()
    order = relationship("Order")
    # a seller's quotes on this lead (an order matter: ``marketplace.orders.models.Quote``)
    quotes: Mapped[list[Quote]] = relationship(back_populates="lead", order_by=Quote.id.desc(),
                                               cascade="all, delete-orphan")


class Outcome(StrEnum):
    ORDER_EXPECTED = "order_expected"
    INTERESTED = "interested"
    NOT_INTERESTED = "not_interested"


class Meeting(db.Model):
    """A 1:1 meeting in the timetable of a meet."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("samagam_id", "slot", "table_no"),
                      UniqueConstraint("samagam_id", "buyer_registration_id",
                                       "seller_registration_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    samagam_id: Mapped[int] = mapped_column(ForeignKey("samagams.id", ondelete="CASCADE"),
                                            index=True)
    buyer_registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    seller_registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    slot: Mapped[int] = mapped_column(Integer)
    table_no: Mapped[int] = mapped_column(Integer)  # from 0; shown from 1
    priority: Mapped[int] = mapped_column(Integer, default=0)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", ondelete="SET NULL"))
    buyer_outcome: Mapped[str | None] = mapped_column(String(20))
    seller_outcome: Mapped[str | None] = mapped_column(String(20))
    buyer_note: Mapped[str] = mapped_column(Text, default="")
    seller_note: Mapped[str] = mapped_column(Text, default="")

    buyer_registration: Mapped[Registration] = relationship(
        foreign_keys=[buyer_registration_id])
    seller_registration: Mapped[Registration] = relationship(
        foreign_keys=[seller_registration_id])
    lead: Mapped[Lead | None] = relationship()


class SavedItem(db.Model):
    """A listing a buyer saved for later (issue #19, part 5): one row per buyer and listing.
    ``price_paise_when_saved``: the price then, so the list can say "was ₹..." and a price drop is
    told only when it goes below it."""
    __tablename__ = "saved_items"
    __table_args__ = (UniqueConstraint("user_id", "listing_id", name="uq_saved_items_user_listing"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    price_paise_when_saved: Mapped[int] = mapped_column(Integer)

    listing: Mapped[Listing] = relationship()
