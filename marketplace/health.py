"""``GET /healthz``: is the app up, and can it reach its database?"""
from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text

from marketplace.accounts.decorators import public
from marketplace.extensions import db

bp = Blueprint("health", __name__)


@bp.route("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # report, never raise: this is what monitors poll
        db.session.rollback()
        database = f"error: {exc.__class__.__name__}"
    ok = database == "ok"
    return jsonify({"status": "ok" if ok else "degraded", "database": database, "dialect": db.engine.dialect.name}), (200 if ok else 503)
