"""A seller's listings: create, edit, duplicate, archive, quick stock edits, photos, CSV import.

Every function takes the acting seller's id and refuses (NotFound) a listing of another seller,
so a seller can never see or change somebody else's drafts. Each function that changes data is
one unit of work: it commits on success and rolls back before re-raising.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from marketplace.catalog.bulk_import import ParsedCsv, RowError, parse_listing_csv
from marketplace.catalog.errors import CatalogError, NotFound
from marketplace.catalog.images import StoredImage, delete_stored, process_image, store_image
from marketplace.catalog.listing_rules import MAX_STOCK, STOCK_MESSAGE, ListingData, ListingInvalid, category_key
from marketplace.catalog.models import Category, Listing, ListingImage, ListingStatus, PriceTier, Seller
from marketplace.database import utcnow
from marketplace import storage
from marketplace.extensions import db
from marketplace.slugs import unique_slug
from marketplace.transaction import committed

MAX_PHOTOS = 8


class ProfileRequired(CatalogError):
    code = "profile_required"
    default_message = _l("Complete your seller profile before adding products.")


class TooManyPhotos(CatalogError):
    code = "too_many_photos"


def category_lookup() -> dict[str, int]:
    """Lower-cased category names (English and Hindi) and slugs → category id, for CSV and API."""
    lookup: dict[str, int] = {}
    for category in db.session.scalars(select(Category)):
        for key in (category.name_en, category.name_hi, category.slug):
            if key:
                lookup[key.strip().lower()] = category.id
                lookup[category_key(key)] = category.id
    return lookup


def seller_of_user(user_id: int) -> Seller:
    """The seller profile of a signed-in seller; raises ProfileRequired when there is none."""
    seller = db.session.scalar(select(Seller).where(Seller.user_id == user_id))
    if seller is None:
        raise ProfileRequired()
    return seller


def own_listings_query(seller_id: int, status: str | None = None):
    """SELECT of the seller's own listings (all statuses unless ``status``), newest first."""
    query = select(Listing).where(Listing.seller_id == seller_id)
    if status:
        query = query.where(Listing.status == status)
    return query.order_by(Listing.updated_at.desc(), Listing.id.desc())


def get_own_listing(seller_id: int, listing_id: int, *, lock: bool = False) -> Listing:
    """The listing if it belongs to ``seller_id``; otherwise NotFound (never "forbidden")."""
    query = select(Listing).where(Listing.id == listing_id, Listing.seller_id == seller_id)
    if lock:
        query = query.with_for_update()
    listing = db.session.scalar(query)
    if listing is None:
        raise NotFound()
    return listing


def _slug_taken(slug: str) -> bool:
    return db.session.scalar(select(Listing.id).where(Listing.slug == slug)) is not None


def _sku_taken(seller_id: int, sku: str, except_id: int | None = None) -> bool:
    query = select(Listing.id).where(Listing.seller_id == seller_id, func.lower(Listing.sku) == sku.lower())
    if except_id:
        query = query.where(Listing.id != except_id)
    return db.session.scalar(query) is not None


LISTING_FIELDS = ("sku", "title_en", "title_hi", "description_en", "description_hi", "category_id", "price_paise",
                  "mrp_paise", "stock", "moq", "weight_g", "length_cm", "width_cm", "height_cm", "hsn_code",
                  "gst_rate_bp", "status", "returnable", "return_window_days", "return_condition")


def _apply(listing: Listing, data: ListingData, now, fields: tuple[str, ...] = LISTING_FIELDS) -> None:
    for name in fields:
        setattr(listing, name, getattr(data, name))
    if listing.status == ListingStatus.PUBLISHED and listing.published_at is None:
        listing.published_at = now
    listing.updated_at = now


def _set_tiers(listing: Listing, tiers) -> None:
    wanted = {q: p for q, p in tiers}
    for tier in list(listing.price_tiers):
        if tier.min_quantity not in wanted:
            listing.price_tiers.remove(tier)
        else:
            tier.price_paise = wanted.pop(tier.min_quantity)
    for qty, paise in wanted.items():
        listing.price_tiers.append(PriceTier(min_quantity=qty, price_paise=paise))


