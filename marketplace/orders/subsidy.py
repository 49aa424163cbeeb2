"""Freight-subsidy decision: is a shipment eligible, and for how much?

A pure function over plain values, so the rule has one home and can be tested exhaustively;
the checkout service feeds it the seller's usage so far (read under a row lock) and stores
the outcome on the sub-order. ``stored_policy_in_force`` is the one reading of which stored
version is in force (checkout and the admin desk).

The default policy mirrors Uttar Pradesh's 2019 ODOP marketing-assistance order: 75% of the
freight, for verified sellers holding an Udyam registration who ship their district's ODOP
product, capped per shipment by destination, per seller per financial year, and at most three
claims per seller per financial year. The concrete caps are our choice (documented in
docs/orders.md):

==================  ====================
per shipment        cap
==================  ====================
same district       ₹150.00
within UP           ₹300.00
rest of India       ₹600.00
abroad              ₹1,500.00 (kept for completeness: the freight table has no export zone)
per seller per FY   ₹1,500.00
claims per FY       3
==================  ====================

The amount is ``floor(freight × percent)`` (never pays a fraction of a paisa too much), then
limited by the shipment cap, then by what is left of the seller's annual cap. When the annual
budget left is smaller than the computed amount, the shipment gets what is left (a partial
award); when nothing is left it is not eligible (``annual_cap_reached``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Iterable, Mapping

from sqlalchemy import select

from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.india import ist_date

from .models import SubsidyPolicy


class Reason(StrEnum):
    """Why a shipment earns no subsidy (checked in this order)."""

    POLICY_INACTIVE = "policy_inactive"
    NO_FREIGHT = "no_freight"
    ZONE_NOT_COVERED = "zone_not_covered"
    NOT_ODOP_PRODUCT = "not_odop_product"
    SELLER_UNVERIFIED = "seller_unverified"
    NO_UDYAM = "no_udyam"
    CLAIMS_LIMIT_REACHED = "claims_limit_reached"
    ANNUAL_CAP_REACHED = "annual_cap_reached"


@dataclass(frozen=True)
class PolicyTerms:
    """One version of the subsidy policy, in force from ``effective_from`` to ``effective_to``.

    ``effective_to`` is inclusive; None means open-ended. ``percent_bp`` is in basis points
    (7500 = 75%). ``shipment_cap_paise`` maps a zone to its per-shipment cap; a zone that is
    absent is not covered. ``annual_cap_paise`` / ``max_claims_per_year`` of None mean no limit.
    """

    version: str
    effective_from: dt.date
    effective_to: dt.date | None
    percent_bp: int
    shipment_cap_paise: Mapping[str, int]
    annual_cap_paise: int | None
    max_claims_per_year: int | None
    require_odop_product: bool = True
    require_verified_seller: bool = True
    require_udyam: bool = True

    def __post_init__(self):
        if not 0 <= self.percent_bp <= 10000:
            raise ValueError("percent_bp must be between 0 and 10000")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        if any(v < 0 for v in self.shipment_cap_paise.values()):
            raise ValueError("negative shipment cap")
        if (self.annual_cap_paise or 0) < 0 or (self.max_claims_per_year or 0) < 0:
            raise ValueError("negative annual cap or claim limit")

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True)
class Shipment:
    """What the decision needs to know about one sub-order."""

    zone: str
    freight_paise: int
    odop_product: bool  # every line is the seller's district's ODOP product
    seller_verified: bool
    seller_has_udyam: bool
    day: dt.date  # the IST date of the checkout


@dataclass(frozen=True)
class Usage:
    """The seller's subsidy already committed in the financial year of the shipment."""

    amount_paise: int = 0
    claims: int = 0


@dataclass(frozen=True)
class Decision:
    """Eligible with ``amount_paise`` > 0, or not eligible with a ``reason`` code."""

    eligible: bool
    amount_paise: int
    reason: str | None
    policy_version: str | None
    details: dict = field(default_factory=dict, compare=False)


