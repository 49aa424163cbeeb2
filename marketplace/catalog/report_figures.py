"""The catalogue's monitoring figures (sellers and listings), and the SQL helpers every domain's
figures share. Plain query functions; ``marketplace.admin.reports`` registers them with their
labels and composes the dashboard, trends, ranking and exports from them.

A *source* is ``(district_ids, start, end, state_wide) -> {figure key: value}`` over
``start <= t < end`` (UTC bounds of Indian months); ``*_by_district`` gives the same for each
district in grouped queries, ``*_series`` the same for each of several consecutive months (any
objects with ``start_utc``/``end_utc``, i.e. ``admin.periods.Month``).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import case, func, or_, select, true

from marketplace.catalog.models import District, Listing, ListingStatus, Seller, SellerStatus
from marketplace.database import in_period
from marketplace.extensions import db

Value = int | float | None


def sold_by_sellers_of(seller_column, district_ids: set[int]):
    """SQL: ``seller_column`` (a listing's or a sub-order's seller) is a seller of one of the
    districts. For the whole state that is every seller, and saying nothing lets the database
    count the listings or sub-orders alone instead of visiting each one's seller."""
    if district_ids and len(district_ids) >= db.session.scalar(select(func.count(District.id))):
        return true()
    return seller_column.in_(select(Seller.id).where(Seller.district_id.in_(district_ids or {-1})))


def grouped_counts(stmt) -> dict[int, int]:
    """``SELECT district_id, value ... GROUP BY district_id`` → ``{district_id: value}``."""
    return {district: int(value or 0) for district, value in db.session.execute(stmt)}


class MonthBuckets:
    """The months of a trend as SQL: each timestamp is numbered by the month it falls in,
    and the database counts and sums per month (a state-wide trend would otherwise pull every
    row into Python). Months are compared with their UTC bounds, so no time-zone arithmetic
    runs per row, and the same expression works on SQLite and PostgreSQL."""

    BEFORE = -1  # earlier than the first month

    def __init__(self, months):
        self.months = months
        self.starts = [m.start_utc for m in months]
        self.ends = [m.end_utc for m in months]
        self.after = len(months)  # later than the last month, or no timestamp at all

    def index(self, column):
        """SQL: 0 … n-1 for the month ``column`` falls in, :attr:`BEFORE` before the first month,
        :attr:`after` after the last one or when it is NULL."""
        return case((column < self.starts[0], self.BEFORE),
                    *[(column < end, i) for i, end in enumerate(self.ends)], else_=self.after)

    def zeros(self) -> list[int]:
        return [0] * len(self.months)

    def per_month(self, rows) -> list[int]:
        """``[(month index, value), ...]`` → one value per month (other indexes ignored)."""
        out = self.zeros()
        for i, value in rows:
            if 0 <= i < len(out):
                out[i] += int(value or 0)
        return out

    def running_total(self, rows) -> list[int]:
        """``[(month index, count), ...]`` → for each month, the count up to its end (rows
        before the first month included)."""
        out, total = [], sum(int(n) for i, n in rows if i == self.BEFORE)
        monthly = self.per_month(rows)
        for n in monthly:
            total += n
            out.append(total)
        return out

    def grouped(self, column, *aggregates, where=()):
        """Run ``SELECT index(column), aggregates… WHERE where… GROUP BY index``."""
        idx = self.index(column).label("month_index")
        return db.session.execute(select(idx, *aggregates).where(*where).group_by(idx)).all()


# -- sellers ----------------------------------------------------------------------------------
def seller_figures(district_ids: set[int], start: dt.datetime, end: dt.datetime, state_wide: bool) -> dict[str, Value]:
    """Sellers registered and verified in the period, and those waiting for verification at its
    end (registered before the end, not verified before it, not rejected)."""
    in_scope = Seller.district_id.in_(district_ids or {-1})
    registered = db.session.scalar(select(func.count()).select_from(Seller).where(
        in_scope, in_period(Seller.created_at, start, end)))
    verified = db.session.scalar(select(func.count()).select_from(Seller).where(
        in_scope, Seller.status == SellerStatus.VERIFIED, in_period(Seller.verified_at, start, end)))
    pending = db.session.scalar(select(func.count()).select_from(Seller).where(
        in_scope, Seller.created_at < end, Seller.status != SellerStatus.REJECTED,
        or_(Seller.verified_at.is_(None), Seller.verified_at >= end)))
    return {"sellers_registered": registered, "sellers_verified": verified, "sellers_pending": pending}


