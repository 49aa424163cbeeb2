"""Monitoring figures for the state, a division or a district, by month: the registry of sources
and what is composed from them.

Each *source* is one function ``(district_ids, start, end, state_wide) -> {figure key: value}``
reading one part of the system, and registered here with the figures it yields. Each domain
computes its own figures in its package's ``report_figures.py`` (plain query functions, since a
domain may not import admin): ``catalog`` sellers and listings, ``accounts`` buyers, ``orders``
orders and the freight subsidy, ``buyers`` the udyam samagam; only the helpdesk, whose model is
admin's own, is computed below. Admin adds what is presentation: labels, kinds, groups, order.
A figure is a *flow* (counted over the period: sellers registered in April) or a *stock* (the
state at the period's end: listings live on 30 April). The dashboard, the trend charts, the
district ranking, the exports and the printed statement are all built from these sources, so a
number means the same everywhere. A new domain's figures are one :func:`register_source` call.

Periods are Indian months (:mod:`marketplace.admin.periods`): ``start <= t < end`` in UTC.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.accounts import report_figures as accounts_figures
from marketplace.admin.exports import Kind
from marketplace.admin.models import HelpQuestion
from marketplace.admin.periods import Change, FinancialYear, Month
from marketplace.buyers import report_figures as meets_figures
from marketplace.catalog import report_figures as catalog_figures
from marketplace.catalog.models import District
from marketplace.catalog.report_figures import MonthBuckets, Value
from marketplace.database import in_period
from marketplace.extensions import db
from marketplace.orders import cod
from marketplace.orders import grievances
from marketplace.orders import report_figures as orders_figures
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
    "grievances": _l("Buyers' complaints"),
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


# -- the helpdesk (admin's own model) --------------------------------------------------------
def _median(values: list[float]) -> float | None:
    if not values:
        return None
    values = sorted(values)
    mid = len(values) // 2
    return round(values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2, 1)


def _hours(created: dt.datetime, answered: dt.datetime) -> float:
    return (answered - created).total_seconds() / 3600


def _in_scope(district_ids: set[int], start: dt.datetime, end: dt.datetime):
    return HelpQuestion.district_id.in_(district_ids or {-1}), in_period(HelpQuestion.created_at, start, end)


def helpdesk_figures(district_ids: set[int], start: dt.datetime, end: dt.datetime, state_wide: bool) -> dict[str, Value]:
    """Questions asked in the period, how many of them have been answered, and the median hours
    to the DIC's first answer."""
    rows = db.session.execute(select(HelpQuestion.created_at, HelpQuestion.first_response_at).where(
        *_in_scope(district_ids, start, end))).all()
    hours = [_hours(a, b) for a, b in rows if b is not None]
    return {"questions_asked": len(rows), "questions_answered": len(hours), "response_hours": _median(hours)}


def helpdesk_figures_by_district(district_ids: set[int], start: dt.datetime, end: dt.datetime) -> dict[int, dict[str, Value]]:
    """:func:`helpdesk_figures` for each district, from one query."""
    hours: dict[int, list[float]] = {d: [] for d in district_ids}
    asked: dict[int, int] = {d: 0 for d in district_ids}
    rows = db.session.execute(select(HelpQuestion.district_id, HelpQuestion.created_at, HelpQuestion.first_response_at)
                              .where(*_in_scope(district_ids, start, end)))
    for district, created, answered in rows:
        asked[district] += 1
        if answered is not None:
            hours[district].append(_hours(created, answered))
    return {d: {"questions_asked": asked[d], "questions_answered": len(hours[d]), "response_hours": _median(hours[d])}
            for d in district_ids}


def helpdesk_series(district_ids: set[int], months: list[Month], state_wide: bool) -> dict[str, list[Value]]:
    """:func:`helpdesk_figures` for each month, from one query (the median response time needs
    each question's hours)."""
    b = MonthBuckets(months)
    hours: list[list[float]] = [[] for _ in months]
    asked = b.zeros()
    for i, created, answered in db.session.execute(
            select(b.index(HelpQuestion.created_at), HelpQuestion.created_at, HelpQuestion.first_response_at).where(
                *_in_scope(district_ids, months[0].start_utc, months[-1].end_utc))):
        if not 0 <= i < len(months):
            continue
        asked[i] += 1
        if answered is not None:
            hours[i].append(_hours(created, answered))
    return {"questions_asked": asked, "questions_answered": [len(h) for h in hours],
            "response_hours": [_median(h) for h in hours]}


