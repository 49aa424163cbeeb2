"""Buyers' complaints (grievances; issue #19 part 3, docs/grievances.md).

The Consumer Protection (E-Commerce) Rules, 2020 oblige a marketplace to acknowledge a complaint
within 48 hours, with a ticket number, and to resolve it within one month. Here:

- a buyer files a ticket about one of their orders (one seller's part of it, chosen or the only
  one) in a category; it gets its number and is **acknowledged at once by the system** (the
  buyer is told the number and both deadlines), so the acknowledgement deadline is met by
  construction; ``acknowledged_at`` and ``GRIEVANCE_ACK_HOURS`` are kept for the record, and a
  missing or late acknowledgement still counts as a breach;
- the seller, the buyer and the officers write in the ticket's thread;
- :func:`escalate_overdue` (a job, every 15 minutes) moves a ticket the seller has not settled
  within ``GRIEVANCE_SELLER_DAYS`` to the DIC of the seller's district, and one still open at its
  resolve deadline (``GRIEVANCE_RESOLVE_DAYS`` after filing) to the ODOP cell;
- a DIC officer of the district or the ODOP cell resolves it with an outcome (refund,
  replacement, or rejected with a reason); the buyer may withdraw it while open.

The stages and who may move a ticket are the table in ``grievance_states.py``. Every function
that changes data is one unit of work and takes ``now=`` so tests move time instead of waiting.
"""
from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, or_, select
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import Role, User
from marketplace.catalog.models import Seller, officer_district_ids, organiser_districts
from marketplace.database import in_period, utcnow
from marketplace.extensions import db
from marketplace.i18n import datetime_filter
from marketplace.notifications.service import notify
from marketplace.params import has_control_characters
from marketplace.transaction import committed

from .errors import OrderNotFound, OrdersError
from .grievance_models import GrievanceEvent, GrievanceMessage, GrievanceTicket
from .grievance_states import (
    CATEGORY_LABELS,
    OUTCOME_LABELS,
    Action,
    Category,
    Level,
    Outcome,
    Party,
    Stage,
    TicketStatus,
    may_move,
)
from .models import Order, SubOrder

MAX_SUBJECT = 200
MIN_SUBJECT = 3
MAX_TEXT = 5000
MIN_TEXT = 10
MAX_NOTE = 2000


# --------------------------------------------------------------------------- errors
class GrievanceError(OrdersError):
    code = "grievance_invalid"
    default_message = _l("The complaint could not be saved.")


class TicketNotFound(OrdersError):
    code = "not_found"
    status = 404
    default_message = _l("We could not find that complaint.")


class UnknownCategory(GrievanceError):
    code = "grievance_category"
    default_message = _l("Choose what the complaint is about.")


class BadSubject(GrievanceError):
    code = "grievance_subject"
    default_message = _l("Write a subject of %(min)s to %(max)s characters on one line.")


class BadText(GrievanceError):
    code = "grievance_text"
    default_message = _l("Write %(min)s to %(max)s characters, without control characters.")


class ChooseSuborder(GrievanceError):
    code = "grievance_suborder"
    default_message = _l("Choose which seller's part of the order the complaint is about.")


class AlreadyOpen(GrievanceError):
    code = "grievance_duplicate"
    default_message = _l("You already have an open complaint %(number)s about this; write in it instead.")


class TicketClosed(GrievanceError):
    code = "grievance_closed"
    default_message = _l("This complaint is closed; nothing more can be added.")


class NotYours(GrievanceError):
    code = "grievance_forbidden"
    default_message = _l("You may not do that with this complaint.")


class UnknownOutcome(GrievanceError):
    code = "grievance_outcome"
    default_message = _l("Choose the outcome: refund, replacement or rejected.")


class ReasonRequired(GrievanceError):
    code = "grievance_reason"
    default_message = _l("Write why the complaint is rejected; the buyer will read it.")


