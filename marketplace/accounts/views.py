"""Account pages: register, sign in and out, profile, password, language switch."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from marketplace.accounts import services
from marketplace.accounts.decorators import login_required, public
from marketplace.accounts.forms import (ChangePasswordForm, ContactForm, LanguageForm, LoginForm, NewPasswordForm,
                                       ProfileForm, RegisterForm)
from marketplace.accounts.signals import first_page_for
from marketplace.errors import DomainError, flash_error
from marketplace.extensions import limiter
from marketplace.i18n import LANG_COOKIE, current_lang
from marketplace.params import has_control_characters

bp = Blueprint("accounts", __name__, url_prefix="/account", template_folder="templates")


def safe_next(target: str | None, default: str = "catalog.home") -> str:
    """Only same-site relative paths are followed after sign-in or a language switch."""
    # Control characters (CR/LF split headers; the shared single-line rule) and backslashes
    # (browsers read "/\\evil.example" as another site) are never part of a path we send people to.
    if target and "\\" not in target and not has_control_characters(target, newlines=False):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for(default)


def _kept_next(target: str | None) -> str | None:
    """``target`` when :func:`safe_next` would follow it, else ``None`` (left out of a URL)."""
    if not target:
        return None
    return target if safe_next(target, default="catalog.home") == target else None


def sign_in(user, remember: bool) -> None:
    """Sign ``user`` in on this browser or app: a recorded sign-in, and whoever was signed in
    here before is signed out (their sign-in ended, so a copy of its cookie stops working too)."""
    if current_user.is_authenticated:
        services.end_session(current_user)
    services.start_session(user)
    login_user(user, remember=remember)


def sign_in_and_go(user, remember: bool, next_path: str | None):
    """``sign_in``, then send them where they were going, or where a new user starts (a new
    seller: the seller profile). Every page's way in ends here: password, code, reset, invitation."""
    sign_in(user, remember)
    target = _kept_next(next_path)
    if target in (None, url_for("catalog.home")):
        target = first_page_for(user) or target
    return redirect(safe_next(target))


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/register", methods=["GET", "POST"])
@public
def register():
    if current_user.is_authenticated:
        return redirect(url_for("catalog.home"))
    form = RegisterForm()
    if request.method == "GET":
        # The language field starts on the language the visitor is reading the page in (it was
        # always Hindi, so an English visitor's whole site turned Hindi after sign-up).
        form.locale.data = current_lang()
    if request.method == "GET" and request.args.get("role") in ("buyer", "seller"):
        form.role.data = request.args["role"]
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        try:
            services.register(
                form.email.data, form.password.data, form.name.data, form.role.data, form.phone.data, form.locale.data
            )
        except services.InvalidPhone as exc:
            form.phone.errors.append(str(exc.message))
        except services.WeakPassword as exc:
            form.password.errors.append(str(exc.message))
        except DomainError as exc:
            flash_error(exc)
        else:
            # The same answer whether the address is new or already has an account (issue #12.7):
            # either way a mail tells its owner what happened, and nobody is signed in here.
            flash(_("Check your mail: we have sent a message to %(email)s. Then sign in with your email and "
                    "password.", email=services.normalise_email(form.email.data)), "success")
            # the place the visitor was going (cart → checkout) goes on to the sign-in page
            return redirect(url_for("accounts.login", next=_kept_next(form.next.data)))
    return render_template("accounts/register.html", form=form, next_path=_kept_next(form.next.data))


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("catalog.home"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except services.InvalidCredentials as exc:
            form.password.errors.append(str(exc.message))
        else:
            flash(_("You are signed in."), "success")
            return sign_in_and_go(user, form.remember.data, form.next.data)
    return render_template("accounts/login.html", form=form, next_path=_kept_next(form.next.data))


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    services.end_session(current_user)  # a copy of this cookie stops working too
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("catalog.home"))


@bp.route("/sessions/end", methods=["POST"])
@login_required
def sign_out_everywhere():
    """Ends every sign-in of the account: other phones and computers, and this one."""
    services.end_all_sessions(current_user)
    logout_user()
    flash(_("You are signed out on every device."), "success")
    return redirect(url_for("catalog.home"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        channels = {c for c, on in (("email", form.notice_email.data), ("sms", form.notice_sms.data)) if on}
        services.update_profile(current_user, form.name.data, form.locale.data, channels)
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("accounts.profile"))
    return _profile_page(form=form)


def _profile_page(status: int = 200, **forms):
    """The account page with its forms (those given, fresh ones for the rest)."""
    forms.setdefault("form", ProfileForm(obj=current_user))
    forms.setdefault("password_form", ChangePasswordForm())
    forms.setdefault("first_password_form", NewPasswordForm())
    forms.setdefault("phone_form", ContactForm(prefix="phone", formdata=None))
    forms.setdefault("email_form", ContactForm(prefix="email", formdata=None))
    if request.method == "GET":
        forms["form"].notice_email.data = current_user.wants("email")
        forms["form"].notice_sms.data = current_user.wants("sms")
    return render_template("accounts/profile.html", **forms), status


@bp.route("/password", methods=["POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.new_password.data)
        except DomainError as exc:
            form.current_password.errors.append(str(exc.message))
        else:
            flash(_("Your password is changed."), "success")
            return redirect(url_for("accounts.profile"))
    return _profile_page(400, password_form=form)


def _remember_language(response, lang: str):
    response.set_cookie(
        LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response


@bp.route("/language", methods=["POST"])
@public
def set_language():
    """The switch for signed-in users: also saves the preference on the account."""
    form = LanguageForm()
    response = redirect(safe_next(form.next.data or request.referrer and urlsplit(request.referrer).path))
    if form.validate_on_submit() and form.lang.data in current_app.config["LANGUAGES"]:
        services.set_language(current_user if current_user.is_authenticated else None, form.lang.data)
        _remember_language(response, form.lang.data)
    return response


@bp.route("/language/<lang>")
@public
def switch_language(lang: str):
    """The switch for visitors: only a cookie changes, so a plain link is enough."""
    response = redirect(safe_next(request.args.get("next")))
    if lang in current_app.config["LANGUAGES"]:
        _remember_language(response, lang)
    return response
