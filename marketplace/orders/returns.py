"""Returns (RMA, issue #19 part 2): the buyer asks, the seller (or the DIC) answers, the item
comes back, the money goes back. Every move goes through ``return_states.check_return_move``
and is recorded as a ``ReturnTransition`` (who, role, when, from, to, note).

* **Asking** (:func:`request_return`): only for a delivered shipment, a returnable listing and
  within its window (``catalog.return_policy``: the one home of the rule), at most the line's
  quantity minus what other live requests already hold; a reason from the list, a text, up to
  four photos (checked and re-encoded by the catalogue's photo processing, stored in the private
  ``proofs`` area: served to the buyer, the seller and officers only). A cash-on-delivery buyer
  says where the money goes: a UPI id (``name@bank``) or a bank account and IFSC.
* **Answering**: the seller accepts or refuses (with a reason) within ``RETURN_ANSWER_DAYS``
  (default 2); :func:`escalate_unanswered` (a periodic job) sends the rest to the DIC officers of
  the seller's district, where an officer or the ODOP cell decides (:func:`officer_decide`).
* **Back**: the buyer or the seller types the return tracking number (:func:`mark_shipped_back`;
  no courier pickup is booked for a return yet), the seller (or the ODOP cell) marks it received
  in good or damaged condition (:func:`mark_received`): good units go back into stock (an atomic
  ``UPDATE``, the listing row's lock, as checkout and cancellations move stock); the shipment's
  subsidy claim is reduced or moved to recovery (``claims.adjust_for_return``).
* **Refund**: a card payment is refunded through Stripe at once (:func:`refund_return`, under
  the payment's row lock, idempotency key per return); cash on delivery is paid by the ODOP cell
  by UPI or bank transfer, then marked paid with its reference (:func:`mark_cod_refund_paid`).
  Never more than the return's amount, the shipment's total less what already went back for it
  (``refunds.refunded_for_suborder``), nor what is left of the payment (CHECK refunded <= paid).
"""
from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from marketplace import storage
from marketplace.accounts.models import Role, User
from marketplace.catalog.errors import InvalidImage
from marketplace.catalog.images import process_image, sniff_format
from marketplace.catalog.models import Listing, Seller, officer_district_ids, organiser_districts
from marketplace.catalog.return_policy import effective_policy, return_deadline
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.i18n import current_lang, datetime_filter
from marketplace.money import format_paise
from marketplace.notifications.service import notify
from marketplace.params import has_control_characters, parse_id, parse_int
from marketplace.transaction import committed

from . import ledger
from .claims import adjust_for_return
from .errors import (
    NothingToRefund,
    OrderNotFound,
    OrdersError,
    PaymentsNotConfigured,
    StatusChangedMeanwhile,
)
from .fulfilment import lock_order
from .gateway import StripeGateway
from .models import OrderLine, Payment, PaymentEvent, PaymentMethod, PaymentStatus, SubOrder
from .refunds import record_transfer, refundable_paise, refunded_for_suborder, transfer_used, was_paid_by_card
from .return_models import ReturnPhoto, ReturnRequest, ReturnTransition
from .return_states import (
    CONDITIONS,
    HOLDING,
    RETURN_REASONS,
    TERMINAL,
    ReturnActor,
    ReturnState,
    check_return_move,
    state_label,
)
from .states import Status
from .stock_events import note_stock

log = logging.getLogger(__name__)

MAX_PHOTOS = 4
MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_DETAILS = 1000
MAX_NOTE = 300
DEFAULT_ANSWER_DAYS = 2
PHOTO_FOLDER = "returns"
_UPI = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,98}@[A-Za-z][A-Za-z0-9]{1,63}$")
_ACCOUNT = re.compile(r"^[0-9]{9,18}$")
_IFSC = re.compile(r"^[A-Z]{4}0[A-Z0-9]{6}$")


# -- errors ------------------------------------------------------------------------------------

class ReturnError(OrdersError):
    """A return was refused; ``field`` names the form field it belongs to (None: the page)."""

    code = "return_refused"
    field: str | None = None
    default_message = _l("The return could not be recorded.")


class ReturnNotFound(OrderNotFound):
    code = "not_found"


class NotReturnable(ReturnError):
    code = "not_returnable"
    default_message = _l("This item cannot be returned: the seller does not take it back.")


class NotDelivered(ReturnError):
    code = "return_not_delivered"
    default_message = _l("An item can be returned only once it has been delivered.")


