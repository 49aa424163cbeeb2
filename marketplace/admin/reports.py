"""Monitoring figures for the state, a division or a district, by month — plain query functions.

Each *source* is one function ``(district_ids, start, end, state_wide) -> {figure key: value}``
reading one part of the system (sellers, listings, buyers, helpdesk, orders, subsidy, meets), and
registered with the figures it yields. A figure is a *flow* (counted over the period: sellers
registered in April) or a *stock* (the state at the period's end: listings live on 30 April).
The dashboard, the trend charts, the district ranking, the exports and the printed statement are
all built from these sources, so a number means the same everywhere. A package whose models land
later (orders, meets) adds its figures with :func:`register_source` without touching the rest.

Periods are Indian months (:mod:`marketplace.admin.periods`): ``start <= t < end`` in UTC.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, or_, select, true

from marketplace.accounts.models import Role, User
from marketplace.admin.exports import Kind
from marketplace.admin.models import HelpQuestion
from marketplace.admin.periods import Change, FinancialYear, Month
from marketplace.catalog.models import District, Listing, ListingStatus, Seller, SellerStatus
from marketplace.extensions import db

Value = int | float | None
SourceFn = Callable[[set[int], dt.datetime, dt.datetime, bool], dict[str, Value]]


@dataclass(frozen=True)
class FigureDef:
    key: str
    label: object  # lazy string
    kind: Kind = Kind.INT
    flow: bool = True           # summed over months (True) or read at the period's end (False)
    group: str = "catalog"      # heading on the dashboard
    higher_is_better: bool = True


PerDistrictFn = Callable[[set[int], dt.datetime, dt.datetime], dict[int, dict[str, Value]]]
SeriesFn = Callable[[set[int], list[Month], bool], dict[str, list[Value]]]


@dataclass
class Source:
    name: str
    fn: SourceFn
    figures: list[FigureDef] = field(default_factory=list)
    # The same figures for each district in one grouped query (ranking, district table); a
    # source without it is asked district by district.
    per_district: PerDistrictFn | None = None
    # The figures for each of several months from one query (trend charts); a source without it
    # is asked month by month.
    series: SeriesFn | None = None


SOURCES: list[Source] = []
GROUP_LABELS = {
    "catalog": _l("Sellers and products"),
    "orders": _l("Orders and sales"),
    "subsidy": _l("Freight subsidy"),
    "meets": _l("Udyam samagam"),
    "helpdesk": _l("Helpdesk"),
}


def register_source(name: str, fn: SourceFn, figures: list[FigureDef],
                    per_district: PerDistrictFn | None = None, series: SeriesFn | None = None) -> None:
    """Add (or replace) a source of figures; the dashboard shows them in registration order.

    ``per_district`` (optional) returns ``{district_id: {key: value}}`` for the same period in
    grouped queries; ``series`` (optional) returns ``{key: [value per month]}`` for a list of
    consecutive months. Both must agree with ``fn`` (the tests check it).
    """
    source = Source(name, fn, figures, per_district, series)
    for i, existing in enumerate(SOURCES):
        if existing.name == name:
            SOURCES[i] = source
            return
    SOURCES.append(source)


def figure_defs() -> list[FigureDef]:
    """Every figure of every registered source, in order."""
    return [f for s in SOURCES for f in s.figures]


def figure_def(key: str) -> FigureDef | None:
    return next((f for f in figure_defs() if f.key == key), None)


def _in_period(column, start, end):
    return and_(column >= start, column < end)


def _sold_by_sellers_of(seller_column, district_ids: set[int]):
    """SQL: ``seller_column`` (a listing's or a sub-order's seller) is a seller of one of the
    districts. For the whole state that is every seller, and saying nothing lets the database
    count the listings or sub-orders alone instead of visiting each one's seller."""
    if district_ids and len(district_ids) >= db.session.scalar(select(func.count(District.id))):
        return true()
    return seller_column.in_(select(Seller.id).where(Seller.district_id.in_(district_ids or {-1})))


