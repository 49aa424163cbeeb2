"""Freight rate versions page (``/admin/freight-rates``). Thin: parse, call one service, render.

DIC officers (organisers) may look at the versions; only the ODOP cell adds or deletes one.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.models import Role
from marketplace.admin import freight_rates
from marketplace.admin.forms import MAX_RATE_BANDS, ActionForm, FreightRatesForm
from marketplace.admin.views import bp, cell_only, staff_only
from marketplace.errors import DomainError, flash_error


def _page(form, status: int = 200):
    return render_template(
        "admin/freight_rates.html", form=form, rows=freight_rates.versions(), zones=freight_rates.ZONES,
        zone_labels=freight_rates.ZONE_LABELS, bands=MAX_RATE_BANDS, field_name=freight_rates.field_name,
        can_edit=current_user.role == Role.ADMIN, action_form=ActionForm()), status


@bp.get("/freight-rates")
@staff_only
def freight_rates_index():
    form = None
    if current_user.role == Role.ADMIN:
        form = FreightRatesForm(formdata=None, data=freight_rates.form_data(freight_rates.current_version()))
    return _page(form)


@bp.post("/freight-rates")
@cell_only
def freight_rates_create():
    form = FreightRatesForm()
    if not form.validate_on_submit():  # only the CSRF token is checked here
        abort(400)
    draft = freight_rates.draft_from_form(request.form.get, MAX_RATE_BANDS)
    try:
        version = freight_rates.add_rate_version(current_user, draft)
    except freight_rates.FreightRatesInvalid as exc:
        for name, message in exc.problems.items():
            getattr(form, name).errors = [*getattr(form, name).errors, str(message)]
        flash_error(exc)
        return _page(form, 400)
    except DomainError as exc:
        flash_error(exc)
        return _page(form, 400)
    flash(_("Rate version %(name)s is saved. Orders already placed keep the rates they were priced with.",
            name=version.label), "success")
    return redirect(url_for("admin.freight_rates_index"))


@bp.post("/freight-rates/<int:version_id>/delete")
@cell_only
def freight_rates_delete(version_id):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        freight_rates.delete_rate_version(current_user, version_id)  # NotFound → 404
    except freight_rates.RateVersionStarted as exc:
        flash_error(exc)
        return redirect(url_for("admin.freight_rates_index"))
    flash(_("The rate version that had not started yet is deleted."), "success")
    return redirect(url_for("admin.freight_rates_index"))
