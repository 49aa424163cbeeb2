"""The accounts' monitoring figure (new buyer accounts); registered by ``marketplace.admin.reports``."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from marketplace.accounts.models import Role, User
from marketplace.database import in_period
from marketplace.extensions import db


def buyer_figures(district_ids: set[int], start: dt.datetime, end: dt.datetime, state_wide: bool) -> dict[str, int | None]:
    """New buyer accounts in the period. Buyers belong to no district, so this is a state figure:
    ``None`` (shown as "—") for a division or district; their buyers are counted from orders."""
    if not state_wide:
        return {"buyers_registered": None}
    count = db.session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.BUYER, in_period(User.created_at, start, end)))
    return {"buyers_registered": count}
