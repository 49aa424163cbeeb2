"""Order confirmation messages to the buyer and to each seller, in each recipient's language."""
from __future__ import annotations

from flask_babel import gettext as _

from marketplace.i18n import current_lang, loc
from marketplace.money import format_paise
from marketplace.notifications.service import notify

from .models import Order


def money(paise: int) -> str:
    """Rupees in the language being rendered (the recipient's, inside ``notify``)."""
    return format_paise(paise, current_lang())


def order_confirmed(order: Order) -> None:
    """Tell the buyer the order is placed (paid or COD-confirmed) and each seller what to ship.

    Adds notifications and outbox mails to the session; the caller commits.
    """
    number = order.number
    subs = [s for s in order.suborders if s.status in ("paid", "confirmed")]
    total = sum(s.total_paise for s in subs)
    subsidy = sum(s.subsidy_paise for s in subs)

    def buyer_subject():
        return _("Order %(number)s confirmed", number=number)

    def buyer_body():
        parts = [_("Thank you for your order %(number)s.", number=number)]
        for sub in subs:
            parts.append(_("%(seller)s: %(count)s item(s), %(total)s", seller=loc(sub.seller, "enterprise_name"),
                           count=sum(ln.quantity for ln in sub.lines), total=money(sub.total_paise)))
        if subsidy:
            parts.append(_("Freight subsidy applied: %(amount)s", amount=money(subsidy)))
        parts.append(_("Total: %(total)s", total=money(total)))
        if order.payment_method == "cod":
            parts.append(_("Please keep the amount ready: you pay on delivery."))
        return "\n".join(parts)

    notify(order.buyer, buyer_subject, buyer_body, link=f"/orders/{order.id}")
    for sub in subs:
        def seller_subject(sub=sub):
            return _("New order %(number)s to ship", number=sub.number)

        def seller_body(sub=sub):
            lines = [f"{ln.quantity} × {loc(ln, 'title')} ({ln.sku})" for ln in sub.lines]
            lines.append(_("Deliver to: %(city)s, %(district)s, %(pin)s", city=order.ship_city,
                           district=order.ship_district, pin=order.ship_pin_code))
            lines.append(_("Please accept the order in your order queue."))
            return "\n".join(lines)

        notify(sub.seller.user, seller_subject, seller_body, link=f"/seller/orders/{sub.id}",
               sms=("seller_new_order", {"order": sub.number}), event_key=f"order-placed:{sub.id}:seller")


def payment_declined(order: Order) -> None:
    """Tell the buyer a card payment of the order failed and that the order waits for another
    try until it expires. Adds to the session; the caller commits."""
    number, order_id = order.number, order.id

    def subject():
        return _("Payment for order %(number)s did not go through", number=number)

    def body():
        return _("Your card was not charged. Your order is kept for 30 minutes from checkout: "
                 "open it to try another card or to cancel it.")

    notify(order.buyer, subject, body, link=f"/orders/{order_id}")


def notify_refund(suborder, amount_paise: int, *, to_card: bool = True) -> None:
    """Tell the buyer that ``amount_paise`` of sub-order ``suborder`` is refunded to their card.
    Adds to the session; the caller commits."""
    number = suborder.number

    def subject():
        return _("Refund for order %(number)s", number=number)

    def body():
        if not to_card:
            return _("%(amount)s has been sent back to the UPI account you paid from.", amount=money(amount_paise))
        return _("%(amount)s has been refunded to the card you paid with. Banks usually show it within "
                 "5–7 working days.", amount=money(amount_paise))

    notify(suborder.order.buyer, subject, body, link=f"/orders/{suborder.order_id}",
           sms=("buyer_refund_made", {"amount": lambda: money(amount_paise), "order": number}))


def quote_accepted(quote) -> None:
    """Tell the seller that the buyer accepted their quote (issue #18.5). Adds to the session."""
    seller_user = quote.seller.user
    number, title_en, title_hi = quote.id, quote.listing.title_en, quote.listing.title_hi or quote.listing.title_en

    def subject():
        return _("Your quote %(number)s was accepted", number=number)

    def body():
        title = title_hi if current_lang() == "hi" else title_en
        return _("The buyer accepted your quote for %(title)s. The order follows when they check out.", title=title)

    notify(seller_user, subject, body, link=f"/meets/leads/{quote.lead_id}/quote",
           sms=("seller_quote_accepted", {"quote": str(number)}), event_key=f"quote-accepted:{quote.id}:{quote.accepted_at:%Y%m%d%H%M%S}")