# --------------------------------------------------------------------------- the rules
@dataclass(frozen=True)
class Deadlines:
    ack_hours: int
    seller_days: int
    resolve_days: int

    @classmethod
    def from_config(cls) -> Deadlines:
        """``GRIEVANCE_ACK_HOURS`` (48), ``GRIEVANCE_SELLER_DAYS`` (7), ``GRIEVANCE_RESOLVE_DAYS`` (30)."""
        config = current_app.config
        return cls(int(config.get("GRIEVANCE_ACK_HOURS", 48)), int(config.get("GRIEVANCE_SELLER_DAYS", 7)),
                   int(config.get("GRIEVANCE_RESOLVE_DAYS", 30)))


def stage_of(ticket: GrievanceTicket) -> Stage:
    """Where the ticket stands: its level while open, else how it was closed."""
    return Stage(ticket.level) if ticket.status == TicketStatus.OPEN else Stage(ticket.status)


@dataclass(frozen=True)
class Breach:
    ack_late: bool
    resolve_late: bool

    @property
    def any(self) -> bool:
        return self.ack_late or self.resolve_late


def breach_of(ticket: GrievanceTicket, now: dt.datetime | None = None) -> Breach:
    """THE rule of a missed deadline: acknowledged after ``ack_due_at`` (or not at all once it
    passed); resolved after ``resolve_due_at`` (or still open once it passed). A withdrawn
    ticket's time is the buyer's decision, never a breach of resolution. ``now``: the moment
    things are seen at; an acknowledgement or a closing later than it is not seen yet."""
    now = now or utcnow()
    ack = ticket.acknowledged_at if ticket.acknowledged_at is not None and ticket.acknowledged_at <= now else None
    closed = ticket.resolved_at if ticket.resolved_at is not None and ticket.resolved_at <= now else None
    ack_late = ack > ticket.ack_due_at if ack is not None else now > ticket.ack_due_at
    if closed is not None and ticket.status == TicketStatus.WITHDRAWN:
        resolve_late = False
    elif closed is not None:
        resolve_late = closed > ticket.resolve_due_at
    else:
        resolve_late = now > ticket.resolve_due_at
    return Breach(ack_late, resolve_late)


def is_overdue(ticket: GrievanceTicket, now: dt.datetime | None = None) -> bool:
    """Open past the deadline of its stage: the seller's days at the seller, else the resolve deadline."""
    if not ticket.is_open:
        return False
    now = now or utcnow()
    due = ticket.seller_due_at if ticket.level == Level.SELLER else ticket.resolve_due_at
    return now > due


def resolution_days(ticket: GrievanceTicket) -> float | None:
    """Days from filing to an officer's resolution (None unless resolved)."""
    if ticket.status != TicketStatus.RESOLVED or ticket.resolved_at is None:
        return None
    return (ticket.resolved_at - ticket.created_at).total_seconds() / 86400


def median_days(values: list[float]) -> float | None:
    """THE median of resolution times (days, one decimal); None for none."""
    if not values:
        return None
    return round(statistics.median(values), 1)


# --------------------------------------------------------------------------- cleaning input
def _one_line(text, low: int, high: int, error) -> str:
    value = " ".join(str(text or "").split())
    if not low <= len(value) <= high or has_control_characters(value):
        raise error(min=low, max=high)
    return value


def _body(text, low: int = MIN_TEXT, high: int = MAX_TEXT) -> str:
    value = str(text or "").strip().replace("\r\n", "\n")
    if not low <= len(value) <= high or has_control_characters(value):
        raise BadText(min=low, max=high)
    return value


# --------------------------------------------------------------------------- who sees what
def _ticket_query():
    return select(GrievanceTicket).options(
        selectinload(GrievanceTicket.messages).selectinload(GrievanceMessage.author),
        selectinload(GrievanceTicket.events), selectinload(GrievanceTicket.order),
        selectinload(GrievanceTicket.seller), selectinload(GrievanceTicket.district))


