"""The order desk pages (``/admin/orders``): find a shipment, see its money, refund a card
payment (ODOP cell only). Thin: the rules are in ``admin.order_desk``."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.admin import order_desk
from marketplace.admin.forms import RefundForm
from marketplace.admin.scope import visible_districts
from marketplace.admin.views import _int_arg, bp, cell_only, staff_only
from marketplace.errors import DomainError
from marketplace.money import InvalidAmount, format_paise, rupees_to_paise
from marketplace.i18n import current_lang
from marketplace.orders import payments
from marketplace.orders.states import STATUS_LABELS
from marketplace.params import page_number

FILTER_ARGS = ("q", "status", "district", "due")


def _filters() -> order_desk.OrderFilter:
    return order_desk.OrderFilter(text=(request.args.get("q") or "")[:120], status=request.args.get("status") or None,
                                  district_id=_int_arg("district"), refunds_due=request.args.get("due") == "1")


@bp.get("/orders")
@staff_only
def orders():
    filters = _filters()
    page = order_desk.suborders_page(current_user, filters, page_number(request.args.get("page")))
    return render_template("admin/orders.html", page=page, filters=filters, status_labels=STATUS_LABELS,
                           refunds_due=order_desk.refunds_due_count(current_user),
                           districts=visible_districts(current_user),
                           args={k: request.args[k] for k in FILTER_ARGS if request.args.get(k)})


def _detail(sub, form: RefundForm, status: int = 200):
    gateway = payments.gateway_from_config()
    return render_template("admin/order_detail.html", sub=sub, state=order_desk.refund_state(sub), form=form,
                           status_labels=STATUS_LABELS, card_enabled=gateway is not None), status


@bp.get("/orders/<int:suborder_id>")
@staff_only
def order_detail(suborder_id: int):
    return _detail(order_desk.suborder_for_staff(current_user, suborder_id), RefundForm())


@bp.post("/orders/<int:suborder_id>/refund")
@cell_only
def order_refund(suborder_id: int):
    sub = order_desk.suborder_for_staff(current_user, suborder_id)
    form = RefundForm()
    if form.validate_on_submit():
        try:
            amount = None if form.amount.data is None else rupees_to_paise(form.amount.data)
            refunded = order_desk.refund(current_user, sub.id, amount, form.reason.data,
                                         payments.gateway_from_config(), reference=form.reference.data or "")
        except InvalidAmount:
            form.amount.errors.append(_("Amounts are in rupees with at most two decimals."))
        except DomainError as exc:
            form.amount.errors.append(str(exc.message))
        else:
            flash(_("%(amount)s refunded for shipment %(number)s. The buyer has been told.",
                    amount=format_paise(refunded, current_lang()), number=sub.number), "success")
            return redirect(url_for("admin.order_detail", suborder_id=sub.id))
    return _detail(order_desk.suborder_for_staff(current_user, suborder_id), form, 400)
