"""The signed-in user's notifications."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from marketplace.accounts.decorators import login_required
from marketplace.notifications import service

bp = Blueprint("notifications", __name__, url_prefix="/notifications", template_folder="templates")


@bp.route("/")
@login_required
def index():
    return render_template(
        "notifications/index.html", notifications=service.recent_notifications(current_user.id), form=FlaskForm()
    )


@bp.route("/read", methods=["POST"])
@login_required
def mark_read():
    if FlaskForm().validate_on_submit():
        service.mark_all_read(current_user.id)
    return redirect(url_for("notifications.index"))