class WindowClosed(ReturnError):
    code = "return_window_closed"
    default_message = _l("The return window of this item closed on %(deadline)s.")


class QuantityInvalid(ReturnError):
    code = "return_quantity_invalid"
    field = "quantity"
    default_message = _l("You can return from 1 to %(most)s of this item.")


class ReasonInvalid(ReturnError):
    code = "return_reason_invalid"
    field = "reason"
    default_message = _l("Choose a reason from the list.")


class TextInvalid(ReturnError):
    code = "return_text_invalid"
    field = "details"
    default_message = _l("Describe the problem in at most %(most)s characters, without invisible control characters.")


class NoteInvalid(ReturnError):
    code = "return_note_invalid"
    field = "note"
    default_message = _l("Write at most %(most)s characters, without invisible control characters.")


class TrackingInvalid(ReturnError):
    code = "return_tracking_invalid"
    field = "tracking"
    default_message = _l("Enter the carrier and tracking number in at most 80 characters each, on one line.")


class TooManyPhotos(ReturnError):
    code = "return_too_many_photos"
    field = "photos"
    default_message = _l("Add at most %(most)s photos.")


class PhotoInvalid(ReturnError):
    code = "return_photo_invalid"
    field = "photos"
    default_message = _l("Photo %(n)s cannot be used: %(why)s")


class PayoutDetailsInvalid(ReturnError):
    code = "return_payout_invalid"
    field = "refund_upi"
    default_message = _l("For a cash-on-delivery order, give a UPI id (like name@bank) or a bank account number "
                         "(9 to 18 digits) with its IFSC (like SBIN0001234).")


class ReferenceInvalid(ReturnError):
    code = "return_reference_invalid"
    field = "reference"
    default_message = _l("Enter the payment reference (UTR) of the transfer, at most 60 characters on one line, not one used before.")


class NotCashOnDelivery(ReturnError):
    code = "return_not_cod"
    default_message = _l("This order was paid by card: its return is refunded to the card.")


class PhotoNotStored(ReturnError):
    code = "return_photo_not_stored"
    default_message = _l("The photos could not be saved just now. Nothing was recorded; please try again.")


# -- reading -----------------------------------------------------------------------------------

def answer_days() -> int:
    """How many days a seller has to answer a return (``RETURN_ANSWER_DAYS``, default 2)."""
    value = parse_int(current_app.config.get("RETURN_ANSWER_DAYS", DEFAULT_ANSWER_DAYS), minimum=1, maximum=60)
    return value or DEFAULT_ANSWER_DAYS


def delivered_at(sub: SubOrder) -> dt.datetime | None:
    """When the shipment was delivered (its last move to ``delivered``), or None."""
    times = [h.created_at for h in sub.history if h.to_status == Status.DELIVERED.value]
    return max(times) if times else None


def held_quantity(line_id: int, *, except_id: int | None = None) -> int:
    """Units of the line that live return requests already hold."""
    rows = db.session.scalars(select(ReturnRequest).where(ReturnRequest.order_line_id == line_id,
                                                          ReturnRequest.state.in_([s.value for s in HOLDING])))
    return sum(r.quantity for r in rows if r.id != except_id)


@dataclass(frozen=True)
class ReturnableLine:
    line: OrderLine
    most: int  # units that can still be asked for
    deadline: dt.datetime


def returnable_lines(sub: SubOrder, now: dt.datetime | None = None) -> list[ReturnableLine]:
    """The lines of a delivered shipment the buyer may still return now, with how many units and
    until when (the listing's policy and window, ``catalog.return_policy``)."""
    now = now or utcnow()
    if sub.status != Status.DELIVERED:
        return []
    when = delivered_at(sub)
    found = []
    for line in sub.lines:
        deadline = return_deadline(effective_policy(line.listing), when)
        if deadline is None or now > deadline:
            continue
        most = line.quantity - held_quantity(line.id)
        if most > 0:
            found.append(ReturnableLine(line, most, deadline))
    return found


def held_by_open_returns(suborder_ids: set[int]) -> set[int]:
    """A payout hold (``payouts.PAYOUT_HOLDS``): the sub-orders with a return still open (not
    refused, withdrawn or refunded): their money may yet go back to the buyer."""
    return set(db.session.scalars(select(ReturnRequest.suborder_id).where(
        ReturnRequest.suborder_id.in_(suborder_ids or {-1}),
        ReturnRequest.state.not_in([s.value for s in TERMINAL]))))


