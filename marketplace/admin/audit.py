"""The audit log: every admin action with who, when, what, and the object before and after.

:func:`record` only adds a row to the caller's session, so the entry is committed with the change
it describes — or vanishes with it on a rollback (no log of a verification that never happened).
"""
from __future__ import annotations

import datetime as dt
import decimal
import enum
import json
from dataclasses import dataclass
from typing import Any, Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, inspect, select

from marketplace.accounts.models import User
from marketplace.admin.exports import Column, Kind, Table
from marketplace.admin.models import AuditEntry
from marketplace.admin.periods import Month
from marketplace.admin.scope import is_state_wide, require_district
from marketplace.catalog.models import officer_district_ids
from marketplace.extensions import db


#: The actions written to the log (``record(actor, "<object>.<verb>", ...)``) and what a reader
#: sees for them (filter, table, CSV); tests/test_enum_labels.py finds every action in the code.
AUDIT_ACTIONS = {
    "seller.verify": _l("Seller verified"),
    "seller.reject": _l("Seller rejected"),
    "claim.approve": _l("Subsidy claim approved"),
    "claim.reject": _l("Subsidy claim rejected"),
    "claim.pay": _l("Subsidy claim marked paid"),
    "policy.new_version": _l("New subsidy policy version"),
    "freight_rates.new_version": _l("New freight rate version"),
    "freight_rates.delete": _l("Freight rate version deleted"),
    "helpdesk.answer": _l("Helpdesk question answered"),
    "helpdesk.close": _l("Helpdesk question closed"),
    "order.refund": _l("Order refunded"),
    "upi.confirm": _l("UPI payment confirmed by an officer"),
    "upi.match": _l("Bank credit matched to an order"),
    "upi.statement": _l("Bank statement of UPI credits imported"),
    "cod.remittance": _l("Courier COD remittance imported"),
    "complaint.resolve": _l("Complaint resolved"),
    "delivery.confirmed_by_hand": _l("Delivery confirmed by an officer"),
    "category.create": _l("Category added"),
    "category.update": _l("Category changed"),
    "district.odop_product": _l("District's ODOP product changed"),
    "review.hide": _l("Review hidden"),
    "review.unhide": _l("Review shown again"),
    # accounts (issue #18.2): every code sent and every sign-in
    "account.code_sent.sms": _l("Code sent by SMS"),
    "account.code_sent.email": _l("Code sent by email"),
    "account.sign_in.password": _l("Signed in with a password"),
    "account.sign_in.code": _l("Signed in with an SMS code"),
    "account.sign_in.invitation": _l("Signed in from an invitation"),
    "account.sign_up.code": _l("Signed up with a mobile number"),
    "account.password_reset.sms": _l("Password reset by SMS code"),
    "account.password_reset.email": _l("Password reset by email link"),
    "account.password_set": _l("First password set"),
    "account.phone_verified": _l("Mobile number verified"),
    "account.email_verified": _l("Email address changed"),
    "account.claimed": _l("Invitation claimed"),
    "account.invited": _l("Account made and invitation sent"),
    # ledger and payouts (issue #14)
    "seller.bank_details_changed": _l("Seller's bank details changed"),
    "payout.batch": _l("Payout batch made"),
    "payout.paid": _l("Payout marked paid"),
    "payout.failed": _l("Payout marked failed"),
}


def action_label(action: str | None) -> str:
    """What a reader sees for the logged ``action`` (the code itself when it has no label)."""
    label = AUDIT_ACTIONS.get(action or "")
    return str(label) if label is not None else (action or "")


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """A JSON-ready dict of ``obj``'s column values (or only ``fields``), for before/after."""
    if fields is None:
        fields = [attr.key for attr in inspect(obj).mapper.column_attrs]
    return {name: _jsonable(getattr(obj, name)) for name in fields}


def record(actor, action: str, obj=None, *, object_type: str | None = None, object_id: int | None = None,
           district_id: int | None = None, before: dict | None = None, after: dict | None = None,
           summary: str = "") -> AuditEntry:
    """Add an audit entry to the session (does not commit).

    ``action``: a dotted verb such as ``"seller.verify"``; ``obj``: the model acted on (its table
    name and id are used unless ``object_type``/``object_id`` are given); ``before``/``after``:
    dicts from :func:`snapshot`; only the keys that changed are kept, so the log shows the change.
    """
    if obj is not None:
        object_type = object_type or obj.__tablename__
        object_id = object_id if object_id is not None else obj.id
    if before is not None and after is not None:
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after.get(k) for k in sorted(changed)}
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None), action=action, object_type=object_type or "",
        object_id=object_id, district_id=district_id, summary=summary[:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
    )
    db.session.add(entry)
    return entry


@dataclass(frozen=True)
class AuditFilter:
    """Filters of the audit log page (all optional)."""

    action: str | None = None
    actor_id: int | None = None
    district_id: int | None = None
    object_type: str | None = None
    month: Month | None = None


