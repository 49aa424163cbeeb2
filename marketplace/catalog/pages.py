"""The pages the Consumer Protection (E-Commerce) Rules, 2020 oblige a marketplace to publish
(issue #19, part 1): the grievance officer (from configuration), terms of use, privacy,
cancellation and refunds, returns. Static bilingual text, public and set no cookie, so the page
cache serves them."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template

from marketplace.accounts.decorators import public
from marketplace.page_cache import cached_page

from .return_policy import DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS

bp = Blueprint("pages", __name__, template_folder="templates")

OFFICER_FIELDS = ("name", "designation", "email", "phone", "address", "hours")


@bp.route("/grievance-officer")
@public
@cached_page
def grievance_officer():
    officer = {name: current_app.config.get(f"GRIEVANCE_OFFICER_{name.upper()}") or "" for name in OFFICER_FIELDS}
    return render_template("catalog/pages/grievance_officer.html", officer=officer)


@bp.route("/terms")
@public
@cached_page
def terms():
    return render_template("catalog/pages/terms.html")


@bp.route("/privacy")
@public
@cached_page
def privacy():
    return render_template("catalog/pages/privacy.html")


@bp.route("/cancellation-and-refunds")
@public
@cached_page
def cancellation_and_refunds():
    return render_template("catalog/pages/cancellation.html")


@bp.route("/returns")
@public
@cached_page
def returns():
    return render_template("catalog/pages/returns.html", default_days=DEFAULT_WINDOW_DAYS, max_days=MAX_WINDOW_DAYS)