def returns_of_suborder(sub: SubOrder) -> list[ReturnRequest]:
    """The shipment's returns, oldest first, with their photos and moves."""
    return list(db.session.scalars(
        select(ReturnRequest).where(ReturnRequest.suborder_id == sub.id).order_by(ReturnRequest.id)
        .options(selectinload(ReturnRequest.photos), selectinload(ReturnRequest.transitions),
                 selectinload(ReturnRequest.line))))


def _get(return_id, *, lock: bool = False) -> ReturnRequest:
    rid = parse_id(return_id)
    ret = db.session.get(ReturnRequest, rid) if rid is not None else None
    if ret is None:
        raise ReturnNotFound()
    if lock:
        lock_order(ret.suborder.order_id)
        ret = db.session.scalars(select(ReturnRequest).where(ReturnRequest.id == rid).with_for_update()
                                 .execution_options(populate_existing=True)).one()
    return ret


def can_see(user, ret: ReturnRequest) -> bool:
    """THE rule of who sees a return (and its photos): its buyer, the shipment's seller, a DIC
    officer of the seller's district and the ODOP cell."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.role == Role.BUYER:
        return ret.buyer_id == user.id
    if user.role == Role.SELLER:
        return ret.suborder.seller is not None and ret.suborder.seller.user_id == user.id
    if user.role in (Role.ADMIN, Role.ORGANISER):
        return ret.suborder.seller is not None and ret.suborder.seller.district_id in officer_district_ids(user)
    return False


def return_for(user, return_id) -> ReturnRequest:
    """The return if ``user`` may see it (``can_see``); ReturnNotFound (404) otherwise."""
    ret = _get(return_id)
    if not can_see(user, ret):
        raise ReturnNotFound()
    return ret


def photo_for(user, photo_id) -> tuple[str, str]:
    """The storage key and type of a return photo ``user`` may see; ReturnNotFound otherwise."""
    pid = parse_id(photo_id)
    photo = db.session.get(ReturnPhoto, pid) if pid is not None else None
    if photo is None or not can_see(user, photo.request) or not storage.is_valid_key(photo.key):
        raise ReturnNotFound()
    return photo.key, "image/jpeg"


def returns_for_officer(user, state: str | None = None, district_ids: set[int] | None = None) -> list[ReturnRequest]:
    """Returns of the officer's districts (every district for the ODOP cell; ``district_ids``:
    only those of them), newest first, optionally of one state."""
    ids = officer_district_ids(user) & (district_ids if district_ids is not None else officer_district_ids(user))
    ids = ids or {-1}
    query = (select(ReturnRequest).join(SubOrder, ReturnRequest.suborder_id == SubOrder.id)
             .join(Seller, SubOrder.seller_id == Seller.id).where(Seller.district_id.in_(ids)))
    if state:
        query = query.where(ReturnRequest.state == state)
    return list(db.session.scalars(query.order_by(ReturnRequest.id.desc()).options(
        selectinload(ReturnRequest.suborder).selectinload(SubOrder.seller),
        selectinload(ReturnRequest.suborder).selectinload(SubOrder.order), selectinload(ReturnRequest.line))))


# -- checking input ----------------------------------------------------------------------------

def _text(value, most: int, error: type[ReturnError], *, newlines: bool) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if len(text) > most or has_control_characters(text, newlines=newlines):
        raise error(most=most)
    return text


def check_details(value) -> str:
    """The buyer's description: at most 1,000 characters, line breaks allowed, no control
    characters (a NUL byte is one). Raises TextInvalid."""
    return _text(value, MAX_DETAILS, TextInvalid, newlines=True)


def check_note(value) -> str:
    """An answer's reason or note: at most 300 characters. Raises NoteInvalid."""
    return _text(value, MAX_NOTE, NoteInvalid, newlines=True)


def check_photos(files: list[bytes]) -> list[bytes]:
    """Up to four photos, each a real JPEG, PNG or WebP of at most 5 MB (by its bytes, never its
    name), re-encoded as JPEG without metadata. Raises TooManyPhotos, PhotoInvalid."""
    files = [f for f in files if f]
    if len(files) > MAX_PHOTOS:
        raise TooManyPhotos(most=MAX_PHOTOS)
    out = []
    for n, data in enumerate(files, start=1):
        if len(data) > MAX_PHOTO_BYTES:
            raise PhotoInvalid(n=n, why=_l("it is larger than 5 MB."))
        if sniff_format(data) is None:
            raise PhotoInvalid(n=n, why=_l("it is not a JPEG, PNG or WebP picture."))
        try:
            out.append(process_image(data, max_bytes=MAX_PHOTO_BYTES).full)
        except InvalidImage as exc:
            raise PhotoInvalid(n=n, why=exc.message) from None
    return out