def ticket_for_buyer(buyer_id: int, ticket_id: int) -> GrievanceTicket:
    """The buyer's own ticket; :class:`TicketNotFound` for another's or none."""
    ticket = db.session.scalar(_ticket_query().where(GrievanceTicket.id == ticket_id,
                                                     GrievanceTicket.buyer_id == buyer_id))
    if ticket is None:
        raise TicketNotFound()
    return ticket


def seller_of_user(user_id: int) -> Seller | None:
    return db.session.scalar(select(Seller).where(Seller.user_id == user_id))


def ticket_for_seller(user_id: int, ticket_id: int) -> GrievanceTicket:
    """A ticket about the signed-in seller's sub-orders; :class:`TicketNotFound` otherwise."""
    seller = seller_of_user(user_id)
    ticket = None if seller is None else db.session.scalar(
        _ticket_query().where(GrievanceTicket.id == ticket_id, GrievanceTicket.seller_id == seller.id))
    if ticket is None:
        raise TicketNotFound()
    return ticket


def ticket_for_officer(user, ticket_id: int) -> GrievanceTicket:
    """A ticket of the officer's districts (the ODOP cell: all); :class:`TicketNotFound` otherwise."""
    ticket = db.session.scalar(_ticket_query().where(GrievanceTicket.id == ticket_id))
    if ticket is None or ticket.district_id not in officer_district_ids(user):
        raise TicketNotFound()
    return ticket


def tickets_of_buyer(buyer_id: int) -> list[GrievanceTicket]:
    """The buyer's tickets, newest first."""
    return list(db.session.scalars(select(GrievanceTicket).where(GrievanceTicket.buyer_id == buyer_id)
                                   .options(selectinload(GrievanceTicket.seller))
                                   .order_by(GrievanceTicket.id.desc())))


def tickets_of_seller(user_id: int) -> list[GrievanceTicket]:
    """Tickets about the seller's sub-orders: open ones first, then newest first."""
    seller = seller_of_user(user_id)
    if seller is None:
        return []
    return list(db.session.scalars(select(GrievanceTicket).where(GrievanceTicket.seller_id == seller.id)
                                   .order_by((GrievanceTicket.status == TicketStatus.OPEN.value).desc(),
                                             GrievanceTicket.id.desc())))


def tickets_of_suborder(suborder_id: int) -> list[GrievanceTicket]:
    """Tickets about one sub-order with their events, oldest first (the order pages' timeline)."""
    return list(db.session.scalars(select(GrievanceTicket).where(GrievanceTicket.suborder_id == suborder_id)
                                   .options(selectinload(GrievanceTicket.events))
                                   .order_by(GrievanceTicket.id)))


def held_by_open_tickets(suborder_ids: set[int]) -> set[int]:
    """A payout hold (``payouts.PAYOUT_HOLDS``): the sub-orders an open complaint is about (a
    complaint about a whole order holds every sub-order of it) until it is resolved or withdrawn."""
    ids = suborder_ids or {-1}
    about_part = select(GrievanceTicket.suborder_id).where(GrievanceTicket.status == TicketStatus.OPEN.value,
                                                           GrievanceTicket.suborder_id.in_(ids))
    about_order = (select(SubOrder.id).join(GrievanceTicket, GrievanceTicket.order_id == SubOrder.order_id)
                   .where(GrievanceTicket.status == TicketStatus.OPEN.value, GrievanceTicket.suborder_id.is_(None),
                          SubOrder.id.in_(ids)))
    return set(db.session.scalars(about_part)) | set(db.session.scalars(about_order))


def tickets_of_orders(order_ids: list[int]) -> dict[int, list[GrievanceTicket]]:
    """``{order_id: [tickets, oldest first]}`` with messages and events, in one query each."""
    out: dict[int, list[GrievanceTicket]] = {i: [] for i in order_ids}
    if not order_ids:
        return out
    for ticket in db.session.scalars(_ticket_query().where(GrievanceTicket.order_id.in_(order_ids))
                                     .order_by(GrievanceTicket.id)):
        out[ticket.order_id].append(ticket)
    return out


@dataclass(frozen=True)
class QueueFilter:
    district_ids: frozenset[int]
    level: str | None = None
    status: str | None = TicketStatus.OPEN.value


