"""Seller pages: the order queue, one sub-order with its actions, packing slip, tax invoice, and
shipping (issue #13): book with the courier or ship by hand, request a pickup, print labels,
book several orders at once."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from marketplace.accounts.decorators import role_required
from marketplace.accounts.models import Role
from marketplace.catalog.models import Seller
from marketplace.errors import DomainError, flash_error
from marketplace.csv_out import write_csv
from marketplace.extensions import db
from marketplace.i18n import date_filter, datetime_filter
from marketplace.india import financial_year_label
from marketplace.params import parse_id

from . import cancellation, documents, fulfilment, ledger, payments, payouts
from . import statement as statement_service
from .errors import AlreadyBooked, OrderNotFound, ShipmentNotAllowed
from .forms import BULK_LIMIT, ActionForm, BookShipmentForm, BulkBookForm, CancelForm, ManualShipForm
from .shipping import batch
from .shipping import service as shipping
from .shipping.carriers import CourierError, carrier_for, courier_booking_enabled
from .shipping.label import barcode_svg, qr_svg
from .shipping.models import ShipmentStatus
from .states import Actor, Status, next_statuses

bp = Blueprint("seller_orders", __name__, url_prefix="/seller/orders", template_folder="templates")


def current_seller() -> Seller:
    seller = db.session.scalar(select(Seller).where(Seller.user_id == current_user.id))
    if seller is None:
        raise OrderNotFound()
    return seller


def _suborder(suborder_id):
    seller = current_seller()
    return seller, fulfilment.suborder_for_actor(suborder_id, actor=Actor.SELLER, user_id=current_user.id,
                                                 seller_id=seller.id)


@bp.route("/")
@role_required(Role.SELLER)
def queue():
    seller = current_seller()
    status = request.args.get("status") or None
    if status not in {s.value for s in Status}:
        status = None
    return render_template("orders/seller_queue.html", seller=seller, status=status,
                           suborders=fulfilment.seller_queue(seller.id, status), Status=Status,
                           bulk_form=BulkBookForm(), bookable=_bookable, courier_enabled=courier_booking_enabled())


@bp.route("/<int:suborder_id>")
@role_required(Role.SELLER)
def detail(suborder_id):
    seller, sub = _suborder(suborder_id)
    return _detail_page(sub)


def _bookable(sub) -> bool:
    """An accepted sub-order with no shipment yet, or only an unfinished booking."""
    return sub.status == Status.ACCEPTED and (sub.shipment is None or sub.shipment.status == ShipmentStatus.BOOKING)


def _detail_page(sub, *, book_form=None, manual_form=None, status=200):
    """The sub-order page; the shipping forms keep what the seller typed when they are given."""
    parcel = shipping.parcel_for(sub)
    prefill = {"weight_g": parcel.weight_g, "length_cm": parcel.length_cm, "width_cm": parcel.width_cm,
               "height_cm": parcel.height_cm}
    courier = courier_booking_enabled()
    rates = None
    if book_form is None:
        book_form = BookShipmentForm(formdata=None, **prefill)
    if manual_form is None:
        manual_form = ManualShipForm(formdata=None, **prefill)
    if courier and _bookable(sub):
        try:
            asked = shipping.check_parcel(shipping.ParcelInput(book_form.weight_g.data, book_form.length_cm.data,
                                                               book_form.width_cm.data, book_form.height_cm.data))
        except DomainError:
            asked = parcel
        rates = batch.rates_for(sub, asked, carrier_for())
    moves = next_statuses(sub.status, Actor.SELLER)
    return render_template("orders/seller_detail.html", sub=sub, order=sub.order, moves=moves,
                           action_form=ActionForm(), cancel_form=CancelForm(), Status=Status,
                           shipment=sub.shipment, bookable=_bookable(sub), courier_enabled=courier,
                           book_form=book_form, manual_form=manual_form, rates=rates,
                           pickup_form=ActionForm(), tracking_url=shipping.tracking_url(sub),
                           ShipmentStatus=ShipmentStatus), status


def _move(suborder_id, target, **details):
    seller = current_seller()
    try:
        if target == Status.CANCELLED:
            cancellation.cancel_suborder(suborder_id, actor=Actor.SELLER, user_id=current_user.id,
                                     seller_id=seller.id, reason=details.get("reason"),
                                     gateway=payments.gateway_from_config())
        else:
            fulfilment.move(suborder_id, target, actor=Actor.SELLER, user_id=current_user.id,
                            seller_id=seller.id, **details)
    except OrderNotFound:
        raise
    except DomainError as exc:
        flash_error(exc)
        return redirect(url_for("seller_orders.detail", suborder_id=suborder_id))
    flash(_("The order is now: %(status)s.", status=fulfilment.label_of(target)), "success")
    return redirect(url_for("seller_orders.detail", suborder_id=suborder_id))


@bp.route("/<int:suborder_id>/accept", methods=["POST"])
@role_required(Role.SELLER)
def accept(suborder_id):
    if not ActionForm().validate_on_submit():
        return redirect(url_for("seller_orders.detail", suborder_id=suborder_id))
    return _move(suborder_id, Status.ACCEPTED)


def _parcel_of(form):
    """The parcel typed in ``form``, or None when its fields were left empty (the listings' one)."""
    values = (form.weight_g.data, form.length_cm.data, form.width_cm.data, form.height_cm.data)
    if all(v is None for v in values):
        return None
    return shipping.ParcelInput(*values)


def _back(suborder_id):
    return redirect(url_for("seller_orders.detail", suborder_id=suborder_id))


@bp.route("/<int:suborder_id>/ship", methods=["POST"])
@role_required(Role.SELLER)
def ship(suborder_id):
    """"I shipped it myself": a manual shipment (carrier and tracking number), shipped at once."""
    seller, sub = _suborder(suborder_id)
    form = ManualShipForm()
    if not form.validate_on_submit():
        flash(_("Check the shipment details below."), "error")
        return _detail_page(sub, manual_form=form, status=400)
    try:
        shipping.ship_by_hand(sub.id, seller_id=seller.id, user_id=current_user.id, carrier_name=form.carrier.data,
                              tracking_number=form.tracking_number.data, parcel=_parcel_of(form))
    except (ShipmentNotAllowed, AlreadyBooked) as exc:
        flash_error(exc)
        return _back(sub.id)
    except DomainError as exc:
        flash_error(exc)
        return _detail_page(sub, manual_form=form, status=400)
    flash(_("The order is now: %(status)s.", status=fulfilment.label_of(Status.SHIPPED)), "success")
    return _back(sub.id)


@bp.route("/<int:suborder_id>/book", methods=["POST"])
@role_required(Role.SELLER)
def book(suborder_id):
    """Book the parcel with the configured courier service (AWB, label, pickup)."""
    seller, sub = _suborder(suborder_id)
    form = BookShipmentForm()
    if not courier_booking_enabled():
        flash(_("No courier service is set up. Ship the parcel yourself and enter its tracking number."), "error")
        return _back(sub.id)
    if not form.validate_on_submit():
        flash(_("Check the parcel's weight and size below."), "error")
        return _detail_page(sub, book_form=form, status=400)
    outcome = batch.book_one(sub.id, seller_id=seller.id, user_id=current_user.id, parcel=_parcel_of(form),
                             carrier=carrier_for(), courier_id=form.courier_id.data or None)
    if outcome.shipment is None:
        flash(outcome.error, "error")
        if outcome.error_code in (ShipmentNotAllowed.code, AlreadyBooked.code):
            return _back(sub.id)  # nothing left to book on this page
        if outcome.error_code == CourierError.code and outcome.error != str(CourierError.default_message):
            flash(_("Nothing was booked twice; try again."), "info")
        return _detail_page(sub, book_form=form, status=400)
    _flash_booked(outcome)
    return _back(sub.id)


def _flash_booked(outcome):
    shipment = outcome.shipment
    flash(_("Booked with %(courier)s: AWB %(awb)s. Print the label and stick it on the parcel.",
            courier=shipment.courier_name, awb=shipment.awb), "success")
    if outcome.pickup_problem:
        flash(_("The courier did not agree to the pickup: %(reason)s", reason=outcome.pickup_problem), "error")


@bp.route("/<int:suborder_id>/pickup", methods=["POST"])
@role_required(Role.SELLER)
def pickup(suborder_id):
    """Ask the courier again to collect a booked parcel (after it refused)."""
    seller, sub = _suborder(suborder_id)
    if not ActionForm().validate_on_submit():
        return _back(sub.id)
    try:
        shipment = shipping.request_pickup(sub.id, seller_id=seller.id, user_id=current_user.id,
                                           carrier=carrier_for())
    except DomainError as exc:
        flash_error(exc)
    else:
        flash(_("Pickup requested for %(date)s.", date=shipment.pickup_scheduled_for or "-"), "success")
    return _back(sub.id)


LABEL_SIZES = ("a6", "a4")


def _label_size():
    size = request.args.get("size")
    return size if size in LABEL_SIZES else "a6"


def _other(size):
    return "a4" if size == "a6" else "a6"


def _label_data(sub):
    return {"sub": sub, "order": sub.order, "shipment": sub.shipment, "barcode": barcode_svg(sub.shipment.awb),
            "label_qr": qr_svg(sub.shipment.label_url)}


@bp.route("/<int:suborder_id>/label")
@role_required(Role.SELLER)
def label(suborder_id):
    """The shipping label, printable on an A6 sheet or in a quarter of an A4 one."""
    sub = _suborder(suborder_id)[1]
    if sub.shipment is None or not sub.shipment.awb:
        flash(_("Book the shipment first: the label needs its AWB number."), "error")
        return _back(sub.id)
    size = _label_size()
    return render_template("orders/label.html", labels=[_label_data(sub)], size=size,
                           back=url_for("seller_orders.detail", suborder_id=sub.id),
                           switch_url=url_for("seller_orders.label", suborder_id=sub.id, size=_other(size)))


@bp.route("/labels")
@role_required(Role.SELLER)
def labels():
    """Several labels, one a page (``?id=1&id=2...``): the seller's own booked sub-orders only."""
    seller = current_seller()
    ids = [i for i in (parse_id(v) for v in request.args.getlist("id")[:BULK_LIMIT]) if i is not None]
    subs = batch.own_shipments(ids, seller_id=seller.id, user_id=current_user.id)
    size = _label_size()
    return render_template("orders/label.html", labels=[_label_data(s) for s in subs], size=size,
                           back=url_for("seller_orders.queue"),
                           switch_url=url_for("seller_orders.labels", id=[s.id for s in subs], size=_other(size)))


@bp.route("/book-many", methods=["POST"])
@role_required(Role.SELLER)
def book_many():
    """"Book selected" on the queue: each ticked sub-order booked with its listings' parcel."""
    seller = current_seller()
    form = BulkBookForm()
    if not form.validate_on_submit():
        return redirect(url_for("seller_orders.queue"))
    raw = form.suborder_id.data or []
    if not raw:
        flash(_("Tick the orders to book first."), "error")
        return redirect(url_for("seller_orders.queue", status=Status.ACCEPTED.value))
    if len(raw) > BULK_LIMIT:
        flash(_("Book at most %(count)s orders at a time.", count=BULK_LIMIT), "error")
        return redirect(url_for("seller_orders.queue", status=Status.ACCEPTED.value))
    if not courier_booking_enabled():
        flash(_("Booking several orders at once needs a courier service, and none is set up. "
                "Open each order and enter the carrier and tracking number of the parcel you sent."), "error")
        return redirect(url_for("seller_orders.queue", status=Status.ACCEPTED.value))
    ids = [parse_id(v) or 0 for v in raw]
    outcomes = batch.book_many(ids, seller_id=seller.id, user_id=current_user.id, carrier=carrier_for())
    booked = [o for o in outcomes if o.shipment is not None]
    return render_template("orders/book_many.html", outcomes=outcomes, booked=booked,
                           booked_ids=[o.suborder_id for o in booked])


@bp.route("/<int:suborder_id>/deliver", methods=["POST"])
@role_required(Role.SELLER)
def deliver(suborder_id):
    if not ActionForm().validate_on_submit():
        return redirect(url_for("seller_orders.detail", suborder_id=suborder_id))
    return _move(suborder_id, Status.DELIVERED)


@bp.route("/<int:suborder_id>/cancel", methods=["POST"])
@role_required(Role.SELLER)
def cancel(suborder_id):
    form = CancelForm()
    if not form.validate_on_submit():
        flash(_("Give a reason for cancelling the order."), "error")
        return redirect(url_for("seller_orders.detail", suborder_id=suborder_id))
    return _move(suborder_id, Status.CANCELLED, reason=form.reason.data)


@bp.route("/<int:suborder_id>/packing-slip")
@role_required(Role.SELLER)
def packing_slip(suborder_id):
    _, sub = _suborder(suborder_id)
    return render_template("orders/packing_slip.html", sub=sub, order=sub.order)


@bp.route("/<int:suborder_id>/invoice")
@role_required(Role.SELLER)
def invoice(suborder_id):
    _, sub = _suborder(suborder_id)
    return render_template("orders/invoice.html", sub=sub, order=sub.order, invoice=documents.invoice_of(sub),
                           issuer=documents.seller_of(sub))


# --------------------------------------------------------------------------- statement (issue #14.3)

def _statement_of_request():
    seller = current_seller()
    try:
        period = statement_service.parse_period(request.args.get("month"), request.args.get("fy"))
    except statement_service.BadPeriod:
        abort(400)
    return seller, statement_service.statement(seller.id, period)


@bp.route("/statement")
@role_required(Role.SELLER)
def statement():
    seller, found = _statement_of_request()
    fy_now = statement_service.current_fy()
    return render_template("orders/seller_statement.html", seller=seller, st=found, now=ledger.seller_balance(seller.id),
                           years=[(fy, financial_year_label(fy)) for fy in range(fy_now, fy_now - 5, -1)],
                           args={k: request.args[k] for k in ("month", "fy") if request.args.get(k)},
                           payout_label=lambda s: str(payouts.PAYOUT_LINE_LABELS.get(s, s)))


@bp.route("/statement.csv")
@role_required(Role.SELLER)
def statement_csv():
    seller, found = _statement_of_request()
    header = [_("Date"), _("Entry"), _("Order"), _("Reference"), _("Amount (₹)"), _("Balance (₹)")]
    rows = [[date_filter(found.period.start), _("Opening balance"), "", "", "",
             payouts.rupees(found.opening_paise)]]
    rows += [[datetime_filter(line.at), line.label, line.order_number, line.reference,
              payouts.rupees(line.amount_paise), payouts.rupees(line.balance_paise)] for line in found.lines]
    rows.append([date_filter(found.period.end - dt.timedelta(seconds=1)), _("Closing balance"), "", "", "",
                 payouts.rupees(found.closing_paise)])
    rows += [[datetime_filter(line.at), line.label, line.order_number, line.reference,
              payouts.rupees(line.amount_paise), ""] for line in found.dbt_memo]
    data = write_csv(header, rows).encode("utf-8")
    return Response(data, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="odop-statement-{seller.id}-{found.period.key}.csv"',
        "Content-Type": "text/csv; charset=utf-8"})
