"""Who sees which districts: the ODOP cell (``admin``) the whole state, a DIC officer
(``organiser``) only the districts listed for them in ``organiser_districts``.

Every admin query goes through ``catalog.models.officer_district_ids`` (the one rule, the full
set of ids) / :func:`require_district`, so an officer
asking for another district's seller, question or claim gets a 404 — the same answer as for an
object that does not exist.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.admin.periods import Month
from marketplace.catalog.models import District, Division, Listing, ListingStatus, Seller, officer_district_ids
from marketplace.errors import NotFound
from marketplace.extensions import db
from marketplace.orders.models import SubOrder

STAFF_ROLES = (Role.ADMIN, Role.ORGANISER)


class OutOfScope(NotFound):
    """The object is outside the officer's districts (reported as "not found")."""

    code = "not_found"
    default_message = _l("We could not find what you asked for.")


def is_state_wide(user) -> bool:
    """True for the ODOP cell, whose scope is the whole state."""
    return user.role == Role.ADMIN


def require_district(user, district_id: int | None) -> None:
    """Raise :class:`OutOfScope` unless ``district_id`` is one of ``user``'s districts.

    ``None`` (a state-wide object) is allowed only for the ODOP cell.
    """
    if district_id is None:
        if not is_state_wide(user):
            raise OutOfScope()
        return
    if is_state_wide(user):
        return
    if district_id not in officer_district_ids(user):
        raise OutOfScope()


def district_ids_in_view(user, district_id: int | None = None) -> set[int]:
    """The districts a list filtered to ``district_id`` (or to none) covers for ``user``: that
    one district, or all of the user's; ``{-1}`` (matches nothing) when the user has none.

    Raises :class:`OutOfScope` when ``district_id`` is outside the user's area."""
    if district_id is None:
        return officer_district_ids(user) or {-1}
    require_district(user, district_id)
    return {district_id}


def visible_districts(user) -> list[District]:
    """The user's districts, by English name (for filters and pickers)."""
    ids = officer_district_ids(user)
    if not ids:
        return []
    return list(db.session.scalars(select(District).where(District.id.in_(ids)).order_by(District.name_en)))


def visible_divisions(user) -> list[Division]:
    """Divisions that contain at least one of the user's districts."""
    ids = officer_district_ids(user)
    if not ids:
        return []
    return list(db.session.scalars(
        select(Division).where(Division.id.in_(select(District.division_id).where(District.id.in_(ids))))
        .order_by(Division.name_en)
    ))


@dataclass(frozen=True)
class ReportScope:
    """What a report covers: the state, one division or one district."""

    level: str  # "state", "division" or "district"
    object_id: int | None = None

    def district_ids(self, user) -> set[int]:
        """The districts in this scope that ``user`` may see.

        Raises :class:`OutOfScope` when the division or district is outside the user's area or
        does not exist, or when an officer asks for the whole state.
        """
        allowed = officer_district_ids(user)
        if self.level == "state":
            if not is_state_wide(user):
                raise OutOfScope()
            return allowed
        if self.level == "division":
            ids = set(db.session.scalars(select(District.id).where(District.division_id == self.object_id)))
            if not ids or not ids & allowed:
                raise OutOfScope()
            return ids & allowed
        if self.level == "district":
            if self.object_id not in allowed:
                raise OutOfScope()
            return {self.object_id}
        raise OutOfScope()

    def name(self, lang: str) -> str:
        """The scope's name in ``lang`` ("Uttar Pradesh", a division's or a district's name)."""
        field = "name_hi" if lang == "hi" else "name_en"
        if self.level == "state":
            return "उत्तर प्रदेश" if lang == "hi" else "Uttar Pradesh"
        model = Division if self.level == "division" else District
        obj = db.session.get(model, self.object_id)
        return getattr(obj, field) if obj else ""


def busiest_district_id(user, start_utc: dt.datetime, end_utc: dt.datetime) -> int:
    """The district of ``user``'s with the most sub-orders placed in ``[start_utc, end_utc)``,
    then the most live listings, then the first by name: an officer's first screen opens where
    there is something to see, not on an empty alphabetically-first district (issue #17.7).

    Raises :class:`OutOfScope` when the user has no district."""
    districts = visible_districts(user)
    if not districts:
        raise OutOfScope()
    ids = [d.id for d in districts]
    if len(ids) == 1:
        return ids[0]
    orders = dict(db.session.execute(
        select(Seller.district_id, func.count(SubOrder.id))
        .join(SubOrder, SubOrder.seller_id == Seller.id)
        .where(Seller.district_id.in_(ids), SubOrder.created_at >= start_utc, SubOrder.created_at < end_utc)
        .group_by(Seller.district_id)).all())
    listings = dict(db.session.execute(
        select(Seller.district_id, func.count(Listing.id))
        .join(Listing, Listing.seller_id == Seller.id)
        .where(Seller.district_id.in_(ids), Listing.status == ListingStatus.PUBLISHED.value)
        .group_by(Seller.district_id)).all())
    # max() keeps the first of equals, and ``ids`` is in name order
    return max(ids, key=lambda i: (orders.get(i, 0), listings.get(i, 0)))


def default_scope(user, month=None) -> ReportScope:
    """The state for the ODOP cell; otherwise the officer's busiest district in ``month`` (a
    :class:`~marketplace.admin.periods.Month`; the last complete one when not given)."""
    if is_state_wide(user):
        return ReportScope("state")
    month = month or Month.current().previous()
    return ReportScope("district", busiest_district_id(user, month.start_utc, month.end_utc))
