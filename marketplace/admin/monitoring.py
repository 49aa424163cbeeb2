"""The monitoring dashboard and the monthly progress statement, assembled from ``reports``.

Views call one function here with the signed-in user, a scope and a month; they get back a plain
object with the figure rows, the SVG charts and the export tables. Labels are translated in the
current locale (the statement view sets it to the language asked for).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from marketplace.admin import charts, helpdesk, reports, verification
from marketplace.admin.exports import Column, Kind, Table, paise_to_rupees
from marketplace.admin.periods import FinancialYear, Month, PeriodError, trailing_months
from marketplace.admin.scope import ReportScope, busiest_district_id, default_scope, require_district
from marketplace.admin.subsidy_claims import waiting_count
from marketplace.catalog.models import District
from marketplace.errors import DomainError, NotFound
from marketplace.extensions import db
from marketplace.i18n import current_lang
from marketplace.money import format_number, format_paise
from marketplace.params import parse_id

TREND_MONTHS = 12
TREND_KEYS = ["sellers_registered", "sellers_verified", "listings_published"]
MONEY_TREND_KEYS = ["sales_paise", "subsidy_claimed_paise"]


class BadReportRequest(DomainError):
    code = "bad_report_request"
    default_message = _l("That month or area could not be understood. Months are written like 2026-04.")


def statement_district(user, month: Month) -> int:
    """The district a statement opens on when none is asked for: the busiest of the user's."""
    return busiest_district_id(user, month.start_utc, month.end_utc)


def parse_month(text: str | None, default: Month | None = None) -> Month:
    """``"2026-04"`` → :class:`Month`; empty → ``default`` (or this month in India)."""
    if not text:
        return default or Month.current()
    try:
        return Month.parse(text)
    except PeriodError:
        raise BadReportRequest() from None


def default_month() -> Month:
    """The month a report opens on: the last complete month in India (the current one is days
    old at the start of a month and reads all zeros; issue #17.7)."""
    return Month.current().previous()


def parse_scope(user, text: str | None, month: Month | None = None) -> ReportScope:
    """``"state"``, ``"division:3"`` or ``"district:12"`` → :class:`ReportScope`; empty → the
    user's default (the state, or the officer's busiest district in ``month``). Bad text raises
    :class:`BadReportRequest`."""
    if not text:
        return default_scope(user, month)
    level, _sep, ident = text.partition(":")
    if level == "state" and not ident:
        return ReportScope("state")
    if level in ("division", "district") and parse_id(ident) is not None:
        return ReportScope(level, parse_id(ident))
    raise BadReportRequest()


def format_value(value, kind: Kind, lang: str | None = None) -> str:
    """A figure as text for the page, chart or statement ("—" for not applicable)."""
    if value is None:
        return "—"
    if kind is Kind.MONEY:
        return format_paise(int(value), lang or current_lang())
    if kind is Kind.DECIMAL:
        return f"{float(value):.1f}"

    return format_number(value, lang or current_lang())


@dataclass
class Dashboard:
    scope: ReportScope
    scope_name: str
    month: Month
    rows: list[reports.FigureRow]
    trend_chart: Markup
    ranking_chart: Markup | None
    ranking_key: str
    money_chart: Markup | None = None
    complaints: list[ComplaintsRow] | None = None


@dataclass(frozen=True)
class ComplaintsRow:
    """One district's buyers' complaints in the month (``reports``' "grievances" figures)."""

    district: District
    filed: int
    open: int
    ack_late: int
    resolve_late: int
    median_days: float | None


def complaints_by_district(district_ids: set[int], month: Month) -> list[ComplaintsRow]:
    """The complaints figures of each district of the scope for ``month``, districts with any
    complaint first (most open first), then by English name; districts with none are left out."""
    keys = {"tickets_filed", "tickets_open", "tickets_ack_late", "tickets_resolve_late", "resolution_days"}
    values = reports.figures_by_district(district_ids, month, keys)
    districts = db.session.query(District).filter(District.id.in_(district_ids or {-1})).all()
    rows = [ComplaintsRow(d, *(values[d.id].get(k) or 0 for k in ("tickets_filed", "tickets_open", "tickets_ack_late",
                                                                  "tickets_resolve_late")),
                          values[d.id].get("resolution_days")) for d in districts]
    rows = [r for r in rows if r.filed or r.open or r.ack_late or r.resolve_late or r.median_days is not None]
    return sorted(rows, key=lambda r: (-r.open, -r.resolve_late, r.district.name_en))


