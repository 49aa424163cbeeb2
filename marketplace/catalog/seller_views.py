"""The seller's side: profile, dashboard, listings, photos, stock, CSV upload; and DIC officers
filling a profile on an artisan's behalf. Views parse the form and call one service function."""
from __future__ import annotations

import dataclasses

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from marketplace.accounts.decorators import code_send_limit, role_required
from marketplace.accounts.models import Role, User
from marketplace.accounts import invitations
from marketplace.catalog import listings as listing_service
from marketplace.catalog import sellers as seller_service
from marketplace.catalog.bulk_import import CsvFileError, template_csv
from marketplace.catalog.forms import (
    TIER_ROWS,
    CsvUploadForm,
    EmptyForm,
    ListingForm,
    NewArtisanForm,
    OnBehalfForm,
    SellerProfileForm,
    StockForm,
)
from marketplace.catalog.listing_rules import STOCK_MESSAGE, ListingInvalid, clean_listing, clean_tiers
from marketplace.catalog.models import Category, District, officer_district_ids
from marketplace.errors import DomainError, NotFound, flash_error
from marketplace.extensions import db, limiter
from marketplace.i18n import loc
from marketplace.india import format_mobile, parse_mobile, to_e164
from marketplace.params import parse_int

bp = Blueprint("seller", __name__, url_prefix="/seller", template_folder="templates")


# --------------------------------------------------------------------------- profile

def _district_choices(user) -> list[tuple[int, str]]:
    query = select(District).order_by(District.name_en)
    if user.role == Role.ORGANISER:
        query = query.where(District.id.in_(officer_district_ids(user)))
    return [(0, _("Choose…"))] + [(d.id, loc(d, "name")) for d in db.session.scalars(query)]


def _profile_input(form: SellerProfileForm) -> seller_service.ProfileInput:
    fields = {f.name for f in dataclasses.fields(seller_service.ProfileInput)}
    values = {name: getattr(form, name).data for name in fields if hasattr(form, name)}
    values = {k: ("" if v is None and k not in ("district_id", "capacity_units_per_month") else v) for k, v in values.items()}
    return seller_service.ProfileInput(**values)


def _profile_page(owner: User, on_behalf: bool):
    seller = seller_service.seller_for_user(owner.id)
    form = SellerProfileForm(obj=seller if request.method == "GET" else None)
    form.district_id.choices = _district_choices(current_user)
    if request.method == "GET" and seller is not None:
        form.bank_account_number.data = form.bank_account_number_confirm.data = ""
    if request.method == "GET" and seller is None and owner.phone:
        form.phone.data = format_mobile(owner.phone)  # the number the account signed up with
    if form.validate_on_submit():
        upload = form.photo.data
        photo = None
        if upload and getattr(upload, "filename", ""):
            photo = upload.read()
            upload.close()
        try:
            seller = seller_service.save_profile(owner.id, _profile_input(form), actor_id=current_user.id, photo=photo)
        except seller_service.ProfileInvalid as exc:
            for name, message in exc.errors.items():
                getattr(form, name).errors.append(str(message))
            flash_error(exc)
        except DomainError as exc:
            if exc.status == 403:
                abort(403)
            if exc.code.startswith("image"):
                form.photo.errors.append(str(exc.message))
            else:
                flash_error(exc)
        else:
            flash(_("Profile saved."), "success")
            if seller.bank_account_name and seller.bank_ifsc and seller.bank_account_last4:
                # the holder's name read back: a payout to a mistyped account fails or reaches a stranger
                flash(_("Payouts go to %(name)s, IFSC %(ifsc)s, account …%(last4)s. Check that the name is "
                        "exactly as your bank has it.", name=seller.bank_account_name, ifsc=seller.bank_ifsc,
                        last4=seller.bank_account_last4), "info")
            if on_behalf:
                return redirect(url_for("seller.onboard_profile", user_id=owner.id))
            return redirect(url_for("seller.dashboard"))
    history = seller_service.status_history(seller.id) if seller else []
    return render_template("catalog/seller/profile.html", form=form, seller=seller, owner=owner,
                           on_behalf=on_behalf, history=history)


