"""Demo catalogue loader (``flask demo load``, order 20): 53 verified sellers in 43 districts and
412 published listings with generated pictures, from ``data/demo_catalogue.json``.

Idempotent: sellers are matched by their account email, listings by (seller, SKU); pictures are
drawn only for listings that have none. Demo seller accounts use the demo password of
``accounts.demo`` (see README).
"""
from __future__ import annotations

import datetime as dt

import hashlib
import io
import json
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from marketplace import storage
from marketplace.accounts import services
from marketplace.accounts.demo import DEMO_PASSWORD
from marketplace.accounts.models import Role, User
from marketplace.catalog.demo_images import render_listing_image
from marketplace.catalog.districts import load_districts
from marketplace.catalog.images import THUMB_EDGE, ProcessedImage, store_image
from marketplace.catalog.models import (
    Category,
    District,
    Listing,
    ListingImage,
    ListingStatus,
    PriceTier,
    Seller,
    SellerStatus,
    SellerStatusChange,
)
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.slugs import unique_slug

CATALOGUE = Path(__file__).resolve().parent / "data" / "demo_catalogue.json"
SELLER_FIELDS = ("seller_type", "enterprise_name_en", "enterprise_name_hi", "city", "address", "pin_code", "phone",
                 "udyam_number", "gstin", "story_en", "story_hi", "upi_id", "bank_account_name", "bank_ifsc",
                 "bank_account_last4", "capacity_units_per_month")
LISTING_FIELDS = ("sku", "title_en", "title_hi", "description_en", "description_hi", "price_paise", "mrp_paise",
                  "stock", "moq", "weight_g", "length_cm", "width_cm", "height_cm", "hsn_code", "gst_rate_bp",
                  "sold_count")


def _jpeg(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


def demo_picture(listing: Listing, entry: dict, craft: dict, district_name: str) -> ProcessedImage:
    """The generated picture of a demo listing, as a processed image ready to store."""
    img = render_listing_image(entry["title_en"], entry["title_hi"], f"{district_name} · {entry['category']}",
                               craft["palette"], craft["motif"], entry["sku"], entry.get("variant_en", ""))
    thumb = img.resize((THUMB_EDGE, THUMB_EDGE * img.height // img.width), Image.Resampling.BILINEAR)
    full = _jpeg(img)
    return ProcessedImage(full=full, thumb=_jpeg(thumb), width=img.width, height=img.height,
                          thumb_width=thumb.width, thumb_height=thumb.height, source_format="jpeg",
                          digest=hashlib.sha256(full).hexdigest()[:20])


def _user(email: str, name: str, locale: str, password_hash: list) -> User:
    """The demo seller's account, created with the demo password when missing. The password is
    hashed once and the hash reused: scrypt for 53 accounts would take most of the load time."""
    user = services.find_user_by_email(email)
    if user is None:
        if not password_hash:
            user = services.create_user(email, DEMO_PASSWORD, name, role=Role.SELLER, locale=locale)
            password_hash.append(user.password_hash)
        else:
            user = User(email=services.normalise_email(email), name=name, role=Role.SELLER.value, locale=locale,
                        password_hash=password_hash[0])
            db.session.add(user)
            db.session.flush()
    return user


def load_demo_catalogue(path: Path = CATALOGUE, with_images: bool = True) -> dict:
    """Create what is missing of the demo catalogue; return counts of what was created."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if db.session.scalar(select(District.id).limit(1)) is None:
        load_districts()
    districts = {d.name_en: d for d in db.session.scalars(select(District))}
    categories = {c.name_en: c for c in db.session.scalars(select(Category))}
    slugs = set(db.session.scalars(select(Listing.slug)))
    seller_slugs = set(db.session.scalars(select(Seller.slug)))
    store = storage.media()
    created = {"sellers": 0, "listings": 0, "images": 0}
    password_hash: list[str] = []
    for index, entry in enumerate(data["sellers"]):
        district = districts[entry["district"]]
        user = _user(entry["email"], entry["enterprise_name_en"], "hi" if index % 2 else "en", password_hash)
        seller = db.session.scalar(select(Seller).where(Seller.user_id == user.id))
        # the demo makers joined 6 to 12 months ago (spread by their place in the file), were
        # verified three days later and listed over the next weeks: the monitoring trends and the
        # demo order history (the last five months) then tell a believable story
        joined = utcnow() - dt.timedelta(days=180 + (index * 37) % 180, hours=index % 9)
        verified = joined + dt.timedelta(days=3)
        if seller is None:
            slug = entry["key"] if entry["key"] not in seller_slugs else unique_slug(entry["key"], seller_slugs.__contains__)
            seller_slugs.add(slug)
            seller = Seller(user_id=user.id, slug=slug, district_id=district.id, status=SellerStatus.VERIFIED.value,
                            verified_at=verified, gi_tags=", ".join(entry["gi_tags"]), created_at=joined, updated_at=verified,
                            **{k: entry[k] for k in SELLER_FIELDS})
            db.session.add(seller)
            db.session.flush()
            db.session.add(SellerStatusChange(seller_id=seller.id, from_status="", to_status=SellerStatus.PENDING.value,
                                              reason="demo data", actor_id=None, created_at=joined))
            db.session.add(SellerStatusChange(seller_id=seller.id, from_status=SellerStatus.PENDING.value,
                                              to_status=SellerStatus.VERIFIED.value, reason="demo data", actor_id=None,
                                              created_at=verified))
            created["sellers"] += 1
        existing = {l.sku: l for l in db.session.scalars(select(Listing).where(Listing.seller_id == seller.id))}
        for number, item in enumerate(entry["listings"]):
            listing = existing.get(item["sku"])
            listed = verified + dt.timedelta(days=1 + 3 * number)
            if listing is None:
                slug = unique_slug(item["title_en"], slugs.__contains__, "product")
                slugs.add(slug)
                listing = Listing(seller_id=seller.id, slug=slug, category_id=categories[item["category"]].id,
                                  status=ListingStatus.PUBLISHED.value, published_at=listed, created_at=listed,
                                  updated_at=listed, **{k: item[k] for k in LISTING_FIELDS})
                listing.price_tiers = [PriceTier(min_quantity=q, price_paise=p) for q, p in item["tiers"]]
                db.session.add(listing)
                db.session.flush()
                created["listings"] += 1
            if with_images and not listing.images:
                picture = demo_picture(listing, item, data["crafts"][item["category"]], district.name_en)
                stored = store_image(picture, store, f"listings/{listing.id}")
                listing.images.append(ListingImage(position=0, path=stored.path, thumb_path=stored.thumb_path,
                                                   width=stored.width, height=stored.height))
                created["images"] += 1
        db.session.commit()
    return created
