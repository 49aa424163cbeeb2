"""Returns (RMA, issue #19 part 2): a buyer's request to send back units of one order line, its
photos, and every move through the return state machine (``return_states.py``).

Money is integer paise, times UTC. The refund details a cash-on-delivery buyer gives (a UPI id,
or a bank account and IFSC) are kept on the request for the ODOP cell, who pays them out.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.database import TimestampMixin, UTCDateTime, utcnow
from marketplace.extensions import db

from .return_states import ReturnState


class ReturnRequest(TimestampMixin, db.Model):
    """``quantity`` units of one order line the buyer wants to send back."""

    __tablename__ = "return_requests"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("amount_paise >= 0 AND refunded_paise >= 0 AND refunded_paise <= amount_paise",
                        name="refund_within_amount"),
        Index("ix_return_requests_state_requested", "state", "requested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    suborder_id: Mapped[int] = mapped_column(ForeignKey("suborders.id", ondelete="CASCADE"), index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id", ondelete="CASCADE"), index=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(20))  # a key of return_states.RETURN_REASONS
    details: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default=ReturnState.REQUESTED.value)
    # what comes back to the buyer: the line's unit price × quantity (goods only, not freight)
    amount_paise: Mapped[int] = mapped_column(Integer)
    refunded_paise: Mapped[int] = mapped_column(Integer, default=0)
    requested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answer_due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    answer_note: Mapped[str | None] = mapped_column(String(300))
    return_carrier: Mapped[str | None] = mapped_column(String(80))
    return_tracking: Mapped[str | None] = mapped_column(String(80))
    received_condition: Mapped[str | None] = mapped_column(String(10))  # "good" or "damaged"
    # cash on delivery: where the money goes (one of the two), and the ODOP cell's payment reference
    refund_upi: Mapped[str | None] = mapped_column(String(100))
    refund_account: Mapped[str | None] = mapped_column(String(18))
    refund_ifsc: Mapped[str | None] = mapped_column(String(11))
    refund_reference: Mapped[str | None] = mapped_column(String(60))

    suborder = relationship("SubOrder", backref=db.backref("returns", order_by="ReturnRequest.id"))
    line = relationship("OrderLine")
    buyer = relationship("User")
    photos: Mapped[list[ReturnPhoto]] = relationship(back_populates="request", cascade="all, delete-orphan",
                                                     order_by="ReturnPhoto.id")
    transitions: Mapped[list[ReturnTransition]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="ReturnTransition.id")

    @property
    def number(self) -> str:
        """The return's number printed for people."""
        return f"R{self.id:06d}"


class ReturnPhoto(db.Model):
    """A photo of the returned item, stored in the private ``proofs`` area (``returns/<token>.jpg``)."""

    __tablename__ = "return_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("return_requests.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    request: Mapped[ReturnRequest] = relationship(back_populates="photos")


class ReturnTransition(db.Model):
    """One move of a return: who (user and role), when, from, to, and a note."""

    __tablename__ = "return_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("return_requests.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    request: Mapped[ReturnRequest] = relationship(back_populates="transitions")
    actor = relationship("User")