def check_payout(upi, account, ifsc) -> tuple[str | None, str | None, str | None]:
    """A cash-on-delivery buyer's refund details: a UPI id, or a bank account number with its
    IFSC (spaces dropped, IFSC in capitals). Raises PayoutDetailsInvalid."""
    upi = upi.strip() if isinstance(upi, str) else ""
    account = re.sub(r"[\s-]", "", account) if isinstance(account, str) else ""
    ifsc = ifsc.strip().upper() if isinstance(ifsc, str) else ""
    if upi and len(upi) <= 100 and _UPI.match(upi) and not account and not ifsc:
        return upi, None, None
    if not upi and _ACCOUNT.match(account) and _IFSC.match(ifsc):
        return None, account, ifsc
    raise PayoutDetailsInvalid()


# -- moving ------------------------------------------------------------------------------------

def _move(ret: ReturnRequest, target: ReturnState, actor: ReturnActor, actor_id: int | None, note: str = "",
          **needs) -> None:
    """Check and apply one move (no commit): a guarded UPDATE, so a move raced by another one is
    refused (StatusChangedMeanwhile) instead of applied twice."""
    current = ReturnState(ret.state)
    check_return_move(current, target, actor, **needs)
    moved = db.session.execute(update(ReturnRequest).where(ReturnRequest.id == ret.id,
                                                           ReturnRequest.state == current.value)
                               .values(state=target.value, updated_at=utcnow())
                               .execution_options(synchronize_session=False)).rowcount
    if moved != 1:
        raise StatusChangedMeanwhile()
    set_committed_value(ret, "state", target.value)
    db.session.add(ReturnTransition(request=ret, from_state=current.value, to_state=target.value,
                                    actor_id=actor_id, actor_role=actor.value, note=note[:MAX_NOTE]))


def _tell(user, subject, body, link: str, params: dict) -> None:
    if user is None:
        return

    def text(template):
        def render():
            values = {k: (v() if callable(v) else v) for k, v in params.items()}
            return str(template) % values
        return render

    notify(user, text(subject), text(body), link=link)


def _buyer_link(ret: ReturnRequest) -> str:
    return f"/orders/{ret.suborder.order_id}"


def _seller_link(ret: ReturnRequest) -> str:
    return f"/seller/orders/{ret.suborder_id}"


def _params(ret: ReturnRequest, **more) -> dict:
    return {"number": ret.number, "order": ret.suborder.number, "state": lambda: state_label(ret.state), **more}


def _check_line(sub: SubOrder, line: OrderLine, now: dt.datetime) -> tuple[int, dt.datetime]:
    """(units that may still be asked for, the deadline) of ``line`` now, or the refusal:
    NotDelivered, NotReturnable, WindowClosed, QuantityInvalid (nothing left to return)."""
    if sub.status != Status.DELIVERED:
        raise NotDelivered()
    policy = effective_policy(line.listing)
    if not policy.returnable:
        raise NotReturnable()
    deadline = return_deadline(policy, delivered_at(sub))
    if deadline is None or now > deadline:
        raise WindowClosed(deadline=datetime_filter(deadline) if deadline else "")
    most = line.quantity - held_quantity(line.id)
    if most <= 0:
        raise QuantityInvalid(most=0)
    return most, deadline


def _buyers_line(order_id, line_id, buyer_id: int) -> OrderLine:
    oid, lid = parse_id(order_id), parse_id(line_id)
    line = db.session.get(OrderLine, lid) if lid is not None else None
    if line is None or line.suborder.order_id != oid or line.suborder.order.buyer_id != buyer_id:
        raise ReturnNotFound()
    return line


def line_to_return(order_id, line_id, *, buyer_id: int, now: dt.datetime | None = None) -> ReturnableLine:
    """The buyer's order line with what may still be returned of it, for the request page.
    Raises ReturnNotFound and the refusals of ``request_return`` (NotDelivered, NotReturnable,
    WindowClosed, QuantityInvalid)."""
    line = _buyers_line(order_id, line_id, buyer_id)
    most, deadline = _check_line(line.suborder, line, now or utcnow())
    return ReturnableLine(line, most, deadline)


