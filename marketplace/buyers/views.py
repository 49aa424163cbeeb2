"""Meets for participants and the public: meet pages, registration, recommendations, requests,
own schedule, outcomes, buyer profile, leads and enquiries. Organiser pages are in organiser_views.
Views parse the form and call one service function."""
from __future__ import annotations

import segno
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from marketplace.accounts.decorators import public, role_required
from marketplace.accounts.models import Role
from marketplace.buyers import meets, profiles, quotes, timetable
from marketplace.buyers.forms import (EmptyForm, EnquiryForm, LeadStageForm, OutcomeForm,
                                      ProfileForm, QuoteForm, RegisterForm, RequestForm)
from marketplace.buyers.matching import match_summary, reason_text
from marketplace.buyers.models import ParticipantRole
from marketplace.catalog.models import Category, District, Listing, ListingStatus, Seller
from marketplace.errors import DomainError, NotFound, flash_error
from marketplace.extensions import db
from marketplace.i18n import loc
from marketplace.money import InvalidAmount, rupees_to_paise
from marketplace.orders.quote_states import quote_status_label

bp = Blueprint("buyers", __name__, url_prefix="/meets", template_folder="templates")
PARTICIPANTS = (Role.BUYER, Role.SELLER)


def qr_svg(data: str) -> str:
    """An inline SVG QR code (segno), sized for an A4 sheet."""
    return segno.make(data, error="m").svg_inline(scale=4, dark="#000", light="#fff")


def checkin_url(reg) -> str:
    return url_for("organiser.checkin", samagam_id=reg.samagam_id, code=reg.checkin_code,
                   _external=True)


STATUS_LABELS = {
    "pending": _l("waiting for an answer"), "accepted": _l("accepted"),
    "declined": _l("declined"), "expired": _l("expired"), "cancelled": _l("cancelled"),
}
STAGE_LABELS = {
    "new": _l("New"), "contacted": _l("Contacted"), "negotiating": _l("Negotiating"),
    "won": _l("Won"), "lost": _l("Lost"),
}
SOURCE_LABELS = {"score": _l("Match score"), "enquiry": _l("Enquiry"),
                 "request": _l("Meeting request")}
MEET_STATUS_LABELS = {"draft": _l("Draft"), "open": _l("Open for registration"),
                      "published": _l("Timetable published"), "past": _l("Held")}


@bp.app_context_processor
def _helpers():
    return {"slot_label": meets.slot_label, "meeting_started": meets.meeting_started, "reason_text": reason_text,
            "match_summary": match_summary,
            "request_status_label": lambda s: str(STATUS_LABELS.get(s, s)),
            "stage_label": lambda s: str(STAGE_LABELS.get(s, s)),
            "source_label": lambda s: str(SOURCE_LABELS.get(s, s)),
            "quote_status_label": quote_status_label,
            "meet_status_label": lambda s: str(MEET_STATUS_LABELS.get(s, s))}


# ------------------------------------------------------------------------------- public


@bp.get("/")
@public
def index():
    upcoming, past = meets.public_samagams()
    return render_template("buyers/index.html", upcoming=upcoming, past=past)


@bp.get("/<int:samagam_id>")
@public
def detail(samagam_id: int):
    samagam = meets.public_samagam(samagam_id)
    regs = meets.registrations(samagam)
    mine = (meets.own_registration(current_user, samagam.id)
            if current_user.is_authenticated else None)
    return render_template("buyers/detail.html", samagam=samagam,
                           buyers=[r for r in regs if r.role == ParticipantRole.BUYER],
                           sellers=[r for r in regs if r.role == ParticipantRole.SELLER],
                           mine=mine, open=meets.registration_open(samagam))


# ------------------------------------------------------------------------------- participants


@bp.route("/<int:samagam_id>/register", methods=["GET", "POST"])
@role_required(*PARTICIPANTS)
def register(samagam_id: int):
    samagam = meets.public_samagam(samagam_id)
    form = RegisterForm()
    seller = db.session.scalar(select(Seller).where(Seller.user_id == current_user.id))
    form.listing_ids.choices = [] if seller is None else [
        (l.id, loc(l, "title")) for l in db.session.scalars(select(Listing).where(
            Listing.seller_id == seller.id, Listing.status == ListingStatus.PUBLISHED))]
    if form.validate_on_submit():
        try:
            meets.register(samagam.id, current_user, listing_ids=form.listing_ids.data or [],
                           capacity=form.capacity.data, unavailable=form.unavailable.data or "")
        except DomainError as exc:
            flash_error(exc)
        else:
            flash(_("You are registered. We will suggest whom to meet."), "success")
            return redirect(url_for("buyers.my_meet", samagam_id=samagam.id))
    return render_template("buyers/register.html", samagam=samagam, form=form, seller=seller)