def officer_queue(filters: QueueFilter, now: dt.datetime | None = None, limit: int = 200) -> list[GrievanceTicket]:
    """Tickets of ``filters.district_ids`` (the caller checks the officer may see them): open
    ones first, those past their stage's deadline first among them, then by resolve deadline."""
    now = now or utcnow()
    stmt = select(GrievanceTicket).where(GrievanceTicket.district_id.in_(filters.district_ids or {-1}))
    if filters.level:
        stmt = stmt.where(GrievanceTicket.level == Level(filters.level).value)
    if filters.status:
        stmt = stmt.where(GrievanceTicket.status == TicketStatus(filters.status).value)
    is_open = GrievanceTicket.status == TicketStatus.OPEN.value
    overdue = and_(is_open, or_(and_(GrievanceTicket.level != Level.SELLER.value, GrievanceTicket.resolve_due_at < now),
                                and_(GrievanceTicket.level == Level.SELLER.value, GrievanceTicket.seller_due_at < now)))
    stmt = stmt.order_by(case((overdue, 0), (is_open, 1), else_=2), GrievanceTicket.resolve_due_at,
                         GrievanceTicket.id).limit(limit)
    return list(db.session.scalars(stmt.options(selectinload(GrievanceTicket.seller),
                                                selectinload(GrievanceTicket.district),
                                                selectinload(GrievanceTicket.buyer))))


def open_counts(district_ids: set[int], now: dt.datetime | None = None) -> tuple[int, int]:
    """(open tickets, of which past their stage's deadline) in the districts."""
    now = now or utcnow()
    tickets = list(db.session.scalars(select(GrievanceTicket).where(
        GrievanceTicket.district_id.in_(district_ids or {-1}), GrievanceTicket.status == TicketStatus.OPEN.value)))
    return len(tickets), sum(1 for t in tickets if is_overdue(t, now))


# --------------------------------------------------------------------------- telling people
def _dic_officers(district_id: int) -> list[User]:
    stmt = (select(User).join(organiser_districts, organiser_districts.c.user_id == User.id)
            .where(organiser_districts.c.district_id == district_id, User.role == Role.ORGANISER,
                   User.active.is_(True)).order_by(User.id))
    return list(db.session.scalars(stmt))


def _odop_cell() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role == Role.ADMIN, User.active.is_(True))
                                   .order_by(User.id)))


def _officers_for(ticket: GrievanceTicket) -> list[User]:
    """Who answers for the ticket at its level: the district's DIC (the ODOP cell when the
    district has no officer yet), or the ODOP cell."""
    if ticket.level == Level.DIC:
        return _dic_officers(ticket.district_id) or _odop_cell()
    if ticket.level == Level.CELL:
        return _odop_cell()
    return []


def _when(moment: dt.datetime) -> str:
    """A deadline as the recipient reads it (Asia/Kolkata, their language)."""
    return datetime_filter(moment)


def _links(ticket: GrievanceTicket) -> dict[str, str]:
    return {"buyer": f"/complaints/{ticket.id}", "seller": f"/seller/complaints/{ticket.id}",
            "officer": f"/admin/orders/complaints/{ticket.id}"}


def _tell_filed(ticket: GrievanceTicket) -> None:
    number, resolve_due = ticket.number, ticket.resolve_due_at
    category = ticket.category
    order_number = ticket.order.number

    def buyer_subject():
        return _("Complaint %(number)s received", number=number)

    def buyer_body():
        return "\n".join([
            _("We have received your complaint about order %(order)s. Your ticket number is %(number)s.",
              order=order_number, number=number),
            _("The seller has been asked to answer. If it is not settled, the District Industries Centre "
              "and then the ODOP cell take it up."),
            _("It will be resolved by %(when)s.", when=_when(resolve_due)),
        ])

    notify(ticket.buyer, buyer_subject, buyer_body, link=_links(ticket)["buyer"],
           event_key=f"grievance-filed:{ticket.id}:buyer")

    def seller_subject():
        return _("A buyer complained about order %(order)s (%(number)s)", order=order_number, number=number)

    def seller_body():
        return _("Complaint: %(category)s. Please answer the buyer in the complaint's thread; unsettled "
                 "complaints go to the District Industries Centre.", category=CATEGORY_LABELS[Category(category)])

    notify(ticket.seller.user, seller_subject, seller_body, link=_links(ticket)["seller"],
           event_key=f"grievance-filed:{ticket.id}:seller")


