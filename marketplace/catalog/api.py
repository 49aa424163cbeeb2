"""JSON API: districts, a product, a seller. Only public data; errors as {"error": {code, message}}."""
from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for
from flask_babel import lazy_gettext as _l

from marketplace.accounts.decorators import public
from marketplace.catalog import browse, return_policy
from marketplace.catalog import reviews as review_service
from marketplace.catalog.errors import CatalogError
from marketplace.catalog.models import Listing, Seller
from marketplace.extensions import db
from marketplace.params import MAX_PAGE, parse_int

bp = Blueprint("catalog_api", __name__, url_prefix="/api/v1")


def _media(path: str | None) -> str | None:
    return url_for("catalog.media", path=path, _external=True) if path else None


def district_json(district, listing_count: int) -> dict:
    return {
        "id": district.id, "slug": district.slug, "name_en": district.name_en, "name_hi": district.name_hi,
        "division": {"slug": district.division.slug, "name_en": district.division.name_en,
                     "name_hi": district.division.name_hi},
        "odop_product": {"slug": district.odop_category.slug, "name_en": district.odop_category.name_en,
                         "name_hi": district.odop_category.name_hi},
        "samagam_2019": ({"start": district.samagam_2019_start.isoformat(), "end": district.samagam_2019_end.isoformat()}
                         if district.samagam_2019_start and district.samagam_2019_end else None),
        "listing_count": listing_count,
        "url": url_for("catalog.district", slug=district.slug, _external=True),
    }


def seller_card_json(seller: Seller) -> dict:
    return {
        "slug": seller.slug, "enterprise_name_en": seller.enterprise_name_en,
        "enterprise_name_hi": seller.enterprise_name_hi, "seller_type": seller.seller_type,
        "district": seller.district.slug, "verified": seller.is_verified, "gi_tags": seller.gi_tag_list,
        "url": url_for("catalog.seller", slug=seller.slug, _external=True),
    }


def listing_json(listing: Listing, full: bool = True) -> dict:
    body = {
        "id": listing.id, "slug": listing.slug, "sku": listing.sku,
        "title_en": listing.title_en, "title_hi": listing.title_hi,
        "category": {"slug": listing.category.slug, "name_en": listing.category.name_en,
                     "name_hi": listing.category.name_hi},
        "is_odop": listing.is_odop,
        "price_paise": listing.price_paise, "mrp_paise": listing.mrp_paise, "currency": "INR",
        "in_stock": listing.stock > 0, "stock": listing.stock, "moq": listing.moq,
        "url": url_for("catalog.product", slug=listing.slug, _external=True),
        "thumbnail": _media(listing.images[0].thumb_path) if listing.images else None,
    }
    if full:
        body.update({
            "description_en": listing.description_en, "description_hi": listing.description_hi,
            "price_tiers": [{"min_quantity": t.min_quantity, "price_paise": t.price_paise} for t in listing.price_tiers],
            "weight_g": listing.weight_g,
            "dimensions_cm": {"length": listing.length_cm, "width": listing.width_cm, "height": listing.height_cm},
            "hsn_code": listing.hsn_code, "gst_rate_bp": listing.gst_rate_bp,
            "images": [{"url": _media(i.path), "thumbnail": _media(i.thumb_path), "width": i.width, "height": i.height}
                       for i in listing.images],
            "seller": seller_card_json(listing.seller),
            "return_policy": return_policy.as_json(return_policy.effective_policy(listing)),
            "rating": rating_json(review_service.listing_rating(listing.id)),
        })
    return body


def rating_json(rating) -> dict:
    """``{"average": "4.3" | null, "count"}`` over visible reviews (a string: one decimal, exact)."""
    return {"average": f"{rating.average:.1f}" if rating.count else None, "count": rating.count}


def review_json(review) -> dict:
    return {
        "id": review.id, "rating": review.rating, "text": review.text, "language": review.language,
        "author": review_service.reviewer_name(review) or None,
        "created_at": review.created_at.isoformat(), "edited_at": review.edited_at.isoformat() if review.edited_at else None,
        "helpful_count": review.helpful_count,
        "photos": [{"url": _media(p.path), "thumbnail": _media(p.thumb_path), "width": p.width, "height": p.height}
                   for p in review.photos],
        "seller_reply": ({"text": review.seller_reply, "replied_at": review.replied_at.isoformat() if review.replied_at else None}
                         if review.seller_reply else None),
    }


class BadReviewQuery(CatalogError):
    code = "invalid_request"
    default_message = _l("Those settings are not valid.")


REVIEWS_PER_PAGE = 20


@bp.route("/districts")
@public
def districts():
    counts = browse.public_counts_by_district()
    items = [district_json(d, counts.get(d.id, 0)) for group in browse.districts_by_division() for d, _ in group.districts]
    return jsonify({"districts": items, "count": len(items)})


@bp.route("/products/<int(max=2147483647):listing_id>")
@public
def product(listing_id: int):
    return jsonify(listing_json(browse.public_listing_by_id(listing_id)))


@bp.route("/sellers/<slug>")
@public
def seller(slug: str):
    maker = browse.seller_for_viewer(slug, None)  # the API shows verified sellers only
    listings = db.session.scalars(browse.seller_listings_query(maker, "popular").limit(100)).all()
    body = seller_card_json(maker)
    body.update({"city": maker.city, "story_en": maker.story_en, "story_hi": maker.story_hi,
                 "district_name_en": maker.district.name_en, "district_name_hi": maker.district.name_hi,
                 "listings": [listing_json(l, full=False) for l in listings]})
    return jsonify(body)


@bp.route("/products/<int(max=2147483647):listing_id>/reviews")
@public
def product_reviews(listing_id: int):
    """``?sort=newest|helpful&page=N``: the product's visible reviews, 20 a page, with its
    rating. 404 for a product that is not public; 400 for an unknown sort or page."""
    sort = request.args.get("sort", "newest")
    if sort not in review_service.REVIEW_SORTS:
        raise BadReviewQuery(_l("Sort reviews by newest or helpful."), code="invalid_sort")
    page = parse_int(request.args.get("page", "1"), 1, MAX_PAGE)
    if page is None:
        raise BadReviewQuery(_l("That page does not exist."), code="invalid_page")
    listing = browse.public_listing_by_id(listing_id)
    rating = review_service.listing_rating(listing.id)
    found = review_service.visible_reviews(listing.id, sort, page, REVIEWS_PER_PAGE, rating=rating)
    return jsonify({"product_id": listing.id, "rating": rating_json(rating),
                    "sort": sort, "page": page, "pages": found.pages, "total": found.total,
                    "reviews": [review_json(r) for r in found.items]})
