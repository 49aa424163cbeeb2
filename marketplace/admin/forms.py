"""Forms of the ODOP cell and DIC pages (labels translated lazily)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, DecimalField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from marketplace.params import NumberRange  # safe with NaN and 400-digit numbers

from marketplace.admin.freight_rates import ZONES, field_name
from marketplace.admin.helpdesk import MAX_BODY, MAX_SUBJECT, TOPIC_LABELS


class RejectSellerForm(FlaskForm):
    reason = TextAreaField(_l("Reason (the seller will read this)"),
                           validators=[DataRequired(_l("Please give the reason for rejecting.")), Length(max=500)])


class ActionForm(FlaskForm):
    """A button-only POST (verify, close): the CSRF token is all it carries."""


class CategoryForm(FlaskForm):
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=120)])
    name_hi = StringField(_l("Name in Hindi"), validators=[DataRequired(), Length(max=120)])
    slug = StringField(_l("Short name for web addresses (a–z, 0–9, -)"), validators=[Optional(), Length(max=80)])


class DistrictProductForm(FlaskForm):
    category_id = SelectField(_l("ODOP product"), coerce=int)


class AskForm(FlaskForm):
    district_id = SelectField(_l("Your district"), coerce=int)
    topic = SelectField(_l("Topic"), choices=[(k.value, v) for k, v in TOPIC_LABELS.items()])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=MAX_SUBJECT)])
    body = TextAreaField(_l("Your question"), validators=[DataRequired(), Length(max=MAX_BODY)])


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your answer"), validators=[DataRequired(), Length(max=MAX_BODY)])


class FollowUpForm(FlaskForm):
    body = TextAreaField(_l("Your message"), validators=[DataRequired(), Length(max=MAX_BODY)])


class ClaimDecisionForm(FlaskForm):
    """A decision on the claims ticked in the list."""

    claim_ids = SelectMultipleField(_l("Claims"), coerce=int, validate_choice=False)
    action = SelectField(_l("Decision"), choices=[("approve", _l("Approve")), ("reject", _l("Reject")),
                                                  ("pay", _l("Mark paid"))])
    reason = StringField(_l("Reason (for a rejection)"), validators=[Optional(), Length(max=300)])
    dbt_reference = StringField(_l("DBT reference (for a payment)"), validators=[Optional(), Length(max=40)])


class ConfirmDeliveryForm(FlaskForm):
    """An officer confirms a delivery by hand (issue #13.5). The service checks both fields (one
    rule for the reason and the file), so the form adds no validators of its own."""

    reason = TextAreaField(_l("Why you confirm the delivery by hand (3 to 300 characters)"),
                           render_kw={"maxlength": 300, "rows": 3})
    proof = FileField(_l("Proof of delivery: a photo (JPEG, PNG or WebP) or a PDF, up to 5 MB"),
                      render_kw={"accept": "image/jpeg,image/png,image/webp,application/pdf"})


MAX_RUPEES = 10_00_00_000  # ₹10 crore: far above any freight cap, well inside the paise column


class PolicyForm(FlaskForm):
    """A new version of the freight-subsidy policy. Amounts in rupees; an empty cap means that
    destination is not covered (or, for the yearly limits, no limit)."""

    version = StringField(_l("Version name"), validators=[DataRequired(), Length(max=40)])
    effective_from = DateField(_l("In force from"), validators=[DataRequired()])
    percent = DecimalField(_l("Share of freight paid (%)"), places=2,
                           validators=[DataRequired(), NumberRange(min=0, max=100)])
    cap_same_district = DecimalField(_l("Cap per shipment within the district (₹)"), validators=[Optional(), NumberRange(min=0, max=MAX_RUPEES)])
    cap_within_up = DecimalField(_l("Cap per shipment elsewhere in Uttar Pradesh (₹)"), validators=[Optional(), NumberRange(min=0, max=MAX_RUPEES)])
    cap_rest_of_india = DecimalField(_l("Cap per shipment to the rest of India (₹)"), validators=[Optional(), NumberRange(min=0, max=MAX_RUPEES)])
    cap_abroad = DecimalField(_l("Cap per shipment abroad (₹)"), validators=[Optional(), NumberRange(min=0, max=MAX_RUPEES)])
    annual_cap = DecimalField(_l("Cap per seller per financial year (₹)"), validators=[Optional(), NumberRange(min=0, max=MAX_RUPEES)])
    max_claims = IntegerField(_l("Claims per seller per financial year"), validators=[Optional(), NumberRange(min=0, max=1000)])
    notes = TextAreaField(_l("Government order and notes"), validators=[Optional(), Length(max=2000)])


class RefundForm(FlaskForm):
    """A card refund of one shipment by the ODOP cell. An empty amount refunds the whole shipment."""

    amount = DecimalField(_l("Amount to refund (₹)"), places=2,
                          validators=[Optional(), NumberRange(min=0.01, max=MAX_RUPEES,
                                                              message=_l("Enter an amount above zero."))])
    reason = TextAreaField(_l("Reason (kept in the history and the audit log)"),
                           validators=[DataRequired(_l("Please give the reason for the refund.")), Length(max=300)])
    # a UPI-paid shipment: the ODOP cell sends the money back itself and gives the transfer's UTR
    reference = StringField(_l("Reference of your transfer to the buyer (UTR)"), validators=[Optional(), Length(max=40)])


MAX_RATE_BANDS = 6  # weight bands per destination on the form (empty rows are ignored)


def _rate_form_class():
    """The new-freight-rate-version form: name, date, divisor, note, and per zone
    ``MAX_RATE_BANDS`` rows of (weight up to, in grams; price, in rupees) plus the price of each
    extra kilogram. Text fields: ``freight_rates.draft_from_form`` parses them with translated
    messages."""
    attrs = {
        "label": StringField(_l("Version name")),
        "effective_date": StringField(_l("Takes effect on"), render_kw={"type": "date"}),
        "volumetric_divisor": StringField(_l("Volumetric divisor (cm³ per kg)"), render_kw={"inputmode": "numeric"}),
        "note": TextAreaField(_l("Reason and source (tariff, circular)")),
    }
    for zone in ZONES:
        for i in range(MAX_RATE_BANDS):
            attrs[field_name(zone, "weight", i)] = StringField(_l("Up to (grams)"), render_kw={"inputmode": "numeric"})
            attrs[field_name(zone, "price", i)] = StringField(_l("Price (₹)"), render_kw={"inputmode": "decimal"})
        attrs[field_name(zone, "extra")] = StringField(_l("Each further kilogram (₹)"), render_kw={"inputmode": "decimal"})
    return type("FreightRatesForm", (FlaskForm,), attrs)


FreightRatesForm = _rate_form_class()


class UpiConfirmForm(FlaskForm):
    """An officer confirms a UPI payment seen in the collecting account (``orders.upi``)."""

    utr = StringField(_l("UPI transaction reference (UTR)"),
                      validators=[DataRequired(_l("Enter the 12-digit UTR of the credit.")), Length(max=40)],
                      render_kw={"inputmode": "numeric", "autocomplete": "off"})
    amount = DecimalField(_l("Amount received (₹)"), places=2,
                          validators=[DataRequired(_l("Enter the amount received.")),
                                      NumberRange(min=0.01, max=MAX_RUPEES, message=_l("Enter an amount above zero."))])
    credited_on = DateField(_l("Credited on"), validators=[DataRequired(_l("Enter the date of the credit."))])


class StatementImportForm(FlaskForm):
    """A bank statement of credits on the collecting account (CSV: date, amount, utr, remark)."""

    statement = FileField(_l("Bank statement (CSV with the columns date, amount, utr, remark)"),
                          render_kw={"accept": ".csv,text/csv"})


class MatchCreditForm(FlaskForm):
    """An officer names the order an unmatched credit pays."""

    order_number = StringField(_l("Order number"), validators=[DataRequired(_l("Enter the order number, e.g. OB0000042.")),
                                                               Length(max=20)])


class RemittanceImportForm(FlaskForm):
    """A courier's cash-on-delivery remittance file (CSV: awb, amount, remitted_on, reference)."""

    remittance = FileField(_l("Courier's remittance file (CSV with the columns awb, amount, remitted_on, reference)"),
                           render_kw={"accept": ".csv,text/csv"})


class HideReviewForm(FlaskForm):
    """The ODOP cell hides a review: the reason is kept with it and in the audit log."""

    reason = StringField(_l("Why is it hidden? (kept in the audit log)"),
                         validators=[DataRequired(_l("Say why the review is hidden."))])


class PayoutBatchForm(FlaskForm):
    """The ODOP cell picks the sellers of a payout batch (none ticked: every seller with money
    due). An amount smaller than the balance is typed per seller (``amount-<seller id>``, read
    by the view)."""

    seller_ids = SelectMultipleField(_l("Sellers"), coerce=int, validate_choice=False)


class PayoutPaidForm(FlaskForm):
    """The bank's UTR for one payout line (the service checks its form and that it is new)."""

    utr = StringField(_l("UTR (bank reference)"), validators=[DataRequired(), Length(max=40)])


class PayoutFailedForm(FlaskForm):
    reason = StringField(_l("Why the bank could not pay"), validators=[DataRequired(), Length(max=300)])
