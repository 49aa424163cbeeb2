"""Pages of the ODOP cell and the DIC officers (``/admin``), and the producers' helpdesk and
schemes directory (``/help``, ``/schemes``). Thin: parse, call one service, render."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace.accounts.decorators import public, role_required
from marketplace.accounts.models import Role
from marketplace.admin import audit, helpdesk, monitoring, reference, schemes, verification
from marketplace.admin.exports import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, export_filename, to_csv, to_xlsx
from marketplace.admin.forms import (
    ActionForm,
    AskForm,
    CategoryForm,
    DistrictProductForm,
    FollowUpForm,
    RejectSellerForm,
    ReplyForm,
)
from marketplace.admin.models import HelpTopic, QuestionStatus
from marketplace.admin.scope import is_state_wide, visible_districts, visible_divisions
from marketplace.admin.periods import KOLKATA
from marketplace.catalog import sellers as seller_rules
from marketplace.catalog.sellers import seller_for_user
from marketplace.catalog.forms import SELLER_STATUS_LABELS, SELLER_TYPE_LABELS
from marketplace.catalog.models import Category, District
from marketplace.database import utcnow
from marketplace.errors import DomainError, flash_error
from marketplace.extensions import db
from marketplace.i18n import current_lang
from marketplace.orders.shipping import proof as delivery_proof
from marketplace.params import page_number, parse_id

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")
help_bp = Blueprint("helpdesk", __name__, template_folder="templates")

staff_only = role_required(Role.ADMIN, Role.ORGANISER)
cell_only = role_required(Role.ADMIN)

LISTING_STATUS_LABELS = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "archived": _l("Archived"),
}


@bp.context_processor
def _admin_context():
    return {
        "group_labels": monitoring.reports.GROUP_LABELS,
        "status_labels": SELLER_STATUS_LABELS,
        "grouped": monitoring.grouped,
        "seller_type_labels": SELLER_TYPE_LABELS,
        "listing_status_labels": LISTING_STATUS_LABELS,
        "action_label": audit.action_label,
        # proof of delivery behind subsidy claims (issue #13.5): claims list, order desk
        "proof_state": delivery_proof.proof_state,
        "proof_labels": delivery_proof.PROOF_STATE_LABELS,
    }


def _int_arg(name: str) -> int | None:
    """An id from the query string: absent → None; anything but an id → 400."""
    value = request.args.get(name, "")
    if not value:
        return None
    number = parse_id(value)
    if number is None:
        raise monitoring.BadReportRequest()
    return number


def _download(data: bytes, media_type: str, filename: str) -> Response:
    return Response(data, mimetype=media_type.split(";")[0], headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Content-Type": media_type,
    })


# -- dashboard ---------------------------------------------------------------------------------
@bp.get("/")
@staff_only
def dashboard():
    month = monitoring.parse_month(request.args.get("month"), monitoring.default_month())
    scope = monitoring.parse_scope(current_user, request.args.get("scope"), month)
    data = monitoring.build_dashboard(current_user, scope, month)
    return render_template(
        "admin/dashboard.html", d=data, districts=visible_districts(current_user),
        divisions=visible_divisions(current_user), state_wide=is_state_wide(current_user),
        pending=verification.status_counts(current_user)["pending"], open_questions=helpdesk.open_count(current_user),
        group_labels=monitoring.reports.GROUP_LABELS, fmt=monitoring.format_value,
        this_month=monitoring.Month.current(),
    )


@bp.get("/dashboard.csv")
@staff_only
def dashboard_csv():
    return _dashboard_export("csv")


@bp.get("/dashboard.xlsx")
@staff_only
def dashboard_xlsx():
    return _dashboard_export("xlsx")


def _dashboard_export(fmt: str):
    month = monitoring.parse_month(request.args.get("month"), monitoring.default_month())
    scope = monitoring.parse_scope(current_user, request.args.get("scope"), month)
    data = monitoring.build_dashboard(current_user, scope, month)
    figures = monitoring.figures_table(data)
    stem = f"odop-monitoring-{scope.level}-{scope.object_id or 'up'}-{month.key}"
    if fmt == "csv":
        table = monitoring.districts_table(current_user, scope, month) if request.args.get("table") == "districts" else figures
        return _download(to_csv(table), CSV_MEDIA_TYPE, export_filename(stem, "csv"))
    tables = [figures, monitoring.districts_table(current_user, scope, month)]
    return _download(to_xlsx(tables), XLSX_MEDIA_TYPE, export_filename(stem, "xlsx"))


@bp.get("/statement")
@staff_only
def statement():
    # The statement is for the month just ended, of the busiest district, unless others are asked for.
    month = monitoring.parse_month(request.args.get("month"), monitoring.default_month())
    district_id = _int_arg("district")
    if district_id is None:
        district_id = monitoring.statement_district(current_user, month)
    lang = request.args.get("lang") or current_lang()
    if lang not in ("hi", "en"):
        raise monitoring.BadReportRequest()
    with force_locale(lang):
        data = monitoring.build_statement(current_user, district_id, month)
        return render_template("admin/statement.html", s=data, lang=lang, fmt=monitoring.format_value,
                               districts=visible_districts(current_user),
                               now_date=format_date(utcnow().astimezone(KOLKATA).date(), "long"))


# -- seller verification -----------------------------------------------------------------------
@bp.get("/sellers")
@staff_only
def seller_queue():
    district_id = _int_arg("district")
    status = request.args.get("status") or "pending"
    text = (request.args.get("q") or "").strip()[:80]
    page = verification.sellers_page(current_user, status, district_id, text, page_number(request.args.get("page")))
    return render_template("admin/seller_queue.html", sellers=page.items, page=page, status=status, text=text,
                           counts=verification.listing_counts([s.id for s in page.items]),
                           status_counts=verification.status_counts(current_user, district_id),
                           args={k: v for k, v in request.args.items() if k != "page" and v},
                           districts=visible_districts(current_user), district_id=district_id)


@bp.get("/sellers/<int:seller_id>")
@staff_only
def seller_review(seller_id: int):
    seller = verification.seller_for_review(current_user, seller_id)
    return render_template("admin/seller_review.html", seller=seller, payout_problem=seller_rules.payout_problem(seller),
                           listings=verification.seller_listings(seller.id),
                           history=verification.status_history(seller.id),
                           reject_form=RejectSellerForm(), verify_form=ActionForm())


@bp.post("/sellers/<int:seller_id>/verify")
@staff_only
def seller_verify(seller_id: int):
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        seller = seller_rules.verify_seller(seller_id, current_user.id,
                                            before_commit=verification.audit_decision(current_user))
    except verification.VerificationError as exc:
        flash_error(exc)
        return redirect(url_for("admin.seller_review", seller_id=seller_id))
    flash(_("%(name)s is verified.", name=seller.enterprise_name_hi if current_lang() == "hi" and seller.enterprise_name_hi else seller.enterprise_name_en), "success")
    return redirect(url_for("admin.seller_queue"))


@bp.post("/sellers/<int:seller_id>/reject")
@staff_only
def seller_reject(seller_id: int):
    form = RejectSellerForm()
    seller = verification.seller_for_review(current_user, seller_id)
    if form.validate_on_submit():
        try:
            seller_rules.reject_seller(seller_id, current_user.id, form.reason.data,
                                       before_commit=verification.audit_decision(current_user))
        except verification.VerificationError as exc:
            form.reason.errors.append(str(exc.message))
        else:
            flash(_("The seller has been told why they were not verified."), "success")
            return redirect(url_for("admin.seller_queue"))
    return render_template("admin/seller_review.html", seller=seller, payout_problem=seller_rules.payout_problem(seller),
                           listings=verification.seller_listings(seller.id),
                           history=verification.status_history(seller.id),
                           reject_form=form, verify_form=ActionForm()), 400


# -- reference data ----------------------------------------------------------------------------
@bp.get("/reference")
@cell_only
def reference_index():
    return render_template("admin/reference.html", districts=reference.districts_with_products(),
                           categories=reference.categories(), form=CategoryForm())


@bp.route("/reference/districts/<int:district_id>", methods=["GET", "POST"])
@cell_only
def district_edit(district_id: int):
    district = db.session.get(District, district_id) or abort(404)
    form = DistrictProductForm(category_id=district.odop_category_id)
    form.category_id.choices = [(c.id, f"{c.name_en} / {c.name_hi}") for c in reference.categories()]
    if form.validate_on_submit():
        try:
            reference.set_district_product(current_user, district.id, form.category_id.data)
        except DomainError as exc:
            form.category_id.errors.append(str(exc.message))
        else:
            flash(_("The ODOP product of %(district)s is saved.", district=district.name_hi if current_lang() == "hi" else district.name_en), "success")
            return redirect(url_for("admin.reference_index"))
    return render_template("admin/district_edit.html", district=district, form=form), 400 if form.errors else 200


@bp.post("/reference/categories")
@cell_only
def category_create():
    form = CategoryForm()
    if form.validate_on_submit():
        try:
            reference.create_category(current_user, reference.CategoryData(form.name_en.data, form.name_hi.data, form.slug.data or ""))
        except DomainError as exc:
            form.name_en.errors.append(str(exc.message))
        else:
            flash(_("The category is added."), "success")
            return redirect(url_for("admin.reference_index"))
    return render_template("admin/reference.html", districts=reference.districts_with_products(),
                           categories=reference.categories(), form=form), 400


@bp.route("/reference/categories/<int:category_id>", methods=["GET", "POST"])
@cell_only
def category_edit(category_id: int):
    category = db.session.get(Category, category_id) or abort(404)
    form = CategoryForm(obj=category)
    if form.validate_on_submit():
        try:
            reference.update_category(current_user, category.id, reference.CategoryData(form.name_en.data, form.name_hi.data, form.slug.data or ""))
        except DomainError as exc:
            form.name_en.errors.append(str(exc.message))
        else:
            flash(_("The category is saved."), "success")
            return redirect(url_for("admin.reference_index"))
    return render_template("admin/category_edit.html", category=category, form=form), 400 if form.errors else 200


# -- helpdesk (officers) -----------------------------------------------------------------------
@bp.get("/helpdesk")
@staff_only
def helpdesk_inbox():
    status = request.args.get("status") or None
    if status and status not in {s.value for s in QuestionStatus}:
        raise monitoring.BadReportRequest()
    questions = helpdesk.inbox(current_user, status, _int_arg("district"))
    return render_template("admin/helpdesk_inbox.html", questions=questions, status=status,
                           topics=helpdesk.TOPIC_LABELS, statuses=helpdesk.STATUS_LABELS,
                           districts=visible_districts(current_user))


def _thread(question, form, send, sent_message, endpoint: str, officer: bool):
    """The helpdesk thread page, shared by the officer (answers) and the asker (follows up):
    ``send(user, question_id, body)`` posts the message."""
    if form.validate_on_submit():
        try:
            send(current_user, question.id, form.body.data)
        except helpdesk.HelpdeskError as exc:
            form.body.errors.append(str(exc.message))
        else:
            flash(sent_message, "success")
            return redirect(url_for(endpoint, question_id=question.id))
    return render_template("admin/helpdesk_question.html", q=question, form=form, close_form=ActionForm(),
                           topics=helpdesk.TOPIC_LABELS, statuses=helpdesk.STATUS_LABELS,
                           schemes=schemes.schemes_for_topic(question.topic), officer=officer), \
        400 if form.errors else 200


def _close(find, question_id: int, back: str):
    """Close a question the user may see (``find`` raises NotFound otherwise), then go ``back``."""
    if not ActionForm().validate_on_submit():
        abort(400)
    find(current_user, question_id)
    helpdesk.close(current_user, question_id)
    flash(_("The question is closed."), "success")
    return redirect(url_for(back))


@bp.route("/helpdesk/<int:question_id>", methods=["GET", "POST"])
@staff_only
def helpdesk_question(question_id: int):
    return _thread(helpdesk.question_for_officer(current_user, question_id), ReplyForm(), helpdesk.answer,
                   _("Your answer has been sent."), "admin.helpdesk_question", officer=True)


@bp.post("/helpdesk/<int:question_id>/close")
@staff_only
def helpdesk_close(question_id: int):
    return _close(helpdesk.question_for_officer, question_id, "admin.helpdesk_inbox")


# -- audit log ---------------------------------------------------------------------------------
def _audit_filter() -> audit.AuditFilter:
    month = request.args.get("month")
    return audit.AuditFilter(
        action=request.args.get("action") or None, actor_id=_int_arg("actor"),
        district_id=_int_arg("district"), object_type=request.args.get("object") or None,
        month=monitoring.parse_month(month) if month else None,
    )


@bp.get("/audit")
@staff_only
def audit_log():
    filters = _audit_filter()
    page = audit.audit_page(current_user, filters, page_number(request.args.get("page")))
    return render_template("admin/audit.html", entries=page.items, page=page, filters=filters,
                           args={k: v for k, v in request.args.items() if k != "page" and v},
                           actions=audit.known_actions(current_user), actors=audit.known_actors(current_user),
                           districts=visible_districts(current_user))


@bp.get("/audit.csv")
@staff_only
def audit_export():
    entries = audit.audit_entries(current_user, _audit_filter())
    return _download(to_csv(audit.audit_table(entries)), CSV_MEDIA_TYPE, export_filename("odop-audit-log", "csv"))


# -- helpdesk (askers) and schemes directory -----------------------------------------------------
@help_bp.get("/schemes")
@public
def schemes_index():
    return render_template("admin/schemes.html", schemes=schemes.all_schemes(), reviewed=schemes.reviewed_on())


@help_bp.get("/schemes/<slug>")
@public
def scheme_detail(slug: str):
    scheme = schemes.get_scheme(slug) or abort(404)
    return render_template("admin/scheme.html", scheme=scheme, reviewed=schemes.reviewed_on())


@help_bp.get("/help")
@role_required()
def my_questions():
    return render_template("admin/help_mine.html", questions=helpdesk.my_questions(current_user),
                           topics=helpdesk.TOPIC_LABELS, statuses=helpdesk.STATUS_LABELS)


def _ask_form() -> AskForm:
    form = AskForm()
    lang = current_lang()
    form.district_id.choices = [(d.id, d.name_hi if lang == "hi" else d.name_en)
                                for d in db.session.query(District).order_by(District.name_en)]
    if request.method == "GET":
        seller = seller_for_user(current_user.id)
        if seller is not None:  # a producer asks their own district's DIC by default
            form.district_id.data = seller.district_id
        topic = request.args.get("topic")
        if topic in {t.value for t in HelpTopic}:
            form.topic.data = topic
    return form


@help_bp.route("/help/ask", methods=["GET", "POST"])
@role_required()
def ask():
    form = _ask_form()
    if form.validate_on_submit():
        try:
            question = helpdesk.ask(current_user, helpdesk.NewQuestion(
                form.district_id.data, form.topic.data, form.subject.data, form.body.data, current_lang()))
        except helpdesk.HelpdeskError as exc:
            form.body.errors.append(str(exc.message))
        else:
            flash(_("Your question has been sent to the District Industries Centre."), "success")
            return redirect(url_for("helpdesk.question", question_id=question.id))
    return render_template("admin/help_ask.html", form=form), 400 if form.errors else 200


@help_bp.route("/help/<int:question_id>", methods=["GET", "POST"])
@role_required()
def question(question_id: int):
    return _thread(helpdesk.question_for_asker(current_user, question_id), FollowUpForm(), helpdesk.follow_up,
                   _("Your message has been sent."), "helpdesk.question", officer=False)


@help_bp.post("/help/<int:question_id>/close")
@role_required()
def question_close(question_id: int):
    return _close(helpdesk.question_for_asker, question_id, "helpdesk.my_questions")