def request_return(order_id, line_id, *, buyer_id: int, quantity, reason, details, photos: list[bytes] = (),
                   refund_upi=None, refund_account=None, refund_ifsc=None,
                   now: dt.datetime | None = None) -> ReturnRequest:
    """The buyer asks to return ``quantity`` units of order line ``line_id`` of their order. Commits.

    Raises ReturnNotFound (not the buyer's order or line), NotDelivered, NotReturnable,
    WindowClosed, QuantityInvalid, ReasonInvalid, TextInvalid, TooManyPhotos, PhotoInvalid,
    PayoutDetailsInvalid (cash on delivery without valid refund details), PhotoNotStored.
    Nothing is stored, in the file storage or the database, when it raises.
    """
    now = now or utcnow()
    line = _buyers_line(order_id, line_id, buyer_id)
    oid = line.suborder.order_id
    if reason not in RETURN_REASONS:
        raise ReasonInvalid()
    text = check_details(details)
    count = parse_int(quantity, minimum=1, maximum=100000)
    payout = (None, None, None)
    if line.suborder.order.payment_method == PaymentMethod.COD:
        payout = check_payout(refund_upi, refund_account, refund_ifsc)
    pictures = check_photos(list(photos))  # decoding takes a moment: before any row is locked
    store = storage.proofs()
    written: list[str] = []
    try:
        with committed():
            _, subs = lock_order(oid)
            sub = next(s for s in subs if s.id == line.suborder_id)
            most, _ = _check_line(sub, line, now)
            if count is None or not 1 <= count <= most:
                raise QuantityInvalid(most=most)
            ret = ReturnRequest(suborder_id=sub.id, order_line_id=line.id, buyer_id=buyer_id, quantity=count,
                                reason=reason, details=text, state=ReturnState.REQUESTED.value,
                                amount_paise=line.unit_price_paise * count, refunded_paise=0,
                                requested_at=now, answer_due_at=now + dt.timedelta(days=answer_days()),
                                refund_upi=payout[0], refund_account=payout[1], refund_ifsc=payout[2])
            db.session.add(ret)
            for data in pictures:
                key = f"{PHOTO_FOLDER}/{secrets.token_hex(16)}.jpg"
                try:
                    store.put(key, data, "image/jpeg", cache_control=storage.PRIVATE_NO_STORE)
                except storage.StorageError as exc:
                    log.error("return photo not stored in %s: %s", store.describe(), exc)
                    raise PhotoNotStored() from exc
                written.append(key)
                ret.photos.append(ReturnPhoto(key=key))
            db.session.add(ReturnTransition(request=ret, from_state=None, to_state=ReturnState.REQUESTED.value,
                                            actor_id=buyer_id, actor_role=ReturnActor.BUYER.value,
                                            note=reason))
            db.session.flush()
            _tell(sub.seller.user, _l("Return %(number)s asked for order %(order)s"),
                  _l("The buyer asks to return an item. Please accept or refuse within %(days)s days, or the "
                     "District Industries Centre decides."), _seller_link(ret), _params(ret, days=answer_days()))
    except BaseException:
        for key in written:
            try:
                store.delete(key)
            except storage.StorageError as exc:
                log.warning("return photo %s left in %s: %s", key, store.describe(), exc)
        raise
    return ret


def _answer(ret: ReturnRequest, accept: bool, actor: ReturnActor, user_id: int, reason) -> ReturnRequest:
    note = check_note(reason)
    target = ReturnState.ACCEPTED if accept else ReturnState.REFUSED
    _move(ret, target, actor, user_id, note, reason=note)
    ret.answer_note = note or None
    if accept:
        body = _l("Your return was accepted. Send the item back and enter its tracking number on the order page.")
    else:
        body = _l("Your return was refused. Reason: %(reason)s")
    _tell(ret.buyer, _l("Return %(number)s: %(state)s"), body, _buyer_link(ret), _params(ret, reason=note))
    return ret


def seller_answer(return_id, *, seller_id: int, user_id: int, accept: bool, reason="") -> ReturnRequest:
    """The seller accepts or refuses (a reason is needed) a return of their shipment. Commits.
    Raises ReturnNotFound (another seller's), NoteInvalid, the state machine's errors."""
    with committed():
        ret = _get(return_id, lock=True)
        if ret.suborder.seller_id != seller_id:
            raise ReturnNotFound()
        return _answer(ret, accept, ReturnActor.SELLER, user_id, reason)


