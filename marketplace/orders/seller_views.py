"""Seller pages: the order queue, one sub-order with its actions, packing slip, tax invoice."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from marketplace.accounts.decorators import role_required
from marketplace.accounts.models import Role
from marketplace.catalog.models import Seller
from marketplace.errors import DomainError, flash_error
from marketplace.extensions import db

from . import cancellation, documents, fulfilment, payments
from .errors import OrderNotFound
from .forms import ActionForm, CancelForm, ShipForm
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
                           suborders=fulfilment.seller_queue(seller.id, status), Status=Status)


@bp.route("/<int:suborder_id>")
@role_required(Role.SELLER)
def detail(suborder_id):
    seller, sub = _suborder(suborder_id)
    return render_template("orders/seller_detail.html", sub=sub, order=sub.order,
                           moves=next_statuses(sub.status, Actor.SELLER), action_form=ActionForm(),
                           ship_form=ShipForm(), cancel_form=CancelForm(), Status=Status)


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


@bp.route("/<int:suborder_id>/ship", methods=["POST"])
@role_required(Role.SELLER)
def ship(suborder_id):
    form = ShipForm()
    if not form.validate_on_submit():
        flash(_("Enter the carrier and the tracking number to mark the order shipped."), "error")
        return redirect(url_for("seller_orders.detail", suborder_id=suborder_id))
    return _move(suborder_id, Status.SHIPPED, carrier=form.carrier.data, tracking_number=form.tracking_number.data)


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