# -- sources ----------------------------------------------------------------------------------
def seller_figures(district_ids: set[int], start: dt.datetime, end: dt.datetime, state_wide: bool) -> dict[str, Value]:
    """Sellers registered and verified in the period, and those waiting for verification at its
    end (registered before the end, not verified before it, not rejected)."""
    in_scope = Seller.district_id.in_(district_ids or {-1})
    registered = db.session.scalar(select(func.count()).select_from(Seller).where(
        in_scope, _in_period(Seller.created_at, start, end)))
    verified = db.session.scalar(select(func.count()).select_from(Seller).where(
        in_scope, Seller.status == SellerStatus.VERIFIED, _in_period(Seller.verified_at, start, end)))
    pending = db.session.scalar(select(func.count()).select_from(Seller).where(
        in_scope, Seller.created_at < end, Seller.status != SellerStatus.REJECTED,
        or_(Seller.verified_at.is_(None), Seller.verified_at >= end)))
    return {"sellers_registered": registered, "sellers_verified": verified, "sellers_pending": pending}


def listing_figures(district_ids: set[int], start: dt.datetime, end: dt.datetime, state_wide: bool) -> dict[str, Value]:
    """Listings first published in the period, and listings live (published) at its end."""
    base = select(func.count()).select_from(Listing).where(_sold_by_sellers_of(Listing.seller_id, district_ids))
    published = db.session.scalar(base.where(_in_period(Listing.published_at, start, end)))
    live = db.session.scalar(base.where(Listing.status == ListingStatus.PUBLISHED, Listing.published_at < end))
    return {"listings_published": published, "listings_live": live}


def buyer_figures(district_ids: set[int], start: dt.datetime, end: dt.datetime, state_wide: bool) -> dict[str, Value]:
    """New buyer accounts in the period. Buyers belong to no district, so this is a state figure:
    ``None`` (shown as "—") for a division or district; their buyers are counted from orders."""
    if not state_wide:
        return {"buyers_registered": None}
    count = db.session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.BUYER, _in_period(User.created_at, start, end)))
    return {"buyers_registered": count}


def helpdesk_figures(district_ids: set[int], start: dt.datetime, end: dt.datetime, state_wide: bool) -> dict[str, Value]:
    """Questions asked in the period, how many of them have been answered, and the median hours
    to the DIC's first answer."""
    rows = db.session.execute(select(HelpQuestion.created_at, HelpQuestion.first_response_at).where(
        HelpQuestion.district_id.in_(district_ids or {-1}), _in_period(HelpQuestion.created_at, start, end))).all()
    hours = [(b - a).total_seconds() / 3600 for a, b in rows if b is not None]
    return {"questions_asked": len(rows), "questions_answered": len(hours), "response_hours": _median(hours)}


def _grouped(stmt) -> dict[int, int]:
    return {district: int(value or 0) for district, value in db.session.execute(stmt)}


def seller_figures_by_district(district_ids: set[int], start: dt.datetime, end: dt.datetime) -> dict[int, dict[str, Value]]:
    """:func:`seller_figures` for each district, in three grouped queries."""
    base = select(Seller.district_id, func.count()).where(Seller.district_id.in_(district_ids or {-1})).group_by(Seller.district_id)
    registered = _grouped(base.where(_in_period(Seller.created_at, start, end)))
    verified = _grouped(base.where(Seller.status == SellerStatus.VERIFIED, _in_period(Seller.verified_at, start, end)))
    pending = _grouped(base.where(Seller.created_at < end, Seller.status != SellerStatus.REJECTED,
                                  or_(Seller.verified_at.is_(None), Seller.verified_at >= end)))
    return {d: {"sellers_registered": registered.get(d, 0), "sellers_verified": verified.get(d, 0),
                "sellers_pending": pending.get(d, 0)} for d in district_ids}


def listing_figures_by_district(district_ids: set[int], start: dt.datetime, end: dt.datetime) -> dict[int, dict[str, Value]]:
    """:func:`listing_figures` for each district, in two grouped queries."""
    base = (select(Seller.district_id, func.count()).select_from(Listing).join(Seller, Seller.id == Listing.seller_id)
            .where(Seller.district_id.in_(district_ids or {-1})).group_by(Seller.district_id))
    published = _grouped(base.where(_in_period(Listing.published_at, start, end)))
    live = _grouped(base.where(Listing.status == ListingStatus.PUBLISHED, Listing.published_at < end))
    return {d: {"listings_published": published.get(d, 0), "listings_live": live.get(d, 0)} for d in district_ids}


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    values = sorted(values)
    mid = len(values) // 2
    return round(values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2, 1)


