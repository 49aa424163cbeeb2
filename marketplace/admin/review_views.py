"""The ODOP cell's reported reviews (``/admin/reviews``): hide with a reason, or show again. Thin."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.admin import review_moderation
from marketplace.admin.forms import ActionForm, HideReviewForm
from marketplace.admin.views import bp, cell_only
from marketplace.catalog import reviews as review_rules
from marketplace.errors import DomainError, NotFound, flash_error


@bp.get("/reviews")
@cell_only
def reviews():
    show_hidden = request.args.get("hidden") == "1"
    rows = review_rules.reported_reviews(include_hidden=show_hidden)
    return render_template("admin/reviews.html", rows=rows, show_hidden=show_hidden, hide_form=HideReviewForm(),
                           action_form=ActionForm(), reports_of=review_rules.reports_of)


@bp.post("/reviews/<int(max=2147483647):review_id>/hide")
@cell_only
def review_hide(review_id: int):
    form = HideReviewForm()
    if form.validate_on_submit():
        try:
            review_moderation.hide(current_user, review_id, form.reason.data or "")
        except NotFound:
            raise
        except DomainError as exc:
            flash_error(exc)
        else:
            flash(_("The review is hidden; it no longer counts in any rating."), "success")
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
    return redirect(url_for("admin.reviews"))


@bp.post("/reviews/<int(max=2147483647):review_id>/unhide")
@cell_only
def review_unhide(review_id: int):
    form = ActionForm()
    if form.validate_on_submit():
        try:
            review_moderation.unhide(current_user, review_id)
        except NotFound:
            raise
        except DomainError as exc:
            flash_error(exc)
        else:
            flash(_("The review is shown again."), "success")
    return redirect(url_for("admin.reviews", hidden=1))
