"""The ODOP cell's money reports (``/admin/money``, issue #14.6): payouts by district for a
month, and the reconciliation of the money received with the orders, both exportable. Thin: the
rules are in ``orders.reconciliation``."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.admin import monitoring
from marketplace.admin.exports import CSV_MEDIA_TYPE, export_filename
from marketplace.admin.views import _download, bp, cell_only
from marketplace.catalog.models import District
from marketplace.csv_out import write_csv
from marketplace.extensions import db
from marketplace.i18n import loc
from marketplace.money import paise_to_decimal
from marketplace.orders import reconciliation


def csv_upload(form, name: str, missing: str):
    """The CSV a money desk's form uploaded (``request.files[name]``), or None with the form's
    errors set (a bad CSRF token, or ``missing`` when no file was chosen)."""
    upload = request.files.get(name)
    if not form.validate_on_submit():
        return None
    if upload is None or not upload.filename:
        getattr(form, name).errors = [missing]
        return None
    return upload


def _districts() -> list[District]:
    return list(db.session.scalars(select(District).order_by(District.name_en)))


def _report(month):
    districts = _districts()
    rows = reconciliation.payout_report({d.id for d in districts}, month.start_utc, month.end_utc)
    return [(d, rows[d.id]) for d in districts]


@bp.get("/money")
@cell_only
def money_reports():
    month = monitoring.parse_month(request.args.get("month"))  # this month: balances are read now
    report = _report(month)
    totals = [sum(getattr(r, f) for _, r in report) for f in ("held_paise", "payable_paise", "paid_paise", "failed_paise")]
    return render_template("admin/money.html", month=month, report=report, totals=totals,
                           differences=reconciliation.differences())


@bp.get("/money/districts.csv")
@cell_only
def money_districts_csv():
    month = monitoring.parse_month(request.args.get("month"))  # this month: balances are read now
    header = [_("District"), _("Held (₹)"), _("Payable (₹)"), _("Paid out (₹)"), _("Failed (₹)")]
    rows = [[loc(d, "name"), *(paise_to_decimal(getattr(r, f)) for f in
                               ("held_paise", "payable_paise", "paid_paise", "failed_paise"))]
            for d, r in _report(month)]
    text = write_csv(header, ([r[0], *(str(v) for v in r[1:])] for r in rows))
    return _download(text.encode("utf-8"), CSV_MEDIA_TYPE, export_filename(f"odop-payouts-{month.key}", "csv"))


@bp.get("/money/differences.csv")
@cell_only
def money_differences_csv():
    header = [_("Difference"), _("Reference"), _("Amount (₹)"), _("Detail")]
    rows = [[d.label, d.reference, str(paise_to_decimal(d.amount_paise)), d.detail] for d in reconciliation.differences()]
    return _download(write_csv(header, rows).encode("utf-8"), CSV_MEDIA_TYPE,
                     export_filename("odop-reconciliation", "csv"))