def helpdesk_figures_by_district(district_ids: set[int], start: dt.datetime, end: dt.datetime) -> dict[int, dict[str, Value]]:
    """:func:`helpdesk_figures` for each district, from one query."""
    hours: dict[int, list[float]] = {d: [] for d in district_ids}
    asked: dict[int, int] = {d: 0 for d in district_ids}
    rows = db.session.execute(select(HelpQuestion.district_id, HelpQuestion.created_at, HelpQuestion.first_response_at)
                              .where(HelpQuestion.district_id.in_(district_ids or {-1}),
                                     _in_period(HelpQuestion.created_at, start, end)))
    for district, created, answered in rows:
        asked[district] += 1
        if answered is not None:
            hours[district].append((answered - created).total_seconds() / 3600)
    return {d: {"questions_asked": asked[d], "questions_answered": len(hours[d]), "response_hours": _median(hours[d])}
            for d in district_ids}



class _Buckets:
    """The Indian months of a trend as SQL: each timestamp is numbered by the month it falls in,
    and the database counts and sums per month (a state-wide trend would otherwise pull every
    row into Python). Months are compared with their UTC bounds, so no time-zone arithmetic
    runs per row, and the same expression works on SQLite and PostgreSQL."""

    BEFORE = -1  # earlier than the first month

    def __init__(self, months: list[Month]):
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


def seller_series(district_ids: set[int], months: list[Month], state_wide: bool) -> dict[str, list[Value]]:
    """:func:`seller_figures` for each month, counted by the database."""
    b = _Buckets(months)
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


def listing_series(district_ids: set[int], months: list[Month], state_wide: bool) -> dict[str, list[Value]]:
    """:func:`listing_figures` for each month, counted by the database."""
    b = _Buckets(months)
    in_scope = _sold_by_sellers_of(Listing.seller_id, district_ids)
    published = b.per_month(b.grouped(Listing.published_at, func.count(), where=(in_scope,)))
    live = b.running_total(b.grouped(Listing.published_at, func.count(),
                                     where=(in_scope, Listing.status == ListingStatus.PUBLISHED)))
    return {"listings_published": published, "listings_live": live}


def helpdesk_series(district_ids: set[int], months: list[Month], state_wide: bool) -> dict[str, list[Value]]:
    """:func:`helpdesk_figures` for each month, from one query (the median response time needs
    each question's hours)."""
    b = _Buckets(months)
    hours: list[list[float]] = [[] for _ in months]
    asked = b.zeros()
    for i, created, answered in db.session.execute(
            select(b.index(HelpQuestion.created_at), HelpQuestion.created_at, HelpQuestion.first_response_at).where(
                HelpQuestion.district_id.in_(district_ids or {-1}),
                _in_period(HelpQuestion.created_at, months[0].start_utc, months[-1].end_utc))):
        if not 0 <= i < len(months):
            continue
        asked[i] += 1
        if answered is not None:
            hours[i].append((answered - created).total_seconds() / 3600)
    return {"questions_asked": asked, "questions_answered": [len(h) for h in hours],
            "response_hours": [_median(h) for h in hours]}


register_source("sellers", seller_figures, [
    FigureDef("sellers_registered", _l("Sellers registered")),
    FigureDef("sellers_verified", _l("Sellers verified")),
    FigureDef("sellers_pending", _l("Sellers awaiting verification"), flow=False, higher_is_better=False),
], seller_figures_by_district, seller_series)
register_source("listings", listing_figures, [
    FigureDef("listings_published", _l("Products published")),
    FigureDef("listings_live", _l("Products live"), flow=False),
], listing_figures_by_district, listing_series)
register_source("buyers", buyer_figures, [
    FigureDef("buyers_registered", _l("Buyers registered (state)")),
])


# -- composing --------------------------------------------------------------------------------
def figures_for(district_ids: set[int], start: dt.datetime, end: dt.datetime, state_wide: bool,
                keys: set[str] | None = None) -> dict[str, Value]:
    """All figures (or only ``keys``) for the districts over ``[start, end)``."""
    out: dict[str, Value] = {}
    for source in SOURCES:
        if keys is not None and not keys & {f.key for f in source.figures}:
            continue
        out.update(source.fn(district_ids, start, end, state_wide))
    return out


def month_figures(district_ids: set[int], month: Month, state_wide: bool = False,
                  keys: set[str] | None = None) -> dict[str, Value]:
    """Figures for one Indian month."""
    return figures_for(district_ids, month.start_utc, month.end_utc, state_wide, keys)


def year_to_date(district_ids: set[int], month: Month, state_wide: bool = False) -> dict[str, Value]:
    """Figures from 1 April of the month's financial year to the end of ``month``.

    Flows are counted over the whole span; stocks are read at the month's end (the same as the
    month's own figure). The median response time is over the span's questions.
    """
    fy = FinancialYear.of(month.first_day)
    return figures_for(district_ids, fy.start_utc, month.end_utc, state_wide)


