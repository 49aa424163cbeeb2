"""Reviews as buyers read them (issue #19.4): the one home of "a hidden review never counts".

- ``Rating``, ``listing_rating``, ``seller_rating``, ``ratings_for``: average (one decimal) and
  count over *visible* reviews only — the product page, the seller page, the JSON-LD, the API and
  the search index all read these, nothing else counts reviews.
- ``visible_reviews``: a listing's visible reviews, newest or most helpful first.
- ``clean_text``, ``clean_reply``, ``detect_language``: the text rules (length, control
  characters, HTML kept as text and escaped when shown).
- ``reply``: the seller answers a review of their product once, publicly.
- ``mark_helpful``, ``report``: one helpful vote and one report per user and review.
- ``hide``, ``unhide``: the ODOP cell's decision (the audit entry is written by the caller's
  ``before_commit`` hook, ``admin/reviews.py``, in the same transaction).

Who may *write* a review (their own delivered order line, once, editable for 30 days) is the
orders package's rule (``orders/reviews.py``); the catalogue never imports orders.

Every change to a review goes through the ORM, so the search feed's flush hook
(``search/sync.py``) writes a feed row for its listing: the index's rating sort and the cached
product and seller pages follow.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from marketplace.catalog.errors import CatalogError, NotFound
from marketplace.catalog.models import (
    REVIEW_REPLY_MAX,
    REVIEW_TEXT_MAX,
    Review,
    ReviewReport,
    ReviewVote,
    Seller,
)
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.i18n import number
from marketplace.params import has_control_characters
from marketplace.transaction import committed

#: How reviews can be ordered on the product page and in the API.
REVIEW_SORTS = ("newest", "helpful")
REVIEW_SORT_LABELS = {"newest": _l("Newest first"), "helpful": _l("Most helpful first")}
#: The languages a review can be written in (shown beside the text).
REVIEW_LANGUAGES = {"en": _l("English"), "hi": _l("Hindi")}
REPORT_REASON_MAX = 300
HIDE_REASON_MAX = 300
_DEVANAGARI = re.compile("[\u0900-\u097f]")
_LATIN = re.compile("[A-Za-z]")


class ReviewError(CatalogError):
    code = "review_invalid"
    default_message = _l("This review cannot be saved.")


# --------------------------------------------------------------------------- the rating


@dataclass(frozen=True)
class Rating:
    """The average of the visible ratings and how many there are (``count`` 0: no rating)."""

    total: int = 0
    count: int = 0

    @property
    def average(self) -> Decimal | None:
        """One decimal, half up (4.25 → 4.3); None without reviews."""
        if not self.count:
            return None
        return (Decimal(self.total) / Decimal(self.count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def x100(self) -> int:
        """The average times 100, rounded (what the search index sorts by; 0 without reviews)."""
        if not self.count:
            return 0
        return int((Decimal(self.total) * 100 / Decimal(self.count)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))

    @property
    def stars(self) -> int:
        """Whole stars to draw (the average rounded half up)."""
        avg = self.average
        return int(avg.quantize(Decimal("1"), rounding=ROUND_HALF_UP)) if avg is not None else 0


def rating_label(rating: Rating) -> str:
    """"4.3 out of 5" in the page's language (the number in its locale's digits and decimal
    sign); "No ratings yet" without reviews. What screen readers hear beside the stars."""
    if not rating.count:
        return _("No ratings yet")
    return average_label(rating.average)


def average_label(average) -> str:
    """"4.3 out of 5" for an average already rounded (a Decimal or its text, as the search
    index stores it)."""
    return _("%(average)s out of 5", average=format_decimal(Decimal(str(average)), format="0.0"))


def count_label(count: int) -> str:
    """"1 rating" / "1,234 ratings" (Indian grouping through the locale)."""
    return ngettext("%(n)s rating", "%(n)s ratings", count, n=number(count))


def _visible():
    return Review.hidden.is_(False)


def rating_order_of(listing_id_column):
    """SQL to order listings by rating (``ORDER BY`` terms, best first): the average over visible
    reviews, then how many; listings without reviews last. Correlated on ``listing_id_column``."""
    visible = (Review.listing_id == listing_id_column, _visible())
    average = select(func.avg(Review.rating)).where(*visible).scalar_subquery()
    count = select(func.count(Review.id)).where(*visible).scalar_subquery()
    return func.coalesce(average, 0).desc(), count.desc()


def listing_rating(listing_id: int, session: Session | None = None) -> Rating:
    """The rating of one listing over its visible reviews."""
    return ratings_for([listing_id], session).get(listing_id, Rating())


def ratings_for(listing_ids, session: Session | None = None) -> dict[int, Rating]:
    """``{listing id: Rating}`` over visible reviews, for listings that have any (one query)."""
    ids = list(dict.fromkeys(listing_ids))
    if not ids:
        return {}
    session = session if session is not None else db.session
    rows = session.execute(
        select(Review.listing_id, func.coalesce(func.sum(Review.rating), 0), func.count(Review.id))
        .where(Review.listing_id.in_(ids), _visible()).group_by(Review.listing_id))
    return {lid: Rating(int(total), int(count)) for lid, total, count in rows}


def seller_rating(seller_id: int) -> Rating:
    """The seller's rating: every visible review of any of their products."""
    total, count = db.session.execute(
        select(func.coalesce(func.sum(Review.rating), 0), func.count(Review.id))
        .where(Review.seller_id == seller_id, _visible())).one()
    return Rating(int(total), int(count))


