"""Glue between the catalog tables, the change feed and the search index.

- ``listing_docs(ids)``: the current state of listings as ``SearchDoc`` (or None when gone).
- ``public_docs()``: every listing, streamed, for a full rebuild.
- ``watch_commits()``: SQLAlchemy session events that write a feed row (``search_changes``) for
  every listing a flush touched (a listing created, edited, archived, its stock changed, its
  seller verified or not, its photos, tiers, category or district renamed), in the same
  transaction; a NULL row when catalogue pages changed but no listing did.
- ``record_changes(ids, pages=True)``: the same rows, for bulk SQL the hooks cannot see
  (``pages=False``: a change no cached page shows, e.g. stock that stays "In stock");
  ``queue_all()``.
- ``get_index(app)``: the app's ``SearchIndex`` (one per process), following ``DatabaseFeed``.
- ``follow_once(app)``, ``start_follower(app)``, ``run_follower(app, stop)``: apply the feed.
- ``catalog_version()``: the page cache's version of the catalogue (only the ``pages`` rows move
  it); ``feed_head()``, ``pages_head()``, ``replica_lag()``, ``prune_feed()``.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from typing import Iterable, Iterator

from flask import current_app, has_app_context
from sqlalchemy import delete, event, func, insert, or_, select
from sqlalchemy.orm import Session, selectinload

from marketplace.catalog.models import (
    Category,
    District,
    Division,
    Listing,
    ListingImage,
    ListingStatus,
    PriceTier,
    Review,
    Seller,
    SellerStatus,
)
from marketplace import page_cache
from marketplace.catalog.reviews import Rating, ratings_for
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.transaction import committed

from .index import GAP_SECONDS, SearchIndex
from .models import SearchChange
from .schema import SearchDoc

log = logging.getLogger(__name__)
EXT_KEY = "odop_search"


def _options():
    return (
        selectinload(Listing.seller).selectinload(Seller.district),
        selectinload(Listing.category),
        selectinload(Listing.images),
    )


def to_doc(listing: Listing, rating: Rating | None = None) -> SearchDoc:
    """The search view of one listing (its seller, district, category and images loaded) with
    its ``rating`` over visible reviews (``catalog.reviews.ratings_for``; none: not rated)."""
    rating = rating or Rating()
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
        rating_x100=rating.x100,
        rating_avg=str(rating.average) if rating.count else "",
        review_count=rating.count,
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
        ratings = ratings_for(ids, session)
        for listing in session.scalars(select(Listing).where(Listing.id.in_(ids)).options(*_options())):
            out[listing.id] = to_doc(listing, ratings.get(listing.id))
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
            ratings = ratings_for([listing.id for listing in rows], session)
            for listing in rows:
                yield to_doc(listing, ratings.get(listing.id))
            last = rows[-1].id
            session.expunge_all()


# --------------------------------------------------------------------------- the change feed

#: session.info key: this transaction wrote feed rows (announced after the commit)
_WROTE = "search_feed_written"
#: session.info key: ... and at least one of them is a change cached pages show
_WROTE_PAGES = "search_feed_pages_written"
#: catalogue rows that change pages without being a listing's search document
_PAGE_ONLY = (Division,)


def record_changes(listing_ids: Iterable[int | None], session: Session | None = None, pages: bool = True) -> int:
    """Write feed rows for ``listing_ids`` (None: "pages changed, no listing") in ``session``'s
    current transaction (default ``db.session``), so they commit or roll back with the change.

    For bulk SQL that bypasses the ORM's flush hooks (``orders.stock_events``). ``pages=False``:
    the change shows on no cached page (the search index still applies it, but the page cache's
    version does not move and Redis is not told). Returns the rows written. Never commits.
    """
    session = session if session is not None else db.session
    now = utcnow()
    rows = [{"listing_id": i, "created_at": now, "pages": pages} for i in dict.fromkeys(listing_ids)]
    if not rows:
        return 0
    # Core on the session's connection: no ORM objects, so no flush (the hook calls this
    # from inside one) and nothing to recurse into.
    session.connection().execute(insert(SearchChange.__table__), rows)
    session.info[_WROTE] = True
    if pages:
        session.info[_WROTE_PAGES] = True
    return len(rows)


def _touched(session: Session) -> tuple[set[int], bool]:
    """Listing ids a flush touched, and whether any catalogue row did."""
    ids: set[int] = set()
    seller_ids, category_ids, district_ids = set(), set(), set()
    pages = False
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Listing):
            if obj.id is not None:
                ids.add(obj.id)
        elif isinstance(obj, Review):
            # a review written, edited, answered, voted on, hidden or shown again: the listing's
            # rating (search sort) and its product and seller pages change
            if obj.listing_id is not None:
                ids.add(obj.listing_id)
        elif isinstance(obj, (ListingImage, PriceTier)):
            if obj.listing_id is not None:
                ids.add(obj.listing_id)
            pages = True
        elif isinstance(obj, Seller):
            if obj.id is not None:
                seller_ids.add(obj.id)
            pages = True
        elif isinstance(obj, Category):
            category_ids.add(obj.id)
            pages = True
        elif isinstance(obj, District):
            district_ids.add(obj.id)
            pages = True
        elif isinstance(obj, _PAGE_ONLY):
            pages = True
    if seller_ids:
        ids.update(session.scalars(select(Listing.id).where(Listing.seller_id.in_(seller_ids))))
    if category_ids:
        ids.update(session.scalars(select(Listing.id).where(Listing.category_id.in_(category_ids))))
    if district_ids:
        ids.update(session.scalars(
            select(Listing.id).join(Listing.seller).where(Seller.district_id.in_(district_ids))
        ))
    return ids, pages or bool(ids)


_watching = False


def watch_commits() -> None:
    """Register the session hooks (global to SQLAlchemy, so only once per process)."""
    global _watching
    if _watching:
        return
    _watching = True

    @event.listens_for(Session, "before_flush")
    def _before_flush(session, _ctx, _instances):
        # deleted listings still have their ids here; after the flush they may be gone
        ids = {o.id for o in session.deleted if isinstance(o, Listing) and o.id is not None}
        if ids:
            session.info.setdefault("search_deleted_ids", set()).update(ids)

    @event.listens_for(Session, "after_flush")
    def _after_flush(session, _ctx):
        deleted = session.info.pop("search_deleted_ids", set())
        if not (session.new or session.dirty or session.deleted or deleted):
            return
        ids, pages = _touched(session)
        ids |= deleted
        if ids:
            record_changes(sorted(ids), session)
        elif pages:
            record_changes([None], session)

    @event.listens_for(Session, "after_commit")
    def _after_commit(session):
        pages = session.info.pop(_WROTE_PAGES, False)
        if session.info.pop(_WROTE, False) and has_app_context():
            _announce(current_app._get_current_object(), pages)


def _announce(app, pages: bool = True) -> None:
    """After a commit that wrote feed rows: if one is a change pages show, tell Redis (other
    nodes' page caches) and this process's page cache; wake this process's follower, and in
    ``SEARCH_FOLLOW = "commit"`` apply the feed right here."""
    if pages:
        client = _redis(app)
        if client is not None:
            try:
                client.incr(VERSION_KEY)
            except Exception:  # noqa: BLE001 - the commit happened; pages follow the index instead
                log.warning("search: could not bump the catalogue version in Redis", exc_info=True)
        page_cache.version_changed()
    _wake_follower(app)
    if app.config.get("SEARCH_FOLLOW") == "commit":
        try:
            follow_once(app, wait=True)
        except Exception:  # noqa: BLE001 - the rows stay in the feed for the next follow
            log.exception("search: could not apply the feed after a commit")


def queue_all(app=None) -> int:
    """Write a feed row for every listing (e.g. after bulk SQL that bypassed the session hooks);
    commits. Returns the rows written."""
    with committed():
        ids = db.session.scalars(select(Listing.id).order_by(Listing.id)).all()
        return record_changes(ids) if ids else record_changes([None])


class DatabaseFeed:
    """``index.Feed`` over the ``search_changes`` table (each call its own connection)."""

    def __init__(self, app):
        self.app = app

    def bounds(self):
        with self.app.app_context(), db.engine.connect() as conn:
            lo, hi = conn.execute(select(func.min(SearchChange.seq), func.max(SearchChange.seq))).one()
        return lo, hi

    def read(self, after, gaps, limit, upto=None):
        seq = SearchChange.seq
        newer = seq > after if upto is None else seq.between(after + 1, upto)
        where = or_(newer, *(seq.between(lo, hi) for lo, hi in gaps))
        with self.app.app_context(), db.engine.connect() as conn:
            rows = conn.execute(select(seq, SearchChange.listing_id, SearchChange.pages)
                                .where(where).order_by(seq).limit(limit)).all()
        return [(int(s), i, bool(p)) for s, i, p in rows]


def get_index(app=None) -> SearchIndex:
    """The app's search index (created on first use, one per process and app)."""
    app = app or current_app._get_current_object()
    ix = app.extensions.get(EXT_KEY)
    if ix is None:

        def loader(ids: list[int]) -> dict[int, SearchDoc | None]:
            with app.app_context():
                return listing_docs(ids)

        def docs() -> Iterator[SearchDoc]:
            with app.app_context():
                yield from public_docs()

        ix = SearchIndex(app.config["SEARCH_INDEX_DIR"], loader=loader, feed=DatabaseFeed(app), docs=docs,
                         gap_seconds=float(app.config.get("SEARCH_FEED_GAP_SECONDS", GAP_SECONDS)))
        app.extensions[EXT_KEY] = ix
    return ix


def rebuild(app=None) -> int:
    """Rebuild the index from the database and swap it in; returns the listings indexed."""
    app = app or current_app._get_current_object()
    ix = get_index(app)
    return ix.rebuild(ix.docs)


# --------------------------------------------------------------------------- the follower

def follow_once(app=None, wait: bool = False) -> int:
    """Apply the feed to this node's index once, if this process gets the writer lock (``wait``:
    wait for it up to 10 s, as tests do). Returns the feed rows applied."""
    app = app or current_app._get_current_object()
    with app.app_context():
        return get_index(app).follow(blocking=wait)


def run_follower(app, stop: threading.Event, on_applied=None, wake: threading.Event | None = None) -> None:
    """Follow the feed until ``stop`` is set, every ``SEARCH_FOLLOW_INTERVAL`` seconds or as soon
    as ``wake`` is set (this process committed a change); an error is logged and tried again at
    the next poll (the rows stay in the feed)."""
    interval = float(app.config.get("SEARCH_FOLLOW_INTERVAL", 0.25))
    wake = wake or stop
    failures = 0
    while not stop.is_set():
        try:
            n = follow_once(app)
            if n and on_applied is not None:
                on_applied(n)
        except Exception as exc:  # noqa: BLE001 - a follower must keep following
            failures += 1
            # The database away, say: the whole story once, then one line per try, and tries
            # further apart (up to 30 s) so an outage does not fill the log.
            if failures == 1:
                log.exception("search: following the feed failed; trying again")
            else:
                log.warning("search: following the feed failed again (%s, %d in a row)", type(exc).__name__, failures)
            stop.wait(min(30.0, interval * 10 * 2 ** min(failures - 1, 8)))
        else:
            if failures:
                log.info("search: following the feed again after %d failed tries", failures)
            failures = 0
        wake.wait(interval)
        if wake is not stop:
            wake.clear()


_FOLLOWER = "odop_search_follower"


def start_follower(app) -> threading.Thread:
    """Start this process's follower thread for ``app`` unless it runs (after a fork too)."""
    state = app.extensions.get(_FOLLOWER)
    if state is not None and state[0] == os.getpid() and state[2].is_alive():
        return state[2]
    stop, wake = threading.Event(), threading.Event()
    thread = threading.Thread(target=run_follower, args=(app, stop, None, wake), name="search-follower", daemon=True)
    app.extensions[_FOLLOWER] = (os.getpid(), stop, thread, wake)
    thread.start()
    return thread


def stop_follower(app, timeout: float = 5.0) -> None:
    """Stop the follower thread of ``app`` started by ``start_follower`` (tests)."""
    state = app.extensions.pop(_FOLLOWER, None)
    if state is not None:
        state[1].set()
        state[3].set()
        state[2].join(timeout)


def _wake_follower(app) -> None:
    """Let this process's follower thread apply a commit of its own now, not at its next poll."""
    state = app.extensions.get(_FOLLOWER)
    if state is not None and state[0] == os.getpid():
        state[3].set()


def follower_on_first_request(app) -> None:
    """``SEARCH_FOLLOW = "thread"``: each web process starts its follower with its first request
    (not at import: CLI commands such as ``flask db upgrade`` must not start one, and a process
    forked by gunicorn starts its own)."""

    def _start():
        state = app.extensions.get(_FOLLOWER)
        if (state is None or state[0] != os.getpid()) and app.config.get("SEARCH_FOLLOW") == "thread":
            start_follower(app)

    app.before_request(_start)


# --------------------------------------------------------------------------- versions, lag, pruning

#: Redis key counting catalogue commits (when ``REDIS_URL`` is set)
VERSION_KEY = "odop:catalog:version"
_REDIS = "odop_search_redis"


def _redis(app):
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    client = app.extensions.get(_REDIS)
    if client is None:
        import redis  # only where REDIS_URL is set: the development setup has no Redis

        client = app.extensions[_REDIS] = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
    return client


def feed_head() -> int:
    """The highest ``seq`` in the feed (0 when empty). Needs an app context."""
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.max(SearchChange.seq))).scalar() or 0)