@dataclass(frozen=True)
class FigureRow:
    definition: FigureDef
    current: Value
    previous: Value
    year_to_date: Value = None

    @property
    def change(self) -> Change | None:
        if self.current is None or self.previous is None or self.definition.kind is Kind.DECIMAL:
            return None
        return Change(int(self.current), int(self.previous))


def dashboard_rows(district_ids: set[int], month: Month, state_wide: bool = False,
                   with_year_to_date: bool = False) -> list[FigureRow]:
    """One row per figure: this month, last month (for the change) and, optionally, the
    financial year to date."""
    now = month_figures(district_ids, month, state_wide)
    before = month_figures(district_ids, month.previous(), state_wide)
    ytd = year_to_date(district_ids, month, state_wide) if with_year_to_date else {}
    return [FigureRow(f, now.get(f.key), before.get(f.key), ytd.get(f.key)) for f in figure_defs()]


def trend(district_ids: set[int], months: list[Month], keys: list[str], state_wide: bool = False) -> dict[str, list[Value]]:
    """``{key: [value for each month]}`` for a line chart (``None`` read as 0 by the chart)."""
    out: dict[str, list[Value]] = {}
    for source in SOURCES:
        wanted = [k for k in keys if k in {f.key for f in source.figures}]
        if not wanted:
            continue
        if source.series is not None and months:
            values = source.series(district_ids, months, state_wide)
        else:
            per_month = [source.fn(district_ids, m.start_utc, m.end_utc, state_wide) for m in months]
            values = {k: [v.get(k) for v in per_month] for k in wanted}
        out.update({k: values[k] for k in wanted})
    return {k: out.get(k, [None] * len(months)) for k in keys}


def figures_by_district(district_ids: set[int], month: Month, keys: set[str] | None = None) -> dict[int, dict[str, Value]]:
    """``{district_id: {key: value}}`` for ``month``: grouped queries where a source has them,
    district by district otherwise. District figures only (no state-only figures)."""
    out: dict[int, dict[str, Value]] = {d: {} for d in district_ids}
    for source in SOURCES:
        if keys is not None and not keys & {f.key for f in source.figures}:
            continue
        if source.per_district is not None:
            for d, values in source.per_district(district_ids, month.start_utc, month.end_utc).items():
                out[d].update(values)
        else:
            for d in district_ids:
                out[d].update(source.fn({d}, month.start_utc, month.end_utc, False))
    return out


def district_ranking(district_ids: set[int], month: Month, key: str) -> list[tuple[District, Value]]:
    """Districts by the figure ``key`` in ``month``, highest first (ties by English name)."""
    districts = list(db.session.scalars(select(District).where(District.id.in_(district_ids or {-1}))))
    values = figures_by_district({d.id for d in districts}, month, {key})
    ranked = [(d, values[d.id].get(key)) for d in districts]
    return sorted(ranked, key=lambda pair: (-(pair[1] or 0), pair[0].name_en))


