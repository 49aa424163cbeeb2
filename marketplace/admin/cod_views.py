"""Cash on delivery at the ODOP cell (``/admin/cod``): what couriers collected and have not paid
over, and the import of their remittance files. Thin: the rules are in ``orders.cod``."""
from __future__ import annotations

from flask import flash, render_template
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.admin import audit
from marketplace.admin.forms import RemittanceImportForm
from marketplace.admin.money_views import csv_upload
from marketplace.admin.views import bp, cell_only
from marketplace.database import utcnow
from marketplace.orders import cod, money_csv


def _page(status: int = 200, *, form: RemittanceImportForm | None = None, errors=None, result=None):
    rows = cod.outstanding()
    return render_template("admin/cod.html", outstanding=rows, total=sum(s.total_paise for s, _ in rows),
                           now=utcnow(), recent=cod.recent_remittances(), form=form or RemittanceImportForm(formdata=None),
                           errors=errors or [], result=result), status


@bp.get("/cod")
@cell_only
def cod_desk():
    return _page()


@bp.post("/cod/remittances")
@cell_only
def cod_import():
    form = RemittanceImportForm()
    upload = csv_upload(form, "remittance", _("Choose the remittance file (CSV)."))
    if upload is None:
        return _page(400, form=form)

    def write_audit(result):
        audit.record(current_user, "cod.remittance", object_type="cod_remittances",
                     after={"recorded": len(result.recorded), "repeated": len(result.repeated),
                            "paise": sum(r.amount_paise for r in result.recorded)},
                     summary=(upload.filename or "")[:100])
    try:
        result = cod.import_remittance(upload.read(money_csv.MAX_BYTES + 1), actor_id=current_user.id,
                                       before_commit=write_audit)
    except cod.RemittanceInvalid as exc:
        form.remittance.errors = [str(exc.message)]
        return _page(400, form=form, errors=exc.params.get("errors", []))
    flash(_("Remittance recorded for %(recorded)s shipments; %(repeated)s were recorded before.",
            recorded=len(result.recorded), repeated=len(result.repeated)), "success")
    return _page(result=result)
