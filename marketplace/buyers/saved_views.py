"""Saved items pages (issue #19, part 5): the heart's POST forms (no JavaScript needed), the
"Saved items" page, and ``GET /api/v1/saved``. Only buyers save; see ``buyers/saved.py``."""
from __future__ import annotations

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.decorators import role_required
from marketplace.accounts.models import Role
from marketplace.accounts.views import safe_next
from marketplace.buyers import saved
from marketplace.i18n import loc

bp = Blueprint("saved", __name__, url_prefix="/saved", template_folder="templates")
api_bp = Blueprint("saved_api", __name__, url_prefix="/api/v1")


def saved_ids() -> set[int]:
    """The listings the signed-in buyer saved, looked up once per request (for the hearts)."""
    if "saved_ids" not in g:
        g.saved_ids = saved.saved_listing_ids(current_user.id) if heart_mode() == "buyer" else set()
    return g.saved_ids


def heart_mode() -> str | None:
    """What the heart on a card is: ``"buyer"`` a form, ``"anonymous"`` a link to sign in,
    ``None`` nothing (other roles do not shop)."""
    if not current_user.is_authenticated:
        return "anonymous"
    return "buyer" if current_user.role == Role.BUYER else None


@bp.record_once
def _template_helpers(state) -> None:
    # globals, not a context processor: the cards are macros imported without the page's context
    state.app.jinja_env.globals.update(saved_ids=saved_ids, heart_mode=heart_mode)


@bp.route("/")
@role_required(Role.BUYER)
def index():
    return render_template("buyers/saved.html", items=saved.saved_items(current_user.id))


@bp.route("/<int:listing_id>", methods=["POST"])
@role_required(Role.BUYER)
def save(listing_id: int):
    saved.save(current_user.id, listing_id)  # NotFound reaches the 404 page
    flash(_("Saved for later."), "success")
    return redirect(safe_next(request.form.get("next"), "saved.index"))


@bp.route("/<int:listing_id>/remove", methods=["POST"])
@role_required(Role.BUYER)
def remove(listing_id: int):
    if saved.unsave(current_user.id, listing_id):
        flash(_("Removed from your saved items."), "success")
    return redirect(safe_next(request.form.get("next"), "saved.index"))


@api_bp.route("/saved")
@role_required(Role.BUYER)
def api_saved():
    return jsonify({"items": [{
        "listing_id": item.listing_id,
        "title": loc(item.listing, "title"),
        "url": url_for("catalog.product", slug=item.listing.slug),
        "price_paise": item.listing.price_paise,
        "price_paise_when_saved": item.price_paise_when_saved,
        "in_stock": item.listing.stock > 0,
        "on_sale": item.listing.is_public,
        "saved_at": item.created_at.isoformat(),
    } for item in saved.saved_items(current_user.id)]})
