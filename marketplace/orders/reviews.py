"""Who may rate and review what (issue #19.4): a buyer, their own order line, once the sub-order
was delivered; one review per line (the database's unique ``order_line_id`` too), editable for
``REVIEW_EDIT_DAYS`` (30) days after it was written.

What buyers read and the averages are the catalogue's (``catalog/reviews.py``); the text rules
(length, control characters) too, so the seller's answer and the review share them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from marketplace import storage
from marketplace.catalog.errors import CatalogError
from marketplace.catalog.images import process_image, store_image
from marketplace.catalog.models import REVIEW_PHOTOS_MAX, Review, ReviewPhoto
from marketplace.catalog.reviews import REVIEW_LANGUAGES, ReviewError, clean_text, detect_language
from marketplace.database import utcnow
from marketplace.errors import NotFound
from marketplace.extensions import db
from marketplace.params import parse_int
from marketplace.transaction import committed

from .models import Order, OrderLine, OrderStatusChange, SubOrder
from .states import Status


def edit_days() -> int:
    """How many days a review stays editable (``REVIEW_EDIT_DAYS``, default 30)."""
    return int(current_app.config.get("REVIEW_EDIT_DAYS", 30))


def was_delivered(suborder: SubOrder) -> bool:
    """The sub-order reached the buyer: it is delivered now, or its history says it was (a
    later return or refund does not take the buyer's say away)."""
    if suborder.status == Status.DELIVERED:
        return True
    return db.session.scalar(select(OrderStatusChange.id).where(
        OrderStatusChange.suborder_id == suborder.id, OrderStatusChange.to_status == Status.DELIVERED.value
    ).limit(1)) is not None


def buyer_line(buyer_id: int, line_id) -> OrderLine:
    """The buyer's own order line (its sub-order and order loaded); NotFound for a missing line
    or somebody else's."""
    number = parse_int(line_id, 1)
    line = db.session.scalar(
        select(OrderLine).join(OrderLine.suborder).join(SubOrder.order)
        .where(OrderLine.id == number, Order.buyer_id == buyer_id)
        .options(selectinload(OrderLine.suborder).selectinload(SubOrder.order))
    ) if number is not None else None
    if line is None:
        raise NotFound()
    return line


def review_of_line(line_id: int) -> Review | None:
    """The review written for the line, if any (photos loaded)."""
    return db.session.scalar(select(Review).where(Review.order_line_id == line_id)
                             .options(selectinload(Review.photos)))


def reviews_by_line(line_ids) -> dict[int, Review]:
    """``{line id: Review}`` for the lines that have one (the order page's links)."""
    ids = list(line_ids)
    if not ids:
        return {}
    return {r.order_line_id: r for r in db.session.scalars(select(Review).where(Review.order_line_id.in_(ids)))}


def editable_until(review: Review) -> dt.datetime:
    """The last moment the buyer may change ``review``."""
    return review.created_at + dt.timedelta(days=edit_days())


def can_edit(review: Review, now: dt.datetime | None = None) -> bool:
    """The edit window is still open."""
    return (now or utcnow()) <= editable_until(review)


class NotDelivered(ReviewError):
    code = "not_delivered"
    default_message = _l("You can rate a product once it has been delivered to you.")


class EditWindowClosed(ReviewError):
    code = "edit_window_closed"
    default_message = _l("This review can no longer be changed.")


def _window_closed() -> EditWindowClosed:
    return EditWindowClosed(_l("A review can be changed for %(days)s days after it was written; "
                               "this one can no longer be changed.", days=edit_days()))


@dataclass(frozen=True)
class ReviewInput:
    """What the buyer sent: ``rating`` as typed ("1".."5"), the text, ``language`` ("", "en",
    "hi": empty means "find out from the text") and photos as ``(file name, bytes)``."""

    rating: object
    text: object = ""
    language: object = ""
    photos: tuple = ()


def _rating(value) -> int:
    rating = parse_int(value, 1, 5) if value is not None else None
    if rating is None:
        raise ReviewError(_l("Choose a rating from 1 to 5 stars."), code="invalid_rating", field="rating")
    return rating


def _language(value, text: str) -> str:
    value = value.strip() if isinstance(value, str) else ""
    if not value:
        return detect_language(text)
    if value not in REVIEW_LANGUAGES:
        raise ReviewError(_l("Choose English or Hindi."), code="invalid_language", field="language")
    return value


def _photos(files) -> list:
    """Decode and check every photo before anything is written (all or none)."""
    wanted = [(name, data) for name, data in files if data]
    if len(wanted) > REVIEW_PHOTOS_MAX:
        raise ReviewError(_l("Add at most %(n)s photos.", n=REVIEW_PHOTOS_MAX), code="too_many_photos", field="photos")
    processed = []
    for name, data in wanted:
        try:
            processed.append(process_image(data))
        except CatalogError as exc:
            raise ReviewError(_l("%(file)s: %(reason)s", file=name or "?", reason=exc.message),
                              code="invalid_image", field="photos") from None
    return processed


def submit_review(buyer_id: int, line_id, data: ReviewInput, now: dt.datetime | None = None) -> Review:
    """Write the buyer's review of their delivered line, or change it within the edit window.

    New photos (at most four) replace the review's photos; none sent keeps them. Raises
    NotFound (not the buyer's line), NotDelivered, EditWindowClosed, ReviewError
    (invalid_rating, invalid_language, text_too_long, control_characters, too_many_photos,
    invalid_image), PhotoNotSaved. Commits; returns the review.
    """
    now = now or utcnow()
    rating = _rating(data.rating)
    text = clean_text(data.text)
    language = _language(data.language, text)
    processed = _photos(data.photos)
    line = buyer_line(buyer_id, line_id)
    if not was_delivered(line.suborder):
        raise NotDelivered()
    existing = review_of_line(line.id)
    if existing is not None and not can_edit(existing, now):
        raise _window_closed()
    # content-addressed keys under the line's folder: writing them before the transaction holds
    # no lock, and a retry writes the same keys again
    store = storage.media()
    stored = [store_image(image, store, f"reviews/{line.id}") for image in processed]
    try:
        with committed():
            review = db.session.scalar(select(Review).where(Review.order_line_id == line.id).with_for_update())
            if review is None:
                review = Review(order_line_id=line.id, listing_id=line.listing_id, seller_id=line.suborder.seller_id,
                                buyer_id=buyer_id, created_at=now, helpful_count=0, hidden=False)
                db.session.add(review)
            elif not can_edit(review, now):
                raise _window_closed()
            else:
                review.edited_at = now
            review.rating, review.text, review.language = rating, text, language
            if stored:
                review.photos.clear()
                review.photos.extend(ReviewPhoto(position=i, path=s.path, thumb_path=s.thumb_path, width=s.width,
                                                 height=s.height) for i, s in enumerate(stored))
    except IntegrityError:  # the same line reviewed twice at the same moment: the first one won
        raise ReviewError(_l("You have already reviewed this product."), code="already_reviewed") from None
    return review
