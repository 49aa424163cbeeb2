"""Forms of the returns pages (issue #19.2). They only carry what was typed: every rule (lengths,
control characters, the window, the UPI and IFSC formats, the photos) is the service's
(``returns.py``), whose errors the views put on the field they belong to."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, MultipleFileField, RadioField, SelectField, StringField, TextAreaField

from .return_states import CONDITIONS, RETURN_REASONS


def strip(value):
    return value.strip() if isinstance(value, str) else value


class ReturnRequestForm(FlaskForm):
    line_id = HiddenField()
    quantity = StringField(_l("How many to return"), filters=[strip], default="1")
    reason = SelectField(_l("Why are you returning it?"), validate_choice=False)
    details = TextAreaField(_l("Describe the problem"), filters=[strip])
    photos = MultipleFileField(_l("Photos (up to 4: JPEG, PNG or WebP, 5 MB each)"),
                               render_kw={"accept": "image/jpeg,image/png,image/webp"})
    refund_upi = StringField(_l("UPI id for the refund (like name@bank)"), filters=[strip])
    refund_account = StringField(_l("Or bank account number"), filters=[strip], render_kw={"inputmode": "numeric"})
    refund_ifsc = StringField(_l("IFSC of the branch"), filters=[strip])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = [("", _l("Choose a reason"))] + [(k, v) for k, v in RETURN_REASONS.items()]


class ReturnAnswerForm(FlaskForm):
    decision = RadioField(_l("Your answer"), choices=[("accept", _l("Accept the return")),
                                                      ("refuse", _l("Refuse the return"))], validate_choice=False)
    note = TextAreaField(_l("Reason (needed to refuse)"), filters=[strip])


class ReturnShipForm(FlaskForm):
    carrier = StringField(_l("Carrier"), filters=[strip])
    tracking = StringField(_l("Tracking number of the parcel sent back"), filters=[strip])


class ReturnReceiveForm(FlaskForm):
    condition = RadioField(_l("Condition of the item received"), choices=list(CONDITIONS.items()),
                           validate_choice=False)


class ReturnPaidForm(FlaskForm):
    reference = StringField(_l("Payment reference (UTR)"), filters=[strip])