# -- orders and subsidy (the orders package's models) -------------------------------------------
def _orders_sources() -> None:
    """Register the orders and subsidy figures (the orders models exist on this branch)."""
    from marketplace.orders.models import ClaimStatus, Order, SubOrder, SubsidyClaim
    from marketplace.orders.states import Status

    committed = (Status.PAID, Status.CONFIRMED, Status.ACCEPTED, Status.SHIPPED, Status.DELIVERED)

    def order_figures(district_ids, start, end, state_wide):
        """Sub-orders (one seller's part of an order) placed in the period by the districts'
        sellers and still live (paid or confirmed, up to delivered; cancelled and refunded ones
        are left out), their goods value, and the distinct buyers behind them."""
        base = (select(func.count(SubOrder.id), func.coalesce(func.sum(SubOrder.goods_paise), 0),
                       func.count(func.distinct(Order.buyer_id)))
                .join(Order, Order.id == SubOrder.order_id)
                .where(_sold_by_sellers_of(SubOrder.seller_id, district_ids),
                       SubOrder.status.in_([s.value for s in committed]),
                       _in_period(SubOrder.created_at, start, end)))
        count, value, buyers = db.session.execute(base).one()
        return {"orders": count, "sales_paise": int(value), "buyers_ordering": buyers}

    def subsidy_figures(district_ids, start, end, state_wide):
        """Freight-subsidy claims made in the period (amount), amounts approved in it (decided in
        the period and approved or since paid), and amounts paid in it."""
        in_scope = SubsidyClaim.district_id.in_(district_ids or {-1})
        total = func.coalesce(func.sum(SubsidyClaim.amount_paise), 0)
        claimed_n, claimed = db.session.execute(select(func.count(), total).where(
            in_scope, _in_period(SubsidyClaim.claimed_at, start, end))).one()
        approved = db.session.scalar(select(total).where(
            in_scope, SubsidyClaim.status.in_([ClaimStatus.APPROVED.value, ClaimStatus.PAID.value]),
            _in_period(SubsidyClaim.decided_at, start, end)))
        paid = db.session.scalar(select(total).where(
            in_scope, SubsidyClaim.status == ClaimStatus.PAID.value, _in_period(SubsidyClaim.paid_at, start, end)))
        return {"claims_made": claimed_n, "subsidy_claimed_paise": int(claimed),
                "subsidy_approved_paise": int(approved), "subsidy_paid_paise": int(paid)}

    def order_figures_by_district(district_ids, start, end):
        stmt = (select(Seller.district_id, func.count(SubOrder.id), func.coalesce(func.sum(SubOrder.goods_paise), 0),
                       func.count(func.distinct(Order.buyer_id)))
                .join(Seller, Seller.id == SubOrder.seller_id).join(Order, Order.id == SubOrder.order_id)
                .where(Seller.district_id.in_(district_ids or {-1}), SubOrder.status.in_([s.value for s in committed]),
                       _in_period(SubOrder.created_at, start, end)).group_by(Seller.district_id))
        rows = {d: (n, int(v), b) for d, n, v, b in db.session.execute(stmt)}
        return {d: dict(zip(("orders", "sales_paise", "buyers_ordering"), rows.get(d, (0, 0, 0)))) for d in district_ids}

    def subsidy_figures_by_district(district_ids, start, end):
        total = func.coalesce(func.sum(SubsidyClaim.amount_paise), 0)
        base = select(SubsidyClaim.district_id, total).where(SubsidyClaim.district_id.in_(district_ids or {-1})).group_by(
            SubsidyClaim.district_id)
        counts = _grouped(select(SubsidyClaim.district_id, func.count()).where(
            SubsidyClaim.district_id.in_(district_ids or {-1}), _in_period(SubsidyClaim.claimed_at, start, end))
            .group_by(SubsidyClaim.district_id))
        claimed = _grouped(base.where(_in_period(SubsidyClaim.claimed_at, start, end)))
        approved = _grouped(base.where(SubsidyClaim.status.in_([ClaimStatus.APPROVED.value, ClaimStatus.PAID.value]),
                                       _in_period(SubsidyClaim.decided_at, start, end)))
        paid = _grouped(base.where(SubsidyClaim.status == ClaimStatus.PAID.value, _in_period(SubsidyClaim.paid_at, start, end)))
        return {d: {"claims_made": counts.get(d, 0), "subsidy_claimed_paise": claimed.get(d, 0),
                    "subsidy_approved_paise": approved.get(d, 0), "subsidy_paid_paise": paid.get(d, 0)}
                for d in district_ids}

    def order_series(district_ids, months, state_wide):
        b = _Buckets(months)
        idx = b.index(SubOrder.created_at).label("month_index")
        rows = db.session.execute(
            select(idx, func.count(SubOrder.id), func.coalesce(func.sum(SubOrder.goods_paise), 0),
                   func.count(func.distinct(Order.buyer_id)))
            .join(Order, Order.id == SubOrder.order_id)
            .where(_sold_by_sellers_of(SubOrder.seller_id, district_ids),
                   SubOrder.status.in_([s.value for s in committed]),
                   _in_period(SubOrder.created_at, months[0].start_utc, months[-1].end_utc))
            .group_by(idx)).all()
        return {"orders": b.per_month((i, n) for i, n, _, _ in rows),
                "sales_paise": b.per_month((i, v) for i, _, v, _ in rows),
                "buyers_ordering": b.per_month((i, u) for i, _, _, u in rows)}

    def subsidy_series(district_ids, months, state_wide):
        b = _Buckets(months)
        in_scope = SubsidyClaim.district_id.in_(district_ids or {-1})
        total = func.coalesce(func.sum(SubsidyClaim.amount_paise), 0)
        made = b.grouped(SubsidyClaim.claimed_at, func.count(), total, where=(in_scope,))
        approved = b.grouped(SubsidyClaim.decided_at, total, where=(
            in_scope, SubsidyClaim.status.in_([ClaimStatus.APPROVED.value, ClaimStatus.PAID.value])))
        paid = b.grouped(SubsidyClaim.paid_at, total, where=(in_scope, SubsidyClaim.status == ClaimStatus.PAID.value))
        return {"claims_made": b.per_month((i, n) for i, n, _ in made),
                "subsidy_claimed_paise": b.per_month((i, v) for i, _, v in made),
                "subsidy_approved_paise": b.per_month(approved), "subsidy_paid_paise": b.per_month(paid)}

    register_source("orders", order_figures, [
        FigureDef("orders", _l("Orders (per seller)"), group="orders"),
        FigureDef("sales_paise", _l("Sales value"), kind=Kind.MONEY, group="orders"),
        FigureDef("buyers_ordering", _l("Buyers who ordered"), group="orders"),
    ], order_figures_by_district, order_series)
    register_source("subsidy", subsidy_figures, [
        FigureDef("claims_made", _l("Subsidy claims made"), group="subsidy"),
        FigureDef("subsidy_claimed_paise", _l("Subsidy claimed"), kind=Kind.MONEY, group="subsidy"),
        FigureDef("subsidy_approved_paise", _l("Subsidy approved"), kind=Kind.MONEY, group="subsidy"),
        FigureDef("subsidy_paid_paise", _l("Subsidy paid"), kind=Kind.MONEY, group="subsidy"),
    ], subsidy_figures_by_district, subsidy_series)


