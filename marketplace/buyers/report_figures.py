"""The udyam samagam's monitoring figures (registrations, meetings held, leads and value won).
A plain query function in the shape described in ``marketplace.catalog.report_figures``;
``marketplace.admin.reports`` registers it."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select

from marketplace.buyers.models import Lead, LeadStage, Meeting, Registration, Samagam, samagam_districts
from marketplace.catalog.models import Seller
from marketplace.catalog.report_figures import Value
from marketplace.database import in_period
from marketplace.extensions import db
from marketplace.india import IST


def _meet_in(district_ids: set[int], samagam_column):
    return samagam_column.in_(select(samagam_districts.c.samagam_id).where(
        samagam_districts.c.district_id.in_(district_ids or {-1})))


def meets_figures(district_ids: set[int], start: dt.datetime, end: dt.datetime, state_wide: bool) -> dict[str, Value]:
    """Registrations made in the period for meets held in the districts; meetings held at
    those meets on days of the period (a meeting counts as held once either side recorded an
    outcome); leads with the districts' sellers created in the period; leads won in the period
    (their last change) and the order value they were won with."""
    first_day, last_day = start.astimezone(IST).date(), end.astimezone(IST).date()
    registrations = db.session.scalar(select(func.count()).select_from(Registration).where(
        _meet_in(district_ids, Registration.samagam_id), in_period(Registration.created_at, start, end)))
    meetings_held = db.session.scalar(
        select(func.count()).select_from(Meeting).join(Samagam, Samagam.id == Meeting.samagam_id).where(
            _meet_in(district_ids, Meeting.samagam_id), Samagam.starts_on >= first_day, Samagam.starts_on < last_day,
            or_(Meeting.buyer_outcome.is_not(None), Meeting.seller_outcome.is_not(None))))
    in_scope = Lead.seller_id.in_(select(Seller.id).where(Seller.district_id.in_(district_ids or {-1})))
    leads_created = db.session.scalar(select(func.count()).select_from(Lead).where(
        in_scope, in_period(Lead.created_at, start, end)))
    won_n, won_value = db.session.execute(select(func.count(), func.coalesce(func.sum(Lead.value_paise), 0)).where(
        in_scope, Lead.stage == LeadStage.WON.value, in_period(Lead.updated_at, start, end))).one()
    return {"samagam_registrations": registrations, "meetings_held": meetings_held,
            "leads_created": leads_created, "leads_won": won_n, "leads_won_paise": int(won_value)}
