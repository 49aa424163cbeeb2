"""The buyer's review form for a delivered order line (``/orders/lines/<id>/review``). Thin: the
rules are ``orders/reviews.py``'s. Routes join the orders blueprint (``views.bp``)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.decorators import role_required
from marketplace.accounts.models import Role
from marketplace.catalog.images import MAX_BYTES
from marketplace.catalog.reviews import ReviewError
from marketplace.errors import DomainError, flash_error

from . import reviews as review_service
from .forms import ReviewForm
from .views import bp


@bp.context_processor
def _review_helpers():
    """The order page's "Rate and review" links (orders/detail.html)."""
    return {"can_review": review_service.was_delivered, "line_review": lambda line: review_service.review_of_line(line.id)}


def _uploads(field) -> list[tuple[str, bytes]]:
    photos = []
    for upload in field.data or []:
        if getattr(upload, "filename", ""):
            photos.append((upload.filename, upload.read(MAX_BYTES + 1)))
            upload.close()
    return photos


@bp.route("/orders/lines/<int(max=2147483647):line_id>/review", methods=["GET", "POST"])
@role_required(Role.BUYER)
def review_line(line_id: int):
    line = review_service.buyer_line(current_user.id, line_id)
    review = review_service.review_of_line(line.id)
    delivered = review_service.was_delivered(line.suborder)
    editable = review is None or review_service.can_edit(review)
    form = ReviewForm(obj=None)
    if request.method == "GET" and review is not None:
        form.rating.data, form.text.data, form.language.data = str(review.rating), review.text, review.language
    if request.method == "POST" and form.validate_on_submit():
        data = review_service.ReviewInput(rating=form.rating.data, text=form.text.data or "",
                                          language=form.language.data or "", photos=tuple(_uploads(form.photos)))
        try:
            review_service.submit_review(current_user.id, line.id, data)
        except ReviewError as exc:
            target = getattr(form, str(exc.params.get("field", "")), None) if exc.params.get("field") else None
            if target is not None:
                target.errors = list(target.errors) + [str(exc.message)]
            else:
                flash_error(exc)
        except DomainError as exc:
            flash_error(exc)
        else:
            flash(_("Thank you: your review is on the product page."), "success")
            return redirect(url_for("orders.detail", order_id=line.suborder.order_id))
    status = 400 if request.method == "POST" else 200
    return render_template("orders/review_form.html", form=form, line=line, review=review, delivered=delivered,
                           editable=editable, edit_days=review_service.edit_days(),
                           editable_until=review_service.editable_until(review) if review else None), status
