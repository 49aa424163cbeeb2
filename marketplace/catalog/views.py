"""Catalogue pages buyers browse."""
from __future__ import annotations

from flask import Blueprint, render_template

from marketplace.accounts.decorators import public

bp = Blueprint("catalog", __name__, template_folder="templates")


@bp.route("/")
@public
def home():
    return render_template("catalog/home.html")
