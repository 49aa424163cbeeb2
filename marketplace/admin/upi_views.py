"""The UPI desk (``/admin/upi``, ODOP cell only): UPI orders waiting for their money, the
officer's confirmation of a credit, the bank-statement import and the credits no order waits
for. Thin: the rules are in ``orders.upi``; this module adds the audit entries."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.admin import audit
from marketplace.admin.forms import MatchCreditForm, StatementImportForm, UpiConfirmForm
from marketplace.admin.money_views import csv_upload
from marketplace.admin.views import bp, cell_only
from marketplace.errors import DomainError
from marketplace.i18n import current_lang
from marketplace.money import InvalidAmount, format_paise, rupees_to_paise
from marketplace.orders import money_csv, upi
from marketplace.params import parse_id


def _page(status: int = 200, *, confirm: UpiConfirmForm | None = None, confirm_for: int | None = None,
          statement: StatementImportForm | None = None, errors=None, result=None,
          match: MatchCreditForm | None = None, match_for: int | None = None):
    return render_template("admin/upi.html", waiting=upi.waiting_orders(), credits=upi.unmatched_credits(),
                           pending_payment=upi.pending_upi_payment, amount_due=upi.amount_due,
                           confirm=confirm or UpiConfirmForm(formdata=None), confirm_for=confirm_for,
                           statement=statement or StatementImportForm(formdata=None), errors=errors or [],
                           result=result, match=match or MatchCreditForm(formdata=None), match_for=match_for,
                           reasons=upi.UNMATCHED_REASONS, upi_enabled=upi.upi_enabled()), status


@bp.get("/upi")
@cell_only
def upi_desk():
    return _page()


@bp.post("/upi/orders/<int:order_id>/confirm")
@cell_only
def upi_confirm(order_id: int):
    form = UpiConfirmForm()
    if form.validate_on_submit():
        def write_audit(payment, credit):
            audit.record(current_user, "upi.confirm", object_type="payments", object_id=payment.id,
                         after={"utr": credit.utr, "amount_paise": credit.amount_paise,
                                "credited_on": credit.credited_on.isoformat()},
                         summary=payment.order.number)
        try:
            payment = upi.confirm_received(order_id, utr_text=form.utr.data,
                                           amount_paise=rupees_to_paise(form.amount.data),
                                           credited_on=form.credited_on.data, actor_id=current_user.id,
                                           before_commit=write_audit)
        except InvalidAmount:
            form.amount.errors.append(_("Amounts are in rupees with at most two decimals."))
        except (upi.InvalidUtr, upi.UtrAlreadyUsed) as exc:
            form.utr.errors.append(str(exc.message))
        except DomainError as exc:
            form.amount.errors.append(str(exc.message))
        else:
            flash(_("Order %(number)s is paid (%(amount)s). The buyer and the sellers have been told.",
                    number=payment.order.number, amount=format_paise(payment.paid_paise, current_lang())), "success")
            return redirect(url_for("admin.upi_desk"))
    return _page(400, confirm=form, confirm_for=order_id)


@bp.post("/upi/statement")
@cell_only
def upi_statement():
    form = StatementImportForm()
    upload = csv_upload(form, "statement", _("Choose the statement file (CSV)."))
    if upload is None:
        return _page(400, statement=form)

    def write_audit(result):
        audit.record(current_user, "upi.statement", object_type="bank_credits",
                     after={"matched": len(result.matched), "unmatched": len(result.unmatched),
                            "repeated": len(result.repeated)},
                     summary=(upload.filename or "")[:100])
    try:
        result = upi.import_statement(upload.read(money_csv.MAX_BYTES + 1), actor_id=current_user.id,
                                      before_commit=write_audit)
    except upi.StatementInvalid as exc:
        form.statement.errors = [str(exc.message)]
        return _page(400, statement=form, errors=exc.params.get("errors", []))
    flash(_("Statement imported: %(matched)s orders paid, %(unmatched)s credits to look at, %(repeated)s imported "
            "before.", matched=len(result.matched), unmatched=len(result.unmatched), repeated=len(result.repeated)),
          "success")
    return _page(result=result)


@bp.post("/upi/credits/<int:credit_id>/match")
@cell_only
def upi_match(credit_id: int):
    form = MatchCreditForm()
    if form.validate_on_submit():
        def write_audit(payment, credit):
            audit.record(current_user, "upi.match", object_type="bank_credits", object_id=credit.id,
                         after={"utr": credit.utr, "order": payment.order.number}, summary=payment.order.number)
        try:
            payment = upi.match_credit(credit_id, form.order_number.data, actor_id=current_user.id,
                                       before_commit=write_audit)
        except upi.CreditNotFound as exc:
            flash(str(exc.message), "error")
            return redirect(url_for("admin.upi_desk"))
        except DomainError as exc:
            form.order_number.errors.append(str(exc.message))
        else:
            flash(_("Order %(number)s is paid. The buyer and the sellers have been told.",
                    number=payment.order.number), "success")
            return redirect(url_for("admin.upi_desk"))
    return _page(400, match=form, match_for=parse_id(credit_id))