@bp.get("/<int:samagam_id>/mine")
@role_required(*PARTICIPANTS)
def my_meet(samagam_id: int):
    reg = meets.own_registration(current_user, samagam_id)
    if reg is None:
        abort(404)
    sent, received = meets.requests_of(reg)
    _s, _r, schedule = timetable.participant_schedule(current_user, samagam_id)
    asked = {r.to_registration_id for r in sent} | {r.from_registration_id for r in received}
    return render_template("buyers/my_meet.html", samagam=reg.samagam, reg=reg,
                           recommendations=meets.recommendations(reg), sent=sent,
                           received=received, schedule=schedule, asked=asked,
                           form=EmptyForm(), request_form=RequestForm(), outcome_form=OutcomeForm())


@bp.post("/<int:samagam_id>/request/<int:registration_id>")
@role_required(*PARTICIPANTS)
def request_meeting(samagam_id: int, registration_id: int):
    form = RequestForm()
    if form.validate_on_submit():
        try:
            meets.request_meeting(current_user, samagam_id, registration_id, form.message.data or "")
        except NotFound:
            raise  # the 404 page, not a message
        except DomainError as exc:
            flash_error(exc)
        else:
            flash(_("Request sent."), "success")
    return redirect(url_for("buyers.my_meet", samagam_id=samagam_id))


@bp.post("/requests/<int:request_id>/accept", defaults={"answer": "accept"})
@bp.post("/requests/<int:request_id>/decline", defaults={"answer": "decline"})
@role_required(*PARTICIPANTS)
def answer_request(request_id: int, answer: str):
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        req = meets.respond_to_request(current_user, request_id, answer == "accept")
    except NotFound:
        raise  # the 404 page, not a message
    except DomainError as exc:
        flash_error(exc)
        return redirect(request.referrer or url_for("buyers.index"))
    flash(_("Request accepted.") if answer == "accept" else _("Request declined."), "success")
    return redirect(url_for("buyers.my_meet", samagam_id=req.samagam_id))


@bp.get("/<int:samagam_id>/mine/print")
@role_required(*PARTICIPANTS)
def my_print(samagam_id: int):
    samagam, reg, schedule = timetable.participant_schedule(current_user, samagam_id)
    return render_template("buyers/print_participant.html", samagam=samagam,
                           sheets=[(reg, schedule, qr_svg(checkin_url(reg)))])


@bp.post("/meetings/<int:meeting_id>/outcome")
@role_required(*PARTICIPANTS)
def outcome(meeting_id: int):
    form = OutcomeForm()
    if not form.validate_on_submit():
        flash(_("Choose how the meeting went."), "error")
        return redirect(request.referrer or url_for("buyers.index"))
    try:
        meeting = timetable.record_outcome(current_user, meeting_id, form.outcome.data,
                                           form.note.data or "")
    except NotFound:
        raise  # the 404 page, not a message
    except DomainError as exc:
        flash_error(exc)
        return redirect(request.referrer or url_for("buyers.index"))
    flash(_("Thank you: the outcome is saved."), "success")
    return redirect(url_for("buyers.my_meet", samagam_id=meeting.samagam_id))


# ------------------------------------------------------------------------------- profile, leads


@bp.route("/profile", methods=["GET", "POST"])
@role_required(Role.BUYER)
def profile():
    current = profiles.get_profile(current_user)
    form = ProfileForm(obj=current if request.method == "GET" else None)
    form.category_ids.choices = [(c.id, loc(c, "name")) for c in
                                 db.session.scalars(select(Category).order_by(Category.name_en))]
    form.district_ids.choices = [(d.id, loc(d, "name")) for d in
                                 db.session.scalars(select(District).order_by(District.name_en))]
    if request.method == "GET" and current is not None:
        form.category_ids.data = [c.id for c in current.categories]
        form.district_ids.data = [d.id for d in current.districts]
        form.languages.data = current.language_codes
        form.budget_min_rupees.data = (current.budget_min_paise / 100
                                       if current.budget_min_paise is not None else None)
        form.budget_max_rupees.data = (current.budget_max_paise / 100
                                       if current.budget_max_paise is not None else None)
    if form.validate_on_submit():
        try:
            profiles.save_profile(current_user, profiles.ProfileInput(
                buyer_type=form.buyer_type.data, organisation=form.organisation.data or "",
                city=form.city.data or "", state=form.state.data or "",
                country=form.country.data or "", category_ids=form.category_ids.data or [],
                district_ids=form.district_ids.data or [],
                monthly_volume_units=form.monthly_volume_units.data,
                budget_min_paise=(rupees_to_paise(form.budget_min_rupees.data)
                                  if form.budget_min_rupees.data is not None else None),
                budget_max_paise=(rupees_to_paise(form.budget_max_rupees.data)
                                  if form.budget_max_rupees.data is not None else None),
                languages=form.languages.data or [], export_markets=form.export_markets.data or ""))
        except DomainError as exc:
            flash_error(exc)
        else:
            flash(_("Your buyer profile is saved."), "success")
            return redirect(url_for("buyers.profile"))
    return render_template("buyers/profile.html", form=form)


