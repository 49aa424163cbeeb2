"""The 2019 samagams as past meets, and an upcoming demo meet with registrations (idempotent)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from marketplace.accounts import services as accounts
from marketplace.accounts.models import Role
from marketplace.buyers.models import (BuyerProfile, BuyerType, ParticipantRole, Registration,
                                       Samagam, SamagamStatus)
from marketplace.catalog.models import District, Listing, ListingStatus, Seller, SellerStatus
from marketplace.catalog.models import organiser_districts
from marketplace.database import utcnow
from marketplace.extensions import db

from marketplace.accounts.demo import DEMO_PASSWORD  # one demo password, documented in the README
DEMO_SLUG = "purvanchal-odop-buyer-seller-meet"
DEMO_ORGANISER = ("organiser@example.com", "Ramesh Yadav (DIC Varanasi)")
DEMO_BUYERS = [
    ("retail.lucknow@example.com", "Kavita Agarwal", BuyerType.RETAIL, "Awadh Crafts Emporium",
     "Lucknow", "", 200, 30000, 300000, "hi,en"),
    ("export.delhi@example.com", "Rohan Mehta", BuyerType.EXPORTER, "Mehta Global Exports",
     "New Delhi", "USA,UK,Germany", 1500, 50000, 2000000, "en,hi"),
    ("gem.buyer@example.com", "Sunita Rao", BuyerType.INSTITUTIONAL, "State Handicraft Depot (GeM)",
     "Kanpur", "", 800, 20000, 500000, "hi"),
    ("online.mumbai@example.com", "Imran Sheikh", BuyerType.ONLINE, "Desi Haat Online",
     "Mumbai", "", 300, 10000, 400000, "hi,en,ur"),
    ("wholesale.jaipur@example.com", "Neha Joshi", BuyerType.WHOLESALER, "Joshi Traders",
     "Jaipur", "UAE", 1000, 15000, 1000000, "hi"),
    ("retail.varanasi@example.com", "Arvind Mishra", BuyerType.RETAIL, "Kashi Silk House",
     "Varanasi", "", 100, 100000, 5000000, "hi"),
]


def load_past_meets() -> int:
    """One past meet per district with 2019 samagam dates; returns how many were created."""
    created = 0
    for district in db.session.scalars(select(District).where(
            District.samagam_2019_start.is_not(None)).order_by(District.id)):
        slug = f"udyam-samagam-2019-{district.slug}"
        if db.session.scalar(select(Samagam.id).where(Samagam.slug == slug)):
            continue
        db.session.add(Samagam(
            slug=slug, title_en=f"ODOP Udyam Samagam 2019, {district.name_en}",
            title_hi=f"ओडीओपी उद्यम समागम 2019, {district.name_hi}", venue=district.name_en,
            starts_on=district.samagam_2019_start,
            ends_on=district.samagam_2019_end or district.samagam_2019_start,
            status=SamagamStatus.PAST.value, districts=[district]))
        created += 1
    db.session.commit()
    return created


def _user(email, name, role, locale="hi"):
    user = accounts.find_user_by_email(email)
    if user is None:
        user = accounts.create_user(email, DEMO_PASSWORD, name, role=role, locale=locale)
    return user


DEMO_TITLE_HI = "पूर्वांचल ओडीओपी उद्यम समागम"
OLD_DEMO_TITLE_HI = "पूर्वांचल ओडीओपी क्रेता-विक्रेता सम्मेलन"


def load_demo_meet() -> None:
    """Past meets, a demo organiser and buyers, and an upcoming meet with registrations."""
    load_past_meets()
    existing = db.session.scalar(select(Samagam).where(Samagam.slug == DEMO_SLUG))
    if existing is not None:
        if existing.title_hi == OLD_DEMO_TITLE_HI:  # a database loaded before the Hindi was fixed
            existing.title_hi = DEMO_TITLE_HI
            db.session.commit()
        return
    sellers = list(db.session.scalars(select(Seller).where(
        Seller.status == SellerStatus.VERIFIED).order_by(Seller.id)))
    districts = []
    for seller in sellers:
        if seller.district not in districts:
            districts.append(seller.district)
    districts = districts[:4] or list(db.session.scalars(select(District).limit(2)))
    organiser = _user(*DEMO_ORGANISER, Role.ORGANISER)
    for d in districts:
        if not db.session.execute(select(organiser_districts).where(
                organiser_districts.c.user_id == organiser.id,
                organiser_districts.c.district_id == d.id)).first():
            db.session.execute(organiser_districts.insert().values(user_id=organiser.id,
                                                                   district_id=d.id))
    today = utcnow().date()
    meet = Samagam(
        slug=DEMO_SLUG, title_en="Purvanchal ODOP Buyer-Seller Meet",
        title_hi=DEMO_TITLE_HI, venue="Deendayal Hastkala Sankul, Varanasi",
        starts_on=today + dt.timedelta(days=21), ends_on=today + dt.timedelta(days=22),
        registration_opens_at=utcnow(), registration_closes_at=utcnow() + dt.timedelta(days=14),
        meeting_minutes=20, slots_per_day=8, tables=10, break_after_slots="4",
        status=SamagamStatus.OPEN.value, created_by_id=organiser.id, districts=districts)
    db.session.add(meet)
    categories = [d.odop_category for d in districts]
    for i, (email, name, btype, org, city, markets, volume, bmin, bmax, langs) in enumerate(DEMO_BUYERS):
        user = _user(email, name, Role.BUYER)
        profile = db.session.scalar(select(BuyerProfile).where(BuyerProfile.user_id == user.id))
        if profile is None:
            profile = BuyerProfile(user_id=user.id, buyer_type=btype.value, organisation=org,
                                   city=city, state="", country="India",
                                   monthly_volume_units=volume, budget_min_paise=bmin,
                                   budget_max_paise=bmax, languages=langs, export_markets=markets,
                                   categories=categories[i % len(categories):][:2] or categories,
                                   districts=districts[:2])
            db.session.add(profile)
        db.session.add(Registration(samagam=meet, user_id=user.id, role=ParticipantRole.BUYER.value,
                                    unavailable_slots="0" if i % 3 == 0 else "",
                                    registered_by_id=organiser.id if i % 2 else None))
    in_meet = [s for s in sellers if s.district in districts][:12]
    for seller in in_meet:
        listings = list(db.session.scalars(select(Listing).where(
            Listing.seller_id == seller.id, Listing.status == ListingStatus.PUBLISHED).limit(4)))
        db.session.add(Registration(samagam=meet, user_id=seller.user_id,
                                    role=ParticipantRole.SELLER.value, seller_id=seller.id,
                                    capacity_units_per_month=seller.capacity_units_per_month or 500,
                                    listings=listings))
    db.session.commit()
