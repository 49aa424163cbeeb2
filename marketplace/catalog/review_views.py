"""Review actions that need no order: "helpful" and "report" (anybody signed in), and the
seller's page of reviews of their products with the one public answer. Thin: the rules are
``catalog/reviews.py``'s; writing a review is the orders package's (``orders/review_views.py``)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.decorators import login_required, role_required
from marketplace.accounts.models import Role
from marketplace.catalog import reviews as review_service
from marketplace.catalog.forms import HelpfulForm, ReportReviewForm, ReviewReplyForm
from marketplace.catalog.models import Review
from marketplace.catalog.sellers import seller_for_user
from marketplace.errors import DomainError, NotFound, flash_error
from marketplace.extensions import db
from marketplace.params import page_number

bp = Blueprint("catalog_reviews", __name__, template_folder="templates")


def _back_to(review_id: int):
    review = db.session.get(Review, review_id)
    if review is None:
        raise NotFound()
    return redirect(url_for("catalog.product", slug=review.listing.slug, _anchor=f"review-{review.id}"))


@bp.route("/reviews/<int(max=2147483647):review_id>/helpful", methods=["POST"])
@login_required
def helpful(review_id: int):
    form = HelpfulForm()
    if form.validate_on_submit():
        try:
            counted = review_service.mark_helpful(current_user.id, review_id)
        except NotFound:
            raise
        except DomainError as exc:
            flash_error(exc)
        else:
            flash(_("Thank you for saying this review helped.") if counted
                  else _("You have already marked this review as helpful."), "success" if counted else "info")
    return _back_to(review_id)


@bp.route("/reviews/<int(max=2147483647):review_id>/report", methods=["POST"])
@login_required
def report(review_id: int):
    form = ReportReviewForm()
    if form.validate_on_submit():
        try:
            new = review_service.report(current_user.id, review_id, form.reason.data or "")
        except NotFound:
            raise
        except DomainError as exc:
            flash_error(exc)
        else:
            flash(_("Thank you: the ODOP cell will look at this review.") if new
                  else _("You have already reported this review."), "success" if new else "info")
    return _back_to(review_id)


def _own_seller():
    seller = seller_for_user(current_user.id)
    if seller is None:
        raise NotFound()
    return seller


@bp.route("/seller/reviews")
@role_required(Role.SELLER)
def seller_reviews():
    seller = seller_for_user(current_user.id)
    if seller is None:
        return redirect(url_for("seller.profile"))
    page = review_service.reviews_of_seller(seller.id, page_number(request.args.get("page")))
    return render_template("catalog/seller/reviews.html", seller=seller, page=page, form=ReviewReplyForm(),
                           rating=review_service.seller_rating(seller.id))


@bp.route("/seller/reviews/<int(max=2147483647):review_id>/reply", methods=["POST"])
@role_required(Role.SELLER)
def seller_reply(review_id: int):
    form = ReviewReplyForm()
    _own_seller()  # a seller account without a profile: 404
    if form.validate_on_submit():
        try:
            review_service.reply(current_user.id, review_id, form.reply.data or "")
        except NotFound:
            raise
        except DomainError as exc:
            flash_error(exc)
        else:
            flash(_("Your answer is shown under the review."), "success")
    return redirect(url_for("catalog_reviews.seller_reviews", _anchor=f"review-{review_id}"))
