"""Buyers' complaints (grievances, issue #19 part 3): a ticket about an order, one seller's part
of it (a sub-order) or that seller; its thread of messages; and every move it made.

The rules (deadlines, escalation, who may do what) are in ``grievances.py``; the codes and their
labels in ``grievance_states.py``. Times are UTC.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.database import TimestampMixin, UTCDateTime, utcnow
from marketplace.extensions import db
from marketplace.india import ist_date

from .grievance_states import Level, TicketStatus


class GrievanceTicket(TimestampMixin, db.Model):
    """One complaint of a buyer. The seller and the district are those of the sub-order's seller,
    copied when it is filed (the district decides which DIC takes it)."""

    __tablename__ = "grievance_tickets"
    __table_args__ = (Index("ix_grievance_tickets_district_status", "district_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    suborder_id: Mapped[int | None] = mapped_column(ForeignKey("suborders.id", ondelete="CASCADE"), index=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"), index=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"))
    category: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(10), default=Level.SELLER.value)
    status: Mapped[str] = mapped_column(String(10), default=TicketStatus.OPEN.value)
    # deadlines, fixed when the ticket is filed from the settings then in force
    ack_due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    seller_due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    resolve_due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # when it stopped being open: resolved by an officer, or withdrawn by the buyer
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str | None] = mapped_column(String(12))
    outcome_note: Mapped[str] = mapped_column(Text, default="")

    buyer = relationship("User", foreign_keys=[buyer_id])
    order = relationship("Order")
    suborder = relationship("SubOrder")
    seller = relationship("Seller")
    district = relationship("District")
    messages: Mapped[list[GrievanceMessage]] = relationship(
        back_populates="ticket", cascade="all, delete-orphan", order_by="GrievanceMessage.id")
    events: Mapped[list[GrievanceEvent]] = relationship(
        back_populates="ticket", cascade="all, delete-orphan", order_by="GrievanceEvent.id")

    @property
    def number(self) -> str:
        """The ticket number printed for people: ``GR-<year filed, India>-<id, six digits>``."""
        year = ist_date(self.created_at or utcnow()).year
        return f"GR-{year}-{self.id:06d}"

    @property
    def is_open(self) -> bool:
        return self.status == TicketStatus.OPEN


class GrievanceMessage(db.Model):
    """A message in a ticket's thread, from the buyer, the seller or an officer."""

    __tablename__ = "grievance_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("grievance_tickets.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(String(10))  # grievance_states.Party
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    ticket: Mapped[GrievanceTicket] = relationship(back_populates="messages")
    author = relationship("User")


class GrievanceEvent(db.Model):
    """One move of a ticket (filed, acknowledged, escalated, resolved, withdrawn): who, in which
    role, when, from which stage to which, and a note (the resolution's reason)."""

    __tablename__ = "grievance_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("grievance_tickets.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))  # grievance_states.Action
    from_stage: Mapped[str | None] = mapped_column(String(10))
    to_stage: Mapped[str] = mapped_column(String(10))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_role: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    ticket: Mapped[GrievanceTicket] = relationship(back_populates="events")
    actor = relationship("User")