def _scoped_query(user, filters: AuditFilter) -> Select:
    if filters.district_id:
        require_district(user, filters.district_id)
    stmt = select(AuditEntry)
    if not is_state_wide(user):
        stmt = stmt.where(AuditEntry.district_id.in_(officer_district_ids(user) or {-1}))
    if filters.action:
        stmt = stmt.where(AuditEntry.action == filters.action)
    if filters.actor_id:
        stmt = stmt.where(AuditEntry.actor_id == filters.actor_id)
    if filters.district_id:
        stmt = stmt.where(AuditEntry.district_id == filters.district_id)
    if filters.object_type:
        stmt = stmt.where(AuditEntry.object_type == filters.object_type)
    if filters.month:
        stmt = stmt.where(AuditEntry.created_at >= filters.month.start_utc,
                          AuditEntry.created_at < filters.month.end_utc)
    return stmt.order_by(AuditEntry.id.desc())


PAGE_SIZE = 100


def audit_entries(user, filters: AuditFilter = AuditFilter()) -> list[AuditEntry]:
    """Every entry ``user`` may see (an officer: only their districts' entries), newest first —
    for the export.

    Raises :class:`~marketplace.admin.scope.OutOfScope` when the filter names a district outside
    the user's area."""
    return list(db.session.scalars(_scoped_query(user, filters)))


def audit_page(user, filters: AuditFilter = AuditFilter(), page: int = 1, per_page: int | None = None):
    """One page of :func:`audit_entries` (a Flask-SQLAlchemy ``Pagination``: ``.items``, ``.page``,
    ``.pages``, ``.total``); a page past the end is empty, never an error.

    Raises :class:`~marketplace.admin.scope.OutOfScope` like :func:`audit_entries`."""
    return db.paginate(_scoped_query(user, filters), page=page, per_page=per_page or PAGE_SIZE,
                       error_out=False)


def known_actions(user) -> list[str]:
    """The distinct actions in the log that ``user`` can see (for the filter)."""
    stmt = _scoped_query(user, AuditFilter()).with_only_columns(AuditEntry.action).distinct().order_by(None)
    return sorted(db.session.scalars(stmt))


def known_actors(user) -> list:
    """The people who appear in the log entries ``user`` can see (for the filter), by name."""
    ids = _scoped_query(user, AuditFilter()).with_only_columns(AuditEntry.actor_id).distinct().order_by(None)
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.name)))


def audit_table(entries: list[AuditEntry]) -> Table:
    """The entries as an export table (headings in the current language)."""
    def fmt(d):
        return json.dumps(d, ensure_ascii=False, sort_keys=True) if d is not None else ""

    rows = [{
        "at": e.created_at, "actor": e.actor.email if e.actor else "", "action": action_label(e.action),
        "object": f"{e.object_type} #{e.object_id}" if e.object_id else e.object_type,
        "district": e.district.name_en if e.district else "", "summary": e.summary,
        "before": fmt(e.before), "after": fmt(e.after),
    } for e in entries]
    return Table(_("Audit log"), [
        Column("at", _("When"), Kind.DATETIME), Column("actor", _("Who")), Column("action", _("Action")),
        Column("object", _("Object")), Column("district", _("District")), Column("summary", _("Summary")),
        Column("before", _("Before")), Column("after", _("After")),
    ], rows)


def record_account_event(user, action: str, summary: str = "") -> None:
    """Receiver of ``accounts.signals.account_event``: an audit entry for a code sent or a
    sign-in (no district: only the ODOP cell reads these). Does not commit: the entry belongs to
    the unit of work that sent the signal."""
    record(user, action, object_type="users", object_id=getattr(user, "id", None), summary=summary[:300])


def record_delivery_confirmed(sub, actor_id: int | None = None, reason: str = "", previous_status: str = "",
                              file_kind: str = "", original_name: str = "", declared_type: str = "", **_) -> None:
    """Receiver of ``orders.signals.delivery_confirmed_by_hand``: the audit entry of an officer's
    confirmation (who, which sub-order, the reason, what kind of proof), in the seller's
    district. Does not commit: it belongs to the confirmation's unit of work."""
    actor = db.session.get(User, actor_id) if actor_id is not None else None
    before = {"status": previous_status, "delivery_proof": None, "reason": None, "proof_file": None}
    after = {"status": sub.status, "delivery_proof": sub.delivery_proof, "reason": reason,
             "proof_file": f"{file_kind}: {original_name}".strip(": ") + (f" ({declared_type})" if declared_type else "")}
    record(actor, "delivery.confirmed_by_hand", sub, district_id=sub.seller.district_id if sub.seller else None,
           before=before, after=after, summary=f"{sub.number}: {reason}")


def record_bank_details_changed(seller, actor_id: int | None = None, before: dict | None = None,
                                after: dict | None = None, **_) -> None:
    """Receiver of ``catalog.signals.bank_details_changed``: the audit entry of a change of a
    seller's payout bank details (masked: holder, IFSC, last four digits), in their district.
    Does not commit: it belongs to the profile save's unit of work."""
    actor = db.session.get(User, actor_id) if actor_id is not None else None
    record(actor, "seller.bank_details_changed", seller, district_id=seller.district_id,
           before=dict(before or {}), after=dict(after or {}),
           summary=seller.enterprise_name_en or seller.enterprise_name_hi or "")