def pages_head() -> int:
    """The highest ``seq`` of a change cached pages show (0 when none). Needs an app context."""
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.max(SearchChange.seq)).where(SearchChange.pages.is_(True))).scalar() or 0)


def catalog_version() -> tuple:
    """The page cache's version of the catalogue (registered with ``page_cache``): the catalogue's
    head (the Redis counter every commit with a ``pages`` row bumps, or ``pages_head()``) and this
    node's index position in the ``pages`` rows (``FeedState.pages_position``).

    Why both: a page rendered on a node whose index lags is never kept as current once the index
    catches up (its position is in the version), and on PostgreSQL a transaction that commits
    after a later one does not move the head, but its row moves the position when applied.
    Rows with ``pages`` false (stock that stays "In stock", popularity) move neither: a checkout
    empties no cached page unless the stock state a page shows changes.
    """
    app = current_app._get_current_object()
    head = None
    client = _redis(app)
    if client is not None:
        try:
            head = ("redis", client.get(VERSION_KEY))
        except Exception:  # noqa: BLE001 - Redis away: the database head still says it
            log.warning("search: Redis unavailable for the catalogue version", exc_info=True)
    if head is None:
        head = ("db", pages_head())
    ix = get_index(app)
    state = ix.position() if ix.exists() else None
    return head, state.pages_position() if state is not None else None


