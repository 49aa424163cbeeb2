"""A minimal seller verification page for the ODOP cell (role admin). The admin package builds
the full queue; it can call ``sellers.verify_seller`` / ``sellers.reject_seller`` the same way."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from marketplace.accounts.decorators import role_required
from marketplace.accounts.models import Role
from marketplace.catalog import sellers as seller_service
from marketplace.catalog.forms import EmptyForm, RejectForm
from marketplace.catalog.models import Seller, SellerStatus
from marketplace.errors import DomainError
from marketplace.extensions import db

bp = Blueprint("catalog_admin", __name__, url_prefix="/admin/catalog", template_folder="templates")


@bp.route("/sellers")
@role_required(Role.ADMIN)
def sellers():
    status = request.args.get("status", SellerStatus.PENDING.value)
    if status not in {s.value for s in SellerStatus}:
        status = SellerStatus.PENDING.value
    try:
        page_number = max(1, int(request.args.get("page", 1)))
    except ValueError:
        page_number = 1
    page = db.paginate(select(Seller).where(Seller.status == status).order_by(Seller.created_at, Seller.id),
                       page=page_number, per_page=50, error_out=False)
    return render_template("catalog/admin/sellers.html", sellers=page.items, page=page, status=status)


@bp.route("/sellers/<int:seller_id>", methods=["GET"])
@role_required(Role.ADMIN)
def seller(seller_id: int):
    maker = seller_service.get_seller(seller_id)
    return render_template("catalog/admin/seller.html", seller=maker, history=seller_service.status_history(maker.id),
                           reject_form=RejectForm(), verify_form=EmptyForm())


@bp.route("/sellers/<int:seller_id>/verify", methods=["POST"])
@role_required(Role.ADMIN)
def verify(seller_id: int):
    try:
        maker = seller_service.verify_seller(seller_id, current_user.id)
    except DomainError as exc:
        if exc.status != 400:
            raise
        flash(str(exc.message), "error")
    else:
        flash(_("%(name)s is verified.", name=maker.enterprise_name_en or maker.enterprise_name_hi), "success")
    return redirect(url_for("catalog_admin.sellers"))


@bp.route("/sellers/<int:seller_id>/reject", methods=["POST"])
@role_required(Role.ADMIN)
def reject(seller_id: int):
    form = RejectForm()
    maker = seller_service.get_seller(seller_id)
    if form.validate_on_submit():
        try:
            seller_service.reject_seller(seller_id, current_user.id, form.reason.data)
        except DomainError as exc:
            if exc.status != 400:
                raise
            flash(str(exc.message), "error")
        else:
            flash(_("The seller has been told what to correct."), "success")
            return redirect(url_for("catalog_admin.sellers"))
    return render_template("catalog/admin/seller.html", seller=maker, history=seller_service.status_history(maker.id),
                           reject_form=form, verify_form=EmptyForm()), 400
