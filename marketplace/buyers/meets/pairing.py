"""Matching a meet's buyers with its sellers: each pair's score, a participant's recommendations,
and the leads an organiser's matching run keeps."""
from __future__ import annotations

import json

from sqlalchemy import select

from marketplace.buyers.matching import BuyerNeeds, Match, Name, SellerOffer, score_pair
from marketplace.buyers.meets.registrations import registrations
from marketplace.buyers.meets.samagams import managed_samagam
from marketplace.buyers.models import BuyerProfile, Lead, LeadSource, ParticipantRole, Registration, Samagam
from marketplace.catalog.models import SellerType
from marketplace.extensions import db
from marketplace.transaction import committed

LEADS_PER_BUYER = 5
REQUEST_BONUS = 50  # an accepted request outranks any score-only pair


def _name(obj) -> Name:
    return Name(obj.id, obj.name_en, obj.name_hi)


def buyer_needs(reg: Registration) -> BuyerNeeds:
    """A registered buyer's needs. Without a profile (or without chosen products), a buyer who
    registered for a meet is taken to be interested in its districts' ODOP products."""
    profile = db.session.scalar(select(BuyerProfile).where(BuyerProfile.user_id == reg.user_id))
    meet_districts = reg.samagam.districts
    default_categories = frozenset(_name(d.odop_category) for d in meet_districts)
    if profile is None:
        return BuyerNeeds(id=reg.id, categories=default_categories,
                          districts=frozenset(_name(d) for d in meet_districts),
                          languages=frozenset({reg.user.locale or "hi"}))
    return BuyerNeeds(
        id=reg.id,
        categories=frozenset(_name(c) for c in profile.categories) or default_categories,
        districts=frozenset(_name(d) for d in profile.districts),
        monthly_volume_units=profile.monthly_volume_units,
        budget_min_paise=profile.budget_min_paise, budget_max_paise=profile.budget_max_paise,
        export_markets=tuple(profile.export_market_list),
        languages=frozenset(profile.language_codes))


def seller_offer(reg: Registration) -> SellerOffer:
    seller = reg.seller
    listings = reg.listings
    categories = {_name(l.category) for l in listings}
    if seller.district is not None:
        categories.add(_name(seller.district.odop_category))
    prices = [l.price_paise for l in listings]
    moqs = [l.moq for l in listings]
    return SellerOffer(
        id=reg.id, categories=frozenset(categories), district=_name(seller.district),
        capacity_units_per_month=reg.capacity_units_per_month or seller.capacity_units_per_month,
        min_moq=min(moqs) if moqs else None,
        price_min_paise=min(prices) if prices else None,
        price_max_paise=max(prices) if prices else None,
        export_ready=seller.seller_type == SellerType.EXPORTER or bool(seller.gstin),
        languages=frozenset({"hi"} | ({"en"} if seller.story_en else set())))


def score_meet(samagam: Samagam) -> list[tuple[Registration, Registration, Match]]:
    """Every buyer-seller pair of the meet with its score, best first."""
    buyers = registrations(samagam, ParticipantRole.BUYER)
    sellers = registrations(samagam, ParticipantRole.SELLER)
    offers = [(s, seller_offer(s)) for s in sellers]
    pairs = []
    for b in buyers:
        needs = buyer_needs(b)
        for s, offer in offers:
            pairs.append((b, s, score_pair(needs, offer)))
    pairs.sort(key=lambda p: (-p[2].score, p[0].id, p[1].id))
    return pairs


def recommendations(reg: Registration, limit: int = 10) -> list[tuple[Registration, Match]]:
    """The best counterparts for a participant, with the match explaining why."""
    samagam = reg.samagam
    if reg.role == ParticipantRole.BUYER:
        needs = buyer_needs(reg)
        scored = [(s, score_pair(needs, seller_offer(s)))
                  for s in registrations(samagam, ParticipantRole.SELLER)]
    else:
        offer = seller_offer(reg)
        scored = [(b, score_pair(buyer_needs(b), offer))
                  for b in registrations(samagam, ParticipantRole.BUYER)]
    scored = [x for x in scored if x[1].score > 0]
    scored.sort(key=lambda x: (-x[1].score, x[0].id))
    return scored[:limit]


def _lead_for(samagam, buyer_reg, seller_reg, source, match: Match | None = None) -> Lead:
    lead = db.session.scalar(select(Lead).where(
        Lead.samagam_id == samagam.id, Lead.buyer_user_id == buyer_reg.user_id,
        Lead.seller_id == seller_reg.seller_id))
    if lead is None:
        lead = Lead(samagam_id=samagam.id, buyer_user_id=buyer_reg.user_id,
                    seller_id=seller_reg.seller_id, source=source)
        db.session.add(lead)
    if match is not None:
        lead.score = match.score
        lead.reasons_json = json.dumps([r.to_dict() for r in match.reasons], ensure_ascii=False)
    elif source == LeadSource.REQUEST:
        lead.source = source
    return lead


def run_matching(user, samagam_id: int) -> int:
    """Score every pair and keep each buyer's best ``LEADS_PER_BUYER`` as leads; returns count."""
    samagam = managed_samagam(user, samagam_id)
    with committed():
        kept: dict[int, int] = {}
        count = 0
        for b, s, match in score_meet(samagam):
            if match.score <= 0 or kept.get(b.id, 0) >= LEADS_PER_BUYER:
                continue
            kept[b.id] = kept.get(b.id, 0) + 1
            _lead_for(samagam, b, s, LeadSource.SCORE, match)
            count += 1
    return count