def visible_reviews_query(listing_id: int, sort: str = "newest"):
    """The listing's visible reviews (photos loaded), ``newest`` or most ``helpful`` first."""
    order = ((Review.helpful_count.desc(), Review.created_at.desc(), Review.id.desc()) if sort == "helpful"
             else (Review.created_at.desc(), Review.id.desc()))
    return (select(Review).where(Review.listing_id == listing_id, _visible())
            .options(selectinload(Review.photos), selectinload(Review.buyer)).order_by(*order))


@dataclass(frozen=True)
class ReviewPage:
    """One page of a listing's visible reviews (what templates and the API read of a pagination)."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page)) if self.total else 0

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def visible_reviews(listing_id: int, sort: str = "newest", page: int = 1, per_page: int = 10,
                    rating: Rating | None = None) -> ReviewPage:
    """One page of ``visible_reviews_query``. The number of visible reviews is the rating's count
    (pass the ``rating`` already read to save its query); no reviews, no list query."""
    rating = rating if rating is not None else listing_rating(listing_id)
    if not rating.count or (page - 1) * per_page >= rating.count:
        return ReviewPage([], page, per_page, rating.count)
    stmt = visible_reviews_query(listing_id, sort if sort in REVIEW_SORTS else "newest")
    items = list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
    return ReviewPage(items, page, per_page, rating.count)


def reviewer_name(review: Review) -> str:
    """What the page shows for the author: the first name only (no surname, no contact)."""
    name = (getattr(review.buyer, "name", "") or "").strip()
    return name.split()[0] if name else ""


# --------------------------------------------------------------------------- text rules


def detect_language(text: str) -> str:
    """``hi`` when the text is mostly Devanagari, else ``en``."""
    return "hi" if len(_DEVANAGARI.findall(text)) > len(_LATIN.findall(text)) else "en"


def _clean(text, limit: int, too_long, field: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip() if isinstance(text, str) else ""
    if has_control_characters(text.replace("\n", " "), newlines=False):
        raise ReviewError(_l("The text contains invisible control characters. Please remove them."),
                          code="control_characters", field=field)
    if len(text) > limit:
        raise ReviewError(too_long, code="text_too_long", field=field)
    return text


def clean_text(text) -> str:
    """A review's text: trimmed, at most ``REVIEW_TEXT_MAX`` characters, no control characters
    (line breaks are fine). HTML is kept as the buyer typed it and escaped wherever it is shown.
    Raises ReviewError (text_too_long, control_characters)."""
    return _clean(text, REVIEW_TEXT_MAX, _l("A review can be at most %(n)s characters long.", n=REVIEW_TEXT_MAX), "text")


def clean_reply(text) -> str:
    """The seller's answer: like ``clean_text``, at most ``REVIEW_REPLY_MAX``, and not empty."""
    text = _clean(text, REVIEW_REPLY_MAX, _l("An answer can be at most %(n)s characters long.", n=REVIEW_REPLY_MAX), "reply")
    if not text:
        raise ReviewError(_l("Write your answer first."), code="reply_empty", field="reply")
    return text


def _one_line(text, limit: int, field: str, required_message=None) -> str:
    text = (text or "").strip() if isinstance(text, str) else ""
    if has_control_characters(text, newlines=True):
        raise ReviewError(_l("The text contains invisible control characters. Please remove them."),
                          code="control_characters", field=field)
    if len(text) > limit:
        raise ReviewError(_l("Keep it under %(n)s characters.", n=limit), code="text_too_long", field=field)
    if not text and required_message is not None:
        raise ReviewError(required_message, code="reason_required", field=field)
    return text


# --------------------------------------------------------------------------- seller, buyers, the cell


def _review(review_id, lock: bool = False) -> Review:
    stmt = select(Review).where(Review.id == review_id)
    if lock:
        stmt = stmt.with_for_update()
    review = db.session.scalar(stmt) if isinstance(review_id, int) else None
    if review is None:
        raise NotFound()
    return review


