"""Payout batches for the ODOP cell (``/admin/payouts``, issue #14.2): sellers with money due,
make a batch, download the bank bulk-payment file (CSV in the NEFT upload layout, or XLSX),
mark each line paid with its UTR or failed with a reason. Thin: the rules are in
``orders/payouts.py``; every action is written to the audit log in its own transaction."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.admin import audit
from marketplace.admin.exports import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, Column, Kind, Table, export_filename, to_xlsx
from marketplace.admin.forms import PayoutBatchForm, PayoutFailedForm, PayoutPaidForm
from marketplace.admin.views import _download, bp, cell_only
from marketplace.csv_out import write_csv
from marketplace.errors import DomainError, flash_error
from marketplace.money import InvalidAmount, rupees_to_paise
from marketplace.orders import payouts
from marketplace.params import parse_id


@bp.get("/payouts")
@cell_only
def payouts_index():
    return render_template("admin/payouts.html", due=payouts.due_sellers(), batches=payouts.batches(),
                           form=PayoutBatchForm(), hold_days=payouts.hold_days())


def _amounts(seller_ids: list[int]) -> dict[int, int]:
    """The amounts typed for the ticked sellers (rupees); empty: the whole balance."""
    amounts = {}
    for seller_id in seller_ids:
        text = (request.form.get(f"amount-{seller_id}") or "").strip()
        if text:
            amounts[seller_id] = rupees_to_paise(text)
    return amounts


@bp.post("/payouts")
@cell_only
def payouts_make():
    form = PayoutBatchForm()
    if not form.validate_on_submit():
        flash(_("Please check the sellers chosen and try again."), "error")
        return redirect(url_for("admin.payouts_index"))
    ids = [i for i in (form.seller_ids.data or []) if parse_id(i) is not None]
    try:
        amounts = _amounts(ids)
    except InvalidAmount:
        flash(_("An amount must be in rupees, like 1250 or 1250.50."), "error")
        return redirect(url_for("admin.payouts_index"))

    def audited(batch):
        audit.record(current_user, "payout.batch", batch, summary=f"{batch.reference}: {len(batch.lines)}")

    try:
        batch = payouts.make_batch(ids or None, actor_id=current_user.id, amounts=amounts, before_commit=audited)
    except DomainError as exc:
        flash_error(exc)
        return redirect(url_for("admin.payouts_index"))
    flash(_("Payout batch %(ref)s made. Download the bank file and upload it to the bank.", ref=batch.reference),
          "success")
    return redirect(url_for("admin.payout_batch", batch_id=batch.id))


@bp.get("/payouts/<int:batch_id>")
@cell_only
def payout_batch(batch_id: int):
    batch = payouts.get_batch(batch_id)
    return render_template("admin/payout_batch.html", batch=batch, paid_form=PayoutPaidForm(),
                           failed_form=PayoutFailedForm(), labels=payouts.PAYOUT_LINE_LABELS)


@bp.get("/payouts/<int:batch_id>/bank.csv")
@cell_only
def payout_batch_csv(batch_id: int):
    batch = payouts.get_batch(batch_id)
    data = write_csv(payouts.NEFT_HEADER, payouts.export_rows(batch)).encode("utf-8")
    return _download(data, CSV_MEDIA_TYPE, export_filename(f"odop-payouts-{batch.reference.lower()}", "csv"))


@bp.get("/payouts/<int:batch_id>/bank.xlsx")
@cell_only
def payout_batch_xlsx(batch_id: int):
    batch = payouts.get_batch(batch_id)
    keys = ("name", "account", "ifsc", "amount", "reference")
    columns = [Column(key, header, Kind.TEXT) for key, header in zip(keys, payouts.NEFT_HEADER)]
    rows = [dict(zip(keys, row)) for row in payouts.export_rows(batch)]
    table = Table(title=batch.reference, columns=columns, rows=rows)
    return _download(to_xlsx(table), XLSX_MEDIA_TYPE, export_filename(f"odop-payouts-{batch.reference.lower()}", "xlsx"))


@bp.post("/payouts/lines/<int:line_id>/paid")
@cell_only
def payout_line_paid(line_id: int):
    batch_id = payouts.get_line(line_id).batch_id
    form = PayoutPaidForm()
    if not form.validate_on_submit():
        flash(_("Give the UTR the bank reported for this payout (16 to 22 letters and digits)."), "error")
        return redirect(url_for("admin.payout_batch", batch_id=batch_id))

    def audited(line):
        audit.record(current_user, "payout.paid", line, after={"utr": line.utr, "amount_paise": line.amount_paise},
                     summary=f"{line.reference} {line.utr}")

    try:
        payouts.mark_paid(line_id, form.utr.data, actor_id=current_user.id, before_commit=audited)
    except DomainError as exc:
        flash_error(exc)
    else:
        flash(_("Payout marked paid."), "success")
    return redirect(url_for("admin.payout_batch", batch_id=batch_id))


@bp.post("/payouts/lines/<int:line_id>/failed")
@cell_only
def payout_line_failed(line_id: int):
    batch_id = payouts.get_line(line_id).batch_id
    form = PayoutFailedForm()
    if not form.validate_on_submit():
        flash(_("Give the reason the bank gave for the failure (at most 300 characters)."), "error")
        return redirect(url_for("admin.payout_batch", batch_id=batch_id))

    def audited(line):
        audit.record(current_user, "payout.failed", line, after={"reason": line.failure_reason},
                     summary=f"{line.reference}: {line.failure_reason}")

    try:
        payouts.mark_failed(line_id, form.reason.data, actor_id=current_user.id, before_commit=audited)
    except DomainError as exc:
        flash_error(exc)
    else:
        flash(_("Payout marked failed; the money is back in the seller's balance."), "success")
    return redirect(url_for("admin.payout_batch", batch_id=batch_id))