@bp.route("/profile", methods=["GET", "POST"])
@role_required(Role.SELLER)
def profile():
    return _profile_page(current_user, on_behalf=False)


@bp.route("/onboard", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def onboard():
    """DIC officers: find the artisan's seller account (by e-mail or mobile number), or make one
    from the mobile number alone (the artisan is sent a link to claim it), then fill the profile."""
    form = OnBehalfForm()
    new = NewArtisanForm(formdata=None)
    if form.validate_on_submit():
        identifier = form.email.data
        number = parse_mobile(identifier)  # None for an e-mail address
        user = invitations.find_invitee(identifier if "@" in identifier else None, to_e164(number) if number else None)
        if user is None or user.role != Role.SELLER:
            form.email.errors.append(_("No seller account has this email or mobile number. Create the account below."))
        else:
            return redirect(url_for("seller.onboard_profile", user_id=user.id))
    return render_template("catalog/seller/onboard.html", form=form, new=new)


@bp.route("/onboard/new", methods=["POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
@limiter.limit(code_send_limit)
def onboard_new():
    """Make an artisan's seller account from the mobile number (issue #18.3)."""
    new = NewArtisanForm()
    if new.validate_on_submit():
        try:
            user = invitations.onboard(new.name.data, new.phone.data, new.email.data or None, role=Role.SELLER.value,
                                       locale=new.locale.data, actor=current_user)
        except DomainError as exc:
            getattr(new, exc.params.get("field") or "name").errors.append(str(exc.message))
        else:
            flash(_("The account is made and %(name)s has been sent a link by SMS to claim it. Now fill the profile.",
                    name=user.name), "success")
            return redirect(url_for("seller.onboard_profile", user_id=user.id))
    return render_template("catalog/seller/onboard.html", form=OnBehalfForm(formdata=None), new=new), 400


@bp.route("/onboard/<int(max=2147483647):user_id>", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def onboard_profile(user_id: int):
    owner = db.session.get(User, user_id)
    if owner is None or owner.role != Role.SELLER:
        raise NotFound()
    existing = seller_service.seller_for_user(owner.id)
    if existing is not None and existing.district_id not in officer_district_ids(current_user):
        raise NotFound()
    return _profile_page(owner, on_behalf=True)


# --------------------------------------------------------------------------- dashboard

def _own_seller():
    seller = seller_service.seller_for_user(current_user.id)
    if seller is None:
        flash(_("Complete your seller profile before adding products."), "info")
    return seller


@bp.route("/")
@bp.route("/dashboard")
@role_required(Role.SELLER)
def dashboard():
    seller = _own_seller()
    if seller is None:
        return redirect(url_for("seller.profile"))
    status = request.args.get("status") or None
    if status not in (None, "draft", "published", "archived"):
        status = None
    page_number = parse_int(request.args.get("page", 1), 1, 10_000) or 1
    page = db.paginate(listing_service.own_listings_query(seller.id, status), page=page_number, per_page=50,
                       error_out=False)
    return render_template("catalog/seller/dashboard.html", seller=seller, page=page, status=status,
                           stock_form=StockForm(), action_form=EmptyForm())


# --------------------------------------------------------------------------- listings

def _category_choices(seller) -> list[tuple[str, str]]:
    categories = db.session.scalars(select(Category).order_by(Category.name_en)).all()
    odop = [c for c in categories if c.id == seller.district.odop_category_id]
    rest = [c for c in categories if c.id != seller.district.odop_category_id]
    return [(str(c.id), loc(c, "name") + (" (ODOP)" if c in odop else "")) for c in odop + rest]


def _tier_pairs() -> list[tuple[str, str]]:
    return [(request.form.get(f"tier_qty_{i}", ""), request.form.get(f"tier_price_{i}", "")) for i in range(TIER_ROWS)]


def _photos(field) -> list[tuple[str, bytes]]:
    photos = []
    for upload in field.data or []:
        if getattr(upload, "filename", ""):
            photos.append((upload.filename, upload.read()))
            upload.close()
    return photos


def _listing_data(form: ListingForm, seller):
    raw = {name: (getattr(form, name).data or "") for name in (
        "sku", "title_en", "title_hi", "description_en", "description_hi", "price_inr", "mrp_inr", "stock", "moq",
        "weight_g", "length_cm", "width_cm", "height_cm", "hsn_code", "gst_rate", "status",
        "returnable", "return_window_days", "return_condition")}
    raw["category"] = form.category.data or ""
    categories = {str(c_id): c_id for c_id in db.session.scalars(select(Category.id))}
    data = clean_listing(raw, categories)
    return dataclasses.replace(data, tiers=clean_tiers(_tier_pairs(), data.price_paise, data.moq))


def _show_listing_errors(form: ListingForm, exc: DomainError) -> dict:
    extra = {}
    if isinstance(exc, ListingInvalid):
        for name, message in exc.errors.items():
            target = "price_inr" if name == "tiers" else name
            if name == "tiers":
                extra["tiers"] = str(message)
            elif hasattr(form, target):
                getattr(form, target).errors.append(str(message))
    elif exc.code in ("invalid_image", "too_many_photos") or exc.code.startswith("image"):
        form.photos.errors.append(str(exc.message))
    else:
        flash_error(exc)
    return extra


def _tiers_for_form(listing=None) -> list[tuple[str, str]]:
    if request.method == "POST":
        return _tier_pairs()
    tiers = [(str(t.min_quantity), f"{t.price_paise / 100:.2f}".rstrip("0").rstrip(".")) for t in
             (listing.price_tiers if listing else [])]
    return (tiers + [("", "")] * TIER_ROWS)[:TIER_ROWS]


@bp.route("/listings/new", methods=["GET", "POST"])
@role_required(Role.SELLER)
def new_listing():
    seller = _own_seller()
    if seller is None:
        return redirect(url_for("seller.profile"))
    form = ListingForm()
    form.category.choices = _category_choices(seller)
    errors = {}
    if form.validate_on_submit():
        try:
            listing = listing_service.create_listing(seller.id, _listing_data(form, seller), _photos(form.photos))
        except DomainError as exc:
            errors = _show_listing_errors(form, exc)
        else:
            flash(_("Product saved."), "success")
            return redirect(url_for("seller.edit_listing", listing_id=listing.id))
    return render_template("catalog/seller/listing_form.html", form=form, listing=None, seller=seller,
                           tiers=_tiers_for_form(), tier_error=errors.get("tiers"), photo_form=None,
                           action_form=EmptyForm())


def _money_text(paise):
    return "" if paise is None else f"{paise / 100:.2f}".rstrip("0").rstrip(".")


@bp.route("/listings/<int(max=2147483647):listing_id>/edit", methods=["GET", "POST"])
@role_required(Role.SELLER)
def edit_listing(listing_id: int):
    seller = _own_seller()
    if seller is None:
        return redirect(url_for("seller.profile"))
    listing = listing_service.get_own_listing(seller.id, listing_id)
    form = ListingForm()
    form.category.choices = _category_choices(seller)
    if request.method == "GET":
        for name in ("sku", "title_en", "title_hi", "description_en", "description_hi", "hsn_code"):
            getattr(form, name).data = getattr(listing, name) or ""
        form.category.data = str(listing.category_id)
        form.price_inr.data = _money_text(listing.price_paise)
        form.mrp_inr.data = _money_text(listing.mrp_paise)
        for name in ("stock", "moq", "weight_g", "length_cm", "width_cm", "height_cm"):
            getattr(form, name).data = str(getattr(listing, name))
        form.gst_rate.data = "" if listing.gst_rate_bp is None else _money_text(listing.gst_rate_bp)
        form.status.data = listing.status if listing.status != "archived" else "draft"
        form.returnable.data = "" if listing.returnable is None else ("yes" if listing.returnable else "no")
        form.return_window_days.data = "" if listing.return_window_days is None else str(listing.return_window_days)
        form.return_condition.data = listing.return_condition or ""
    errors = {}
    if form.validate_on_submit():
        try:
            listing_service.update_listing(seller.id, listing.id, _listing_data(form, seller), _photos(form.photos))
        except DomainError as exc:
            errors = _show_listing_errors(form, exc)
        else:
            flash(_("Product saved."), "success")
            return redirect(url_for("seller.edit_listing", listing_id=listing.id))
    return render_template("catalog/seller/listing_form.html", form=form, listing=listing, seller=seller,
                           tiers=_tiers_for_form(listing), tier_error=errors.get("tiers"), action_form=EmptyForm())


def _action(fn, success: str, listing_id: int, *args):
    seller = seller_service.seller_for_user(current_user.id)
    if seller is None:
        raise NotFound()
    result = fn(seller.id, listing_id, *args)  # CSRF was checked by CSRFProtect before the view
    flash(success, "success")
    return result


@bp.route("/listings/<int(max=2147483647):listing_id>/duplicate", methods=["POST"])
@role_required(Role.SELLER)
def duplicate_listing(listing_id: int):
    copy = _action(listing_service.duplicate_listing, _("Copy made as a draft. Change what differs and publish it."),
                   listing_id)
    return redirect(url_for("seller.edit_listing", listing_id=copy.id))


@bp.route("/listings/<int(max=2147483647):listing_id>/archive", methods=["POST"])
@role_required(Role.SELLER)
def archive_listing(listing_id: int):
    _action(listing_service.archive_listing, _("Product archived: buyers no longer see it."), listing_id)
    return redirect(url_for("seller.dashboard"))


@bp.route("/listings/<int(max=2147483647):listing_id>/publish", methods=["POST"])
@role_required(Role.SELLER)
def publish_listing(listing_id: int):
    _action(listing_service.set_status, _("Product published."), listing_id, "published")
    return redirect(request.referrer if request.referrer and "/seller/" in request.referrer
                    else url_for("seller.dashboard"))


@bp.route("/listings/<int(max=2147483647):listing_id>/stock", methods=["POST"])
@role_required(Role.SELLER)
def set_stock(listing_id: int):
    seller = seller_service.seller_for_user(current_user.id)
    if seller is None:
        raise NotFound()
    form = StockForm()
    if not form.validate_on_submit():
        listing_service.get_own_listing(seller.id, listing_id)  # 404 for someone else's listing first
        flash(str(STOCK_MESSAGE), "error")
    else:
        listing = listing_service.set_stock(seller.id, listing_id, form.stock.data)
        flash(_("Stock of %(sku)s is now %(n)s.", sku=listing.sku, n=listing.stock), "success")
    return redirect(url_for("seller.dashboard", status=request.args.get("status") or None))


@bp.route("/listings/<int(max=2147483647):listing_id>/photos/<int(max=2147483647):image_id>/delete", methods=["POST"])
@role_required(Role.SELLER)
def delete_photo(listing_id: int, image_id: int):
    _action(listing_service.remove_photo, _("Photo removed."), listing_id, image_id)
    return redirect(url_for("seller.edit_listing", listing_id=listing_id))


# --------------------------------------------------------------------------- CSV

@bp.route("/import", methods=["GET", "POST"])
@role_required(Role.SELLER)
def import_csv():
    seller = _own_seller()
    if seller is None:
        return redirect(url_for("seller.profile"))
    form = CsvUploadForm()
    report = None
    if form.validate_on_submit():
        upload = form.file.data
        if not upload or not getattr(upload, "filename", ""):
            form.file.errors.append(_("Choose a CSV file."))
        else:
            try:
                report = listing_service.import_listings(seller.id, upload.read(), skip_bad=form.skip_bad.data)
            except CsvFileError as exc:
                form.file.errors.append(str(exc.message))
            else:
                if report.applied:
                    flash(_("%(created)s products added and %(updated)s updated.", created=report.created,
                            updated=report.updated), "success")
                else:
                    flash(_("Nothing was imported: %(n)s rows have errors. Correct them and upload the file again.",
                            n=len(report.errors)), "error")
    categories = db.session.scalars(select(Category).order_by(Category.name_en)).all()
    return render_template("catalog/seller/import.html", form=form, report=report, seller=seller,
                           categories=categories)


@bp.route("/import/template.csv")
@role_required(Role.SELLER)
def import_template():
    return Response(template_csv(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=odop-bazaar-products.csv"})