def _tell_escalated(ticket: GrievanceTicket) -> None:
    number, level = ticket.number, ticket.level

    def subject():
        return _("Complaint %(number)s escalated", number=number)

    def body():
        if level == Level.DIC:
            return _("The complaint was not settled with the seller in time; the District Industries "
                     "Centre has taken it up.")
        return _("The complaint was not resolved by its deadline; the ODOP cell has taken it up.")

    notify(ticket.buyer, subject, body, link=_links(ticket)["buyer"],
           event_key=f"grievance-escalated:{ticket.id}:{level}:buyer")
    notify(ticket.seller.user, subject, body, link=_links(ticket)["seller"],
           event_key=f"grievance-escalated:{ticket.id}:{level}:seller")
    for officer in _officers_for(ticket):
        notify(officer, subject, body, link=_links(ticket)["officer"],
               event_key=f"grievance-escalated:{ticket.id}:{level}:{officer.id}")


def _tell_message(ticket: GrievanceTicket, message: GrievanceMessage) -> None:
    number = ticket.number

    def subject():
        return _("New message in complaint %(number)s", number=number)

    def body():
        return message.text[:500]

    links = _links(ticket)
    recipients: list[tuple[User, str]] = []
    if message.role != Party.BUYER:
        recipients.append((ticket.buyer, links["buyer"]))
    if message.role != Party.SELLER:
        recipients.append((ticket.seller.user, links["seller"]))
    if message.role in (Party.BUYER, Party.SELLER):
        recipients += [(officer, links["officer"]) for officer in _officers_for(ticket)]
    for user, link in recipients:
        if user is not None:
            notify(user, subject, body, link=link)


def _tell_closed(ticket: GrievanceTicket) -> None:
    number, status, outcome, note = ticket.number, ticket.status, ticket.outcome, ticket.outcome_note

    def subject():
        return _("Complaint %(number)s closed", number=number)

    def body():
        if status == TicketStatus.WITHDRAWN:
            return _("The buyer withdrew the complaint.")
        text = _("Outcome: %(outcome)s.", outcome=OUTCOME_LABELS[Outcome(outcome)])
        return f"{text}\n{note}" if note else text

    links = _links(ticket)
    if status != TicketStatus.WITHDRAWN:
        notify(ticket.buyer, subject, body, link=links["buyer"], event_key=f"grievance-closed:{ticket.id}:buyer")
    notify(ticket.seller.user, subject, body, link=links["seller"], event_key=f"grievance-closed:{ticket.id}:seller")


# --------------------------------------------------------------------------- changes
def _event(ticket, action: Action, from_stage, to_stage: Stage, party: Party, actor_id=None, note="", now=None):
    ticket.events.append(GrievanceEvent(action=action.value, from_stage=from_stage and Stage(from_stage).value,
                                        to_stage=to_stage.value, actor_id=actor_id, actor_role=party.value,
                                        note=note, created_at=now))


def _lock(ticket_id: int) -> GrievanceTicket:
    # fresh from the database: a view may have loaded it before another transaction moved it
    ticket = db.session.scalar(select(GrievanceTicket).where(GrievanceTicket.id == ticket_id).with_for_update()
                               .execution_options(populate_existing=True))
    if ticket is None:
        raise TicketNotFound()
    return ticket


