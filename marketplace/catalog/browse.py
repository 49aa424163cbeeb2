"""What buyers browse: public listings, districts by division, district, seller and category
pages. Public means: the listing is published and its seller is verified. Owners (and admins)
may also open their own unpublished listing to preview it; nobody else can.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from marketplace.catalog.errors import NotFound
from marketplace.catalog.reviews import rating_order_of
from marketplace.catalog.models import (
    Category,
    District,
    Division,
    Listing,
    ListingStatus,
    Seller,
    SellerStatus,
)
from marketplace.extensions import db


def public_listings_query(*columns):
    """SELECT of listings buyers may see (published, seller verified), with what cards show; with
    ``columns``, a SELECT of just those columns of the same listings."""
    query = (
        select(*columns) if columns else select(Listing)
    ).select_from(Listing).join(Listing.seller).where(
        Listing.status == ListingStatus.PUBLISHED.value, Seller.status == SellerStatus.VERIFIED.value)
    if columns:
        return query
    # The seller comes from the join above; its district and the category (many-to-one, small
    # tables) in the same statement; the photos in one more. Fewer statements: each costs far more
    # in SQLAlchemy's Python than in the database.
    return query.options(contains_eager(Listing.seller).joinedload(Seller.district), joinedload(Listing.category),
                         selectinload(Listing.images))


def sort_listings(query, sort: str):
    """Order for listing pages: ``popular`` (default), ``new``, ``price_asc``, ``price_desc``,
    ``rating`` (best average over visible reviews first, unrated last)."""
    if sort == "rating":
        return query.order_by(*rating_order_of(Listing.id), Listing.sold_count.desc(), Listing.id)
    orders = {
        "new": (Listing.published_at.desc(), Listing.id.desc()),
        "price_asc": (Listing.price_paise.asc(), Listing.id),
        "price_desc": (Listing.price_paise.desc(), Listing.id),
    }
    return query.order_by(*orders.get(sort, (Listing.sold_count.desc(), Listing.id)))


def public_counts_by_district() -> dict[int, int]:
    """District id → number of public listings of sellers from that district."""
    rows = db.session.execute(
        select(Seller.district_id, func.count(Listing.id))
        .join(Listing, Listing.seller_id == Seller.id)
        .where(Listing.status == ListingStatus.PUBLISHED.value, Seller.status == SellerStatus.VERIFIED.value)
        .group_by(Seller.district_id)
    )
    return {district_id: count for district_id, count in rows}


@dataclass(frozen=True)
class DivisionGroup:
    division: Division
    districts: list[tuple[District, int]]

    @property
    def listing_count(self) -> int:
        return sum(n for _, n in self.districts)


def districts_by_division() -> list[DivisionGroup]:
    """All divisions (alphabetical) with their districts and public listing counts."""
    counts = public_counts_by_district()
    divisions = db.session.scalars(
        select(Division).options(selectinload(Division.districts).selectinload(District.odop_category))
        .order_by(Division.name_en)
    ).all()
    return [DivisionGroup(d, [(district, counts.get(district.id, 0)) for district in d.districts]) for d in divisions]


def featured_districts(limit: int = 8) -> list[tuple[District, int]]:
    """Districts with the most public listings, for the home page."""
    counts = public_counts_by_district()
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    districts = {d.id: d for d in db.session.scalars(
        select(District).where(District.id.in_([i for i, _ in top])).options(selectinload(District.odop_category)))}
    return [(districts[i], n) for i, n in top if i in districts]


def featured_listings(limit: int = 8) -> list[Listing]:
    """Popular public listings with photos, at most two per seller so the home page is varied."""
    # Choose among the candidates by id and seller only, then load just the chosen listings with
    # what their cards show (loading every candidate whole cost more than the rest of the page).
    picked, per_seller = [], {}
    candidates = db.session.execute(
        sort_listings(public_listings_query(Listing.id, Listing.seller_id), "popular").limit(limit * 6))
    for listing_id, seller_id in candidates:
        if per_seller.get(seller_id, 0) >= 2:
            continue
        per_seller[seller_id] = per_seller.get(seller_id, 0) + 1
        picked.append(listing_id)
        if len(picked) == limit:
            break
    if not picked:
        return []
    loaded = {listing.id: listing for listing in db.session.scalars(public_listings_query().where(Listing.id.in_(picked)))}
    return [loaded[i] for i in picked if i in loaded]


def district_by_slug(slug: str) -> District:
    """A district by slug; NotFound otherwise."""
    district = db.session.scalar(select(District).where(District.slug == slug))
    if district is None:
        raise NotFound()
    return district


def district_listings_query(district: District, sort: str = "popular"):
    """Public listings of sellers in the district (its ODOP product first)."""
    query = public_listings_query().where(Seller.district_id == district.id)
    odop_first = (Listing.category_id != district.odop_category_id)
    return sort_listings(query.order_by(odop_first), sort)


def district_sellers(district: District) -> list[Seller]:
    """Verified sellers of the district, by name."""
    return list(db.session.scalars(
        select(Seller).where(Seller.district_id == district.id, Seller.status == SellerStatus.VERIFIED.value)
        .order_by(Seller.enterprise_name_en)
    ))


def _may_preview(user, seller: Seller) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and (user.id == seller.user_id or user.role == "admin"))


def listing_for_viewer(slug: str, user=None) -> Listing:
    """The listing at ``slug`` if public, or if ``user`` owns it or is an admin (preview).
    Raises NotFound otherwise (another seller's draft looks exactly like a missing page)."""
    listing = db.session.scalar(
        select(Listing).where(Listing.slug == slug)
        .options(selectinload(Listing.images), selectinload(Listing.price_tiers),
                 selectinload(Listing.seller).selectinload(Seller.district))
    )
    if listing is None or not (listing.is_public or _may_preview(user, listing.seller)):
        raise NotFound()
    return listing


def public_listing_by_id(listing_id: int) -> Listing:
    """A public listing by id (the JSON API); NotFound for drafts, archived or unverified sellers."""
    listing = db.session.scalar(public_listings_query().where(Listing.id == listing_id))
    if listing is None:
        raise NotFound()
    return listing


def seller_for_viewer(slug: str, user=None) -> Seller:
    """A verified seller's page, or the owner's/admin's preview of an unverified one; NotFound."""
    seller = db.session.scalar(select(Seller).where(Seller.slug == slug))
    if seller is None or not (seller.status == SellerStatus.VERIFIED or _may_preview(user, seller)):
        raise NotFound()
    return seller


def seller_listings_query(seller: Seller, sort: str = "popular"):
    return sort_listings(public_listings_query().where(Listing.seller_id == seller.id), sort)


def category_by_slug(slug: str) -> Category:
    category = db.session.scalar(select(Category).where(Category.slug == slug))
    if category is None:
        raise NotFound()
    return category


def category_listings_query(category: Category, sort: str = "popular"):
    return sort_listings(public_listings_query().where(Listing.category_id == category.id), sort)


def categories_with_counts() -> list[tuple[Category, int]]:
    """Every category with its number of public listings, most first."""
    counts = dict(db.session.execute(
        select(Listing.category_id, func.count(Listing.id)).join(Listing.seller)
        .where(Listing.status == ListingStatus.PUBLISHED.value, Seller.status == SellerStatus.VERIFIED.value)
        .group_by(Listing.category_id)
    ).all())
    categories = db.session.scalars(select(Category).order_by(Category.name_en)).all()
    return sorted(((c, counts.get(c.id, 0)) for c in categories), key=lambda t: (-t[1], t[0].name_en))
