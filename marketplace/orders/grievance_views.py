"""Complaint pages of the buyer (``/complaints``, a new one from an order) and of the seller
(``/seller/complaints``). Thin: parse a form, call one function of ``grievances.py``, render."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.decorators import role_required
from marketplace.accounts.models import Role
from marketplace.database import utcnow
from marketplace.errors import DomainError
from marketplace.i18n import datetime_filter, loc
from marketplace.params import parse_id

from . import checkout as checkout_service
from . import grievances
from .grievance_forms import ComplaintForm, ComplaintMessageForm, WithdrawComplaintForm
from .grievance_states import (
    ACTION_LABELS,
    CATEGORY_LABELS,
    LEVEL_LABELS,
    OUTCOME_LABELS,
    PARTY_LABELS,
    STAGE_LABELS,
    TICKET_STATUS_LABELS,
    label,
)

bp = Blueprint("grievances", __name__, template_folder="templates")


@bp.app_context_processor
def grievance_helpers():
    """What the complaint pages and the order pages' complaint timeline use."""
    return {
        "grievance_label": lambda kind, code: label(_TABLES[kind], code),
        "grievance_tickets_of": grievances.tickets_of_suborder,
        "grievance_breach": grievances.breach_of,
        "grievance_overdue": grievances.is_overdue,
    }


_TABLES = {"category": CATEGORY_LABELS, "level": LEVEL_LABELS, "status": TICKET_STATUS_LABELS,
           "stage": STAGE_LABELS, "outcome": OUTCOME_LABELS, "party": PARTY_LABELS, "action": ACTION_LABELS}


def _form_error(form, exc: DomainError) -> None:
    """Put a refusal next to the field it is about (the text field when none fits)."""
    field = {"grievance_category": "category", "grievance_subject": "subject",
             "grievance_suborder": "suborder_id"}.get(exc.code, "text")
    target = getattr(form, field, None) or form.text
    target.errors = [*target.errors, str(exc.message)]


def posted(form: ComplaintMessageForm, ticket_id: int, user) -> bool:
    """Post the message of a submitted, valid ``form`` to the ticket as ``user``; a refusal is
    put on the form's text field. True when it was sent (the buyer's, seller's and officer's
    reply views share it)."""
    if not form.validate_on_submit():
        return False
    try:
        grievances.post_message(ticket_id, user, form.text.data)
    except DomainError as exc:
        form.text.errors = [*form.text.errors, str(exc.message)]
        return False
    return True


# --------------------------------------------------------------------------- the buyer
@bp.route("/complaints")
@role_required(Role.BUYER)
def mine():
    return render_template("orders/complaints_mine.html", tickets=grievances.tickets_of_buyer(current_user.id),
                           orders=checkout_service.orders_of_buyer(current_user.id)[:20])


def _complaint_form(order, form):
    form.suborder_id.choices = [(str(s.id), _("%(seller)s — %(number)s", seller=loc(s.seller, "enterprise_name"),
                                              number=s.number)) for s in order.suborders]
    if len(order.suborders) == 1 and not form.suborder_id.data:
        form.suborder_id.data = str(order.suborders[0].id)
    return form


@bp.route("/orders/<int:order_id>/complaint", methods=["GET"])
@role_required(Role.BUYER)
def new(order_id):
    order = checkout_service.order_for_buyer(current_user.id, order_id)
    form = _complaint_form(order, ComplaintForm(formdata=None))
    wanted = parse_id(request.args.get("suborder"))
    if any(s.id == wanted for s in order.suborders):
        form.suborder_id.data = str(wanted)
    return render_template("orders/complaint_new.html", order=order, form=form)


@bp.route("/orders/<int:order_id>/complaint", methods=["POST"])
@role_required(Role.BUYER)
def create(order_id):
    order = checkout_service.order_for_buyer(current_user.id, order_id)
    form = _complaint_form(order, ComplaintForm())
    if form.validate_on_submit():
        sub_ids = {str(s.id): s.id for s in order.suborders}
        if form.suborder_id.data not in sub_ids:
            form.suborder_id.errors = [str(grievances.ChooseSuborder().message)]
        else:
            try:
                ticket = grievances.open_ticket(current_user.id, order.id, category=form.category.data,
                                                subject=form.subject.data, text=form.text.data,
                                                suborder_id=sub_ids[form.suborder_id.data])
            except DomainError as exc:
                _form_error(form, exc)
            else:
                flash(_("Your complaint %(number)s is registered. It will be resolved by %(when)s.",
                        number=ticket.number, when=datetime_filter(ticket.resolve_due_at)), "success")
                return redirect(url_for("grievances.thread", ticket_id=ticket.id))
    return render_template("orders/complaint_new.html", order=order, form=form), 400


def _thread_page(ticket, party: str, *, form=None, withdraw_form=None, status=200):
    return render_template("orders/complaint_thread.html", ticket=ticket, party=party,
                           form=form or ComplaintMessageForm(formdata=None),
                           withdraw_form=withdraw_form or WithdrawComplaintForm(formdata=None), now=utcnow()), status


@bp.route("/complaints/<int:ticket_id>")
@role_required(Role.BUYER)
def thread(ticket_id):
    return _thread_page(grievances.ticket_for_buyer(current_user.id, ticket_id), "buyer")


@bp.route("/complaints/<int:ticket_id>/reply", methods=["POST"])
@role_required(Role.BUYER)
def reply(ticket_id):
    ticket = grievances.ticket_for_buyer(current_user.id, ticket_id)
    form = ComplaintMessageForm()
    if posted(form, ticket.id, current_user):
        flash(_("Your message is sent."), "success")
        return redirect(url_for("grievances.thread", ticket_id=ticket.id))
    return _thread_page(grievances.ticket_for_buyer(current_user.id, ticket_id), "buyer", form=form, status=400)


@bp.route("/complaints/<int:ticket_id>/withdraw", methods=["POST"])
@role_required(Role.BUYER)
def withdraw(ticket_id):
    ticket = grievances.ticket_for_buyer(current_user.id, ticket_id)
    form = WithdrawComplaintForm()
    if form.validate_on_submit():
        try:
            grievances.withdraw(ticket.id, current_user.id, form.note.data or "")
        except DomainError as exc:
            form.note.errors = [*form.note.errors, str(exc.message)]
        else:
            flash(_("Your complaint %(number)s is closed.", number=ticket.number), "success")
            return redirect(url_for("grievances.thread", ticket_id=ticket.id))
    return _thread_page(grievances.ticket_for_buyer(current_user.id, ticket_id), "buyer", withdraw_form=form,
                        status=400)


# --------------------------------------------------------------------------- the seller
@bp.route("/seller/complaints")
@role_required(Role.SELLER)
def seller_list():
    return render_template("orders/complaints_seller.html", tickets=grievances.tickets_of_seller(current_user.id),
                           now=utcnow())


@bp.route("/seller/complaints/<int:ticket_id>")
@role_required(Role.SELLER)
def seller_thread(ticket_id):
    return _thread_page(grievances.ticket_for_seller(current_user.id, ticket_id), "seller")


@bp.route("/seller/complaints/<int:ticket_id>/reply", methods=["POST"])
@role_required(Role.SELLER)
def seller_reply(ticket_id):
    ticket = grievances.ticket_for_seller(current_user.id, ticket_id)
    form = ComplaintMessageForm()
    if posted(form, ticket.id, current_user):
        flash(_("Your answer is sent to the buyer."), "success")
        return redirect(url_for("grievances.seller_thread", ticket_id=ticket.id))
    return _thread_page(grievances.ticket_for_seller(current_user.id, ticket_id), "seller", form=form, status=400)
