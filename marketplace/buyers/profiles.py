"""Buyer profiles and enquiries (requests for quote), which also become leads."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.buyers.models import BuyerProfile, BuyerType, Enquiry, Lead, LeadSource
from marketplace.catalog.models import Category, District, Listing
from marketplace.database import utcnow
from marketplace.errors import DomainError, NotFound
from marketplace.extensions import db
from marketplace.notifications.service import notify
from marketplace.transaction import committed


class ProfileError(DomainError):
    code = "profile_invalid"


@dataclass
class ProfileInput:
    buyer_type: str
    organisation: str = ""
    city: str = ""
    state: str = ""
    country: str = "India"
    category_ids: list[int] = field(default_factory=list)
    district_ids: list[int] = field(default_factory=list)
    monthly_volume_units: int | None = None
    budget_min_paise: int | None = None
    budget_max_paise: int | None = None
    languages: list[str] = field(default_factory=list)
    export_markets: str = ""


def get_profile(user) -> BuyerProfile | None:
    return db.session.scalar(select(BuyerProfile).where(BuyerProfile.user_id == user.id))


def save_profile(user, data: ProfileInput) -> BuyerProfile:
    """Create or update the buyer's profile. Raises ProfileError for bad values."""
    with committed():
        if data.buyer_type not in {t.value for t in BuyerType}:
            raise ProfileError(_l("Choose what kind of buyer you are."))
        if (data.budget_min_paise is not None and data.budget_max_paise is not None
                and data.budget_min_paise > data.budget_max_paise):
            raise ProfileError(_l("The lowest budget cannot be above the highest."))
        if data.monthly_volume_units is not None and data.monthly_volume_units < 0:
            raise ProfileError(_l("The order volume cannot be negative."))
        profile = get_profile(user) or BuyerProfile(user_id=user.id)
        profile.buyer_type = data.buyer_type
        profile.organisation = data.organisation.strip()[:160]
        profile.city, profile.state = data.city.strip()[:80], data.state.strip()[:80]
        profile.country = (data.country.strip() or "India")[:80]
        profile.monthly_volume_units = data.monthly_volume_units
        profile.budget_min_paise, profile.budget_max_paise = data.budget_min_paise, data.budget_max_paise
        profile.languages = ",".join(data.languages)[:120]
        profile.export_markets = ",".join(
            x.strip() for x in data.export_markets.split(",") if x.strip())[:255]
        profile.categories = list(db.session.scalars(
            select(Category).where(Category.id.in_(data.category_ids or [-1]))))
        profile.districts = list(db.session.scalars(
            select(District).where(District.id.in_(data.district_ids or [-1]))))
        db.session.add(profile)
    return profile


def create_enquiry(user, listing_id: int, quantity: int, target_price_paise: int | None,
                   needed_by: dt.date | None, message: str = "") -> Enquiry:
    """A buyer asks for a quote on a public listing; the seller gets a lead (source enquiry).

    Raises NotFound for a listing that is not public, ProfileError for a quantity below one or
    below the listing's minimum order, or a date in the past.
    """
    with committed():
        listing = db.session.get(Listing, listing_id)
        if listing is None or not listing.is_public:
            raise NotFound()
        if quantity < max(1, listing.moq):
            raise ProfileError(_l("The quantity must be at least the minimum order of %(moq)s.",
                                  moq=listing.moq))
        if needed_by is not None and needed_by < utcnow().date():
            raise ProfileError(_l("The date cannot be in the past."))
        enquiry = Enquiry(buyer_user_id=user.id, listing_id=listing.id, quantity=quantity,
                          target_price_paise=target_price_paise, needed_by=needed_by,
                          message=message.strip()[:2000])
        db.session.add(enquiry)
        db.session.flush()
        db.session.add(Lead(samagam_id=None, buyer_user_id=user.id, seller_id=listing.seller_id,
                            source=LeadSource.ENQUIRY.value, enquiry_id=enquiry.id))
        title = listing.title_en

        # the mail links to the seller's leads, where the quote is sent (issue #17.9: every mail
        # has a link, absolute from SITE_URL)
        notify(listing.seller.user, lambda: _("New enquiry: %(title)s", title=title),
               lambda: _("A buyer asks for a quote for %(n)s units.", n=quantity), link=url_for("buyers.leads"))
    return enquiry
