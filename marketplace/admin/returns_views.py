"""The returns desk (``/admin/returns``, issue #19.2): DIC officers and the ODOP cell see the
returns of their districts; an officer decides a return the seller did not answer in time
(escalated); the ODOP cell marks an item received when the seller cannot, retries a card
refund that failed, and records a cash-on-delivery refund it paid by UPI or bank transfer.
Thin: the rules are in ``orders.returns``."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.admin.scope import district_ids_in_view
from marketplace.admin.views import _int_arg, bp, cell_only, staff_only
from marketplace.errors import DomainError, flash_error
from marketplace.money import format_paise
from marketplace.i18n import current_lang
from marketplace.orders import payments
from marketplace.orders import returns as service
from marketplace.orders.return_forms import ReturnAnswerForm, ReturnPaidForm, ReturnReceiveForm
from marketplace.orders.return_states import (
    CONDITIONS,
    RETURN_REASONS,
    RETURN_STATE_LABELS,
    ReturnActor,
    ReturnState,
    actor_label,
    next_states,
    state_label,
)


def _page(ret, *, answer=None, receive=None, paid=None, status=200):
    actor = ReturnActor.ADMIN if current_user.role == "admin" else ReturnActor.OFFICER
    return render_template(
        "admin/return_detail.html", ret=ret, sub=ret.suborder, moves=[s.value for s in next_states(ret.state, actor)],
        answer_form=answer or ReturnAnswerForm(formdata=None), receive_form=receive or ReturnReceiveForm(formdata=None),
        paid_form=paid or ReturnPaidForm(formdata=None), state_label=state_label, actor_label=actor_label,
        reasons=RETURN_REASONS, conditions=CONDITIONS, note=service.notes_for_reader,
        card_enabled=payments.gateway_from_config() is not None), status


@bp.get("/returns")
@staff_only
def returns():
    state = request.args.get("state") or None
    if state not in {s.value for s in ReturnState}:
        state = None
    district = _int_arg("district")
    rets = service.returns_for_officer(current_user, state, district_ids_in_view(current_user, district))
    return render_template("admin/returns.html", rets=rets, state=state, states=RETURN_STATE_LABELS,
                           state_label=state_label, district=district)


@bp.get("/returns/<int:return_id>")
@staff_only
def return_detail(return_id: int):
    return _page(service.return_for(current_user, return_id))


def _back(ret):
    return redirect(url_for("admin.return_detail", return_id=ret.id))


@bp.post("/returns/<int:return_id>/decide")
@staff_only
def return_decide(return_id: int):
    ret = service.return_for(current_user, return_id)
    form = ReturnAnswerForm()
    if not form.validate_on_submit() or form.decision.data not in ("accept", "refuse"):
        form.decision.errors = [_("Choose to accept or to refuse the return.")]
        return _page(ret, answer=form, status=400)
    try:
        service.officer_decide(ret.id, user=current_user, accept=form.decision.data == "accept", reason=form.note.data)
    except service.ReturnNotFound:
        raise
    except DomainError as exc:
        form.note.errors = [str(exc.message)]
        return _page(service.return_for(current_user, return_id), answer=form, status=400)
    flash(_("The return is now: %(state)s.", state=state_label(ret.state)), "success")
    return _back(ret)


@bp.post("/returns/<int:return_id>/received")
@cell_only
def return_received(return_id: int):
    ret = service.return_for(current_user, return_id)
    form = ReturnReceiveForm()
    if not form.validate_on_submit():
        return _page(ret, receive=form, status=400)
    try:
        service.mark_received(ret.id, user=current_user, condition=form.condition.data,
                              gateway=payments.gateway_from_config())
    except service.ReturnNotFound:
        raise
    except DomainError as exc:
        form.condition.errors = [str(exc.message)]
        return _page(service.return_for(current_user, return_id), receive=form, status=400)
    flash(_("The item is marked received."), "success")
    return _back(ret)


@bp.post("/returns/<int:return_id>/refund")
@cell_only
def return_refund(return_id: int):
    ret = service.return_for(current_user, return_id)
    if not ReturnPaidForm().validate_on_submit():
        return _back(ret)
    try:
        amount = service.refund_return(ret.id, payments.gateway_from_config(), actor=ReturnActor.ADMIN,
                                       actor_id=current_user.id)
    except service.ReturnNotFound:
        raise
    except DomainError as exc:
        flash_error(exc)
    else:
        flash(_("%(amount)s refunded to the card.", amount=format_paise(amount, current_lang())), "success")
    return _back(ret)


@bp.post("/returns/<int:return_id>/paid")
@cell_only
def return_paid(return_id: int):
    ret = service.return_for(current_user, return_id)
    form = ReturnPaidForm()
    if not form.validate_on_submit():
        return _page(ret, paid=form, status=400)
    try:
        amount = service.mark_cod_refund_paid(ret.id, user=current_user, reference=form.reference.data)
    except service.ReturnNotFound:
        raise
    except DomainError as exc:
        form.reference.errors = [str(exc.message)]
        return _page(service.return_for(current_user, return_id), paid=form, status=400)
    flash(_("The refund of %(amount)s is recorded as paid.", amount=format_paise(amount, current_lang())), "success")
    return _back(ret)