@contextmanager
def _saving(sku: str) -> Iterator[None]:
    """One unit of work (``committed``) that reports a concurrent save taking the SKU or the slug
    as the seller's SKU being already used."""
    try:
        with committed():
            yield
    except IntegrityError:
        raise ListingInvalid({"sku": _l("You already have a product with SKU %(sku)s.", sku=sku)}) from None


def _process_all(files) -> list:
    """Decode and check every photo before anything is written (all or none)."""
    processed = []
    for name, data in files:
        if not data:
            continue
        try:
            processed.append(process_image(data))
        except CatalogError as exc:
            exc.message = _l("%(file)s: %(reason)s", file=name or "?", reason=exc.message)
            raise
    return processed


def _put_all(listing_id: int, processed) -> list[StoredImage]:
    """Put the checked photos in the photos' storage under ``listings/<id>/``. Where the listing
    already exists this runs before its row is locked, so a slow bucket holds no lock (checkout
    locks the same row for stock). Raises PhotoNotSaved."""
    store = storage.media()
    return [store_image(image, store, f"listings/{listing_id}") for image in processed]


def _attach(listing: Listing, stored: list[StoredImage]) -> list[ListingImage]:
    """Image rows for stored photos, after the listing's existing ones."""
    position = max((i.position for i in listing.images), default=-1) + 1
    added = []
    for photo in stored:
        row = ListingImage(position=position, path=photo.path, thumb_path=photo.thumb_path,
                           width=photo.width, height=photo.height)
        listing.images.append(row)
        added.append(row)
        position += 1
    return added


def create_listing(seller_id: int, data: ListingData, photos: list[tuple[str, bytes]] = ()) -> Listing:
    """Add a listing for the seller, with up to 8 photos (file name, bytes). The slug comes from
    the title (Hindi is romanised) and never changes afterwards. Photos are all checked before
    anything is saved. Raises ListingInvalid (SKU already used by this seller), InvalidImage,
    TooManyPhotos, NotFound."""
    if db.session.get(Seller, seller_id) is None:
        raise NotFound()
    photos = [p for p in photos if p[1]]
    if len(photos) > MAX_PHOTOS:
        raise TooManyPhotos(_l("A product can have at most %(n)s photos; remove some first.", n=MAX_PHOTOS))
    processed = _process_all(photos)
    with _saving(data.sku):
        if _sku_taken(seller_id, data.sku):
            raise ListingInvalid({"sku": _l("You already have a product with SKU %(sku)s.", sku=data.sku)})
        now = utcnow()
        listing = Listing(seller_id=seller_id, slug=unique_slug(data.title_en or data.title_hi, _slug_taken, "product"),
                          created_at=now, sold_count=0)
        _apply(listing, data, now)
        _set_tiers(listing, data.tiers)
        db.session.add(listing)
        db.session.flush()
        _attach(listing, _put_all(listing.id, processed))  # the id names the folder: inside the unit of work
    return listing


def update_listing(seller_id: int, listing_id: int, data: ListingData,
                   photos: list[tuple[str, bytes]] = ()) -> Listing:
    """Save the seller's changes to their own listing (slug kept), adding any new photos.
    Raises NotFound, ListingInvalid, InvalidImage, TooManyPhotos; on any error nothing changes."""
    photos = [p for p in photos if p[1]]
    stored: list[StoredImage] = []
    if photos:
        current = get_own_listing(seller_id, listing_id)
        if len(current.images) + len(photos) > MAX_PHOTOS:
            raise TooManyPhotos(_l("A product can have at most %(n)s photos; remove some first.", n=MAX_PHOTOS))
        stored = _put_all(current.id, _process_all(photos))
        db.session.rollback()  # end the read: the unit of work below reads the listing afresh, locked
    with _saving(data.sku):
        listing = get_own_listing(seller_id, listing_id, lock=True)
        if len(listing.images) + len(stored) > MAX_PHOTOS:
            raise TooManyPhotos(_l("A product can have at most %(n)s photos; remove some first.", n=MAX_PHOTOS))
        if _sku_taken(seller_id, data.sku, except_id=listing.id):
            raise ListingInvalid({"sku": _l("You already have a product with SKU %(sku)s.", sku=data.sku)})
        _apply(listing, data, utcnow())
        _set_tiers(listing, data.tiers)
        _attach(listing, stored)
    return listing