DEFAULT_POLICY = PolicyTerms(
    version="UP-ODOP-MDA-2019",
    effective_from=dt.date(2019, 4, 1),
    effective_to=None,
    percent_bp=7500,
    shipment_cap_paise={
        "same_district": 15000,
        "within_up": 30000,
        "rest_of_india": 60000,
        "abroad": 150000,
    },
    annual_cap_paise=150000,
    max_claims_per_year=3,
)


def policy_in_force(policies: Iterable[PolicyTerms], day: dt.date) -> PolicyTerms | None:
    """The policy version in force on ``day``: among those covering it, the latest to start."""
    live = [p for p in policies if p.in_force_on(day)]
    return max(live, key=lambda p: (p.effective_from, p.version)) if live else None


def terms_of(policy: SubsidyPolicy) -> PolicyTerms:
    """The plain-value form of a stored policy version, which the decision works on."""
    caps = {zone: getattr(policy, col) for zone, col in SubsidyPolicy.ZONE_COLUMNS.items()
            if getattr(policy, col) is not None}
    return PolicyTerms(
        version=policy.version, effective_from=policy.effective_from, effective_to=policy.effective_to,
        percent_bp=policy.percent_bp, shipment_cap_paise=caps,
        annual_cap_paise=policy.annual_cap_paise, max_claims_per_year=policy.max_claims_per_year,
        require_odop_product=policy.require_odop_product,
        require_verified_seller=policy.require_verified_seller, require_udyam=policy.require_udyam,
    )


def stored_policy_in_force(day: dt.date | None = None) -> SubsidyPolicy | None:
    """THE stored policy version in force on ``day`` (today in India by default), or None:
    ``policy_in_force`` over every stored version. Checkout decides with it and the admin desk
    shows it, so both always name the same version."""
    stored = list(db.session.scalars(select(SubsidyPolicy).order_by(SubsidyPolicy.id)))
    terms = policy_in_force([terms_of(p) for p in stored], day or ist_date(utcnow()))
    return next(p for p in stored if p.version == terms.version) if terms is not None else None


def _refuse(reason: Reason, policy: PolicyTerms | None, **details) -> Decision:
    return Decision(False, 0, reason.value, policy.version if policy else None, details)


def decide(policy: PolicyTerms | None, shipment: Shipment, usage: Usage = Usage()) -> Decision:
    """Decide the freight subsidy of one shipment.

    ``policy``: the version in force (see ``policy_in_force``) or None. ``usage``: what the
    seller already holds in this financial year (amount and number of claims, including
    reservations by orders not yet paid). Returns a Decision; raises nothing.
    Checks, in order: policy in force, some freight, zone covered, ODOP product, verified
    seller, Udyam number, claims left, annual budget left.
    """
    if policy is None or not policy.in_force_on(shipment.day):
        return _refuse(Reason.POLICY_INACTIVE, policy)
    if shipment.freight_paise <= 0:
        return _refuse(Reason.NO_FREIGHT, policy)
    cap = policy.shipment_cap_paise.get(shipment.zone)
    if not cap or policy.percent_bp == 0:
        return _refuse(Reason.ZONE_NOT_COVERED, policy)
    if policy.require_odop_product and not shipment.odop_product:
        return _refuse(Reason.NOT_ODOP_PRODUCT, policy)
    if policy.require_verified_seller and not shipment.seller_verified:
        return _refuse(Reason.SELLER_UNVERIFIED, policy)
    if policy.require_udyam and not shipment.seller_has_udyam:
        return _refuse(Reason.NO_UDYAM, policy)
    if policy.max_claims_per_year is not None and usage.claims >= policy.max_claims_per_year:
        return _refuse(Reason.CLAIMS_LIMIT_REACHED, policy, claims=usage.claims)
    amount = min(shipment.freight_paise * policy.percent_bp // 10000, cap)
    if policy.annual_cap_paise is not None:
        left = policy.annual_cap_paise - usage.amount_paise
        if left <= 0:
            return _refuse(Reason.ANNUAL_CAP_REACHED, policy, used_paise=usage.amount_paise)
        amount = min(amount, left)
    if amount <= 0:  # freight of a paisa or two at 75% rounds down to nothing
        return _refuse(Reason.NO_FREIGHT, policy)
    return Decision(True, amount, None, policy.version, {"cap_paise": cap})