# -- the sources, in the dashboard's order ------------------------------------------------------
register_source("sellers", catalog_figures.seller_figures, [
    FigureDef("sellers_registered", _l("Sellers registered")),
    FigureDef("sellers_verified", _l("Sellers verified")),
    FigureDef("sellers_pending", _l("Sellers awaiting verification"), flow=False, higher_is_better=False),
], catalog_figures.seller_figures_by_district, catalog_figures.seller_series)
register_source("listings", catalog_figures.listing_figures, [
    FigureDef("listings_published", _l("Products published")),
    FigureDef("listings_live", _l("Products live"), flow=False),
], catalog_figures.listing_figures_by_district, catalog_figures.listing_series)
register_source("buyers", accounts_figures.buyer_figures, [
    FigureDef("buyers_registered", _l("Buyers registered (state)")),
])
register_source("orders", orders_figures.order_figures, [
    FigureDef("orders", _l("Orders (per seller)"), group="orders"),
    FigureDef("sales_paise", _l("Sales value"), kind=Kind.MONEY, group="orders"),
    FigureDef("buyers_ordering", _l("Buyers who ordered"), group="orders"),
], orders_figures.order_figures_by_district, orders_figures.order_series)
register_source("subsidy", orders_figures.subsidy_figures, [
    FigureDef("claims_made", _l("Subsidy claims made"), group="subsidy"),
    FigureDef("subsidy_claimed_paise", _l("Subsidy claimed"), kind=Kind.MONEY, group="subsidy"),
    FigureDef("subsidy_approved_paise", _l("Subsidy approved"), kind=Kind.MONEY, group="subsidy"),
    FigureDef("subsidy_paid_paise", _l("Subsidy paid"), kind=Kind.MONEY, group="subsidy"),
], orders_figures.subsidy_figures_by_district, orders_figures.subsidy_series)
register_source("cod", cod.cod_figures, [
    FigureDef("cod_unremitted", _l("COD shipments delivered, cash not yet remitted by the courier"), group="orders",
              flow=False, higher_is_better=False),
    FigureDef("cod_unremitted_paise", _l("COD cash held by couriers"), kind=Kind.MONEY, group="orders", flow=False,
              higher_is_better=False),
])
register_source("meets", meets_figures.meets_figures, [
    FigureDef("samagam_registrations", _l("Samagam registrations"), group="meets"),
    FigureDef("meetings_held", _l("Meetings held"), group="meets"),
    FigureDef("leads_created", _l("New leads"), group="meets"),
    FigureDef("leads_won", _l("Leads won"), group="meets"),
    FigureDef("leads_won_paise", _l("Value of leads won"), kind=Kind.MONEY, group="meets"),
])
register_source("helpdesk", helpdesk_figures, [
    FigureDef("questions_asked", _l("Helpdesk questions"), group="helpdesk"),
    FigureDef("questions_answered", _l("Questions answered"), group="helpdesk"),
    FigureDef("response_hours", _l("Median hours to first answer"), kind=Kind.DECIMAL, group="helpdesk",
              higher_is_better=False),
], helpdesk_figures_by_district, helpdesk_series)
register_source("grievances", grievances.grievance_figures, [
    FigureDef("tickets_filed", _l("Complaints filed"), group="grievances", higher_is_better=False),
    FigureDef("tickets_open", _l("Complaints open"), flow=False, group="grievances", higher_is_better=False),
    FigureDef("tickets_ack_late", _l("Complaints acknowledged late"), group="grievances", higher_is_better=False),
    FigureDef("tickets_resolve_late", _l("Complaints resolved late or overdue"), group="grievances",
              higher_is_better=False),
    FigureDef("resolution_days", _l("Median days to resolve a complaint"), kind=Kind.DECIMAL, group="grievances",
              higher_is_better=False),
], grievances.grievance_figures_by_district)


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
