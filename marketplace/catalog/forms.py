"""Catalog forms: seller profile, listing, photos, quick stock, CSV upload, verification."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from marketplace.params import NumberRange  # safe with NaN and 400-digit numbers

from marketplace.catalog.models import SellerType
from marketplace.catalog.listing_rules import MAX_STOCK, STOCK_MESSAGE
from marketplace.catalog.return_policy import CONDITIONS


def strip(value):
    return value.strip() if isinstance(value, str) else value


SELLER_TYPE_LABELS = {
    SellerType.ARTISAN: _l("Individual artisan"),
    SellerType.SHG: _l("Self-help group (SHG)"),
    SellerType.FPO: _l("Farmer producer organisation (FPO)"),
    SellerType.COOPERATIVE: _l("Cooperative society"),
    SellerType.MSME: _l("MSME unit"),
    SellerType.EXPORTER: _l("Exporter"),
}
STATUS_LABELS = {"draft": _l("Draft (only you see it)"), "published": _l("Published (buyers see it)"),
                 "archived": _l("Archived")}
# A seller's status reads the same to the seller and to the officer (it said "Waiting for
# verification / Not verified" on the officer's pages): one table, beside the listing statuses.
SELLER_STATUS_LABELS = {"pending": _l("Awaiting verification"), "verified": _l("Verified"),
                        "rejected": _l("Needs changes")}
STATUS_SHORT = {"draft": _l("Draft"), "published": _l("Published"), "archived": _l("Archived"),
                **SELLER_STATUS_LABELS}
GST_CHOICES = [("", _l("Not set")), ("0", "0%"), ("0.25", "0.25%"), ("3", "3%"), ("5", "5%"), ("12", "12%"),
               ("18", "18%"), ("28", "28%")]
TIER_ROWS = 3


class SellerProfileForm(FlaskForm):
    enterprise_name_en = StringField(_l("Enterprise name (English)"), filters=[strip], validators=[Length(max=160)])
    enterprise_name_hi = StringField(_l("Enterprise name (Hindi)"), filters=[strip], validators=[Length(max=160)])
    seller_type = SelectField(_l("Type of enterprise"), choices=[(k.value, v) for k, v in SELLER_TYPE_LABELS.items()])
    district_id = SelectField(_l("District"), coerce=int, validators=[DataRequired(message=_l("Choose the district."))])
    address = TextAreaField(_l("Address"), filters=[strip], validators=[Length(max=500)])
    city = StringField(_l("Town or city"), filters=[strip], validators=[Length(max=80)])
    pin_code = StringField(_l("PIN code"), filters=[strip], validators=[Length(max=10)])
    phone = StringField(_l("Mobile number"), filters=[strip], validators=[Length(max=20)])
    udyam_number = StringField(_l("Udyam registration number"), filters=[strip], validators=[Length(max=30)])
    gstin = StringField(_l("GSTIN (optional)"), filters=[strip], validators=[Length(max=20)])
    gi_tags = StringField(_l("GI tags held (optional, comma-separated)"), filters=[strip], validators=[Length(max=300)])
    story_en = TextAreaField(_l("Your craft's story (English)"), filters=[strip], validators=[Length(max=2000)])
    story_hi = TextAreaField(_l("Your craft's story (Hindi)"), filters=[strip], validators=[Length(max=2000)])
    upi_id = StringField(_l("UPI id for payments (optional)"), filters=[strip], validators=[Length(max=100)])
    bank_account_name = StringField(_l("Bank account name (optional)"), filters=[strip], validators=[Length(max=120)])
    bank_ifsc = StringField(_l("IFSC code (optional)"), filters=[strip], validators=[Length(max=11)])
    bank_account_number = StringField(_l("Bank account number (optional)"), filters=[strip], validators=[Length(max=24)])
    bank_account_number_confirm = StringField(_l("Bank account number again"), filters=[strip],
                                              validators=[Length(max=24)])
    capacity_units_per_month = IntegerField(_l("Units you can make per month (optional)"),
                                            validators=[Optional(), NumberRange(min=0, max=10_000_000, message=_l(
                                                "Capacity must be a whole number from 0 to 1,00,00,000."))])
    photo = FileField(_l("Photo of you or your workshop (optional)"))


class OnBehalfForm(FlaskForm):
    """A DIC officer picks the artisan's seller account before filling the same profile form."""

    email = StringField(_l("Seller's account email or mobile number"), filters=[strip],
                        validators=[DataRequired(), Length(max=254)])