def officer_decide(return_id, *, user, accept: bool, reason="") -> ReturnRequest:
    """A DIC officer of the seller's district (or the ODOP cell) decides an escalated return.
    Commits. Raises ReturnNotFound (outside the officer's districts), NoteInvalid, the state
    machine's errors (a return not escalated)."""
    with committed():
        ret = _get(return_id, lock=True)
        if user.role not in (Role.ADMIN, Role.ORGANISER) or not can_see(user, ret):
            raise ReturnNotFound()
        actor = ReturnActor.ADMIN if user.role == Role.ADMIN else ReturnActor.OFFICER
        _answer(ret, accept, actor, user.id, reason)
        _tell(ret.suborder.seller.user, _l("Return %(number)s: %(state)s"),
              _l("The District Industries Centre decided the return the buyer asked for."),
              _seller_link(ret), _params(ret))
        return ret


def withdraw(return_id, *, buyer_id: int) -> ReturnRequest:
    """The buyer withdraws a return not shipped back yet. Commits."""
    with committed():
        ret = _get(return_id, lock=True)
        if ret.buyer_id != buyer_id:
            raise ReturnNotFound()
        _move(ret, ReturnState.WITHDRAWN, ReturnActor.BUYER, buyer_id)
        _tell(ret.suborder.seller.user, _l("Return %(number)s: %(state)s"),
              _l("The buyer withdrew the return."), _seller_link(ret), _params(ret))
        return ret


def _single_line(value, most=80) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if len(text) > most or has_control_characters(text, newlines=False):
        raise TrackingInvalid()
    return text


def mark_shipped_back(return_id, *, user_id: int, buyer_id: int | None = None, seller_id: int | None = None,
                      carrier="", tracking="") -> ReturnRequest:
    """The buyer (``buyer_id``) or the seller (``seller_id``) records the parcel sent back: the
    carrier (optional) and its tracking number. Commits. Raises ReturnNotFound,
    TrackingInvalid, ReturnNeedsTracking, the state machine's errors."""
    carrier, tracking = _single_line(carrier), _single_line(tracking)
    with committed():
        ret = _get(return_id, lock=True)
        if buyer_id is not None and ret.buyer_id == buyer_id:
            actor = ReturnActor.BUYER
        elif seller_id is not None and ret.suborder.seller_id == seller_id:
            actor = ReturnActor.SELLER
        else:
            raise ReturnNotFound()
        _move(ret, ReturnState.SHIPPED_BACK, actor, user_id, " ".join(filter(None, (carrier, tracking))),
              tracking=tracking)
        ret.return_carrier, ret.return_tracking = carrier or None, tracking
        other = ret.suborder.seller.user if actor == ReturnActor.BUYER else ret.buyer
        link = _seller_link(ret) if actor == ReturnActor.BUYER else _buyer_link(ret)
        _tell(other, _l("Return %(number)s: %(state)s"), _l("Tracking number: %(tracking)s"), link,
              _params(ret, tracking=tracking))
        return ret


def returned_goods_paise(sub: SubOrder) -> int:
    """The goods value of the shipment's units received back so far (received or refunded)."""
    done = (ReturnState.RECEIVED.value, ReturnState.REFUNDED.value)
    return sum(r.amount_paise for r in db.session.scalars(
        select(ReturnRequest).where(ReturnRequest.suborder_id == sub.id, ReturnRequest.state.in_(done))))