def open_ticket(buyer_id: int, order_id: int, *, category: str, subject: str, text: str,
                suborder_id: int | None = None, now: dt.datetime | None = None) -> GrievanceTicket:
    """File the buyer's complaint about their order ``order_id`` (one seller's part of it:
    ``suborder_id``, required when the order has several), acknowledge it at once and tell the
    buyer (ticket number, resolve deadline) and the seller. Commits; returns the ticket.

    Raises :class:`OrderNotFound` (not the buyer's order, or a sub-order of another order),
    :class:`UnknownCategory`, :class:`BadSubject`, :class:`BadText`, :class:`ChooseSuborder`,
    :class:`AlreadyOpen` (an open ticket on the same part in the same category).
    """
    now = now or utcnow()
    try:
        category = Category(category).value
    except ValueError:
        raise UnknownCategory() from None
    subject = _one_line(subject, MIN_SUBJECT, MAX_SUBJECT, BadSubject)
    text = _body(text)
    rules = Deadlines.from_config()
    with committed():
        order = db.session.scalar(select(Order).where(Order.id == order_id, Order.buyer_id == buyer_id))
        if order is None:
            raise OrderNotFound()
        if suborder_id is None:
            if len(order.suborders) != 1:
                raise ChooseSuborder()
            sub = order.suborders[0]
        else:
            sub = next((s for s in order.suborders if s.id == suborder_id), None)
            if sub is None:
                raise OrderNotFound()
        twin = db.session.scalar(select(GrievanceTicket).where(
            GrievanceTicket.suborder_id == sub.id, GrievanceTicket.category == category,
            GrievanceTicket.status == TicketStatus.OPEN.value))
        if twin is not None:
            raise AlreadyOpen(number=twin.number)
        seller = db.session.get(Seller, sub.seller_id)
        ticket = GrievanceTicket(
            buyer_id=buyer_id, order_id=order.id, suborder_id=sub.id, seller_id=seller.id,
            district_id=seller.district_id, category=category, subject=subject, text=text,
            level=Level.SELLER.value, status=TicketStatus.OPEN.value, created_at=now, updated_at=now,
            ack_due_at=now + dt.timedelta(hours=rules.ack_hours),
            seller_due_at=now + dt.timedelta(days=rules.seller_days),
            resolve_due_at=now + dt.timedelta(days=rules.resolve_days))
        db.session.add(ticket)
        _event(ticket, Action.OPENED, None, Stage.SELLER, Party.BUYER, buyer_id, now=now)
        db.session.flush()  # the id makes the number
        acknowledge(ticket, now=now)
    return ticket


def acknowledge(ticket: GrievanceTicket, now: dt.datetime | None = None) -> None:
    """The system's acknowledgement: record it and send the buyer the ticket number and the
    deadlines (and the seller the complaint). Part of the caller's unit of work (no commit);
    a ticket already acknowledged is left alone."""
    if ticket.acknowledged_at is not None:
        return
    now = now or utcnow()
    ticket.acknowledged_at = now
    _event(ticket, Action.ACKNOWLEDGED, Stage.SELLER, Stage.SELLER, Party.SYSTEM, now=now)
    _tell_filed(ticket)


def party_of(ticket: GrievanceTicket, user) -> Party:
    """The part ``user`` plays in ``ticket``; :class:`TicketNotFound` when none (so a stranger
    learns nothing)."""
    if user.id == ticket.buyer_id and user.role == Role.BUYER:
        return Party.BUYER
    if user.role == Role.SELLER:
        seller = seller_of_user(user.id)
        if seller is not None and seller.id == ticket.seller_id:
            return Party.SELLER
    if user.role == Role.ADMIN:
        return Party.CELL
    if user.role == Role.ORGANISER and ticket.district_id in officer_district_ids(user):
        return Party.DIC
    raise TicketNotFound()


def post_message(ticket_id: int, user, text: str, now: dt.datetime | None = None) -> GrievanceMessage:
    """Add ``user``'s message (the buyer, the seller, or an officer of the ticket's district) to
    an open ticket's thread and tell the other parties. Commits.

    Raises :class:`TicketNotFound`, :class:`BadText`, :class:`TicketClosed`."""
    now = now or utcnow()
    text = _body(text, 1, MAX_TEXT)
    with committed():
        ticket = _lock(ticket_id)
        party = party_of(ticket, user)
        if not ticket.is_open:
            raise TicketClosed()
        message = GrievanceMessage(author_id=user.id, role=party.value, text=text, created_at=now)
        ticket.messages.append(message)
        ticket.updated_at = now
        _tell_message(ticket, message)
    return message