def _trend_chart(district_ids, month: Month, state_wide: bool, lang: str, chart_id: str) -> Markup:
    months = trailing_months(month, TREND_MONTHS)
    series = reports.trend(district_ids, months, TREND_KEYS, state_wide)
    return charts.line_chart(
        [m.label(lang, short=True) for m in months],
        [charts.Series(str(reports.figure_def(k).label), [v or 0 for v in series[k]]) for k in TREND_KEYS],
        title=_("Sellers and products, last %(n)s months", n=TREND_MONTHS),
        chart_id=chart_id, value_format=lambda v: format_value(v, Kind.INT, lang),
        empty_text=_("No data"),
    )


def _money_trend_chart(district_ids, month: Month, state_wide: bool, lang: str, chart_id: str) -> Markup | None:
    keys = [k for k in MONEY_TREND_KEYS if reports.figure_def(k)]
    if not keys:
        return None
    months = trailing_months(month, TREND_MONTHS)
    series = reports.trend(district_ids, months, keys, state_wide)
    return charts.line_chart(
        [m.label(lang, short=True) for m in months],
        [charts.Series(str(reports.figure_def(k).label), [v or 0 for v in series[k]]) for k in keys],
        title=_("Sales and freight subsidy, last %(n)s months", n=TREND_MONTHS),
        chart_id=chart_id, value_format=lambda v: format_rupees_short(v, lang), empty_text=_("No data"),
    )


def format_rupees_short(paise: int | float, lang: str) -> str:
    """Whole rupees with Indian grouping, for chart axes (₹1,20,000)."""
    return "₹" + format_number(int(round(paise / 100)), lang)


def ranking_key() -> str:
    """The figure the district ranking uses: sales once the orders figures exist."""
    return "sales_paise" if reports.figure_def("sales_paise") else "listings_live"


def _ranking_chart(district_ids, month: Month, lang: str, highlight_id: int | None, chart_id: str) -> Markup:
    key = ranking_key()
    definition = reports.figure_def(key)
    ranked = reports.district_ranking(district_ids, month, key)
    field = "name_hi" if lang == "hi" else "name_en"
    highlight = next((getattr(d, field) for d, _v in ranked if d.id == highlight_id), None)
    return charts.bar_chart(
        [(getattr(d, field), v or 0) for d, v in ranked],
        title=_("Districts by %(figure)s, %(month)s", figure=str(definition.label).lower(), month=month.label(lang)),
        chart_id=chart_id, highlight=highlight, value_format=lambda v: format_value(v, definition.kind, lang),
        empty_text=_("No data"),
    )


def build_dashboard(user, scope: ReportScope, month: Month) -> Dashboard:
    """Figures, month-over-month change and charts for ``scope`` in ``month``.

    Raises :class:`NotFound` when the scope is outside ``user``'s districts.
    """
    lang = current_lang()
    ids = scope.district_ids(user)
    state_wide = scope.level == "state"
    rows = reports.dashboard_rows(ids, month, state_wide, with_year_to_date=True)
    if not state_wide:  # buyers belong to no district: a state-only figure
        rows = [r for r in rows if r.definition.key != "buyers_registered"]
    ranking = _ranking_chart(ids, month, lang, None, "ranking") if len(ids) > 1 else None
    return Dashboard(scope, scope.name(lang), month, rows, _trend_chart(ids, month, state_wide, lang, "trend"),
                     ranking, ranking_key(), _money_trend_chart(ids, month, state_wide, lang, "money-trend"),
                     complaints_by_district(ids, month))


def grouped(rows: list[reports.FigureRow]) -> list[tuple[str, list[reports.FigureRow]]]:
    """Rows grouped by section, sections in the order their sources were registered."""
    out: dict[str, list[reports.FigureRow]] = {}
    for row in rows:
        out.setdefault(row.definition.group, []).append(row)
    return list(out.items())