def reviews_of_seller(seller_id: int, page: int = 1, per_page: int = 20):
    """All reviews of the seller's products (hidden ones too: the seller sees why), newest first."""
    stmt = (select(Review).where(Review.seller_id == seller_id)
            .options(selectinload(Review.listing), selectinload(Review.photos), selectinload(Review.buyer))
            .order_by(Review.created_at.desc(), Review.id.desc()))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def reply(seller_user_id: int, review_id: int, text, now: dt.datetime | None = None) -> Review:
    """The seller (the user owning the reviewed product's seller profile) answers once, publicly.

    Raises NotFound (not their product's review), ReviewError (already_replied, reply_empty,
    text_too_long, control_characters). Commits."""
    body = clean_reply(text)
    with committed():
        review = _review(review_id, lock=True)
        seller = db.session.get(Seller, review.seller_id)
        if seller is None or seller.user_id != seller_user_id:
            raise NotFound()
        if review.seller_reply:
            raise ReviewError(_l("You have already answered this review; an answer is given once."),
                              code="already_replied")
        review.seller_reply = body
        review.replied_at = now or utcnow()
    return review


def mark_helpful(user_id: int, review_id: int) -> bool:
    """``user_id`` found the visible review helpful: one vote per user (False when already
    voted); nobody votes for their own review (ReviewError own_review). NotFound for a hidden or
    missing review. Commits."""
    with committed():
        review = _review(review_id, lock=True)
        if review.hidden:
            raise NotFound()
        if review.buyer_id == user_id:
            raise ReviewError(_l("You cannot mark your own review as helpful."), code="own_review")
        if db.session.scalar(select(ReviewVote.id).where(ReviewVote.review_id == review.id,
                                                         ReviewVote.user_id == user_id)):
            return False
        db.session.add(ReviewVote(review_id=review.id, user_id=user_id))
        review.helpful_count = Review.helpful_count + 1
    return True


def report(user_id: int, review_id: int, reason) -> bool:
    """``user_id`` tells the ODOP cell the review breaks the rules (``reason``, up to 300
    characters, may be empty). One report per user and review: False when already reported.
    NotFound for a missing or already hidden review. Commits."""
    text = _one_line(reason, REPORT_REASON_MAX, "reason")
    try:
        with committed():
            review = _review(review_id)
            if review.hidden:
                raise NotFound()
            if db.session.scalar(select(ReviewReport.id).where(ReviewReport.review_id == review.id,
                                                               ReviewReport.user_id == user_id)):
                return False
            db.session.add(ReviewReport(review_id=review.id, user_id=user_id, reason=text))
    except IntegrityError:  # the same user reporting twice at once
        return False
    return True


BeforeCommit = Callable[[Review, dict], None]
_HIDE_FIELDS = ("hidden", "hidden_reason", "hidden_by_id", "hidden_at")


def hide(actor_id: int, review_id: int, reason, before_commit: BeforeCommit | None = None,
         now: dt.datetime | None = None) -> Review:
    """The ODOP cell hides a review with a ``reason`` (required, kept): it leaves the product
    page, the API and every rating. ``before_commit(review, before)`` runs in the transaction
    (the admin layer's audit entry). Raises NotFound, ReviewError (reason_required,
    already_hidden, text_too_long). Commits."""
    text = _one_line(reason, HIDE_REASON_MAX, "reason", _l("Say why the review is hidden."))
    with committed():
        review = _review(review_id, lock=True)
        if review.hidden:
            raise ReviewError(_l("This review is already hidden."), code="already_hidden")
        before = {name: getattr(review, name) for name in _HIDE_FIELDS}
        review.hidden, review.hidden_reason = True, text
        review.hidden_by_id, review.hidden_at = actor_id, now or utcnow()
        if before_commit is not None:
            before_commit(review, before)
    return review


def unhide(actor_id: int, review_id: int, before_commit: BeforeCommit | None = None) -> Review:
    """The ODOP cell shows a hidden review again (the reason it was hidden stays in the audit
    log). Raises NotFound, ReviewError (not_hidden). Commits."""
    with committed():
        review = _review(review_id, lock=True)
        if not review.hidden:
            raise ReviewError(_l("This review is not hidden."), code="not_hidden")
        before = {name: getattr(review, name) for name in _HIDE_FIELDS}
        review.hidden, review.hidden_reason, review.hidden_by_id, review.hidden_at = False, None, None, None
        if before_commit is not None:
            before_commit(review, before)
    return review


def reported_reviews(include_hidden: bool = False, limit: int = 200) -> list[tuple[Review, int]]:
    """Reviews somebody reported, with their report count, most reported first (the cell's queue);
    hidden ones only with ``include_hidden``."""
    count = func.count(ReviewReport.id).label("reports")
    stmt = (select(Review, count).join(ReviewReport, ReviewReport.review_id == Review.id)
            .group_by(Review.id).order_by(count.desc(), Review.id.desc()).limit(limit)
            .options(selectinload(Review.listing), selectinload(Review.photos)))
    if not include_hidden:
        stmt = stmt.where(_visible())
    return [(review, int(n)) for review, n in db.session.execute(stmt)]


def reports_of(review_id: int) -> list[ReviewReport]:
    """Every report of one review, oldest first."""
    return list(db.session.scalars(select(ReviewReport).where(ReviewReport.review_id == review_id)
                                   .order_by(ReviewReport.id)))