def withdraw(ticket_id: int, buyer_id: int, note: str = "", now: dt.datetime | None = None) -> GrievanceTicket:
    """The buyer closes their open ticket (settled, or no longer wanted). Commits.

    Raises :class:`TicketNotFound`, :class:`TicketClosed`, :class:`BadText` (a note over the limit)."""
    now = now or utcnow()
    note = _body(note, 0, MAX_NOTE) if note else ""
    with committed():
        ticket = _lock(ticket_id)
        if ticket.buyer_id != buyer_id:
            raise TicketNotFound()
        before = stage_of(ticket)
        if not may_move(before, Stage.WITHDRAWN, Party.BUYER):
            raise TicketClosed()
        ticket.status, ticket.resolved_at, ticket.updated_at = TicketStatus.WITHDRAWN.value, now, now
        _event(ticket, Action.WITHDRAWN, before, Stage.WITHDRAWN, Party.BUYER, buyer_id, note, now)
        _tell_closed(ticket)
    return ticket


def resolve(ticket_id: int, officer, outcome: str, note: str = "", now: dt.datetime | None = None, *,
            before_commit: Callable[[GrievanceTicket, Stage], None] | None = None) -> GrievanceTicket:
    """An officer closes the ticket with ``outcome`` (refund, replacement, rejected; a rejection
    needs the reason in ``note``). A DIC officer of the ticket's district may resolve it until
    it reaches the ODOP cell; the ODOP cell at any stage. The buyer and the seller are told.
    Commits. (A refund itself is made on the order desk; this records the decision.)
    ``before_commit(ticket, stage_before)`` runs inside the unit of work (the admin's audit entry).

    Raises :class:`TicketNotFound`, :class:`UnknownOutcome`, :class:`ReasonRequired`,
    :class:`BadText`, :class:`TicketClosed`, :class:`NotYours` (a DIC at the cell's stage).
    """
    now = now or utcnow()
    try:
        outcome = Outcome(outcome).value
    except ValueError:
        raise UnknownOutcome() from None
    note = _body(note, 0, MAX_NOTE) if (note or "").strip() else ""
    if outcome == Outcome.REJECTED and not note:
        raise ReasonRequired()
    with committed():
        ticket = _lock(ticket_id)
        party = party_of(ticket, officer)
        if party not in (Party.DIC, Party.CELL):
            raise NotYours()
        before = stage_of(ticket)
        if not ticket.is_open:
            raise TicketClosed()
        if not may_move(before, Stage.RESOLVED, party):
            raise NotYours()
        ticket.status, ticket.outcome, ticket.outcome_note = TicketStatus.RESOLVED.value, outcome, note
        ticket.resolved_at, ticket.resolved_by_id, ticket.updated_at = now, officer.id, now
        _event(ticket, Action.RESOLVED, before, Stage.RESOLVED, party, officer.id, note, now)
        _tell_closed(ticket)
        if before_commit is not None:
            before_commit(ticket, before)
    return ticket


def escalate_overdue(now: dt.datetime | None = None) -> int:
    """Move every open ticket past its stage's deadline up: the seller's days passed → the DIC;
    the resolve deadline passed → the ODOP cell (both at once for one forgotten that long).
    Each ticket is locked; everyone concerned is told. Commits; returns how many moves were made.
    Running it again at the same moment moves nothing."""
    now = now or utcnow()
    moves = 0
    ids = list(db.session.scalars(select(GrievanceTicket.id).where(
        GrievanceTicket.status == TicketStatus.OPEN.value, GrievanceTicket.level != Level.CELL.value,
        or_(GrievanceTicket.resolve_due_at <= now,
            and_(GrievanceTicket.level == Level.SELLER.value, GrievanceTicket.seller_due_at <= now)))
        .order_by(GrievanceTicket.id)))
    for ticket_id in ids:
        with committed():
            ticket = _lock(ticket_id)
            if not ticket.is_open:
                continue
            if ticket.level == Level.SELLER and ticket.seller_due_at <= now:
                _raise_level(ticket, Level.DIC, now)
                moves += 1
            if ticket.level == Level.DIC and ticket.resolve_due_at <= now:
                _raise_level(ticket, Level.CELL, now)
                moves += 1
    return moves


