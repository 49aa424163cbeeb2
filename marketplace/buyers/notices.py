"""Notifications of the meets, rendered in each recipient's language."""
from __future__ import annotations

import datetime as dt

from flask import url_for
from flask_babel import gettext as _

from marketplace.i18n import current_lang
from marketplace.money import format_paise
from marketplace.notifications.service import notify


def _link(endpoint: str, **values) -> str | None:
    try:
        return url_for(endpoint, **values)
    except RuntimeError:  # outside a request (CLI): no link
        return None


def notify_request(req, recipient_user, sender_reg) -> None:
    """Tell a participant that someone asked them for a meeting. Does not commit."""
    name = sender_reg.display_name
    notify(recipient_user,
           lambda: _("%(name)s asks for a meeting", name=name),
           lambda: _("Open the meet page to accept or decline the request."),
           link=_link("buyers.my_meet", samagam_id=req.samagam_id))


def notify_published(samagam, reg, count: int) -> None:
    """Tell a participant that the timetable is out and how many meetings they have."""
    title_en, title_hi = samagam.title_en, samagam.title_hi or samagam.title_en

    def subject():
        title = title_hi if current_lang() == "hi" else title_en
        return _("Your meeting schedule for %(title)s", title=title)

    notify(reg.user, subject,
           lambda: _("You have %(n)s meetings. Print your schedule and bring it for check-in.",
                     n=count),
           link=_link("buyers.my_meet", samagam_id=samagam.id),
           sms=("meet_timetable_published", {"meet": lambda: title_hi if current_lang() == "hi" else title_en}),
           event_key=f"meet-published:{samagam.id}:{reg.id}:{samagam.published_at:%Y%m%d%H%M%S}"
           if samagam.published_at else None)


def notify_quote(quote) -> None:
    """Tell the buyer of a lead that its seller sent a quote. Does not commit."""
    seller = quote.seller
    listing = quote.listing
    names = (seller.enterprise_name_en, seller.enterprise_name_hi or seller.enterprise_name_en)
    titles = (listing.title_en, listing.title_hi or listing.title_en)
    price, quantity, until = quote.unit_price_paise, quote.quantity, quote.valid_until

    def pick(pair):
        return pair[1] if current_lang() == "hi" else pair[0]

    notify(quote.buyer,
           lambda: _("%(seller)s sent you a quote", seller=pick(names)),
           lambda: _("%(quantity)s × %(title)s at %(price)s each, valid until %(date)s. Open the quote "
                     "to accept it and check out.", quantity=quantity, title=pick(titles),
                     price=format_paise(price, current_lang()), date=until.strftime("%d-%m-%Y")),
           link=_link("buyers.quote_detail", quote_id=quote.id))


def notify_reminder(samagam, reg, start: dt.datetime, table: int):
    """Tell a participant that the meet is tomorrow and when and where their first meeting is
    (``start`` in IST, ``table`` from 1). One notice per participant and meet: returns ``None``
    when told already. Does not commit."""
    title_en, title_hi = samagam.title_en, samagam.title_hi or samagam.title_en
    time = f"{start:%d.%m %H:%M}"

    def title():
        return title_hi if current_lang() == "hi" else title_en

    return notify(reg.user, lambda: _("Tomorrow: %(title)s", title=title()),
                  lambda: _("Your first meeting is at %(time)s at table %(table)s. Bring your printed schedule.",
                            time=time, table=table),
                  link=_link("buyers.my_meet", samagam_id=samagam.id),
                  sms=("meet_reminder", {"meet": title, "time": time, "table": str(table)}),
                  event_key=f"meet-reminder:{samagam.id}:{reg.id}")

