"""Orders forms; labels and messages are lazy so they follow the request's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError
from marketplace.params import NumberRange  # safe with NaN and 400-digit numbers
from wtforms import SelectMultipleField
from wtforms.validators import InputRequired
from marketplace.params import has_control_characters

from marketplace.i18n import current_lang
from marketplace.india import all_regions, normalise_pin

from .addresses import place_of_pin
from .errors import AddressInvalid


def strip(value):
    return value.strip() if isinstance(value, str) else value


class AddToCartForm(FlaskForm):
    listing_id = HiddenField(validators=[DataRequired()])
    quantity = IntegerField(_l("Quantity"), default=1,
                            validators=[DataRequired(message=_l("Enter how many units you want.")),
                                        NumberRange(min=1, max=100000,
                                                    message=_l("Enter a whole number of units between 1 and 100000."))])
    next = HiddenField()


class CartLineForm(FlaskForm):
    listing_id = HiddenField(validators=[DataRequired()])
    quantity = IntegerField(_l("Quantity"),
                            validators=[NumberRange(min=0, max=100000,
                                                    message=_l("Enter a whole number of units between 0 and 100000."))])


class AddressForm(FlaskForm):
    """A delivery address. The PIN code comes first: the district and state are the PIN's (the
    page fills them in from ``/api/v1/pins/<pin>``; without JavaScript they may stay empty and
    the server fills them), and a chosen state that is not the PIN's is refused."""

    full_name = StringField(_l("Full name"), filters=[strip], validators=[DataRequired(), Length(max=120)])
    phone = StringField(_l("Mobile number"), filters=[strip],
                        validators=[DataRequired(), Regexp(r"^(\+91|0)?[\s-]*[6-9](?:[\s-]*\d){9}$",
                                                           message=_l("Enter a 10-digit Indian mobile number."))])
    pin_code = StringField(_l("PIN code"), filters=[strip], validators=[DataRequired(), Length(max=12)])
    line1 = StringField(_l("House, street"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    line2 = StringField(_l("Area, landmark (optional)"), filters=[strip], validators=[Optional(), Length(max=200)])
    city = StringField(_l("City, town or village"), filters=[strip], validators=[Optional(), Length(max=100)])
    district = StringField(_l("District"), filters=[strip], validators=[Optional(), Length(max=100)])
    state_code = SelectField(_l("State or union territory"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_lang()
        states = [r for r in all_regions() if r.kind == "state"]
        uts = [r for r in all_regions() if r.kind == "ut"]
        name = (lambda r: r.name_hi) if lang == "hi" else (lambda r: r.name_en)
        self.state_code.choices = {
            str(_l("From the PIN code")): [("", str(_l("From the PIN code")))],
            str(_l("States")): [(r.code, name(r)) for r in states],
            str(_l("Union territories")): [(r.code, name(r)) for r in uts],
        }

    def validate_pin_code(self, field):
        """The directory must know the PIN, and a chosen state must be the PIN's (see
        addresses.place_of_pin)."""
        pin = normalise_pin(field.data)
        if pin is None:
            raise ValidationError(str(_l("Enter the 6-digit PIN code.")))
        try:
            place_of_pin(pin, self.state_code.data or None)
        except AddressInvalid as exc:
            raise ValidationError(str(exc.message)) from None


class CheckoutForm(FlaskForm):
    address_id = HiddenField(validators=[DataRequired()])
    payment_method = RadioField(_l("How will you pay?"), choices=[
        ("cod", _l("Cash on delivery")), ("upi", _l("UPI (BHIM, PhonePe, Google Pay, Paytm or your bank's app)")),
        ("card", _l("Card (debit or credit)"))], default="cod",
        validators=[DataRequired()])
    checkout_token = HiddenField(validators=[DataRequired()])
    expected_charges_paise = HiddenField()


class UtrForm(FlaskForm):
    """The buyer's UPI transaction reference after paying (checked by ``upi.clean_utr``)."""
    utr = StringField(_l("UPI transaction reference (UTR)"), filters=[strip],
                      validators=[DataRequired(message=_l("Enter the 12-digit UPI transaction reference (UTR) your "
                                                          "UPI app shows, digits only.")), Length(max=40)],
                      render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 40})


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Reason for cancelling"), filters=[strip],
                           validators=[DataRequired(message=_l("Give a reason for cancelling the order.")),
                                       Length(max=300)])


class ShipForm(FlaskForm):
    carrier = StringField(_l("Carrier"), filters=[strip], validators=[DataRequired(), Length(max=80)])
    tracking_number = StringField(_l("Tracking number"), filters=[strip],
                                  validators=[DataRequired(), Length(max=80)])


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token (accept, delivered)."""


# -- shipping (issue #13): book with the courier, ship by hand, book several at once ------------
WEIGHT_MESSAGE = _l("Enter the weight in whole grams, from 1 to 50000.")
SIDE_MESSAGE = _l("Enter each side in whole centimetres, from 1 to 200.")


def _parcel_field(label, maximum, message, *, required: bool, id: str | None = None):
    first = InputRequired(message=message) if required else Optional()
    return IntegerField(label, validators=[first, NumberRange(min=1, max=maximum, message=message)], id=id)


def _single_line(form, field):
    if has_control_characters(field.data, newlines=False):
        raise ValidationError(_l("Remove the invisible control characters from this field."))


class BookShipmentForm(FlaskForm):
    """Book the parcel with the courier service: its weight and size (prefilled from the listings,
    ``service.parcel_for``) and, when the courier gave prices, the courier chosen (empty: the
    courier service picks)."""

    weight_g = _parcel_field(_l("Weight (g)"), 50_000, WEIGHT_MESSAGE, required=True)
    length_cm = _parcel_field(_l("Length (cm)"), 200, SIDE_MESSAGE, required=True)
    width_cm = _parcel_field(_l("Width (cm)"), 200, SIDE_MESSAGE, required=True)
    height_cm = _parcel_field(_l("Height (cm)"), 200, SIDE_MESSAGE, required=True)
    courier_id = StringField(_l("Courier"), filters=[strip], validators=[Optional(), Length(max=40), _single_line])


class ManualShipForm(ShipForm):
    """"I shipped it myself": the carrier, its tracking number and the parcel (optional: left
    empty, it is the listings' one)."""

    # the booking form is on the same page: its own ids, so each label names its own input
    weight_g = _parcel_field(_l("Weight (g)"), 50_000, WEIGHT_MESSAGE, required=False, id="manual-weight_g")
    length_cm = _parcel_field(_l("Length (cm)"), 200, SIDE_MESSAGE, required=False, id="manual-length_cm")
    width_cm = _parcel_field(_l("Width (cm)"), 200, SIDE_MESSAGE, required=False, id="manual-width_cm")
    height_cm = _parcel_field(_l("Height (cm)"), 200, SIDE_MESSAGE, required=False, id="manual-height_cm")

    def validate_carrier(self, field):
        _single_line(self, field)

    def validate_tracking_number(self, field):
        _single_line(self, field)


#: at most this many sub-orders are booked by one "Book selected"
BULK_LIMIT = 50


class BulkBookForm(FlaskForm):
    """The queue's checkboxes (``suborder_id``, one per accepted sub-order); the view reads the
    ids with ``parse_id``, so a made-up one is reported as not found."""

    suborder_id = SelectMultipleField(choices=[], validate_choice=False)


#: the star choices of the review form, best first as people read them
RATING_CHOICES = [("5", _l("5 stars: excellent")), ("4", _l("4 stars: good")), ("3", _l("3 stars: average")),
                  ("2", _l("2 stars: poor")), ("1", _l("1 star: very poor"))]


class ReviewForm(FlaskForm):
    """A buyer's rating and review of a delivered line; the rules are ``orders/reviews.py``'s
    (the form only carries the values, so the API and the page give the same answers)."""

    rating = RadioField(_l("Your rating"), choices=RATING_CHOICES, validate_choice=False)
    text = TextAreaField(_l("Your review (optional, in Hindi or English)"))
    language = SelectField(_l("Language of the review"), choices=[
        ("", _l("Find out from the text")), ("hi", _l("Hindi")), ("en", _l("English"))], validate_choice=False)
    photos = MultipleFileField(_l("Photos (optional, up to 4; JPEG, PNG or WebP)"),
                               render_kw={"accept": "image/jpeg,image/png,image/webp"})