def figures_table(dashboard: Dashboard) -> Table:
    """The dashboard's figures as an export table."""
    lang = current_lang()
    rows = []
    for row in dashboard.rows:
        change = row.change
        rows.append({
            "group": str(reports.GROUP_LABELS.get(row.definition.group, "")),
            "figure": str(row.definition.label),
            "current": row.current, "previous": row.previous,
            "delta": change.delta if change else None,
            "percent": change.percent if change else None,
            "ytd": row.year_to_date if row.definition.flow else row.current,
            "_kind": row.definition.kind,
        })
    # Mixed kinds in one column: money goes out in rupees (exact Decimal), counts as they are.
    for r in rows:
        kind = r.pop("_kind")
        for k in ("current", "previous", "delta", "ytd"):
            if r[k] is not None:
                r[k] = paise_to_rupees(r[k]) if kind is Kind.MONEY else round(r[k], 1) if kind is Kind.DECIMAL else r[k]
    fy = FinancialYear.of(dashboard.month.first_day)
    return Table(
        title=_("ODOP monitoring %(month)s", month=dashboard.month.key),
        notes=[f"{_('Area')}: {dashboard.scope_name}", f"{_('Month')}: {dashboard.month.label(lang)}",
               f"{_('Financial year')}: {fy.label()}"],
        columns=[Column("group", _("Section")), Column("figure", _("Figure")),
                 Column("current", dashboard.month.label(lang), Kind.NUMBER),
                 Column("previous", dashboard.month.previous().label(lang), Kind.NUMBER),
                 Column("delta", _("Change"), Kind.NUMBER), Column("percent", _("Change %"), Kind.DECIMAL),
                 Column("ytd", _("Financial year to date"), Kind.NUMBER)],
        rows=rows,
    )


def districts_table(user, scope: ReportScope, month: Month) -> Table:
    """Every district of the scope with every figure for ``month`` (one row per district)."""
    lang = current_lang()
    ids = scope.district_ids(user)
    districts = list(db.session.query(District).filter(District.id.in_(ids)).order_by(District.name_en))
    defs = [f for f in reports.figure_defs() if f.key != "buyers_registered"]
    by_district = reports.figures_by_district({d.id for d in districts}, month)
    rows = []
    for d in districts:
        values = by_district[d.id]
        rows.append({"district": d.name_hi if lang == "hi" else d.name_en,
                     "division": (d.division.name_hi if lang == "hi" else d.division.name_en) if d.division else "",
                     **{f.key: values.get(f.key) for f in defs}})
    return Table(
        title=_("Districts %(month)s", month=month.key),
        notes=[f"{_('Area')}: {scope.name(lang)}", f"{_('Month')}: {month.label(lang)}"],
        columns=[Column("district", _("District")), Column("division", _("Division"))]
        + [Column(f.key, str(f.label), f.kind) for f in defs],
        rows=rows,
    )


@dataclass
class Statement:
    district: District
    month: Month
    financial_year: FinancialYear
    rows: list[reports.FigureRow]
    trend_chart: Markup
    ranking_chart: Markup
    pending_sellers: int
    open_questions: int
    money_chart: Markup | None = None
    claims_waiting: int | None = None


def build_statement(user, district_id: int, month: Month) -> Statement:
    """The monthly progress statement of one district (the DM's monthly review), in the current
    language: figures for the month, last month and the financial year to date, the trend and
    the district's place among its division's districts.

    Raises :class:`NotFound` for a district outside ``user``'s scope.
    """
    district = db.session.get(District, district_id)
    if district is None:
        raise NotFound()
    require_district(user, district.id)
    lang = current_lang()
    ids = {district.id}
    rows = reports.dashboard_rows(ids, month, False, with_year_to_date=True)
    rows = [r for r in rows if r.definition.key != "buyers_registered"]
    # The DM compares the district with the rest of its division: district totals are public
    # figures, so the ranking shows the whole division even to an officer of one district.
    division_ids = {d.id for d in db.session.query(District).filter(District.division_id == district.division_id)}
    return Statement(
        district=district, month=month, financial_year=FinancialYear.of(month.first_day), rows=rows,
        trend_chart=_trend_chart(ids, month, False, lang, "statement-trend"),
        ranking_chart=_ranking_chart(division_ids, month, lang, district.id, "statement-ranking"),
        pending_sellers=verification.status_counts(user, district.id)["pending"],
        open_questions=len(helpdesk.inbox(user, "open", district.id)),
        money_chart=_money_trend_chart(ids, month, False, lang, "statement-money"),
        claims_waiting=_claims_waiting(ids),
    )


def _claims_waiting(district_ids: set[int]) -> int:
    return waiting_count(district_ids)
