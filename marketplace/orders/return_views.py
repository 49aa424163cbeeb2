"""Return pages of buyers and sellers (issue #19.2), and the return photos. Thin: parse a form,
call one service of ``returns.py``, redirect to the order page (whose return timeline,
``orders/_return_timeline.html``, shows every return and the actions the reader may take)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace import storage
from marketplace.accounts.decorators import role_required
from marketplace.accounts.models import Role
from marketplace.errors import DomainError, flash_error
from marketplace.storage.serving import send_stored

from . import checkout as checkout_service
from . import payments
from . import returns as service
from .forms import ActionForm
from .return_forms import ReturnAnswerForm, ReturnPaidForm, ReturnReceiveForm, ReturnRequestForm, ReturnShipForm
from .return_states import (
    CONDITIONS,
    RETURN_REASONS,
    actor_label,
    next_states,
    state_label,
)
from .seller_views import current_seller

bp = Blueprint("order_returns", __name__, template_folder="templates")


@bp.app_context_processor
def return_helpers():
    """What ``orders/_return_timeline.html`` needs on the buyer's and the seller's order pages."""
    return {
        "returns_of": service.returns_of_suborder,
        "returnable_lines": service.returnable_lines,
        "return_state_label": state_label,
        "return_actor_label": actor_label,
        "return_reason_label": lambda code: str(RETURN_REASONS.get(code, code)),
        "return_condition_label": lambda code: str(CONDITIONS.get(code, code or "")),
        "return_note": service.notes_for_reader,
        "return_moves": lambda ret, role: [s.value for s in next_states(ret.state, role)],
        "return_forms": lambda: {"ship": ReturnShipForm(formdata=None), "answer": ReturnAnswerForm(formdata=None),
                                 "receive": ReturnReceiveForm(formdata=None), "paid": ReturnPaidForm(formdata=None)},
    }


def _put_error(form, exc: DomainError) -> None:
    """A refusal on the field it belongs to (``ReturnError.field``), else as a flash."""
    target = getattr(form, getattr(exc, "field", None) or "", None)
    if target is not None and hasattr(target, "errors"):
        target.errors = [*list(target.errors or []), str(exc.message)]
    else:
        flash_error(exc)


def _uploads(field: str = "photos") -> list[bytes]:
    """The uploaded files' bytes (at most a byte over the limit read of each: the service refuses it)."""
    return [f.read(service.MAX_PHOTO_BYTES + 1) for f in request.files.getlist(field)[:service.MAX_PHOTOS + 1]
            if f and f.filename]


def _request_page(order, form, line=None, problem=None, status=200):
    return render_template("orders/return_new.html", order=order, form=form, item=line, problem=problem,
                           cod=order.payment_method == "cod"), status


@bp.route("/orders/<int:order_id>/returns/new")
@role_required(Role.BUYER)
def new_return(order_id):
    order = checkout_service.order_for_buyer(current_user.id, order_id)
    form = ReturnRequestForm(formdata=None, line_id=request.args.get("line", "")[:20])
    try:
        item = service.line_to_return(order.id, request.args.get("line"), buyer_id=current_user.id)
    except service.ReturnNotFound:
        raise
    except DomainError as exc:
        return _request_page(order, form, problem=str(exc.message), status=400)
    return _request_page(order, form, item)


@bp.route("/orders/<int:order_id>/returns", methods=["POST"])
@role_required(Role.BUYER)
def create_return(order_id):
    order = checkout_service.order_for_buyer(current_user.id, order_id)
    form = ReturnRequestForm()
    if not form.validate_on_submit():
        return _request_page(order, form, problem=_("The form expired; please try again."), status=400)
    try:
        ret = service.request_return(order.id, form.line_id.data, buyer_id=current_user.id,
                                     quantity=form.quantity.data, reason=form.reason.data, details=form.details.data,
                                     photos=_uploads(), refund_upi=form.refund_upi.data,
                                     refund_account=form.refund_account.data, refund_ifsc=form.refund_ifsc.data)
    except service.ReturnNotFound:
        raise
    except DomainError as exc:
        _put_error(form, exc)
        item = None
        try:
            item = service.line_to_return(order.id, form.line_id.data, buyer_id=current_user.id)
        except DomainError as again:
            return _request_page(order, form, problem=str(again.message), status=400)
        return _request_page(order, form, item, status=400)
    flash(_("Return %(number)s is asked for. The seller answers within %(days)s days.",
            number=ret.number, days=service.answer_days()), "success")
    return redirect(url_for("orders.detail", order_id=order.id, _anchor=f"return-{ret.id}"))