def replica_lag(app=None) -> dict:
    """How far this node's index is behind the feed: ``{"applied_seq", "head_seq", "behind"
    (rows not applied yet), "seconds" (age of the oldest of them, 0 when none)}``."""
    app = app or current_app._get_current_object()
    with app.app_context():
        ix = get_index(app)
        state = ix.position() if ix.exists() else None
        seq = SearchChange.seq
        with db.engine.connect() as conn:
            head = int(conn.execute(select(func.max(seq))).scalar() or 0)
            where = seq > (state.high if state else 0)
            if state is not None and state.gaps:
                where = or_(where, *(seq.between(lo, hi) for lo, hi in state.gap_ranges()))
            behind, oldest = conn.execute(select(func.count(), func.min(SearchChange.created_at)).where(where)).one()
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=dt.timezone.utc)
    seconds = max(0.0, (utcnow() - oldest).total_seconds()) if behind and oldest is not None else 0.0
    return {"applied_seq": state.high if state else 0, "head_seq": head, "behind": int(behind),
            "seconds": round(seconds, 3)}


def prune_feed(keep_days: int = 7) -> int:
    """Delete feed rows older than ``keep_days`` days, always keeping the newest (so a node can
    tell how far behind it is); commits. A node whose position is older than what is left
    rebuilds its index. Returns the rows deleted. Needs an app context."""
    cutoff = utcnow() - dt.timedelta(days=keep_days)
    with committed():
        newest = db.session.scalar(select(func.max(SearchChange.seq)))
        if newest is None:
            return 0
        result = db.session.execute(
            delete(SearchChange).where(SearchChange.created_at < cutoff, SearchChange.seq < newest)
        )
    return int(result.rowcount or 0)
