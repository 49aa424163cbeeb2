"""The money tables of issue #14: the journal (``ledger_entries``) and payout batches.

``ledger_entries`` is append-only: a row is never updated or deleted (a correction is a new
transaction). Each row is one leg of a balanced transaction (``txn_id``): amounts are signed
paise, debit positive and credit negative, and the legs of one transaction sum to zero
(``ledger.post`` refuses anything else; tests/orders/test_ledger.py checks the whole table).
"""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.database import UTCDateTime, utcnow
from marketplace.extensions import db


class EntryKind(StrEnum):
    PAYMENT_CARD = "payment_card"      # the buyer's card paid (money into the Stripe account)
    PAYMENT_COD = "payment_cod"        # cash collected on delivery
    PAYMENT_UPI = "payment_upi"        # a UPI credit found in the collecting account
    COD_REMITTED = "cod_remitted"      # the courier paid over the cash it collected (cash:cod → cash:bank)
    SALE = "sale"                      # the seller's goods value
    FREIGHT = "freight"                # the freight the buyer paid (freight less the subsidy)
    OVERPAID = "overpaid"              # paid for a shipment cancelled meanwhile: owed back to the buyer
    FEE = "fee"                        # the marketplace fee
    GST_ON_FEE = "gst_on_fee"
    REFUND = "refund"
    FEE_REVERSAL = "fee_reversal"      # fee (and its GST) given back with a refund
    RELEASE = "release"                # held money became payable (delivered, hold over)
    PAYOUT = "payout"                  # put in a payout batch
    PAYOUT_PAID = "payout_paid"        # the bank confirmed the transfer (UTR)
    PAYOUT_FAILED = "payout_failed"    # the transfer failed: back to the seller's balance
    SUBSIDY_DBT_MEMO = "subsidy_dbt_memo"  # freight subsidy the government paid the seller by DBT


class LedgerEntry(db.Model):
    """One leg of a journal transaction. Never updated, never deleted."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        Index("ix_ledger_entries_account", "account"),
        Index("ix_ledger_entries_seller_created", "seller_id", "created_at"),
        CheckConstraint("amount_paise <> 0", name="amount_not_zero"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    txn_id: Mapped[str] = mapped_column(String(36), index=True)
    account: Mapped[str] = mapped_column(String(60))
    seller_id: Mapped[int | None] = mapped_column(ForeignKey("sellers.id"))
    suborder_id: Mapped[int | None] = mapped_column(ForeignKey("suborders.id"), index=True)
    payout_line_id: Mapped[int | None] = mapped_column(ForeignKey("payout_lines.id"), index=True)
    amount_paise: Mapped[int] = mapped_column(Integer)  # debit +, credit -
    kind: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(80), default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PayoutLineStatus(StrEnum):
    PENDING = "pending"  # exported, waiting for the bank
    PAID = "paid"
    FAILED = "failed"


class PayoutBatch(db.Model):
    """A set of payout lines the ODOP cell exports as one bank bulk-payment file."""

    __tablename__ = "payout_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    lines: Mapped[list[PayoutLine]] = relationship(back_populates="batch", order_by="PayoutLine.id")

    @property
    def reference(self) -> str:
        return f"PB{self.id:06d}"

    @property
    def total_paise(self) -> int:
        return sum(line.amount_paise for line in self.lines)


class PayoutLine(db.Model):
    """One seller's transfer in a batch, with the bank details as they were exported.

    ``utr`` (the bank's Unique Transaction Reference) is unique across the marketplace: the
    same UTR given for a second line is refused by the service and, last, by the database.
    """

    __tablename__ = "payout_lines"
    __table_args__ = (CheckConstraint("amount_paise > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("payout_batches.id"), index=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"), index=True)
    amount_paise: Mapped[int] = mapped_column(Integer)
    beneficiary_name: Mapped[str] = mapped_column(String(120))
    ifsc: Mapped[str] = mapped_column(String(11))
    account_last4: Mapped[str] = mapped_column(String(4))
    # the full account number as exported, encrypted (catalog.bank_details), never shown in pages
    account_encrypted: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=PayoutLineStatus.PENDING.value, index=True)
    utr: Mapped[str | None] = mapped_column(String(22), unique=True)
    failure_reason: Mapped[str | None] = mapped_column(String(300))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    batch: Mapped[PayoutBatch] = relationship(back_populates="lines")
    seller = relationship("Seller")

    @property
    def reference(self) -> str:
        """The payment reference printed in the bank file and on the seller's statement."""
        return f"ODOP-PAYOUT-{self.id:06d}"
