"""Reference data the ODOP cell maintains: ODOP product categories and each district's product.

Only the ODOP cell (``admin``) edits these (they are state-wide facts); every change is audited.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.admin import audit
from marketplace.catalog.models import Category, District
from marketplace.errors import DomainError, NotFound, PermissionDenied
from marketplace.extensions import db
from marketplace.slugs import slugify
from marketplace.transaction import committed

CATEGORY_FIELDS = ("slug", "name_en", "name_hi")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ReferenceDataError(DomainError):
    code = "reference_invalid"


@dataclass(frozen=True)
class CategoryData:
    name_en: str
    name_hi: str
    slug: str = ""


def _require_cell(actor) -> None:
    if actor.role != Role.ADMIN:
        raise PermissionDenied()


def _validated(data: CategoryData, current_id: int | None = None) -> CategoryData:
    name_en, name_hi = " ".join(data.name_en.split()), " ".join(data.name_hi.split())
    if not name_en or not name_hi:
        raise ReferenceDataError(_l("Give the name in both English and Hindi."), code="name_missing")
    if len(name_en) > 120 or len(name_hi) > 120:
        raise ReferenceDataError(_l("The name is too long (at most 120 characters)."), code="name_too_long")
    slug = (data.slug or "").strip().lower() or slugify(name_en)
    if not _SLUG_RE.match(slug) or len(slug) > 80:
        raise ReferenceDataError(_l("The short name may contain only a–z, 0–9 and hyphens."), code="slug_invalid")
    clash = db.session.scalar(select(Category.id).where(
        (Category.slug == slug) | (func.lower(Category.name_en) == name_en.lower())))
    if clash is not None and clash != current_id:
        raise ReferenceDataError(_l("A category with this name already exists."), code="category_exists")
    return CategoryData(name_en, name_hi, slug)


def create_category(actor, data: CategoryData) -> Category:
    """A new ODOP product category (ODOP cell only); audited; commits.

    Raises :class:`PermissionDenied` for an officer, ``ReferenceDataError`` for a missing name in
    either language, a bad slug or a duplicate.
    """
    _require_cell(actor)
    clean = _validated(data)
    with committed():
        category = Category(slug=clean.slug, name_en=clean.name_en, name_hi=clean.name_hi)
        db.session.add(category)
        db.session.flush()
        audit.record(actor, "category.create", category, after=audit.snapshot(category, CATEGORY_FIELDS),
                     summary=clean.name_en)
    return category


def update_category(actor, category_id: int, data: CategoryData) -> Category:
    """Rename a category in either language (the slug stays unless given); audited; commits."""
    _require_cell(actor)
    category = db.session.get(Category, category_id)
    if category is None:
        raise NotFound()
    clean = _validated(CategoryData(data.name_en, data.name_hi, data.slug or category.slug), category.id)
    with committed():
        before = audit.snapshot(category, CATEGORY_FIELDS)
        category.slug, category.name_en, category.name_hi = clean.slug, clean.name_en, clean.name_hi
        audit.record(actor, "category.update", category, before=before,
                     after=audit.snapshot(category, CATEGORY_FIELDS), summary=clean.name_en)
    return category


def set_district_product(actor, district_id: int, category_id: int) -> District:
    """Change a district's ODOP product (ODOP cell only); audited; commits.

    Listings keep their category; whether a listing counts as ODOP (``Listing.is_odop``) follows
    the district's product from now on. Raises :class:`NotFound` for an unknown district or
    category.
    """
    _require_cell(actor)
    district = db.session.get(District, district_id)
    category = db.session.get(Category, category_id)
    if district is None or category is None:
        raise NotFound()
    if district.odop_category_id == category.id:
        return district
    with committed():
        before = audit.snapshot(district, ("odop_category_id",))
        district.odop_category_id = category.id
        audit.record(actor, "district.odop_product", district, district_id=district.id, before=before,
                     after=audit.snapshot(district, ("odop_category_id",)),
                     summary=f"{district.name_en}: {category.name_en}")
    return district


def districts_with_products() -> list[District]:
    """All districts with their division and ODOP product, by English name."""
    return list(db.session.scalars(select(District).order_by(District.name_en)))


def categories() -> list[Category]:
    """All categories, by English name."""
    return list(db.session.scalars(select(Category).order_by(Category.name_en)))
