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
from sqlalchemy import and_, func, or_, select

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


@dataclass
class Source:
    name: str
    fn: SourceFn
    figures: list[FigureDef] = field(default_factory=list)


SOURCES: list[Source] = []
GROUP_LABELS = {
    "catalog": _l("Sellers and products"),
    "orders": _l("Orders and sales"),
    "subsidy": _l("Freight subsidy"),
    "meets": _l("Udyam samagam"),
    "helpdesk": _l("Helpdesk"),
}


def register_source(name: str, fn: SourceFn, figures: list[FigureDef]) -> None:
    """Add (or replace) a source of figures; the dashboard shows them in registration order."""
    for i, source in enumerate(SOURCES):
        if source.name == name:
            SOURCES[i] = Source(name, fn, figures)
            return
    SOURCES.append(Source(name, fn, figures))


def figure_defs() -> list[FigureDef]:
    """Every figure of every registered source, in order."""
    return [f for s in SOURCES for f in s.figures]


def figure_def(key: str) -> FigureDef | None:
    return next((f for f in figure_defs() if f.key == key), None)


def _in_period(column, start, end):
    return and_(column >= start, column < end)


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
    base = select(func.count()).select_from(Listing).join(Seller, Seller.id == Listing.seller_id).where(
        Seller.district_id.in_(district_ids or {-1}))
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
    hours = sorted((b - a).total_seconds() / 3600 for a, b in rows if b is not None)
    median = None
    if hours:
        mid = len(hours) // 2
        median = round(hours[mid] if len(hours) % 2 else (hours[mid - 1] + hours[mid]) / 2, 1)
    return {"questions_asked": len(rows), "questions_answered": len(hours), "response_hours": median}


register_source("sellers", seller_figures, [
    FigureDef("sellers_registered", _l("Sellers registered")),
    FigureDef("sellers_verified", _l("Sellers verified")),
    FigureDef("sellers_pending", _l("Sellers awaiting verification"), flow=False, higher_is_better=False),
])
register_source("listings", listing_figures, [
    FigureDef("listings_published", _l("Products published")),
    FigureDef("listings_live", _l("Products live"), flow=False),
])
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
    series: dict[str, list[Value]] = {k: [] for k in keys}
    for month in months:
        values = month_figures(district_ids, month, state_wide, set(keys))
        for k in keys:
            series[k].append(values.get(k))
    return series


def district_ranking(district_ids: set[int], month: Month, key: str) -> list[tuple[District, Value]]:
    """Districts by the figure ``key`` in ``month``, highest first (ties by English name)."""
    districts = list(db.session.scalars(select(District).where(District.id.in_(district_ids or {-1}))))
    ranked = [(d, month_figures({d.id}, month, False, {key}).get(key)) for d in districts]
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
                .join(Seller, Seller.id == SubOrder.seller_id).join(Order, Order.id == SubOrder.order_id)
                .where(Seller.district_id.in_(district_ids or {-1}), SubOrder.status.in_([s.value for s in committed]),
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

    register_source("orders", order_figures, [
        FigureDef("orders", _l("Orders (per seller)"), group="orders"),
        FigureDef("sales_paise", _l("Sales value"), kind=Kind.MONEY, group="orders"),
        FigureDef("buyers_ordering", _l("Buyers who ordered"), group="orders"),
    ])
    register_source("subsidy", subsidy_figures, [
        FigureDef("claims_made", _l("Subsidy claims made"), group="subsidy"),
        FigureDef("subsidy_claimed_paise", _l("Subsidy claimed"), kind=Kind.MONEY, group="subsidy"),
        FigureDef("subsidy_approved_paise", _l("Subsidy approved"), kind=Kind.MONEY, group="subsidy"),
        FigureDef("subsidy_paid_paise", _l("Subsidy paid"), kind=Kind.MONEY, group="subsidy"),
    ])


_orders_sources()
register_source("helpdesk", helpdesk_figures, [
    FigureDef("questions_asked", _l("Helpdesk questions"), group="helpdesk"),
    FigureDef("questions_answered", _l("Questions answered"), group="helpdesk"),
    FigureDef("response_hours", _l("Median hours to first answer"), kind=Kind.DECIMAL, group="helpdesk",
              higher_is_better=False),
])
