"""Buyer pages: cart, checkout, payment, order history. Thin: parse, call a service, render."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from marketplace.accounts.decorators import public, role_required
from marketplace.accounts.models import Role
from marketplace.accounts.views import safe_next
from marketplace.errors import DomainError, flash_error
from marketplace.params import parse_id, parse_int

from . import addresses as address_service
from . import cart as cart_service
from . import checkout as checkout_service
from . import cancellation, payments, upi
from . import documents
from .errors import CartAlreadyOrdered, OrderNotFound, OrderNotPayable, PaymentsNotConfigured
from .forms import ActionForm, AddressForm, AddToCartForm, CancelForm, CartLineForm, CheckoutForm, UtrForm
from .labels import template_helpers
from .shipping.service import tracking_url
from .states import Actor, Status, label, next_statuses

bp = Blueprint("orders", __name__, template_folder="templates")

GUEST_CART = "cart"


def cart_owner(write: bool = False) -> dict:
    """Keyword arguments naming the current cart: the stored one, or the guest's session dict.

    Reading never touches the session, so a visitor without a cart gets no cookie and the
    catalogue's page cache keeps serving them.
    """
    if current_user.is_authenticated:
        return {"user_id": current_user.id}
    if write:
        return {"guest": session.setdefault(GUEST_CART, {})}
    return {"guest": dict(session.get(GUEST_CART) or {})}


def _touch_session():
    session.modified = True


def _safe_back(target: str | None) -> str:
    return safe_next(target, "orders.cart")


@bp.app_context_processor
def cart_badge():
    def cart_count() -> int:
        try:
            return cart_service.count(**cart_owner())
        except Exception:  # the header must never break a page
            return 0

    return {"cart_count": cart_count, "status_label": label, **template_helpers()}


@bp.route("/cart")
@public
def cart():
    summary = cart_service.summarise(**cart_owner())
    return render_template("orders/cart.html", summary=summary, line_form=CartLineForm(),
                           Problem=cart_service.Problem)


@bp.route("/cart/add", methods=["GET"])
@public
def cart_add_confirm():
    """A visitor without a session comes here from a cached product page (which carries no CSRF
    token): one button, with a token, adds the item."""
    try:
        listing = cart_service.listing_for_sale(request.args.get("listing_id"))
    except DomainError as exc:
        flash_error(exc)
        return redirect(url_for("orders.cart"))
    quantity = parse_int(request.args.get("quantity"), minimum=1, maximum=100000) or listing.moq
    form = AddToCartForm(formdata=None, listing_id=listing.id, quantity=max(quantity, 1))
    return render_template("orders/add_confirm.html", listing=listing, form=form)


@bp.route("/cart/add", methods=["POST"])
@public
def cart_add():
    form = AddToCartForm()
    back = _safe_back(form.next.data) if form.next.data else url_for("orders.cart")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(back)
    try:
        cart_service.add_item(form.listing_id.data, form.quantity.data, **cart_owner(write=True))
    except DomainError as exc:
        flash_error(exc)
        return redirect(back)
    _touch_session()
    flash(_("Added to your cart."), "success")
    return redirect(url_for("orders.cart"))


@bp.route("/cart/update", methods=["POST"])
@public
def cart_update():
    form = CartLineForm()
    if form.validate_on_submit():
        try:
            cart_service.set_quantity(form.listing_id.data, form.quantity.data, **cart_owner(write=True))
            _touch_session()
            flash(_("Your cart is updated."), "success")  # read out by the page's live region
        except DomainError as exc:
            flash_error(exc)
    else:
        flash(_("Enter a whole number of units between 0 and 100000."), "error")
    return redirect(url_for("orders.cart"))


@bp.route("/checkout", methods=["GET"])
@role_required(Role.BUYER)
def checkout():
    summary = cart_service.summarise(user_id=current_user.id)
    if summary.is_empty:
        flash(_("Your cart is empty."), "info")
        return redirect(url_for("orders.cart"))
    saved = address_service.addresses_of(current_user.id)
    chosen = None
    wanted = parse_id(request.args.get("address_id"))
    if wanted is not None:
        chosen = next((a for a in saved if a.id == wanted), None)
    chosen = chosen or (saved[0] if saved else None)
    quote, address_problem, dest = None, None, None
    if chosen is not None:
        try:  # an address saved before the PIN directory is refused here, not at the end
            dest = checkout_service.destination_of(chosen)
        except DomainError as exc:
            address_problem = str(exc.message)
    if dest is not None and not summary.has_problems:
        quote = checkout_service.quote(summary, dest)
    form = CheckoutForm(formdata=None, address_id=chosen.id if chosen else "",
                        checkout_token=checkout_service.new_checkout_token(),
                        expected_charges_paise=quote.goods_paise + quote.freight_paise if quote else "")
    card_enabled = payments.gateway_from_config() is not None
    offered = {"cod", *(["card"] if card_enabled else []), *(["upi"] if upi.upi_enabled() else [])}
    form.payment_method.choices = [c for c in form.payment_method.choices if c[0] in offered]
    address_form = AddressForm(formdata=None, full_name=current_user.name, phone=current_user.phone or "")
    return render_template("orders/checkout.html", summary=summary, saved=saved, chosen=chosen,
                           quote=quote, form=form, address_form=address_form, card_enabled=card_enabled,
                           address_problem=address_problem)


@bp.route("/checkout/address", methods=["POST"])
@role_required(Role.BUYER)
def checkout_address():
    form = AddressForm()
    if form.validate_on_submit():
        try:
            address = address_service.save_address(current_user.id, address_service.AddressInput(
                form.full_name.data, form.phone.data, form.line1.data, form.line2.data or "",
                form.city.data, form.district.data, form.state_code.data, form.pin_code.data))
        except DomainError as exc:
            target = getattr(form, str(exc.params.get("field", "")), None)
            if target is not None and hasattr(target, "errors"):
                target.errors = [*target.errors, str(exc.message)]
            else:
                flash_error(exc)
        else:
            return redirect(url_for("orders.checkout", address_id=address.id))
    summary = cart_service.summarise(user_id=current_user.id)
    saved = address_service.addresses_of(current_user.id)
    return render_template("orders/checkout.html", summary=summary, saved=saved, chosen=None, quote=None,
                           form=CheckoutForm(formdata=None), address_form=form,
                           card_enabled=payments.gateway_from_config() is not None), 400


@bp.route("/checkout", methods=["POST"])
@role_required(Role.BUYER)
def place_order():
    form = CheckoutForm()
    if not form.validate_on_submit():
        flash(_("Please choose an address and a way to pay."), "error")
        return redirect(url_for("orders.checkout"))
    expected = parse_int(form.expected_charges_paise.data) if form.expected_charges_paise.data else None
    try:
        order = checkout_service.place_order(
            current_user.id, checkout_token=form.checkout_token.data, address_id=form.address_id.data,
            payment_method=form.payment_method.data, expected_charges_paise=expected,
            card_enabled=payments.gateway_from_config() is not None)
    except CartAlreadyOrdered as exc:  # another checkout page placed this cart: link to that order
        link = Markup('<a href="%s">%s</a>') % (url_for("orders.detail", order_id=exc.params["order_id"]),
                                                _("See order %(number)s", number=exc.params["number"]))
        flash(Markup("%s %s") % (str(exc.message), link), "error")
        return redirect(url_for("orders.cart"))
    except DomainError as exc:
        flash_error(exc)
        return redirect(url_for("orders.cart"))
    if order.payment_method in ("card", "upi") and any(s.status == Status.PENDING_PAYMENT for s in order.suborders):
        return redirect(url_for("orders.pay", order_id=order.id))  # one button (POST) starts the payment
    flash(_("Thank you! Your order %(number)s is placed.", number=order.number), "success")
    return redirect(url_for("orders.detail", order_id=order.id))


@bp.route("/orders/<int:order_id>/pay", methods=["GET"])
@role_required(Role.BUYER)
def pay(order_id):
    """The payment page: Stripe Elements for the open attempt, or a button (POST, CSRF) that
    starts one. Showing it never creates a PaymentIntent."""
    order = checkout_service.order_for_buyer(current_user.id, order_id)
    if order.payment_method == "upi":
        return _pay_by_upi(order, UtrForm(formdata=None))
    if payments.gateway_from_config() is None or not payments.amount_due(order) or order.payment_method != "card":
        flash(str(OrderNotPayable().message if payments.gateway_from_config() else PaymentsNotConfigured().message),
              "error")
        return redirect(url_for("orders.detail", order_id=order.id))
    return render_template("orders/pay.html", order=order, payment=payments.open_attempt(order),
                           due=payments.amount_due(order), start_form=ActionForm(),
                           publishable_key=current_app.config.get("STRIPE_PUBLISHABLE_KEY") or "")


def _pay_by_upi(order, form: UtrForm, status: int = 200):
    """The UPI payment page: the link (a phone opens its UPI app), its QR, and the UTR form."""
    payment = upi.pending_upi_payment(order)
    if payment is None or not upi.amount_due(order) or not upi.upi_enabled():
        flash(str(OrderNotPayable().message), "error")
        return redirect(url_for("orders.detail", order_id=order.id))
    link = upi.payment_link(order)
    return render_template("orders/pay_upi.html", order=order, payment=payment, due=upi.amount_due(order),
                           link=link, qr=upi.qr_svg(link), form=form, vpa=upi.collecting_vpa()), status


@bp.route("/orders/<int:order_id>/upi-reference", methods=["POST"])
@role_required(Role.BUYER)
def upi_reference(order_id):
    order = checkout_service.order_for_buyer(current_user.id, order_id)
    form = UtrForm()
    if form.validate_on_submit():
        try:
            payment = upi.submit_utr(order.id, current_user.id, form.utr.data)
        except upi.InvalidUtr as exc:
            form.utr.errors = [*form.utr.errors, str(exc.message)]
        except DomainError as exc:
            if isinstance(exc, upi.UtrAlreadyUsed):
                form.utr.errors = [*form.utr.errors, str(exc.message)]
            else:
                flash_error(exc)
                return redirect(url_for("orders.detail", order_id=order.id))
        else:
            if payment.status == "succeeded":
                flash(_("Your UPI payment has been found: order %(number)s is paid.", number=order.number), "success")
            else:
                flash(_("Thank you. We check your UPI payment against the bank statement and tell you when it is "
                        "confirmed (usually within a working day)."), "success")
            return redirect(url_for("orders.detail", order_id=order.id))
    return _pay_by_upi(checkout_service.order_for_buyer(current_user.id, order_id), form, 400)


@bp.route("/orders/<int:order_id>/pay", methods=["POST"])
@role_required(Role.BUYER)
def pay_start(order_id):
    order = checkout_service.order_for_buyer(current_user.id, order_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("orders.pay", order_id=order.id))
    try:
        payments.start_card_payment(order, payments.gateway_from_config())
    except DomainError as exc:
        flash_error(exc)
        return redirect(url_for("orders.detail", order_id=order.id))
    return redirect(url_for("orders.pay", order_id=order.id))


@bp.route("/orders/<int:order_id>/paid")
@role_required(Role.BUYER)
def paid(order_id):
    order = checkout_service.order_for_buyer(current_user.id, order_id)
    try:
        payments.sync_from_provider(order, payments.gateway_from_config())
    except DomainError as exc:
        flash_error(exc)
    return redirect(url_for("orders.detail", order_id=order.id))


@bp.route("/orders")
@role_required(Role.BUYER)
def history():
    return render_template("orders/history.html", orders=checkout_service.orders_of_buyer(current_user.id))


@bp.route("/orders/<int:order_id>")
@role_required(Role.BUYER)
def detail(order_id):
    order = checkout_service.order_for_buyer(current_user.id, order_id)
    return render_template("orders/detail.html", order=order, cancel_form=CancelForm(), pay_form=ActionForm(),
                           can_cancel=lambda s: Status.CANCELLED in _buyer_moves(s),
                           invoice_ready=documents.invoice_available, tracking_url=tracking_url)


def _buyer_moves(suborder):
    return next_statuses(suborder.status, Actor.BUYER)


@bp.route("/orders/<int:order_id>/suborders/<int:suborder_id>/cancel", methods=["POST"])
@role_required(Role.BUYER)
def cancel(order_id, suborder_id):
    order = checkout_service.order_for_buyer(current_user.id, order_id)
    form = CancelForm()
    if not form.validate_on_submit():
        flash(_("Give a reason for cancelling the order."), "error")
        return redirect(url_for("orders.detail", order_id=order.id))
    if not any(s.id == suborder_id for s in order.suborders):
        raise OrderNotFound()
    try:
        cancellation.cancel_suborder(suborder_id, actor=Actor.BUYER, user_id=current_user.id,
                                 reason=form.reason.data, gateway=payments.gateway_from_config())
    except DomainError as exc:
        flash_error(exc)
    else:
        flash(_("The order was cancelled."), "success")
    return redirect(url_for("orders.detail", order_id=order.id))


@bp.route("/orders/<int:order_id>/suborders/<int:suborder_id>/invoice")
@role_required(Role.BUYER)
def buyer_invoice(order_id, suborder_id):
    order = checkout_service.order_for_buyer(current_user.id, order_id)
    sub = next((s for s in order.suborders if s.id == suborder_id), None)
    if sub is None:
        raise OrderNotFound()
    return render_template("orders/invoice.html", sub=sub, order=order, invoice=documents.invoice_of(sub),
                           issuer=documents.seller_of(sub))


def merge_cart_on_login(sender, user, **extra):
    """Flask-Login signal: a guest's session cart joins the buyer's stored cart at sign-in."""
    guest = session.get(GUEST_CART)
    if guest:
        cart_service.merge_guest_cart(user.id, guest)
        session[GUEST_CART] = {}
        session.modified = True
