"""The officers' complaint queue on the order desk (``/admin/orders/complaints``): the tickets of
the officer's districts (the ODOP cell: all), those past their deadline first; a ticket's thread,
an answer, and the resolution. Thin: the rules are in ``orders.grievances``."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.admin import audit
from marketplace.admin.scope import district_ids_in_view, visible_districts
from marketplace.admin.views import _int_arg, bp, staff_only
from marketplace.database import utcnow
from marketplace.errors import DomainError
from marketplace.orders import grievances
from marketplace.orders.grievance_forms import ComplaintMessageForm, ResolveComplaintForm
from marketplace.orders.grievance_states import LEVEL_LABELS, TICKET_STATUS_LABELS, Level, Party, Stage, TicketStatus, may_move
from marketplace.orders.grievance_views import posted


def _choice(name: str, allowed: set[str], default: str | None = None) -> str | None:
    value = request.args.get(name, default if name not in request.args else "")
    return value if value in allowed else None


@bp.get("/orders/complaints")
@staff_only
def order_complaints():
    district = _int_arg("district")
    level = _choice("level", {lv.value for lv in Level})
    status = _choice("status", {s.value for s in TicketStatus}, TicketStatus.OPEN.value)
    filters = grievances.QueueFilter(frozenset(district_ids_in_view(current_user, district)), level, status)
    now = utcnow()
    return render_template("admin/complaints.html", tickets=grievances.officer_queue(filters, now), now=now,
                           district=district, level=level, status=status, districts=visible_districts(current_user),
                           level_labels=LEVEL_LABELS, status_labels=TICKET_STATUS_LABELS)


def _page(ticket, *, form=None, resolve_form=None, status=200):
    party = grievances.party_of(ticket, current_user)
    can_resolve = ticket.is_open and may_move(grievances.stage_of(ticket), Stage.RESOLVED, party)
    return render_template("admin/complaint.html", ticket=ticket, now=utcnow(), can_resolve=can_resolve,
                           form=form or ComplaintMessageForm(formdata=None),
                           resolve_form=resolve_form or ResolveComplaintForm(formdata=None),
                           is_cell=party == Party.CELL), status


@bp.get("/orders/complaints/<int:ticket_id>")
@staff_only
def order_complaint(ticket_id: int):
    return _page(grievances.ticket_for_officer(current_user, ticket_id))


@bp.post("/orders/complaints/<int:ticket_id>/reply")
@staff_only
def order_complaint_reply(ticket_id: int):
    ticket = grievances.ticket_for_officer(current_user, ticket_id)
    form = ComplaintMessageForm()
    if posted(form, ticket.id, current_user):
        flash(_("Your message is sent to the buyer and the seller."), "success")
        return redirect(url_for("admin.order_complaint", ticket_id=ticket.id))
    return _page(grievances.ticket_for_officer(current_user, ticket_id), form=form, status=400)


def _audit_resolution(ticket, stage_before) -> None:
    """The audit entry of an officer's resolution, in the resolution's transaction."""
    audit.record(current_user, "complaint.resolve", ticket, district_id=ticket.district_id,
                 before={"stage": stage_before.value, "outcome": None},
                 after={"stage": "resolved", "outcome": ticket.outcome, "note": ticket.outcome_note},
                 summary=ticket.number)


@bp.post("/orders/complaints/<int:ticket_id>/resolve")
@staff_only
def order_complaint_resolve(ticket_id: int):
    ticket = grievances.ticket_for_officer(current_user, ticket_id)
    form = ResolveComplaintForm()
    if form.validate_on_submit():
        try:
            grievances.resolve(ticket.id, current_user, form.outcome.data, form.note.data or "",
                               before_commit=_audit_resolution)
        except DomainError as exc:
            target = form.outcome if exc.code == grievances.UnknownOutcome.code else form.note
            target.errors = [*target.errors, str(exc.message)]
        else:
            flash(_("Complaint %(number)s is resolved. The buyer and the seller have been told.",
                    number=ticket.number), "success")
            return redirect(url_for("admin.order_complaint", ticket_id=ticket.id))
    return _page(grievances.ticket_for_officer(current_user, ticket_id), resolve_form=form, status=400)


@bp.context_processor
def complaint_counts():
    """``open_complaints()``: (open, past their deadline) in the officer's districts, for the
    order desk's Complaints tab."""
    return {"open_complaints": lambda: grievances.open_counts(district_ids_in_view(current_user))}
