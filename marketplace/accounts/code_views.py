"""Pages for what a one-time code unlocks (issue #18): sign in or up with a mobile number,
forgotten password (SMS code or e-mail link), claiming an invitation, verifying a new number or
address, a first password. Every page works without JavaScript; the number a code was sent to
is kept in the signed session between the two steps, never in the URL.
"""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts import by_code, codes, services
from marketplace.accounts.decorators import code_check_limit, code_send_limit, login_required, public
from marketplace.accounts.forms import (ClaimForm, CodeForm, ContactCodeForm, ContactForm, ForgotForm,
                                        NewPasswordForm, PhoneForm, ResetCodeForm)
from marketplace.accounts.views import _kept_next, _profile_page, bp, sign_in_and_go
from marketplace.errors import DomainError, flash_error
from marketplace.extensions import limiter
from marketplace.i18n import current_lang
from marketplace.india import format_mobile

CODE_PHONE = "code_phone"  # session keys
RESET_PHONE = "reset_phone"
CONTACT = "contact_pending"


def _client() -> str:
    return request.remote_addr or ""


def _their_language(user):
    """The language of the pages after sign-in (the account's), for a message flashed before it:
    an invited artisan who chose Hindi on an English page reads the welcome in Hindi."""
    return force_locale(user.locale if user.locale in current_app.config["LANGUAGES"] else current_lang())


# ----------------------------------------------------------------- sign in / up with a number

@bp.route("/phone", methods=["GET", "POST"])
@public
@limiter.limit(code_send_limit, methods=["POST"])
def phone_sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("catalog.home"))
    form = PhoneForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        try:
            phone = by_code.request_sign_in_code(form.phone.data, client=_client(), locale=current_lang())
        except codes.TooSoon as exc:
            flash_error(exc)  # the last code is still good: go on to the code page for this number
            session[CODE_PHONE] = by_code.mobile(form.phone.data)
            return redirect(url_for("accounts.phone_code", next=_kept_next(form.next.data)))
        except DomainError as exc:
            form.phone.errors.append(str(exc.message))
        else:
            session[CODE_PHONE] = phone  # the code page itself says where the code went
            return redirect(url_for("accounts.phone_code", next=_kept_next(form.next.data)))
    return render_template("accounts/phone.html", form=form, next_path=_kept_next(form.next.data))


@bp.route("/phone/code", methods=["GET", "POST"])
@public
@limiter.limit(code_check_limit, methods=["POST"])
def phone_code():
    if current_user.is_authenticated:
        return redirect(url_for("catalog.home"))
    phone = session.get(CODE_PHONE)
    if not phone:
        return redirect(url_for("accounts.phone_sign_in", next=_kept_next(request.args.get("next"))))
    form = CodeForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
        form.locale.data = current_lang()
    if form.validate_on_submit():
        try:
            user, created = by_code.sign_in_with_code(phone, form.code.data, role=form.role.data or None,
                                                      name=form.name.data, locale=form.locale.data)
        except by_code.SignUpNeeded as exc:
            form.name.errors.append(str(exc.message))
        except services.InvalidRole as exc:
            form.role.errors.append(str(exc.message))
        except DomainError as exc:
            form.code.errors.append(str(exc.message))
        else:
            session.pop(CODE_PHONE, None)
            with _their_language(user):
                flash(_("Welcome to ODOP Bazaar! Your account is ready.") if created else _("You are signed in."), "success")
            return sign_in_and_go(user, form.remember.data, form.next.data)
    return render_template("accounts/phone_code.html", form=form, phone=format_mobile(phone),
                           resend=PhoneForm(phone=phone, formdata=None), next_path=_kept_next(form.next.data),
                           wait=codes.RESEND_SECONDS)


# ----------------------------------------------------------------- forgotten password

@bp.route("/forgot", methods=["GET", "POST"])
@public
@limiter.limit(code_send_limit, methods=["POST"])
def forgot_password():
    form = ForgotForm()
    if form.validate_on_submit():
        try:
            channel = by_code.request_reset(form.identifier.data, client=_client(), locale=current_lang())
        except DomainError as exc:  # a malformed number or address, or a code limit
            form.identifier.errors.append(str(exc.message))
        else:
            if channel == "sms":
                session[RESET_PHONE] = by_code.mobile(form.identifier.data)
                flash(_("If this number has an account, an SMS with a code is on its way."), "success")
                return redirect(url_for("accounts.reset_with_code"))
            return render_template("accounts/forgot_sent.html", address=services.normalise_email(form.identifier.data))
    return render_template("accounts/forgot.html", form=form)