def duplicate_listing(seller_id: int, listing_id: int) -> Listing:
    """Copy one of the seller's listings as a new draft ("<SKU>-COPY", "-COPY-2", ...), with the
    same price tiers and photos (the files are shared: they are content-addressed). Raises NotFound."""
    with committed():
        source = get_own_listing(seller_id, listing_id)
        base, n = f"{source.sku}-COPY"[:64], 1
        sku = base
        while _sku_taken(seller_id, sku):
            n += 1
            sku = f"{source.sku}-COPY-{n}"[:64]
        now = utcnow()
        copy = Listing(seller_id=seller_id, slug=unique_slug(source.title_en or source.title_hi, _slug_taken, "product"),
                       created_at=now, updated_at=now, sold_count=0, status=ListingStatus.DRAFT.value, sku=sku)
        for name in ("title_en", "title_hi", "description_en", "description_hi", "category_id", "price_paise",
                     "mrp_paise", "stock", "moq", "weight_g", "length_cm", "width_cm", "height_cm", "hsn_code",
                     "gst_rate_bp", "returnable", "return_window_days", "return_condition"):
            setattr(copy, name, getattr(source, name))
        copy.price_tiers = [PriceTier(min_quantity=t.min_quantity, price_paise=t.price_paise) for t in source.price_tiers]
        copy.images = [ListingImage(position=i.position, path=i.path, thumb_path=i.thumb_path, width=i.width,
                                    height=i.height) for i in source.images]
        db.session.add(copy)
    return copy


def set_status(seller_id: int, listing_id: int, status: str) -> Listing:
    """Publish, unpublish (draft) or archive one of the seller's listings. Raises NotFound,
    CatalogError ``bad_status``."""
    if status not in {s.value for s in ListingStatus}:
        raise CatalogError(_l("Unknown status."), "bad_status")
    with committed():
        listing = get_own_listing(seller_id, listing_id, lock=True)
        listing.status = status
        now = utcnow()
        if status == ListingStatus.PUBLISHED and listing.published_at is None:
            listing.published_at = now
        listing.updated_at = now
    return listing


def archive_listing(seller_id: int, listing_id: int) -> Listing:
    """Take a listing off sale for good (it stays in old orders). Raises NotFound."""
    return set_status(seller_id, listing_id, ListingStatus.ARCHIVED.value)


def set_stock(seller_id: int, listing_id: int, stock: int) -> Listing:
    """Quick stock edit from the dashboard: units available now (0 or more). The row is locked so
    an order being placed at the same moment is not lost. Raises NotFound, CatalogError ``bad_stock``."""
    if not isinstance(stock, int) or isinstance(stock, bool) or not 0 <= stock <= MAX_STOCK:
        raise CatalogError(STOCK_MESSAGE, "bad_stock")
    with committed():
        listing = get_own_listing(seller_id, listing_id, lock=True)
        listing.stock = stock
        listing.updated_at = utcnow()
    return listing


def add_photos(seller_id: int, listing_id: int, files: list[tuple[str, bytes]]) -> list[ListingImage]:
    """Check every uploaded photo first, then store them all (or none) after the existing ones.

    ``files`` are (file name, bytes). Raises NotFound, TooManyPhotos (more than 8 in all),
    InvalidImage naming the file (wrong type by content, over 5 MB, unreadable, too many pixels).
    """
    listing = get_own_listing(seller_id, listing_id)
    files = [(name, data) for name, data in files if data]
    if len(listing.images) + len(files) > MAX_PHOTOS:
        raise TooManyPhotos(_l("A product can have at most %(n)s photos; remove some first.", n=MAX_PHOTOS))
    stored = _put_all(listing.id, _process_all(files))  # before the unit of work: a slow bucket holds nothing
    with committed():
        added = _attach(listing, stored)
        listing.updated_at = utcnow()
    return added


