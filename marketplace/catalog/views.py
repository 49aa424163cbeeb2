"""Catalogue pages buyers browse: home, districts, a district, a product, a seller, categories,
and the uploaded photos themselves."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user

from marketplace import storage
from marketplace.accounts.decorators import public
from marketplace.catalog import browse, return_policy
from marketplace.catalog import reviews as review_service
from marketplace.catalog.forms import HelpfulForm, ReportReviewForm
from marketplace.extensions import db
from marketplace.i18n import loc
from marketplace.page_cache import cached_page
from marketplace.params import parse_int
from marketplace.storage.serving import send_stored

bp = Blueprint("catalog", __name__, template_folder="templates")

SORTS = ("popular", "new", "price_asc", "price_desc", "rating")


def _page() -> int:
    """The ?page= number (1 … 10,000); anything else is page 1."""
    return parse_int(request.args.get("page", 1), 1, 10_000) or 1


def _sort() -> str:
    sort = request.args.get("sort", "popular")
    return sort if sort in SORTS else "popular"


def _paginate(query, per_page: int | None = None):
    return db.paginate(query, page=_page(), per_page=per_page or current_app.config["PAGE_SIZE"], error_out=False)


@bp.route("/")
@public
@cached_page
def home():
    return render_template(
        "catalog/home.html",
        districts=browse.featured_districts(12),
        listings=browse.featured_listings(8),
    )


@bp.route("/districts")
@public
@cached_page
def districts():
    return render_template("catalog/districts.html", groups=browse.districts_by_division())


@bp.route("/districts/<slug>")
@public
@cached_page
def district(slug: str):
    place = browse.district_by_slug(slug)
    sort = _sort()
    return render_template(
        "catalog/district.html", district=place, sort=sort,
        page=_paginate(browse.district_listings_query(place, sort)),
        sellers=browse.district_sellers(place),
    )


@bp.route("/products/<slug>")
@public
@cached_page  # the orders cart form gives cookie-less visitors a token-free GET form, so caching is safe
def product(slug: str):
    listing = browse.listing_for_viewer(slug, current_user)
    related = db.session.scalars(
        browse.sort_listings(browse.public_listings_query().where(
            browse.Listing.category_id == listing.category_id, browse.Listing.id != listing.id), "popular").limit(4)
    ).all()
    rating = review_service.listing_rating(listing.id)
    review_sort = request.args.get("reviews", "newest")
    review_sort = review_sort if review_sort in review_service.REVIEW_SORTS else "newest"
    reviews = review_service.visible_reviews(listing.id, review_sort, parse_int(request.args.get("rpage", 1), 1, 10_000) or 1,
                                             rating=rating)
    return render_template("catalog/product.html", listing=listing, seller=listing.seller, related=related,
                           json_ld=product_json_ld(listing, rating),
                           return_policy_text=return_policy.describe(return_policy.effective_policy(listing)),
                           rating=rating, reviews=reviews, review_sort=review_sort,
                           review_sort_labels=review_service.REVIEW_SORT_LABELS,
                           review_languages=review_service.REVIEW_LANGUAGES, reviewer_name=review_service.reviewer_name,
                           helpful_form=HelpfulForm() if current_user.is_authenticated else None,
                           report_form=ReportReviewForm() if current_user.is_authenticated else None)


def aggregate_rating_json_ld(rating) -> dict | None:
    """schema.org AggregateRating over the visible reviews; None without any (search engines
    refuse an empty one)."""
    if not rating.count:
        return None
    return {"@type": "AggregateRating", "ratingValue": f"{rating.average:.1f}", "reviewCount": rating.count,
            "ratingCount": rating.count, "bestRating": 5, "worstRating": 1}


def product_json_ld(listing, rating=None) -> dict:
    """schema.org Product with its Offer, for search engines (rendered as JSON-LD); with
    ``aggregateRating`` when the listing has visible reviews."""
    url = url_for("catalog.product", slug=listing.slug, _external=True)
    seller_name = loc(listing.seller, "enterprise_name")
    body = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": loc(listing, "title"),
        "description": loc(listing, "description"),
        "sku": listing.sku,
        "image": [url_for("catalog.media", path=i.path, _external=True) for i in listing.images],
        "category": loc(listing.category, "name"),
        "brand": {"@type": "Brand", "name": seller_name},
        "countryOfOrigin": "IN",
        "offers": {
            "@type": "Offer",
            "url": url,
            "priceCurrency": "INR",
            "price": f"{listing.price_paise / 100:.2f}",
            "availability": "https://schema.org/InStock" if listing.stock > 0 else "https://schema.org/OutOfStock",
            "seller": {"@type": "Organization", "name": seller_name},
            "hasMerchantReturnPolicy": return_policy.as_schema_org(return_policy.effective_policy(listing)),
        },
    }
    aggregate = aggregate_rating_json_ld(rating if rating is not None else review_service.listing_rating(listing.id))
    if aggregate is not None:
        body["aggregateRating"] = aggregate
    return body


@bp.route("/sellers/<slug>")
@public
@cached_page
def seller(slug: str):
    maker = browse.seller_for_viewer(slug, current_user)
    sort = _sort()
    return render_template("catalog/seller.html", seller=maker, sort=sort,
                           page=_paginate(browse.seller_listings_query(maker, sort)),
                           rating=review_service.seller_rating(maker.id))


@bp.route("/categories")
@public
@cached_page
def categories():
    return render_template("catalog/categories.html", categories=browse.categories_with_counts())


@bp.route("/categories/<slug>")
@public
@cached_page
def category(slug: str):
    craft = browse.category_by_slug(slug)
    sort = _sort()
    return render_template("catalog/category.html", category=craft, sort=sort,
                           page=_paginate(browse.category_listings_query(craft, sort)))


@bp.route("/media/<path:path>")
@public
def media(path: str):
    """Uploaded photos (already re-encoded by Pillow), streamed from the photos' storage (the
    local folder or the bucket: docs/storage.md). Content-addressed names: cached for a year,
    immutable. Only ``.jpg`` keys of the public area; anything else, or a key leading outside it,
    is 404."""
    if not path.endswith(".jpg") or not storage.is_valid_key(path):
        abort(404)
    # the type is ours to say (every stored photo is a JPEG we encoded), never the bucket's
    response = send_stored(storage.media(), path, cache_control=storage.PUBLIC_IMMUTABLE, mimetype="image/jpeg")
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response