def mark_received(return_id, *, user, condition, gateway: StripeGateway | None = None,
                  now: dt.datetime | None = None) -> ReturnRequest:
    """The seller of the shipment (or the ODOP cell) says the item came back, in ``condition``
    "good" (its units go back into stock) or "damaged" (they do not). The shipment's subsidy
    claim is adjusted for every unit received back (``claims.adjust_for_return``). Commits; then
    a card payment is refunded at once when Stripe is configured (a failure leaves the return
    received, for the ODOP cell to refund from its desk).
    Raises ReturnNotFound, ReturnNeedsCondition, the state machine's errors."""
    with committed():
        ret = _get(return_id, lock=True)
        if user.role == Role.SELLER and ret.suborder.seller.user_id == user.id:
            actor = ReturnActor.SELLER
        elif user.role == Role.ADMIN:
            actor = ReturnActor.ADMIN
        else:
            raise ReturnNotFound()
        _move(ret, ReturnState.RECEIVED, actor, user.id, condition if isinstance(condition, str) else "",
              condition=condition)
        ret.received_condition = condition
        if condition == "good":
            new_stock = db.session.execute(update(Listing).where(Listing.id == ret.line.listing_id)
                                           .values(stock=Listing.stock + ret.quantity).returning(Listing.stock)
                                           .execution_options(synchronize_session=False)).scalar_one()
            note_stock(ret.line.listing_id, new_stock, ret.quantity)
        db.session.flush()
        adjust_for_return(ret.suborder, returned_goods_paise(ret.suborder), now=now)
        _tell(ret.buyer, _l("Return %(number)s: %(state)s"),
              _l("The seller received the item you sent back. The refund follows."), _buyer_link(ret), _params(ret))
    if ret.suborder.order.payment_method == PaymentMethod.CARD and gateway is not None:
        try:
            refund_return(ret.id, gateway)
        except OrdersError as exc:  # the provider is down, or another refund came first: the desk shows it
            log.warning("refund of return %s not made now: %s", ret.id, exc.code)
    return db.session.get(ReturnRequest, ret.id)


def _refund_cap(ret: ReturnRequest, sub: SubOrder, payment: Payment) -> int:
    return min(ret.amount_paise - ret.refunded_paise, sub.total_paise - refunded_for_suborder(sub.id),
               refundable_paise(payment))


def refund_return(return_id, gateway: StripeGateway | None, *, actor: ReturnActor = ReturnActor.SYSTEM,
                  actor_id: int | None = None) -> int:
    """Refund a received return of a card-paid order to the card, once (idempotency key per
    return), under the order's and the payment's row locks. Returns the amount refunded.
    Raises ReturnNotFound, PaymentsNotConfigured, NothingToRefund (also for a cash-on-delivery
    order), the state machine's errors, PaymentProviderError (nothing recorded then)."""
    if gateway is None:
        raise PaymentsNotConfigured()
    with committed():
        ret = _get(return_id, lock=True)
        sub = ret.suborder
        check_return_move(ret.state, ReturnState.REFUNDED, actor)
        if sub.order.payment_method != PaymentMethod.CARD or not was_paid_by_card(sub):
            raise NothingToRefund()
        payment = db.session.scalars(
            select(Payment).where(Payment.order_id == sub.order_id, Payment.status == PaymentStatus.SUCCEEDED.value,
                                  Payment.method == PaymentMethod.CARD.value, Payment.paid_paise > Payment.refunded_paise)
            .order_by(Payment.id).with_for_update().execution_options(populate_existing=True)).first()
        amount = _refund_cap(ret, sub, payment) if payment is not None else 0
        if amount <= 0:
            raise NothingToRefund()
        refund = gateway.refund(payment.provider_intent_id, amount, idempotency_key=f"refund-return-{ret.id}")
        payment.refunded_paise += refund.amount_paise
        db.session.add(PaymentEvent(payment_id=payment.id, provider_event_id=f"refund:{refund.id}", kind="refund",
                                    amount_paise=refund.amount_paise, provider_object_id=refund.id,
                                    suborder_id=sub.id))
        ret.refunded_paise += refund.amount_paise
        ledger.record_refund(sub, refund.amount_paise, reference=refund.id, actor_id=actor_id)
        _move(ret, ReturnState.REFUNDED, actor, actor_id, f"{refund.id} {format_paise(refund.amount_paise, 'en')}")
        amount_done = refund.amount_paise
        _tell(ret.buyer, _l("Return %(number)s: %(state)s"),
              _l("%(amount)s has been refunded to the card you paid with. Banks usually show it within 5–7 working days."),
              _buyer_link(ret), _params(ret, amount=lambda: format_paise(amount_done, current_lang())))
    return amount_done


def check_reference(value) -> str:
    """The ODOP cell's payment reference (UTR): 1–60 characters on one line. Raises ReferenceInvalid."""
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > 60 or has_control_characters(text, newlines=False):
        raise ReferenceInvalid()
    return text


