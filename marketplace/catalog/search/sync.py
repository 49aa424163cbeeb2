"""Glue between the catalog tables and the search index.

- ``listing_docs(ids)``: the current state of listings as ``SearchDoc`` (or None when gone).
- ``public_docs()``: every listing, streamed, for a full rebuild.
- ``get_index(app)``: the app's ``SearchIndex`` (one per process), loader bound to the app.
- ``watch_commits()``: SQLAlchemy session events that queue the ids of listings touched by a
  commit (a listing created, edited, archived, its stock changed, its seller verified or not, its
  photos, tiers, category or district renamed) and kick the single writer after the commit.
"""
from __future__ import annotations

import logging
from typing import Iterable, Iterator

from flask import current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session, selectinload

from marketplace.catalog.models import (
    Category,
    District,
    Listing,
    ListingImage,
    ListingStatus,
    PriceTier,
    Seller,
    SellerStatus,
)
from marketplace import page_cache
from marketplace.extensions import db

from .index import SearchIndex
from .schema import SearchDoc

log = logging.getLogger(__name__)
EXT_KEY = "odop_search"


def _options():
    return (
        selectinload(Listing.seller).selectinload(Seller.district),
        selectinload(Listing.category),
        selectinload(Listing.images),
    )


def to_doc(listing: Listing) -> SearchDoc:
    """The search view of one listing (its seller, district, category and images loaded)."""
    seller = listing.seller
    district = seller.district
    image = listing.images[0].thumb_path if listing.images else None
    return SearchDoc(
        id=listing.id,
        slug=listing.slug,
        title_en=listing.title_en or "",
        title_hi=listing.title_hi or "",
        description_en=listing.description_en or "",
        description_hi=listing.description_hi or "",
        category_slug=listing.category.slug,
        category_en=listing.category.name_en,
        category_hi=listing.category.name_hi,
        district_slug=district.slug,
        district_en=district.name_en,
        district_hi=district.name_hi,
        seller_type=seller.seller_type or "",
        seller_name_en=seller.enterprise_name_en or "",
        seller_name_hi=seller.enterprise_name_hi or "",
        gi_tags=[t.strip() for t in (seller.gi_tags or "").split(",") if t.strip()],
        price_paise=listing.price_paise,
        mrp_paise=listing.mrp_paise,
        is_public=listing.status == ListingStatus.PUBLISHED and seller.status == SellerStatus.VERIFIED,
        in_stock=(listing.stock or 0) > 0,
        popularity=listing.sold_count or 0,
        created_at=listing.published_at or listing.created_at,
        is_odop=listing.category_id == district.odop_category_id,
        image=image,
    )


def listing_docs(ids: list[int]) -> dict[int, SearchDoc | None]:
    """Current documents for ``ids`` (None for a listing that no longer exists).

    Uses its own session on the engine, so it is safe inside an ``after_commit`` hook and in
    the writer's background thread. Needs an app context.
    """
    out: dict[int, SearchDoc | None] = {i: None for i in ids}
    with Session(db.engine) as session:
        for listing in session.scalars(select(Listing).where(Listing.id.in_(ids)).options(*_options())):
            out[listing.id] = to_doc(listing)
    return out


def public_docs(batch: int = 500) -> Iterator[SearchDoc]:
    """Every published listing of a verified seller, streamed in id order (needs an app context)."""
    with Session(db.engine) as session:
        last = 0
        while True:
            rows = session.scalars(
                select(Listing)
                .join(Listing.seller)
                .where(Listing.id > last, Listing.status == ListingStatus.PUBLISHED,
                       Seller.status == SellerStatus.VERIFIED)
                .order_by(Listing.id)
                .limit(batch)
                .options(*_options())
            ).all()
            if not rows:
                return
            for listing in rows:
                yield to_doc(listing)
            last = rows[-1].id
            session.expunge_all()


def get_index(app=None) -> SearchIndex:
    """The app's search index (created on first use, one per process and app)."""
    app = app or current_app._get_current_object()
    ix = app.extensions.get(EXT_KEY)
    if ix is None:
        kick = app.config.get("SEARCH_KICK") or ("inline" if app.testing else "thread")

        def loader(ids: list[int]) -> dict[int, SearchDoc | None]:
            with app.app_context():
                return listing_docs(ids)

        def applied(_ids: list[int]) -> None:
            # A cached search page rendered between the commit and this write would be stale.
            with app.app_context():
                page_cache.catalog_changed()

        ix = SearchIndex(app.config["SEARCH_INDEX_DIR"], loader=loader, kick=kick, on_applied=applied)
        app.extensions[EXT_KEY] = ix
    return ix


def rebuild(app=None) -> int:
    """Rebuild the index from the database and swap it in; returns the listings indexed."""
    app = app or current_app._get_current_object()
    with app.app_context():
        return get_index(app).rebuild(public_docs())


# --------------------------------------------------------------------------- commit hooks

_IDS = "search_listing_ids"


def _touched_listing_ids(session: Session) -> set[int]:
    ids: set[int] = set()
    seller_ids, category_ids, district_ids = set(), set(), set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Listing):
            if obj.id is not None:
                ids.add(obj.id)
        elif isinstance(obj, (ListingImage, PriceTier)):
            if obj.listing_id is not None:
                ids.add(obj.listing_id)
        elif isinstance(obj, Seller):
            if obj.id is not None:
                seller_ids.add(obj.id)
        elif isinstance(obj, Category):
            category_ids.add(obj.id)
        elif isinstance(obj, District):
            district_ids.add(obj.id)
    if seller_ids:
        ids.update(session.scalars(select(Listing.id).where(Listing.seller_id.in_(seller_ids))))
    if category_ids:
        ids.update(session.scalars(select(Listing.id).where(Listing.category_id.in_(category_ids))))
    if district_ids:
        ids.update(session.scalars(
            select(Listing.id).join(Listing.seller).where(Seller.district_id.in_(district_ids))
        ))
    return ids


_watching = False


def watch_commits() -> None:
    """Register the session hooks (global to SQLAlchemy, so only once per process)."""
    global _watching
    if _watching:
        return
    _watching = True

    @event.listens_for(Session, "before_flush")
    def _before_flush(session, _ctx, _instances):
        # deleted objects still have their ids here; after the flush they are gone
        ids = {o.id for o in session.deleted if isinstance(o, Listing) and o.id is not None}
        if ids:
            session.info.setdefault(_IDS, set()).update(ids)

    @event.listens_for(Session, "after_flush")
    def _after_flush(session, _ctx):
        if not (session.new or session.dirty or session.deleted):
            return
        ids = _touched_listing_ids(session)
        if ids:
            session.info.setdefault(_IDS, set()).update(ids)

    @event.listens_for(Session, "after_commit")
    def _after_commit(session):
        ids = session.info.pop(_IDS, None)
        if not ids or not has_app_context():
            return
        app = current_app._get_current_object()
        if EXT_KEY not in app.extensions and not app.config.get("SEARCH_INDEX_DIR"):
            return
        try:
            get_index(app).notify(sorted(ids))
        except Exception:  # noqa: BLE001 - the commit already happened; the rows stay queued
            log.exception("search: could not queue listings %s", sorted(ids)[:20])

    @event.listens_for(Session, "after_rollback")
    def _after_rollback(session):
        session.info.pop(_IDS, None)


def queue_all(app=None) -> int:
    """Queue every listing id (e.g. after bulk SQL that bypassed the session hooks)."""
    with Session(db.engine) as session:
        ids: Iterable[int] = session.scalars(select(Listing.id)).all()
    return get_index(app).enqueue(ids)