def seller_figures_by_district(district_ids: set[int], start: dt.datetime, end: dt.datetime) -> dict[int, dict[str, Value]]:
    """:func:`seller_figures` for each district, in three grouped queries."""
    base = select(Seller.district_id, func.count()).where(Seller.district_id.in_(district_ids or {-1})).group_by(Seller.district_id)
    registered = grouped_counts(base.where(in_period(Seller.created_at, start, end)))
    verified = grouped_counts(base.where(Seller.status == SellerStatus.VERIFIED, in_period(Seller.verified_at, start, end)))
    pending = grouped_counts(base.where(Seller.created_at < end, Seller.status != SellerStatus.REJECTED,
                                        or_(Seller.verified_at.is_(None), Seller.verified_at >= end)))
    return {d: {"sellers_registered": registered.get(d, 0), "sellers_verified": verified.get(d, 0),
                "sellers_pending": pending.get(d, 0)} for d in district_ids}


def seller_series(district_ids: set[int], months, state_wide: bool) -> dict[str, list[Value]]:
    """:func:`seller_figures` for each month, counted by the database."""
    b = MonthBuckets(months)
    in_scope = Seller.district_id.in_(district_ids or {-1})
    registered = b.per_month(b.grouped(Seller.created_at, func.count(), where=(in_scope,)))
    verified = b.per_month(b.grouped(Seller.verified_at, func.count(),
                                     where=(in_scope, Seller.status == SellerStatus.VERIFIED)))
    # waiting at a month's end: registered before it, not rejected, not verified before it
    created_i, verified_i = b.index(Seller.created_at), b.index(Seller.verified_at)
    rows = db.session.execute(select(created_i, verified_i, func.count()).where(
        in_scope, Seller.status != SellerStatus.REJECTED, Seller.created_at < months[-1].end_utc)
        .group_by(created_i, verified_i)).all()
    pending = [sum(n for c, v, n in rows if c <= k and v > k) for k in range(len(months))]
    return {"sellers_registered": registered, "sellers_verified": verified, "sellers_pending": pending}


# -- listings ---------------------------------------------------------------------------------
def listing_figures(district_ids: set[int], start: dt.datetime, end: dt.datetime, state_wide: bool) -> dict[str, Value]:
    """Listings first published in the period, and listings live (published) at its end."""
    base = select(func.count()).select_from(Listing).where(sold_by_sellers_of(Listing.seller_id, district_ids))
    published = db.session.scalar(base.where(in_period(Listing.published_at, start, end)))
    live = db.session.scalar(base.where(Listing.status == ListingStatus.PUBLISHED, Listing.published_at < end))
    return {"listings_published": published, "listings_live": live}


def listing_figures_by_district(district_ids: set[int], start: dt.datetime, end: dt.datetime) -> dict[int, dict[str, Value]]:
    """:func:`listing_figures` for each district, in two grouped queries."""
    base = (select(Seller.district_id, func.count()).select_from(Listing).join(Seller, Seller.id == Listing.seller_id)
            .where(Seller.district_id.in_(district_ids or {-1})).group_by(Seller.district_id))
    published = grouped_counts(base.where(in_period(Listing.published_at, start, end)))
    live = grouped_counts(base.where(Listing.status == ListingStatus.PUBLISHED, Listing.published_at < end))
    return {d: {"listings_published": published.get(d, 0), "listings_live": live.get(d, 0)} for d in district_ids}


def listing_series(district_ids: set[int], months, state_wide: bool) -> dict[str, list[Value]]:
    """:func:`listing_figures` for each month, counted by the database."""
    b = MonthBuckets(months)
    in_scope = sold_by_sellers_of(Listing.seller_id, district_ids)
    published = b.per_month(b.grouped(Listing.published_at, func.count(), where=(in_scope,)))
    live = b.running_total(b.grouped(Listing.published_at, func.count(),
                                     where=(in_scope, Listing.status == ListingStatus.PUBLISHED)))
    return {"listings_published": published, "listings_live": live}
