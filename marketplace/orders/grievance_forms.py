"""The complaint forms (buyer, seller, officer). The rules (lengths, control characters, who
may do what) are checked again by ``grievances.py``; the forms give the first, friendly error."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from .grievance_states import CATEGORY_LABELS, OUTCOME_LABELS
from .grievances import MAX_NOTE, MAX_SUBJECT, MAX_TEXT, MIN_SUBJECT, MIN_TEXT


def strip(value):
    return value.strip() if isinstance(value, str) else value


class ComplaintForm(FlaskForm):
    """A new complaint about one order; ``suborder_id``'s choices are the order's sellers."""

    suborder_id = SelectField(_l("Which part of the order"), validators=[InputRequired()], validate_choice=False)
    category = RadioField(_l("What went wrong"), choices=[(k.value, v) for k, v in CATEGORY_LABELS.items()],
                          validators=[InputRequired(message=_l("Choose what the complaint is about."))])
    subject = StringField(_l("Subject"), filters=[strip], validators=[
        DataRequired(message=_l("Write a short subject.")),
        Length(min=MIN_SUBJECT, max=MAX_SUBJECT,
               message=_l("Write a subject of %(min)d to %(max)d characters.", min=MIN_SUBJECT, max=MAX_SUBJECT))])
    text = TextAreaField(_l("What happened, and what would you like done?"), filters=[strip], validators=[
        DataRequired(message=_l("Describe the problem.")),
        Length(min=MIN_TEXT, max=MAX_TEXT,
               message=_l("Write %(min)d to %(max)d characters.", min=MIN_TEXT, max=MAX_TEXT))])


class ComplaintMessageForm(FlaskForm):
    text = TextAreaField(_l("Your message"), filters=[strip], validators=[
        DataRequired(message=_l("Write a message.")),
        Length(max=MAX_TEXT, message=_l("Write at most %(max)d characters.", max=MAX_TEXT))])


class WithdrawComplaintForm(FlaskForm):
    note = TextAreaField(_l("Why (optional)"), filters=[strip], validators=[
        Optional(), Length(max=MAX_NOTE, message=_l("Write at most %(max)d characters.", max=MAX_NOTE))])


class ResolveComplaintForm(FlaskForm):
    outcome = RadioField(_l("Outcome"), choices=[(k.value, v) for k, v in OUTCOME_LABELS.items()],
                         validators=[InputRequired(message=_l("Choose the outcome: refund, replacement or rejected."))])
    note = TextAreaField(_l("Note to the buyer (the reason, if rejected)"), filters=[strip], validators=[
        Optional(), Length(max=MAX_NOTE, message=_l("Write at most %(max)d characters.", max=MAX_NOTE))])