def _raise_level(ticket: GrievanceTicket, level: Level, now: dt.datetime) -> None:
    before = stage_of(ticket)
    assert may_move(before, Stage(level.value), Party.SYSTEM), (before, level)
    ticket.level, ticket.updated_at = level.value, now
    _event(ticket, Action.ESCALATED, before, Stage(level.value), Party.SYSTEM, now=now)
    _tell_escalated(ticket)


# --------------------------------------------------------------------------- monitoring figures
FIGURE_KEYS = ("tickets_filed", "tickets_open", "tickets_ack_late", "tickets_resolve_late", "resolution_days")


def _figures(tickets: list[GrievanceTicket], start: dt.datetime, end: dt.datetime, now: dt.datetime) -> dict:
    """The figures of one district (or area) from its tickets: filed in the period, open at its
    end, acknowledgements and resolutions late (by the period's end, or now if sooner) among
    tickets whose deadline fell in the period, and the median days to an officer's resolution
    of tickets resolved in the period."""
    at = min(end, now)
    filed = sum(1 for t in tickets if start <= t.created_at < end)
    still_open = sum(1 for t in tickets if t.created_at < end and (t.resolved_at is None or t.resolved_at >= end))
    ack_late = sum(1 for t in tickets if start <= t.ack_due_at < end and breach_of(t, at).ack_late)
    resolve_late = sum(1 for t in tickets if start <= t.resolve_due_at < end and breach_of(t, at).resolve_late)
    days = [d for t in tickets if t.resolved_at is not None and start <= t.resolved_at < end
            and (d := resolution_days(t)) is not None]
    return {"tickets_filed": filed, "tickets_open": still_open, "tickets_ack_late": ack_late,
            "tickets_resolve_late": resolve_late, "resolution_days": median_days(days)}


def _tickets_touching(district_ids: set[int], start: dt.datetime, end: dt.datetime):
    """Tickets of the districts that may count in ``[start, end)``: filed before its end and not
    closed before its start, or with a deadline in it."""
    return select(GrievanceTicket).where(
        GrievanceTicket.district_id.in_(district_ids or {-1}), GrievanceTicket.created_at < end,
        or_(GrievanceTicket.resolved_at.is_(None), GrievanceTicket.resolved_at >= start,
            in_period(GrievanceTicket.ack_due_at, start, end), in_period(GrievanceTicket.resolve_due_at, start, end)))


def grievance_figures(district_ids: set[int], start: dt.datetime, end: dt.datetime, state_wide: bool,
                      now: dt.datetime | None = None) -> dict:
    """The complaints' monitoring figures of the districts over ``[start, end)`` (see :func:`_figures`)."""
    tickets = list(db.session.scalars(_tickets_touching(district_ids, start, end)))
    return _figures(tickets, start, end, now or utcnow())


def grievance_figures_by_district(district_ids: set[int], start: dt.datetime, end: dt.datetime,
                                  now: dt.datetime | None = None) -> dict[int, dict]:
    """:func:`grievance_figures` for each district, from one query (the median needs each
    ticket's time, so it is counted here in Python)."""
    by_district: dict[int, list[GrievanceTicket]] = {d: [] for d in district_ids}
    for ticket in db.session.scalars(_tickets_touching(district_ids, start, end)):
        by_district[ticket.district_id].append(ticket)
    now = now or utcnow()
    return {d: _figures(tickets, start, end, now) for d, tickets in by_district.items()}