class NewArtisanForm(FlaskForm):
    """A DIC officer makes the account of an artisan who has a mobile number and perhaps no e-mail
    (issue #18.3); the artisan is sent a link to claim it."""

    name = StringField(_l("Artisan's name"), filters=[strip], validators=[DataRequired(), Length(max=120)])
    phone = StringField(_l("Mobile number"), filters=[strip], validators=[DataRequired(), Length(max=20)])
    email = StringField(_l("Email (optional)"), filters=[strip], validators=[Optional(), Length(max=254)])
    locale = SelectField(_l("Language"), choices=[("hi", "हिंदी"), ("en", "English")], default="hi")


class ListingForm(FlaskForm):
    title_en = StringField(_l("Title (English)"), filters=[strip], validators=[Length(max=200)])
    title_hi = StringField(_l("Title (Hindi)"), filters=[strip], validators=[Length(max=200)])
    description_en = TextAreaField(_l("Description (English)"), filters=[strip], validators=[Length(max=5000)])
    description_hi = TextAreaField(_l("Description (Hindi)"), filters=[strip], validators=[Length(max=5000)])
    category = SelectField(_l("Product category"))
    sku = StringField(_l("SKU (your own product code)"), filters=[strip], validators=[Length(max=40)])
    price_inr = StringField(_l("Price (₹)"), filters=[strip])
    mrp_inr = StringField(_l("MRP (₹, optional)"), filters=[strip])
    stock = StringField(_l("Units in stock"), filters=[strip])
    moq = StringField(_l("Minimum order quantity"), filters=[strip], default="1")
    weight_g = StringField(_l("Weight packed (grams)"), filters=[strip])
    length_cm = StringField(_l("Length (cm)"), filters=[strip])
    width_cm = StringField(_l("Width (cm)"), filters=[strip])
    height_cm = StringField(_l("Height (cm)"), filters=[strip])
    hsn_code = StringField(_l("HSN code (optional)"), filters=[strip], validators=[Length(max=8)])
    gst_rate = SelectField(_l("GST rate"), choices=GST_CHOICES, default="")
    status = SelectField(_l("Status"), choices=[("draft", STATUS_LABELS["draft"]), ("published", STATUS_LABELS["published"])])
    photos = MultipleFileField(_l("Photos (JPEG, PNG or WebP, up to 5 MB each, 8 in all)"))
    # Return policy (issue #19): checked by return_policy.clean_policy, like a CSV row's columns.
    returnable = SelectField(_l("Can buyers return it?"), default="", validate_choice=False, choices=[
        ("", _l("The category's default")), ("yes", _l("Yes, returnable")), ("no", _l("No, not returnable"))])
    return_window_days = StringField(_l("Return window (days after delivery, 1 to 30)"), filters=[strip])
    return_condition = SelectField(_l("Condition for a return"), default="", validate_choice=False,
                                   choices=[("", _l("The category's default"))] + list(CONDITIONS.items()))


class PhotoForm(FlaskForm):
    photos = MultipleFileField(_l("Add photos"))


class StockForm(FlaskForm):
    stock = IntegerField(_l("Stock"), validators=[DataRequired(message=STOCK_MESSAGE),
                                                   NumberRange(min=0, max=MAX_STOCK, message=STOCK_MESSAGE)])

    def validate(self, extra_validators=None):  # 0 is a valid stock, DataRequired would refuse it
        if self.stock.raw_data and self.stock.raw_data[0].strip() == "0":
            self.stock.data = 0
            return True
        return super().validate(extra_validators)


class CsvUploadForm(FlaskForm):
    file = FileField(_l("CSV file"))
    skip_bad = BooleanField(_l("Import the good rows even if some rows have errors"))


class EmptyForm(FlaskForm):
    """Only the CSRF token, for one-button actions (verify, archive, duplicate)."""


class ReviewReplyForm(FlaskForm):
    """The seller's one public answer to a review (rules: ``catalog/reviews.reply``)."""

    reply = TextAreaField(_l("Your public answer"))


class ReportReviewForm(FlaskForm):
    """Anybody signed in tells the ODOP cell a review breaks the rules."""

    reason = StringField(_l("What is wrong with this review? (optional)"))


class HelpfulForm(FlaskForm):
    """The "Helpful" button: only the CSRF token."""
