"""Subsidy claims and policy versions pages (``/admin/claims``, ``/admin/policy``). Thin."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from marketplace import storage
from marketplace.admin import monitoring, subsidy_claims
from marketplace.admin.exports import CSV_MEDIA_TYPE, export_filename, to_csv
from marketplace.admin.forms import ClaimDecisionForm, ConfirmDeliveryForm, PolicyForm
from marketplace.admin.periods import FinancialYear
from marketplace.admin.scope import visible_districts
from marketplace.admin.views import _download, _int_arg, bp, cell_only, staff_only
from marketplace.catalog.errors import InvalidImage
from marketplace.catalog.models import officer_district_ids
from marketplace.catalog.sellers import payout_problem
from marketplace.errors import DomainError, flash_error
from marketplace.money import rupees_to_paise
from marketplace.params import page_number
from marketplace.orders import claims as order_claims
from marketplace.orders.models import ClaimStatus
from marketplace.orders.shipping import proof as delivery_proof
from marketplace.orders.states import label as status_label
from marketplace.orders.subsidy import PolicyTerms, stored_policy_in_force
from marketplace.storage.serving import send_stored

FILTER_ARGS = ("district", "month", "seller", "status", "proof")


def _claim_filter() -> subsidy_claims.ClaimFilter:
    status = request.args.get("status") or None
    if status and status not in {s.value for s in ClaimStatus}:
        raise monitoring.BadReportRequest()
    month = request.args.get("month")
    proof = request.args.get("proof") or None
    if proof not in (None, "needed"):
        raise monitoring.BadReportRequest()
    return subsidy_claims.ClaimFilter(
        district_id=_int_arg("district"), month=monitoring.parse_month(month) if month else None,
        seller_id=_int_arg("seller"), status=status, needs_proof=proof == "needed")


@bp.get("/claims")
@staff_only
def claims():
    filters = _claim_filter()
    page = subsidy_claims.claims_page(current_user, filters, page_number(request.args.get("page")))
    rows = page.items
    totals = subsidy_claims.totals_by_status(current_user, filters)
    policy = stored_policy_in_force()
    fy = FinancialYear.of(filters.month.first_day) if filters.month else FinancialYear.of(monitoring.Month.current().first_day)
    return render_template(
        "admin/claims.html", claims=rows, page=page, filters=filters, form=ClaimDecisionForm(),
        totals=totals, labels=order_claims.CLAIM_LABELS, policy=policy,
        # why a claim still to be paid cannot be (no complete bank details), beside the claim
        payout_problems={c.id: payout_problem(c.suborder.seller if c.suborder else None) for c in rows
                         if c.status in (ClaimStatus.CLAIMED, ClaimStatus.APPROVED)},
        cap_use=subsidy_claims.cap_use({c.seller_id for c in rows}, fy.start_year, policy), fy=fy,
        districts=visible_districts(current_user), args={k: request.args[k] for k in FILTER_ARGS if request.args.get(k)},
        # proof of delivery (issue #13.5): which claims may be approved, and a form for the others
        proof_officers=subsidy_claims.proof_officers(rows), confirm_form=ConfirmDeliveryForm(),
    )


@bp.post("/claims/decide")
@staff_only
def claims_decide():
    form = ClaimDecisionForm()
    back = {k: request.args[k] for k in FILTER_ARGS if request.args.get(k)}
    if not form.validate_on_submit():
        flash(_("Please check the decision and try again."), "error")
        return redirect(url_for("admin.claims", **back))
    try:
        result = subsidy_claims.decide(current_user, form.claim_ids.data or [], form.action.data,
                                       reason=form.reason.data, dbt_reference=form.dbt_reference.data)
    except DomainError as exc:
        flash_error(exc)
        return redirect(url_for("admin.claims", **back))
    if result.done:
        flash(ngettext("%(num)s claim updated.", "%(num)s claims updated.", len(result.done)), "success")
    for claim_id, message in result.refused:
        flash(_("Claim %(id)s: %(message)s", id=claim_id, message=message), "error")
    return redirect(url_for("admin.claims", **back))


@bp.get("/claims.csv")
@staff_only
def claims_export():
    filters = _claim_filter()
    rows = subsidy_claims.list_claims(current_user, filters)
    stem = "odop-freight-subsidy-claims" + (f"-{filters.month.key}" if filters.month else "")
    return _download(to_csv(subsidy_claims.claims_table(rows)), CSV_MEDIA_TYPE, export_filename(stem, "csv"))


@bp.route("/deliveries/<int:suborder_id>/confirm", methods=["GET", "POST"])
@staff_only
def confirm_delivery(suborder_id: int):
    """Confirm a delivery by hand with a reason and a proof file (a DIC officer: own districts)."""
    districts = officer_district_ids(current_user)
    sub = delivery_proof.confirmable(suborder_id, district_ids=districts)  # 404 outside them
    form = ConfirmDeliveryForm()
    back = {k: request.args[k] for k in FILTER_ARGS if request.args.get(k)}
    problem = None
    if form.validate_on_submit():
        upload = form.proof.data
        named = upload is not None and bool(getattr(upload, "filename", ""))
        data = upload.read(delivery_proof.MAX_PROOF_BYTES + 1) if named else b""
        if upload is not None and hasattr(upload, "close"):
            upload.close()  # a large upload is spooled to a temporary file
        try:
            delivery_proof.confirm_delivery_by_hand(
                sub.id, actor_id=current_user.id, district_ids=districts, reason=form.reason.data, proof=data,
                filename=upload.filename if named else "", content_type=upload.mimetype if named else "")
        except InvalidImage as exc:
            form.proof.errors.append(str(exc.message))
        except delivery_proof.ProofError as exc:
            if exc.field:
                getattr(form, exc.field).errors.append(str(exc.message))
            else:
                problem = str(exc.message)
        except DomainError as exc:  # the order changed meanwhile
            problem = str(exc.message)
        else:
            flash(_("Delivery of order %(number)s confirmed. Its subsidy claim can now be approved.",
                    number=sub.number), "success")
            return redirect(url_for("admin.claims", **back))
    elif request.method == "POST":
        problem = _("Please check the form and try again.")
    return render_template("admin/confirm_delivery.html", sub=sub, form=form, back=back, problem=problem,
                           status_label=status_label), 400 if (form.errors or problem) else 200


@bp.get("/deliveries/<int:suborder_id>/proof")
@staff_only
def delivery_proof_file(suborder_id: int):
    """The proof file an officer uploaded: only to staff of the seller's district. A PDF is
    downloaded (never run in our pages), a photo shown; neither may load or run anything."""
    key, media_type = subsidy_claims.delivery_proof_file(current_user, suborder_id)
    is_pdf = media_type == "application/pdf"
    response = send_stored(storage.proofs(), key, cache_control=storage.PRIVATE_NO_STORE, mimetype=media_type,
                           download_name=f"proof-of-delivery-{suborder_id}.{'pdf' if is_pdf else 'jpg'}",
                           as_attachment=is_pdf)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _paise(value) -> int | None:
    return None if value is None else rupees_to_paise(value)


@bp.route("/policy", methods=["GET", "POST"])
@cell_only
def policy():
    form = PolicyForm()
    if form.validate_on_submit():
        try:
            caps = {zone: _paise(getattr(form, f"cap_{zone}").data)
                    for zone in ("same_district", "within_up", "rest_of_india", "abroad")}
            terms = PolicyTerms(
                version=form.version.data.strip(), effective_from=form.effective_from.data, effective_to=None,
                percent_bp=int(round(form.percent.data * 100)),
                shipment_cap_paise={k: v for k, v in caps.items() if v is not None},
                annual_cap_paise=_paise(form.annual_cap.data), max_claims_per_year=form.max_claims.data)
            subsidy_claims.add_policy_version(current_user, terms, notes=form.notes.data or "")
        except DomainError as exc:
            form.version.errors.append(str(exc.message))
        except ValueError:  # InvalidAmount (three decimals…) or terms PolicyTerms refuses
            form.version.errors.append(_("Amounts are in rupees with at most two decimals, and the caps may not be negative."))
        else:
            flash(_("The new policy version is saved. Orders already placed keep their subsidy decisions."), "success")
            return redirect(url_for("admin.policy"))
    return render_template("admin/policy.html", form=form, versions=order_claims.policy_versions(),
                           in_force=stored_policy_in_force()), 400 if form.errors else 200
