"""Organiser pages of the meets (role organiser within their districts, admins everywhere):
create a meet, registrations (on behalf, CSV), matching, timetable review/pin/remove/publish,
print pages, check-in, dashboard and CSV export."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from marketplace.accounts.decorators import role_required
from marketplace.accounts.models import Role
from marketplace.accounts.services import find_user_by_email
from marketplace.buyers import meets, timetable
from marketplace.buyers.forms import CheckInForm, CsvForm, EmptyForm, MeetForm, OnBehalfForm
from marketplace.buyers.models import Meeting
from marketplace.buyers.views import checkin_url, qr_svg
from marketplace.catalog.models import District, officer_district_ids
from marketplace.errors import DomainError, NotFound, flash_error
from marketplace.extensions import db
from marketplace.i18n import loc

bp = Blueprint("organiser", __name__, url_prefix="/meets/manage", template_folder="templates")
STAFF = (Role.ORGANISER, Role.ADMIN)


def _meet(samagam_id: int):
    return meets.managed_samagam(current_user, samagam_id)


def _back(samagam_id: int, endpoint: str = "organiser.manage"):
    return redirect(url_for(endpoint, samagam_id=samagam_id))


@bp.get("/")
@role_required(*STAFF)
def index():
    return render_template("buyers/manage_index.html", samagams=meets.managed_samagams(current_user))


@bp.route("/new", methods=["GET", "POST"])
@role_required(*STAFF)
def new():
    form = MeetForm()
    query = select(District).where(District.id.in_(officer_district_ids(current_user) or {-1})).order_by(District.name_en)
    form.district_ids.choices = [(d.id, loc(d, "name")) for d in db.session.scalars(query)]
    if form.validate_on_submit():
        data = meets.MeetInput(**{k: getattr(form, k).data for k in (
            "title_en", "title_hi", "district_ids", "venue", "starts_on", "ends_on",
            "registration_closes_on", "meeting_minutes", "slots_per_day", "tables", "day_start")},
            break_after_slots=(form.break_after_slots.data or "").replace(" ", ""))
        try:
            samagam = meets.create_samagam(current_user, data)
        except NotFound:
            raise  # the 404 page, not a message
        except DomainError as exc:
            flash_error(exc)
        else:
            flash(_("The meet is created and open for registration."), "success")
            return _back(samagam.id)
    return render_template("buyers/manage_new.html", form=form)


@bp.get("/<int:samagam_id>")
@role_required(*STAFF)
def manage(samagam_id: int):
    samagam = _meet(samagam_id)
    return render_template("buyers/manage.html", samagam=samagam,
                           regs=meets.registrations(samagam), form=EmptyForm(),
                           behalf_form=OnBehalfForm(), csv_form=CsvForm(),
                           meetings=timetable.meetings_of(samagam))


@bp.post("/<int:samagam_id>/on-behalf")
@role_required(*STAFF)
def on_behalf(samagam_id: int):
    samagam = _meet(samagam_id)
    form = OnBehalfForm()
    if not form.validate_on_submit():
        flash(_("Give the participant's email."), "error")
        return _back(samagam.id)
    user = find_user_by_email(form.email.data)
    if user is None:
        flash(_("No account with that email. Create the account first."), "error")
        return _back(samagam.id)
    try:
        meets.register(samagam.id, user, capacity=form.capacity.data,
                       unavailable=form.unavailable.data or "", on_behalf_by=current_user)
    except NotFound:
        raise  # the 404 page, not a message
    except DomainError as exc:
        flash_error(exc)
    else:
        flash(_("%(name)s is registered.", name=user.name), "success")
    return _back(samagam.id)


@bp.post("/<int:samagam_id>/import")
@role_required(*STAFF)
def import_csv(samagam_id: int):
    samagam = _meet(samagam_id)
    form = CsvForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for e in errors:
                flash(str(e), "error")
        return _back(samagam.id)
    try:
        text = form.file.data.read().decode("utf-8")
    except UnicodeDecodeError:
        flash(_("The file must be UTF-8 text."), "error")
        return _back(samagam.id)
    try:
        added, problems = meets.import_registrations_csv(samagam.id, current_user, text)
    except DomainError as exc:
        flash_error(exc)
        return _back(samagam.id)
    if problems:
        flash(_("Nothing was imported. Fix these rows: %(rows)s", rows="; ".join(problems)), "error")
    else:
        flash(_("%(n)s registrations imported.", n=added), "success")
    return _back(samagam.id)


@bp.post("/<int:samagam_id>/match")
@role_required(*STAFF)
def match(samagam_id: int):
    samagam = _meet(samagam_id)
    if EmptyForm().validate_on_submit():
        n = meets.run_matching(current_user, samagam.id)
        flash(_("Matching done: %(n)s leads.", n=n), "success")
    return _back(samagam.id)


@bp.post("/<int:samagam_id>/schedule")
@role_required(*STAFF)
def schedule(samagam_id: int):
    samagam = _meet(samagam_id)
    if EmptyForm().validate_on_submit():
        try:
            result = timetable.build_timetable(current_user, samagam.id)
        except DomainError as exc:
            flash_error(exc)
        else:
            flash(_("Timetable built: %(n)s meetings, %(u)s requests could not be placed.",
                    n=len(result.meetings), u=len(result.unscheduled)), "success")
    return _back(samagam.id, "organiser.timetable_page")


@bp.get("/<int:samagam_id>/timetable")
@role_required(*STAFF)
def timetable_page(samagam_id: int):
    samagam = _meet(samagam_id)
    meetings = timetable.meetings_of(samagam)
    by_slot: dict[int, list] = {}
    for m in meetings:
        by_slot.setdefault(m.slot, []).append(m)
    return render_template("buyers/timetable.html", samagam=samagam, by_slot=by_slot,
                           count=len(meetings), form=EmptyForm())


@bp.post("/meetings/<int:meeting_id>/pin", defaults={"action": "pin"})
@bp.post("/meetings/<int:meeting_id>/unpin", defaults={"action": "unpin"})
@bp.post("/meetings/<int:meeting_id>/remove", defaults={"action": "remove"})
@role_required(*STAFF)
def meeting_action(meeting_id: int, action: str):
    if not EmptyForm().validate_on_submit():
        abort(400)
    meeting = db.session.get(Meeting, meeting_id)
    samagam_id = meeting.samagam_id if meeting else None
    if action == "remove":
        timetable.remove_meeting(current_user, meeting_id)
    else:
        timetable.set_pinned(current_user, meeting_id, action == "pin")
    flash(_("Timetable updated."), "success")
    return _back(samagam_id, "organiser.timetable_page")


@bp.post("/<int:samagam_id>/publish")
@role_required(*STAFF)
def publish(samagam_id: int):
    samagam = _meet(samagam_id)
    if EmptyForm().validate_on_submit():
        try:
            n = timetable.publish_timetable(current_user, samagam.id)
        except DomainError as exc:
            flash_error(exc)
        else:
            flash(_("Timetable published; %(n)s participants were notified.", n=n), "success")
    return _back(samagam.id, "organiser.timetable_page")


@bp.get("/<int:samagam_id>/print/participants")
@role_required(*STAFF)
def print_participants(samagam_id: int):
    samagam = _meet(samagam_id)
    only = request.args.get("registration", type=int)
    sheets = []
    for reg in meets.registrations(samagam):
        if only and reg.id != only:
            continue
        sheets.append((reg, timetable.meetings_of(samagam, reg), qr_svg(checkin_url(reg))))
    if only and not sheets:
        abort(404)
    return render_template("buyers/print_participant.html", samagam=samagam, sheets=sheets)


@bp.get("/<int:samagam_id>/print/tables")
@role_required(*STAFF)
def print_tables(samagam_id: int):
    samagam = _meet(samagam_id)
    tables: dict[int, list] = {}
    for m in timetable.meetings_of(samagam):
        tables.setdefault(m.table_no, []).append(m)
    only = request.args.get("table", type=int)
    if only is not None:
        tables = {k: v for k, v in tables.items() if k == only - 1}
    return render_template("buyers/print_tables.html", samagam=samagam,
                           tables=sorted(tables.items()))


@bp.route("/<int:samagam_id>/checkin", methods=["GET", "POST"])
@role_required(*STAFF)
def checkin(samagam_id: int):
    samagam = _meet(samagam_id)
    form = CheckInForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"]
    checked = None
    if form.validate_on_submit():
        try:
            checked = timetable.check_in(current_user, samagam.id, form.code.data, form.reason.data or "")
        except DomainError as exc:
            flash_error(exc)
        else:
            flash(_("%(name)s is checked in.", name=checked.display_name), "success")
            form.code.data = ""
    regs = meets.registrations(samagam)
    return render_template("buyers/checkin.html", samagam=samagam, form=form, checked=checked,
                           is_open=meets.checkin_open(samagam),
                           arrived=sum(1 for r in regs if r.checked_in_at), total=len(regs))


@bp.get("/<int:samagam_id>/dashboard")
@role_required(*STAFF)
def dashboard(samagam_id: int):
    samagam, figures = timetable.dashboard(current_user, samagam_id)
    return render_template("buyers/dashboard.html", samagam=samagam, d=figures)


@bp.get("/<int:samagam_id>/meetings.csv")
@role_required(*STAFF)
def meetings_csv(samagam_id: int):
    text = timetable.meetings_csv(current_user, samagam_id)
    return Response(text, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename=meet-{samagam_id}-meetings.csv"})