def mark_cod_refund_paid(return_id, *, user, reference) -> int:
    """The ODOP cell paid a cash-on-delivery return to the buyer's UPI id or bank account (a
    UPI-paid one back to the account it was paid from) and records it with the transfer's
    reference, which pays one refund only (``transfer:<reference>``, as
    ``refunds.refund_by_transfer``). Commits; returns the amount.
    Raises ReturnNotFound (not the ODOP cell), ReferenceInvalid, NotCashOnDelivery,
    NothingToRefund, the state machine's errors."""
    ref = check_reference(reference)
    with committed():
        ret = _get(return_id, lock=True)
        if user.role != Role.ADMIN:
            raise ReturnNotFound()
        sub = ret.suborder
        check_return_move(ret.state, ReturnState.REFUNDED, ReturnActor.ADMIN)
        method = sub.order.payment_method
        if method not in (PaymentMethod.COD, PaymentMethod.UPI):
            raise NotCashOnDelivery()
        wanted = [Payment.order_id == sub.order_id, Payment.method == method]
        if method == PaymentMethod.UPI:  # the UPI credit that paid it; the money goes back from that account
            wanted.append(Payment.status == PaymentStatus.SUCCEEDED.value)
        payment = db.session.scalars(select(Payment).where(*wanted)
                                     .with_for_update().execution_options(populate_existing=True)).first()
        if transfer_used(ref):
            raise ReferenceInvalid()  # one transfer pays one refund
        amount = _refund_cap(ret, sub, payment) if payment is not None else 0
        if amount <= 0:
            raise NothingToRefund()
        cod = method == PaymentMethod.COD
        record_transfer(sub, payment, amount, ref, actor_id=user.id, kind="cod_refund" if cod else "refund",
                        cash=ledger.CASH_BANK if cod else ledger.CASH_UPI)
        ret.refunded_paise += amount
        ret.refund_reference = ref
        _move(ret, ReturnState.REFUNDED, ReturnActor.ADMIN, user.id, f"{ref} {format_paise(amount, 'en')}")
        where = ret.refund_upi or (f"…{ret.refund_account[-4:]}" if ret.refund_account else "")
        _tell(ret.buyer, _l("Return %(number)s: %(state)s"),
              _l("%(amount)s has been sent to %(where)s (reference %(ref)s)."), _buyer_link(ret),
              _params(ret, amount=lambda: format_paise(amount, current_lang()), where=where, ref=ref))
    return amount


def escalate_unanswered(now: dt.datetime | None = None) -> int:
    """Send every return the seller did not answer by its ``answer_due_at`` to the DIC officers
    of the seller's district (the buyer and the seller are told). Commits per return; returns
    how many were escalated. Run by the periodic job ``escalate_returns``."""
    now = now or utcnow()
    ids = list(db.session.scalars(select(ReturnRequest.id).where(
        ReturnRequest.state == ReturnState.REQUESTED.value, ReturnRequest.answer_due_at <= now)
        .order_by(ReturnRequest.id)))
    done = 0
    for rid in ids:
        with committed():
            ret = _get(rid, lock=True)
            if ret.state != ReturnState.REQUESTED or ret.answer_due_at > now:
                continue
            _move(ret, ReturnState.ESCALATED, ReturnActor.SYSTEM, None, "no_answer")
            district_id = ret.suborder.seller.district_id
            officers = db.session.scalars(select(User).join(organiser_districts, organiser_districts.c.user_id == User.id)
                                          .where(organiser_districts.c.district_id == district_id,
                                                 User.role == Role.ORGANISER.value))
            for officer in officers:
                _tell(officer, _l("Return %(number)s waits for your decision"),
                      _l("The seller did not answer a buyer's return in time. Please accept or refuse it."),
                      f"/admin/returns/{ret.id}", _params(ret))
            for user, link in ((ret.buyer, _buyer_link(ret)), (ret.suborder.seller.user, _seller_link(ret))):
                _tell(user, _l("Return %(number)s: %(state)s"),
                      _l("The seller did not answer in time: the District Industries Centre decides now."),
                      link, _params(ret))
        done += 1
    return done


def notes_for_reader(move: ReturnTransition) -> str:
    """A move's note as a reader sees it: the reason a buyer picked (on ``requested``), the
    condition the item came back in (on ``received``) and the system's "no_answer" named; what a
    person typed, as typed."""
    note = move.note or ""
    if move.to_state == ReturnState.REQUESTED and note in RETURN_REASONS:
        return str(RETURN_REASONS[note])
    if move.to_state == ReturnState.RECEIVED and note in CONDITIONS:
        return str(CONDITIONS[note])
    if move.to_state == ReturnState.ESCALATED and note == "no_answer":
        return _("No answer in time")
    return note