@bp.route("/forgot/code", methods=["GET", "POST"])
@public
@limiter.limit(code_check_limit, methods=["POST"])
def reset_with_code():
    phone = session.get(RESET_PHONE)
    if not phone:
        return redirect(url_for("accounts.forgot_password"))
    form = ResetCodeForm()
    if form.validate_on_submit():
        try:
            user = by_code.reset_with_code(phone, form.code.data, form.new_password.data)
        except services.WeakPassword as exc:
            form.new_password.errors.append(str(exc.message))
        except DomainError as exc:
            form.code.errors.append(str(exc.message))
        else:
            session.pop(RESET_PHONE, None)
            with _their_language(user):
                flash(_("Your new password is set, and every other device is signed out."), "success")
            return sign_in_and_go(user, False, None)
    return render_template("accounts/reset_code.html", form=form, phone=format_mobile(phone))


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
@limiter.limit(code_check_limit, methods=["POST"])
def reset_with_link(token: str):
    try:
        by_code.reset_with_link(token)
    except DomainError as exc:
        return render_template("accounts/link_dead.html", message=str(exc.message)), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = by_code.reset_with_link(token, form.new_password.data)
        except services.WeakPassword as exc:
            form.new_password.errors.append(str(exc.message))
        except DomainError as exc:
            return render_template("accounts/link_dead.html", message=str(exc.message)), 400
        else:
            with _their_language(user):
                flash(_("Your new password is set, and every other device is signed out."), "success")
            return sign_in_and_go(user, False, None)
    return render_template("accounts/reset_link.html", form=form)


# ----------------------------------------------------------------- invitations

@bp.route("/claim/<token>", methods=["GET", "POST"])
@public
@limiter.limit(code_check_limit, methods=["POST"])
def claim(token: str):
    try:
        invited = by_code.invited_user(token)
    except DomainError as exc:
        return render_template("accounts/link_dead.html", message=str(exc.message)), 400
    form = ClaimForm()
    if request.method == "GET":
        form.locale.data = invited.locale or current_lang()
    if form.validate_on_submit():
        try:
            user = by_code.claim(token, locale=form.locale.data, password=form.new_password.data or None)
        except services.WeakPassword as exc:
            form.new_password.errors.append(str(exc.message))
        except DomainError as exc:
            return render_template("accounts/link_dead.html", message=str(exc.message)), 400
        else:
            with _their_language(user):
                flash(_("Welcome to ODOP Bazaar, %(name)s! Your account is yours now.", name=user.name), "success")
            return sign_in_and_go(user, True, None)
    return render_template("accounts/claim.html", form=form, invited=invited)


# ----------------------------------------------------------------- a new number or address

@bp.route("/contact", methods=["POST"])
@login_required
@limiter.limit(code_send_limit)
def change_contact():
    form = ContactForm(prefix="phone" if "phone-value" in request.form else "email")
    if form.validate_on_submit():
        try:
            destination = by_code.request_contact_code(current_user, form.kind, form.value.data, client=_client())
        except DomainError as exc:
            form.value.errors.append(str(exc.message))
            return _profile_page(400, **{f"{form.kind}_form": form})
        session[CONTACT] = [form.kind, destination]
        return redirect(url_for("accounts.confirm_contact"))
    return redirect(url_for("accounts.profile"))


@bp.route("/contact/confirm", methods=["GET", "POST"])
@login_required
@limiter.limit(code_check_limit, methods=["POST"])
def confirm_contact():
    pending = session.get(CONTACT)
    if not pending or len(pending) != 2:
        return redirect(url_for("accounts.profile"))
    kind, destination = pending
    form = ContactCodeForm()
    if form.validate_on_submit():
        try:
            by_code.confirm_contact(current_user, kind, destination, form.code.data)
        except DomainError as exc:
            form.code.errors.append(str(exc.message))
        else:
            session.pop(CONTACT, None)
            flash(_("Your mobile number is verified.") if kind == "phone" else _("Your email address is saved."), "success")
            return redirect(url_for("accounts.profile"))
    shown = format_mobile(destination) if kind == "phone" else destination
    return render_template("accounts/contact_code.html", form=form, kind=kind, destination=shown)


@bp.route("/password/first", methods=["POST"])
@login_required
def set_first_password():
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            by_code.set_first_password(current_user, form.new_password.data)
        except DomainError as exc:
            form.new_password.errors.append(str(exc.message))
        else:
            flash(_("Your password is set. You can sign in with it or with a code."), "success")
            return redirect(url_for("accounts.profile"))
    return _profile_page(400, first_password_form=form)
