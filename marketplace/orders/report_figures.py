"""The orders' monitoring figures (live sub-orders, sales, buyers ordering) and the freight
subsidy's (claims made, approved, paid). Plain query functions in the shape described in
``marketplace.catalog.report_figures``; ``marketplace.admin.reports`` registers them."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from marketplace.catalog.models import Seller
from marketplace.catalog.report_figures import MonthBuckets, Value, grouped_counts, sold_by_sellers_of
from marketplace.database import in_period
from marketplace.extensions import db
from marketplace.orders.models import ClaimStatus, Order, SubOrder, SubsidyClaim
from marketplace.orders.states import Status

#: Sub-orders that count as sales: paid or confirmed, up to delivered (not cancelled, refunded).
COMMITTED = (Status.PAID, Status.CONFIRMED, Status.ACCEPTED, Status.SHIPPED, Status.DELIVERED)
_APPROVED = (ClaimStatus.APPROVED.value, ClaimStatus.PAID.value)


def _committed():
    return SubOrder.status.in_([s.value for s in COMMITTED])


def order_figures(district_ids: set[int], start: dt.datetime, end: dt.datetime, state_wide: bool) -> dict[str, Value]:
    """Sub-orders (one seller's part of an order) placed in the period by the districts'
    sellers and still live (paid or confirmed, up to delivered; cancelled and refunded ones
    are left out), their goods value, and the distinct buyers behind them."""
    base = (select(func.count(SubOrder.id), func.coalesce(func.sum(SubOrder.goods_paise), 0),
                   func.count(func.distinct(Order.buyer_id)))
            .join(Order, Order.id == SubOrder.order_id)
            .where(sold_by_sellers_of(SubOrder.seller_id, district_ids), _committed(),
                   in_period(SubOrder.created_at, start, end)))
    count, value, buyers = db.session.execute(base).one()
    return {"orders": count, "sales_paise": int(value), "buyers_ordering": buyers}


def order_figures_by_district(district_ids: set[int], start: dt.datetime, end: dt.datetime) -> dict[int, dict[str, Value]]:
    """:func:`order_figures` for each district, from one grouped query."""
    stmt = (select(Seller.district_id, func.count(SubOrder.id), func.coalesce(func.sum(SubOrder.goods_paise), 0),
                   func.count(func.distinct(Order.buyer_id)))
            .join(Seller, Seller.id == SubOrder.seller_id).join(Order, Order.id == SubOrder.order_id)
            .where(Seller.district_id.in_(district_ids or {-1}), _committed(),
                   in_period(SubOrder.created_at, start, end)).group_by(Seller.district_id))
    rows = {d: (n, int(v), b) for d, n, v, b in db.session.execute(stmt)}
    return {d: dict(zip(("orders", "sales_paise", "buyers_ordering"), rows.get(d, (0, 0, 0)))) for d in district_ids}


def order_series(district_ids: set[int], months, state_wide: bool) -> dict[str, list[Value]]:
    """:func:`order_figures` for each month, from one grouped query."""
    b = MonthBuckets(months)
    idx = b.index(SubOrder.created_at).label("month_index")
    rows = db.session.execute(
        select(idx, func.count(SubOrder.id), func.coalesce(func.sum(SubOrder.goods_paise), 0),
               func.count(func.distinct(Order.buyer_id)))
        .join(Order, Order.id == SubOrder.order_id)
        .where(sold_by_sellers_of(SubOrder.seller_id, district_ids), _committed(),
               in_period(SubOrder.created_at, months[0].start_utc, months[-1].end_utc))
        .group_by(idx)).all()
    return {"orders": b.per_month((i, n) for i, n, _, _ in rows),
            "sales_paise": b.per_month((i, v) for i, _, v, _ in rows),
            "buyers_ordering": b.per_month((i, u) for i, _, _, u in rows)}


def subsidy_figures(district_ids: set[int], start: dt.datetime, end: dt.datetime, state_wide: bool) -> dict[str, Value]:
    """Freight-subsidy claims made in the period (amount), amounts approved in it (decided in
    the period and approved or since paid), and amounts paid in it."""
    in_scope = SubsidyClaim.district_id.in_(district_ids or {-1})
    total = func.coalesce(func.sum(SubsidyClaim.amount_paise), 0)
    claimed_n, claimed = db.session.execute(select(func.count(), total).where(
        in_scope, in_period(SubsidyClaim.claimed_at, start, end))).one()
    approved = db.session.scalar(select(total).where(
        in_scope, SubsidyClaim.status.in_(_APPROVED), in_period(SubsidyClaim.decided_at, start, end)))
    paid = db.session.scalar(select(total).where(
        in_scope, SubsidyClaim.status == ClaimStatus.PAID.value, in_period(SubsidyClaim.paid_at, start, end)))
    return {"claims_made": claimed_n, "subsidy_claimed_paise": int(claimed),
            "subsidy_approved_paise": int(approved), "subsidy_paid_paise": int(paid)}


def subsidy_figures_by_district(district_ids: set[int], start: dt.datetime, end: dt.datetime) -> dict[int, dict[str, Value]]:
    """:func:`subsidy_figures` for each district, in grouped queries."""
    total = func.coalesce(func.sum(SubsidyClaim.amount_paise), 0)
    in_scope = SubsidyClaim.district_id.in_(district_ids or {-1})
    base = select(SubsidyClaim.district_id, total).where(in_scope).group_by(SubsidyClaim.district_id)
    counts = grouped_counts(select(SubsidyClaim.district_id, func.count()).where(
        in_scope, in_period(SubsidyClaim.claimed_at, start, end)).group_by(SubsidyClaim.district_id))
    claimed = grouped_counts(base.where(in_period(SubsidyClaim.claimed_at, start, end)))
    approved = grouped_counts(base.where(SubsidyClaim.status.in_(_APPROVED), in_period(SubsidyClaim.decided_at, start, end)))
    paid = grouped_counts(base.where(SubsidyClaim.status == ClaimStatus.PAID.value,
                                     in_period(SubsidyClaim.paid_at, start, end)))
    return {d: {"claims_made": counts.get(d, 0), "subsidy_claimed_paise": claimed.get(d, 0),
                "subsidy_approved_paise": approved.get(d, 0), "subsidy_paid_paise": paid.get(d, 0)}
            for d in district_ids}


def subsidy_series(district_ids: set[int], months, state_wide: bool) -> dict[str, list[Value]]:
    """:func:`subsidy_figures` for each month, in grouped queries."""
    b = MonthBuckets(months)
    in_scope = SubsidyClaim.district_id.in_(district_ids or {-1})
    total = func.coalesce(func.sum(SubsidyClaim.amount_paise), 0)
    made = b.grouped(SubsidyClaim.claimed_at, func.count(), total, where=(in_scope,))
    approved = b.grouped(SubsidyClaim.decided_at, total, where=(in_scope, SubsidyClaim.status.in_(_APPROVED)))
    paid = b.grouped(SubsidyClaim.paid_at, total, where=(in_scope, SubsidyClaim.status == ClaimStatus.PAID.value))
    return {"claims_made": b.per_month((i, n) for i, n, _ in made),
            "subsidy_claimed_paise": b.per_month((i, v) for i, _, v in made),
            "subsidy_approved_paise": b.per_month(approved), "subsidy_paid_paise": b.per_month(paid)}
