"""Tables of the ODOP cell and the district offices: the audit log and the producers' helpdesk."""
from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.database import TimestampMixin, UTCDateTime, utcnow
from marketplace.extensions import db


class AuditEntry(db.Model):
    """One admin action: who did what to which object, when, and the object before and after.

    Rows are only ever added. ``district_id`` is the district the object belongs to (a seller's
    district, a question's district), so a DIC officer sees only the entries of their districts;
    state-wide actions (a policy change) have none and only the ODOP cell sees them.
    """

    __tablename__ = "admin_audit_entries"
    __table_args__ = (Index("ix_admin_audit_entries_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id", ondelete="SET NULL"), index=True)
    summary: Mapped[str] = mapped_column(String(300), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    actor = relationship("User", lazy="joined")
    district = relationship("District", lazy="joined")


class HelpTopic(StrEnum):
    """What a producer's question is about (the topics of point 14 of the ODOP order)."""

    SCHEMES = "schemes"        # schemes and loans
    TRAINING = "training"
    DESIGN = "design"          # design and packaging
    MARKETING = "marketing"    # marketing and e-commerce
    TESTING = "testing"
    EXPORT = "export"


class QuestionStatus(StrEnum):
    OPEN = "open"          # waiting for the DIC
    ANSWERED = "answered"  # the DIC has replied; the asker may follow up
    CLOSED = "closed"


class HelpQuestion(TimestampMixin, db.Model):
    """A question to the District Industries Centre of ``district_id``."""

    __tablename__ = "admin_help_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    asker_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    topic: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="hi")
    status: Mapped[str] = mapped_column(String(12), default=QuestionStatus.OPEN.value, index=True)
    first_response_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    asker = relationship("User", foreign_keys=[asker_id], lazy="joined")
    district = relationship("District", lazy="joined")
    replies: Mapped[list["HelpReply"]] = relationship(
        back_populates="question", order_by="HelpReply.id", cascade="all, delete-orphan"
    )

    @property
    def response_hours(self) -> float | None:
        """Hours from the question to the DIC's first answer (``None`` while unanswered)."""
        if self.first_response_at is None:
            return None
        return (self.first_response_at - self.created_at).total_seconds() / 3600


class HelpReply(db.Model):
    """One message in a question's thread, by an officer or by the asker."""

    __tablename__ = "admin_help_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("admin_help_questions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_officer: Mapped[bool] = mapped_column(Boolean, default=False)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    question: Mapped[HelpQuestion] = relationship(back_populates="replies")
    author = relationship("User", lazy="joined")
