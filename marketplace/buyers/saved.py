"""Saved items (issue #19, part 5): a buyer keeps listings for later and is told when one comes
back in stock or gets cheaper.

Only buyers save (the views say ``@role_required(Role.BUYER)``): sellers, organisers and the
ODOP cell do not shop. The notices are sent from the catalogue's ``listing_changed`` signal (a
seller's edit, quick stock edit, CSV import) and the orders' ``stock_changed`` signal (a
cancellation gives stock back), inside that change's unit of work: ``notify`` adds the in-app
notice and the mail to the outbox (rows only, sent later by the mail job), so a rolled-back
change tells nobody. Each notice has an ``event_key``, so one event is told once.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import User
from marketplace.buyers.models import SavedItem
from marketplace.catalog.models import Listing, Seller
from marketplace.catalog.signals import listing_changed
from marketplace.database import utcnow
from marketplace.errors import NotFound
from marketplace.extensions import db
from marketplace.i18n import loc
from marketplace.money import format_paise
from marketplace.notifications.service import notify
from marketplace.orders.signals import stock_changed
from marketplace.transaction import committed


def _public_listing(listing_id: int) -> Listing:
    listing = db.session.get(Listing, listing_id) if isinstance(listing_id, int) else None
    if listing is None or not listing.is_public:
        raise NotFound()
    return listing


def save(user_id: int, listing_id: int) -> SavedItem:
    """Save ``listing_id`` for ``user_id``; saving it again changes nothing (idempotent).
    Result: the saved item. Raises NotFound for a listing that does not exist or is not on sale."""
    with committed():
        listing = _public_listing(listing_id)
        item = db.session.scalar(select(SavedItem).filter_by(user_id=user_id, listing_id=listing.id))
        if item is None:
            item = SavedItem(user_id=user_id, listing_id=listing.id, created_at=utcnow(),
                             price_paise_when_saved=listing.price_paise)
            db.session.add(item)
    return item


def unsave(user_id: int, listing_id: int) -> bool:
    """Remove ``listing_id`` from ``user_id``'s saved items. Result: whether it was there.
    Raises NotFound for a listing id that does not exist."""
    with committed():
        if not isinstance(listing_id, int) or db.session.get(Listing, listing_id) is None:
            raise NotFound()
        item = db.session.scalar(select(SavedItem).filter_by(user_id=user_id, listing_id=listing_id))
        if item is not None:
            db.session.delete(item)
    return item is not None


def saved_items(user_id: int) -> list[SavedItem]:
    """``user_id``'s saved items, newest first, with their listings (photos, seller) loaded."""
    return list(db.session.scalars(
        select(SavedItem).filter_by(user_id=user_id).order_by(SavedItem.created_at.desc(), SavedItem.id.desc())
        .options(selectinload(SavedItem.listing).selectinload(Listing.images),
                 selectinload(SavedItem.listing).selectinload(Listing.seller).selectinload(Seller.district))))


def saved_listing_ids(user_id: int) -> set[int]:
    """The ids of the listings ``user_id`` saved (for the hearts on a page)."""
    return set(db.session.scalars(select(SavedItem.listing_id).filter_by(user_id=user_id)))


def _savers(listing_id: int) -> list:
    return list(db.session.execute(
        select(SavedItem, User).join(User, User.id == SavedItem.user_id)
        .where(SavedItem.listing_id == listing_id).order_by(SavedItem.id)))


def _link(listing: Listing) -> str:
    return f"/products/{listing.slug}"


def tell_savers(listing: Listing, *, old_stock: int, new_stock: int, old_price: int, new_price: int) -> int:
    """Tell every buyer who saved ``listing`` that it is back in stock (``old_stock <= 0 <
    new_stock``) or cheaper (``new_price < old_price`` and below the price when they saved it).
    Adds rows only (in-app notice, mail and SMS in their outboxes, by the buyer's channels);
    does not commit. Result: notices added."""
    back = old_stock <= 0 < new_stock
    cheaper = new_price < old_price
    if not (back or cheaper) or not listing.is_public:
        return 0
    added = 0
    for item, user in _savers(listing.id):
        def title(listing=listing):
            return loc(listing, "title")
        if back:
            note = notify(user, lambda title=title: _("Back in stock: %(title)s", title=title()),
                          lambda title=title: _("%(title)s, which you saved, is back in stock.", title=title()),
                          link=_link(listing), event_key=f"saved-back:{item.id}:{utcnow():%Y%m%d%H%M%S}",
                          sms=("buyer_saved_back_in_stock", {"title": title}))
            added += note is not None
        if cheaper and new_price < item.price_paise_when_saved:
            note = notify(user, lambda title=title: _("Cheaper now: %(title)s", title=title()),
                          lambda title=title: _("%(title)s, which you saved at %(then)s, is now %(now)s.",
                                                 title=title(), then=format_paise(item.price_paise_when_saved),
                                                 now=format_paise(new_price)),
                          link=_link(listing), event_key=f"saved-cheaper:{item.id}:{new_price}",
                          sms=("buyer_saved_cheaper", {"title": title, "price": lambda p=new_price: format_paise(p)}))
            added += note is not None
    return added


def _on_listing_changed(listing: Listing, **kw) -> None:
    tell_savers(listing, **kw)


def _on_stock_changed(listing_id: int, *, new_stock: int, change: int) -> None:
    if change <= 0:
        return
    listing = db.session.get(Listing, listing_id)
    if listing is not None:
        tell_savers(listing, old_stock=new_stock - change, new_stock=new_stock,
                    old_price=listing.price_paise, new_price=listing.price_paise)


def listen() -> None:
    """Connect the receivers (called by ``buyers.init_app``; the same functions every time)."""
    listing_changed.connect(_on_listing_changed, weak=False)
    stock_changed.connect(_on_stock_changed, weak=False)
