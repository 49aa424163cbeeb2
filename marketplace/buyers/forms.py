"""Forms of the meets, with lazily translated labels."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (DateField, DecimalField, EmailField, IntegerField, SelectField,
                     SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp
from marketplace.params import NumberRange  # safe with NaN and 400-digit numbers

from flask_babel import lazy_gettext as _l

from marketplace.buyers.matching import LANGUAGES
from marketplace.buyers.models import BuyerType, LeadStage, Outcome
from marketplace.money import Rupees

BUYER_TYPES = [
    (BuyerType.RETAIL.value, _l("Retail shop")),
    (BuyerType.WHOLESALER.value, _l("Wholesaler")),
    (BuyerType.EXPORTER.value, _l("Exporter")),
    (BuyerType.INSTITUTIONAL.value, _l("Institutional / GeM buyer")),
    (BuyerType.ONLINE.value, _l("Online seller")),
    (BuyerType.INDIVIDUAL.value, _l("Individual")),
]
OUTCOMES = [
    (Outcome.ORDER_EXPECTED.value, _l("An order is expected")),
    (Outcome.INTERESTED.value, _l("Interested, will follow up")),
    (Outcome.NOT_INTERESTED.value, _l("Not interested")),
]
STAGES = [
    (LeadStage.CONTACTED.value, _l("Contacted")),
    (LeadStage.NEGOTIATING.value, _l("Negotiating")),
    (LeadStage.WON.value, _l("Won")),
    (LeadStage.LOST.value, _l("Lost")),
]


class EmptyForm(FlaskForm):
    """Only the CSRF token, for one-button actions."""


class MeetForm(FlaskForm):
    title_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=200)])
    title_hi = StringField(_l("Name (Hindi)"), validators=[Optional(), Length(max=200)])
    district_ids = SelectMultipleField(_l("Districts"), coerce=int,
                                       validators=[DataRequired(_l("Choose at least one district."))])
    venue = StringField(_l("Venue"), validators=[DataRequired(), Length(max=255)])
    starts_on = DateField(_l("First day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day"), validators=[DataRequired()])
    registration_closes_on = DateField(_l("Registration closes on"), validators=[DataRequired()])
    meeting_minutes = IntegerField(_l("Meeting length (minutes)"), default=20,
                                   validators=[DataRequired(), NumberRange(5, 120)])
    slots_per_day = IntegerField(_l("Meeting slots per day"), default=12,
                                 validators=[DataRequired(), NumberRange(1, 40)])
    day_start = StringField(_l("First meeting starts at (HH:MM)"), default="10:00",
                            validators=[DataRequired(), Regexp(r"^([01]\d|2[0-3]):[0-5]\d$")])
    tables = IntegerField(_l("Tables"), default=20, validators=[DataRequired(), NumberRange(1, 2000)])
    break_after_slots = StringField(_l("Breaks after slot numbers (e.g. 6)"),
                                    validators=[Optional(), Regexp(r"^[\d,\s]*$"), Length(max=60)])


class RegisterForm(FlaskForm):
    unavailable = StringField(_l("Slots you cannot attend (numbers, comma-separated)"),
                              validators=[Optional(), Regexp(r"^[\d,\s]*$"), Length(max=300)])
    capacity = IntegerField(_l("Capacity (units a month)"),
                            validators=[Optional(), NumberRange(0, 10**9)])
    listing_ids = SelectMultipleField(_l("Listings you bring"), coerce=int, validators=[Optional()])


class OnBehalfForm(FlaskForm):
    email = EmailField(_l("Email of the participant's account"), validators=[DataRequired(), Email()])
    unavailable = StringField(_l("Slots they cannot attend"),
                              validators=[Optional(), Regexp(r"^[\d,\s]*$"), Length(max=300)])
    capacity = IntegerField(_l("Capacity (units a month)"),
                            validators=[Optional(), NumberRange(0, 10**9)])


class CsvForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(), FileAllowed(["csv"], _l("A .csv file, please."))])


class CheckInForm(FlaskForm):
    code = StringField(_l("Check-in code"), validators=[DataRequired(), Length(max=64)])
    reason = StringField(_l("Reason for checking in outside the meet's days"), validators=[Optional(), Length(max=200)])


class RequestForm(FlaskForm):
    message = TextAreaField(_l("Message (optional)"), validators=[Optional(), Length(max=1000)])


class OutcomeForm(FlaskForm):
    # no answer is chosen for the participant: the first choice is blank (issue #17.8)
    outcome = SelectField(_l("How did it go?"), choices=[("", _l("Choose…")), *OUTCOMES], validators=[DataRequired()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class LeadStageForm(FlaskForm):
    stage = SelectField(_l("Stage"), choices=STAGES, validators=[DataRequired()])
    value_rupees = DecimalField(_l("Order value (₹)"), places=2,
                                validators=[Optional(), NumberRange(min=0), Rupees()])


class ProfileForm(FlaskForm):
    buyer_type = SelectField(_l("I am a"), choices=BUYER_TYPES, validators=[DataRequired()])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=160)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=80)])
    state = StringField(_l("State"), validators=[Optional(), Length(max=80)])
    country = StringField(_l("Country"), default="India", validators=[Optional(), Length(max=80)])
    category_ids = SelectMultipleField(_l("Products you buy"), coerce=int, validators=[Optional()])
    district_ids = SelectMultipleField(_l("Districts you follow"), coerce=int, validators=[Optional()])
    monthly_volume_units = IntegerField(_l("Typical order volume (units a month)"),
                                        validators=[Optional(), NumberRange(0, 10**9)])
    budget_min_rupees = DecimalField(_l("Budget per unit from (₹)"), places=2,
                                     validators=[Optional(), NumberRange(min=0), Rupees()])
    budget_max_rupees = DecimalField(_l("Budget per unit up to (₹)"), places=2,
                                     validators=[Optional(), NumberRange(min=0), Rupees()])
    languages = SelectMultipleField(_l("Languages"), choices=list(LANGUAGES.items()),
                                    validators=[Optional()])
    export_markets = StringField(_l("Export markets (comma-separated)"),
                                 validators=[Optional(), Length(max=255)])


class EnquiryForm(FlaskForm):
    quantity = IntegerField(_l("Quantity"), validators=[DataRequired(), NumberRange(1, 10**9)])
    target_price_rupees = DecimalField(_l("Target price per unit (₹)"), places=2,
                                       validators=[Optional(), NumberRange(min=0), Rupees()])
    needed_by = DateField(_l("Needed by"), validators=[Optional()])
    message = TextAreaField(_l("Message"), validators=[Optional(), Length(max=2000)])


class QuoteForm(FlaskForm):
    """A seller's quote on a lead; quantity and price are checked by the quotes service."""

    listing_id = SelectField(_l("Listing"), coerce=int, validate_choice=False,
                             validators=[DataRequired(_l("Choose one of your listings."))])
    quantity = StringField(_l("Quantity (units)"), validators=[DataRequired(), Length(max=12)])
    unit_price_rupees = StringField(_l("Agreed price per unit (₹)"),
                                    validators=[DataRequired(), Length(max=20)])
    valid_until = DateField(_l("Valid until"), validators=[DataRequired()])
    note = TextAreaField(_l("Terms and note for the buyer (optional)"),
                         validators=[Optional(), Length(max=2000)])