def _buyers_return(order_id, return_id):
    order = checkout_service.order_for_buyer(current_user.id, order_id)
    ret = service.return_for(current_user, return_id)
    if ret.suborder.order_id != order.id:
        raise service.ReturnNotFound()
    return order, ret


def _done(back: str, action, success: str):
    try:
        action()
    except service.ReturnNotFound:
        raise
    except DomainError as exc:
        flash_error(exc)
    else:
        flash(success, "success")
    return redirect(back)


@bp.route("/orders/<int:order_id>/returns/<int:return_id>/withdraw", methods=["POST"])
@role_required(Role.BUYER)
def withdraw_return(order_id, return_id):
    order, ret = _buyers_return(order_id, return_id)
    back = url_for("orders.detail", order_id=order.id, _anchor=f"return-{ret.id}")
    if not ActionForm().validate_on_submit():
        return redirect(back)
    return _done(back, lambda: service.withdraw(ret.id, buyer_id=current_user.id), _("The return is withdrawn."))


@bp.route("/orders/<int:order_id>/returns/<int:return_id>/ship", methods=["POST"])
@role_required(Role.BUYER)
def buyer_ship_back(order_id, return_id):
    order, ret = _buyers_return(order_id, return_id)
    back = url_for("orders.detail", order_id=order.id, _anchor=f"return-{ret.id}")
    form = ReturnShipForm()
    if not form.validate_on_submit():
        return redirect(back)
    return _done(back, lambda: service.mark_shipped_back(ret.id, user_id=current_user.id, buyer_id=current_user.id,
                                                         carrier=form.carrier.data, tracking=form.tracking.data),
                 _("The tracking number is saved. The seller is told."))


def _sellers_return(return_id):
    seller = current_seller()
    ret = service.return_for(current_user, return_id)
    return seller, ret, url_for("seller_orders.detail", suborder_id=ret.suborder_id, _anchor=f"return-{ret.id}")


@bp.route("/seller/orders/returns/<int:return_id>/answer", methods=["POST"])
@role_required(Role.SELLER)
def seller_answer(return_id):
    seller, ret, back = _sellers_return(return_id)
    form = ReturnAnswerForm()
    if not form.validate_on_submit():
        return redirect(back)
    if form.decision.data not in ("accept", "refuse"):
        flash(_("Choose to accept or to refuse the return."), "error")
        return redirect(back)
    accept = form.decision.data == "accept"
    return _done(back, lambda: service.seller_answer(ret.id, seller_id=seller.id, user_id=current_user.id,
                                                     accept=accept, reason=form.note.data),
                 _("The return is accepted.") if accept else _("The return is refused."))


@bp.route("/seller/orders/returns/<int:return_id>/ship", methods=["POST"])
@role_required(Role.SELLER)
def seller_ship_back(return_id):
    seller, ret, back = _sellers_return(return_id)
    form = ReturnShipForm()
    if not form.validate_on_submit():
        return redirect(back)
    return _done(back, lambda: service.mark_shipped_back(ret.id, user_id=current_user.id, seller_id=seller.id,
                                                         carrier=form.carrier.data, tracking=form.tracking.data),
                 _("The tracking number is saved. The buyer is told."))


@bp.route("/seller/orders/returns/<int:return_id>/received", methods=["POST"])
@role_required(Role.SELLER)
def seller_received(return_id):
    seller, ret, back = _sellers_return(return_id)
    form = ReturnReceiveForm()
    if not form.validate_on_submit():
        return redirect(back)
    return _done(back, lambda: service.mark_received(ret.id, user=current_user, condition=form.condition.data,
                                                     gateway=payments.gateway_from_config()),
                 _("The item is marked received."))


@bp.route("/returns/photos/<int:photo_id>")
@role_required(Role.BUYER, Role.SELLER, Role.ORGANISER, Role.ADMIN)
def photo(photo_id):
    """A return photo, to its buyer, the shipment's seller and the officers of the seller's
    district only (404 for anybody else), never cached by a proxy."""
    key, mimetype = service.photo_for(current_user, photo_id)
    return send_stored(storage.proofs(), key, cache_control=storage.PRIVATE_NO_STORE, mimetype=mimetype)