_orders_sources()


def _meets_sources() -> None:
    """Register the udyam samagam figures: registrations, meetings held, leads and value won."""
    from marketplace.buyers.models import Lead, LeadStage, Meeting, Registration, Samagam, samagam_districts

    from marketplace.india import IST as india

    def meet_in(district_ids, samagam_column):
        return samagam_column.in_(select(samagam_districts.c.samagam_id).where(
            samagam_districts.c.district_id.in_(district_ids or {-1})))

    def meets_figures(district_ids, start, end, state_wide):
        """Registrations made in the period for meets held in the districts; meetings held at
        those meets on days of the period (a meeting counts as held once either side recorded an
        outcome); leads with the districts' sellers created in the period; leads won in the period
        (their last change) and the order value they were won with."""
        first_day, last_day = start.astimezone(india).date(), end.astimezone(india).date()
        registrations = db.session.scalar(select(func.count()).select_from(Registration).where(
            meet_in(district_ids, Registration.samagam_id), _in_period(Registration.created_at, start, end)))
        meetings_held = db.session.scalar(
            select(func.count()).select_from(Meeting).join(Samagam, Samagam.id == Meeting.samagam_id).where(
                meet_in(district_ids, Meeting.samagam_id), Samagam.starts_on >= first_day, Samagam.starts_on < last_day,
                or_(Meeting.buyer_outcome.is_not(None), Meeting.seller_outcome.is_not(None))))
        in_scope = Lead.seller_id.in_(select(Seller.id).where(Seller.district_id.in_(district_ids or {-1})))
        leads_created = db.session.scalar(select(func.count()).select_from(Lead).where(
            in_scope, _in_period(Lead.created_at, start, end)))
        won_n, won_value = db.session.execute(select(func.count(), func.coalesce(func.sum(Lead.value_paise), 0)).where(
            in_scope, Lead.stage == LeadStage.WON.value, _in_period(Lead.updated_at, start, end))).one()
        return {"samagam_registrations": registrations, "meetings_held": meetings_held,
                "leads_created": leads_created, "leads_won": won_n, "leads_won_paise": int(won_value)}

    register_source("meets", meets_figures, [
        FigureDef("samagam_registrations", _l("Samagam registrations"), group="meets"),
        FigureDef("meetings_held", _l("Meetings held"), group="meets"),
        FigureDef("leads_created", _l("New leads"), group="meets"),
        FigureDef("leads_won", _l("Leads won"), group="meets"),
        FigureDef("leads_won_paise", _l("Value of leads won"), kind=Kind.MONEY, group="meets"),
    ])


_meets_sources()
register_source("helpdesk", helpdesk_figures, [
    FigureDef("questions_asked", _l("Helpdesk questions"), group="helpdesk"),
    FigureDef("questions_answered", _l("Questions answered"), group="helpdesk"),
    FigureDef("response_hours", _l("Median hours to first answer"), kind=Kind.DECIMAL, group="helpdesk",
              higher_is_better=False),
], helpdesk_figures_by_district, helpdesk_series)
