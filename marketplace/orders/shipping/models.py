"""Shipments and their tracking events.

A ``Shipment`` is one parcel of one sub-order, booked through a carrier adapter (``manual`` or
``aggregator``, see ``carriers.py``). Its ``status`` follows the parcel: ``booking`` (an attempt
that has not finished: the courier-side ids obtained so far are kept for the retry), ``booked``
(an AWB number and a label), ``pickup_requested``, then the tracking codes. Each
``TrackingEvent`` is stored once (``event_key`` is unique): a webhook delivered twice or a poll
that sees an event again changes nothing.
"""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.database import TimestampMixin, UTCDateTime, utcnow
from marketplace.extensions import db

from .carriers import TRACKING_LABELS, TrackingCode


class ShipmentStatus(StrEnum):
    BOOKING = "booking"
    BOOKED = "booked"
    PICKUP_REQUESTED = "pickup_requested"
    PICKED_UP = TrackingCode.PICKED_UP.value
    IN_TRANSIT = TrackingCode.IN_TRANSIT.value
    OUT_FOR_DELIVERY = TrackingCode.OUT_FOR_DELIVERY.value
    FAILED_ATTEMPT = TrackingCode.FAILED_ATTEMPT.value
    DELIVERED = TrackingCode.DELIVERED.value
    RETURNED_TO_ORIGIN = TrackingCode.RETURNED_TO_ORIGIN.value


SHIPMENT_LABELS = {
    ShipmentStatus.BOOKING: _l("Booking not finished"),
    ShipmentStatus.BOOKED: _l("Booked, label ready"),
    ShipmentStatus.PICKUP_REQUESTED: _l("Pickup requested"),
    **{ShipmentStatus(code.value): label for code, label in TRACKING_LABELS.items()},
}


class DeliveryProof(StrEnum):
    """Who says a sub-order arrived, for the freight subsidy: the carrier (a tracking event) or
    an officer by hand (with a reason and an uploaded proof). A seller's own word is none."""

    CARRIER = "carrier"
    OFFICER = "officer"


DELIVERY_PROOF_LABELS = {
    DeliveryProof.CARRIER: _l("Carrier-confirmed"),
    DeliveryProof.OFFICER: _l("Confirmed by an officer"),
}


class Shipment(TimestampMixin, db.Model):
    __tablename__ = "shipments"
    __table_args__ = (UniqueConstraint("adapter", "awb", name="uq_shipments_adapter_awb"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    suborder_id: Mapped[int] = mapped_column(ForeignKey("suborders.id", ondelete="CASCADE"), unique=True)
    adapter: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=ShipmentStatus.BOOKING.value)
    courier_name: Mapped[str | None] = mapped_column(String(80))
    awb: Mapped[str | None] = mapped_column(String(40))
    weight_g: Mapped[int] = mapped_column(Integer)
    length_cm: Mapped[int] = mapped_column(Integer)
    width_cm: Mapped[int] = mapped_column(Integer)
    height_cm: Mapped[int] = mapped_column(Integer)
    cod_paise: Mapped[int] = mapped_column(Integer, default=0)
    rate_paise: Mapped[int | None] = mapped_column(Integer)  # what the courier charges, when it says
    # the courier's own ids (an interrupted booking resumes with them) and its label
    courier_order_id: Mapped[str | None] = mapped_column(String(40))
    courier_shipment_id: Mapped[str | None] = mapped_column(String(40))
    label_url: Mapped[str | None] = mapped_column(Text)
    pickup_scheduled_for: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(String(300))
    booked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    booked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    last_event_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    suborder = relationship("SubOrder", backref=db.backref("shipment", uselist=False))
    events: Mapped[list[TrackingEvent]] = relationship(
        back_populates="shipment", cascade="all, delete-orphan",
        order_by="(TrackingEvent.happened_at, TrackingEvent.id)")

    @property
    def label(self) -> str:
        return str(SHIPMENT_LABELS[ShipmentStatus(self.status)])


class TrackingEvent(db.Model):
    __tablename__ = "tracking_events"
    __table_args__ = (Index("ix_tracking_events_shipment", "shipment_id", "happened_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id", ondelete="CASCADE"))
    event_key: Mapped[str] = mapped_column(String(160), unique=True)
    code: Mapped[str] = mapped_column(String(24))
    happened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    location: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # False for an event that arrived after a later one (recorded, but it moved nothing)
    applied: Mapped[bool] = mapped_column(default=True)

    shipment: Mapped[Shipment] = relationship(back_populates="events")

    @property
    def label(self) -> str:
        return str(TRACKING_LABELS[TrackingCode(self.code)])
