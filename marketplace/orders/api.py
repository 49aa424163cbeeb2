"""JSON: the signed-in buyer's orders (or a seller's sub-orders), the public PIN look-up and the
Stripe webhook."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from marketplace.accounts.decorators import public, role_required
from marketplace.accounts.models import Role
from marketplace.catalog.models import Seller
from marketplace.errors import DomainError, error_response
from marketplace.extensions import csrf, db, limiter
from marketplace.i18n import current_lang
from marketplace.india import normalise_pin, pin_place, region
from marketplace.params import parse_id

from . import checkout as checkout_service
from . import grievances, return_states, returns, webhooks
from .errors import OrderNotFound, PinUnknown
from .models import Order, SubOrder
from .shipping.service import tracking_url

bp = Blueprint("orders_api", __name__)


def shipment_json(sub: SubOrder) -> dict | None:
    """The parcel of a sub-order: its status, courier, AWB, the carrier's tracking page and the
    tracking events, oldest first (like ``history``); None before it is booked."""
    shipment = sub.shipment
    if shipment is None:
        return None
    return {"status": shipment.status, "courier": shipment.courier_name, "awb": shipment.awb,
            "tracking_url": tracking_url(sub),
            "events": [{"code": e.code, "at": e.happened_at.isoformat(), "location": e.location}
                       for e in shipment.events]}


def suborder_json(sub: SubOrder) -> dict:
    return {
        "id": sub.id,
        "number": sub.number,
        "seller": {"id": sub.seller_id, "name_en": sub.seller.enterprise_name_en,
                   "name_hi": sub.seller.enterprise_name_hi},
        "status": sub.status,
        "goods_paise": sub.goods_paise,
        "freight": {"zone": sub.freight_zone, "chargeable_weight_g": sub.chargeable_weight_g,
                    "amount_paise": sub.freight_paise, "rate_version": sub.freight_rate_version},
        "subsidy": {"eligible": sub.subsidy_eligible, "amount_paise": sub.subsidy_paise,
                    "reason": sub.subsidy_reason, "financial_year": sub.financial_year,
                    "claim_status": sub.claim.status if sub.claim else None},
        "total_paise": sub.total_paise,
        "carrier": sub.carrier,
        "tracking_number": sub.tracking_number,
        "shipment": shipment_json(sub),
        "lines": [{"listing_id": ln.listing_id, "sku": ln.sku, "title_en": ln.title_en,
                   "title_hi": ln.title_hi, "quantity": ln.quantity,
                   "unit_price_paise": ln.unit_price_paise, "line_total_paise": ln.line_total_paise}
                  for ln in sub.lines],
        "history": [{"from": h.from_status, "to": h.to_status, "by": h.actor_role,
                     "at": h.created_at.isoformat(), "note": h.note} for h in sub.history],
    }


def ticket_json(ticket) -> dict:
    """A complaint about the order: number, category, stage, deadlines, outcome, the thread and
    the moves, oldest first."""
    return {"id": ticket.id, "number": ticket.number, "suborder_id": ticket.suborder_id,
            "category": ticket.category, "subject": ticket.subject, "status": ticket.status,
            "level": ticket.level, "opened_at": ticket.created_at.isoformat(),
            "acknowledged_at": ticket.acknowledged_at.isoformat() if ticket.acknowledged_at else None,
            "ack_due_at": ticket.ack_due_at.isoformat(), "resolve_due_at": ticket.resolve_due_at.isoformat(),
            "resolved_at": ticket.resolved_at.isoformat() if ticket.resolved_at else None,
            "outcome": ticket.outcome, "outcome_note": ticket.outcome_note or None,
            "messages": [{"by": m.role, "at": m.created_at.isoformat(), "text": m.text} for m in ticket.messages],
            "events": [{"action": e.action, "from": e.from_stage, "to": e.to_stage, "by": e.actor_role,
                        "at": e.created_at.isoformat()} for e in ticket.events]}


def return_json(ret) -> dict:
    """A return (issue #19.2): its state (code and label), the line and units, the amounts in
    paise and every move, oldest first. The buyer's refund details are never in it."""
    line = ret.line
    return {
        "id": ret.id, "number": ret.number, "suborder_id": ret.suborder_id,
        "state": ret.state, "state_label": return_states.state_label(ret.state),
        "reason": ret.reason, "details": ret.details,
        "lines": [{"order_line_id": line.id, "listing_id": line.listing_id, "sku": line.sku, "title_en": line.title_en,
                   "title_hi": line.title_hi, "quantity": ret.quantity, "unit_price_paise": line.unit_price_paise}],
        "amount_paise": ret.amount_paise, "refunded_paise": ret.refunded_paise,
        "requested_at": ret.requested_at.isoformat(), "answer_due_at": ret.answer_due_at.isoformat(),
        "return_tracking": ret.return_tracking, "received_condition": ret.received_condition,
        "photos": len(ret.photos),
        "transitions": [{"from": t.from_state, "to": t.to_state, "by": t.actor_role, "at": t.created_at.isoformat(),
                         "note": t.note} for t in ret.transitions],
    }


def order_json(order: Order, suborders: list[SubOrder], *, whole: bool = True, tickets=None) -> dict:
    """The order as JSON. ``whole=False`` (a seller): the figures are the sums of the sub-orders
    given, so a seller never sees what the buyer bought from others, and only the complaints
    about those sub-orders. ``tickets``: the order's complaints, when already loaded."""
    if whole:
        figures = (order.goods_paise, order.freight_paise, order.subsidy_paise, order.total_paise)
    else:
        figures = tuple(sum(getattr(s, f) for s in suborders)
                        for f in ("goods_paise", "freight_paise", "subsidy_paise", "total_paise"))
    goods, freight, subsidy, total = figures
    return {
        "id": order.id,
        "number": order.number,
        "created_at": order.created_at.isoformat(),
        "payment_method": order.payment_method,
        "currency": "INR",
        "goods_paise": goods,
        "freight_paise": freight,
        "subsidy_paise": subsidy,
        "total_paise": total,
        "ship_to": {"city": order.ship_city, "district": order.ship_district,
                    "state_code": order.ship_state_code, "pin_code": order.ship_pin_code},
        "suborders": [suborder_json(s) for s in suborders],
        "tickets": [ticket_json(t) for t in (grievances.tickets_of_orders([order.id])[order.id]
                                             if tickets is None else tickets)
                    if whole or t.suborder_id in {s.id for s in suborders}],
        "returns": [return_json(r) for s in suborders for r in returns.returns_of_suborder(s)],
    }


def _visible(order_id=None) -> list[tuple[Order, list[SubOrder]]]:
    """Orders the current user may see, with the sub-orders they may see in each."""
    if current_user.role == Role.BUYER:
        if order_id is not None:
            order = checkout_service.order_for_buyer(current_user.id, order_id)
            return [(order, list(order.suborders))]
        return [(o, list(o.suborders)) for o in checkout_service.orders_of_buyer(current_user.id)]
    seller = db.session.scalar(select(Seller).where(Seller.user_id == current_user.id))
    if seller is None:
        if order_id is not None:
            raise OrderNotFound()
        return []
    query = select(SubOrder).where(SubOrder.seen_by_seller(seller.id)).order_by(SubOrder.id.desc())
    if order_id is not None:
        query = query.where(SubOrder.order_id == order_id)
    grouped: dict[int, tuple[Order, list[SubOrder]]] = {}
    for sub in db.session.scalars(query):
        grouped.setdefault(sub.order_id, (sub.order, []))[1].append(sub)
    if order_id is not None and not grouped:
        raise OrderNotFound()
    return list(grouped.values())


@bp.route("/api/v1/orders")
@role_required(Role.BUYER, Role.SELLER)
def list_orders():
    whole = current_user.role == Role.BUYER
    visible = _visible()
    tickets = grievances.tickets_of_orders([o.id for o, _subs in visible])
    return jsonify({"orders": [order_json(o, subs, whole=whole, tickets=tickets[o.id]) for o, subs in visible]})


@bp.route("/api/v1/orders/<order_id>")
@role_required(Role.BUYER, Role.SELLER)
def get_order(order_id):
    number = parse_id(order_id)
    if number is None:
        return error_response(404, "not_found", str(OrderNotFound().message))
    try:
        (order, subs), = _visible(number)
    except DomainError as exc:
        return error_response(exc.status, exc.code, str(exc.message))
    return jsonify(order_json(order, subs, whole=current_user.role == Role.BUYER))


def pin_lookup_limit() -> str:
    """Flask-Limiter's limit, per client address, on the public PIN look-up (``PIN_LOOKUP_RATE_LIMIT``)."""
    return current_app.config["PIN_LOOKUP_RATE_LIMIT"]


@bp.route("/api/v1/pins/<pin>")
@public
@limiter.limit(pin_lookup_limit)
def pin_lookup(pin: str):
    """Where a PIN code is, for the address form: ``{"pin", "district", "state_code",
    "state_name", "place"}``; 400 for a text that is not a PIN code, 404 for one the directory
    does not know."""
    digits = normalise_pin(pin[:12])
    if digits is None or len(pin) > 12:
        return error_response(400, "invalid_pin", str(_("Enter the 6-digit PIN code.")))
    place = pin_place(digits)
    if place is None:
        return error_response(404, PinUnknown.code, str(PinUnknown(pin=digits).message))
    state = region(place.state_code)
    name = (state.name_hi if current_lang() == "hi" else state.name_en) if state else place.state_code
    return jsonify({"pin": place.pin, "district": place.district, "state_code": place.state_code,
                    "state_name": name, "place": place.place})


@bp.route("/webhooks/stripe", methods=["POST"])
@public
@csrf.exempt
def stripe_webhook():
    try:
        outcome = webhooks.handle_webhook(request.get_data(), request.headers.get("Stripe-Signature"),
                                          current_app.config.get("STRIPE_WEBHOOK_SECRET"))
    except DomainError as exc:
        return error_response(400, exc.code, str(exc.message))
    return jsonify({"received": True, "outcome": outcome})


@bp.route("/webhooks/courier/<adapter>", methods=["POST"])
@public
@csrf.exempt
def courier_webhook(adapter):
    """Tracking events pushed by the courier: 401 when the shared secret is wrong (nothing is
    stored), else the counts of what the events did (duplicates and stale events are fine)."""
    from .shipping.carriers import ADAPTERS, carrier_for
    from .shipping.service import handle_webhook

    if adapter not in ADAPTERS:
        return error_response(404, "not_found", str(OrderNotFound().message))
    try:
        result = handle_webhook(adapter, request.headers, request.get_data(), carrier_for(config=current_app.config))
    except DomainError as exc:
        return error_response(exc.status if exc.status in (400, 401) else 400, exc.code, str(exc.message))
    return jsonify({"received": True, "applied": result.applied, "duplicates": result.duplicates,
                    "stale": result.stale, "unknown": result.unknown})