@bp.get("/leads")
@role_required(*PARTICIPANTS)
def leads():
    return render_template("buyers/leads.html", leads=timetable.leads_of_user(current_user),
                           form=LeadStageForm(), quotable=quotes.QUOTABLE_STAGES)


@bp.post("/leads/<int:lead_id>/stage")
@role_required(Role.BUYER, Role.SELLER, Role.ORGANISER, Role.ADMIN)
def lead_stage(lead_id: int):
    form = LeadStageForm()
    if form.validate_on_submit():
        value = (rupees_to_paise(form.value_rupees.data) if form.value_rupees.data is not None
                 else None)
        try:
            timetable.set_lead_stage(current_user, lead_id, form.stage.data, value)
        except NotFound:
            raise  # the 404 page, not a message
        except DomainError as exc:
            flash_error(exc)
        else:
            flash(_("Lead updated."), "success")
    else:
        for message in form.value_rupees.errors or [_("Choose a stage.")]:
            flash(str(message), "error")
    return redirect(request.referrer or url_for("buyers.leads"))


@bp.route("/enquire/<int:listing_id>", methods=["GET", "POST"])
@role_required(Role.BUYER)
def enquire(listing_id: int):
    listing = db.session.get(Listing, listing_id)
    if listing is None or not listing.is_public:
        abort(404)
    form = EnquiryForm()
    if request.method == "GET":
        form.quantity.data = listing.moq
    if form.validate_on_submit():
        try:
            profiles.create_enquiry(
                current_user, listing.id, form.quantity.data,
                rupees_to_paise(form.target_price_rupees.data)
                if form.target_price_rupees.data is not None else None,
                form.needed_by.data, form.message.data or "")
        except NotFound:
            raise  # the 404 page, not a message
        except DomainError as exc:
            flash_error(exc)
        else:
            flash(_("Your enquiry was sent to the seller."), "success")
            return redirect(url_for("buyers.leads"))
    return render_template("buyers/enquire.html", listing=listing, form=form)


# ------------------------------------------------------------------------------- quotes


@bp.route("/leads/<int:lead_id>/quote", methods=["GET", "POST"])
@role_required(Role.SELLER)
def new_quote(lead_id: int):
    lead = quotes.seller_lead(current_user, lead_id)
    form = QuoteForm()
    form.listing_id.choices = [(l.id, loc(l, "title")) for l in quotes.quotable_listings(lead)]
    if request.method == "GET" and lead.enquiry is not None:
        form.listing_id.data = lead.enquiry.listing_id
        form.quantity.data = str(lead.enquiry.quantity)
    if form.validate_on_submit():
        try:
            price = rupees_to_paise(form.unit_price_rupees.data)
        except InvalidAmount:
            form.unit_price_rupees.errors.append(_("Enter the price in rupees, e.g. 1250 or 1250.50."))
        else:
            try:
                quote = quotes.create_quote(current_user, lead.id, form.listing_id.data,
                                            form.quantity.data, price, form.valid_until.data,
                                            form.note.data or "")
            except NotFound:
                raise  # the 404 page, not a message
            except DomainError as exc:
                flash_error(exc)
            else:
                flash(_("Your quote was sent to the buyer."), "success")
                return redirect(url_for("buyers.quote_detail", quote_id=quote.id))
    status = 400 if request.method == "POST" else 200
    return render_template("buyers/quote_new.html", lead=lead, form=form), status


@bp.get("/quotes/<int:quote_id>")
@role_required(Role.BUYER, Role.SELLER)
def quote_detail(quote_id: int):
    quote = quotes.quote_for(current_user, quote_id)
    return render_template("buyers/quote.html", quote=quote, form=EmptyForm(),
                           can_accept=quotes.can_accept(quote, current_user),
                           expired=quote.is_expired())


@bp.post("/quotes/<int:quote_id>/accept")
@role_required(Role.BUYER)
def accept_quote(quote_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        quote = quotes.accept_quote(current_user, quote_id)
    except NotFound:
        raise  # the 404 page, not a message
    except DomainError as exc:
        flash_error(exc)
        return redirect(url_for("buyers.quote_detail", quote_id=quote_id))
    flash(_("The quoted item is in your cart at the agreed price. Check out to place the order."),
          "success")
    return redirect(url_for("orders.cart"))