def remove_photo(seller_id: int, listing_id: int, image_id: int) -> None:
    """Delete one photo of the seller's listing; the file goes when no other listing uses it.
    Raises NotFound."""
    with committed():
        listing = get_own_listing(seller_id, listing_id)
        image = db.session.scalar(select(ListingImage).where(ListingImage.id == image_id,
                                                             ListingImage.listing_id == listing.id))
        if image is None:
            raise NotFound()
        paths = (image.path, image.thumb_path)
        db.session.delete(image)
        db.session.flush()
        shared = db.session.scalar(select(func.count()).select_from(ListingImage).where(ListingImage.path == paths[0]))
    if not shared:
        delete_stored(storage.media(), *paths)


def _update_conflict(listing: Listing, row: ListingData, fields: tuple[str, ...]) -> tuple | None:
    """Reasons why updating ``listing`` with the ``fields`` of ``row`` would leave it inconsistent
    with the values it keeps (MRP below the new price, bulk tiers no longer above the MOQ and
    below the price), or None."""
    value = lambda name: getattr(row, name) if name in fields else getattr(listing, name)  # noqa: E731
    price, mrp, moq = value("price_paise"), value("mrp_paise"), value("moq")
    reasons = []
    if mrp is not None and mrp < price:
        reasons.append(("mrp_inr", _l("MRP cannot be lower than the price.")))
    last_qty, last_price = moq, price
    for tier in sorted(listing.price_tiers, key=lambda t: t.min_quantity):
        if tier.min_quantity <= last_qty or not 0 < tier.price_paise < last_price:
            reasons.append(("price_inr", _l(
                "Bulk prices must start above the minimum order and get cheaper as the quantity grows.")))
            break
        last_qty, last_price = tier.min_quantity, tier.price_paise
    return tuple(reasons) or None


@dataclass
class ImportReport:
    """What a CSV import did: counts, and the bad rows with their lines and reasons."""

    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False

    @property
    def total_good(self) -> int:
        return self.created + self.updated


def import_listings(seller_id: int, data: bytes | str, *, skip_bad: bool = False) -> ImportReport:
    """Import a listings CSV for the seller in one transaction.

    Every row is checked first (see ``bulk_import.parse_listing_csv``). With any bad row, nothing
    is changed unless ``skip_bad`` is set, in which case the good rows are imported and the bad
    ones reported. A row whose SKU the seller already has updates that listing, but only the
    columns present in the file's header (a column left out keeps its stored value; its slug,
    photos and price tiers stay); an update that would leave the MRP below the price or the
    stored bulk prices out of order is a bad row. A new SKU creates a listing. Raises CsvFileError (file unreadable,
    unknown columns), NotFound (no such seller).
    """
    if db.session.get(Seller, seller_id) is None:
        raise NotFound()
    parsed: ParsedCsv = parse_listing_csv(data, category_lookup())
    report = ImportReport(errors=list(parsed.errors))
    if parsed.errors and not skip_bad:
        return report
    fields = parsed.update_fields
    with committed():
        existing = {l.sku.lower(): l for l in db.session.scalars(
            select(Listing).where(Listing.seller_id == seller_id).options(selectinload(Listing.price_tiers)))}
        rows = []
        for line, row in parsed.rows:
            listing = existing.get(row.sku.lower())
            conflict = _update_conflict(listing, row, fields) if listing is not None else None
            if conflict:
                report.errors.append(RowError(line, row.sku, conflict))
            else:
                rows.append(row)
        if report.errors and not skip_bad:
            db.session.rollback()
            report.errors.sort(key=lambda e: e.line)
            return report
        report.errors.sort(key=lambda e: e.line)
        slugs: set[str] | None = None
        now = utcnow()
        for row in rows:
            listing = existing.get(row.sku.lower())
            if listing is not None:
                _apply(listing, row, now, fields)
                report.updated += 1
                continue
            if slugs is None:  # only needed when something is new; one query, not one per row
                slugs = set(db.session.scalars(select(Listing.slug)))
            slug = unique_slug(row.title_en or row.title_hi, slugs.__contains__, "product")
            slugs.add(slug)
            listing = Listing(seller_id=seller_id, slug=slug, created_at=now, sold_count=0)
            _apply(listing, row, now)
            db.session.add(listing)
            existing[row.sku.lower()] = listing
            report.created += 1
    report.applied = True
    return report
