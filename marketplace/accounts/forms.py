"""Account forms; labels and messages are lazy so they follow the request's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

def strip(value):
    return value.strip() if isinstance(value, str) else value


LANGUAGE_CHOICES = [("hi", "हिंदी"), ("en", "English")]


class RegisterForm(FlaskForm):
    role = RadioField(
        _l("I want to"),
        choices=[("buyer", _l("Buy ODOP products")), ("seller", _l("Sell my products"))],
        default="buyer",
        validators=[DataRequired()],
    )
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Email"), filters=[strip], validators=[DataRequired(), Email(message=_l("Enter a valid email address.")), Length(max=254)])
    phone = StringField(_l("Mobile number (optional)"), validators=[Optional(), Length(max=20)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=8, message=_l("The password must have at least 8 characters."))], render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat password"), validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))], render_kw={"autocomplete": "new-password"})
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES, default="hi")
    next = HiddenField()  # where the visitor was going (the checkout): kept through sign-in


class LoginForm(FlaskForm):
    email = StringField(_l("Email or mobile number"), filters=[strip], validators=[DataRequired(), Length(max=254)],
                        render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired()], render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()


class ProfileForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    notice_email = BooleanField(_l("Tell me by email"))
    notice_sms = BooleanField(_l("Tell me by SMS"))


# ----------------------------------------------------------------- one-time codes (issue #18)

CODE_FIELD = {"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*", "maxlength": "8"}
ROLE_CHOICES = [("buyer", _l("Buy ODOP products")), ("seller", _l("Sell my products"))]


class PhoneForm(FlaskForm):
    phone = StringField(_l("Mobile number"), filters=[strip], validators=[DataRequired(), Length(max=20)])
    next = HiddenField()


class CodeForm(FlaskForm):
    code = StringField(_l("Code from the SMS"), filters=[strip], validators=[DataRequired(), Length(max=8)],
                       render_kw=CODE_FIELD)
    # shown to everybody (so the page says nothing about the number); needed only by a new number
    name = StringField(_l("Your name (only if you are new here)"), filters=[strip], validators=[Optional(), Length(max=120)])
    role = RadioField(_l("I want to (only if you are new here)"), choices=ROLE_CHOICES, validators=[Optional()])
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES, default="hi")
    remember = BooleanField(_l("Keep me signed in on this device"), default=True)
    next = HiddenField()


class ForgotForm(FlaskForm):
    identifier = StringField(_l("Email or mobile number"), filters=[strip], validators=[DataRequired(), Length(max=254)],
                             render_kw={"autocomplete": "username"})


class NewPasswordForm(FlaskForm):
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=8, message=_l("The password must have at least 8 characters."))], render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat new password"), validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords do not match."))], render_kw={"autocomplete": "new-password"})


class ResetCodeForm(NewPasswordForm):
    code = StringField(_l("Code from the SMS"), filters=[strip], validators=[DataRequired(), Length(max=8)],
                       render_kw=CODE_FIELD)


class ClaimForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES, default="hi")
    new_password = PasswordField(_l("Password (optional: you can always sign in with a code)"),
                                 validators=[Optional(), Length(min=8, message=_l("The password must have at least 8 characters."))],
                                 render_kw={"autocomplete": "new-password"})


class ContactForm(FlaskForm):
    """A new mobile number (``prefix="phone"``) or e-mail address (``prefix="email"``): the two
    forms of the account page, told apart by their prefix (and so with ids of their own)."""

    value = StringField(_l("New mobile number or email"), filters=[strip], validators=[DataRequired(), Length(max=254)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.value.label.text = _l("New mobile number") if self._prefix == "phone-" else _l("New email address")

    @property
    def kind(self) -> str:
        return "phone" if self._prefix == "phone-" else "email"


class ContactCodeForm(FlaskForm):
    code = StringField(_l("Code we sent"), filters=[strip], validators=[DataRequired(), Length(max=8)],
                       render_kw=CODE_FIELD)


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()], render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=8, message=_l("The password must have at least 8 characters."))], render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat new password"), validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords do not match."))], render_kw={"autocomplete": "new-password"})


class LanguageForm(FlaskForm):
    lang = HiddenField(validators=[DataRequired()])
    next = HiddenField()
