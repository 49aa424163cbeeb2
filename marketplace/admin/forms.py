"""Forms of the ODOP cell and DIC pages (labels translated lazily)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

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
